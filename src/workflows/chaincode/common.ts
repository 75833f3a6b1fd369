import * as fs from 'node:fs';
import * as path from 'node:path';
import { readImportedMember } from '../../bundle/members';
import type { Profile } from '../../config/resolve';
import { FabkitError, usageError } from '../../errors';
import type { EndorsingPeer } from '../../fabric-cli/chaincode-commands';
import type { PolicyAst } from '../../policy';
import {
  assertValidPolicy,
  checkEndorsements,
  describeMissing,
  formatPolicy,
  mspIdsOf,
  resolvePolicy,
} from '../../policy';
import { assertChaincodeName, assertChaincodeNameVersion, assertChaincodeVersion } from '../../validate/ids';
import { channelFiles } from '../channel/context';

export type Lifecycle = '1.x' | '2.x';

export type { StepReport } from '../step-report';
export { step } from '../step-report';

/**
 * `-c` / `--ctor` as the peer CLI takes it: a JSON object with an "Args" array of strings
 * (optionally "function"). Returns the compact JSON; refuses anything else before any call.
 */
export function parseCtor(text: string, flag = '-c'): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw usageError(
      'CTOR_NOT_JSON',
      `${flag} ${JSON.stringify(text)} is not JSON: ${(error as Error).message}`,
      `Pass it the way the peer CLI takes it, e.g. ${flag} '{"Args":["init","a","100","b","200"]}'`,
    );
  }
  const args = (value as { Args?: unknown } | null)?.Args;
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    !Array.isArray(args) ||
    !args.every((a) => typeof a === 'string')
  ) {
    throw usageError(
      'CTOR_INVALID',
      `${flag} ${JSON.stringify(text)} must be an object with an "Args" array of strings`,
      `e.g. ${flag} '{"Args":["query","a"]}' (numbers are passed as strings: "10", not 10)`,
    );
  }
  return JSON.stringify(value);
}

export function ctorArgs(ctor: string): string[] {
  const v = JSON.parse(ctor) as { function?: string; Args: string[] };
  return v.function === undefined ? v.Args : [v.function, ...v.Args];
}

export function assertChaincodeRef(name: string, version?: string): void {
  assertChaincodeName(name);
  if (version !== undefined) assertChaincodeVersion(version);
  if (version !== undefined) assertChaincodeNameVersion(name, version);
}

/** Parses a policy or a shorthand (all-members, any-member, majority) against the channel's members; unknown members are refused. */
export function policyFor(text: string, channelMembers: readonly string[]): { ast: PolicyAst; text: string } {
  const ast = resolvePolicy(text, channelMembers);
  assertValidPolicy(ast, { knownMemberIds: channelMembers });
  return { ast, text: formatPolicy(ast) };
}

/** The smallest set of members (this one first) whose peers' endorsements satisfy the policy. */
export function endorsingMembersFor(ast: PolicyAst | undefined, self: string): string[] {
  if (!ast) return [self];
  const withSelf = mspIdsOf(ast).includes(self) ? [self] : [];
  const r = checkEndorsements(
    ast,
    withSelf.map((mspId) => ({ mspId, role: 'peer' as const })),
  );
  return [...withSelf, ...r.missing];
}

/** Refuses an endorsing set that cannot satisfy the policy: a doomed transaction is never sent to the orderer. */
export function assertEndorsersSatisfy(ast: PolicyAst, members: readonly string[], policyText: string): void {
  const r = checkEndorsements(
    ast,
    members.map((mspId) => ({ mspId, role: 'peer' as const })),
  );
  if (r.satisfied) return;
  throw new FabkitError(
    'POLICY_NOT_SATISFIED',
    `Endorsements from ${members.join(', ') || 'no member'} cannot satisfy ${policyText}: ${describeMissing(r.missing)}`,
    {
      kind: 'usage',
      details: { missing: r.missing, endorsers: members },
      hint: `Add a peer of ${r.missing.join(' and ') || 'the missing members'} (--peer), or leave --peer out and fabkit picks the peers the policy needs. --force sends it anyway (it will be invalidated).`,
    },
  );
}

/** One endorsing peer per member: this member's first peer, or an imported member's first peer with its TLS root. */
export async function endorsingPeerOf(
  profile: Profile,
  memberId: string,
): Promise<EndorsingPeer & { memberId: string }> {
  if (memberId === profile.member.id) {
    return {
      memberId,
      address: profile.peers[0]?.endpoint.address ?? '',
      tlsRootCert: profile.toolPath(profile.tls.chainFile),
    };
  }
  const m = await readImportedMember(profile, memberId);
  const address = m.peerEndpoints[0];
  if (!address)
    throw usageError(
      'MEMBER_HAS_NO_PEER',
      `Imported member ${memberId} has no peer endpoint`,
      `Ask ${memberId} to create a peer node and send a new bundle (fabkit member export).`,
    );
  return { memberId, address, tlsRootCert: profile.toolPath(m.tlsRootFile) };
}

/** Which member owns a peer endpoint: this member, or one of the imported members. */
export async function memberOfPeer(
  profile: Profile,
  address: string,
  imported: readonly { memberId: string; peerEndpoints: readonly string[] }[],
): Promise<string> {
  if (profile.peers.some((p) => p.endpoint.address === address)) return profile.member.id;
  const owner = imported.find((m) => m.peerEndpoints.includes(address));
  if (!owner)
    throw usageError(
      'UNKNOWN_PEER',
      `Peer ${address} belongs neither to this member nor to an imported member`,
      "Use a peer listed in fabkit.yaml, or import its member's bundle first (fabkit member import).",
    );
  return owner.memberId;
}

/** What fabkit deployed on a channel: the policy (the peer CLI cannot read it back on 1.x), version, sequence. */
export interface DeployRecord {
  readonly name: string;
  readonly channelId: string;
  readonly lifecycle: Lifecycle;
  readonly version: string;
  readonly sequence?: number;
  readonly policy?: string;
  readonly initRequired?: boolean;
  readonly initDone?: boolean;
  readonly packageId?: string;
}

export function recordFile(profile: Profile, channelId: string, name: string): string {
  return path.join(channelFiles(profile, channelId).dir, `chaincode-${name}.json`);
}

export function readRecord(profile: Profile, channelId: string, name: string): DeployRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(recordFile(profile, channelId, name), 'utf8')) as DeployRecord;
  } catch {
    return undefined;
  }
}

export function writeRecord(profile: Profile, record: DeployRecord): void {
  const file = recordFile(profile, record.channelId, record.name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

/** The chaincode source directory: must exist and look like Node chaincode (package.json). */
export function assertChaincodeSource(dir: string): string {
  const abs = path.resolve(dir);
  if (!fs.existsSync(path.join(abs, 'package.json'))) {
    throw usageError(
      'CHAINCODE_SOURCE_INVALID',
      `${abs} is not a Node chaincode directory: it has no package.json`,
      'Pass --path to the chaincode folder, e.g. --path chaincode/example02.',
    );
  }
  return abs;
}
