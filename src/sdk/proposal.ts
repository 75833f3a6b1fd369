/** What a query and an invoke share: the call's checks, its proposal, and the channel's endorser for a peer. */
import type { Endorser } from 'fabric-common';
import { FabkitError, usageError } from '../errors';
import { assertChaincodeName } from '../validate/ids';
import type { SdkSession } from './gateway';

/**
 * Each endorsement, query and broadcast: fabric-common's own default is 3 s per request, which a
 * peer busy with a burst (or a chaincode starting) exceeds; fabric-network's gateway allows 30 s.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export function assertCall(chaincode: string, args: readonly string[]): void {
  assertChaincodeName(chaincode);
  if (args.length === 0 || args[0] === '') {
    throw usageError(
      'ARGS_MISSING',
      'The chaincode call needs at least the function name as the first argument',
      'e.g. args ["query","a"], as in -c \'{"Args":["query","a"]}\'.',
    );
  }
}

export const proposalOf = (
  args: readonly string[],
  isInit: boolean | undefined,
): { fcn: string; args: string[]; init?: boolean } => ({
  fcn: args[0] ?? '',
  args: args.slice(1),
  ...(isInit === undefined ? {} : { init: isInit }),
});

export const utf8 = (bytes: Uint8Array | undefined): string =>
  bytes === undefined ? '' : Buffer.from(bytes).toString('utf8');

export function endorserOf(session: SdkSession, peer: string): Endorser {
  const endorser = session.channel.getEndorsers().find((e) => e.name === peer);
  if (endorser === undefined)
    throw new FabkitError(
      'PEER_NOT_CONNECTED',
      `Peer ${peer} is not in the gateway's channel ${session.channel.name}`,
      { details: { peer } },
    );
  return endorser;
}
