import { listImportedMembers } from '../../bundle/members';
import { sdkInvoke, sdkQuery } from '../../sdk';
import { assertChannelReady } from '../../config/channel-ready';
import type { Profile } from '../../config/resolve';
import { FabkitError } from '../../errors';
import { invokeSpec, parseInvokeOutput, querySpec } from '../../fabric-cli/chaincode-commands';
import type { InvokeOutcome } from '../../fabric-cli/chaincode-commands';
import type { CommandSpec, RunResult } from '../../runtime/command-spec';
import type { PolicyAst } from '../../policy';
import { parsePolicy } from '../../policy';
import { cliFailure, mustRun, stderrTail } from '../../runtime/run-spec';
import { readChannelConfig } from '../channel/config';
import type { ChannelDeps } from '../channel/peer-cli';
import { targetOf } from '../channel/peer-cli';
import {
  assertChaincodeRef,
  assertEndorsersSatisfy,
  ctorArgs,
  endorsingMembersFor,
  endorsingPeerOf,
  memberOfPeer,
  parseCtor,
  policyFor,
  readRecord,
} from './common';

export interface QueryOptions {
  readonly channelId: string;
  readonly name: string;
  readonly ctor: string;
  readonly peer?: string;
}

export interface QueryResult {
  readonly payload: string;
  readonly peer: string;
  readonly via: 'cli' | 'sdk';
}

/** `peer chaincode query` on one of this member's peers. */
export async function queryChaincode(profile: Profile, deps: ChannelDeps, o: QueryOptions): Promise<QueryResult> {
  assertChannelReady(profile, o.channelId);
  assertChaincodeRef(o.name);
  const ctor = parseCtor(o.ctor);
  const t = targetOf(profile, o.peer);
  const r = await mustRun(
    deps.executor,
    querySpec(t, { channelId: o.channelId, name: o.name }, ctor),
    `Querying ${o.name} on ${o.channelId}`,
  );
  return { payload: r.stdout.replace(/\n$/, ''), peer: t.peer, via: 'cli' };
}

export interface InvokeOptions {
  readonly channelId: string;
  readonly name: string;
  readonly ctor: string;
  /** Endorsing peers; default: one peer of each member the policy needs. */
  readonly peers?: readonly string[];
  /** Endorsement policy or shorthand; default: the one fabkit deployed the chaincode with, if known. */
  readonly policy?: string;
  readonly isInit?: boolean;
  /** Send even when the endorsers cannot satisfy the policy (the transaction will be invalidated). */
  readonly force?: boolean;
  readonly timeoutMs?: number;
}

export interface InvokeResult {
  readonly txId: string | undefined;
  readonly validationCode: string;
  readonly payload: string | undefined;
  readonly endorsers: { memberId: string; peer: string }[];
  readonly policy: string | undefined;
  readonly via: 'cli' | 'sdk';
}

async function resolveInvokePolicy(
  profile: Profile,
  deps: ChannelDeps,
  o: InvokeOptions,
): Promise<{ ast: PolicyAst; text: string } | undefined> {
  if (o.policy !== undefined) {
    const channel = await readChannelConfig(profile, deps, targetOf(profile), o.channelId);
    return policyFor(o.policy, channel.members);
  }
  const recorded = readRecord(profile, o.channelId, o.name)?.policy;
  return recorded === undefined ? undefined : { ast: parsePolicy(recorded), text: recorded };
}

/** The endorsing peers: the ones asked for (each mapped to its member), or one per member the policy needs. */
export async function planEndorsers(
  profile: Profile,
  ast: PolicyAst | undefined,
  peers: readonly string[] | undefined,
): Promise<{ memberId: string; address: string; tlsRootCert: string }[]> {
  if (peers && peers.length > 0) {
    const imported = await listImportedMembers(profile);
    return Promise.all(
      peers.map(async (address) => {
        const memberId = await memberOfPeer(profile, address, imported);
        const known = await endorsingPeerOf(profile, memberId);
        return { ...known, address };
      }),
    );
  }
  return Promise.all(endorsingMembersFor(ast, profile.member.id).map((m) => endorsingPeerOf(profile, m)));
}

/** VALID and exit 0, or the error that says what happened: invalidated after ordering, or refused before. */
function assertInvokeSucceeded(
  what: string,
  spec: CommandSpec,
  r: RunResult,
  outcome: InvokeOutcome,
  base: Record<string, unknown>,
): void {
  if (outcome.validationCode !== undefined && outcome.validationCode !== 'VALID') {
    throw new FabkitError(
      'TX_INVALIDATED',
      `Transaction ${outcome.txId ?? '(unknown id)'} was ordered but invalidated: ${outcome.validationCode}`,
      {
        details: {
          ...base,
          txId: outcome.txId,
          validationCode: outcome.validationCode,
          stderrTail: stderrTail(r.stderr, 4),
        },
        hint:
          outcome.validationCode === 'ENDORSEMENT_POLICY_FAILURE'
            ? "The endorsing peers did not satisfy the chaincode's endorsement policy: add a peer of every member the policy needs (leave --peer out to let fabkit choose)."
            : 'The ledger did not change. Retry for MVCC_READ_CONFLICT; otherwise see the stderr tail.',
      },
    );
  }
  if (r.exitCode !== 0) {
    throw cliFailure(
      what,
      spec,
      r,
      /endorsement failure|chaincode response 500|error endorsing/i.test(r.stderr)
        ? 'A peer refused to endorse (the chaincode returned an error, or the chaincode is not installed on that peer); nothing was sent to the orderer.'
        : undefined,
    );
  }
}

/**
 * Tutorial step 7.4 / 8.12: invoke through the peer CLI with --peerAddresses for each endorsing
 * member, after checking that those members can satisfy the policy. Waits for the commit event
 * and reports the validation code; anything but VALID is an error.
 */
export async function invokeChaincode(profile: Profile, deps: ChannelDeps, o: InvokeOptions): Promise<InvokeResult> {
  assertChannelReady(profile, o.channelId);
  assertChaincodeRef(o.name);
  const ctor = parseCtor(o.ctor);
  const policy = await resolveInvokePolicy(profile, deps, o);
  const endorsers = await planEndorsers(profile, policy?.ast, o.peers);
  if (policy && !o.force)
    assertEndorsersSatisfy(
      policy.ast,
      endorsers.map((e) => e.memberId),
      policy.text,
    );
  deps.onProgress?.(
    `invoking ${o.name} on ${o.channelId}, endorsed by ${endorsers.map((e) => `${e.memberId} (${e.address})`).join(', ')}`,
  );
  const spec = invokeSpec(targetOf(profile), { channelId: o.channelId, name: o.name }, ctor, endorsers, o.isInit);
  const r = await deps.executor.run(spec, { timeoutMs: o.timeoutMs ?? 120_000 });
  const outcome = parseInvokeOutput(r.stderr);
  const base = {
    endorsers: endorsers.map((e) => ({ memberId: e.memberId, peer: e.address })),
    policy: policy?.text,
    via: 'cli' as const,
  };
  assertInvokeSucceeded(`Invoking ${o.name} on ${o.channelId}`, spec, r, outcome, base);
  return { ...base, txId: outcome.txId, validationCode: outcome.validationCode ?? 'VALID', payload: outcome.payload };
}

/** The same query through fabric-network (fabkit's SDK path) instead of the peer CLI. */
export async function queryChaincodeSdk(profile: Profile, o: QueryOptions): Promise<QueryResult> {
  assertChannelReady(profile, o.channelId);
  assertChaincodeRef(o.name);
  const r = await sdkQuery(profile, {
    channelId: o.channelId,
    chaincode: o.name,
    args: ctorArgs(parseCtor(o.ctor)),
    peer: o.peer,
  });
  return { payload: r.payload, peer: r.peer, via: 'sdk' };
}

/**
 * The same invoke through fabric-common: the peers the policy needs endorse, every endorsement
 * and the policy are checked before anything goes to the orderer, then the commit event is awaited.
 */
export async function invokeChaincodeSdk(profile: Profile, deps: ChannelDeps, o: InvokeOptions): Promise<InvokeResult> {
  assertChannelReady(profile, o.channelId);
  assertChaincodeRef(o.name);
  const args = ctorArgs(parseCtor(o.ctor));
  const policy = await resolveInvokePolicy(profile, deps, o);
  const endorsers = await planEndorsers(profile, policy?.ast, o.peers);
  if (policy && !o.force)
    assertEndorsersSatisfy(
      policy.ast,
      endorsers.map((e) => e.memberId),
      policy.text,
    );
  deps.onProgress?.(
    `invoking ${o.name} on ${o.channelId} with fabric-network, endorsed by ${endorsers.map((e) => e.memberId).join(', ')}`,
  );
  const r = await sdkInvoke(profile, {
    channelId: o.channelId,
    chaincode: o.name,
    args,
    isInit: o.isInit,
    commitTimeoutMs: o.timeoutMs,
    endorsingMembers: [...new Set(endorsers.map((e) => e.memberId))],
    policy: o.force ? undefined : policy?.text,
  });
  return {
    txId: r.txId,
    validationCode: r.validationCode,
    payload: r.payload,
    policy: policy?.text,
    via: 'sdk',
    endorsers: r.endorsements.map((e) => ({ memberId: e.memberId, peer: e.peer })),
  };
}
