/**
 * How the devnet runs its one-shot Fabric tools (configtxgen, peer, configtxlator, cryptogen,
 * fabric-ca-server init, fabric-ca-client): through a LocalExecutor on the install's binaries,
 * the one seam every Fabric tool call goes through. Long-running nodes are processes.ts's job.
 */
import { mustRun } from '../fabric-cli/failure';
import type { CommandSpec, Executor, RunResult } from '../runtime/command-spec';
import type { FabricInstall } from '../runtime/fabric-install';
import { LocalExecutor } from '../runtime/local-executor';

/** The bound of one devnet tool call. */
export const TOOL_TIMEOUT_MS = 60_000;

/** The install's binaries, with its stock config (core.yaml for the peer CLI) as FABRIC_CFG_PATH. */
export function toolsOf(install: FabricInstall): Executor {
  return new LocalExecutor({ binDir: install.binDir, configDir: install.configDir });
}

/**
 * Runs one step of building or running the devnet; a failure throws with the stderr tail in its
 * details. `toOrderer`: the orderer's transient SERVICE_UNAVAILABLE (after a restart) is retried
 * within the step's bound first.
 */
export function runStep(
  tools: Executor,
  spec: CommandSpec,
  what: string,
  options: { toOrderer?: boolean } = {},
): Promise<RunResult> {
  return mustRun(tools, spec, what, {
    timeoutMs: TOOL_TIMEOUT_MS,
    hint: 'See the stderr tail in details; the devnet logs are in <dir>/logs.',
    retryUnavailableMs: options.toOrderer ? TOOL_TIMEOUT_MS : undefined,
  });
}
