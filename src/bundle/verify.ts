/**
 * Verifies a parsed member bundle before anything is written. Pure (the clock is `now`).
 *
 * Order: manifest lists exactly the bundle's entries → every digest matches → the signature
 * verifies with the signer admin certificate in the bundle → field formats (member ID, endpoints,
 * version, date) → every certificate parses → CA certificates are CAs and every admin
 * certificate was issued and signed by one of them → no certificate expired or not yet valid.
 * Each refusal is a FabkitError with its own code (see BUNDLE_ERROR_CODES), of kind `usage`: the
 * file is bad input (exit 2), whether it is malformed, tampered with or badly signed.
 */
import type { KeyObject } from 'node:crypto';
import { verify, X509Certificate } from 'node:crypto';
import { parseX509, splitPemBundle } from '../msp/cert';
import { FabkitError } from '../errors';
import { checkEndpoint } from '../validate/endpoint';
import { validateMemberId } from '../validate/ids';
import { errorsOf, quote } from '../validate/issue';
import { FABRIC_VERSION_PATTERN } from '../config/schema';
import type { BundleContent, CertListName, MemberBundle } from './format';
import {
  BUNDLE_FORMAT,
  bundleEntries,
  CERT_LISTS,
  contentOf,
  DIGEST_ALGORITHM,
  entryName,
  manifestBytes,
  manifestDigest,
  sha256Hex,
  SIGNATURE_ALGORITHM,
} from './format';

/** Every code verifyBundle can throw. */
export const BUNDLE_ERROR_CODES = [
  'BUNDLE_TAMPERED',
  'BUNDLE_BAD_SIGNATURE',
  'BUNDLE_INVALID_MEMBER_ID',
  'BUNDLE_INVALID_FIELD',
  'BUNDLE_CERT_INVALID',
  'BUNDLE_CA_INVALID',
  'BUNDLE_CHAIN_INVALID',
  'BUNDLE_CERT_EXPIRED',
  'BUNDLE_CERT_NOT_YET_VALID',
] as const;

export interface BundleCert {
  /** Entry name, e.g. `adminCerts[0]`. */
  readonly entry: string;
  /** The certificate, normalized PEM (LF line ends, final LF). */
  readonly pem: string;
  readonly x509: X509Certificate;
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SHA-256 of the DER, upper-case colon hex as `openssl x509 -fingerprint -sha256` prints it. */
  readonly fingerprint: string;
}

export interface VerifiedBundle {
  readonly content: BundleContent;
  readonly memberId: string;
  readonly memberName: string;
  readonly fabricVersion: string;
  readonly createdAt: Date;
  readonly peerEndpoints: readonly string[];
  readonly adminCerts: readonly BundleCert[];
  readonly caCerts: readonly BundleCert[];
  readonly tlsRootCerts: readonly BundleCert[];
  /** Entry name of the certificate that signed. */
  readonly signer: string;
  /** SHA-256 of the canonical manifest (identifies this exact bundle). */
  readonly manifestDigest: string;
}

export interface VerifyBundleOptions {
  readonly now: Date;
  /** How the bundle is named in messages, e.g. its file path. */
  readonly source: string;
}

const REEXPORT = 'Ask the member to run `fabkit member export` again and send the new file, unchanged.';

function refuse(
  code: string,
  source: string,
  reason: string,
  hint: string,
  details: Record<string, unknown> = {},
): FabkitError {
  return new FabkitError(code, `Member bundle ${source} was refused: ${reason}`, {
    kind: 'usage',
    hint,
    details: { file: source, ...details },
  });
}

// ---------------------------------------------------------------- integrity

function tampered(source: string, entry: string, reason: string): FabkitError {
  return refuse(
    'BUNDLE_TAMPERED',
    source,
    `entry ${entry} ${reason}`,
    `The file was changed after it was signed (or damaged in transit). Do not use it. ${REEXPORT}`,
    { entry },
  );
}

function checkManifest(bundle: MemberBundle, source: string): void {
  const { manifest } = bundle;
  if (manifest.format !== BUNDLE_FORMAT)
    throw tampered(source, 'manifest.format', `is ${quote(manifest.format)}, not ${quote(BUNDLE_FORMAT)}`);
  if (manifest.digestAlgorithm !== DIGEST_ALGORITHM)
    throw tampered(
      source,
      'manifest.digestAlgorithm',
      `is ${quote(manifest.digestAlgorithm)}, not ${quote(DIGEST_ALGORITHM)}`,
    );
  const names = new Set(bundleEntries(bundle).map(([name]) => name));
  for (const name of names)
    if (manifest.entries[name] === undefined) throw tampered(source, name, 'is not listed in the manifest');
  for (const name of Object.keys(manifest.entries))
    if (!names.has(name)) throw tampered(source, name, 'is listed in the manifest but missing from the bundle');
}

function checkDigests(bundle: MemberBundle, source: string): void {
  for (const [name, text] of bundleEntries(bundle)) {
    const expected = bundle.manifest.entries[name];
    if (sha256Hex(Buffer.from(text, 'utf8')) !== expected)
      throw tampered(source, name, 'does not match its SHA-256 digest in the manifest');
  }
}

function badSignature(source: string, reason: string): FabkitError {
  return refuse(
    'BUNDLE_BAD_SIGNATURE',
    source,
    reason,
    `The bundle was not signed by the member admin whose certificate it carries, or it was changed after signing. Do not use it. ${REEXPORT}`,
  );
}

function signerKey(bundle: MemberBundle, source: string): KeyObject {
  const { signer } = bundle.manifest;
  const index = bundle.adminCerts.findIndex((_pem, i) => entryName('adminCerts', i) === signer);
  const pem = bundle.adminCerts[index];
  if (pem === undefined)
    throw badSignature(
      source,
      `the manifest names ${quote(signer)} as the signer, which is not an adminCerts entry of the bundle`,
    );
  let key: KeyObject;
  try {
    key = new X509Certificate(pem).publicKey;
  } catch {
    throw badSignature(source, `the signer certificate ${signer} cannot be read`);
  }
  if (key.asymmetricKeyType !== 'ec')
    throw badSignature(source, `the signer certificate ${signer} does not hold an ECDSA public key`);
  return key;
}

function signatureBytes(bundle: MemberBundle, source: string): Buffer {
  const { algorithm, value } = bundle.signature;
  if (algorithm !== SIGNATURE_ALGORITHM)
    throw badSignature(
      source,
      `the signature algorithm ${quote(algorithm)} is not supported (expected ${quote(SIGNATURE_ALGORITHM)})`,
    );
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length === 0 || bytes.toString('base64') !== value)
    throw badSignature(source, 'the signature value is not canonical base64');
  return bytes;
}

function checkSignature(bundle: MemberBundle, source: string): void {
  const key = signerKey(bundle, source);
  const signature = signatureBytes(bundle, source);
  let ok = false;
  try {
    ok = verify('sha256', manifestBytes(bundle.manifest), key, signature);
  } catch {
    ok = false;
  }
  if (!ok)
    throw badSignature(
      source,
      `the signature over the manifest does not verify with the public key of ${bundle.manifest.signer}`,
    );
}

// ---------------------------------------------------------------- fields

function invalidField(source: string, field: string, reason: string): FabkitError {
  return new FabkitError('BUNDLE_INVALID_FIELD', `Member bundle ${source} was refused: ${field} ${reason}`, {
    kind: 'usage',
    hint: `Ask the member to fix their profile (fabkit.yaml) and export again. ${REEXPORT}`,
    details: { file: source, field },
  });
}

function checkMemberId(memberId: string, source: string): void {
  const errors = errorsOf(validateMemberId(memberId));
  if (errors.length === 0) return;
  throw new FabkitError(
    'BUNDLE_INVALID_MEMBER_ID',
    `Member bundle ${source} was refused: member ID ${quote(memberId)} is invalid: ${errors.map((e) => e.reason).join('; ')}`,
    {
      kind: 'usage',
      hint: `An AMB member ID looks like "m-ABCDEFGHIJKLMNOPQRSTUVWXYZ"; ask the member to check member.id in fabkit.yaml. ${REEXPORT}`,
      details: { file: source, memberId },
    },
  );
}

const hasControlChars = (s: string): boolean => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

function checkFields(bundle: MemberBundle, source: string): Date {
  checkMemberId(bundle.memberId, source);
  if (bundle.memberName.trim() === '' || hasControlChars(bundle.memberName))
    throw invalidField(source, 'memberName', 'must be non-empty text without control characters');
  if (!FABRIC_VERSION_PATTERN.test(bundle.fabricVersion))
    throw invalidField(source, 'fabricVersion', `${quote(bundle.fabricVersion)} is not a Fabric version such as "2.2"`);
  bundle.peerEndpoints.forEach((endpoint, i) => {
    const check = checkEndpoint(endpoint);
    if (!check.ok)
      throw invalidField(
        source,
        entryName('peerEndpoints', i),
        `${quote(endpoint)} is not host:port: ${check.issues.map((x) => x.reason).join('; ')}`,
      );
  });
  const createdAt = new Date(bundle.createdAt);
  if (Number.isNaN(createdAt.getTime()))
    throw invalidField(source, 'createdAt', `${quote(bundle.createdAt)} is not an ISO 8601 time`);
  return createdAt;
}

// ---------------------------------------------------------------- certificates

function loadCert(pem: string, entry: string, source: string): BundleCert {
  let pems: string[];
  try {
    pems = splitPemBundle(pem, entry);
  } catch (error) {
    const reason = error instanceof FabkitError ? error.message : `${entry} cannot be read`;
    throw refuse(
      'BUNDLE_CERT_INVALID',
      source,
      reason,
      `Each certificate entry must hold exactly one PEM certificate. ${REEXPORT}`,
      { entry },
    );
  }
  if (pems.length !== 1 || pems[0] === undefined) {
    throw refuse(
      'BUNDLE_CERT_INVALID',
      source,
      `${entry} holds ${pems.length} certificates: exactly one is expected per entry`,
      REEXPORT,
      { entry },
    );
  }
  const x509 = new X509Certificate(pems[0]);
  const parsed = parseX509(x509, { ignoreBadAttrs: true });
  return {
    entry,
    pem: pems[0],
    x509,
    subject: parsed.subject,
    issuer: parsed.issuer,
    notBefore: parsed.notBefore,
    notAfter: parsed.notAfter,
    fingerprint: x509.fingerprint256,
  };
}

function loadCerts(bundle: MemberBundle, list: CertListName, source: string): BundleCert[] {
  return bundle[list].map((pem, i) => loadCert(pem, entryName(list, i), source));
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

/** Fabric's MSP refuses cacerts/ and tlscacerts/ certificates without basicConstraints CA:TRUE. */
function checkCas(cas: readonly BundleCert[], folder: string, source: string): void {
  for (const ca of cas) {
    if (ca.x509.ca) continue;
    throw refuse(
      'BUNDLE_CA_INVALID',
      source,
      `${ca.entry} ("${ca.subject}") is not a CA certificate (its basicConstraints do not say CA:TRUE), so Fabric will not accept it in ${folder}/`,
      `Only CA certificates belong there: the member CA's root from admin-msp/cacerts, and the TLS chain file of the network. ${REEXPORT}`,
      { entry: ca.entry, subject: ca.subject },
    );
  }
}

function checkChain(admins: readonly BundleCert[], cas: readonly BundleCert[], source: string): void {
  for (const admin of admins) {
    if (cas.some((ca) => issuedBy(admin.x509, ca.x509))) continue;
    throw refuse(
      'BUNDLE_CHAIN_INVALID',
      source,
      `${admin.entry} ("${admin.subject}", issuer "${admin.issuer}") was not issued and signed by any of the bundle's CA certificates (${cas.map((c) => c.entry).join(', ')})`,
      `The admin certificate must come from the member's own CA. Ask the member to check admin-msp/cacerts and admin-msp/admincerts (fabkit msp verify), then export again.`,
      { entry: admin.entry, subject: admin.subject, issuer: admin.issuer },
    );
  }
}

function checkValidity(certs: readonly BundleCert[], now: Date, source: string): void {
  for (const cert of certs) {
    if (now.getTime() > cert.notAfter.getTime()) {
      throw refuse(
        'BUNDLE_CERT_EXPIRED',
        source,
        `${cert.entry} ("${cert.subject}") expired on ${cert.notAfter.toISOString()}`,
        'Ask the member to renew the certificate (enroll the admin again), then export a new bundle.',
        { entry: cert.entry, subject: cert.subject, notAfter: cert.notAfter.toISOString() },
      );
    }
    if (now.getTime() < cert.notBefore.getTime()) {
      throw refuse(
        'BUNDLE_CERT_NOT_YET_VALID',
        source,
        `${cert.entry} ("${cert.subject}") is not valid before ${cert.notBefore.toISOString()}`,
        "Check the clock of this machine (and of the member's), or wait until the certificate becomes valid.",
        { entry: cert.entry, subject: cert.subject, notBefore: cert.notBefore.toISOString() },
      );
    }
  }
}

/** Verifies everything that can be verified offline; throws the first refusal. See the module comment. */
export function verifyBundle(bundle: MemberBundle, options: VerifyBundleOptions): VerifiedBundle {
  const { source, now } = options;
  checkManifest(bundle, source);
  checkDigests(bundle, source);
  checkSignature(bundle, source);
  const createdAt = checkFields(bundle, source);
  const [adminCerts, caCerts, tlsRootCerts] = CERT_LISTS.map((list) => loadCerts(bundle, list, source)) as [
    BundleCert[],
    BundleCert[],
    BundleCert[],
  ];
  checkCas(caCerts, 'cacerts', source);
  checkCas(tlsRootCerts, 'tlscacerts', source);
  checkChain(adminCerts, caCerts, source);
  checkValidity([...adminCerts, ...caCerts, ...tlsRootCerts], now, source);
  return {
    content: contentOf(bundle),
    memberId: bundle.memberId,
    memberName: bundle.memberName,
    fabricVersion: bundle.fabricVersion,
    createdAt,
    peerEndpoints: bundle.peerEndpoints,
    adminCerts,
    caCerts,
    tlsRootCerts,
    signer: bundle.manifest.signer,
    manifestDigest: manifestDigest(bundle.manifest),
  };
}
