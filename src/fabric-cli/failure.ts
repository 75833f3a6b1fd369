/**
 * What a failed Fabric CLI call means: its kind from stderr, the coded FabkitError with a hint
 * for each kind, and running a CommandSpec through an Executor so that a failure becomes that
 * error. The ordering service's transient SERVICE_UNAVAILABLE can be retried within a bound.
 */
import { FabkitError } from '../errors';
import type { CommandSpec, Executor, RunResult } from '../runtime/command-spec';
import { describeCommand } from '../runtime/command-spec';
import { stderrTail } from '../runtime/stderr-tail';
import { waitFor } from '../runtime/wait-for';

export type FabricFailure =
  'not-found' | 'forbidden' | 'unreachable' | 'service-unavailable' | 'exists' | 'timeout' | 'other';

/** What went wrong, from a Fabric CLI's stderr; the caller decides what each means for its step. */
export function classifyFailure(stderr: string): FabricFailure {
  // The orderer's status (common.Status), not gRPC's "code = Unavailable", which is 'unreachable'.
  if (/\bSERVICE_UNAVAILABLE\b/.test(stderr)) return 'service-unavailable';
  if (/NOT_FOUND|Invalid chain ID|channel does not exist|cannot find channel/i.test(stderr)) return 'not-found';
  if (/ledger \[[^\]]*\] already exists|LedgerID already exists|already exists with state/i.test(stderr))
    return 'exists';
  if (
    /FORBIDDEN|access denied|implicit policy evaluation failed|signature set did not satisfy|not an admin|creator is malformed/i.test(
      stderr,
    )
  )
    return 'forbidden';
  if (/timeout expired while|timed out|context deadline exceeded|DeadlineExceeded/i.test(stderr)) return 'timeout';
  if (
    /connection refused|failed to create new connection|no such host|error getting endorser client|error connecting|Unavailable/i.test(
      stderr,
    )
  )
    return 'unreachable';
  return 'other';
}

/** A stable code and a default hint for each kind of Fabric failure, so scripts can branch and people know what to check. */
const FAILURES: Readonly<Record<FabricFailure, { code: string; hint: (spec: CommandSpec) => string }>> = {
  unreachable: {
    code: 'FABRIC_UNREACHABLE',
    hint: (spec) =>
      `Nothing answered at ${spec.env.CORE_PEER_ADDRESS ?? 'the endpoint'} (or the orderer): check the endpoints in fabkit.yaml and run \`fabkit doctor\`.`,
  },
  'service-unavailable': {
    code: 'FABRIC_SERVICE_UNAVAILABLE',
    hint: () =>
      'The ordering service is up but not ready yet (just restarted, still electing a leader, or busy with a concurrent channel creation). This is transient: run the command again in a moment.',
  },
  forbidden: {
    code: 'FABRIC_FORBIDDEN',
    hint: () =>
      'The network refused this identity: `fabkit doctor` checks that the admin is enrolled and recognized; on AMB recognition can take minutes.',
  },
  timeout: {
    code: 'FABRIC_TIMEOUT',
    hint: () =>
      'Fabric did not answer in time; run the command again (steps already done are skipped), or raise --timeout.',
  },
  'not-found': { code: 'FABRIC_CLI_FAILED', hint: () => 'Fabric says it does not exist: check the name.' },
  exists: { code: 'FABRIC_CLI_FAILED', hint: () => 'Fabric says it already exists.' },
  other: { code: 'FABRIC_CLI_FAILED', hint: () => "The message is Fabric's own; `--verbose` shows the command." },
};

/**
 * The error for a Fabric CLI call that failed: what fabkit was doing, the command, and the stderr
 * tail. A caller's `hint` replaces the kind's default, except for a transient SERVICE_UNAVAILABLE,
 * whose own hint (wait, then run again) is the one that helps.
 */
export function cliFailure(what: string, spec: CommandSpec, result: RunResult, hint?: string): FabkitError {
  const failure: FabricFailure = classifyFailure(result.stderr);
  const last = errorLine(result.stderr) ?? stderrTail(result.stderr, 1);
  const kind = FAILURES[failure];
  return new FabkitError(
    kind.code,
    `${what} failed: ${spec.tool} ${spec.args.slice(0, 2).join(' ')} exited with ${result.exitCode}${last ? ` (${last})` : ''}`,
    {
      hint: failure === 'service-unavailable' ? kind.hint(spec) : (hint ?? kind.hint(spec)),
      details: {
        command: describeCommand(spec),
        failure,
        exitCode: result.exitCode,
        stderrTail: stderrTail(result.stderr),
      },
    },
  );
}

/**
 * The line that says what went wrong: the last `Error: …` line (the peer CLI prints its usage text after it
 * for some errors, so the stderr's last line can be a flag's help), or undefined when there is none.
 */
export function errorLine(stderr: string): string | undefined {
  const lines = stderrTail(stderr, Number.MAX_SAFE_INTEGER).split('\n');
  const line = lines.reverse().find((l) => /(^|\s)Error: /.test(l));
  return line?.replace(/^.*?(Error: )/, '$1').trim();
}

/** True when a run failed because the ordering service answered SERVICE_UNAVAILABLE. */
export function isServiceUnavailable(result: RunResult): boolean {
  return result.exitCode !== 0 && classifyFailure(result.stderr) === 'service-unavailable';
}

export interface UnavailableRetry {
  /** How long, in all, to keep running the call again while the orderer answers SERVICE_UNAVAILABLE: the step's bound. */
  readonly boundMs: number;
  /** Timeout of each run. */
  readonly timeoutMs?: number;
  readonly onProgress?: (line: string) => void;
}

/**
 * Runs `spec`, and runs it again (a bounded, backing-off poll) while the ordering service
 * answers SERVICE_UNAVAILABLE. Resolves the last result, success or not: the caller reports a
 * failure, which after the bound is still SERVICE_UNAVAILABLE. An executor that throws is not retried.
 */
export async function runRetryingUnavailable(
  executor: Executor,
  spec: CommandSpec,
  retry: UnavailableRetry,
): Promise<RunResult> {
  let last: RunResult | undefined;
  const command = `${spec.tool} ${spec.args.slice(0, 2).join(' ')}`;
  let attempt: { result: RunResult } | { error: unknown };
  try {
    // The probe never throws, so waitFor fails only when the bound is over with the orderer still unavailable.
    attempt = (
      await waitFor<{ result: RunResult } | { error: unknown }>(
        async () => {
          try {
            last = await executor.run(spec, { timeoutMs: retry.timeoutMs });
            return isServiceUnavailable(last) ? undefined : { result: last };
          } catch (error) {
            return { error };
          }
        },
        {
          what: `the ordering service to serve ${command}`,
          timeoutMs: retry.boundMs,
          intervalMs: 500,
          maxIntervalMs: 5000,
          onProgress: ({ elapsedMs }) =>
            retry.onProgress?.(
              `the ordering service is not ready (SERVICE_UNAVAILABLE); retrying ${command} (${(elapsedMs / 1000).toFixed(0)}s)`,
            ),
        },
      )
    ).value;
  } catch (error) {
    if (last !== undefined) return last;
    throw error;
  }
  if ('error' in attempt) throw attempt.error;
  return attempt.result;
}

/**
 * Runs a spec and throws the FabkitError of its kind of failure on a non-zero exit. Env values
 * never reach the error. With `retryUnavailableMs`, SERVICE_UNAVAILABLE is retried that long first.
 */
export async function mustRun(
  executor: Executor,
  spec: CommandSpec,
  what: string,
  options: { timeoutMs?: number; hint?: string; retryUnavailableMs?: number; onProgress?: (line: string) => void } = {},
): Promise<RunResult> {
  const result =
    options.retryUnavailableMs === undefined
      ? await executor.run(spec, { timeoutMs: options.timeoutMs })
      : await runRetryingUnavailable(executor, spec, {
          boundMs: options.retryUnavailableMs,
          timeoutMs: options.timeoutMs,
          onProgress: options.onProgress,
        });
  if (result.exitCode !== 0) throw cliFailure(what, spec, result, options.hint);
  return result;
}
