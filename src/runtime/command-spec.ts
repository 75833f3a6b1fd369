/** Data only: one invocation of a Fabric CLI tool, built by a pure builder. */
export type FabricCliTool = 'peer' | 'configtxgen' | 'configtxlator' | 'osnadmin';

export interface CommandSpec {
  readonly tool: FabricCliTool;
  readonly args: readonly string[];
  /** CORE_* and friends. Never a password or a key. */
  readonly env: Readonly<Record<string, string>>;
}

export interface RunResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

/** The one seam for running Fabric binaries: local processes, or exec in the fabric-tools container. */
export interface Executor {
  readonly kind: 'local' | 'docker';
  run(spec: CommandSpec, options?: { timeoutMs?: number }): Promise<RunResult>;
  /** Tool versions, for doctor. */
  version(tool: FabricCliTool): Promise<string | undefined>;
}

/** A shell-like rendering of a command for logs and errors. */
export function describeCommand(spec: CommandSpec): string {
  return [spec.tool, ...spec.args]
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}
