import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportBundle } from '../../src/bundle/export';
import { BUNDLE_FORMAT, canonicalJson, sha256Hex } from '../../src/bundle/format';
import type { MemberBundle } from '../../src/bundle/format';
import { importBundle } from '../../src/bundle/import';
import { listImportedMembers, readImportedMember } from '../../src/bundle/members';
import { describeBundleFile, describeImportedMember, describeOwnMember } from '../../src/bundle/show';
import { FabkitError } from '../../src/errors';
import { planMsp } from '../../src/msp/plan';
import { writeMspAtomic } from '../../src/msp/write';
import type { MemberHome } from '../helpers/bundle-fixture';
import { rejected } from '../helpers/thrown';
import { keyLines, makeMemberHome, ORG1_ID, ORG2_ID, snapshot, tlsChainOf } from '../helpers/bundle-fixture';
import type { TestPki } from '../helpers/test-pki';
import { makeTestPki } from '../helpers/test-pki';

let pki: TestPki;
let work: string;
let org1: MemberHome;
let org2: MemberHome;
/** Set after the test PKI exists: its roots are valid from the second they were made. */
let NOW: Date;

beforeAll(async () => {
  pki = await makeTestPki();
  NOW = new Date(Date.now() + 1000);
}, 60_000);
afterAll(() => pki?.cleanup());
beforeEach(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-bundle-export-'));
  org1 = await makeMemberHome(path.join(work, 'org1'), ORG1_ID, 'org1', pki);
  org2 = await makeMemberHome(path.join(work, 'org2'), ORG2_ID, 'org2', pki);
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

const readJson = (file: string): MemberBundle => JSON.parse(fs.readFileSync(file, 'utf8')) as MemberBundle;
const mode = (p: string): number => fs.statSync(p).mode & 0o777;
const fp = (pem: string): string => new X509Certificate(pem).fingerprint256;

function expectNoKey(text: string): void {
  for (const line of keyLines(pki.admin.keyPem)) expect(text).not.toContain(line);
  expect(text).not.toMatch(/PRIVATE KEY/);
}

describe('exportBundle', () => {
  it('writes one signed JSON file (0644) with the member, certificates, TLS root, peers and a manifest', async () => {
    const result = await exportBundle(org2.profile, { now: NOW });
    const file = path.join(org2.home, `member-bundle-${ORG2_ID}.json`);
    expect(result).toMatchObject({
      outcome: 'written',
      file,
      memberId: ORG2_ID,
      memberName: 'org2',
      createdAt: NOW.toISOString(),
    });
    expect(mode(file)).toBe(0o644);
    expect(fs.readdirSync(org2.home).filter((n) => n.includes('.tmp-'))).toEqual([]);

    const bundle = readJson(file);
    expect(Object.keys(bundle)).toEqual([
      'format',
      'memberId',
      'memberName',
      'fabricVersion',
      'createdAt',
      'peerEndpoints',
      'adminCerts',
      'caCerts',
      'tlsRootCerts',
      'manifest',
      'signature',
    ]);
    expect(bundle).toMatchObject({
      format: BUNDLE_FORMAT,
      memberId: ORG2_ID,
      memberName: 'org2',
      fabricVersion: '2.2',
      createdAt: NOW.toISOString(),
      peerEndpoints: ['peer1.org2.example.com:30003', 'peer2.org2.example.com:30003'],
    });
    expect(bundle.adminCerts.map(fp)).toEqual([fp(pki.admin.certPem)]);
    expect(bundle.caCerts.map(fp)).toEqual([fp(pki.rootCa.certPem)]);
    expect(bundle.tlsRootCerts.map(fp)).toEqual([fp(pki.otherRootCa.certPem), fp(pki.intermediateCa.certPem)]);
    expect(bundle.manifest).toMatchObject({
      format: BUNDLE_FORMAT,
      digestAlgorithm: 'sha-256',
      signer: 'adminCerts[0]',
    });
    expect(Object.keys(bundle.manifest.entries).sort()).toEqual([
      'adminCerts[0]',
      'caCerts[0]',
      'createdAt',
      'fabricVersion',
      'memberId',
      'memberName',
      'peerEndpoints[0]',
      'peerEndpoints[1]',
      'tlsRootCerts[0]',
      'tlsRootCerts[1]',
    ]);
    expect(bundle.manifest.entries['adminCerts[0]']).toBe(sha256Hex(bundle.adminCerts[0] ?? ''));
    expect(bundle.manifest.entries['memberId']).toBe(sha256Hex(ORG2_ID));
    expect(bundle.signature.algorithm).toBe('ecdsa-sha256');
    expect(Buffer.from(bundle.signature.value, 'base64').length).toBeGreaterThan(60);
    expect(result.fingerprints.adminCerts).toEqual([
      expect.objectContaining({ entry: 'adminCerts[0]', fingerprint: fp(pki.admin.certPem) }),
    ]);
  });

  it('never puts the private key in the bundle', async () => {
    const { file } = await exportBundle(org2.profile, { now: NOW });
    expectNoKey(fs.readFileSync(file, 'utf8'));
  });

  it('signs the canonical manifest with the admin key (node:crypto verify with the admin cert)', async () => {
    const { file } = await exportBundle(org2.profile, { now: NOW });
    const bundle = readJson(file);
    const { verify } = await import('node:crypto');
    const ok = verify(
      'sha256',
      Buffer.from(canonicalJson(bundle.manifest)),
      new X509Certificate(pki.admin.certPem).publicKey,
      Buffer.from(bundle.signature.value, 'base64'),
    );
    expect(ok).toBe(true);
  });

  it('writes to --out (creating its folder)', async () => {
    const out = path.join(work, 'outbox', 'org2.json');
    const result = await exportBundle(org2.profile, { out, now: NOW });
    expect(result.file).toBe(out);
    expect(readJson(out).memberId).toBe(ORG2_ID);
  });

  it('leaves an existing file with the same content alone (unchanged), even when exported later', async () => {
    const out = path.join(work, 'org2.json');
    await exportBundle(org2.profile, { out, now: NOW });
    const before = fs.readFileSync(out, 'utf8');
    const again = await exportBundle(org2.profile, { out, now: new Date(NOW.getTime() + 60_000) });
    expect(again.outcome).toBe('unchanged');
    expect(again.createdAt).toBe(NOW.toISOString());
    expect(fs.readFileSync(out, 'utf8')).toBe(before);
  });

  it('refuses to overwrite a different existing file unless force', async () => {
    const out = path.join(work, 'org2.json');
    fs.writeFileSync(out, 'something else\n');
    const error = await rejected(exportBundle(org2.profile, { out, now: NOW }));
    expect(error.code).toBe('BUNDLE_EXISTS');
    expect(error.kind).toBe('usage');
    expect(error.hint).toContain('--force');
    expect(fs.readFileSync(out, 'utf8')).toBe('something else\n');

    const forced = await exportBundle(org2.profile, { out, now: NOW, force: true });
    expect(forced.outcome).toBe('replaced');
    expect(readJson(out).memberId).toBe(ORG2_ID);
    expect(mode(out)).toBe(0o644);
  });

  it('treats a bundle of other content (another member) as different', async () => {
    const out = path.join(work, 'bundle.json');
    await exportBundle(org1.profile, { out, now: NOW });
    expect((await rejected(exportBundle(org2.profile, { out, now: NOW }))).code).toBe('BUNDLE_EXISTS');
  });

  it('refuses an MSP whose signing cert is not in admincerts/ (not an admin), writing nothing', async () => {
    fs.rmSync(path.join(org2.profile.paths.mspDir, 'admincerts'), { recursive: true });
    fs.mkdirSync(path.join(org2.profile.paths.mspDir, 'admincerts'));
    fs.writeFileSync(path.join(org2.profile.paths.mspDir, 'admincerts', 'other.pem'), pki.expiring.certPem);
    const error = await rejected(exportBundle(org2.profile, { now: NOW }));
    expect(error.code).toBe('BUNDLE_SIGNER_NOT_ADMIN');
    expect(fs.readdirSync(org2.home).filter((n) => n.endsWith('.json'))).toEqual([]);
  });

  it('refuses a key that does not match the signing certificate, without quoting the key', async () => {
    fs.writeFileSync(path.join(org2.profile.paths.mspDir, 'keystore', 'priv_sk'), pki.strayKeyPem);
    const error = await rejected(exportBundle(org2.profile, { now: NOW }));
    expect(error.code).toBe('BUNDLE_KEY_MISMATCH');
    const text = JSON.stringify({ ...error.toJSON(), stack: error.stack });
    for (const line of keyLines(pki.strayKeyPem)) expect(text).not.toContain(line);
  });

  it('refuses a missing TLS chain file', async () => {
    fs.rmSync(org2.profile.tls.chainFile);
    expect((await rejected(exportBundle(org2.profile, { now: NOW }))).code).toBe('BUNDLE_TLS_ROOT_MISSING');
  });

  it('refuses to export what the importer would refuse (an expired admin cert), writing nothing', async () => {
    const msp = org2.profile.paths.mspDir;
    await writeMspAtomic(
      msp,
      planMsp({
        certPem: pki.expired.certPem,
        keyPem: pki.expired.keyPem,
        caCertsPem: [pki.rootCa.certPem],
        admin: true,
      }),
      { force: true },
    );
    const error = await rejected(exportBundle(org2.profile, { now: NOW }));
    expect(error).toBeInstanceOf(FabkitError);
    expect(error.code).toBe('BUNDLE_CERT_EXPIRED');
    expect(error.message).toContain(`Cannot export the member bundle of ${msp}: adminCerts[0]`);
    expect(error.message).toContain('2021-01-01T00:00:00.000Z');
    expect(fs.readdirSync(org2.home).filter((n) => n.endsWith('.json'))).toEqual([]);
  });
});

describe('export → import round trip', () => {
  it('writes msp/{admincerts,cacerts,tlscacerts}, tls-root.pem and member.json under members/<memberId>', async () => {
    const { file } = await exportBundle(org2.profile, { now: NOW });
    const importedAt = new Date(NOW.getTime() + 1000);
    const result = await importBundle(org1.profile, file, { now: importedAt });
    const memberDir = path.join(org1.home, 'members', ORG2_ID);
    expect(result).toMatchObject({
      outcome: 'imported',
      memberId: ORG2_ID,
      name: 'org2',
      memberDir,
      mspDir: path.join(memberDir, 'msp'),
      memberFile: path.join(memberDir, 'member.json'),
      tlsRootFile: path.join(memberDir, 'tls-root.pem'),
      peerEndpoints: ['peer1.org2.example.com:30003', 'peer2.org2.example.com:30003'],
      fabricVersion: '2.2',
      importedAt: importedAt.toISOString(),
      memberCheck: 'not-checked',
    });
    expect(Object.keys(snapshot(memberDir)).sort()).toEqual([
      'member.json',
      'msp',
      'msp/admincerts',
      'msp/admincerts/admin-0.pem',
      'msp/cacerts',
      'msp/cacerts/ca-0.pem',
      'msp/tlscacerts',
      'msp/tlscacerts/tlsca-0.pem',
      'msp/tlscacerts/tlsca-1.pem',
      'tls-root.pem',
    ]);
    const read = (p: string): string => fs.readFileSync(path.join(memberDir, p), 'utf8');
    expect(fp(read('msp/admincerts/admin-0.pem'))).toBe(fp(pki.admin.certPem));
    expect(fp(read('msp/cacerts/ca-0.pem'))).toBe(fp(pki.rootCa.certPem));
    expect(fp(read('msp/tlscacerts/tlsca-0.pem'))).toBe(fp(pki.otherRootCa.certPem));
    expect(fp(read('msp/tlscacerts/tlsca-1.pem'))).toBe(fp(pki.intermediateCa.certPem));
    expect(read('tls-root.pem').replace(/\r\n/g, '\n')).toBe(tlsChainOf(pki).replace(/\r\n/g, '\n'));
    expect(mode(path.join(memberDir, 'member.json'))).toBe(0o644);
    expect(mode(path.join(memberDir, 'msp/admincerts/admin-0.pem'))).toBe(0o644);

    const record = JSON.parse(read('member.json')) as Record<string, unknown>;
    expect(record).toEqual({
      memberId: ORG2_ID,
      name: 'org2',
      peerEndpoints: ['peer1.org2.example.com:30003', 'peer2.org2.example.com:30003'],
      fabricVersion: '2.2',
      importedAt: importedAt.toISOString(),
      bundleCreatedAt: NOW.toISOString(),
      manifestDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      fingerprints: {
        adminCerts: [fp(pki.admin.certPem)],
        caCerts: [fp(pki.rootCa.certPem)],
        tlsRootCerts: [fp(pki.otherRootCa.certPem), fp(pki.intermediateCa.certPem)],
      },
    });
    expect(fs.readdirSync(path.join(org1.home, 'members'))).toEqual([ORG2_ID]);
  });

  it('re-importing the identical bundle is already-imported and changes nothing', async () => {
    const { file } = await exportBundle(org2.profile, { now: NOW });
    await importBundle(org1.profile, file, { now: NOW });
    const members = path.join(org1.home, 'members');
    const before = snapshot(members);
    const again = await importBundle(org1.profile, file, { now: new Date(NOW.getTime() + 5000) });
    expect(again.outcome).toBe('already-imported');
    expect(again.importedAt).toBe(NOW.toISOString());
    expect(snapshot(members)).toEqual(before);
  });

  it('readImportedMember and listImportedMembers return what was imported', async () => {
    const { file } = await exportBundle(org2.profile, { now: NOW });
    await importBundle(org1.profile, file, { now: NOW });
    const memberDir = path.join(org1.home, 'members', ORG2_ID);
    const member = await readImportedMember(org1.profile, ORG2_ID);
    expect(member).toMatchObject({
      memberId: ORG2_ID,
      name: 'org2',
      memberDir,
      mspDir: path.join(memberDir, 'msp'),
      tlsRootFile: path.join(memberDir, 'tls-root.pem'),
      peerEndpoints: ['peer1.org2.example.com:30003', 'peer2.org2.example.com:30003'],
      fabricVersion: '2.2',
    });
    expect(path.isAbsolute(member.mspDir)).toBe(true);
    fs.mkdirSync(path.join(org1.home, 'members', ORG1_ID.replace('A1', 'C3'), 'msp'), { recursive: true }); // made by hand: no member.json
    fs.mkdirSync(path.join(org1.home, 'members', `${ORG2_ID}.bak-2020-01-01T00-00-00-000Z`));
    expect(await listImportedMembers(org1.profile)).toEqual([member]);
    expect(await listImportedMembers(org2.profile)).toEqual([]);
  });

  it('shows the same fingerprints on both sides: own MSP, bundle file and imported folder', async () => {
    const { file, fingerprints } = await exportBundle(org2.profile, { now: NOW });
    await importBundle(org1.profile, file, { now: NOW });
    const own = await describeOwnMember(org2.profile);
    const fromBundle = await describeBundleFile(file, { now: NOW });
    const imported = await describeImportedMember(org1.profile, ORG2_ID);
    const fps = (d: {
      adminCerts: { fingerprint: string }[];
      caCerts: { fingerprint: string }[];
      tlsRootCerts: { fingerprint: string }[];
    }): string[][] => [d.adminCerts, d.caCerts, d.tlsRootCerts].map((l) => l.map((c) => c.fingerprint));
    expect(fps(own)).toEqual(fps(fingerprints));
    expect(fps(fromBundle)).toEqual(fps(fingerprints));
    expect(fps(imported)).toEqual(fps(fingerprints));
    expect(own.adminCerts[0]?.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(fromBundle).toMatchObject({ source: 'bundle', memberId: ORG2_ID, name: 'org2' });
    expect(imported).toMatchObject({ source: 'imported', memberId: ORG2_ID, createdAt: NOW.toISOString() });
    expect(own).toMatchObject({ source: 'own', memberId: ORG2_ID, location: org2.profile.paths.mspDir });
  });
});
