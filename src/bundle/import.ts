/**
 * `fabkit member import <bundle>`: the channel creator's side of AMB step 8.5. Verifies the
 * bundle completely before touching the disk, then writes `<membersDir>/<memberId>/` in one
 * atomic step (see members.ts for the layout). On any refusal nothing is written.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { MEMBER_FILE, MEMBER_MSP_DIR, memberDirOf, TLS_ROOT_FILE } from '../config/home-layout';
import type { Profile } from '../config/resolve';
import { FabkitError } from '../errors';
import type { MspPlanEntry } from '../msp/plan';
import { writeMspAtomic } from '../msp/write';
import { quote } from '../validate/issue';
import type { BundleFingerprints } from './format';
import { fingerprintsOf } from './export';
import { readIfExists } from './files';
import type { MemberRecord } from './members';
import { IMPORT_HINT, parseMemberRecord, readImportedCerts } from './members';
import { parseBundleText, readBundleFile } from './parse';
import type { BundleCert, VerifiedBundle } from './verify';
import { verifyBundle } from './verify';

export const MEMBER_FILE_MODE = 0o644;

export interface ImportOptions {
  readonly now?: Date;
  /** Replace a different bundle imported earlier for the same member (kept as `<memberId>.bak-<time>`). */
  readonly force?: boolean;
  /**
   * Asks the network whether the member exists (AMB ListMembers). `false` refuses the import;
   * `undefined` means "could not tell" and is reported as memberCheck `unknown`.
   */
  readonly verifyMemberExists?: (memberId: string) => Promise<boolean | undefined>;
}

/** `confirmed` by verifyMemberExists, `unknown` when it could not tell, `not-checked` without it. */
export type MemberCheck = 'confirmed' | 'unknown' | 'not-checked';

export interface ImportResult {
  readonly outcome: 'imported' | 'already-imported' | 'replaced';
  readonly memberId: string;
  readonly name: string;
  readonly memberDir: string;
  readonly mspDir: string;
  readonly memberFile: string;
  readonly tlsRootFile: string;
  readonly peerEndpoints: readonly string[];
  readonly fabricVersion: string;
  readonly importedAt: string;
  readonly fingerprints: BundleFingerprints;
  readonly memberCheck: MemberCheck;
  /** Where the previously imported folder was moved, when `replaced`. */
  readonly backup?: string;
}

// ---------------------------------------------------------------- checks against this member and the network

function checkNotSelf(profile: Profile, v: VerifiedBundle, file: string): void {
  if (v.memberId !== profile.member.id) return;
  throw new FabkitError(
    'BUNDLE_SELF_IMPORT',
    `Member bundle ${file} is this member's own bundle (${v.memberId}): a member is not imported into itself`,
    {
      kind: 'usage',
      hint: 'Import the bundles of the other members; send yours (fabkit member export) to the channel creator.',
      details: { file, memberId: v.memberId },
    },
  );
}

async function checkMemberExists(v: VerifiedBundle, file: string, options: ImportOptions): Promise<MemberCheck> {
  if (options.verifyMemberExists === undefined) return 'not-checked';
  const exists = await options.verifyMemberExists(v.memberId);
  if (exists === undefined) return 'unknown';
  if (exists) return 'confirmed';
  throw new FabkitError(
    'BUNDLE_MEMBER_UNKNOWN',
    `Member bundle ${file} was refused: member ${v.memberId} (${quote(v.memberName)}) is not a member of this network`,
    {
      kind: 'failure',
      hint: 'Check with `aws managedblockchain list-members --network-id <n-…>` that the invitation was accepted and the member created, and that the bundle is for this network.',
      details: { file, memberId: v.memberId },
    },
  );
}

// ---------------------------------------------------------------- the folder to write

const recordFingerprints = (f: BundleFingerprints): MemberRecord['fingerprints'] => ({
  adminCerts: f.adminCerts.map((c) => c.fingerprint),
  caCerts: f.caCerts.map((c) => c.fingerprint),
  tlsRootCerts: f.tlsRootCerts.map((c) => c.fingerprint),
});

function recordOf(v: VerifiedBundle, importedAt: Date): MemberRecord {
  return {
    memberId: v.memberId,
    name: v.memberName,
    peerEndpoints: [...v.peerEndpoints],
    fabricVersion: v.fabricVersion,
    importedAt: importedAt.toISOString(),
    bundleCreatedAt: v.createdAt.toISOString(),
    manifestDigest: v.manifestDigest,
    fingerprints: recordFingerprints(fingerprintsOf(v)),
  };
}

function certEntries(certs: readonly BundleCert[], folder: string, prefix: string): MspPlanEntry[] {
  return certs.map((c, i) => ({
    path: `${MEMBER_MSP_DIR}/${folder}/${prefix}-${i}.pem`,
    contents: c.pem,
    mode: MEMBER_FILE_MODE,
  }));
}

/** Every file of `<membersDir>/<memberId>/`. */
export function planMemberFolder(v: VerifiedBundle, importedAt: Date): MspPlanEntry[] {
  return [
    ...certEntries(v.adminCerts, 'admincerts', 'admin'),
    ...certEntries(v.caCerts, 'cacerts', 'ca'),
    ...certEntries(v.tlsRootCerts, 'tlscacerts', 'tlsca'),
    { path: TLS_ROOT_FILE, contents: v.tlsRootCerts.map((c) => c.pem).join(''), mode: MEMBER_FILE_MODE },
    { path: MEMBER_FILE, contents: `${JSON.stringify(recordOf(v, importedAt), null, 2)}\n`, mode: MEMBER_FILE_MODE },
  ];
}

// ---------------------------------------------------------------- an earlier import

interface Existing {
  readonly record: MemberRecord | undefined;
  /** Why the earlier import differs from this bundle; empty when it holds the same material. */
  readonly differences: string[];
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

function recordDifferences(record: MemberRecord, v: VerifiedBundle): string[] {
  const want = recordOf(v, new Date(0));
  const out: string[] = [];
  if (record.name !== want.name) out.push(`name ${quote(record.name)} → ${quote(want.name)}`);
  if (record.fabricVersion !== want.fabricVersion)
    out.push(`Fabric version ${record.fabricVersion} → ${want.fabricVersion}`);
  if (!sameList(record.peerEndpoints, want.peerEndpoints)) out.push('peer endpoints differ');
  if (!sameList(record.fingerprints.adminCerts, want.fingerprints.adminCerts)) out.push('admin certificates differ');
  if (!sameList(record.fingerprints.caCerts, want.fingerprints.caCerts)) out.push('CA certificates differ');
  if (!sameList(record.fingerprints.tlsRootCerts, want.fingerprints.tlsRootCerts))
    out.push('TLS root certificates differ');
  return out;
}

async function diskDifferences(memberDir: string, v: VerifiedBundle): Promise<string[]> {
  const want = recordFingerprints(fingerprintsOf(v));
  try {
    const have = recordFingerprints(await readImportedCerts(memberDir));
    const same =
      sameList(have.adminCerts, want.adminCerts) &&
      sameList(have.caCerts, want.caCerts) &&
      sameList(have.tlsRootCerts, want.tlsRootCerts);
    return same ? [] : [`the certificate files under ${memberDir} do not match this bundle`];
  } catch {
    return [`the certificate files under ${memberDir} cannot be read`];
  }
}

async function readExisting(memberDir: string, v: VerifiedBundle): Promise<Existing | undefined> {
  if (
    !(await fs.lstat(memberDir).then(
      () => true,
      () => false,
    ))
  )
    return undefined;
  const file = path.join(memberDir, MEMBER_FILE);
  const text = await readIfExists(file).catch(() => '');
  let record: MemberRecord | undefined;
  try {
    record = parseMemberRecord(text ?? '', file, v.memberId);
  } catch {
    return { record: undefined, differences: [`${file} is missing or invalid`] };
  }
  return { record, differences: [...recordDifferences(record, v), ...(await diskDifferences(memberDir, v))] };
}

function conflict(file: string, memberDir: string, v: VerifiedBundle, differences: readonly string[]): FabkitError {
  return new FabkitError(
    'MEMBER_IMPORT_CONFLICT',
    `Member ${v.memberId} was already imported from a different bundle (${differences.join('; ')}); ${file} was not imported`,
    {
      kind: 'failure',
      hint: `Compare the fingerprints with the member (fabkit member show ${file}; fabkit member show --member ${v.memberId}); if the new bundle is right, run ${IMPORT_HINT} --force (the current folder is kept as a backup).`,
      details: { file, memberDir, memberId: v.memberId, differences },
    },
  );
}

// ---------------------------------------------------------------- import

function resultOf(
  v: VerifiedBundle,
  memberDir: string,
  memberCheck: MemberCheck,
  importedAt: string,
): Omit<ImportResult, 'outcome'> {
  return {
    memberId: v.memberId,
    name: v.memberName,
    memberDir,
    mspDir: path.join(memberDir, MEMBER_MSP_DIR),
    memberFile: path.join(memberDir, MEMBER_FILE),
    tlsRootFile: path.join(memberDir, TLS_ROOT_FILE),
    peerEndpoints: v.peerEndpoints,
    fabricVersion: v.fabricVersion,
    importedAt,
    fingerprints: fingerprintsOf(v),
    memberCheck,
  };
}

/** Verifies the bundle `file` and imports it. See the module comment. */
export async function importBundle(profile: Profile, file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const now = options.now ?? new Date();
  const bundle = parseBundleText(await readBundleFile(file), file);
  const verified = verifyBundle(bundle, { now, source: file });
  checkNotSelf(profile, verified, file);
  const memberCheck = await checkMemberExists(verified, file, options);
  const memberDir = memberDirOf(profile, verified.memberId);
  const existing = await readExisting(memberDir, verified);
  if (existing !== undefined && existing.differences.length === 0 && existing.record !== undefined) {
    return { outcome: 'already-imported', ...resultOf(verified, memberDir, memberCheck, existing.record.importedAt) };
  }
  if (existing !== undefined && options.force !== true) throw conflict(file, memberDir, verified, existing.differences);
  const written = await writeMspAtomic(memberDir, planMemberFolder(verified, now), {
    force: existing !== undefined,
    backupSuffix: () => now.toISOString().replace(/[:.]/g, '-'),
  });
  const base = { ...resultOf(verified, memberDir, memberCheck, now.toISOString()) };
  return written.backup === undefined
    ? { outcome: 'imported', ...base }
    : { outcome: 'replaced', ...base, backup: written.backup };
}
