/**
 * Invoke through the SDK (fabric-network 2.2 gateway + fabric-common 2.2). sdkInvoke never
 * submits a doomed transaction: the proposal goes to one peer of each endorsing member with
 * explicit targets, every answer is collected, and only when all of them endorsed, agree, and
 * satisfy the given policy is the transaction sent to the ordering service. It then waits for
 * the commit event of one of this member's peers and reports the validation code.
 */
import type { Endorsement, Endorser } from 'fabric-common';
import type { Profile } from '../config/resolve';
import { FabkitError, usageError } from '../errors';
import type { PolicyAst } from '../policy/ast';
import { parsePolicy } from '../policy/parse';
import { assertMemberId } from '../validate/ids';
import { awaitCommit, broadcast, DEFAULT_COMMIT_TIMEOUT_MS, watchCommit } from './commit';
import type { EndorsementRecord, EndorsementTarget, RawEndorsementResults, TransactionContext } from './endorsements';
import {
  assertAllEndorsed,
  assertEndorsementsAgree,
  assertPolicySatisfied,
  classifyEndorsements,
  recordOf,
} from './endorsements';
import type { SdkSession } from './gateway';
import { withGateway } from './gateway';
import { assertCall, DEFAULT_REQUEST_TIMEOUT_MS, endorserOf, proposalOf, utf8 } from './proposal';

export interface SdkInvokeRequest {
  readonly channelId: string;
  readonly chaincode: string;
  readonly args: readonly string[];
  /** Member IDs whose peers endorse (one peer each); default: this member. Others must be imported. */
  readonly endorsingMembers?: readonly string[];
  /**
   * Endorsement policy to check before submitting: its text, e.g. "AND('m-A.member','m-B.member')",
   * or the policy already parsed (a caller that resolved it passes the AST instead of text).
   */
  readonly policy?: string | PolicyAst;
  /** The 2.x `--isInit` call of a chaincode defined with --init-required. */
  readonly isInit?: boolean;
  /** Timeout of each endorsement and of the broadcast to the orderer (default 30 s: DEFAULT_REQUEST_TIMEOUT_MS). */
  readonly timeoutMs?: number;
  /** How long to wait for the commit event (default 120 s). */
  readonly commitTimeoutMs?: number;
  readonly discovery?: boolean;
}

export interface SdkInvokeResult {
  readonly txId: string;
  readonly validationCode: string;
  readonly payload: string;
  readonly endorsements: readonly EndorsementRecord[];
  readonly blockNumber?: number;
}

interface InvokePlan {
  readonly members: readonly string[];
  readonly policy: PolicyAst | undefined;
  readonly ctx: TransactionContext;
}

function endorsingMembersOf(profile: Profile, endorsingMembers: readonly string[] | undefined): string[] {
  const members = [...new Set(endorsingMembers?.length ? endorsingMembers : [profile.member.id])];
  members.forEach((m) => assertMemberId(m));
  return members;
}

function planInvoke(profile: Profile, request: SdkInvokeRequest): InvokePlan {
  assertCall(request.chaincode, request.args);
  const members = endorsingMembersOf(profile, request.endorsingMembers);
  const policy = typeof request.policy === 'string' ? parsePolicy(request.policy) : request.policy;
  return { members, policy, ctx: { channelId: request.channelId, chaincode: request.chaincode } };
}

/** One peer of each endorsing member: this member's first peer, an imported member's first listed peer. */
function targetsOf(
  session: SdkSession,
  members: readonly string[],
): { targets: EndorsementTarget[]; endorsers: Endorser[] } {
  const targets = members.map((memberId) => {
    const peer = session.connectionProfile.organizations[memberId]?.peers[0];
    if (peer === undefined) {
      throw usageError(
        'NO_PEER_FOR_MEMBER',
        `Member ${memberId} has no peer endpoint to send the proposal to`,
        memberId === session.profile.member.id
          ? "Add this member's peers under peers: in fabkit.yaml."
          : `Import a bundle of ${memberId} that lists its peer endpoints.`,
        { memberId },
      );
    }
    return { memberId, peer };
  });
  return { targets, endorsers: targets.map((t) => endorserOf(session, t.peer)) };
}

async function endorse(
  session: SdkSession,
  request: SdkInvokeRequest,
  plan: InvokePlan,
): Promise<{ endorsement: Endorsement; outcomes: ReturnType<typeof classifyEndorsements> }> {
  const { targets, endorsers } = targetsOf(session, plan.members);
  const endorsement = session.channel.newEndorsement(request.chaincode);
  endorsement.build(session.identity, proposalOf(request.args, request.isInit));
  endorsement.sign(session.identity);
  const raw = await endorsement.send({
    targets: endorsers,
    requestTimeout: request.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  });
  const outcomes = classifyEndorsements(targets, raw as unknown as RawEndorsementResults);
  assertAllEndorsed(outcomes, plan.ctx);
  assertEndorsementsAgree(outcomes, plan.ctx);
  if (plan.policy !== undefined) assertPolicySatisfied(plan.policy, outcomes, plan.ctx);
  return { endorsement, outcomes };
}

/**
 * Endorses on one peer of each endorsing member, checks every answer (and the policy) before
 * anything is submitted, then commits and waits for the validation code.
 */
export async function sdkInvoke(profile: Profile, request: SdkInvokeRequest): Promise<SdkInvokeResult> {
  const plan = planInvoke(profile, request);
  return withGateway(
    profile,
    { channelId: request.channelId, members: plan.members, discovery: request.discovery },
    (session) => invokeIn(session, request, plan),
  );
}

/**
 * Many invokes at once over ONE gateway (one set of gRPC connections), each checked like
 * sdkInvoke; every result settles. The requests must share the channel and endorsing members.
 */
export async function sdkInvokeAll(
  profile: Profile,
  requests: readonly SdkInvokeRequest[],
): Promise<PromiseSettledResult<SdkInvokeResult>[]> {
  const first = requests[0];
  if (first === undefined) return [];
  const plan = planInvoke(profile, first);
  if (requests.some((r) => r.channelId !== first.channelId))
    throw new FabkitError('MIXED_CHANNELS', 'sdkInvokeAll needs every request on the same channel', { kind: 'usage' });
  return withGateway(
    profile,
    { channelId: first.channelId, members: plan.members, discovery: first.discovery },
    (session) => Promise.allSettled(requests.map((r) => invokeIn(session, r, planInvoke(profile, r)))),
  );
}

/** One invoke over the gateway of withSdkInvoker (its channel, endorsing members and discovery are the gateway's). */
export type SdkInvoker = (
  request: Omit<SdkInvokeRequest, 'channelId' | 'endorsingMembers' | 'discovery'>,
) => Promise<SdkInvokeResult>;

/**
 * One gateway (one set of gRPC connections) kept open while `use` runs, for many invokes one after
 * another (or overlapping): each is checked like sdkInvoke. The gateway closes when `use` settles.
 */
export async function withSdkInvoker<T>(
  profile: Profile,
  options: { channelId: string; endorsingMembers?: readonly string[]; discovery?: boolean },
  use: (invoke: SdkInvoker) => Promise<T>,
): Promise<T> {
  const members = endorsingMembersOf(profile, options.endorsingMembers);
  return withGateway(profile, { channelId: options.channelId, members, discovery: options.discovery }, (session) =>
    use((request) => {
      const full = { ...request, ...options, endorsingMembers: members };
      return invokeIn(session, full, planInvoke(profile, full));
    }),
  );
}

async function invokeIn(session: SdkSession, request: SdkInvokeRequest, plan: InvokePlan): Promise<SdkInvokeResult> {
  const { endorsement, outcomes } = await endorse(session, request, plan);
  const txId = endorsement.getTransactionId();
  const watch = await watchCommit(session, txId);
  try {
    await broadcast(session, endorsement, txId, request.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    const event = await awaitCommit(watch, txId, request.commitTimeoutMs ?? DEFAULT_COMMIT_TIMEOUT_MS);
    const blockNumber = event.getBlockEvent().blockNumber.toNumber();
    const endorsements = outcomes.map(recordOf);
    if (event.status !== 'VALID') {
      throw new FabkitError(
        'TX_INVALIDATED',
        `Transaction ${txId} was committed in block ${blockNumber} but invalidated: ${event.status}`,
        {
          hint:
            event.status === 'ENDORSEMENT_POLICY_FAILURE'
              ? "The endorsements did not satisfy the chaincode's endorsement policy: endorse on the peers of every member the policy needs (and pass the policy to check it before submitting)."
              : 'See the peer log for why the transaction was invalidated.',
          details: { ...plan.ctx, txId, validationCode: event.status, blockNumber, endorsements },
        },
      );
    }
    return { txId, validationCode: event.status, payload: utf8(outcomes[0]?.result), endorsements, blockNumber };
  } finally {
    watch.stop();
  }
}
