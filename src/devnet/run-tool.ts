import execa from 'execa';
import { FabkitError } from '../errors';
import { stderrTail } from '../runtime/stderr-tail';
import type { FabricInstall, FabricTool } from '../runtime/fabric-install';
import { tool } from '../runtime/fabric-install';

export interface ToolRun {
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly timeoutMs?: number;
  readonly input?: string;
}

export interface ToolResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one of the devnet's Fabric binaries with a clean environment (only PATH and HOME from
 * ours, so stray CORE_* / ORDERER_* / FABRIC_* variables cannot leak in). Secrets travel in env.
 */
export async function runTool(install: FabricInstall, name: FabricTool, run: ToolRun): Promise<ToolResult> {
  const result = await execa(tool(install, name), [...run.args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...run.env },
    extendEnv: false,
    cwd: run.cwd,
    timeout: run.timeoutMs ?? 60_000,
    reject: false,
    input: run.input,
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Like runTool, but a non-zero exit becomes a FabkitError with the stderr tail (never the env). */
export async function mustRunTool(
  install: FabricInstall,
  name: FabricTool,
  run: ToolRun,
  what: string,
): Promise<ToolResult> {
  const result = await runTool(install, name, run);
  if (result.exitCode !== 0) {
    throw new FabkitError(
      'DEVNET_STEP_FAILED',
      `${what} failed: ${name} ${run.args[0] ?? ''} exited with ${result.exitCode}`,
      {
        details: { stderrTail: stderrTail(result.stderr, 12) },
        hint: 'See the stderr tail in details; the devnet logs are in <dir>/logs.',
      },
    );
  }
  return result;
}
