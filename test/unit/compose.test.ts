import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { COMPOSE_DEFAULTS, renderComposeCli } from '../../src/runtime/compose';

const root = path.resolve(__dirname, '..', '..');
const template = fs.readFileSync(path.join(root, 'templates', 'docker-compose-cli.yaml'), 'utf8');

describe('docker-compose-cli.yaml', () => {
  it('the top-level file is the template rendered with the tutorial defaults', () => {
    expect(fs.readFileSync(path.join(root, 'docker-compose-cli.yaml'), 'utf8')).toBe(
      renderComposeCli(template, COMPOSE_DEFAULTS),
    );
  });

  it('renders the version, home and chaincode mounts as the tutorial sets them, and the user', () => {
    const doc = yaml.load(
      renderComposeCli(template, { fabricVersion: '2.5.9', home: '/h', chaincodeDir: '/cc', user: '1001:1002' }),
    ) as any;
    expect(doc.version).toBe('2.2'); // compose file format 2.2 is the first with `init`
    expect(doc.services.cli.image).toBe('hyperledger/fabric-tools:2.5.9');
    expect(doc.services.cli.container_name).toBe('cli');
    expect(doc.services.cli.volumes).toEqual(['/cc:/opt/gopath/src/github.com/', '/h:/opt/home']);
    expect(doc.services.cli.environment).toContain('CORE_PEER_ID=cli');
    expect(doc.services.cli.environment).not.toContain('CORE_VM_ENDPOINT=unix:///host/var/run/docker.sock');
    expect(doc.services.cli).toMatchObject({
      network_mode: 'host',
      init: true,
      stop_signal: 'SIGHUP',
      user: '1001:1002',
    });
  });

  it("the tutorial's file runs as ec2-user (1000:1000)", () => {
    expect((yaml.load(renderComposeCli(template, COMPOSE_DEFAULTS)) as any).services.cli.user).toBe('1000:1000');
  });

  it('refuses values that would break the YAML', () => {
    expect(() => renderComposeCli(template, { ...COMPOSE_DEFAULTS, home: "/x'y" })).toThrow(
      'home must not contain quotes or newlines',
    );
  });
});
