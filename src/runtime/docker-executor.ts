/**
 * The docker runtime: runs the Fabric CLI tools inside the AMB tutorial's `cli` container
 * (hyperledger/fabric-tools) through the Docker Engine API, with dockerode. The container is
 * described by templates/docker-compose-cli.yaml (see cli-container.ts); `up` creates it the
 * way `docker-compose up -d` would, `run` is `docker exec` with stdout and stderr kept apart.
 *
 * CommandSpec.env is not secret by contract, but it is still never logged nor put in errors.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Duplex } from 'node:stream';
import { Writable } from 'node:stream';
import type Dockerode from 'dockerode';
import { loadDockerode } from './lazy';
import type { Profile } from '../config/resolve';
import { packageRoot } from '../package-root';
import { FabkitError, usageError } from '../errors';
import type { BindMount } from './cli-container';
import { cliContainerCreateOptions, fabricToolsImage, trimSlash } from './cli-container';
import type { CommandSpec, Executor, FabricCliTool, RunResult } from './command-spec';
import { describeCommand } from './command-spec';
import type { PullEvent } from './pull-progress';
import { PullProgress, pullEventError } from './pull-progress';
import { waitFor } from './wait-for';

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
}

export interface CliUpResult {
  readonly outcome: 'created' | 'started' | 'already-running';
  readonly containerName: string;
  readonly id: string;
  readonly image: string;
  /** Whether `up` had to pull the image. */
  readonly pulled: boolean;
}

export interface CliDownResult {
  readonly outcome: 'removed' | 'already-removed';
  readonly containerName: string;
  readonly id: string | undefined;
}

export interface CliStatus {
  readonly containerName: string;
  readonly exists: boolean;
  readonly running: boolean;
  /** The container's image as created (Config.Image); the expected image when it does not exist. */
  readonly image: string;
  readonly id: string | undefined;
  /** Docker's state name: created, running, exited, … */
  readonly state: string | undefined;
  readonly mounts: readonly BindMount[];
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
const STOP_GRACE_SECONDS = 2;
const UNREACHABLE_CODES = new Set([
  'ENOENT',
  'ECONNREFUSED',
  'EACCES',
  'EPERM',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'ENOTSOCK',
]);

interface EngineErrorShape {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly json?: { readonly message?: unknown } | null;
  readonly message?: unknown;
}

const shapeOf = (e: unknown): EngineErrorShape => (typeof e === 'object' && e !== null ? (e as EngineErrorShape) : {});
/** The HTTP status of a docker-modem error, if the engine answered. */
export const statusOf = (e: unknown): number | undefined =>
  typeof shapeOf(e).statusCode === 'number' ? (shapeOf(e).statusCode as number) : undefined;
const errnoOf = (e: unknown): string | undefined =>
  typeof shapeOf(e).code === 'string' ? (shapeOf(e).code as string) : undefined;

function engineMessage(e: unknown): string {
  const shape = shapeOf(e);
  const json = shape.json?.message;
  if (typeof json === 'string' && json !== '') return json.trim();
  return String(shape.message ?? e).trim();
}

/** Runs `call`; an engine answer with HTTP `status` becomes `fallback` instead of an error. */
async function unless<T, F>(status: number, fallback: F, call: () => Promise<T>): Promise<T | F> {
  try {
    return await call();
  } catch (error) {
    if (statusOf(error) === status) return fallback;
    throw error;
  }
}

interface ModemAddress {
  readonly socketPath?: unknown;
  readonly host?: unknown;
  readonly port?: unknown;
  readonly protocol?: unknown;
}

/** Where dockerode talks to, for messages: `unix:///var/run/docker.sock`, `http://host:2375`, … */
export function engineAddress(docker: Dockerode): string {
  const modem = docker.modem as unknown as ModemAddress;
  if (typeof modem.host === 'string' && modem.host !== '') {
    return `${typeof modem.protocol === 'string' ? modem.protocol : 'http'}://${modem.host}${modem.port ? `:${String(modem.port)}` : ''}`;
  }
  if (typeof modem.socketPath === 'string') return `unix://${modem.socketPath}`;
  return 'unix:///var/run/docker.sock (or ~/.docker/run/docker.sock)';
}

function unreachableHint(code: string, address: string): string {
  if (code === 'EACCES' || code === 'EPERM') {
    return `Permission denied on ${address}: add your user to the docker group (sudo usermod -aG docker $USER, then log in again), or run with access to the socket.`;
  }
  return `Start Docker (e.g. sudo systemctl start docker), or point DOCKER_HOST at a running engine; or use the local runtime (runtime.kind: local in fabkit.yaml).`;
}

/** A writable that keeps every chunk; `text()` once finished. */
function sink(): { stream: Writable; text: () => string; finished: Promise<void> } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  const finished = new Promise<void>((resolve) => stream.once('finish', () => resolve()));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8'), finished };
}

/** Waits for the end of a hijacked exec stream, or the timeout; false when it timed out. */
function streamEnded(stream: Duplex, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

const appendLine = (text: string, line: string): string =>
  `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`;

export function readComposeTemplate(): string {
  return fs.readFileSync(path.join(packageRoot(), 'templates', 'docker-compose-cli.yaml'), 'utf8');
}

/** Runs Fabric tools with `docker exec` in the fabric-tools `cli` container; manages that container. */
export class DockerExecutor implements Executor {
  readonly kind = 'docker' as const;
  readonly docker: Dockerode;
  readonly containerName: string;
  readonly image: string;
  private readonly options: DockerExecutorOptions;

  constructor(options: DockerExecutorOptions) {
    this.options = options;
    this.docker =
      options.docker ??
      new (loadDockerode())(options.socketPath === undefined ? undefined : { socketPath: options.socketPath });
    this.containerName = options.containerName;
    this.image = options.image ?? fabricToolsImage(options.fabricVersion);
  }

  /** The engine's address, as shown in errors. */
  get address(): string {
    return engineAddress(this.docker);
  }

  /** dockerode's `ContainerCreateOptions` for the cli container, from the compose template. */
  createOptions(): Dockerode.ContainerCreateOptions {
    const { home, containerHome, chaincodeDir, fabricVersion, containerName } = this.options;
    return cliContainerCreateOptions(this.options.template ?? readComposeTemplate(), {
      home,
      containerHome,
      chaincodeDir,
      fabricVersion,
      containerName,
      image: this.image,
    });
  }

  /** Creates (pulling the image if needed) and starts the cli container. Idempotent. */
  async up(onProgress?: (line: string) => void): Promise<CliUpResult> {
    await this.ping();
    const existing = await this.inspect();
    if (existing) return this.reuse(existing, onProgress);
    const options = this.createOptions();
    this.prepareHostDirs();
    const pulled = await this.ensureImage(onProgress);
    onProgress?.(`creating container ${this.containerName} from ${this.image}`);
    const created = await this.engine(`create container ${this.containerName}`, () =>
      unless(409, undefined, () => this.docker.createContainer(options)),
    );
    if (created === undefined) return this.reuseAfterConflict(onProgress);
    await this.start(created.id);
    return { outcome: 'created', containerName: this.containerName, id: created.id, image: this.image, pulled };
  }

  /** Stops and removes the cli container. Idempotent. */
  async down(): Promise<CliDownResult> {
    const info = await this.inspect();
    if (!info) return { outcome: 'already-removed', containerName: this.containerName, id: undefined };
    const container = this.docker.getContainer(info.Id);
    if (info.State.Running)
      await this.engine(`stop container ${this.containerName}`, () =>
        unless(304, undefined, () => container.stop({ t: STOP_GRACE_SECONDS })),
      );
    const gone = await this.engine(`remove container ${this.containerName}`, () =>
      unless(404, 'gone' as const, () => container.remove()),
    );
    return { outcome: gone === 'gone' ? 'already-removed' : 'removed', containerName: this.containerName, id: info.Id };
  }

  async status(): Promise<CliStatus> {
    const info = await this.inspect();
    if (!info)
      return {
        containerName: this.containerName,
        exists: false,
        running: false,
        image: this.image,
        id: undefined,
        state: undefined,
        mounts: [],
      };
    return {
      containerName: this.containerName,
      exists: true,
      running: info.State.Running,
      image: info.Config.Image,
      id: info.Id,
      state: info.State.Status,
      mounts: (info.Mounts ?? [])
        .filter((m) => m.Type === 'bind')
        .map((m) => ({ source: m.Source, target: trimSlash(m.Destination) })),
    };
  }

  async run(spec: CommandSpec, options: { timeoutMs?: number } = {}): Promise<RunResult> {
    const start = Date.now();
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const container = await this.runningContainer(spec);
    const exec = await this.engine(`create an exec for ${spec.tool}`, () =>
      this.notRunningOn409(spec, () =>
        container.exec({
          Cmd: [spec.tool, ...spec.args],
          Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
          AttachStdin: false,
          AttachStdout: true,
          AttachStderr: true,
          Tty: false,
        }),
      ),
    );
    const stream = await this.engine(`start ${spec.tool}`, () =>
      this.notRunningOn409(spec, () => exec.start({ hijack: true, stdin: false })),
    );
    const stdout = sink();
    const stderr = sink();
    this.docker.modem.demuxStream(stream, stdout.stream, stderr.stream);
    const ended = await streamEnded(stream, timeoutMs)
      .catch((error: unknown) => {
        throw this.engineError(`read the output of ${spec.tool}`, error);
      })
      .finally(() => stream.destroy());
    stdout.stream.end();
    stderr.stream.end();
    await Promise.all([stdout.finished, stderr.finished]);
    if (!ended) {
      // Like LocalExecutor on a timeout: exit code -1 and what was printed, plus why.
      const note = `fabkit: ${describeCommand(spec)} timed out after ${(timeoutMs / 1000).toFixed(1)}s in container ${this.containerName} (Docker cannot kill an exec; it may still be running there)`;
      return {
        exitCode: -1,
        stdout: stdout.text(),
        stderr: appendLine(stderr.text(), note),
        durationMs: Date.now() - start,
      };
    }
    const exitCode = await this.exitCodeOf(exec, spec);
    return { exitCode, stdout: stdout.text(), stderr: stderr.text(), durationMs: Date.now() - start };
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

  // ------------------------------------------------------------ engine calls

  private async ping(): Promise<void> {
    await this.engine('ping it', () => this.docker.ping());
  }

  private inspect(): Promise<Dockerode.ContainerInspectInfo | undefined> {
    return this.engine(`inspect container ${this.containerName}`, () =>
      unless(404, undefined, () => this.docker.getContainer(this.containerName).inspect()),
    );
  }

  private async start(id: string): Promise<void> {
    await this.engine(`start container ${this.containerName}`, () =>
      unless(304, undefined, () => this.docker.getContainer(id).start()),
    );
  }

  /** Inspects the image and pulls it when the engine does not have it; true when pulled. */
  private async ensureImage(onProgress?: (line: string) => void): Promise<boolean> {
    const present = await this.engine(`inspect image ${this.image}`, () =>
      unless(404, undefined, () => this.docker.getImage(this.image).inspect()),
    );
    if (present) return false;
    onProgress?.(`pulling ${this.image}`);
    const stream = await this.engine(`pull ${this.image}`, () => this.docker.pull(this.image)).catch(
      (error: unknown) => {
        throw this.pullFailed(error);
      },
    );
    await this.followPull(stream, onProgress);
    const after = await this.engine(`inspect image ${this.image}`, () =>
      unless(404, undefined, () => this.docker.getImage(this.image).inspect()),
    );
    if (!after)
      throw this.pullFailed(new Error('the engine reported the pull as finished, but the image is still missing'));
    return true;
  }

  private followPull(stream: NodeJS.ReadableStream, onProgress?: (line: string) => void): Promise<void> {
    const progress = new PullProgress();
    let failure: string | undefined;
    return new Promise((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (error) => {
          if (error || failure !== undefined) reject(this.pullFailed(error ?? new Error(failure)));
          else resolve();
        },
        (event: PullEvent) => {
          failure ??= pullEventError(event);
          const line = progress.update(event);
          if (line !== undefined) onProgress?.(`pull ${this.image}: ${line}`);
        },
      );
    });
  }

  private pullFailed(error: unknown): FabkitError {
    if (error instanceof FabkitError && error.code !== 'DOCKER_API_ERROR') return error;
    return new FabkitError(
      'IMAGE_PULL_FAILED',
      `Pulling ${this.image} failed: ${engineMessage(error instanceof FabkitError ? error.cause : error)}`,
      {
        hint: `Check the image name (runtime.image in fabkit.yaml, default hyperledger/fabric-tools:<network.fabricVersion>) and the engine's registry access (docker pull ${this.image}).`,
        cause: error,
        details: { image: this.image },
      },
    );
  }

  /** An existing container is used only if it is the one fabkit would create: same image, home mounted at containerHome. */
  private async reuse(info: Dockerode.ContainerInspectInfo, onProgress?: (line: string) => void): Promise<CliUpResult> {
    this.assertCompatible(info);
    const base = { containerName: this.containerName, id: info.Id, image: info.Config.Image, pulled: false };
    if (info.State.Running) return { outcome: 'already-running', ...base };
    onProgress?.(`starting existing container ${this.containerName}`);
    await this.start(info.Id);
    return { outcome: 'started', ...base };
  }

  /** Someone created the name between our inspect and our create (HTTP 409): use theirs if it fits. */
  private async reuseAfterConflict(onProgress?: (line: string) => void): Promise<CliUpResult> {
    const raced = await this.inspect();
    if (raced) return this.reuse(raced, onProgress);
    throw new FabkitError(
      'CLI_CONTAINER_CONFLICT',
      `The Docker engine says the name ${this.containerName} is in use, but no such container can be inspected`,
      {
        hint: `Look with docker ps -a --filter name=${this.containerName}; remove what holds the name, or set runtime.containerName in fabkit.yaml.`,
      },
    );
  }

  private assertCompatible(info: Dockerode.ContainerInspectInfo): void {
    const hint = `Remove it with \`fabkit cli down\` (or docker rm -f ${this.containerName}) and run \`fabkit cli up\` again, or set runtime.containerName in fabkit.yaml to use another name.`;
    if (info.Config.Image !== this.image) {
      throw new FabkitError(
        'CLI_CONTAINER_CONFLICT',
        `A container named ${this.containerName} exists with image ${info.Config.Image}, not ${this.image}; fabkit does not replace it`,
        {
          hint,
          details: {
            containerName: this.containerName,
            id: info.Id,
            image: info.Config.Image,
            expectedImage: this.image,
          },
        },
      );
    }
    const home = trimSlash(this.options.home);
    const target = trimSlash(this.options.containerHome);
    const mount = (info.Mounts ?? []).find((m) => trimSlash(m.Destination) === target);
    if (mount?.Source === undefined || trimSlash(mount.Source) !== home) {
      throw new FabkitError(
        'CLI_CONTAINER_CONFLICT',
        `The container ${this.containerName} does not mount ${home} at ${target} (it mounts ${mount ? trimSlash(mount.Source) : 'nothing'} there); Fabric tools in it would not see this home`,
        {
          hint,
          details: { containerName: this.containerName, id: info.Id, home, containerHome: target },
        },
      );
    }
  }

  private prepareHostDirs(): void {
    if (!fs.existsSync(this.options.home)) {
      throw usageError(
        'HOME_NOT_FOUND',
        `Home directory ${this.options.home} does not exist; it is mounted into the cli container`,
        'Run `fabkit init --home <dir>` first.',
      );
    }
    // Created here so that it belongs to this user: the engine would create a missing bind source as root.
    fs.mkdirSync(this.options.chaincodeDir, { recursive: true });
  }

  private async runningContainer(spec: CommandSpec): Promise<Dockerode.Container> {
    const info = await this.inspect();
    if (!info?.State.Running) throw this.notRunning(spec, info ? `is ${info.State.Status}` : 'does not exist');
    return this.docker.getContainer(info.Id);
  }

  private notRunning(spec: CommandSpec, state: string): FabkitError {
    return new FabkitError(
      'CLI_CONTAINER_NOT_RUNNING',
      `Cannot run ${spec.tool}: the cli container ${this.containerName} ${state}`,
      {
        hint: 'Run `fabkit cli up` to create and start it.',
        details: { containerName: this.containerName },
      },
    );
  }

  private async notRunningOn409<T>(spec: CommandSpec, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (statusOf(error) === 409) throw this.notRunning(spec, 'stopped while fabkit was using it');
      throw error;
    }
  }

  /** The exit code, once the engine reports the exec finished (it may lag the end of the stream). */
  private async exitCodeOf(exec: Dockerode.Exec, spec: CommandSpec): Promise<number> {
    const result = await waitFor(
      async () => {
        const info = await exec.inspect();
        return info.Running || info.ExitCode === null ? undefined : info.ExitCode;
      },
      {
        what: `the exit code of ${spec.tool} in container ${this.containerName}`,
        timeoutMs: 10_000,
        intervalMs: 10,
        maxIntervalMs: 200,
      },
    );
    return result.value;
  }

  /** Runs an engine call; failures become FabkitErrors that name the engine's address. */
  private async engine<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw this.engineError(what, error);
    }
  }

  private engineError(what: string, error: unknown): FabkitError {
    if (error instanceof FabkitError) return error;
    const code = errnoOf(error);
    if (code !== undefined && UNREACHABLE_CODES.has(code)) {
      return new FabkitError(
        'DOCKER_UNREACHABLE',
        `Cannot reach the Docker engine at ${this.address} (${code}) to ${what}`,
        {
          hint: unreachableHint(code, this.address),
          cause: error,
          details: { address: this.address, errno: code },
        },
      );
    }
    const status = statusOf(error);
    return new FabkitError(
      'DOCKER_API_ERROR',
      `The Docker engine at ${this.address} failed to ${what}${status === undefined ? '' : ` (HTTP ${status})`}: ${engineMessage(error)}`,
      {
        hint: "Check the engine with `docker info` and `docker ps -a`; the engine's own message is above.",
        cause: error,
        details: { address: this.address, statusCode: status },
      },
    );
  }
}

export interface DockerExecutorOfOptions {
  readonly docker?: Dockerode;
  readonly socketPath?: string;
  /** Host directory mounted at /opt/gopath/src/github.com/; default `<home>/chaincode`. Must be under the home. */
  readonly chaincodeDir?: string;
  readonly template?: string;
}

/**
 * The docker runtime of a profile: container name, image and container home from `runtime`,
 * the image tag from `network.fabricVersion`. The chaincode directory defaults to
 * `<home>/chaincode` (the tutorial's ~/fabric-samples/chaincode, kept inside the home so that
 * the same files are also reachable through the home mount and `profile.containerPath`).
 */
export function dockerExecutorOf(profile: Profile, options: DockerExecutorOfOptions = {}): DockerExecutor {
  const chaincodeDir = path.resolve(profile.home, options.chaincodeDir ?? 'chaincode');
  profile.containerPath(chaincodeDir);
  return new DockerExecutor({
    docker: options.docker,
    socketPath: options.socketPath,
    template: options.template,
    containerName: profile.runtime.containerName,
    image: profile.runtime.image,
    home: profile.home,
    containerHome: profile.runtime.containerHome,
    chaincodeDir,
    fabricVersion: profile.network.fabricVersion.text,
  });
}
