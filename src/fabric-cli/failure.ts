/**
 * What a failed Fabric CLI call means: its kind from stderr, the coded FabkitError with a hint
 * for each kind, and running a CommandSpec through an Executor so that a failure becomes that error.
 */
import { FabkitError } from '../errors';
import type { CommandSpec, Executor, RunResult } from '../runtime/command-spec';
import { describeCommand } from '../runtime/command-spec';
import { stderrTail } from '../runtime/stderr-tail';

export type FabricFailure = 'not-found' | 'forbidden' | 'unreachable' | 'exists' | 'timeout' | 'other';

/** What went wrong, from a Fabric CLI's stderr; the caller decides what each means for its step. */
export function classifyFailure(stderr: string): FabricFailure {
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

/** The error for a Fabric CLI call that failed: what fabkit was doing, the command, and the stderr tail. */
export function cliFailure(what: string, spec: CommandSpec, result: RunResult, hint?: string): FabkitError {
  const failure: FabricFailure = classifyFailure(result.stderr);
  const last = stderrTail(result.stderr, 1).replace(/^.*?(Error: )/, '$1');
  const kind = FAILURES[failure];
  return new FabkitError(
    kind.code,
    `${what} failed: ${spec.tool} ${spec.args.slice(0, 2).join(' ')} exited with ${result.exitCode}${last ? ` (${last})` : ''}`,
    {
      hint: hint ?? kind.hint(spec),
      details: {
        command: describeCommand(spec),
        failure,
        exitCode: result.exitCode,
        stderrTail: stderrTail(result.stderr),
      },
    },
  );
}

/** Runs a spec and throws the FabkitError of its kind of failure on a non-zero exit. Env values never reach the error. */
export async function mustRun(
  executor: Executor,
  spec: CommandSpec,
  what: string,
  options: { timeoutMs?: number; hint?: string } = {},
): Promise<RunResult> {
  const result = await executor.run(spec, { timeoutMs: options.timeoutMs });
  if (result.exitCode !== 0) throw cliFailure(what, spec, result, options.hint);
  return result;
}
