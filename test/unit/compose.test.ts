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

  it('renders the version, home and chaincode mounts as the tutorial sets them', () => {
    const doc = yaml.load(
      renderComposeCli(template, { fabricVersion: '2.5.9', home: '/h', chaincodeDir: '/cc' }),
    ) as any;
    expect(doc.services.cli.image).toBe('hyperledger/fabric-tools:2.5.9');
    expect(doc.services.cli.container_name).toBe('cli');
    expect(doc.services.cli.volumes).toEqual([
      '/var/run:/host/var/run/',
      '/cc:/opt/gopath/src/github.com/',
      '/h:/opt/home',
    ]);
    expect(doc.services.cli.environment).toContain('CORE_PEER_ID=cli');
  });

  it('refuses values that would break the YAML', () => {
    expect(() => renderComposeCli(template, { ...COMPOSE_DEFAULTS, home: "/x'y" })).toThrow(
      'home must not contain quotes or newlines',
    );
  });
});
