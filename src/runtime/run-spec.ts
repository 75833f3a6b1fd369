import { FabkitError } from '../errors';
import { classifyFailure } from '../fabric-cli/channel-commands';
import type { FabricFailure } from '../fabric-cli/channel-commands';
import type { CommandSpec, Executor, RunResult } from './command-spec';
import { describeCommand } from './command-spec';

export function stderrTail(text: string, lines = 10): string {
  // eslint-disable-next-line no-control-regex -- strips the ANSI colours Fabric's logger adds
  return text.replace(/\u001b\[[0-9;]*m/g, '').trimEnd().split('\n').slice(-lines).join('\n');
}

/** The error for a Fabric CLI call that failed: what fabkit was doing, the command, and the stderr tail. */
export function cliFailure(what: string, spec: CommandSpec, result: RunResult, hint?: string): FabkitError {
  const failure: FabricFailure = classifyFailure(result.stderr);
  const last = stderrTail(result.stderr, 1).replace(/^.*?(Error: )/, '$1');
  return new FabkitError('FABRIC_CLI_FAILED', `${what} failed: ${spec.tool} ${spec.args.slice(0, 2).join(' ')} exited with ${result.exitCode}${last ? ` (${last})` : ''}`, {
    hint: hint ?? 'The stderr tail above is Fabric\'s own message.',
    details: { command: describeCommand(spec), failure, exitCode: result.exitCode, stderrTail: stderrTail(result.stderr) },
  });
}

/** Runs a spec and throws FABRIC_CLI_FAILED on a non-zero exit. Env values never reach the error. */
export async function mustRun(executor: Executor, spec: CommandSpec, what: string, options: { timeoutMs?: number; hint?: string } = {}): Promise<RunResult> {
  const result = await executor.run(spec, { timeoutMs: options.timeoutMs });
  if (result.exitCode !== 0) throw cliFailure(what, spec, result, options.hint);
  return result;
}
