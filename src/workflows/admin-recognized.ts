/** Waits until the peers recognize the enrolled admin as an admin of its member (AMB propagates it in a minute or two). */
import { FabkitError } from '../errors';
import { adminProbeSpec, interpretAdminProbe } from '../fabric-cli/admin-probe';
import type { PeerIdentity } from '../fabric-cli/peer-env';
import type { Executor } from '../runtime/command-spec';
import { waitFor } from '../runtime/wait-for';
import type { FabricLine } from '../validate/fabric-removals';

export interface RecognitionCheck {
  readonly executor: Executor;
  /** Paths as the executor sees them. */
  readonly identity: PeerIdentity;
  readonly peers: readonly string[];
  /** The network's Fabric version: the probe differs on 3.x (see adminProbeSpec). Default: a 1.x/2.x network. */
  readonly fabric?: FabricLine;
}

export type ProbeOutcome = 'recognized' | 'not-admin' | 'error';

/**
 * Errors of the runtime itself (no cli container, no Docker engine, no tool): the network's
 * propagation delay has nothing to do with them, so the wait stops at once with their own hint.
 */
const RUNTIME_FAILURES = new Set([
  'CLI_CONTAINER_NOT_RUNNING',
  'CLI_CONTAINER_CONFLICT',
  'DOCKER_UNREACHABLE',
  'DOCKER_API_ERROR',
  'TOOL_NOT_FOUND',
]);

export const isRuntimeFailure = (error: unknown): boolean =>
  error instanceof FabkitError && RUNTIME_FAILURES.has(error.code);

/** One round: asks every peer for an admin-only answer. */
export async function probeAdmin(
  check: RecognitionCheck,
): Promise<{ peer: string; outcome: ProbeOutcome; detail: string }[]> {
  return Promise.all(
    check.peers.map(async (peer) => {
      const r = await check.executor.run(adminProbeSpec(check.identity, peer, check.fabric), { timeoutMs: 20_000 });
      const detail = r.stderr.trim().split('\n').pop() ?? '';
      return { peer, outcome: interpretAdminProbe(r.exitCode, r.stderr), detail };
    }),
  );
}

/**
 * Polls until every peer of the member treats the identity as an admin. On AMB this is the
 * "wait a minute or two" after the first enrollment; here it is measured, bounded and reported.
 */
export async function waitAdminRecognized(
  check: RecognitionCheck,
  options: { timeoutMs: number; onProgress?: (line: string) => void },
): Promise<number> {
  // One progress line for the whole wait: the probes' own errors (a peer briefly unreachable, "not
  // an admin yet") are expected while the network propagates, and the timeout error keeps the last.
  let shown = false;
  const result = await waitFor(
    async () => {
      const rounds = await probeAdmin(check);
      if (rounds.every((r) => r.outcome === 'recognized')) return true;
      const bad = rounds.find((r) => r.outcome !== 'recognized');
      throw new Error(`${bad?.peer}: ${bad?.outcome === 'not-admin' ? 'not an admin yet' : bad?.detail}`);
    },
    {
      what: `peers ${check.peers.join(', ')} to recognize ${check.identity.mspId}'s admin`,
      timeoutMs: options.timeoutMs,
      intervalMs: 100,
      maxIntervalMs: 5000,
      fatal: isRuntimeFailure,
      onProgress: () => {
        if (shown) return;
        shown = true;
        options.onProgress?.('waiting for the network to recognize the admin (on AMB, a minute or two)');
      },
      hint: 'On AMB this can take a few minutes after the first enrollment; run `fabkit doctor` later. If it never happens, the cert in admin-msp is not the one the network knows (was the admin re-enrolled?).',
    },
  ).catch((error: unknown) => {
    if (error instanceof FabkitError && error.code === 'TIMEOUT') {
      throw new FabkitError('ADMIN_NOT_RECOGNIZED', error.message, { hint: error.hint, details: error.details });
    }
    throw error;
  });
  return result.elapsedMs;
}
