// The chaincode folder the Fabric tools read: a folder outside the home is copied under it for the docker runtime.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveProfile } from '../../src/config/resolve';
import { profileFileSchema } from '../../src/config/schema';
import { sourceForTools, stagedSourceDir } from '../../src/workflows/chaincode/staged-source';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-staged-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function profileOf(kind: 'local' | 'docker') {
  const file = profileFileSchema.parse({
    version: 1,
    network: {
      id: 'n-ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      fabricVersion: '2.5.9',
      orderingServiceEndpoint: 'o.example.com:30001',
    },
    member: { id: 'm-J46DNSFRTVCCLONS3E5NRPXHGE', name: 'org1', caEndpoint: 'ca.example.com:30002' },
    peers: [{ endpoint: 'p.example.com:30003' }],
    tls: { chainFile: 'chain.pem' },
    runtime: { kind },
  });
  return resolveProfile(file, path.join(work, 'home'));
}

const outside = path.join(work, 'src', 'example02');
fs.mkdirSync(path.join(outside, 'lib'), { recursive: true });
fs.writeFileSync(path.join(outside, 'package.json'), '{"name":"example02"}');
fs.writeFileSync(path.join(outside, 'lib', 'cc.js'), 'v1');

describe('sourceForTools', () => {
  it('the local runtime reads the folder where it is', () => {
    expect(sourceForTools(profileOf('local'), outside)).toBe(outside);
    expect(fs.existsSync(path.join(work, 'home', 'channel-artifacts'))).toBe(false);
  });

  it('the docker runtime reads a folder under the home through the home mount, without a copy', () => {
    const inside = path.join(work, 'home', 'chaincode', 'cc');
    fs.mkdirSync(inside, { recursive: true });
    expect(sourceForTools(profileOf('docker'), inside)).toBe('/opt/home/chaincode/cc');
    expect(fs.existsSync(path.join(work, 'home', 'channel-artifacts'))).toBe(false);
  });

  it('the docker runtime reads a fresh copy of a folder outside the home, kept in the same place each time', () => {
    const profile = profileOf('docker');
    const staged = stagedSourceDir(profile, outside);
    expect(path.dirname(staged)).toBe(path.join(work, 'home', 'channel-artifacts', '.chaincode-src'));
    expect(path.basename(staged)).toMatch(/^example02-[0-9a-f]{12}$/);
    expect(sourceForTools(profile, outside)).toBe(
      `/opt/home/channel-artifacts/.chaincode-src/${path.basename(staged)}`,
    );
    expect(fs.readFileSync(path.join(staged, 'lib', 'cc.js'), 'utf8')).toBe('v1');
    fs.writeFileSync(path.join(outside, 'lib', 'cc.js'), 'v2');
    fs.writeFileSync(path.join(staged, 'stale.js'), 'left from before');
    sourceForTools(profile, outside);
    expect(fs.readFileSync(path.join(staged, 'lib', 'cc.js'), 'utf8')).toBe('v2');
    expect(fs.existsSync(path.join(staged, 'stale.js'))).toBe(false);
  });
});
