/**
 * `--verbose`: an Executor that writes each Fabric command it runs (never its env, which is
 * where fabkit keeps paths and IDs, and never a secret by CommandSpec's contract) with its exit
 * code and duration, in the spirit of execa's verbose mode.
 */
import type { CommandSpec, Executor, FabricCliTool, RunResult } from './command-spec';
import { describeCommand } from './command-spec';

export function withCommandLog(inner: Executor, log: (line: string) => void): Executor {
  return {
    kind: inner.kind,
    async run(spec: CommandSpec, options?: { timeoutMs?: number }): Promise<RunResult> {
      const peer = spec.env.CORE_PEER_ADDRESS;
      log(`$ ${describeCommand(spec)}${peer ? `   [as ${spec.env.CORE_PEER_LOCALMSPID ?? '?'} on ${peer}]` : ''}`);
      const result = await inner.run(spec, options);
      log(`  → exit ${result.exitCode} in ${(result.durationMs / 1000).toFixed(2)}s (${inner.kind})`);
      return result;
    },
    version: (tool: FabricCliTool) => inner.version(tool),
  };
}
