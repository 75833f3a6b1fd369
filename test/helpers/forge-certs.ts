/**
 * TEST PKI ONLY: throw-away RSA CAs and leaves made in memory with node-forge (keys from Node's
 * crypto, which is fast), with the subject OUs a NodeOU MSP classifies by. Not fit for real use.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import forge from 'node-forge';

export interface ForgeIdentity {
  readonly certPem: string;
  readonly keyPem: string;
}

interface Options {
  readonly cn: string;
  readonly ous?: readonly string[];
  readonly ca?: boolean;
  /** The issuer; self-signed when absent. */
  readonly issuer?: ForgeIdentity;
  /** Subject alternative DNS names / IPs (TLS server certificates). */
  readonly hosts?: readonly string[];
}

/** A certificate valid from yesterday for a year. */
export function makeCert(options: Options): ForgeIdentity {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicKey = forge.pki.publicKeyFromPem(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const subject = [
    { shortName: 'O', value: 'Test PKI' },
    ...(options.ous ?? []).map((value) => ({ shortName: 'OU', value })),
    { shortName: 'CN', value: options.cn },
  ];
  cert.setSubject(subject);
  const issuerCert = options.issuer ? forge.pki.certificateFromPem(options.issuer.certPem) : undefined;
  cert.setIssuer(issuerCert ? issuerCert.subject.attributes : subject);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: options.ca === true, critical: true },
    {
      name: 'keyUsage',
      critical: true,
      ...(options.ca === true ? { keyCertSign: true, cRLSign: true } : { digitalSignature: true }),
    },
  ];
  if (options.hosts !== undefined)
    extensions.push({
      name: 'subjectAltName',
      altNames: options.hosts.map((h) => (/^[\d.]+$/.test(h) ? { type: 7, ip: h } : { type: 2, value: h })),
    });
  cert.setExtensions(extensions);
  const signer = forge.pki.privateKeyFromPem(options.issuer?.keyPem ?? keyPem);
  cert.sign(signer, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n'), keyPem };
}

/** Lays out an MSP folder: files given by relative path. */
export function writeFiles(dir: string, files: Readonly<Record<string, string>>): string {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { mode: name.startsWith('keystore/') ? 0o600 : 0o644 });
  }
  return dir;
}
