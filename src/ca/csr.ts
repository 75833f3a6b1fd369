/**
 * A new P-256 key and its PKCS#10 certificate signing request, made with Node's native crypto. Handed to
 * fabric-ca-client's enroll as `csr`, so the SDK skips its pure-JavaScript key generation and CSR signing
 * (elliptic and jsrsasign: most of an enroll's 0.6-1.0 s).
 */
import * as crypto from 'node:crypto';

/** One DER element: tag, definite length, content. */
function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const seq = (...items: Buffer[]): Buffer => der(0x30, Buffer.concat(items));
const OID_COMMON_NAME = Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03]); // 2.5.4.3
const OID_ECDSA_SHA256 = Buffer.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]); // 1.2.840.10045.4.3.2

const pem = (label: string, body: Buffer): string =>
  `-----BEGIN ${label}-----\n${(body.toString('base64').match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;

export interface KeyAndCsr {
  /** PKCS#8 PEM, as fabric-ca-client's own keys are written. */
  readonly keyPem: string;
  readonly csrPem: string;
}

/** A P-256 key and a CSR for subject CN=`commonName`, signed with ECDSA-SHA256 (the CA sets the rest of the subject). */
export function newKeyAndCsr(commonName: string): KeyAndCsr {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const subject = seq(der(0x31, seq(OID_COMMON_NAME, der(0x0c, Buffer.from(commonName, 'utf8')))));
  const info = seq(
    der(0x02, Buffer.from([0])), // version 0
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
    der(0xa0, Buffer.alloc(0)), // no attributes
  );
  const signature = crypto.sign('sha256', info, privateKey); // DER ECDSA-Sig-Value
  const csr = seq(info, seq(OID_ECDSA_SHA256), der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  return {
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    csrPem: pem('CERTIFICATE REQUEST', csr),
  };
}
