/**
 * Issue 10 §7: an interrupted enroll, member import or channel create left its temporary folder
 * behind (with a valid private key in it, for enroll), a re-run did not remove it, and doctor did
 * not mention it. These tests plant leftovers exactly as an interrupted run leaves them.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { importBundle } from '../../src/bundle/import';
import { planMsp } from '../../src/msp/plan';
import { createStagingDir, findLeftovers, parseStagingName, sweepLeftovers } from '../../src/staging';
import { writeMspAtomic } from '../../src/msp/write';
import { channelFiles } from '../../src/config/home-layout';
import { homeLeftovers, leftoversCheck } from '../../src/workflows/leftovers';
import type { MemberHome } from '../helpers/bundle-fixture';
import { contentOf, makeMemberHome, ORG1_ID, ORG2_ID, signedBundle, writeBundle } from '../helpers/bundle-fixture';
import type { TestPki } from '../helpers/test-pki';
import { makeTestPki } from '../helpers/test-pki';

let pki: TestPki;
let work: string;
beforeAll(async () => {
  pki = await makeTestPki();
}, 60_000);
afterAll(() => pki?.cleanup());
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-staging-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

/** The PID of a process that has exited (so nothing runs under it now). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  expect(child.pid).toBeGreaterThan(0);
  return child.pid;
}

/** What an enroll killed between writing the key and the rename leaves: a full MSP in a temporary folder. */
function plantMsp(dir: string): string {
  fs.mkdirSync(path.join(dir, 'keystore'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'signcerts'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'keystore', 'priv_sk'), pki.admin.keyPem, { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'signcerts', 'cert.pem'), pki.admin.certPem);
  return dir;
}

const adminPlan = () =>
  planMsp({ certPem: pki.admin.certPem, keyPem: pki.admin.keyPem, caCertsPem: [pki.rootCa.certPem], admin: true });

describe('staging folder names', () => {
  it.each([
    ['admin-msp.tmp-0123456789ab', { target: 'admin-msp', pid: undefined }],
    ['admin-msp.tmp-4242-0123456789ab', { target: 'admin-msp', pid: 4242 }],
    ['m-BBBBBBBBBBBBBBBBBBBBBBBBB2.tmp-7-ffffffffffff', { target: 'm-BBBBBBBBBBBBBBBBBBBBBBBBB2', pid: 7 }],
    ['.genesis.tmp-12-abcdefabcdef', { target: '.genesis', pid: 12 }],
  ])('%s is a staging folder', (name, parsed) => {
    expect(parseStagingName(name)).toEqual(parsed);
  });

  it.each([
    'admin-msp',
    'admin-msp.bak-2025-01-31T12-00-00-000Z',
    'admin-msp.tmp-0123456789AB',
    'admin-msp.tmp-0123456789a',
    'admin-msp.tmp-0123456789abc',
    'admin-msp.tmp-x-0123456789ab',
    'admin-msp.tmp-',
    '.tmp-0123456789ab',
    'notes.tmp',
  ])('%s is not', (name) => {
    expect(parseStagingName(name)).toBeUndefined();
  });

  it('createStagingDir makes a private (0700) folder named after the target and this process, even with umask 0', async () => {
    const old = process.umask(0);
    try {
      const dir = await createStagingDir(path.join(work, 'admin-msp'));
      expect(parseStagingName(path.basename(dir))).toEqual({ target: 'admin-msp', pid: process.pid });
      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    } finally {
      process.umask(old);
    }
  });
});

describe('findLeftovers / sweepLeftovers', () => {
  it("removes only fabkit's staging folders whose run is over, and nothing else", async () => {
    const legacy = plantMsp(path.join(work, 'admin-msp.tmp-0123456789ab'));
    const dead = plantMsp(path.join(work, `admin-msp.tmp-${deadPid()}-abcdefabcdef`));
    const mine = plantMsp(path.join(work, `admin-msp.tmp-${process.pid}-aaaaaaaaaaaa`)); // a run in progress
    const parent = plantMsp(path.join(work, `admin-msp.tmp-${process.ppid}-bbbbbbbbbbbb`)); // alive too
    const outside = plantMsp(fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-staging-outside-')));
    const keep = [
      'admin-msp',
      'admin-msp.bak-2025-01-31T12-00-00-000Z',
      'admin-msp.tmp-notours',
      'admin-msp.tmp-0123456789AB',
      'other.tmp-0123456789ab', // another target's
      'admin-msp.tmp-cccccccccccc', // a regular file, not a folder
      'admin-msp.tmp-dddddddddddd', // a symbolic link to a folder elsewhere
    ];
    for (const name of keep.slice(0, 5)) plantMsp(path.join(work, name));
    fs.writeFileSync(path.join(work, keep[5] ?? ''), 'a file');
    fs.symlinkSync(outside, path.join(work, keep[6] ?? ''));
    try {
      expect((await findLeftovers(work, { target: 'admin-msp' })).sort()).toEqual([dead, legacy].sort());
      expect((await sweepLeftovers(work, { target: 'admin-msp' })).sort()).toEqual([dead, legacy].sort());
      expect(fs.readdirSync(work).sort()).toEqual([...keep, path.basename(mine), path.basename(parent)].sort());
      expect(fs.readFileSync(path.join(outside, 'keystore', 'priv_sk'), 'utf8')).toBe(pki.admin.keyPem);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('without a target, finds every staging folder (for folders only fabkit writes); a missing folder has none', async () => {
    const a = plantMsp(path.join(work, 'm-AAAAAAAAAAAAAAAAAAAAAAAAA1.tmp-0123456789ab'));
    const b = plantMsp(path.join(work, `m-BBBBBBBBBBBBBBBBBBBBBBBBB2.tmp-${deadPid()}-0123456789ab`));
    expect((await findLeftovers(work)).sort()).toEqual([a, b].sort());
    expect(await findLeftovers(path.join(work, 'nope'))).toEqual([]);
    expect(await sweepLeftovers(path.join(work, 'nope'))).toEqual([]);
  });

  it("the channel scratch folders of earlier versions (.genesis-XXXXXX …) count only where asked (a channel's folder)", async () => {
    const old = path.join(work, '.genesis-AbC123');
    fs.mkdirSync(old);
    fs.mkdirSync(path.join(work, '.config-xyz'));
    expect(await findLeftovers(work)).toEqual([]);
    expect(await findLeftovers(work, { channelScratch: true })).toEqual([old]);
  });
});

describe('a re-run cleans up what an interrupted run left', () => {
  it('writeMspAtomic (enroll, register) removes the leftovers of its own target before it writes', async () => {
    const target = path.join(work, 'admin-msp');
    const leftover = plantMsp(path.join(work, 'admin-msp.tmp-0123456789ab'));
    const other = plantMsp(path.join(work, 'other-msp.tmp-0123456789ab'));
    await writeMspAtomic(target, adminPlan());
    expect(fs.existsSync(leftover)).toBe(false);
    expect(fs.existsSync(other)).toBe(true);
    expect(fs.readdirSync(work).sort()).toEqual(['admin-msp', 'other-msp.tmp-0123456789ab']);
  });

  it('member import removes the temporary folder an interrupted import of the same member left', async () => {
    const org1: MemberHome = await makeMemberHome(path.join(work, 'org1'), ORG1_ID, 'org1', pki);
    const members = org1.profile.paths.membersDir;
    const leftover = path.join(members, `${ORG2_ID}.tmp-${deadPid()}-0123456789ab`);
    fs.mkdirSync(path.join(leftover, 'msp', 'admincerts'), { recursive: true });
    fs.writeFileSync(path.join(leftover, 'msp', 'admincerts', 'admin-0.pem'), pki.admin.certPem);
    const bundle = writeBundle(work, signedBundle(contentOf(pki), pki.admin.keyPem));
    expect((await importBundle(org1.profile, bundle, { now: new Date(Date.now() + 1000) })).outcome).toBe('imported');
    expect(fs.readdirSync(members)).toEqual([ORG2_ID]);
  });

  it("a channel's scratch folders are staging folders (0700), so a later run can tell them from anything else", () => {
    const org1Home = path.join(work, 'home');
    const files = channelFiles(
      {
        paths: { artifactsDir: path.join(org1Home, 'channel-artifacts') },
      } as Parameters<typeof channelFiles>[0],
      'mychannel',
    );
    const scratch = files.scratch('genesis');
    expect(path.dirname(scratch)).toBe(files.dir);
    expect(parseStagingName(path.basename(scratch))).toEqual({ target: '.genesis', pid: process.pid });
    expect(fs.statSync(scratch).mode & 0o777).toBe(0o700);
  });
});

describe('doctor: homeLeftovers lists what interrupted runs left in the home', () => {
  it('finds leftovers of the admin MSP, imported members, registered users and channels, and nothing else', async () => {
    const { profile, home } = await makeMemberHome(path.join(work, 'org1'), ORG1_ID, 'org1', pki);
    expect(await homeLeftovers(profile)).toEqual([]);
    const planted = [
      plantMsp(path.join(home, 'admin-msp.tmp-0123456789ab')),
      plantMsp(path.join(profile.paths.membersDir, `${ORG2_ID}.tmp-0123456789ab`)),
      plantMsp(path.join(home, 'users', 'admin2', 'msp.tmp-0123456789ab')),
      plantMsp(path.join(profile.paths.artifactsDir, 'mychannel', '.genesis-AbC123')),
      plantMsp(path.join(profile.paths.artifactsDir, 'mychannel', `.config.tmp-${deadPid()}-0123456789ab`)),
    ];
    plantMsp(path.join(home, '.config-AbC123')); // the user's own folder in a real home: not fabkit's
    plantMsp(path.join(home, 'backup.tmp-0123456789ab')); // not a staging folder of anything fabkit writes there
    plantMsp(path.join(profile.paths.artifactsDir, 'mychannel', `.config.tmp-${process.pid}-0123456789ab`)); // running
    expect((await homeLeftovers(profile)).sort()).toEqual(planted.sort());
  });

  it('doctor reports them as a warning that names each folder and says how to remove them', async () => {
    const { profile, home } = await makeMemberHome(path.join(work, 'org1'), ORG1_ID, 'org1', pki);
    expect(await leftoversCheck(profile)).toMatchObject({ id: 'leftovers', status: 'pass' });
    const leftover = plantMsp(path.join(home, 'admin-msp.tmp-0123456789ab'));
    const check = await leftoversCheck(profile);
    expect(check).toMatchObject({ id: 'leftovers', status: 'warn' });
    expect(check.detail).toContain(leftover);
    expect(check.hint).toContain('fabkit enroll');
    expect(check.hint).toContain(`rm -r "${leftover}"`);
  });
});
