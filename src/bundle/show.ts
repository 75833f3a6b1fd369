/**
 * `fabkit member show`: SHA-256 fingerprints of a member's admin, CA and TLS root certificates,
 * so that both sides can compare them over the phone before and after the import.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Profile } from '../config/resolve';
import { FabkitError } from '../errors';
import { readMspSnapshot } from '../msp/verify';
import type { BundleFingerprints } from './format';
import { fingerprintsOf } from './export';
import { errnoOf } from './files';
import { fingerprintFiles, readImportedCerts, readImportedMember } from './members';
import { parseBundleText, readBundleFile } from './parse';
import { verifyBundle } from './verify';

export interface MemberDescription extends BundleFingerprints {
  /** `bundle`: a bundle file (fully verified); `own`: this member's MSP; `imported`: an imported member's folder. */
  readonly source: 'bundle' | 'own' | 'imported';
  /** The bundle file, the MSP folder, or the imported member's folder. */
  readonly location: string;
  readonly memberId: string;
  readonly name: string;
  readonly fabricVersion: string;
  readonly peerEndpoints: readonly string[];
  /** When the bundle was exported (bundle and imported member). */
  readonly createdAt?: string;
  /** When it was imported (imported member only). */
  readonly importedAt?: string;
}

/** Verifies a bundle file (as the import would) and describes it. */
export async function describeBundleFile(
  file: string,
  options: { readonly now?: Date } = {},
): Promise<MemberDescription> {
  const bundle = parseBundleText(await readBundleFile(file), file);
  const v = verifyBundle(bundle, { now: options.now ?? new Date(), source: file });
  return {
    source: 'bundle',
    location: file,
    memberId: v.memberId,
    name: v.memberName,
    fabricVersion: v.fabricVersion,
    peerEndpoints: v.peerEndpoints,
    createdAt: v.createdAt.toISOString(),
    ...fingerprintsOf(v),
  };
}

async function readTls(file: string): Promise<string> {
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

/** This member's own fingerprints: admincerts/ and cacerts/ of the admin MSP, and the TLS chain file. */
export async function describeOwnMember(profile: Profile): Promise<MemberDescription> {
  const dir = profile.paths.mspDir;
  const snap = await readMspSnapshot(dir);
  if (!snap.exists) {
    throw new FabkitError('MSP_DIR_MISSING', `MSP folder ${dir} does not exist or is not a directory`, {
      kind: 'failure',
      hint: 'Enroll the admin first (fabkit enroll).',
      details: { dir },
    });
  }
  const tls = await readTls(profile.tls.chainFile);
  return {
    source: 'own',
    location: dir,
    memberId: profile.member.id,
    name: profile.member.name,
    fabricVersion: profile.network.fabricVersion.text,
    peerEndpoints: profile.peers.map((p) => p.endpoint.address),
    adminCerts: fingerprintFiles(snap.folders.admincerts ?? []),
    caCerts: fingerprintFiles(snap.folders.cacerts ?? []),
    tlsRootCerts: fingerprintFiles([{ name: path.basename(profile.tls.chainFile), text: tls }]),
  };
}

/** An imported member's fingerprints, computed from the files on disk. MEMBER_NOT_IMPORTED when absent. */
export async function describeImportedMember(profile: Profile, memberId: string): Promise<MemberDescription> {
  const member = await readImportedMember(profile, memberId);
  return {
    source: 'imported',
    location: member.memberDir,
    memberId,
    name: member.name,
    fabricVersion: member.fabricVersion,
    peerEndpoints: member.peerEndpoints,
    createdAt: member.bundleCreatedAt,
    importedAt: member.importedAt,
    ...(await readImportedCerts(member.memberDir)),
  };
}
