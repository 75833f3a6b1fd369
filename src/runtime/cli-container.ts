/**
 * Pure: from the rendered docker-compose-cli.yaml (the AMB tutorial's `cli` service, the single
 * source of truth for what the container looks like) to the options of Docker's
 * `POST /containers/create`, as dockerode takes them. Nothing here talks to Docker.
 */
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import * as yaml from 'js-yaml';
import { FabkitError, usageError } from '../errors';
import { processUser, renderComposeCli } from './compose';

export interface CliContainerParams {
  readonly fabricVersion: string;
  /** Absolute host home, mounted at `containerHome`. */
  readonly home: string;
  /** Absolute host directory mounted at /opt/gopath/src/github.com/ (the tutorial's fabric-samples/chaincode). */
  readonly chaincodeDir: string;
  readonly containerName: string;
  /** Where the home appears in the container; the template says /opt/home, the profile may say otherwise. */
  readonly containerHome: string;
  /** Overrides the template's `hyperledger/fabric-tools:<fabricVersion>`. */
  readonly image?: string;
  /** `uid:gid` the tools run as; default: this process's (processUser()). */
  readonly user?: string;
  /**
   * Also mount the host's /var/run at /host/var/run and set CORE_VM_ENDPOINT to its Docker socket,
   * as the tutorial did for Fabric 1.2's Docker chaincode builds. Off by default: the socket gives
   * whoever runs in the container the host's Docker engine.
   */
  readonly mountDockerSocket?: boolean;
}

/** What mountDockerSocket adds: the tutorial's /var/run bind and the peer's chaincode builder endpoint. */
export const DOCKER_SOCKET_BIND = '/var/run:/host/var/run';
export const DOCKER_SOCKET_ENV = 'CORE_VM_ENDPOINT=unix:///host/var/run/docker.sock';

/** One bind mount, both sides absolute and without a trailing slash. */
export interface BindMount {
  readonly source: string;
  readonly target: string;
}

interface ComposeService {
  readonly container_name?: unknown;
  readonly image?: unknown;
  readonly tty?: unknown;
  readonly environment?: unknown;
  readonly working_dir?: unknown;
  readonly command?: unknown;
  readonly volumes?: unknown;
  readonly network_mode?: unknown;
  readonly init?: unknown;
  readonly stop_signal?: unknown;
  readonly user?: unknown;
}

function templateError(message: string): FabkitError {
  return new FabkitError('COMPOSE_TEMPLATE_INVALID', `templates/docker-compose-cli.yaml: ${message}`, {
    hint: 'The compose template shipped with fabkit was changed or is damaged; restore it from the fabkit package.',
  });
}

function stringOf(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '')
    throw templateError(`services.cli.${field} must be a non-empty string`);
  return value;
}

/** An optional string field: undefined when absent, else a non-empty string. */
function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : stringOf(value, field);
}

function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw templateError(`services.cli.${field} must be true or false`);
  return value;
}

/** `/host/var/run/` → `/host/var/run`; `/` stays `/`. */
export function trimSlash(p: string): string {
  const normalized = path.posix.normalize(p);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

/** Compose's `environment`, as a list (`- K=V`) or a map (`K: V`), to Docker's `K=V` list. */
function envOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((entry) => stringOf(entry, 'environment[]'));
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}=${v === null ? '' : String(v)}`);
  throw templateError('services.cli.environment must be a list or a map');
}

/** Compose's `command`: a list, or a string split on blanks (the template has no quoting). */
function commandOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((entry) => stringOf(entry, 'command[]'));
  const text = stringOf(value, 'command');
  if (/["'\\]/.test(text))
    throw templateError('services.cli.command as a string must not use quotes; write it as a list');
  return text.trim().split(/\s+/);
}

/** `host:container[:mode]` → a bind; both sides must be absolute (compose's named volumes are not used). */
export function parseVolume(entry: string): BindMount & { readonly mode: string | undefined } {
  const [source, target, mode, ...rest] = entry.split(':');
  if (!source || !target || rest.length > 0 || !source.startsWith('/') || !target.startsWith('/')) {
    throw templateError(
      `volume "${entry}" must be host:container[:mode] with absolute paths (and no ":" inside a path)`,
    );
  }
  return { source: trimSlash(source), target: trimSlash(target), mode };
}

function serviceOf(rendered: string): ComposeService {
  const doc = yaml.load(rendered) as { services?: { cli?: unknown } } | undefined;
  const service = doc?.services?.cli;
  if (typeof service !== 'object' || service === null) throw templateError('services.cli is missing');
  return service as ComposeService;
}

function assertPathParam(name: string, value: string): void {
  if (!path.posix.isAbsolute(value) || value.includes(':')) {
    throw usageError(
      'INVALID_MOUNT_PATH',
      `${name} "${value}" must be an absolute path without ":" to be mounted into the cli container`,
      'Use an absolute directory path (Docker bind mounts cannot contain ":").',
      { [name]: value },
    );
  }
}

/**
 * The binds of the rendered service, with the home's target replaced by `containerHome`
 * (the template mounts the home at /opt/home; a profile may choose another container path).
 */
function bindsOf(value: unknown, params: CliContainerParams): string[] {
  if (!Array.isArray(value)) throw templateError('services.cli.volumes must be a list');
  const home = trimSlash(params.home);
  return value.map((entry) => {
    const bind = parseVolume(stringOf(entry, 'volumes[]'));
    const target = bind.source === home ? trimSlash(params.containerHome) : bind.target;
    return [bind.source, target, ...(bind.mode === undefined ? [] : [bind.mode])].join(':');
  });
}

/** `ContainerCreateOptions` for dockerode's `createContainer`, from the compose template's text. */
export function cliContainerCreateOptions(
  template: string,
  params: CliContainerParams,
): Dockerode.ContainerCreateOptions {
  assertPathParam('home', params.home);
  assertPathParam('chaincodeDir', params.chaincodeDir);
  assertPathParam('containerHome', params.containerHome);
  const service = serviceOf(
    renderComposeCli(template, {
      fabricVersion: params.fabricVersion,
      home: trimSlash(params.home),
      chaincodeDir: trimSlash(params.chaincodeDir),
      containerName: params.containerName,
      user: params.user ?? processUser(),
    }),
  );
  const socket = params.mountDockerSocket === true;
  const networkMode = optionalString(service.network_mode, 'network_mode');
  const init = optionalBoolean(service.init, 'init');
  const stopSignal = optionalString(service.stop_signal, 'stop_signal');
  const user = optionalString(service.user, 'user');
  return {
    name: stringOf(service.container_name, 'container_name'),
    Image: params.image ?? stringOf(service.image, 'image'),
    Tty: service.tty === true,
    ...(user !== undefined && { User: user }),
    Env: [...envOf(service.environment), ...(socket ? [DOCKER_SOCKET_ENV] : [])],
    WorkingDir: stringOf(service.working_dir, 'working_dir'),
    Cmd: commandOf(service.command),
    ...(stopSignal !== undefined && { StopSignal: stopSignal }),
    HostConfig: {
      Binds: [...bindsOf(service.volumes, params), ...(socket ? [DOCKER_SOCKET_BIND] : [])],
      ...(networkMode !== undefined && { NetworkMode: networkMode }),
      ...(init !== undefined && { Init: init }),
    },
  };
}

/** The binds of create options as `{source, target}`, e.g. to compare with a container's mounts. */
export function bindMountsOf(options: Dockerode.ContainerCreateOptions): BindMount[] {
  return (options.HostConfig?.Binds ?? []).map((bind) => {
    const { source, target } = parseVolume(bind);
    return { source, target };
  });
}

/**
 * The fabric-tools image for a network's Fabric version. AMB reports "1.2" for its 1.2 networks,
 * and the tutorial pulls hyperledger/fabric-tools:1.2.0; other versions are used as given
 * (runtime.image in fabkit.yaml overrides the choice).
 */
export function fabricToolsImage(fabricVersion: string): string {
  const short = /^1\.([0-3])$/.exec(fabricVersion);
  return `hyperledger/fabric-tools:${short ? `${fabricVersion}.0` : fabricVersion}`;
}
