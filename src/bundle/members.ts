/**
 * Imported members on the channel creator's side: `<membersDir>/<memberId>/` holds
 *
 *   member.json                 what the bundle said (MemberRecord)
 *   tls-root.pem                the member's TLS chain, all certificates in one file
 *   msp/admincerts/admin-<i>.pem
 *   msp/cacerts/ca-<i>.pem
 *   msp/tlscacerts/tlsca-<i>.pem
 *
 * `msp/` is a pre-NodeOU verifying MSP, usable as MSPDir in configtx.yaml (AMB step 8.5).
 */
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { z } from 'zod';
import { importedMemberFiles, MEMBER_MSP_DIR, memberFilesIn, TLS_ROOT_FILE } from '../config/home-layout';
import type { Profile } from '../config/resolve';
import { formatIssuePath } from '../config/resolve';
import { FabkitError } from '../errors';
import { parseX509, splitPemBundle } from '../msp/cert';
import { readMspSnapshot } from '../msp/verify';
import { assertMemberId, validateMemberId } from '../validate/ids';
import { errnoOf, readIfExists } from './files';
import type { BundleFingerprints, CertFingerprint } from './format';

export const IMPORT_HINT = 'fabkit member import <bundle>';

const fingerprintList = z.array(z.string());

const memberRecordSchema = z.object({
  memberId: z.string(),
  name: z.string(),
  peerEndpoints: z.array(z.string()),
  fabricVersion: z.string(),
  importedAt: z.string(),
  bundleCreatedAt: z.string(),
  manifestDigest: z.string(),
  fingerprints: z.object({ adminCerts: fingerprintList, caCerts: fingerprintList, tlsRootCerts: fingerprintList }),
});

/** The content of member.json. Fingerprints are SHA-256, upper-case colon hex. */
export type MemberRecord = z.infer<typeof memberRecordSchema>;

export interface ImportedMember {
  readonly memberId: string;
  readonly name: string;
  /** Absolute host path of `<membersDir>/<memberId>`. */
  readonly memberDir: string;
  /** Absolute host path of `<membersDir>/<memberId>/msp` (configtx.yaml MSPDir, through profile.toolPath). */
  readonly mspDir: string;
  readonly peerEndpoints: readonly string[];
  readonly fabricVersion: string;
  /** Absolute host path of the member's TLS chain file (all its TLS root certificates). */
  readonly tlsRootFile: string;
  readonly importedAt: string;
  readonly bundleCreatedAt: string;
  readonly fingerprints: MemberRecord['fingerprints'];
}

function recordInvalid(file: string, reason: string): FabkitError {
  return new FabkitError('MEMBER_RECORD_INVALID', `Imported member record ${file} is invalid: ${reason}`, {
    kind: 'failure',
    hint: `Import the member's bundle again with --force (${IMPORT_HINT} --force).`,
    details: { file },
  });
}

/** Parses member.json text; `memberId` is the folder name it must match. */
export function parseMemberRecord(text: string, file: string, memberId: string): MemberRecord {
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch {
    throw recordInvalid(file, 'it is not valid JSON');
  }
  const result = memberRecordSchema.safeParse(data);
  if (!result.success)
    throw recordInvalid(file, result.error.issues.map((i) => `${formatIssuePath(i.path)}: ${i.message}`).join('; '));
  if (result.data.memberId !== memberId)
    throw recordInvalid(file, `its memberId "${result.data.memberId}" is not the folder's name "${memberId}"`);
  return result.data;
}

async function isDir(p: string): Promise<boolean> {
  return fs.stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

function notImported(profile: Profile, memberId: string, file: string): FabkitError {
  return new FabkitError('MEMBER_NOT_IMPORTED', `Member ${memberId} has not been imported: ${file} does not exist`, {
    kind: 'usage',
    hint: `Ask the member for their bundle and run: ${IMPORT_HINT}`,
    details: { memberId, membersDir: profile.paths.membersDir },
  });
}

/** The imported member `memberId`; MEMBER_NOT_IMPORTED when it is absent. */
export async function readImportedMember(profile: Profile, memberId: string): Promise<ImportedMember> {
  assertMemberId(memberId);
  const { dir: memberDir, memberFile: file, mspDir, tlsRootFile } = importedMemberFiles(profile, memberId);
  const text = await readIfExists(file).catch((error: unknown) => {
    throw recordInvalid(file, `it cannot be read (${errnoOf(error) ?? 'unexpected error'})`);
  });
  if (text === undefined) throw notImported(profile, memberId, file);
  const record = parseMemberRecord(text, file, memberId);
  if (!(await isDir(mspDir))) throw recordInvalid(file, `its MSP folder ${mspDir} is missing`);
  if ((await readIfExists(tlsRootFile)) === undefined)
    throw recordInvalid(file, `its TLS root file ${tlsRootFile} is missing`);
  const { name, peerEndpoints, fabricVersion, importedAt, bundleCreatedAt, fingerprints } = record;
  return {
    memberId,
    name,
    memberDir,
    mspDir,
    peerEndpoints,
    fabricVersion,
    tlsRootFile,
    importedAt,
    bundleCreatedAt,
    fingerprints,
  };
}

/** Every imported member (folders of membersDir named like a member ID that hold member.json), sorted by member ID. */
export async function listImportedMembers(profile: Profile): Promise<ImportedMember[]> {
  const names = await fs.readdir(profile.paths.membersDir).catch((error: unknown) => {
    if (errnoOf(error) === 'ENOENT') return [] as string[];
    throw error;
  });
  const ids = names.filter((n) => validateMemberId(n).length === 0).sort();
  const members: ImportedMember[] = [];
  for (const id of ids) {
    const hasRecord = await fs.lstat(importedMemberFiles(profile, id).memberFile).then(
      () => true,
      () => false,
    );
    if (!hasRecord) continue; // not an import (e.g. a folder made by hand)
    members.push(await readImportedMember(profile, id));
  }
  return members;
}

// ---------------------------------------------------------------- certificates on disk

interface NamedText {
  readonly name: string;
  readonly text: string;
}

/** One fingerprint per certificate; a file with several gets entries `<file>#<i>`. */
export function fingerprintFiles(files: readonly NamedText[]): CertFingerprint[] {
  return files.flatMap((f) => {
    const pems = splitPemBundle(f.text, f.name);
    return pems.map((pem, i) => {
      const x509 = new X509Certificate(pem);
      const parsed = parseX509(x509, { ignoreBadAttrs: true });
      return {
        entry: pems.length === 1 ? f.name : `${f.name}#${i}`,
        subject: parsed.subject,
        notAfter: parsed.notAfter.toISOString(),
        fingerprint: x509.fingerprint256,
      };
    });
  });
}

/** The certificates of an imported member's folder as they are on disk now. */
export async function readImportedCerts(memberDir: string): Promise<BundleFingerprints> {
  const files = memberFilesIn(memberDir);
  const snap = await readMspSnapshot(files.mspDir);
  const tls = await readIfExists(files.tlsRootFile);
  const named = (folder: 'admincerts' | 'cacerts'): NamedText[] =>
    (snap.folders[folder] ?? []).map((f) => ({ name: `${MEMBER_MSP_DIR}/${f.name}`, text: f.text }));
  return {
    adminCerts: fingerprintFiles(named('admincerts')),
    caCerts: fingerprintFiles(named('cacerts')),
    tlsRootCerts: tls === undefined ? [] : fingerprintFiles([{ name: TLS_ROOT_FILE, text: tls }]),
  };
}
