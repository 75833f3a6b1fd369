/** Data only: one invocation of a Fabric CLI tool, built by a pure builder. */
/** The one-shot Fabric tools; the devnet also runs cryptogen and the Fabric CA binaries through an Executor. */
export type FabricCliTool =
  'peer' | 'configtxgen' | 'configtxlator' | 'osnadmin' | 'cryptogen' | 'fabric-ca-client' | 'fabric-ca-server';

export interface CommandSpec {
  readonly tool: FabricCliTool;
  readonly args: readonly string[];
  /**
   * CORE_* and friends. Executors never log it nor put it in errors; a secret (the devnet's CA
   * passwords) may travel here, never in `args`.
   */
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
