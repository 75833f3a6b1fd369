/** After the endorsements: listen for the commit, send the transaction to the ordering service, await its validation code. */
import type { Endorsement } from 'fabric-common';
import type { CommitError, CommitEvent } from 'fabric-network';
import { FabkitError } from '../errors';
import { commitStreamRunning } from './commit-events';
import type { SdkSession } from './gateway';
import { endorserOf } from './proposal';

export const DEFAULT_COMMIT_TIMEOUT_MS = 120_000;

export interface CommitWatch {
  readonly peer: string;
  event: CommitEvent | undefined;
  error: CommitError | undefined;
  /** Resolves when the listener saw the event or an error: awaitCommit wakes on it, with no polling. */
  readonly settled: Promise<void>;
  stop(): void;
}

/**
 * Listens (before the broadcast) for the transaction's commit event on this member's first peer,
 * once that peer's event stream is running (so no block after the broadcast can be missed).
 */
export async function watchCommit(session: SdkSession, txId: string): Promise<CommitWatch> {
  const peer = session.connectionProfile.organizations[session.profile.member.id]?.peers[0] ?? '';
  const endorser = endorserOf(session, peer);
  let wake: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const watch: CommitWatch = { peer, event: undefined, error: undefined, settled, stop: () => undefined };
  const listener = (error?: CommitError, event?: CommitEvent): void => {
    if (event !== undefined) watch.event = event;
    else if (error !== undefined) watch.error = error;
    wake();
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
    wake();
  });
  if (watch.error !== undefined) {
    watch.stop();
    throw refused(watch.error);
  }
  return watch;
}

/** Sends the endorsed transaction to the channel's ordering service; anything but SUCCESS is ORDERER_REJECTED. */
export async function broadcast(
  session: SdkSession,
  endorsement: Endorsement,
  txId: string,
  requestTimeoutMs: number,
): Promise<void> {
  const commit = endorsement.newCommit();
  commit.build(session.identity);
  commit.sign(session.identity);
  const orderers = session.channel.getCommitters();
  let result: { status?: string; info?: string };
  try {
    result = (await commit.send({ targets: orderers, requestTimeout: requestTimeoutMs })) as {
      status?: string;
      info?: string;
    };
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

/** The commit event the watch saw, within `timeoutMs`; the event service's error otherwise. */
export async function awaitCommit(watch: CommitWatch, txId: string, timeoutMs: number): Promise<CommitEvent> {
  const start = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([watch.settled, timedOut]);
  clearTimeout(timer);
  if (watch.event !== undefined) return watch.event;
  if (watch.error === undefined) {
    throw new FabkitError(
      'TIMEOUT',
      `Timed out after ${((Date.now() - start) / 1000).toFixed(1)}s waiting for the commit event of transaction ${txId} from peer ${watch.peer}`,
      {
        hint: 'The transaction was sent to the ordering service; check with a query whether it was committed, and the peer and orderer logs.',
        details: { what: `the commit event of transaction ${txId} from peer ${watch.peer}` },
      },
    );
  }
  throw new FabkitError(
    'COMMIT_EVENT_FAILED',
    `The event service of peer ${watch.peer} failed before transaction ${txId} was seen: ${watch.error?.message ?? 'unknown error'}`,
    {
      hint: 'The transaction was sent to the ordering service; check with a query whether it was committed.',
      details: { txId, peer: watch.peer },
    },
  );
}
