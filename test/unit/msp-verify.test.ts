import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MspReport, VerifyOptions } from '../../src/msp/verify';
import { verifyMsp } from '../../src/msp/verify';
import type { TestIdentity, TestPki } from '../helpers/test-pki';
import { ADMIN_ATTRS, makeTestPki } from '../helpers/test-pki';

let pki: TestPki;
let work: string;
beforeAll(async () => {
  pki = await makeTestPki();
}, 60_000);
afterAll(() => pki?.cleanup());
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-msp-verify-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

interface Layout {
  signcerts?: string[];
  keystore?: string[];
  cacerts?: string[];
  intermediatecerts?: string[];
  admincerts?: string[];
  config?: string;
  keyMode?: number;
}

/** Lays out an MSP folder by hand (independently of writeMspAtomic). */
function layMsp(layout: Layout): string {
  const dir = fs.mkdtempSync(path.join(work, 'msp-'));
  const put = (folder: string, texts: string[] | undefined, name: (i: number) => string, mode = 0o644): void => {
    if (texts === undefined) return;
    fs.mkdirSync(path.join(dir, folder), { mode: 0o700 });
    texts.forEach((text, i) => {
      const file = path.join(dir, folder, name(i));
      fs.writeFileSync(file, text);
      fs.chmodSync(file, mode);
    });
  };
  put('signcerts', layout.signcerts, (i) => (i === 0 ? 'cert.pem' : `cert-${i}.pem`));
  put('keystore', layout.keystore, (i) => `${i}abcdef_sk`, layout.keyMode ?? 0o600);
  put('cacerts', layout.cacerts, (i) => `ca-${i}.pem`);
  put('intermediatecerts', layout.intermediatecerts, (i) => `ica-${i}.pem`);
  put('admincerts', layout.admincerts, (i) => `admin-${i}.pem`);
  if (layout.config !== undefined) fs.writeFileSync(path.join(dir, 'config.yaml'), layout.config);
  return dir;
}

function validLayout(id: TestIdentity = pki.admin): Layout {
  return { signcerts: [id.certPem], keystore: [id.keyPem], cacerts: [pki.rootCa.certPem], admincerts: [id.certPem] };
}

const KEYS = (): string[] =>
  [pki.admin, pki.expired, pki.notYetValid, pki.expiring, pki.foreign, pki.viaIntermediate, pki.nestedAttrs]
    .map((i) => i.keyPem)
    .concat(pki.strayKeyPem);

/** No message, hint or anything else in the report may carry a private key (any line of its body). */
function expectNoKeyMaterial(report: MspReport): void {
  const text = JSON.stringify(report);
  for (const key of KEYS()) {
    for (const line of key.split('\n').filter((l) => l.length > 0 && !l.startsWith('-----')))
      expect(text).not.toContain(line);
  }
}

async function verify(layout: Layout, options: VerifyOptions = {}): Promise<MspReport> {
  const report = await verifyMsp(layMsp(layout), options);
  expectNoKeyMaterial(report);
  return report;
}

const failures = (report: MspReport): string[] => report.checks.filter((c) => !c.ok).map((c) => c.code);

const NODEOU_CONFIG = `NodeOUs:
  Enable: true
  ClientOUIdentifier:
    Certificate: cacerts/ca-0.pem
    OrganizationalUnitIdentifier: client
`;

describe('verifyMsp: a valid MSP', () => {
  it('passes every check and reports the identity', async () => {
    const report = await verify(validLayout());
    expect(failures(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.layout).toBe('pre-nodeou');
    expect(report.identity?.commonName).toBe('AdminUser');
    expect(report.identity?.attrs).toEqual(ADMIN_ATTRS);
    expect(report.checks.map((c) => c.id)).toEqual([
      'dir',
      'signcert',
      'key',
      'key-permissions',
      'key-match',
      'cacerts',
      'chain',
      'validity',
      'admincerts',
      'admincerts-match',
    ]);
    expect(report.checks.every((c) => c.code === 'OK' && c.hint === undefined)).toBe(true);
  });

  it('follows intermediatecerts/ to the root', async () => {
    const report = await verify({
      ...validLayout(pki.viaIntermediate),
      intermediatecerts: [pki.intermediateCa.certPem],
    });
    expect(failures(report)).toEqual([]);
  });

  it('accepts a root among several in cacerts/', async () => {
    expect(
      failures(await verify({ ...validLayout(), cacerts: [pki.otherRootCa.certPem, pki.rootCa.certPem] })),
    ).toEqual([]);
  });

  it('compares admincerts by DER, not by text (CRLF copy still matches)', async () => {
    const report = await verify({ ...validLayout(), admincerts: [pki.admin.certPem.replace(/\n/g, '\r\n')] });
    expect(failures(report)).toEqual([]);
  });

  it('does not require admincerts with NodeOUs enabled', async () => {
    // admin: false, since the NodeOU admin check (the cert's OU against AdminOUIdentifier) is tested in msp-nodeous.test.ts
    const report = await verify({ ...validLayout(), admincerts: undefined, config: NODEOU_CONFIG }, { admin: false });
    expect(report.layout).toBe('nodeou');
    expect(failures(report)).toEqual([]);
    expect(report.checks.some((c) => c.id.startsWith('admincerts'))).toBe(false);
  });

  it('with admin: false, only needs admincerts to exist', async () => {
    const report = await verify({ ...validLayout(), admincerts: [pki.rootCa.certPem] }, { admin: false });
    expect(failures(report)).toEqual([]);
  });
});

describe('verifyMsp: failures, each with its exact code', () => {
  it('MSP_DIR_MISSING', async () => {
    const report = await verifyMsp(path.join(work, 'nope'));
    expect(failures(report)).toEqual(['MSP_DIR_MISSING']);
    expect(report.ok).toBe(false);
  });

  it.each<[string, () => Layout, string[]]>([
    ['no signcerts/', () => ({ ...validLayout(), signcerts: undefined }), ['MSP_SIGNCERT_MISSING']],
    ['empty signcerts/', () => ({ ...validLayout(), signcerts: [] }), ['MSP_SIGNCERT_MISSING']],
    [
      'two signcerts',
      () => ({ ...validLayout(), signcerts: [pki.admin.certPem, pki.expired.certPem] }),
      ['MSP_SIGNCERT_MISSING'],
    ],
    ['junk in signcerts', () => ({ ...validLayout(), signcerts: ['hello'] }), ['MSP_FILE_INVALID']],
    ['no keystore/', () => ({ ...validLayout(), keystore: undefined }), ['MSP_KEY_MISSING']],
    ['two keys', () => ({ ...validLayout(), keystore: [pki.admin.keyPem, pki.strayKeyPem] }), ['MSP_KEY_MISSING']],
    ['a key that is not a key', () => ({ ...validLayout(), keystore: [pki.rootCa.certPem] }), ['MSP_KEY_INVALID']],
    ['a key of another identity', () => ({ ...validLayout(), keystore: [pki.strayKeyPem] }), ['MSP_KEY_MISMATCH']],
    ['no cacerts/', () => ({ ...validLayout(), cacerts: undefined }), ['MSP_CACERTS_MISSING']],
    ['empty cacerts/', () => ({ ...validLayout(), cacerts: [] }), ['MSP_CACERTS_MISSING']],
    [
      'junk in cacerts/',
      () => ({ ...validLayout(), cacerts: [`${pki.rootCa.certPem}junk`] }),
      ['MSP_FILE_INVALID', 'MSP_CACERTS_MISSING'],
    ],
    [
      'the wrong CA in cacerts/',
      () => ({ ...validLayout(), cacerts: [pki.otherRootCa.certPem] }),
      ['MSP_CHAIN_INVALID'],
    ],
    ['a leaf of another CA', () => validLayout(pki.foreign), ['MSP_CHAIN_INVALID']],
    ['an intermediate leaf without intermediatecerts/', () => validLayout(pki.viaIntermediate), ['MSP_CHAIN_INVALID']],
    [
      'the intermediate in cacerts/ of another root chain',
      () => ({
        ...validLayout(pki.viaIntermediate),
        cacerts: [pki.otherRootCa.certPem],
        intermediatecerts: [pki.intermediateCa.certPem],
      }),
      ['MSP_CHAIN_INVALID'],
    ],
    ['an expired cert', () => validLayout(pki.expired), ['MSP_CERT_EXPIRED']],
    ['a cert not yet valid', () => validLayout(pki.notYetValid), ['MSP_CERT_NOT_YET_VALID']],
    ['no admincerts/', () => ({ ...validLayout(), admincerts: undefined }), ['MSP_ADMINCERTS_MISSING']],
    ['empty admincerts/', () => ({ ...validLayout(), admincerts: [] }), ['MSP_ADMINCERTS_MISSING']],
    [
      'admincerts/ without the signcert',
      () => ({ ...validLayout(), admincerts: [pki.expired.certPem] }),
      ['MSP_ADMINCERTS_MISMATCH'],
    ],
    [
      'config.yaml with NodeOUs disabled and no admincerts/',
      () => ({ ...validLayout(), admincerts: undefined, config: 'NodeOUs:\n  Enable: false\n' }),
      ['MSP_ADMINCERTS_MISSING'],
    ],
    ['an unreadable config.yaml', () => ({ ...validLayout(), config: 'NodeOUs: [\n' }), ['MSP_CONFIG_INVALID']],
  ])('%s', async (_name, layout, expected) => {
    const report = await verify(layout());
    expect(failures(report)).toEqual(expected);
    expect(report.ok).toBe(false);
    for (const check of report.checks.filter((c) => !c.ok)) {
      expect(check.severity).toBe('error');
      expect(check.message.length).toBeGreaterThan(10);
      expect(check.hint).toBeTruthy();
    }
  });

  it('judges validity as of options.now', async () => {
    expect(failures(await verify(validLayout(), { now: new Date('2999-01-01T00:00:00Z') }))).toEqual([
      'MSP_CERT_EXPIRED',
    ]);
    expect(failures(await verify(validLayout(pki.expired), { now: new Date('2020-06-01T00:00:00Z') }))).toEqual([]);
  });
});

describe('verifyMsp: warnings (ok stays true)', () => {
  async function expectWarnings(report: MspReport, codes: string[]): Promise<void> {
    expect(failures(report)).toEqual(codes);
    expect(report.checks.filter((c) => !c.ok).every((c) => c.severity === 'warning')).toBe(true);
    expect(report.ok).toBe(true);
  }

  it('MSP_CERT_EXPIRING within the default 30 days', async () => {
    await expectWarnings(await verify(validLayout(pki.expiring)), ['MSP_CERT_EXPIRING']);
  });

  it('MSP_CERT_EXPIRING honours expiryWarningDays', async () => {
    await expectWarnings(await verify(validLayout(), { expiryWarningDays: 400 }), ['MSP_CERT_EXPIRING']);
    await expectWarnings(await verify(validLayout(pki.expiring), { expiryWarningDays: 5 }), []);
  });

  it('MSP_KEY_PERMISSIONS when the key is group or world readable', async () => {
    const report = await verify({ ...validLayout(), keyMode: 0o644 });
    await expectWarnings(report, ['MSP_KEY_PERMISSIONS']);
    expect(report.checks.find((c) => !c.ok)?.hint).toMatch(/^Run: chmod 600 \/.*keystore\/0abcdef_sk$/);
    await expectWarnings(await verify({ ...validLayout(), keyMode: 0o640 }), ['MSP_KEY_PERMISSIONS']);
    await expectWarnings(await verify({ ...validLayout(), keyMode: 0o400 }), []);
  });

  it('MSP_PEM_BUNDLE when a cacerts file holds more than one certificate', async () => {
    await expectWarnings(await verify({ ...validLayout(), cacerts: [pki.rootCa.certPem + pki.otherRootCa.certPem] }), [
      'MSP_PEM_BUNDLE',
    ]);
  });

  it('MSP_CERT_ATTRS_INVALID when the attribute extension is not the Fabric CA encoding', async () => {
    const report = await verify(validLayout(pki.nestedAttrs));
    await expectWarnings(report, ['MSP_CERT_ATTRS_INVALID']);
    expect(report.identity?.attrs).toEqual({});
  });
});

describe('verifyMsp: secrecy', () => {
  it('never puts key material in a report, even when the key sits in the wrong folder', async () => {
    const layouts: Layout[] = [
      { ...validLayout(), signcerts: [pki.admin.keyPem] },
      { ...validLayout(), cacerts: [pki.admin.keyPem] },
      { ...validLayout(), admincerts: [pki.admin.keyPem] },
      { ...validLayout(), keystore: [`${pki.admin.keyPem}junk`] },
      { ...validLayout(), keystore: [pki.strayKeyPem], keyMode: 0o666 },
      { ...validLayout(), keystore: [pki.admin.keyPem.replace('PRIVATE KEY', 'PRIVATE KEEY')] },
    ];
    for (const layout of layouts) {
      await verify(layout); // verify() asserts that no line of any key appears in the report
    }
  });
});
