import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FabkitError } from '../../src/errors';
import type { MspPlanEntry } from '../../src/msp/plan';
import { planMsp } from '../../src/msp/plan';
import { verifyMsp } from '../../src/msp/verify';
import { readMsp, writeMspAtomic } from '../../src/msp/write';
import type { TestPki } from '../helpers/test-pki';
import { makeTestPki } from '../helpers/test-pki';
import { rejected, thrown } from '../helpers/thrown';

let pki: TestPki;
let work: string;
beforeAll(async () => {
  pki = await makeTestPki();
}, 60_000);
afterAll(() => pki?.cleanup());
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-msp-write-'));
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(work, { recursive: true, force: true });
});

const adminPlan = (): MspPlanEntry[] =>
  planMsp({
    certPem: pki.admin.certPem,
    keyPem: pki.admin.keyPem,
    caCertsPem: [pki.rootCa.certPem],
    tlsCaCertsPem: [pki.otherRootCa.certPem],
    admin: true,
  });

/** Every file under dir, relative path → contents, to prove a folder was not touched. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    out[path.relative(dir, file)] = fs.readFileSync(file, 'utf8');
  }
  return out;
}

const mode = (p: string): number => fs.statSync(p).mode & 0o777;
const siblings = (): string[] => fs.readdirSync(work).sort();

function expectNoKey(error: FabkitError): void {
  const body = pki.admin.keyPem.split('\n').filter((l) => l.length > 0 && !l.startsWith('-----'));
  const text = JSON.stringify({ ...error.toJSON(), stack: error.stack });
  for (const line of body) expect(text).not.toContain(line);
}

describe('planMsp', () => {
  it('lays out a pre-NodeOU admin MSP with modes', () => {
    const plan = adminPlan();
    expect(plan.map((e) => [e.path, e.mode])).toEqual([
      ['signcerts/cert.pem', 0o644],
      ['keystore/priv_sk', 0o600],
      ['cacerts/ca-0.pem', 0o644],
      ['tlscacerts/tlsca-0.pem', 0o644],
      ['admincerts/cert.pem', 0o644],
    ]);
    expect(plan.find((e) => e.path === 'admincerts/cert.pem')?.contents).toBe(pki.admin.certPem);
    expect(plan.find((e) => e.path === 'keystore/priv_sk')?.contents).toBe(pki.admin.keyPem);
  });

  it('leaves out admincerts for a non-admin and splits CA bundles one file per certificate', () => {
    const plan = planMsp({
      certPem: pki.admin.certPem,
      keyPem: pki.admin.keyPem,
      caCertsPem: [pki.rootCa.certPem + pki.otherRootCa.certPem],
      admin: false,
    });
    expect(plan.map((e) => e.path)).toEqual([
      'signcerts/cert.pem',
      'keystore/priv_sk',
      'cacerts/ca-0.pem',
      'cacerts/ca-1.pem',
    ]);
  });

  it.each<[string, () => unknown, string]>([
    [
      'a certificate bundle as the signcert',
      () =>
        planMsp({
          certPem: pki.admin.certPem + pki.rootCa.certPem,
          keyPem: pki.admin.keyPem,
          caCertsPem: [pki.rootCa.certPem],
          admin: true,
        }),
      'CERT_NOT_SINGLE',
    ],
    [
      'no CA certificate',
      () => planMsp({ certPem: pki.admin.certPem, keyPem: pki.admin.keyPem, caCertsPem: [], admin: true }),
      'MSP_CACERTS_MISSING',
    ],
    [
      'junk as a CA certificate',
      () => planMsp({ certPem: pki.admin.certPem, keyPem: pki.admin.keyPem, caCertsPem: ['junk'], admin: true }),
      'PEM_JUNK',
    ],
    [
      'a key that is not PEM',
      () =>
        planMsp({
          certPem: pki.admin.certPem,
          keyPem: pki.admin.keyPem.replace(/-----[^\n]*-----/g, ''),
          caCertsPem: [pki.rootCa.certPem],
          admin: true,
        }),
      'MSP_KEY_INVALID',
    ],
    [
      'an encrypted key',
      () =>
        planMsp({
          certPem: pki.admin.certPem,
          keyPem: pki.admin.keyPem.replace(/PRIVATE KEY/g, 'ENCRYPTED PRIVATE KEY'),
          caCertsPem: [pki.rootCa.certPem],
          admin: true,
        }),
      'MSP_KEY_INVALID',
    ],
    [
      'a key in place of the certificate',
      () =>
        planMsp({ certPem: pki.admin.keyPem, keyPem: pki.admin.keyPem, caCertsPem: [pki.rootCa.certPem], admin: true }),
      'PEM_NOT_CERTIFICATE',
    ],
  ])('refuses %s', (_name, fn, code) => {
    const error = thrown(fn);
    expect(error.code).toBe(code);
    expect(error.kind).toBe('usage');
    expectNoKey(error);
  });
});

describe('writeMspAtomic', () => {
  it('writes a valid MSP with 0600 key, 0644 certs, 0700 directories, and no leftovers', async () => {
    const target = path.join(work, 'admin-msp');
    const result = await writeMspAtomic(target, adminPlan());
    expect(result.backup).toBeUndefined();
    expect(result.written).toEqual(adminPlan().map((e) => path.join(target, e.path)));
    expect(mode(path.join(target, 'keystore', 'priv_sk'))).toBe(0o600);
    expect(mode(path.join(target, 'signcerts', 'cert.pem'))).toBe(0o644);
    for (const dir of ['.', 'signcerts', 'keystore', 'cacerts', 'tlscacerts', 'admincerts'])
      expect(mode(path.join(target, dir))).toBe(0o700);
    expect(siblings()).toEqual(['admin-msp']);
    const report = await verifyMsp(target);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('sets exact modes whatever the umask', async () => {
    const old = process.umask(0o077);
    try {
      await writeMspAtomic(path.join(work, 'msp'), adminPlan());
    } finally {
      process.umask(old);
    }
    expect(mode(path.join(work, 'msp', 'cacerts', 'ca-0.pem'))).toBe(0o644);
  });

  it('creates missing parent folders', async () => {
    await writeMspAtomic(path.join(work, 'a', 'b', 'msp'), adminPlan());
    expect(fs.existsSync(path.join(work, 'a', 'b', 'msp', 'keystore', 'priv_sk'))).toBe(true);
  });

  it('refuses an existing target without force (MSP_EXISTS) and changes nothing', async () => {
    const target = path.join(work, 'msp');
    await writeMspAtomic(target, adminPlan());
    fs.writeFileSync(path.join(target, 'marker'), 'old');
    const before = snapshot(target);
    const other = planMsp({
      certPem: pki.foreign.certPem,
      keyPem: pki.foreign.keyPem,
      caCertsPem: [pki.otherRootCa.certPem],
      admin: true,
    });
    const error = await rejected(writeMspAtomic(target, other));
    expect(error.code).toBe('MSP_EXISTS');
    expect(error.kind).toBe('failure');
    expect(error.hint).toContain('--force');
    expect(snapshot(target)).toEqual(before);
    expect(siblings()).toEqual(['msp']);
  });

  it('refuses an existing empty folder or file too', async () => {
    fs.mkdirSync(path.join(work, 'empty'));
    fs.writeFileSync(path.join(work, 'file'), 'x');
    expect((await rejected(writeMspAtomic(path.join(work, 'empty'), adminPlan()))).code).toBe('MSP_EXISTS');
    expect((await rejected(writeMspAtomic(path.join(work, 'file'), adminPlan()))).code).toBe('MSP_EXISTS');
    expect(siblings()).toEqual(['empty', 'file']);
  });

  it('with force, keeps the old folder as <target>.bak-<suffix>', async () => {
    const target = path.join(work, 'msp');
    await writeMspAtomic(target, adminPlan());
    const before = snapshot(target);
    const other = planMsp({
      certPem: pki.foreign.certPem,
      keyPem: pki.foreign.keyPem,
      caCertsPem: [pki.otherRootCa.certPem],
      admin: false,
    });
    const result = await writeMspAtomic(target, other, { force: true, backupSuffix: () => 'T1' });
    expect(result.backup).toBe(`${target}.bak-T1`);
    expect(snapshot(`${target}.bak-T1`)).toEqual(before);
    expect(fs.readFileSync(path.join(target, 'signcerts', 'cert.pem'), 'utf8')).toBe(pki.foreign.certPem);
    expect(fs.existsSync(path.join(target, 'admincerts'))).toBe(false);
    expect(siblings()).toEqual(['msp', 'msp.bak-T1']);
  });

  it('with force, the default backup suffix is a timestamp', async () => {
    const target = path.join(work, 'msp');
    await writeMspAtomic(target, adminPlan());
    const result = await writeMspAtomic(target, adminPlan(), { force: true });
    expect(path.basename(result.backup ?? '')).toMatch(/^msp\.bak-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
  });

  it('never overwrites an existing backup (MSP_BACKUP_EXISTS)', async () => {
    const target = path.join(work, 'msp');
    await writeMspAtomic(target, adminPlan());
    fs.mkdirSync(`${target}.bak-T1`);
    const error = await rejected(writeMspAtomic(target, adminPlan(), { force: true, backupSuffix: () => 'T1' }));
    expect(error.code).toBe('MSP_BACKUP_EXISTS');
    expect(siblings()).toEqual(['msp', 'msp.bak-T1']);
  });

  it.each<[string, MspPlanEntry[]]>([
    ['parent escape', [{ path: '../escape.pem', contents: 'x', mode: 0o644 }]],
    ['absolute path', [{ path: '/tmp/abs.pem', contents: 'x', mode: 0o644 }]],
    ['empty segment', [{ path: 'signcerts//cert.pem', contents: 'x', mode: 0o644 }]],
    [
      'duplicate path',
      [
        { path: 'a.pem', contents: 'x', mode: 0o644 },
        { path: 'a.pem', contents: 'y', mode: 0o644 },
      ],
    ],
    ['bad mode', [{ path: 'a.pem', contents: 'x', mode: 0o1777 }]],
  ])('refuses a plan with a %s (MSP_PLAN_PATH_INVALID) before touching the disk', async (_name, plan) => {
    const error = await rejected(writeMspAtomic(path.join(work, 'msp'), plan));
    expect(error.code).toBe('MSP_PLAN_PATH_INVALID');
    expect(siblings()).toEqual([]);
  });

  it('a failure mid-write (file/folder collision) leaves neither a target nor a temp folder', async () => {
    const plan = [...adminPlan(), { path: 'signcerts/cert.pem/oops.pem', contents: 'x', mode: 0o644 }];
    const error = await rejected(writeMspAtomic(path.join(work, 'msp'), plan));
    expect(error.code).toBe('MSP_WRITE_FAILED');
    expect(error.kind).toBe('failure');
    expect(error.cause).toBeDefined();
    expectNoKey(error);
    expect(siblings()).toEqual([]);
  });

  it('a failure mid-write with force leaves the old target untouched and no backup', async () => {
    const target = path.join(work, 'msp');
    await writeMspAtomic(target, adminPlan());
    const before = snapshot(target);
    const plan = [...adminPlan(), { path: 'keystore/priv_sk/oops', contents: 'x', mode: 0o600 }];
    expect((await rejected(writeMspAtomic(target, plan, { force: true, backupSuffix: () => 'T1' }))).code).toBe(
      'MSP_WRITE_FAILED',
    );
    expect(snapshot(target)).toEqual(before);
    expect(siblings()).toEqual(['msp']);
  });

  it('restores the backup when moving the new folder into place fails', async () => {
    const target = path.join(work, 'msp');
    await writeMspAtomic(target, adminPlan());
    const before = snapshot(target);
    const realRename = fs.promises.rename;
    let calls = 0;
    jest.spyOn(fs.promises, 'rename').mockImplementation(async (from, to) => {
      calls += 1;
      if (calls === 2) throw Object.assign(new Error('simulated EXDEV'), { code: 'EXDEV', syscall: 'rename' });
      return realRename(from, to);
    });
    const error = await rejected(writeMspAtomic(target, adminPlan(), { force: true, backupSuffix: () => 'T1' }));
    expect(calls).toBe(3); // target → backup, tmp → target (fails), backup → target
    expect(error.code).toBe('MSP_WRITE_FAILED');
    expect(error.message).toContain('EXDEV');
    expect(snapshot(target)).toEqual(before);
    expect(siblings()).toEqual(['msp']);
  });

  it('reports MSP_RESTORE_FAILED, naming the backup, when even the restore fails', async () => {
    const target = path.join(work, 'msp');
    await writeMspAtomic(target, adminPlan());
    const realRename = fs.promises.rename;
    let calls = 0;
    jest.spyOn(fs.promises, 'rename').mockImplementation(async (from, to) => {
      calls += 1;
      if (calls >= 2) throw Object.assign(new Error('simulated EIO'), { code: 'EIO' });
      return realRename(from, to);
    });
    const error = await rejected(writeMspAtomic(target, adminPlan(), { force: true, backupSuffix: () => 'T1' }));
    expect(error.code).toBe('MSP_RESTORE_FAILED');
    expect(error.hint).toContain(`${target}.bak-T1`);
    expect(siblings()).toEqual(['msp.bak-T1']);
  });
});

describe('readMsp', () => {
  it('reads back what writeMspAtomic wrote, so planning again gives the same plan', async () => {
    const target = path.join(work, 'msp');
    await writeMspAtomic(target, adminPlan());
    const material = await readMsp(target);
    expect(material).toEqual({
      certPem: pki.admin.certPem,
      keyPem: pki.admin.keyPem,
      caCertsPem: [pki.rootCa.certPem],
      tlsCaCertsPem: [pki.otherRootCa.certPem],
      adminCertsPem: [pki.admin.certPem],
    });
    expect(planMsp({ ...material, admin: true })).toEqual(adminPlan());
  });

  it('gives empty lists for absent optional folders', async () => {
    const target = path.join(work, 'msp');
    await writeMspAtomic(
      target,
      planMsp({ certPem: pki.admin.certPem, keyPem: pki.admin.keyPem, caCertsPem: [pki.rootCa.certPem], admin: false }),
    );
    const material = await readMsp(target);
    expect(material.tlsCaCertsPem).toEqual([]);
    expect(material.adminCertsPem).toEqual([]);
  });

  it.each<[string, (dir: string) => void, string]>([
    ['a missing folder', (dir) => fs.rmSync(dir, { recursive: true }), 'MSP_DIR_MISSING'],
    [
      'a second key',
      (dir) => fs.writeFileSync(path.join(dir, 'keystore', 'other_sk'), pki.strayKeyPem),
      'MSP_KEY_MISSING',
    ],
    ['no signcert', (dir) => fs.rmSync(path.join(dir, 'signcerts'), { recursive: true }), 'MSP_SIGNCERT_MISSING'],
    ['no cacerts', (dir) => fs.rmSync(path.join(dir, 'cacerts'), { recursive: true }), 'MSP_CACERTS_MISSING'],
  ])('refuses %s', async (_name, damage, code) => {
    const target = path.join(work, 'msp');
    await writeMspAtomic(target, adminPlan());
    damage(target);
    const error = await rejected(readMsp(target));
    expect(error.code).toBe(code);
    expectNoKey(error);
  });
});
