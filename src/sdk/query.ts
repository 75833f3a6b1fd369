/** A chaincode query through the SDK: evaluated on one of this member's peers, nothing sent to the orderer. */
import { selectPeers } from '../config/peers';
import type { Profile } from '../config/resolve';
import { FabkitError } from '../errors';
import type { RawEndorsementResults } from './endorsements';
import { classifyEndorsements } from './endorsements';
import { withGateway } from './gateway';
import { assertCall, DEFAULT_REQUEST_TIMEOUT_MS, endorserOf, proposalOf, utf8 } from './proposal';

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
