/**
 * Issue 10 §7: `enroll` asked the CA for a certificate before it found out that the home was
 * read-only or full. The tests run as root, for whom a chmod'ed folder stays writable, so they use
 * what refuses root too: a file where a folder of the path must be, sysfs and procfs (where no
 * folder can be created), a read-only bind mount and a tiny tmpfs (where the machine allows
 * mounting; skipped, and shown as skipped, where it does not). A local
 * TCP server stands in for the CA and counts the connections it gets: there must be none.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseProfileText } from '../../src/config/load';
import type { Profile } from '../../src/config/resolve';
import { resolveProfile } from '../../src/config/resolve';
import { enrollAdmin } from '../../src/workflows/enroll';
import { tlsChainOf } from '../helpers/bundle-fixture';
import type { TestPki } from '../helpers/test-pki';
import { makeTestPki } from '../helpers/test-pki';
import { rejected } from '../helpers/thrown';

jest.setTimeout(90_000);

let pki: TestPki;
let work: string;
let ca: net.Server;
let caPort = 0;
let connections = 0;

/** A fresh folder with `mount <args(folder)>` on it, made when the module loads (undefined where mounting is not allowed). */
function mounted(name: string, args: (dir: string) => string[]): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fabkit-${name}-`));
  try {
    execFileSync('mount', args(dir), { stdio: 'ignore' });
    return dir;
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}
/** The folder bind-mounted read-only onto itself. */
const readOnly = mounted('ro-home', (dir) => ['--bind', '-o', 'ro', dir, dir]);
/** A file system without room for an MSP: a 16 KiB tmpfs. */
const full = mounted('full-home', (dir) => ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir]);
for (const [name, dir] of [
  ['read-only bind mount', readOnly],
  ['16 KiB tmpfs', full],
] as const) {
  if (dir === undefined) console.warn(`enroll-writable: skipping the ${name} case: this machine does not allow mount`);
}

beforeAll(async () => {
  pki = await makeTestPki();
  ca = net.createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => ca.listen(0, '127.0.0.1', resolve));
  caPort = (ca.address() as net.AddressInfo).port;
}, 60_000);
afterAll(async () => {
  pki?.cleanup();
  await new Promise((resolve) => ca.close(resolve));
  for (const dir of [readOnly, full]) {
    if (dir === undefined) continue;
    execFileSync('umount', [dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-enroll-writable-'));
  connections = 0;
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

/** A profile whose CA is the counting server, with the TLS chain at an absolute path and the admin MSP at `mspDir`. */
function profileWith(home: string, mspDir: string): Profile {
  const chain = path.join(work, 'tls-chain.pem');
  fs.writeFileSync(chain, tlsChainOf(pki));
  const yaml = `version: 1
network:
  id: n-ABCDEFGHIJKLMNOPQRSTUVWXYZ
  fabricVersion: "2.2"
  orderingServiceEndpoint: 127.0.0.1:7050
member:
  id: m-AAAAAAAAAAAAAAAAAAAAAAAAA1
  name: org1
  caEndpoint: 127.0.0.1:${caPort}
peers:
  - endpoint: 127.0.0.1:7051
tls:
  chainFile: ${chain}
paths:
  mspDir: ${mspDir}
`;
  return resolveProfile(parseProfileText(yaml, 'fabkit.yaml'), home);
}

async function refusedBeforeCa(profile: Profile, where: string): Promise<void> {
  const error = await rejected(enrollAdmin(profile, { password: 'Irrelevant1' }));
  expect(error.code).toBe('HOME_NOT_WRITABLE');
  expect(error.kind).toBe('usage');
  expect(error.message).toContain(where);
  expect(error.hint).toContain('CA');
  expect(connections).toBe(0);
}

describe('enroll checks that it can write the admin MSP before it asks the CA', () => {
  it('the counting CA sees a connection when the home is writable (the baseline)', async () => {
    const error = await rejected(enrollAdmin(profileWith(work, 'admin-msp'), { password: 'Irrelevant1' }));
    expect(error.code).not.toBe('HOME_NOT_WRITABLE');
    expect(connections).toBeGreaterThan(0);
    expect(fs.readdirSync(work)).toEqual(['tls-chain.pem']); // the write check leaves nothing behind
  });

  it('a file where the folder of the MSP must be (ENOTDIR)', async () => {
    fs.writeFileSync(path.join(work, 'blocker'), 'a file, not a folder\n');
    await refusedBeforeCa(profileWith(work, 'blocker/admin-msp'), path.join(work, 'blocker'));
  });

  it('a place where even root cannot create a folder: sysfs (EPERM)', async () => {
    await refusedBeforeCa(profileWith(work, '/sys/fabkit-test-home/admin-msp'), '/sys/fabkit-test-home');
  });

  it('a place where even root cannot create a folder: procfs (ENOENT; Node recursive mkdir would loop there)', async () => {
    await refusedBeforeCa(profileWith(work, '/proc/fabkit-test-home/admin-msp'), '/proc/fabkit-test-home');
  });

  (readOnly === undefined ? it.skip : it)(
    'a home on a read-only file system (EROFS, a read-only bind mount)',
    async () => {
      const home = readOnly ?? '';
      const profile = profileWith(home, path.join(home, 'admin-msp'));
      await refusedBeforeCa(profile, home);
      const error = await rejected(enrollAdmin(profile, { password: 'Irrelevant1' }));
      expect(error.message).toContain('read-only');
    },
  );

  (full === undefined ? it.skip : it)('a home on a full disk (ENOSPC, a 16 KiB tmpfs)', async () => {
    const home = full ?? '';
    const profile = profileWith(home, path.join(home, 'admin-msp'));
    await refusedBeforeCa(profile, home);
    const error = await rejected(enrollAdmin(profile, { password: 'Irrelevant1' }));
    expect(error.message).toContain('full disk');
    expect(fs.readdirSync(home)).toEqual([]);
  });
});
