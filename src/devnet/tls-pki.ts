/** The devnet's TLS PKI (a root and an intermediate, separate from every member's Fabric CA) and the endpoint certificates it issues. */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** A certificate and its private key, both PEM. */
export interface TlsKeyPair {
  readonly certPem: string;
  readonly keyPem: string;
}

/** The TLS PKI: like Amazon's PKI behind managedblockchain-tls-chain.pem, it is not any member's CA. */
export interface TlsPki {
  readonly root: TlsKeyPair;
  readonly intermediate: TlsKeyPair;
}

const YEARS = 10;

/** RSA keys made by Node's native crypto (fast), handed to node-forge for signing. */
function newKey(): { forgeKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; keyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  return { forgeKey, publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e), keyPem };
}

function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // a positive INTEGER
  return bytes.toString('hex');
}

function subject(cn: string): forge.pki.CertificateField[] {
  return [
    { name: 'organizationName', value: 'fabkit devnet TLS' },
    { name: 'commonName', value: cn },
  ];
}

function issue(
  cn: string,
  extensions: object[],
  issuer: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } | undefined,
): TlsKeyPair {
  const key = newKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = key.publicKey;
  cert.serialNumber = serial();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + YEARS * 365 * 24 * 60 * 60 * 1000);
  cert.setSubject(subject(cn));
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : subject(cn));
  const aki = (issuer?.cert ?? cert).generateSubjectKeyIdentifier().getBytes();
  cert.setExtensions([
    ...extensions,
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: aki },
  ]);
  cert.sign(issuer?.key ?? key.forgeKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: key.keyPem };
}

function parsed(pair: TlsKeyPair): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  return {
    cert: forge.pki.certificateFromPem(pair.certPem),
    key: forge.pki.privateKeyFromPem(pair.keyPem) as forge.pki.rsa.PrivateKey,
  };
}

const CA_USAGE = { name: 'keyUsage', critical: true, keyCertSign: true, cRLSign: true, digitalSignature: true };

/** A new root and an intermediate it signs (path length 0: the intermediate issues only endpoints). */
export function newTlsPki(): TlsPki {
  const root = issue(
    'fabkit devnet TLS root',
    [{ name: 'basicConstraints', critical: true, cA: true }, CA_USAGE],
    undefined,
  );
  const intermediate = issue(
    'fabkit devnet TLS intermediate',
    [{ name: 'basicConstraints', critical: true, cA: true, pathLenConstraint: 0 }, CA_USAGE],
    parsed(root),
  );
  return { root, intermediate };
}

/**
 * An endpoint's TLS certificate from the intermediate, for server and client use (the orderer's
 * etcdraft consenter certificates need both), naming `hosts` (IP addresses or DNS names).
 */
export function issueEndpointCert(pki: TlsPki, cn: string, hosts: readonly string[]): TlsKeyPair {
  const altNames = hosts.map((h) => (/^[\d.]+$|:/.test(h) ? { type: 7, ip: h } : { type: 2, value: h }));
  return issue(
    cn,
    [
      { name: 'basicConstraints', critical: true, cA: false },
      { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
      { name: 'subjectAltName', altNames },
    ],
    parsed(pki.intermediate),
  );
}

/**
 * The chain file clients trust: root first, then the intermediate. Endpoints present only their
 * own certificate, so a client that reads only the first certificate of the file cannot verify
 * them, as with AMB's multi-certificate managedblockchain-tls-chain.pem.
 */
export function tlsChainPem(pki: TlsPki): string {
  return `${pki.root.certPem.trim()}\n${pki.intermediate.certPem.trim()}\n`;
}
