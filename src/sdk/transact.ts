/**
 * Query and invoke through the SDK (fabric-network 2.2 gateway + fabric-common 2.2).
 *
 * sdkInvoke never submits a doomed transaction: the proposal goes to one peer of each
 * endorsing member with explicit targets, every answer is collected, and only when all of
 * them endorsed, agree, and satisfy the given policy is the transaction sent to the ordering
 * service. It then waits for the commit event of one of this member's peers and reports the
 * validation code.
 */
import type { Endorsement, Endorser } from 'fabric-common';
import type { CommitError, CommitEvent } from 'fabric-network';
import { selectPeers } from '../config/peers';
import type { Profile } from '../config/resolve';
import { FabkitError, usageError } from '../errors';
import { parsePolicy } from '../policy/parse';
import type { PolicyAst } from '../policy/ast';
import { waitFor } from '../runtime/wait-for';
import { assertChaincodeName, assertMemberId } from '../validate/ids';
import type { EndorsementRecord, EndorsementTarget, RawEndorsementResults, TransactionContext } from './endorsements';
import {
  assertAllEndorsed,
  assertEndorsementsAgree,
  assertPolicySatisfied,
  classifyEndorsements,
  recordOf,
} from './endorsements';
import { commitStreamRunning } from './commit-events';
import type { SdkSession } from './gateway';
import { withGateway } from './gateway';

export interface SdkQueryRequest {
  readonly channelId: string;
  readonly chaincode: string;
  /** The function and its arguments, as in `-c '{"Args":["query","a"]}'`. */
  readonly args: readonly string[];
  /** One of this member's peers (host:port); default: the profile's first peer. */
  readonly peer?: string;
  readonly timeoutMs?: number;
}

export interface SdkQueryResult {
  readonly payload: string;
  readonly peer: string;
}

export interface SdkInvokeRequest {
  readonly channelId: string;
  readonly chaincode: string;
  readonly args: readonly string[];
  /** Member IDs whose peers endorse (one peer each); default: this member. Others must be imported. */
  readonly endorsingMembers?: readonly string[];
  /** Endorsement policy to check before submitting, e.g. "AND('m-A.member','m-B.member')". */
  readonly policy?: string;
  /** The 2.x `--isInit` call of a chaincode defined with --init-required. */
  readonly isInit?: boolean;
  /** Timeout of each endorsement and of the broadcast to the orderer (default: the SDK's 45 s). */
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

export const DEFAULT_COMMIT_TIMEOUT_MS = 120_000;
/**
 * Each endorsement, query and broadcast: fabric-common's own default is 3 s per request, which a
 * peer busy with a burst (or a chaincode starting) exceeds; fabric-network's gateway allows 30 s.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

function assertCall(chaincode: string, args: readonly string[]): void {
  assertChaincodeName(chaincode);
  if (args.length === 0 || args[0] === '') {
    throw usageError(
      'ARGS_MISSING',
      'The chaincode call needs at least the function name as the first argument',
      'e.g. args ["query","a"], as in -c \'{"Args":["query","a"]}\'.',
    );
  }
}

const proposalOf = (
  args: readonly string[],
  isInit: boolean | undefined,
): { fcn: string; args: string[]; init?: boolean } => ({
  fcn: args[0] ?? '',
  args: args.slice(1),
  ...(isInit === undefined ? {} : { init: isInit }),
});

const utf8 = (bytes: Uint8Array | undefined): string =>
  bytes === undefined ? '' : Buffer.from(bytes).toString('utf8');

function endorserOf(session: SdkSession, peer: string): Endorser {
  const endorser = session.channel.getEndorsers().find((e) => e.name === peer);
  if (endorser === undefined)
    throw new FabkitError(
      'PEER_NOT_CONNECTED',
      `Peer ${peer} is not in the gateway's channel ${session.channel.name}`,
      { details: { peer } },
    );
  return endorser;
}

// ---------------------------------------------------------------- query

/** Evaluates a chaincode function on one of this member's peers; nothing is sent to the orderer. */
export async function sdkQuery(profile: Profile, request: SdkQueryRequest): Promise<SdkQueryResult> {
  assertCall(request.chaincode, request.args);
  const [peer = ''] = selectPeers(profile, request.peer === undefined ? undefined : [request.peer]);
  return withGateway(profile, { channelId: request.channelId }, async (session) => {
    const query = session.channel.newQuery(request.chaincode);
    query.build(session.identity, proposalOf(request.args, undefined));
    query.sign(session.identity);
    const raw = await query.send({
      targets: [endorserOf(session, peer)],
      requestTimeout: request.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    });
    const [outcome] = classifyEndorsements(
      [{ memberId: profile.member.id, peer }],
      raw as unknown as RawEndorsementResults,
    );
    if (outcome === undefined || !outcome.endorsed) {
      throw new FabkitError(
        'QUERY_FAILED',
        `Query of ${request.chaincode} on channel ${request.channelId} failed on peer ${peer}: ${outcome?.status ? `status ${outcome.status}: ` : ''}${outcome?.message || '(no message)'}`,
        {
          hint: 'Check the arguments, and that the chaincode is installed on this peer and instantiated/committed on the channel.',
          details: { channelId: request.channelId, chaincode: request.chaincode, peer, status: outcome?.status },
        },
      );
    }
    return { payload: utf8(outcome.result), peer };
  });
}

// ---------------------------------------------------------------- invoke

interface InvokePlan {
  readonly members: readonly string[];
  readonly policy: PolicyAst | undefined;
  readonly ctx: TransactionContext;
}

function planInvoke(profile: Profile, request: SdkInvokeRequest): InvokePlan {
  assertCall(request.chaincode, request.args);
  const members = [...new Set(request.endorsingMembers?.length ? request.endorsingMembers : [profile.member.id])];
  members.forEach((m) => assertMemberId(m));
  const policy = request.policy === undefined ? undefined : parsePolicy(request.policy);
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

interface CommitWatch {
  readonly peer: string;
  event: CommitEvent | undefined;
  error: CommitError | undefined;
  stop(): void;
}

/**
 * Listens (before the broadcast) for the transaction's commit event on this member's first peer,
 * once that peer's event stream is running (so no block after the broadcast can be missed).
 */
async function watchCommit(session: SdkSession, txId: string): Promise<CommitWatch> {
  const peer = session.connectionProfile.organizations[session.profile.member.id]?.peers[0] ?? '';
  const endorser = endorserOf(session, peer);
  const watch: CommitWatch = { peer, event: undefined, error: undefined, stop: () => undefined };
  const listener = (error?: CommitError, event?: CommitEvent): void => {
    if (event !== undefined) watch.event = event;
    else if (error !== undefined) watch.error = error;
  };
  const refused = (error: unknown): FabkitError =>
    new FabkitError(
      'COMMIT_EVENT_FAILED',
      `Could not listen for commit events on peer ${peer} (channel ${session.channel.name}): ${error instanceof Error ? error.message : String(error)} (nothing was sent to the ordering service)`,
      {
        hint: "Check that this member's first peer has joined the channel and is reachable.",
        details: { txId, peer },
      },
    );
  // The peer's event stream must be running before the listener is added: see commit-events.ts.
  await commitStreamRunning(session.network, endorser).catch((error: unknown) => {
    throw refused(error);
  });
  await session.network.addCommitListener(listener, [endorser], txId);
  watch.stop = () => {
    try {
      session.network.removeCommitListener(listener);
    } catch {
      // fabric-common throws when the event service already dropped the registration (after a stream error)
    }
  };
  await commitStreamRunning(session.network, endorser).catch((error: unknown) => {
    watch.error ??= error as CommitError;
  });
  if (watch.error !== undefined) {
    watch.stop();
    throw refused(watch.error);
  }
  return watch;
}

async function broadcast(
  session: SdkSession,
  endorsement: Endorsement,
  request: SdkInvokeRequest,
  txId: string,
): Promise<void> {
  const commit = endorsement.newCommit();
  commit.build(session.identity);
  commit.sign(session.identity);
  const orderers = session.channel.getCommitters();
  let result: { status?: string; info?: string };
  try {
    result = (await commit.send({
      targets: orderers,
      requestTimeout: request.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    })) as { status?: string; info?: string };
  } catch (error) {
    result = { status: error instanceof Error ? error.message : String(error) };
  }
  if (result.status !== 'SUCCESS') {
    throw new FabkitError(
      'ORDERER_REJECTED',
      `The ordering service ${orderers.map((o) => o.name).join(', ')} did not accept transaction ${txId}: ${result.status ?? 'no status'}${result.info ? ` (${result.info})` : ''}`,
      {
        hint: 'Check that the orderer is reachable and this member may write to the channel.',
        details: { txId, status: result.status, info: result.info },
      },
    );
  }
}

async function awaitCommit(watch: CommitWatch, txId: string, timeoutMs: number): Promise<CommitEvent> {
  await waitFor(async () => watch.event ?? watch.error, {
    what: `the commit event of transaction ${txId} from peer ${watch.peer}`,
    timeoutMs,
    intervalMs: 50,
    maxIntervalMs: 250,
    hint: 'The transaction was sent to the ordering service; check with a query whether it was committed, and the peer and orderer logs.',
  });
  if (watch.event !== undefined) return watch.event;
  throw new FabkitError(
    'COMMIT_EVENT_FAILED',
    `The event service of peer ${watch.peer} failed before transaction ${txId} was seen: ${watch.error?.message ?? 'unknown error'}`,
    {
      hint: 'The transaction was sent to the ordering service; check with a query whether it was committed.',
      details: { txId, peer: watch.peer },
    },
  );
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

async function invokeIn(session: SdkSession, request: SdkInvokeRequest, plan: InvokePlan): Promise<SdkInvokeResult> {
  {
    const { endorsement, outcomes } = await endorse(session, request, plan);
    const txId = endorsement.getTransactionId();
    const watch = await watchCommit(session, txId);
    try {
      await broadcast(session, endorsement, request, txId);
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
}
