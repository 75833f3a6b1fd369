/** The local runtime: runs the Fabric tools as processes on this machine, from the fabkit cache or PATH. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import execa from 'execa';
import { FabkitError } from '../errors';
import { cleanEnv } from './clean-env';
import type { CommandSpec, Executor, FabricCliTool, RunResult } from './command-spec';
import { expectedInstall } from './fabric-install';

export interface LocalExecutorOptions {
  /** Directory with peer, configtxgen, …; default: the fabkit cache, then PATH. */
  readonly binDir?: string;
  /** Directory with a core.yaml for the peer CLI; default: the fabkit cache's config. */
  readonly configDir?: string;
}

function findOnPath(tool: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, tool);
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Runs Fabric binaries on this machine with execa, in a clean environment. */
export class LocalExecutor implements Executor {
  readonly kind = 'local' as const;
  private readonly binDir: string | undefined;
  private readonly configDir: string;

  constructor(options: LocalExecutorOptions = {}) {
    const cache = expectedInstall();
    this.binDir = options.binDir ?? (fs.existsSync(path.join(cache.binDir, 'peer')) ? cache.binDir : undefined);
    this.configDir = options.configDir ?? process.env.FABRIC_CFG_PATH ?? cache.configDir;
  }

  resolve(tool: FabricCliTool): string {
    const found = this.binDir ? path.join(this.binDir, tool) : findOnPath(tool);
    if (!found || !fs.existsSync(found)) {
      throw new FabkitError(
        'TOOL_NOT_FOUND',
        `The Fabric tool "${tool}" was not found${this.binDir ? ` in ${this.binDir}` : ' on PATH'}`,
        {
          hint: 'Install the Fabric binaries (scripts/install-fabric.sh builds them), set runtime.binDir in fabkit.yaml, or use the docker runtime.',
        },
      );
    }
    return found;
  }

  async run(spec: CommandSpec, options: { timeoutMs?: number } = {}): Promise<RunResult> {
    const start = Date.now();
    const result = await execa(this.resolve(spec.tool), [...spec.args], {
      env: cleanEnv({ FABRIC_CFG_PATH: this.configDir, ...spec.env }),
      extendEnv: false,
      reject: false,
      timeout: options.timeoutMs ?? 120_000,
    });
    return {
      exitCode: result.exitCode ?? -1,
      stdout: result.stdout,
      stderr: result.stderr,
      durationMs: Date.now() - start,
    };
  }

  async version(tool: FabricCliTool): Promise<string | undefined> {
    // peer and configtxlator take a `version` subcommand, configtxgen `--version`; osnadmin has none.
    if (tool === 'osnadmin') return undefined;
    try {
      const r = await this.run(
        { tool, args: tool === 'configtxgen' ? ['--version'] : ['version'], env: {} },
        { timeoutMs: 10_000 },
      );
      return /Version: (\S+)/.exec(`${r.stdout}\n${r.stderr}`)?.[1];
    } catch {
      return undefined;
    }
  }
}
