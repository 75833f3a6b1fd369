/**
 * `fabkit init --from-connection-profile <file> --msp <dir>`: a member home for any Fabric
 * network from its connection profile (peers, CA, orderer, TLS roots) and an admin MSP folder.
 * Everything is read and checked before anything is written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { saveTlsChain } from '../ca/tls-chain';
import type { ConnectionProfile } from '../config/connection-profile-schema';
import type { ConnectionProfileSelection, PemRef } from '../config/from-connection-profile';
import {
  parseConnectionProfile,
  profileFromConnectionProfile,
  selectFromConnectionProfile,
} from '../config/from-connection-profile';
import { profilePathOf } from '../config/home-layout';
import { loadProfile, saveProfile } from '../config/load';
import { resolveProfile } from '../config/resolve';
import type { RuntimeKind } from '../config/schema';
import { RUNTIME_KINDS } from '../config/schema';
import type { FabkitError } from '../errors';
import { usageError } from '../errors';
import { parseCert, splitPemBundle } from '../msp/cert';
import { enablesNodeOus } from '../msp/nodeous';
import { planMspCopy } from '../msp/plan';
import { readMspSnapshot } from '../msp/verify';
import { writeMspAtomic } from '../msp/write';
import { assertMspOfOrg, checkedMsp, copyInputOf, sameIdentity } from './admin-msp-source';

/** The TLS chain file a connection-profile home keeps every TLS root in. */
export const CONNECTION_PROFILE_CHAIN_FILE = 'tls-chain.pem';
/** Fabric version written when --fabric-version is not given (connection profiles do not say). */
export const DEFAULT_CONNECTION_PROFILE_FABRIC_VERSION = '2.5';

export interface ConnectionProfileInitRequest {
  /** The connection profile, JSON or YAML. */
  readonly connectionProfile: string;
  /** The admin's MSP folder (signcerts, keystore, cacerts, and config.yaml or admincerts). */
  readonly msp: string;
  /** The organization, when the profile has several and no client.organization. */
  readonly org?: string | undefined;
  /** host:port of an orderer, when the profile has no orderers section. */
  readonly orderer?: string | undefined;
  /** PEM file of that orderer's TLS CA. */
  readonly ordererTlsCa?: string | undefined;
  readonly fabricVersion?: string | undefined;
  readonly runtime?: string | undefined;
  readonly force?: boolean | undefined;
}

export interface ConnectionProfileInitResult {
  readonly outcome: 'created' | 'already-initialized' | 'replaced';
  readonly home: string;
  readonly profilePath: string;
  readonly memberId: string;
  readonly organization: string;
  readonly tlsChainFile: string;
  readonly mspDir: string;
  readonly nodeOUs: boolean;
  readonly notes: readonly string[];
}

function unreadable(what: string, file: string, error: unknown): FabkitError {
  const code = (error as NodeJS.ErrnoException).code ?? 'an error';
  return usageError(
    'INIT_FILE_UNREADABLE',
    `${what} ${file} cannot be read (${code})`,
    'Check the path and its permissions.',
    {
      file,
    },
  );
}

/** Reads a connection profile: JSON by its extension or first character, else YAML. */
export function readConnectionProfile(file: string): ConnectionProfile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw unreadable('Connection profile', file, error);
  }
  let data: unknown;
  try {
    data =
      file.endsWith('.json') || text.trimStart().startsWith('{')
        ? JSON.parse(text)
        : yaml.load(text, { schema: yaml.CORE_SCHEMA });
  } catch (error) {
    throw usageError(
      'CONNECTION_PROFILE_INVALID',
      `Connection profile ${file} is not valid JSON or YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      'Pass the connection-<org>.json (or .yaml) file the network gave you, unchanged.',
      { file },
    );
  }
  return parseConnectionProfile(data, file);
}

/** The certificates of one TLS CA field: inline PEM or a file relative to the profile's folder. */
function pemsOf(ref: PemRef, baseDir: string): string[] {
  const { pem, path: file } = ref.source;
  let text: string;
  if (pem !== undefined) text = Array.isArray(pem) ? pem.join('\n') : pem;
  else {
    const full = path.resolve(baseDir, file ?? '');
    try {
      text = fs.readFileSync(full, 'utf8');
    } catch (error) {
      throw usageError(
        'INIT_FILE_UNREADABLE',
        `${ref.field}.path: ${full} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        'A relative tlsCACerts.path is read from the folder of the connection profile.',
        { field: ref.field, file: full },
      );
    }
  }
  try {
    return splitPemBundle(text.replace(/\\n/g, '\n'), ref.field);
  } catch (error) {
    throw usageError(
      'CONNECTION_PROFILE_INVALID',
      `${ref.field}: ${error instanceof Error ? error.message : String(error)}`,
      'tlsCACerts must hold PEM certificates.',
      { field: ref.field },
    );
  }
}

/** Every TLS root of the selection, deduplicated, in one PEM bundle. */
function tlsChainOf(refs: readonly PemRef[], baseDir: string): { pem: string; caRoots: string[] } {
  const seen = new Set<string>();
  const all: string[] = [];
  for (const ref of refs)
    for (const pem of pemsOf(ref, baseDir))
      if (!seen.has(pem)) {
        seen.add(pem);
        all.push(pem);
      }
  return { pem: all.join(''), caRoots: all };
}

function ordererOf(
  sel: ConnectionProfileSelection,
  r: ConnectionProfileInitRequest,
  file: string,
): PemRef & { endpoint: string } {
  if (r.orderer !== undefined) {
    if (r.ordererTlsCa === undefined)
      throw usageError(
        'INIT_ORDERER_TLS_MISSING',
        '--orderer needs --orderer-tls-ca <pem file> (the TLS CA of that orderer)',
      );
    return { endpoint: r.orderer, field: '--orderer-tls-ca', source: { path: path.resolve(r.ordererTlsCa) } };
  }
  if (sel.orderer !== undefined) return { ...sel.orderer.tls, endpoint: sel.orderer.endpoint };
  throw usageError(
    'CONNECTION_PROFILE_NO_ORDERER',
    `Connection profile ${file} has no orderers section, so it does not say where the ordering service is (fabric-samples' test-network writes none)`,
    'Pass --orderer <host:port> --orderer-tls-ca <pem file>, e.g. --orderer localhost:7050 --orderer-tls-ca organizations/ordererOrganizations/example.com/tlsca/tlsca.example.com-cert.pem.',
    { file },
  );
}

function runtimeOf(value: string | undefined): RuntimeKind | undefined {
  if (value === undefined) return undefined;
  const kind = RUNTIME_KINDS.find((k) => k === value);
  if (kind === undefined)
    throw usageError(
      'INVALID_RUNTIME',
      `--runtime "${value}" is not a runtime: use one of ${RUNTIME_KINDS.join(', ')}`,
    );
  return kind;
}

/**
 * Writes <home>/fabkit.yaml, <home>/tls-chain.pem and <home>/admin-msp from a connection profile
 * and an admin MSP folder. A profile already there for the same member and network is reported
 * as already initialized; anything else there needs `force`.
 */
export async function initFromConnectionProfile(
  home: string,
  r: ConnectionProfileInitRequest,
): Promise<ConnectionProfileInitResult> {
  const absHome = path.resolve(home);
  const file = path.resolve(r.connectionProfile);
  const ccp = readConnectionProfile(file);
  const sel = selectFromConnectionProfile(ccp, r.org, file);
  const orderer = ordererOf(sel, r, file);
  const baseDir = path.dirname(file);
  const chain = tlsChainOf([...sel.peers.map((p) => p.tls), orderer, sel.ca.tls], baseDir);
  const caTls = tlsChainOf([sel.ca.tls], baseDir);
  const mspDir = path.resolve(r.msp);
  const snap = await readMspSnapshot(mspDir);
  checkedMsp(snap, r.msp);
  const copy = copyInputOf(snap);
  await assertMspOfOrg(copy.certPem, sel, caTls, r.msp);
  const nodeOUs = enablesNodeOus(snap.configYaml);
  const adminUser = parseCert(copy.certPem).commonName || 'Admin';
  const profileFile = profileFromConnectionProfile(
    { ...sel, orderer: { name: orderer.field, endpoint: orderer.endpoint, tls: orderer } },
    {
      fabricVersion: r.fabricVersion ?? DEFAULT_CONNECTION_PROFILE_FABRIC_VERSION,
      adminUser,
      nodeOUs,
      chainFile: CONNECTION_PROFILE_CHAIN_FILE,
      runtime: runtimeOf(r.runtime),
    },
    file,
  );
  const profile = resolveProfile(profileFile, absHome);
  const base = {
    home: absHome,
    memberId: profileFile.member.id,
    organization: sel.orgName,
    tlsChainFile: profile.tls.chainFile,
    mspDir: profile.paths.mspDir,
    nodeOUs,
    notes: sel.notes,
  };
  const existed = fs.existsSync(profilePathOf(absHome));
  if (existed && r.force !== true) {
    const existing = loadProfile(absHome);
    if (existing.file.member.id === profileFile.member.id && existing.file.network.id === profileFile.network.id)
      return { ...base, outcome: 'already-initialized', profilePath: existing.path };
    throw usageError(
      'PROFILE_EXISTS',
      `${existing.path} already holds a profile for member ${existing.file.member.id} of network ${existing.file.network.id}; nothing was written`,
      'Pass --force to replace it (the admin MSP is kept as a backup), or use another --home.',
      { profilePath: existing.path },
    );
  }
  const plan = planMspCopy(copy);
  fs.mkdirSync(absHome, { recursive: true, mode: 0o700 });
  // An admin-msp of the same identity (a run interrupted before fabkit.yaml was written) is kept.
  if (r.force === true || !sameIdentity(profile.paths.mspDir, copy.certPem))
    await writeMspAtomic(profile.paths.mspDir, plan, { force: r.force });
  saveTlsChain({ kind: 'file', location: file }, chain.pem, profile.tls.chainFile);
  const profilePath = saveProfile(absHome, profileFile, { force: r.force });
  return { ...base, outcome: existed ? 'replaced' : 'created', profilePath };
}
