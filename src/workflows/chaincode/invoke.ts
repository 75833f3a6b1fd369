/**
 * Tutorial step 7.4 / 8.12: a chaincode invoke, through the peer CLI or the SDK. The call, its
 * policy and its endorsers are checked and resolved once (an InvokePlan); a policy's syntax is
 * checked before the channel's members are fetched from the network.
 */
import { assertChannelReady } from '../../config/channel-ready';
import type { Profile } from '../../config/resolve';
import { FabkitError } from '../../errors';
import type { InvokeOutcome } from '../../fabric-cli/chaincode-commands';
import { invokeSpec, parseInvokeOutput } from '../../fabric-cli/chaincode-commands';
import type { CommandSpec, RunResult } from '../../runtime/command-spec';
import { cliFailure } from '../../fabric-cli/failure';
import { stderrTail } from '../../runtime/stderr-tail';
import { sdkInvoke } from '../../sdk/invoke';
import { readChannelConfig } from '../channel/config';
import type { ChannelConfigSummary } from '../channel/config';
import type { ChannelMemberPeer } from '../channel/member-peers';
import { channelMemberPeers } from '../channel/member-peers';
import type { ChannelDeps } from '../channel/peer-cli';
import { targetOf } from '../channel/peer-cli';
import { ctorArgs, parseCtor } from './ctor';
import { readRecord } from './deploy-record';
import { assertEndorsersSatisfy, planEndorsers } from './endorsers';
import type { ResolvedPolicy } from './policy-plan';
import { parsePolicyInput, recordedPolicy, resolvePolicyOn } from './policy-plan';
import { assertChaincodeRef } from './source';

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

/** An invoke with its input checked and its policy resolved: what the CLI and SDK paths run. */
export interface InvokePlan extends Omit<InvokeOptions, 'policy'> {
  /** The checked call, compact JSON as the peer CLI takes it. */
  readonly ctor: string;
  readonly policy: ResolvedPolicy | undefined;
  /** Other members' peers from the channel's config (deploy passes those it read); else read when a member is not imported. */
  readonly knownPeers?: readonly ChannelMemberPeer[];
  /** The channel's config when planning read it (a given policy): not fetched a second time for the endorsers. */
  readonly channel?: ChannelConfigSummary;
}

/** The policy given (syntax first, then the channel's members), else the one fabkit recorded at deploy. */
async function resolveInvokePolicy(
  profile: Profile,
  deps: ChannelDeps,
  o: InvokeOptions,
): Promise<{ policy: ResolvedPolicy | undefined; channel?: ChannelConfigSummary }> {
  if (o.policy !== undefined) {
    const input = parsePolicyInput(o.policy);
    const channel = await readChannelConfig(profile, deps, targetOf(profile), o.channelId);
    return { policy: resolvePolicyOn(input, channel.members), channel };
  }
  const recorded = readRecord(profile, o.channelId, o.name)?.policy;
  return { policy: recorded === undefined ? undefined : recordedPolicy(recorded) };
}

/** Everything is checked before anything runs: channel, name, call, then the policy. */
async function planInvoke(profile: Profile, deps: ChannelDeps, o: InvokeOptions): Promise<InvokePlan> {
  assertChannelReady(profile, o.channelId);
  assertChaincodeRef(o.name);
  const ctor = parseCtor(o.ctor);
  return { ...o, ctor, ...(await resolveInvokePolicy(profile, deps, o)) };
}

/** The endorsers of a plan, refused when they cannot satisfy its policy (unless forced). */
async function endorsersOf(
  profile: Profile,
  deps: ChannelDeps,
  plan: InvokePlan,
): Promise<{ memberId: string; address: string; tlsRootCert: string }[]> {
  const endorsers = await planEndorsers(profile, plan.policy?.ast, plan.peers, plan.knownPeers).catch(
    async (error: unknown) => {
      // A member whose bundle was not imported: its anchor peer in the channel's config will do.
      if (plan.knownPeers || !(error instanceof FabkitError && error.code === 'MEMBER_NOT_IMPORTED')) throw error;
      const channel = plan.channel ?? (await readChannelConfig(profile, deps, targetOf(profile), plan.channelId));
      return planEndorsers(profile, plan.policy?.ast, plan.peers, channelMemberPeers(profile, channel));
    },
  );
  if (plan.policy && !plan.force)
    assertEndorsersSatisfy(
      plan.policy.ast,
      endorsers.map((e) => e.memberId),
      plan.policy.text,
    );
  return endorsers;
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

/** Runs a planned invoke through the peer CLI (deploy's init passes the plan it made itself). */
export async function runInvoke(profile: Profile, deps: ChannelDeps, plan: InvokePlan): Promise<InvokeResult> {
  const endorsers = await endorsersOf(profile, deps, plan);
  deps.onProgress?.(
    `invoking ${plan.name} on ${plan.channelId}, endorsed by ${endorsers.map((e) => `${e.memberId} (${e.address})`).join(', ')}`,
  );
  const ref = { channelId: plan.channelId, name: plan.name };
  const spec = invokeSpec(targetOf(profile), ref, plan.ctor, endorsers, plan.isInit);
  const r = await deps.executor.run(spec, { timeoutMs: plan.timeoutMs ?? 120_000 });
  const outcome = parseInvokeOutput(r.stderr);
  const base = {
    endorsers: endorsers.map((e) => ({ memberId: e.memberId, peer: e.address })),
    policy: plan.policy?.text,
    via: 'cli' as const,
  };
  assertInvokeSucceeded(`Invoking ${plan.name} on ${plan.channelId}`, spec, r, outcome, base);
  return { ...base, txId: outcome.txId, validationCode: outcome.validationCode ?? 'VALID', payload: outcome.payload };
}

/**
 * Invoke through the peer CLI with --peerAddresses for each endorsing member, after checking
 * that those members can satisfy the policy. Waits for the commit event and reports the
 * validation code; anything but VALID is an error.
 */
export async function invokeChaincode(profile: Profile, deps: ChannelDeps, o: InvokeOptions): Promise<InvokeResult> {
  return runInvoke(profile, deps, await planInvoke(profile, deps, o));
}

/**
 * The same invoke through fabric-common: the peers the policy needs endorse, every endorsement
 * and the policy are checked before anything goes to the orderer, then the commit event is awaited.
 */
export async function invokeChaincodeSdk(profile: Profile, deps: ChannelDeps, o: InvokeOptions): Promise<InvokeResult> {
  const plan = await planInvoke(profile, deps, o);
  const endorsers = await endorsersOf(profile, deps, plan);
  deps.onProgress?.(
    `invoking ${plan.name} on ${plan.channelId} with fabric-network, endorsed by ${endorsers.map((e) => e.memberId).join(', ')}`,
  );
  const r = await sdkInvoke(profile, {
    channelId: plan.channelId,
    chaincode: plan.name,
    args: ctorArgs(plan.ctor),
    isInit: plan.isInit,
    commitTimeoutMs: plan.timeoutMs,
    endorsingMembers: [...new Set(endorsers.map((e) => e.memberId))],
    policy: plan.force ? undefined : plan.policy?.ast,
  });
  return {
    txId: r.txId,
    validationCode: r.validationCode,
    payload: r.payload,
    policy: plan.policy?.text,
    via: 'sdk',
    endorsers: r.endorsements.map((e) => ({ memberId: e.memberId, peer: e.peer })),
  };
}
