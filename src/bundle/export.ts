/**
 * `fabkit member export`: the invited member's side of AMB step 8.4. Reads the enrolled admin
 * MSP and the TLS chain file, signs the bundle with the admin's key and writes one JSON file.
 *
 * SECURITY: the private key is read to sign and nothing else; it is never placed in the bundle,
 * a message, a hint or error details.
 */
import type { KeyObject } from 'node:crypto';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { defaultBundleFileOf } from '../config/home-layout';
import type { Profile } from '../config/resolve';
import { FabkitError } from '../errors';
import { splitPemBundle } from '../msp/cert';
import { readMsp } from '../msp/write';
import type { BundleContent, BundleFingerprints, CertFingerprint, MemberBundle } from './format';
import { createBundle, entryName, sameMaterial, serializeBundle } from './format';
import { errnoOf, readIfExists, writeFileAtomic } from './files';
import { parseBundleText } from './parse';
import type { BundleCert, VerifiedBundle } from './verify';
import { verifyBundle } from './verify';

export const BUNDLE_FILE_MODE = 0o644;

export interface ExportOptions {
  /** Where to write; default `<home>/member-bundle-<memberId>.json`. Relative paths are taken from the current directory. */
  readonly out?: string;
  readonly now?: Date;
  /** Replace an existing file that holds a different bundle. */
  readonly force?: boolean;
}

export interface ExportResult {
  /** `unchanged`: the file already held a valid bundle with the same content (it was kept). */
  readonly outcome: 'written' | 'replaced' | 'unchanged';
  readonly file: string;
  readonly memberId: string;
  readonly memberName: string;
  readonly createdAt: string;
  readonly peerEndpoints: readonly string[];
  readonly fingerprints: BundleFingerprints;
}

export function defaultBundleFile(profile: Profile): string {
  return defaultBundleFileOf(profile.home, profile.member.id);
}

const fingerprintOf = (c: BundleCert): CertFingerprint => ({
  entry: c.entry,
  subject: c.subject,
  notAfter: c.notAfter.toISOString(),
  fingerprint: c.fingerprint,
});

export function fingerprintsOf(v: VerifiedBundle): BundleFingerprints {
  return {
    adminCerts: v.adminCerts.map(fingerprintOf),
    caCerts: v.caCerts.map(fingerprintOf),
    tlsRootCerts: v.tlsRootCerts.map(fingerprintOf),
  };
}

// ---------------------------------------------------------------- reading the member's material

/** Every certificate of every file, one PEM each, duplicates removed. */
function certList(files: readonly string[], what: string): string[] {
  const seen = new Set<string>();
  return files
    .flatMap((text) => splitPemBundle(text, what))
    .filter((pem) => {
      const fp = new X509Certificate(pem).fingerprint256;
      if (seen.has(fp)) return false;
      seen.add(fp);
      return true;
    });
}

function signingKey(keyPem: string, mspDir: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: keyPem, format: 'pem' });
  } catch {
    throw new FabkitError(
      'BUNDLE_KEY_INVALID',
      `The admin's private key in ${path.join(mspDir, 'keystore')} is not an unencrypted PEM private key`,
      {
        kind: 'failure',
        hint: 'Check the MSP with `fabkit msp verify`; enroll the admin again if needed (fabkit enroll --force).',
        details: { mspDir },
      },
    );
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new FabkitError(
      'BUNDLE_KEY_UNSUPPORTED',
      `The admin's private key in ${path.join(mspDir, 'keystore')} is not an ECDSA P-256 key, as Fabric CA issues them`,
      {
        kind: 'failure',
        hint: 'Enroll the admin with the member CA (fabkit enroll), which creates a P-256 key.',
        details: { mspDir },
      },
    );
  }
  return key;
}

function signerIndex(certPem: string, key: KeyObject, adminCerts: readonly string[], mspDir: string): number {
  const [pem] = splitPemBundle(certPem, 'signcerts/');
  const cert = new X509Certificate(pem ?? '');
  if (!cert.checkPrivateKey(key)) {
    throw new FabkitError(
      'BUNDLE_KEY_MISMATCH',
      `The private key in ${path.join(mspDir, 'keystore')} does not belong to the certificate in signcerts/`,
      {
        kind: 'failure',
        hint: 'Check the MSP with `fabkit msp verify`; enroll the admin again if needed (fabkit enroll --force).',
        details: { mspDir },
      },
    );
  }
  const index = adminCerts.findIndex((admin) => new X509Certificate(admin).raw.equals(cert.raw));
  if (index < 0) {
    throw new FabkitError(
      'BUNDLE_SIGNER_NOT_ADMIN',
      `The signing certificate of ${mspDir} is not in its admincerts/: only a member admin can export the member bundle`,
      {
        kind: 'failure',
        hint: `Export from the member admin's MSP (fabkit enroll writes admincerts/), or copy signcerts/cert.pem into ${path.join(mspDir, 'admincerts')}/.`,
        details: { mspDir },
      },
    );
  }
  return index;
}

async function readTlsChain(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new FabkitError(
      'BUNDLE_TLS_ROOT_MISSING',
      `The TLS chain file ${file} (tls.chainFile) cannot be read (${errnoOf(error) ?? 'unexpected error'})`,
      {
        kind: 'failure',
        hint: 'Fetch it first (fabkit init writes it), or fix tls.chainFile in fabkit.yaml.',
        details: { file },
      },
    );
  }
}

/** The signing cert of a NodeOU MSP (config.yaml with NodeOUs Enable true) when it carries the admin OU. */
async function nodeOuAdminCert(mspDir: string, certPem: string): Promise<string | undefined> {
  const config = await fs.readFile(path.join(mspDir, 'config.yaml'), 'utf8').catch(() => '');
  if (!/NodeOUs:\s*\n\s+Enable:\s*true/.test(config)) return undefined;
  const [pem] = splitPemBundle(certPem, 'signcerts/');
  if (pem === undefined) return undefined;
  return /(^|\n|\+ ?)OU=admin($|\n| ?\+)/.test(new X509Certificate(pem).subject) ? pem : undefined;
}

/** Builds, signs and self-verifies the bundle of the profile's member. Reads files; writes nothing. */
export async function buildOwnBundle(
  profile: Profile,
  now: Date,
): Promise<{ bundle: MemberBundle; verified: VerifiedBundle }> {
  const mspDir = profile.paths.mspDir;
  const msp = await readMsp(mspDir);
  const key = signingKey(msp.keyPem, mspDir);
  // A NodeOU MSP has no admincerts/: its admin is the signer itself, recognized by the admin OU.
  const nodeOuAdmin = msp.adminCertsPem.length === 0 ? await nodeOuAdminCert(mspDir, msp.certPem) : undefined;
  const adminCerts =
    nodeOuAdmin === undefined ? certList(msp.adminCertsPem, `admincerts/ of ${mspDir}`) : [nodeOuAdmin];
  const index = signerIndex(msp.certPem, key, adminCerts, mspDir);
  const content: BundleContent = {
    memberId: profile.member.id,
    memberName: profile.member.name,
    fabricVersion: profile.network.fabricVersion.text,
    createdAt: now.toISOString(),
    peerEndpoints: profile.peers.map((p) => p.endpoint.address),
    adminCerts,
    caCerts: certList(msp.caCertsPem, `cacerts/ of ${mspDir}`),
    tlsRootCerts: certList([await readTlsChain(profile.tls.chainFile)], `TLS chain file ${profile.tls.chainFile}`),
  };
  const bundle = createBundle(content, { entry: entryName('adminCerts', index), key });
  return { bundle, verified: selfVerify(bundle, now, mspDir) };
}

const SELF = '(being exported)';

/** The importer's checks, run before writing: a bundle that would be refused is not exported. */
function selfVerify(bundle: MemberBundle, now: Date, mspDir: string): VerifiedBundle {
  try {
    return verifyBundle(bundle, { now, source: SELF });
  } catch (error) {
    if (!(error instanceof FabkitError)) throw error;
    throw new FabkitError(
      error.code,
      error.message.replace(`Member bundle ${SELF} was refused: `, `Cannot export the member bundle of ${mspDir}: `),
      {
        kind: error.kind,
        details: { ...error.details, file: undefined, mspDir },
        hint: 'The channel creator would refuse this bundle. Fix the admin MSP or the profile (check them with `fabkit msp verify` and `fabkit doctor`), then export again.',
      },
    );
  }
}

// ---------------------------------------------------------------- writing

/** True when `text` is a valid bundle with the same content as `bundle` (creation time aside). */
function holdsSameBundle(text: string, bundle: MemberBundle, file: string, now: Date): boolean {
  try {
    const existing = parseBundleText(text, file);
    verifyBundle(existing, { now, source: file });
    return sameMaterial(existing, bundle);
  } catch {
    return false;
  }
}

/** Exports the member bundle. See the module comment and the format in format.ts. */
export async function exportBundle(profile: Profile, options: ExportOptions = {}): Promise<ExportResult> {
  const now = options.now ?? new Date();
  const file = path.resolve(options.out ?? defaultBundleFile(profile));
  const { bundle, verified } = await buildOwnBundle(profile, now);
  const existing = await readIfExists(file).catch(() => '');
  const base = {
    file,
    memberId: verified.memberId,
    memberName: verified.memberName,
    peerEndpoints: verified.peerEndpoints,
    fingerprints: fingerprintsOf(verified),
  };
  if (existing !== undefined && holdsSameBundle(existing, bundle, file, now)) {
    return { ...base, outcome: 'unchanged', createdAt: parseBundleText(existing, file).createdAt };
  }
  if (existing !== undefined && options.force !== true) {
    throw new FabkitError(
      'BUNDLE_EXISTS',
      `${file} already exists and does not hold this member's current bundle: it is not overwritten without --force`,
      { kind: 'usage', hint: 'Pass --force to replace it, or choose another file with --out.', details: { file } },
    );
  }
  await writeFileAtomic(file, serializeBundle(bundle), BUNDLE_FILE_MODE);
  return { ...base, outcome: existing === undefined ? 'written' : 'replaced', createdAt: bundle.createdAt };
}
