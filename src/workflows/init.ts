/** Writes a member home's fabkit.yaml from a source already chosen (devnet, AMB API documents, or flags). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { profileFromAmbSource } from '../amb/profile';
import type { AmbProfileRequest } from '../amb/profile';
import { parseTlsChainSource, readTlsChain, saveTlsChain } from '../ca/tls-chain';
import type { AmbNetworkSource } from '../config/amb-source';
import { devnetHomeCopies, profileFromDevnet, readNetworkFile, selectDevnetMember } from '../config/from-devnet';
import type { HomeCopy } from '../config/from-devnet';
import { profileFromFlags } from '../config/from-flags';
import type { ProfileFlags } from '../config/from-flags';
import { profilePathOf } from '../config/home-layout';
import { loadProfile, saveProfile } from '../config/load';
import type { ProfileFile, RuntimeKind } from '../config/schema';
import { RUNTIME_KINDS } from '../config/schema';
import { usageError } from '../errors';

export type InitSource =
  /** `runtime`: `local` (default) or `docker`, as `fabkit init --runtime`. */
  | {
      readonly kind: 'devnet';
      readonly networkFile: string;
      readonly member: string;
      readonly runtime?: string | undefined;
    }
  | { readonly kind: 'flags'; readonly flags: ProfileFlags }
  /** From the Managed Blockchain API (GetNetwork, GetMember, ListNodes/GetNode): see src/amb/source.ts. */
  | ({
      readonly kind: 'amb';
      readonly source: AmbNetworkSource;
      readonly runtime?: string | undefined;
    } & AmbProfileRequest);

export interface InitResult {
  readonly outcome: 'created' | 'already-initialized' | 'replaced';
  readonly home: string;
  readonly profilePath: string;
  readonly memberId: string;
  readonly tlsChainFile: string;
}

function runtimeKindOf(value: string): RuntimeKind {
  const kind = RUNTIME_KINDS.find((k) => k === value);
  if (kind === undefined)
    throw usageError(
      'INVALID_RUNTIME',
      `--runtime "${value}" is not a runtime: use one of ${RUNTIME_KINDS.map((k) => `"${k}"`).join(', ')}`,
    );
  return kind;
}

/** `--runtime` over a source's profile (local unless asked). */
function withRuntime(file: ProfileFile, runtime: string | undefined): ProfileFile {
  return runtime === undefined ? file : { ...file, runtime: { ...file.runtime, kind: runtimeKindOf(runtime) } };
}

/** The profile a source describes, and where its TLS chain is read from. */
async function profileOfSource(
  source: InitSource,
  absHome: string,
): Promise<{ file: ProfileFile; chainSource: string; copies?: HomeCopy[] }> {
  if (source.kind === 'devnet') {
    const network = readNetworkFile(source.networkFile);
    const fromDevnet = profileFromDevnet(network, source.member, absHome);
    const file = withRuntime(
      {
        ...fromDevnet,
        tls: {
          chainFile: path.basename(network.TlsChainPath),
          source: { kind: 'file', location: network.TlsChainPath },
        },
      },
      source.runtime,
    );
    const copies = devnetHomeCopies(network, selectDevnetMember(network, source.member), file.paths.mspDir);
    return { file, chainSource: network.TlsChainPath, copies };
  }
  const file =
    source.kind === 'amb'
      ? withRuntime(await profileFromAmbSource(source.source, source), source.runtime)
      : profileFromFlags(source.flags);
  const chainSource =
    file.tls.source?.location ??
    (path.isAbsolute(file.tls.chainFile) ? file.tls.chainFile : path.join(absHome, file.tls.chainFile));
  return { file, chainSource };
}

/** A fabric-style devnet's hand-outs (admin MSP, orderer admin and org) into the home; a secret keeps mode 0600. */
function copyIntoHome(home: string, copies: readonly HomeCopy[]): void {
  for (const c of copies) {
    const to = path.resolve(home, c.to);
    fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
    fs.cpSync(c.from, to, { recursive: true, force: true });
    if (c.mode !== undefined) fs.chmodSync(to, c.mode);
  }
}

/**
 * `fabkit init`: writes <home>/fabkit.yaml. The TLS chain is checked before anything is
 * written. For the devnet, the TLS chain is copied into the home (as the tutorial copies
 * managedblockchain-tls-chain.pem into /home/ec2-user), so the docker runtime can see it under
 * /opt/home. An existing profile for the same member is reported, not overwritten; a different
 * one needs --force.
 */
export async function initProfile(
  home: string,
  source: InitSource,
  options: { force?: boolean } = {},
): Promise<InitResult> {
  const absHome = path.resolve(home);
  const { file, chainSource, copies = [] } = await profileOfSource(source, absHome);
  if (fs.existsSync(profilePathOf(absHome)) && !options.force) {
    const existing = loadProfile(absHome);
    if (existing.file.member.id === file.member.id && existing.file.network.id === file.network.id) {
      return {
        outcome: 'already-initialized',
        home: absHome,
        profilePath: existing.path,
        memberId: file.member.id,
        tlsChainFile: existing.profile.tls.chainFile,
      };
    }
  }
  // The chain is read and checked completely before anything is created: a bad one leaves no home behind.
  const chainFrom = parseTlsChainSource(chainSource);
  const chain = await readTlsChain(chainFrom, { region: file.aws?.region, s3Endpoint: file.aws?.endpointUrl });
  const replaced = fs.existsSync(profilePathOf(absHome));
  fs.mkdirSync(absHome, { recursive: true, mode: 0o700 });
  const chainTarget = path.isAbsolute(file.tls.chainFile) ? file.tls.chainFile : path.join(absHome, file.tls.chainFile);
  saveTlsChain(chainFrom, chain.pem, chainTarget);
  copyIntoHome(absHome, copies);
  const profilePath = saveProfile(absHome, file, { force: options.force });
  return {
    outcome: replaced ? 'replaced' : 'created',
    home: absHome,
    profilePath,
    memberId: file.member.id,
    tlsChainFile: chainTarget,
  };
}
