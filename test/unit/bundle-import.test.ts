import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportBundle } from '../../src/bundle/export';
import type { MemberBundle } from '../../src/bundle/format';
import { serializeBundle, sha256Hex } from '../../src/bundle/format';
import { importBundle } from '../../src/bundle/import';
import { listImportedMembers, readImportedMember } from '../../src/bundle/members';
import { MAX_BUNDLE_BYTES } from '../../src/bundle/parse';
import type { MemberHome } from '../helpers/bundle-fixture';
import { rejected } from '../helpers/thrown';
import {
  contentOf,
  keyLines,
  makeMemberHome,
  ORG1_ID,
  ORG2_ID,
  signedBundle,
  snapshot,
  writeBundle,
} from '../helpers/bundle-fixture';
import type { TestPki } from '../helpers/test-pki';
import { makeTestPki } from '../helpers/test-pki';

let pki: TestPki;
let work: string;
let org1: MemberHome;
let org2: MemberHome;
let membersDir: string;
/** Set after the test PKI exists: its roots are valid from the second they were made. */
let NOW: Date;
const YEAR = 365 * 24 * 60 * 60 * 1000;

beforeAll(async () => {
  pki = await makeTestPki();
  NOW = new Date(Date.now() + 1000);
}, 60_000);
afterAll(() => pki?.cleanup());
beforeEach(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-bundle-import-'));
  org1 = await makeMemberHome(path.join(work, 'org1'), ORG1_ID, 'org1', pki);
  org2 = await makeMemberHome(path.join(work, 'org2'), ORG2_ID, 'org2', pki);
  membersDir = org1.profile.paths.membersDir;
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

/** Exports org2's real bundle and returns its path and text. */
async function exported(): Promise<{ file: string; text: string }> {
  const { file } = await exportBundle(org2.profile, { out: path.join(work, 'org2-bundle.json'), now: NOW });
  return { file, text: fs.readFileSync(file, 'utf8') };
}

function writeText(text: string, name = 'edited.json'): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  return file;
}

/** Replaces the one character at `index` with another character of the same class (a base64 letter stays a base64 letter). */
function flipByte(text: string, index: number): string {
  const c = text.charAt(index);
  const replacement = c === 'A' ? 'B' : c === 'a' ? 'b' : c === '2' ? '3' : 'A';
  expect(replacement).not.toBe(c);
  return `${text.slice(0, index)}${replacement}${text.slice(index + 1)}`;
}

/** Index of a character inside the base64 body of the first certificate after `"<key>"`. */
function certBodyIndex(text: string, key: string): number {
  const at = text.indexOf('-----BEGIN CERTIFICATE-----', text.indexOf(`"${key}"`));
  expect(at).toBeGreaterThan(0);
  return at + '-----BEGIN CERTIFICATE-----\\n'.length + 40;
}

/**
 * Imports `file`, expecting a refusal that wrote nothing and leaked no key. A refusal decided by
 * the file is bad input: a usage error (exit 2); only the network's answer about the member is not.
 */
async function refused(
  file: string,
  options: Parameters<typeof importBundle>[2] = {},
  kind: 'usage' | 'failure' = 'usage',
): Promise<ReturnType<typeof rejected> extends Promise<infer E> ? E : never> {
  const error = await rejected(importBundle(org1.profile, file, { now: NOW, ...options }));
  expect({ code: error.code, kind: error.kind }).toEqual({ code: error.code, kind });
  expect(snapshot(membersDir)).toEqual({}); // nothing written, not even the members folder
  const text = JSON.stringify({ ...error.toJSON(), stack: error.stack });
  for (const line of keyLines(pki.admin.keyPem)) expect(text).not.toContain(line);
  return error;
}

describe('importBundle: a valid hand-made bundle', () => {
  it('is imported (the baseline of the refusals below)', async () => {
    const file = writeBundle(work, signedBundle(contentOf(pki), pki.admin.keyPem));
    expect((await importBundle(org1.profile, file, { now: NOW })).outcome).toBe('imported');
  });
});

describe('importBundle: integrity', () => {
  it.each(['adminCerts', 'caCerts', 'tlsRootCerts'])(
    'one byte changed in a %s certificate → BUNDLE_TAMPERED naming the entry',
    async (list) => {
      const { text } = await exported();
      const error = await refused(writeText(flipByte(text, certBodyIndex(text, list))));
      expect(error.code).toBe('BUNDLE_TAMPERED');
      expect(error.details?.['entry']).toBe(`${list}[0]`);
      expect(error.message).toContain(`entry ${list}[0] does not match its SHA-256 digest in the manifest`);
    },
  );

  it('one byte changed in the signature → BUNDLE_BAD_SIGNATURE', async () => {
    const { text } = await exported();
    const at = text.indexOf('"value": "') + '"value": "'.length + 20;
    const error = await refused(writeText(flipByte(text, at)));
    expect(error.code).toBe('BUNDLE_BAD_SIGNATURE');
    expect(error.message).toContain('does not verify with the public key of adminCerts[0]');
  });

  it('the last signature character changed (base64 padding bits) → BUNDLE_BAD_SIGNATURE', async () => {
    const { text } = await exported();
    const bundle = JSON.parse(text) as MemberBundle;
    const value = bundle.signature.value.replace(/=+$/, '');
    const last = value.slice(-1) === 'A' ? 'B' : 'A';
    const edited = {
      ...bundle,
      signature: { ...bundle.signature, value: bundle.signature.value.replace(value, value.slice(0, -1) + last) },
    };
    expect((await refused(writeText(serializeBundle(edited)))).code).toBe('BUNDLE_BAD_SIGNATURE');
  });

  it('a changed member name → BUNDLE_TAMPERED naming memberName', async () => {
    const { text } = await exported();
    const error = await refused(writeText(text.replace('"memberName": "org2"', '"memberName": "org3"')));
    expect(error.code).toBe('BUNDLE_TAMPERED');
    expect(error.details?.['entry']).toBe('memberName');
  });

  it('a changed entry with its digest updated in the manifest → BUNDLE_BAD_SIGNATURE', async () => {
    const { text } = await exported();
    const bundle = JSON.parse(text) as MemberBundle;
    const endpoint = 'evil.example.com:30003';
    const edited: MemberBundle = {
      ...bundle,
      peerEndpoints: [endpoint, ...bundle.peerEndpoints.slice(1)],
      manifest: {
        ...bundle.manifest,
        entries: { ...bundle.manifest.entries, 'peerEndpoints[0]': sha256Hex(endpoint) },
      },
    };
    expect((await refused(writeText(serializeBundle(edited)))).code).toBe('BUNDLE_BAD_SIGNATURE');
  });

  it('an added peer endpoint (not in the manifest) → BUNDLE_TAMPERED', async () => {
    const { text } = await exported();
    const bundle = JSON.parse(text) as MemberBundle;
    const error = await refused(
      writeText(serializeBundle({ ...bundle, peerEndpoints: [...bundle.peerEndpoints, 'evil.example.com:30003'] })),
    );
    expect(error.code).toBe('BUNDLE_TAMPERED');
    expect(error.message).toContain('entry peerEndpoints[2] is not listed in the manifest');
  });

  it('a removed TLS root certificate → BUNDLE_TAMPERED', async () => {
    const { text } = await exported();
    const bundle = JSON.parse(text) as MemberBundle;
    const error = await refused(
      writeText(serializeBundle({ ...bundle, tlsRootCerts: bundle.tlsRootCerts.slice(0, 1) })),
    );
    expect(error.code).toBe('BUNDLE_TAMPERED');
    expect(error.message).toContain('entry tlsRootCerts[1] is listed in the manifest but missing from the bundle');
  });

  it('signed by a different key → BUNDLE_BAD_SIGNATURE', async () => {
    const error = await refused(writeBundle(work, signedBundle(contentOf(pki), pki.strayKeyPem)));
    expect(error.code).toBe('BUNDLE_BAD_SIGNATURE');
  });

  it('a signer that is not an adminCerts entry → BUNDLE_BAD_SIGNATURE', async () => {
    const bundle = signedBundle(contentOf(pki), pki.admin.keyPem);
    const error = await refused(
      writeBundle(work, { ...bundle, manifest: { ...bundle.manifest, signer: 'caCerts[0]' } }),
    );
    expect(error.code).toBe('BUNDLE_BAD_SIGNATURE');
  });
});

describe('importBundle: certificates', () => {
  it("admin cert not issued by the bundle's CA → BUNDLE_CHAIN_INVALID", async () => {
    const bundle = signedBundle(contentOf(pki, { adminCerts: [pki.foreign.certPem] }), pki.foreign.keyPem);
    const error = await refused(writeBundle(work, bundle));
    expect(error.code).toBe('BUNDLE_CHAIN_INVALID');
    expect(error.message).toContain('adminCerts[0]');
    expect(error.message).toContain('test-pki-other-root');
  });

  it('a CA certificate that is not a CA → BUNDLE_CA_INVALID', async () => {
    const bundle = signedBundle(contentOf(pki, { caCerts: [pki.expiring.certPem] }), pki.admin.keyPem);
    expect((await refused(writeBundle(work, bundle))).code).toBe('BUNDLE_CA_INVALID');
  });

  it('the exported bundle imported two years later → BUNDLE_CERT_EXPIRED naming the cert and its notAfter', async () => {
    const { file } = await exported();
    const error = await refused(file, { now: new Date(NOW.getTime() + 2 * YEAR) });
    expect(error.code).toBe('BUNDLE_CERT_EXPIRED');
    expect(error.details?.['entry']).toBe('adminCerts[0]');
    expect(error.message).toMatch(/adminCerts\[0\] \(".*CN=AdminUser"\) expired on \d{4}-\d\d-\d\dT/);
    expect(error.message).toContain(String(error.details?.['notAfter']));
  });

  it('an expired admin cert → BUNDLE_CERT_EXPIRED', async () => {
    const bundle = signedBundle(contentOf(pki, { adminCerts: [pki.expired.certPem] }), pki.expired.keyPem);
    const error = await refused(writeBundle(work, bundle));
    expect(error.code).toBe('BUNDLE_CERT_EXPIRED');
    expect(error.message).toMatch(
      /adminCerts\[0\] \("C=US, O=Test PKI, [^"]*CN=Expired"\) expired on 2021-01-01T00:00:00\.000Z/,
    );
    expect(error.details).toMatchObject({ entry: 'adminCerts[0]', notAfter: '2021-01-01T00:00:00.000Z' });
  });

  it('a not yet valid admin cert → BUNDLE_CERT_NOT_YET_VALID', async () => {
    const bundle = signedBundle(contentOf(pki, { adminCerts: [pki.notYetValid.certPem] }), pki.notYetValid.keyPem);
    expect((await refused(writeBundle(work, bundle))).code).toBe('BUNDLE_CERT_NOT_YET_VALID');
  });

  it('a certificate entry that is not a certificate → BUNDLE_CERT_INVALID', async () => {
    const bundle = signedBundle(contentOf(pki, { tlsRootCerts: ['not a certificate'] }), pki.admin.keyPem);
    expect((await refused(writeBundle(work, bundle))).code).toBe('BUNDLE_CERT_INVALID');
  });
});

describe('importBundle: unreadable files', () => {
  it.each([0.1, 0.5, 0.9, 0.999])('a file cut at %f of its length → BUNDLE_TRUNCATED', async (fraction) => {
    const { text } = await exported();
    const error = await refused(writeText(text.slice(0, Math.floor(text.length * fraction))));
    expect(error.code).toBe('BUNDLE_TRUNCATED');
    expect(error.kind).toBe('usage');
  });

  it('an empty file → BUNDLE_TRUNCATED', async () => {
    expect((await refused(writeText(''))).code).toBe('BUNDLE_TRUNCATED');
  });

  it.each([
    ['not JSON', 'hello world\n', /not valid JSON/],
    ['a PEM file', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', /PEM file/],
    ['a JSON list', '[1, 2]\n', /not an object/],
    ['JSON without format', '{"memberId": "x"}\n', /"format" field is missing/],
    ['another format', '{"format": "something"}\n', /not a fabkit member bundle format/],
  ])('%s → BUNDLE_MALFORMED', async (_name, text, message) => {
    const error = await refused(writeText(text));
    expect(error.code).toBe('BUNDLE_MALFORMED');
    expect(error.message).toMatch(message);
  });

  it('a missing field or an unknown one → BUNDLE_MALFORMED naming it', async () => {
    const bundle = signedBundle(contentOf(pki), pki.admin.keyPem) as unknown as Record<string, unknown>;
    const missing = { ...bundle };
    delete missing['caCerts'];
    expect((await refused(writeText(JSON.stringify(missing)))).message).toContain('caCerts: ');
    expect((await refused(writeText(JSON.stringify({ ...bundle, extra: 1 })))).message).toContain('Unrecognized key');
  });

  it('a newer format version → BUNDLE_UNSUPPORTED_FORMAT', async () => {
    const { text } = await exported();
    expect(
      (
        await refused(
          writeText(text.replace('"format": "fabkit-member-bundle/1"', '"format": "fabkit-member-bundle/2"')),
        )
      ).code,
    ).toBe('BUNDLE_UNSUPPORTED_FORMAT');
  });

  it('a missing file → BUNDLE_NOT_FOUND; an oversized file → BUNDLE_MALFORMED', async () => {
    expect((await refused(path.join(work, 'nope.json'))).code).toBe('BUNDLE_NOT_FOUND');
    expect((await refused(writeText(' '.repeat(MAX_BUNDLE_BYTES + 1)))).code).toBe('BUNDLE_MALFORMED');
  });
});

describe('importBundle: member checks', () => {
  it('a bad member ID → usage error BUNDLE_INVALID_MEMBER_ID', async () => {
    const error = await refused(
      writeBundle(work, signedBundle(contentOf(pki, { memberId: 'm-abc' }), pki.admin.keyPem)),
    );
    expect(error.code).toBe('BUNDLE_INVALID_MEMBER_ID');
    expect(error.kind).toBe('usage');
    expect(error.message).toContain('"m-abc"');
  });

  it('a bad peer endpoint → BUNDLE_INVALID_FIELD', async () => {
    const error = await refused(
      writeBundle(work, signedBundle(contentOf(pki, { peerEndpoints: ['peer.example.com'] }), pki.admin.keyPem)),
    );
    expect(error.code).toBe('BUNDLE_INVALID_FIELD');
    expect(error.details?.['field']).toBe('peerEndpoints[0]');
  });

  it('importing your own member ID → BUNDLE_SELF_IMPORT', async () => {
    const { file } = await exportBundle(org1.profile, { out: path.join(work, 'own.json'), now: NOW });
    const error = await refused(file);
    expect(error.code).toBe('BUNDLE_SELF_IMPORT');
    expect(error.kind).toBe('usage');
  });

  it('verifyMemberExists: false → BUNDLE_MEMBER_UNKNOWN; true → confirmed; undefined → unknown', async () => {
    const { file } = await exported();
    const asked: string[] = [];
    const error = await refused(
      file,
      {
        verifyMemberExists: async (id) => {
          asked.push(id);
          return false;
        },
      },
      'failure', // the network's answer, not a property of the file
    );
    expect(error.code).toBe('BUNDLE_MEMBER_UNKNOWN');
    expect(asked).toEqual([ORG2_ID]);
    const unknown = await importBundle(org1.profile, file, { now: NOW, verifyMemberExists: async () => undefined });
    expect(unknown.memberCheck).toBe('unknown');
    const confirmed = await importBundle(org1.profile, file, { now: NOW, verifyMemberExists: async () => true });
    expect(confirmed).toMatchObject({ outcome: 'already-imported', memberCheck: 'confirmed' });
  });

  it('verifyMemberExists is not asked about a bundle that fails verification', async () => {
    const asked = jest.fn(async () => true);
    await refused(writeBundle(work, signedBundle(contentOf(pki), pki.strayKeyPem)), { verifyMemberExists: asked });
    expect(asked).not.toHaveBeenCalled();
  });
});

describe('importBundle: an earlier import of the same member', () => {
  async function importTwoVersions(): Promise<{ first: string; second: string }> {
    const first = writeBundle(work, signedBundle(contentOf(pki), pki.admin.keyPem), 'first.json');
    const second = writeBundle(
      work,
      signedBundle(contentOf(pki, { peerEndpoints: ['peer9.org2.example.com:30003'] }), pki.admin.keyPem),
      'second.json',
    );
    await importBundle(org1.profile, first, { now: NOW });
    return { first, second };
  }

  it('a different valid bundle is refused without force (MEMBER_IMPORT_CONFLICT), changing nothing', async () => {
    const { second } = await importTwoVersions();
    const before = snapshot(membersDir);
    const error = await rejected(importBundle(org1.profile, second, { now: NOW }));
    expect(error.code).toBe('MEMBER_IMPORT_CONFLICT');
    expect(error.message).toContain('peer endpoints differ');
    expect(error.hint).toContain('--force');
    expect(snapshot(membersDir)).toEqual(before);
  });

  it('with force it replaces the folder and keeps the old one as a backup', async () => {
    const { second } = await importTwoVersions();
    const later = new Date(NOW.getTime() + 60_000);
    const result = await importBundle(org1.profile, second, { now: later, force: true });
    const backup = path.join(membersDir, `${ORG2_ID}.bak-${later.toISOString().replace(/[:.]/g, '-')}`);
    expect(result).toMatchObject({ outcome: 'replaced', backup, peerEndpoints: ['peer9.org2.example.com:30003'] });
    expect(JSON.parse(fs.readFileSync(path.join(backup, 'member.json'), 'utf8'))).toMatchObject({
      peerEndpoints: ['peer1.org2.example.com:30003'],
    });
    expect((await readImportedMember(org1.profile, ORG2_ID)).peerEndpoints).toEqual(['peer9.org2.example.com:30003']);
    expect((await listImportedMembers(org1.profile)).map((m) => m.memberId)).toEqual([ORG2_ID]);
  });

  it('the same bundle over a damaged import is a conflict, not already-imported', async () => {
    const { first } = await importTwoVersions();
    fs.writeFileSync(path.join(membersDir, ORG2_ID, 'msp', 'cacerts', 'ca-0.pem'), pki.otherRootCa.certPem);
    const error = await rejected(importBundle(org1.profile, first, { now: NOW }));
    expect(error.code).toBe('MEMBER_IMPORT_CONFLICT');
    expect(error.message).toContain('do not match this bundle');
  });
});

describe('readImportedMember', () => {
  it('throws MEMBER_NOT_IMPORTED with the import command as hint', async () => {
    const error = await rejected(readImportedMember(org1.profile, ORG2_ID));
    expect(error.code).toBe('MEMBER_NOT_IMPORTED');
    expect(error.hint).toContain('fabkit member import <bundle>');
  });

  it('refuses a malformed member ID as a usage error', async () => {
    const error = await rejected(readImportedMember(org1.profile, '../etc'));
    expect(error.code).toBe('INVALID_MEMBER_ID');
    expect(error.kind).toBe('usage');
  });

  it('reports a damaged member.json as MEMBER_RECORD_INVALID', async () => {
    await importBundle(org1.profile, writeBundle(work, signedBundle(contentOf(pki), pki.admin.keyPem)), { now: NOW });
    fs.writeFileSync(path.join(membersDir, ORG2_ID, 'member.json'), '{"memberId": 1}');
    expect((await rejected(readImportedMember(org1.profile, ORG2_ID))).code).toBe('MEMBER_RECORD_INVALID');
  });
});
