/**
 * The lifecycle of the AMB tutorial's `cli` container (hyperledger/fabric-tools) through the
 * Docker Engine API: `up` creates it as `docker-compose up -d` would (pulling the image when
 * missing), `down` stops and removes it, `status` inspects it. Idempotent, and it never
 * replaces a container it did not create the same way.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { FabkitError, usageError } from '../errors';
import { packageRoot } from '../package-root';
import type { BindMount } from './cli-container';
import { cliContainerCreateOptions, trimSlash } from './cli-container';
import type { CommandSpec } from './command-spec';
import { engineAddress, engineCall, engineMessage, unless } from './docker-engine-error';
import { containerNotRunning } from './docker-exec';
import type { PullEvent } from './pull-progress';
import { PullProgress, pullEventError } from './pull-progress';

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

/** What the container is: plain values, no profile. */
export interface CliContainerSpec {
  readonly containerName: string;
  readonly image: string;
  /** Absolute host home, mounted at `containerHome`. */
  readonly home: string;
  readonly containerHome: string;
  /** Absolute host directory mounted at /opt/gopath/src/github.com/. */
  readonly chaincodeDir: string;
  readonly fabricVersion: string;
  /** The compose template's text; default: templates/docker-compose-cli.yaml of the fabkit package. */
  readonly template?: string;
}

const STOP_GRACE_SECONDS = 2;

export function readComposeTemplate(): string {
  return fs.readFileSync(path.join(packageRoot(), 'templates', 'docker-compose-cli.yaml'), 'utf8');
}

/** Creates, starts, inspects, stops and removes the cli container on one engine. */
export class CliContainerLifecycle {
  constructor(
    readonly docker: Dockerode,
    private readonly spec: CliContainerSpec,
  ) {}

  private get containerName(): string {
    return this.spec.containerName;
  }

  private get image(): string {
    return this.spec.image;
  }

  /** dockerode's `ContainerCreateOptions` for the cli container, from the compose template. */
  createOptions(): Dockerode.ContainerCreateOptions {
    const { home, containerHome, chaincodeDir, fabricVersion, containerName } = this.spec;
    return cliContainerCreateOptions(this.spec.template ?? readComposeTemplate(), {
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
    await this.engine('ping it', () => this.docker.ping());
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

  /** The running container to exec `spec` in; CLI_CONTAINER_NOT_RUNNING when there is none. */
  async runningContainer(spec: CommandSpec): Promise<Dockerode.Container> {
    const info = await this.inspect();
    if (!info?.State.Running)
      throw containerNotRunning(this.containerName, spec, info ? `is ${info.State.Status}` : 'does not exist');
    return this.docker.getContainer(info.Id);
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
    const home = trimSlash(this.spec.home);
    const target = trimSlash(this.spec.containerHome);
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
    if (!fs.existsSync(this.spec.home)) {
      throw usageError(
        'HOME_NOT_FOUND',
        `Home directory ${this.spec.home} does not exist; it is mounted into the cli container`,
        'Run `fabkit init --home <dir>` first.',
      );
    }
    // Created here so that it belongs to this user: the engine would create a missing bind source as root.
    fs.mkdirSync(this.spec.chaincodeDir, { recursive: true });
  }

  /** Runs an engine call; failures become FabkitErrors that name the engine's address. */
  private engine<T>(what: string, call: () => Promise<T>): Promise<T> {
    return engineCall(engineAddress(this.docker), what, call);
  }
}
