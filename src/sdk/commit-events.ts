/**
 * Makes sure a peer's commit event stream is running before a transaction is broadcast.
 *
 * fabric-network 2.2 commit listeners share one fabric-common EventService per peer. The
 * addCommitListener call that finds it idle starts it: a deliver stream that begins at the
 * peer's newest block, and the call resolves only once the stream has delivered that block.
 * A concurrent addCommitListener finds the service "in use" and resolves at once, before the
 * stream exists. A transaction broadcast then can be committed in a block older than the one
 * the stream starts at, and its commit event never comes (seen with sdkInvokeAll: the first
 * blocks of a burst were never delivered, their transactions timed out though committed).
 *
 * So the stream of each peer is started once per network (gateway session) by a listener of
 * fabkit's own, for a transaction ID that never occurs, and every transaction waits for that
 * start before it registers its listener and is broadcast. If the stream fails later, every
 * registered listener gets the error, and later transactions of the session are refused
 * before anything is sent (a restarted stream would be open to the same race).
 */
import { randomUUID } from 'node:crypto';
import type { Endorser } from 'fabric-common';
import type { CommitError, CommitListener } from 'fabric-network';

/** The part of fabric-network's Network used here. */
export interface CommitListenerHost {
  addCommitListener(listener: CommitListener, peers: Endorser[], transactionId: string): Promise<CommitListener>;
  removeCommitListener(listener: CommitListener): void;
}

interface StreamState {
  /** Settles when the stream has started; rejects with the start error. */
  readonly started: Promise<void>;
  /** Set when the stream failed after it started. */
  failure: CommitError | undefined;
}

const streams = new WeakMap<CommitListenerHost, Map<string, StreamState>>();

function removeQuietly(network: CommitListenerHost, listener: CommitListener): void {
  try {
    network.removeCommitListener(listener);
  } catch {
    // fabric-common throws when the event service already dropped the registration (after a stream error)
  }
}

function startStream(network: CommitListenerHost, peer: Endorser): StreamState {
  let starting = true;
  let startError: CommitError | undefined;
  const state: { started: Promise<void>; failure: CommitError | undefined } = {
    started: Promise.resolve(),
    failure: undefined,
  };
  const keeper: CommitListener = (error) => {
    if (error === undefined) return;
    if (starting) startError ??= error;
    else state.failure ??= error;
    removeQuietly(network, keeper);
  };
  state.started = network.addCommitListener(keeper, [peer], `fabkit-commit-stream-${randomUUID()}`).then(() => {
    starting = false;
    if (startError !== undefined) throw startError;
  });
  return state;
}

/**
 * Resolves once the commit event stream of `peer` on `network` is running (starting it on the
 * first call); rejects if it could not be started or has failed since.
 */
export async function commitStreamRunning(network: CommitListenerHost, peer: Endorser): Promise<void> {
  let byPeer = streams.get(network);
  if (byPeer === undefined) {
    byPeer = new Map();
    streams.set(network, byPeer);
  }
  let state = byPeer.get(peer.name);
  if (state === undefined) {
    state = startStream(network, peer);
    byPeer.set(peer.name, state);
  }
  await state.started;
  if (state.failure !== undefined) throw state.failure;
}
