import { X509Certificate } from 'node:crypto';
import { fabricAttributes, parseCert, splitPemBundle } from '../../src/msp/cert';
import type { TestPki } from '../helpers/test-pki';
import { ADMIN_ATTRS, makeTestPki } from '../helpers/test-pki';
import { thrown } from '../helpers/thrown';

let pki: TestPki;
beforeAll(async () => {
  pki = await makeTestPki();
}, 60_000);
afterAll(() => pki?.cleanup());

describe('parseCert', () => {
  it('reads names, dates, fingerprint and the Fabric CA attributes of a leaf', () => {
    const cert = parseCert(pki.admin.certPem);
    const x509 = new X509Certificate(pki.admin.certPem);
    expect(cert.commonName).toBe('AdminUser');
    expect([...cert.ous].sort()).toEqual(['client', 'org1']);
    expect(cert.subject).toMatch(/^C=US, O=Test PKI, OU=(client\+OU=org1|org1\+OU=client), CN=AdminUser$/);
    expect(cert.issuer).toBe('C=US, O=Test PKI, CN=test-pki-root');
    expect(cert.attrs).toEqual(ADMIN_ATTRS);
    expect(cert.serialNumber).toBe(x509.serialNumber.toLowerCase());
    expect(cert.fingerprint256).toMatch(/^[0-9a-f]{64}$/);
    expect(cert.fingerprint256).toBe(x509.fingerprint256.replace(/:/g, '').toLowerCase());
    expect(cert.notBefore.getTime()).toBe(new Date(x509.validFrom).getTime());
    expect(cert.notAfter.getTime()).toBe(new Date(x509.validTo).getTime());
  });

  it('reads exact validity dates (UTCTime and GeneralizedTime)', () => {
    const expired = parseCert(pki.expired.certPem);
    expect(expired.notBefore.toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(expired.notAfter.toISOString()).toBe('2021-01-01T00:00:00.000Z');
    // After 2049 X.509 uses GeneralizedTime.
    expect(parseCert(pki.notYetValid.certPem).notAfter.toISOString()).toBe('2091-01-01T00:00:00.000Z');
  });

  it('gives attrs {} and no OUs for a CA certificate without them', () => {
    const root = parseCert(pki.rootCa.certPem);
    expect(root.attrs).toEqual({});
    expect(root.ous).toEqual([]);
    expect(root.commonName).toBe('test-pki-root');
    expect(root.subject).toBe(root.issuer);
  });

  it('accepts CRLF line ends and surrounding blank lines', () => {
    expect(parseCert(`\n\n${pki.admin.certPem.replace(/\n/g, '\r\n')}\n`).commonName).toBe('AdminUser');
  });

  it('refuses a bundle of two certificates with CERT_NOT_SINGLE', () => {
    expect(thrown(() => parseCert(pki.admin.certPem + pki.rootCa.certPem)).code).toBe('CERT_NOT_SINGLE');
  });

  it('refuses a private key without quoting it', () => {
    const error = thrown(() => parseCert(pki.admin.keyPem));
    expect(error.code).toBe('PEM_NOT_CERTIFICATE');
    expect(error.kind).toBe('usage');
    const body = pki.admin.keyPem.split('\n')[1] ?? '';
    expect(JSON.stringify(error.toJSON())).not.toContain(body);
    expect(error.hint).toBeTruthy();
  });
});

describe('fabricAttributes', () => {
  it('reads the raw-JSON OCTET STRING that Fabric CA writes', () => {
    expect(fabricAttributes(new X509Certificate(pki.admin.certPem).raw)).toEqual(ADMIN_ATTRS);
  });

  it('the test PKI encodes the extension like Fabric CA: OID, then an OCTET STRING of the raw JSON', () => {
    const der = new X509Certificate(pki.admin.certPem).raw;
    const json = Buffer.from(JSON.stringify({ attrs: ADMIN_ATTRS }));
    const oid = Buffer.from('06082a03040506070801', 'hex'); // OBJECT IDENTIFIER 1.2.3.4.5.6.7.8.1
    expect(json.length).toBeLessThan(128); // short-form length below
    const expected = Buffer.concat([oid, Buffer.from([0x04, json.length]), json]);
    expect(der.indexOf(expected)).toBeGreaterThan(0);
  });

  it('returns {} when the extension is absent', () => {
    expect(fabricAttributes(new X509Certificate(pki.foreign.certPem).raw)).toEqual({});
  });

  it('refuses a nested DER encoding (not what Fabric reads) with CERT_ATTRS_INVALID', () => {
    expect(thrown(() => fabricAttributes(new X509Certificate(pki.nestedAttrs.certPem).raw)).code).toBe(
      'CERT_ATTRS_INVALID',
    );
    expect(thrown(() => parseCert(pki.nestedAttrs.certPem)).code).toBe('CERT_ATTRS_INVALID');
  });

  it('refuses bytes that are not DER with CERT_INVALID', () => {
    expect(thrown(() => fabricAttributes(Buffer.from('not der'))).code).toBe('CERT_INVALID');
  });
});

describe('splitPemBundle', () => {
  it('splits a bundle into normalized certificates', () => {
    const certs = splitPemBundle(`${pki.rootCa.certPem}\n${pki.intermediateCa.certPem.replace(/\n/g, '\r\n')}`);
    expect(certs).toHaveLength(2);
    expect(certs[0]).toBe(pki.rootCa.certPem);
    expect(certs[1]).toBe(pki.intermediateCa.certPem);
  });

  it.each<[string, string, () => string]>([
    ['empty text', 'PEM_NO_CERTIFICATE', () => ''],
    ['blank text', 'PEM_NO_CERTIFICATE', () => '\n  \n'],
    ['text before a certificate', 'PEM_JUNK', () => `subject=CN = x\n${pki.rootCa.certPem}`],
    ['text after a certificate', 'PEM_JUNK', () => `${pki.rootCa.certPem}trailing words\n`],
    ['plain text only', 'PEM_JUNK', () => 'hello world'],
    ['an unterminated block', 'PEM_MALFORMED', () => `${pki.rootCa.certPem}-----BEGIN CERTIFICATE-----\nMIIB\n`],
    [
      'mismatched BEGIN/END labels',
      'PEM_MALFORMED',
      () => pki.rootCa.certPem.replace('END CERTIFICATE', 'END X509 CRL'),
    ],
    ['a private key block', 'PEM_NOT_CERTIFICATE', () => `${pki.rootCa.certPem}${pki.admin.keyPem}`],
    [
      'a corrupt certificate body',
      'CERT_INVALID',
      () => '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
    ],
  ])('refuses %s with %s', (_name, code, text) => {
    const error = thrown(() => splitPemBundle(text()));
    expect(error.code).toBe(code);
    expect(error.kind).toBe('usage');
    expect(error.hint).toBeTruthy();
  });

  it('names the line of the junk', () => {
    const error = thrown(() => splitPemBundle(`${pki.rootCa.certPem}\n\nsecret-looking junk\n`, 'cacerts/ca.pem'));
    expect(error.message).toContain('cacerts/ca.pem');
    expect(error.message).toMatch(/line \d+/);
    expect(error.message).not.toContain('secret-looking junk');
  });
});
