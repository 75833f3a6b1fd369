/** Tutorial step 7.4 / 8.12: a chaincode invoke, through the peer CLI or the SDK, endorsed by the members the policy needs. */
import { assertChannelReady } from '../../config/channel-ready';
import type { Profile } from '../../config/resolve';
import { FabkitError } from '../../errors';
import type { InvokeOutcome } from '../../fabric-cli/chaincode-commands';
import { invokeSpec, parseInvokeOutput } from '../../fabric-cli/chaincode-commands';
import type { PolicyAst } from '../../policy';
import { parsePolicy } from '../../policy';
import type { CommandSpec, RunResult } from '../../runtime/command-spec';
import { cliFailure, stderrTail } from '../../runtime/run-spec';
import { sdkInvoke } from '../../sdk/invoke';
import { readChannelConfig } from '../channel/config';
import type { ChannelDeps } from '../channel/peer-cli';
import { targetOf } from '../channel/peer-cli';
import { ctorArgs, parseCtor } from './ctor';
import { readRecord } from './deploy-record';
import { assertEndorsersSatisfy, planEndorsers } from './endorsers';
import { policyFor } from './policy-plan';
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
