/**
 * The member bundle: the one JSON file an invited AMB member sends to the channel creator
 * (AMB Management Guide step 8.4) so that the creator can build the member's MSP folder.
 *
 * Format `fabkit-member-bundle/1` (UTF-8 JSON, one object, keys in this order when written):
 *
 *   format          "fabkit-member-bundle/1"
 *   memberId        AMB member ID (= the MSP ID), e.g. "m-ABCDEFGHIJKLMNOPQRSTUVWXYZ"
 *   memberName      AMB member name, e.g. "org2"
 *   fabricVersion   Fabric version of the network, e.g. "2.2"
 *   createdAt       ISO 8601 time of the export
 *   peerEndpoints   ["host:port", …]: the member's peer nodes
 *   adminCerts      [PEM, …]: one certificate per item, from admin-msp/admincerts
 *   caCerts         [PEM, …]: one certificate per item, from admin-msp/cacerts
 *   tlsRootCerts    [PEM, …]: one certificate per item, the TLS chain file split up
 *   manifest        { format, digestAlgorithm: "sha-256", signer, entries }
 *   signature       { algorithm: "ecdsa-sha256", value: base64 DER ECDSA signature }
 *
 * Entries: every scalar above and every list item is one named entry: `memberId`,
 * `memberName`, `fabricVersion`, `createdAt`, `peerEndpoints[i]`, `adminCerts[i]`, `caCerts[i]`,
 * `tlsRootCerts[i]`. `manifest.entries` maps each entry name to the lowercase hex SHA-256 of the
 * UTF-8 bytes of its string value, and lists no other names. `manifest.signer` names the
 * `adminCerts[i]` entry whose public key verifies the signature.
 *
 * Signature: ECDSA P-256 with SHA-256 (DER, base64) by the member admin's private key over the
 * canonical JSON of `manifest` (object keys sorted by UTF-16 code units at every level, no
 * whitespace, strings as JSON.stringify writes them).
 *
 * SECURITY: a bundle holds certificates only; the private key is used to sign and never stored.
 */
import type { KeyObject } from 'node:crypto';
import { createHash, sign } from 'node:crypto';

export const BUNDLE_FORMAT = 'fabkit-member-bundle/1';
export const BUNDLE_FORMAT_FAMILY = 'fabkit-member-bundle/';
export const DIGEST_ALGORITHM = 'sha-256';
export const SIGNATURE_ALGORITHM = 'ecdsa-sha256';

export interface BundleManifest {
  readonly format: string;
  readonly digestAlgorithm: string;
  /** Entry name of the admin certificate that signed, e.g. `adminCerts[0]`. */
  readonly signer: string;
  /** Entry name → lowercase hex SHA-256 of the entry's UTF-8 text. */
  readonly entries: Readonly<Record<string, string>>;
}

export interface BundleSignature {
  readonly algorithm: string;
  /** Base64 of the DER ECDSA signature over the canonical manifest. */
  readonly value: string;
}

/** What a bundle carries, without its manifest and signature. */
export interface BundleContent {
  readonly memberId: string;
  readonly memberName: string;
  readonly fabricVersion: string;
  readonly createdAt: string;
  readonly peerEndpoints: readonly string[];
  readonly adminCerts: readonly string[];
  readonly caCerts: readonly string[];
  readonly tlsRootCerts: readonly string[];
}

export interface MemberBundle extends BundleContent {
  readonly format: string;
  readonly manifest: BundleManifest;
  readonly signature: BundleSignature;
}

export interface CertFingerprint {
  readonly entry: string;
  readonly subject: string;
  readonly notAfter: string;
  /** SHA-256, upper-case colon hex (as openssl prints it). */
  readonly fingerprint: string;
}

export interface BundleFingerprints {
  readonly adminCerts: CertFingerprint[];
  readonly caCerts: CertFingerprint[];
  readonly tlsRootCerts: CertFingerprint[];
}

export type CertListName = 'adminCerts' | 'caCerts' | 'tlsRootCerts';
export const CERT_LISTS: readonly CertListName[] = ['adminCerts', 'caCerts', 'tlsRootCerts'];

export const entryName = (list: string, index: number): string => `${list}[${index}]`;

/** Every entry of the content as [name, text], in format order. */
export function bundleEntries(content: BundleContent): [string, string][] {
  const listed = (list: 'peerEndpoints' | CertListName): [string, string][] =>
    content[list].map((text, i): [string, string] => [entryName(list, i), text]);
  return [
    ['memberId', content.memberId],
    ['memberName', content.memberName],
    ['fabricVersion', content.fabricVersion],
    ['createdAt', content.createdAt],
    ...listed('peerEndpoints'),
    ...CERT_LISTS.flatMap(listed),
  ];
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** JSON with object keys sorted at every level and no whitespace. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The bytes the signature covers. */
export function manifestBytes(manifest: BundleManifest): Buffer {
  return Buffer.from(canonicalJson(manifest), 'utf8');
}

/** SHA-256 of the canonical manifest: one value that identifies a bundle. */
export function manifestDigest(manifest: BundleManifest): string {
  return sha256Hex(manifestBytes(manifest));
}

export function manifestOf(content: BundleContent, signer: string): BundleManifest {
  const entries: Record<string, string> = {};
  for (const [name, text] of bundleEntries(content)) entries[name] = sha256Hex(Buffer.from(text, 'utf8'));
  return { format: BUNDLE_FORMAT, digestAlgorithm: DIGEST_ALGORITHM, signer, entries };
}

export interface BundleSigner {
  /** Entry name of the signer's certificate, e.g. `adminCerts[0]`. */
  readonly entry: string;
  readonly key: KeyObject;
}

/**
 * Builds and signs a bundle. Pure apart from the signing itself; checks nothing about the content
 * (exportBundle checks the MSP, verifyBundle checks the result).
 */
export function createBundle(content: BundleContent, signer: BundleSigner): MemberBundle {
  const manifest = manifestOf(content, signer.entry);
  const value = sign('sha256', manifestBytes(manifest), signer.key).toString('base64');
  return {
    format: BUNDLE_FORMAT,
    memberId: content.memberId,
    memberName: content.memberName,
    fabricVersion: content.fabricVersion,
    createdAt: content.createdAt,
    peerEndpoints: [...content.peerEndpoints],
    adminCerts: [...content.adminCerts],
    caCerts: [...content.caCerts],
    tlsRootCerts: [...content.tlsRootCerts],
    manifest,
    signature: { algorithm: SIGNATURE_ALGORITHM, value },
  };
}

/** The file text of a bundle: indented JSON with a final newline. */
export function serializeBundle(bundle: MemberBundle): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

/** The content alone (for comparing two bundles of the same member). */
export function contentOf(bundle: BundleContent): BundleContent {
  const { memberId, memberName, fabricVersion, createdAt, peerEndpoints, adminCerts, caCerts, tlsRootCerts } = bundle;
  return { memberId, memberName, fabricVersion, createdAt, peerEndpoints, adminCerts, caCerts, tlsRootCerts };
}

/** True when two bundles carry the same content apart from their creation time. */
export function sameMaterial(a: BundleContent, b: BundleContent): boolean {
  return canonicalJson({ ...contentOf(a), createdAt: '' }) === canonicalJson({ ...contentOf(b), createdAt: '' });
}
