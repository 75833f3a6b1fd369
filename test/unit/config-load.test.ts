import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { loadProfile, parseProfileText, resolveHome, saveProfile, serializeProfile } from '../../src/config/load';
import type { ProfileFile } from '../../src/config/schema';
import { profileFileSchema } from '../../src/config/schema';
import { FabkitError } from '../../src/errors';

const NETWORK_ID = 'n-ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const MEMBER_ID = 'm-J46DNSFRTVCCLONS3E5NRPXHGE';

const GOOD_YAML = `version: 1
network:
  id: ${NETWORK_ID}
  fabricVersion: "2.2"
  orderingServiceEndpoint: orderer.example.com:30001
member:
  id: ${MEMBER_ID}
  name: org1
  caEndpoint: ca.example.com:30002
peers:
  - endpoint: peer.example.com:30003
tls:
  chainFile: managedblockchain-tls-chain.pem
`;

function caught(fn: () => unknown): FabkitError {
  try {
    fn();
  } catch (error) {
    if (error instanceof FabkitError) return error;
    throw error;
  }
  throw new Error('expected a FabkitError');
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-config-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('resolveHome', () => {
  const cwd = '/work/somewhere';
  it.each([
    ['the flag wins over the environment', { home: '/opt/flag', env: { FABKIT_HOME: '/opt/env' } }, '/opt/flag'],
    [
      'a relative flag is taken from the current directory',
      { home: 'members/org1', env: { FABKIT_HOME: '/opt/env' } },
      '/work/somewhere/members/org1',
    ],
    ['then FABKIT_HOME', { env: { FABKIT_HOME: '/opt/env' } }, '/opt/env'],
    ['a relative FABKIT_HOME', { env: { FABKIT_HOME: 'h' } }, '/work/somewhere/h'],
    ['an empty FABKIT_HOME is ignored', { env: { FABKIT_HOME: '' } }, '/work/somewhere'],
    ['then the current directory', { env: {} }, '/work/somewhere'],
  ])('%s', (_name, opts, expected) => {
    expect(resolveHome({ ...opts, cwd })).toBe(expected);
  });

  it('refuses an empty --home', () => {
    const error = caught(() => resolveHome({ home: '', env: {}, cwd }));
    expect(error.code).toBe('INVALID_HOME');
    expect(error.kind).toBe('usage');
  });
});

describe('parseProfileText', () => {
  it('parses a valid profile, filling defaults', () => {
    const file = parseProfileText(GOOD_YAML, 'fabkit.yaml');
    expect(file.network.fabricVersion).toBe('2.2');
    expect(file.runtime.containerHome).toBe('/opt/home');
  });

  it('reports YAML syntax errors with the line', () => {
    const error = caught(() => parseProfileText('version: 1\nnetwork:\n  id: [unclosed\n', '/h/fabkit.yaml'));
    expect(error.code).toBe('PROFILE_INVALID');
    expect(error.kind).toBe('usage');
    expect(error.message).toMatch(/^Profile \/h\/fabkit\.yaml is not valid YAML: line \d+, column \d+: /);
    expect(error.details?.['line']).toEqual(expect.any(Number));
  });

  it('reports duplicate keys as a YAML error at their line', () => {
    const error = caught(() => parseProfileText('version: 1\nversion: 1\n', 'fabkit.yaml'));
    expect(error.message).toContain('line 2, column 1: duplicated mapping key');
  });

  it('lists every schema problem, one per line, with its path', () => {
    const text = GOOD_YAML.replace(MEMBER_ID, 'm-abc')
      .replace('peer.example.com:30003', 'peer.example.com')
      .replace('fabricVersion: "2.2"', 'fabricVersion: 2.2')
      .concat('colour: blue\n');
    const error = caught(() => parseProfileText(text, '/h/fabkit.yaml'));
    expect(error.code).toBe('PROFILE_INVALID');
    expect(error.kind).toBe('usage');
    expect(error.message).toBe(
      [
        'Profile /h/fabkit.yaml has 4 problems:',
        '  network.fabricVersion: the number 2.2 is not text: quote the version so YAML keeps it exactly, e.g. fabricVersion: "2.2"',
        '  member.id: "m-abc" is not a valid member ID: it must have exactly 26 uppercase letters or digits after "m-" (it has 3 characters there)',
        '  peers[0].endpoint: "peer.example.com" is not a valid endpoint: it must include a port, as host:port',
        '  colour: unknown key: the keys allowed here are version, target, network, member, peers, tls, paths, runtime, aws',
      ].join('\n'),
    );
    expect(error.hint).toContain('Fix the fields listed in /h/fabkit.yaml.');
    expect(error.hint).toContain('Append the port');
    expect((error.details?.['issues'] as unknown[]).length).toBe(4);
  });

  it('reports an empty file', () => {
    for (const text of ['', '# only a comment\n', '~\n']) {
      const error = caught(() => parseProfileText(text, '/h/fabkit.yaml'));
      expect([error.code, error.kind, error.message]).toEqual([
        'PROFILE_INVALID',
        'usage',
        'Profile /h/fabkit.yaml is empty',
      ]);
    }
  });

  it('reports a document that is not a mapping', () => {
    expect(caught(() => parseProfileText('- a\n- b\n', 'fabkit.yaml')).message).toBe(
      'Profile fabkit.yaml has 1 problem:\n  (top level): expected a mapping, got a list',
    );
  });
});

describe('loadProfile', () => {
  it('reads and resolves <home>/fabkit.yaml', () => {
    fs.writeFileSync(path.join(dir, 'fabkit.yaml'), GOOD_YAML);
    const loaded = loadProfile(dir);
    expect(loaded.path).toBe(path.join(dir, 'fabkit.yaml'));
    expect(loaded.profile.home).toBe(dir);
    expect(loaded.profile.tls.chainFile).toBe(path.join(dir, 'managedblockchain-tls-chain.pem'));
    expect(loaded.file.member.name).toBe('org1');
  });

  it('reports a missing profile as a usage error with an init hint', () => {
    const error = caught(() => loadProfile(dir));
    expect(error.code).toBe('PROFILE_NOT_FOUND');
    expect(error.kind).toBe('usage');
    expect(error.message).toBe(`No profile at ${path.join(dir, 'fabkit.yaml')}`);
    expect(error.hint).toContain(`fabkit init --home ${dir} …`);
  });
});

describe('saveProfile', () => {
  const file: ProfileFile = profileFileSchema.parse(yaml.load(GOOD_YAML));

  it('writes a profile that loads back to the same value', () => {
    const written = saveProfile(dir, file);
    expect(written).toBe(path.join(dir, 'fabkit.yaml'));
    expect(loadProfile(dir).file).toEqual(file);
    expect(fs.readdirSync(dir)).toEqual(['fabkit.yaml']); // no temporary file left behind
  });

  it('quotes the Fabric version so it stays text', () => {
    expect(serializeProfile(file)).toContain('fabricVersion: "2.2"');
    expect(serializeProfile(file).startsWith('# fabkit member profile')).toBe(true);
  });

  it('creates a missing home directory', () => {
    const home = path.join(dir, 'a', 'b');
    saveProfile(home, file);
    expect(fs.existsSync(path.join(home, 'fabkit.yaml'))).toBe(true);
  });

  it('refuses to overwrite an existing profile', () => {
    fs.writeFileSync(path.join(dir, 'fabkit.yaml'), 'hand-written\n');
    const error = caught(() => saveProfile(dir, file));
    expect(error.code).toBe('PROFILE_EXISTS');
    expect(error.kind).toBe('usage');
    expect(error.hint).toContain('--force');
    expect(fs.readFileSync(path.join(dir, 'fabkit.yaml'), 'utf8')).toBe('hand-written\n');
    expect(fs.readdirSync(dir)).toEqual(['fabkit.yaml']);
  });

  it('overwrites with force', () => {
    fs.writeFileSync(path.join(dir, 'fabkit.yaml'), 'hand-written\n');
    saveProfile(dir, file, { force: true });
    expect(loadProfile(dir).file).toEqual(file);
    expect(fs.readdirSync(dir)).toEqual(['fabkit.yaml']);
  });

  it('refuses to write an invalid profile and leaves nothing behind', () => {
    const bad = { ...file, member: { ...file.member, id: 'm-abc' } };
    const error = caught(() => saveProfile(dir, bad));
    expect(error.code).toBe('PROFILE_INVALID');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
