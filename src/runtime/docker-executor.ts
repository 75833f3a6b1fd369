/**
 * The docker runtime: runs the Fabric CLI tools inside the AMB tutorial's `cli` container
 * (hyperledger/fabric-tools) through the Docker Engine API, with dockerode. The container is
 * described by templates/docker-compose-cli.yaml (see cli-container.ts); its lifecycle is
 * cli-container-lifecycle.ts, `run` is `docker exec` (docker-exec.ts) with stdout and stderr kept apart.
 *
 * CommandSpec.env is never logged nor put in errors.
 */
import type Dockerode from 'dockerode';
import { FabkitError } from '../errors';
import { loadDockerode } from './lazy';
import { fabricToolsImage } from './cli-container';
import type { CliDownResult, CliStatus, CliUpResult } from './cli-container-lifecycle';
import { CliContainerLifecycle } from './cli-container-lifecycle';
import type { CommandSpec, Executor, FabricCliTool, RunResult } from './command-spec';
import { engineAddress } from './docker-engine-error';
import { execInContainer } from './docker-exec';

export type { CliDownResult, CliStatus, CliUpResult } from './cli-container-lifecycle';

export interface DockerExecutorOptions {
  /** Default: `new Dockerode({ socketPath })`, or `new Dockerode()` (DOCKER_HOST, else /var/run/docker.sock). */
  readonly docker?: Dockerode;
  /** The engine's unix socket, when `docker` is not given. */
  readonly socketPath?: string;
  readonly containerName: string;
  /** Default: fabricToolsImage(fabricVersion), e.g. hyperledger/fabric-tools:2.2 or :1.2.0. */
  readonly image?: string;
  /** Absolute host home, mounted at `containerHome`. */
  readonly home: string;
  readonly containerHome: string;
  /** Absolute host directory mounted at /opt/gopath/src/github.com/. */
  readonly chaincodeDir: string;
  readonly fabricVersion: string;
  /** The compose template's text; default: templates/docker-compose-cli.yaml of the fabkit package. */
  readonly template?: string;
  /** `uid:gid` the tools run as in the container; default: this process's, so that files it writes are the caller's. */
  readonly user?: string;
  /** Mount the host's /var/run (with its Docker socket) as the tutorial did, for Fabric 1.2's Docker chaincode builds. */
  readonly mountDockerSocket?: boolean;
}

const DEFAULT_TIMEOUT_MS = 120_000;
/** How each tool prints its version (checked against the 2.5.9 binaries): configtxlator has a subcommand, not a flag. */
const VERSION_ARGS: Readonly<Record<FabricCliTool, readonly string[] | undefined>> = {
  peer: ['version'],
  configtxlator: ['version'],
  configtxgen: ['--version'],
  osnadmin: undefined,
  cryptogen: ['version'],
  'fabric-ca-client': ['version'],
  'fabric-ca-server': ['version'],
};

/** An unreachable engine, met when running a tool: once it runs, the container has to be created too. */
function withCliUpHint(error: unknown): unknown {
  if (!(error instanceof FabkitError) || error.code !== 'DOCKER_UNREACHABLE') return error;
  return new FabkitError(error.code, error.message, {
    hint: `${error.hint ?? ''} Then run \`fabkit cli up\` to create the cli container.`.trim(),
    cause: error.cause,
    details: error.details,
  });
}

/** Runs Fabric tools with `docker exec` in the fabric-tools `cli` container; manages that container. */
export class DockerExecutor implements Executor {
  readonly kind = 'docker' as const;
  readonly docker: Dockerode;
  readonly containerName: string;
  readonly image: string;
  private readonly container: CliContainerLifecycle;

  constructor(options: DockerExecutorOptions) {
    this.docker =
      options.docker ??
      new (loadDockerode())(options.socketPath === undefined ? undefined : { socketPath: options.socketPath });
    this.containerName = options.containerName;
    this.image = options.image ?? fabricToolsImage(options.fabricVersion);
    this.container = new CliContainerLifecycle(this.docker, {
      containerName: options.containerName,
      image: this.image,
      home: options.home,
      containerHome: options.containerHome,
      chaincodeDir: options.chaincodeDir,
      fabricVersion: options.fabricVersion,
      template: options.template,
      user: options.user,
      mountDockerSocket: options.mountDockerSocket,
    });
  }

  /** The engine's address, as shown in errors. */
  get address(): string {
    return engineAddress(this.docker);
  }

  /** dockerode's `ContainerCreateOptions` for the cli container, from the compose template. */
  createOptions(): Dockerode.ContainerCreateOptions {
    return this.container.createOptions();
  }

  /** Creates (pulling the image if needed) and starts the cli container. Idempotent. */
  up(onProgress?: (line: string) => void): Promise<CliUpResult> {
    return this.container.up(onProgress);
  }

  /** Stops and removes the cli container. Idempotent. */
  down(): Promise<CliDownResult> {
    return this.container.down();
  }

  status(): Promise<CliStatus> {
    return this.container.status();
  }

  async run(spec: CommandSpec, options: { timeoutMs?: number } = {}): Promise<RunResult> {
    const start = Date.now();
    const container = await this.container.runningContainer(spec).catch((error: unknown) => {
      throw withCliUpHint(error);
    });
    const result = await execInContainer(
      this.docker,
      container,
      this.containerName,
      spec,
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    return { ...result, durationMs: Date.now() - start };
  }

  /** The tool's version as it reports it; undefined when it cannot say (osnadmin has no version command). */
  async version(tool: FabricCliTool): Promise<string | undefined> {
    const args = VERSION_ARGS[tool];
    if (args === undefined) return undefined;
    try {
      const r = await this.run({ tool, args: [...args], env: {} }, { timeoutMs: 10_000 });
      return /Version: (\S+)/.exec(`${r.stdout}\n${r.stderr}`)?.[1];
    } catch {
      return undefined;
    }
  }
}
