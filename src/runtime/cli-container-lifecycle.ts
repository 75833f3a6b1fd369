/**
 * The lifecycle of the AMB tutorial's `cli` container (hyperledger/fabric-tools) through the
 * Docker Engine API: `up` creates it as `docker-compose up -d` would (pulling the image when
 * missing), `down` stops and removes it, `status` inspects it. Idempotent. It never replaces a
 * container of another image or home; it recreates this home's container when it was created
 * otherwise (network mode, init, user, mounts: see cli-container-fit.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import { FabkitError, usageError } from '../errors';
import { packageRoot } from '../package-root';
import type { BindMount } from './cli-container';
import { cliContainerCreateOptions, trimSlash } from './cli-container';
import { conflictOf, homeConflictOf, staleFieldsOf } from './cli-container-fit';
import type { CommandSpec } from './command-spec';
import { engineAddress, engineCall, unless } from './docker-engine-error';
import { containerNotRunning } from './docker-exec';
import { ensureImage } from './image-pull';

export interface CliUpResult {
  /** `recreated`: a container of this home and image existed, but created otherwise (see `stale`). */
  readonly outcome: 'created' | 'recreated' | 'started' | 'already-running';
  readonly containerName: string;
  readonly id: string;
  readonly image: string;
  /** Whether `up` had to pull the image. */
  readonly pulled: boolean;
  /** With `recreated`: how the old container differed, e.g. `network mode default, not host`. */
  readonly stale?: readonly string[];
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
  /** Bind mounts, sorted by target (the engine lists them in no set order). */
  readonly mounts: readonly BindMount[];
  /** HostConfig.NetworkMode (fabkit creates it on `host`). */
  readonly networkMode: string | undefined;
  /** Config.User: who the tools run as (`uid:gid`; empty means the image's user, root). */
  readonly user: string | undefined;
  /** How it differs from the container fabkit would create; `cli up` recreates a stale one. */
  readonly stale: readonly string[];
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
  /** `uid:gid` the tools run as; default: this process's. */
  readonly user?: string;
  /** Mount the host's /var/run (and its Docker socket) as the tutorial did; off by default. */
  readonly mountDockerSocket?: boolean;
}

/** With init and SIGHUP the shell stops in well under a second; the grace is for a container created otherwise. */
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
    const { home, containerHome, chaincodeDir, fabricVersion, containerName, user, mountDockerSocket } = this.spec;
    return cliContainerCreateOptions(this.spec.template ?? readComposeTemplate(), {
      home,
      containerHome,
      chaincodeDir,
      fabricVersion,
      containerName,
      image: this.image,
      user,
      mountDockerSocket,
    });
  }

  /** Creates (pulling the image if needed) and starts the cli container. Idempotent. */
  async up(onProgress?: (line: string) => void): Promise<CliUpResult> {
    await this.engine('ping it', () => this.docker.ping());
    const options = this.createOptions();
    const existing = await this.inspect();
    const stale = existing ? this.staleOrConflict(existing, options) : [];
    if (existing && stale.length === 0) return this.reuse(existing, onProgress);
    this.prepareHostDirs();
    const pulled = await ensureImage(this.docker, this.image, onProgress);
    if (existing) {
      onProgress?.(`recreating container ${this.containerName}, created otherwise (${stale.join('; ')})`);
      await this.remove(existing);
    }
    onProgress?.(`creating container ${this.containerName} from ${this.image}`);
    const created = await this.engine(`create container ${this.containerName}`, () =>
      unless(409, undefined, () => this.docker.createContainer(options)),
    );
    if (created === undefined) return this.reuseAfterConflict(options, onProgress);
    await this.start(created.id);
    const base = { containerName: this.containerName, id: created.id, image: this.image, pulled };
    return existing ? { outcome: 'recreated', ...base, stale } : { outcome: 'created', ...base };
  }

  /** Stops and removes the cli container. Idempotent. A container of the same name that serves another home is left alone. */
  async down(): Promise<CliDownResult> {
    const info = await this.inspect();
    if (!info) return { outcome: 'already-removed', containerName: this.containerName, id: undefined };
    const conflict = homeConflictOf(info, this.spec);
    if (conflict) throw conflict;
    const gone = await this.remove(info);
    return { outcome: gone ? 'already-removed' : 'removed', containerName: this.containerName, id: info.Id };
  }

  /** Stops (within the grace) and removes a container; true when it was gone already. */
  private async remove(info: Dockerode.ContainerInspectInfo): Promise<boolean> {
    const container = this.docker.getContainer(info.Id);
    if (info.State.Running)
      await this.engine(`stop container ${this.containerName}`, () =>
        unless(304, undefined, () => container.stop({ t: STOP_GRACE_SECONDS })),
      );
    const gone = await this.engine(`remove container ${this.containerName}`, () =>
      unless(404, 'gone' as const, () => container.remove()),
    );
    return gone === 'gone';
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
        networkMode: undefined,
        user: undefined,
        stale: [],
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
        .map((m) => ({ source: trimSlash(m.Source), target: trimSlash(m.Destination) }))
        .sort((a, b) => a.target.localeCompare(b.target)),
      networkMode: info.HostConfig.NetworkMode,
      user: info.Config.User,
      stale: staleFieldsOf(info, this.createOptions()),
    };
  }

  /** The running container to exec `spec` in; CLI_CONTAINER_NOT_RUNNING when there is none. */
  async runningContainer(spec: CommandSpec): Promise<Dockerode.Container> {
    const info = await this.inspect();
    if (!info?.State.Running)
      throw containerNotRunning(this.containerName, spec, info ? `is ${info.State.Status}` : 'does not exist');
    // A container of the same name may serve another home (another member on this engine): its /opt/home is not ours.
    const conflict = homeConflictOf(info, this.spec);
    if (conflict) throw conflict;
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

  /** An existing container that fits (staleOrConflict found nothing): started if it is not running. */
  private async reuse(info: Dockerode.ContainerInspectInfo, onProgress?: (line: string) => void): Promise<CliUpResult> {
    const base = { containerName: this.containerName, id: info.Id, image: info.Config.Image, pulled: false };
    if (info.State.Running) return { outcome: 'already-running', ...base };
    onProgress?.(`starting existing container ${this.containerName}`);
    await this.start(info.Id);
    return { outcome: 'started', ...base };
  }

  /** Someone created the name between our inspect and our create (HTTP 409): use theirs if it fits. */
  private async reuseAfterConflict(
    options: Dockerode.ContainerCreateOptions,
    onProgress?: (line: string) => void,
  ): Promise<CliUpResult> {
    const raced = await this.inspect();
    if (raced && this.staleOrConflict(raced, options).length === 0) return this.reuse(raced, onProgress);
    if (raced)
      throw new FabkitError(
        'CLI_CONTAINER_CONFLICT',
        `Another process created a container named ${this.containerName} while fabkit was creating it, and it differs: ${this.staleOrConflict(raced, options).join('; ')}`,
        { hint: `Run \`fabkit cli up\` again once the other process is done.` },
      );
    throw new FabkitError(
      'CLI_CONTAINER_CONFLICT',
      `The Docker engine says the name ${this.containerName} is in use, but no such container can be inspected`,
      {
        hint: `Look with docker ps -a --filter name=${this.containerName}; remove what holds the name, or set runtime.containerName in fabkit.yaml.`,
      },
    );
  }

  /** How the container differs from `options` ([] when it fits); CLI_CONTAINER_CONFLICT when it is another image's or home's. */
  private staleOrConflict(info: Dockerode.ContainerInspectInfo, options: Dockerode.ContainerCreateOptions): string[] {
    const conflict = conflictOf(info, this.spec);
    if (conflict) throw conflict;
    return staleFieldsOf(info, options);
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
