// The enroll CSR made with Node's crypto: a well-formed PKCS#10 request whose signature verifies with its own key.
import * as crypto from 'node:crypto';
import { newKeyAndCsr } from '../../src/ca/csr';

/** The DER element at `offset`: where its content starts and ends. */
function element(der: Buffer, offset: number): { start: number; end: number; tag: number } {
  const tag = der[offset] ?? -1;
  let length = der[offset + 1] ?? 0;
  let start = offset + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    length = 0;
    for (let i = 0; i < bytes; i += 1) length = length * 256 + (der[start + i] ?? 0);
    start += bytes;
  }
  return { start, end: start + length, tag };
}

describe('newKeyAndCsr', () => {
  it('makes a P-256 PKCS#8 key and a CSR for CN=<user> signed with that key (ECDSA-SHA256)', () => {
    const { keyPem, csrPem } = newKeyAndCsr('AdminUser');
    const key = crypto.createPrivateKey(keyPem);
    expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(csrPem).toMatch(
      /^-----BEGIN CERTIFICATE REQUEST-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE REQUEST-----\n$/,
    );
    const der = Buffer.from(csrPem.replace(/-----[^-]+-----|\n/g, ''), 'base64');
    const outer = element(der, 0);
    const info = element(der, outer.start);
    const infoBytes = der.subarray(outer.start, info.end);
    const algorithm = element(der, info.end);
    const signature = element(der, algorithm.end);
    expect([outer.tag, info.tag, algorithm.tag, signature.tag]).toEqual([0x30, 0x30, 0x30, 0x03]);
    expect(signature.end).toBe(der.length);
    const sig = der.subarray(signature.start + 1, signature.end); // after the unused-bits byte
    expect(crypto.verify('sha256', infoBytes, crypto.createPublicKey(key), sig)).toBe(true);
    expect(infoBytes.includes(Buffer.from('AdminUser'))).toBe(true);
    // The public key in the request is the key's own.
    const spki = crypto.createPublicKey(key).export({ type: 'spki', format: 'der' });
    expect(infoBytes.includes(spki)).toBe(true);
  });

  it('gives a new key each time', () => {
    expect(newKeyAndCsr('a').keyPem).not.toBe(newKeyAndCsr('a').keyPem);
  });
});
