import { FabkitError } from '../errors';
import { classifyFailure } from '../fabric-cli/channel-commands';
import type { FabricFailure } from '../fabric-cli/channel-commands';
import type { CommandSpec, Executor, RunResult } from './command-spec';
import { describeCommand } from './command-spec';

export function stderrTail(text: string, lines = 10): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- strips the ANSI colours Fabric's logger adds
      .replace(/\u001b\[[0-9;]*m/g, '')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .join('\n')
  );
}

/** The error for a Fabric CLI call that failed: what fabkit was doing, the command, and the stderr tail. */
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

/** Runs a spec and throws FABRIC_CLI_FAILED on a non-zero exit. Env values never reach the error. */
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
