/**
 * Docker Engine API failures as fabkit sees them: the engine's HTTP status and message from a
 * docker-modem error, the address dockerode talks to, and the FabkitError each failure becomes
 * (DOCKER_UNREACHABLE with what to do about the socket, or DOCKER_API_ERROR with the engine's words).
 */
import type Dockerode from 'dockerode';
import { FabkitError } from '../errors';

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

/**
 * docker-modem's prefix when the engine's answer had no JSON body to read the message from (its
 * stream endpoints, such as a pull): `(HTTP code 500) server error - `.
 */
const MODEM_PREFIX = /^\(HTTP code \d+\) [^-]*- /;

/** The engine's own message (its JSON `message` when it answered), else the error's, without docker-modem's prefix. */
export function engineMessage(e: unknown): string {
  const shape = shapeOf(e);
  const json = shape.json?.message;
  if (typeof json === 'string' && json !== '') return json.trim();
  return String(shape.message ?? e)
    .trim()
    .replace(MODEM_PREFIX, '')
    .trim();
}

/** Runs `call`; an engine answer with HTTP `status` becomes `fallback` instead of an error. */
export async function unless<T, F>(status: number, fallback: F, call: () => Promise<T>): Promise<T | F> {
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

/** The FabkitError for a failed engine call `what` against the engine at `address`; FabkitErrors pass through. */
export function engineError(address: string, what: string, error: unknown): FabkitError {
  if (error instanceof FabkitError) return error;
  const code = errnoOf(error);
  if (code !== undefined && UNREACHABLE_CODES.has(code)) {
    return new FabkitError('DOCKER_UNREACHABLE', `Cannot reach the Docker engine at ${address} (${code}) to ${what}`, {
      hint: unreachableHint(code, address),
      cause: error,
      details: { address, errno: code },
    });
  }
  const status = statusOf(error);
  return new FabkitError(
    'DOCKER_API_ERROR',
    `The Docker engine at ${address} failed to ${what}${status === undefined ? '' : ` (HTTP ${status})`}: ${engineMessage(error)}`,
    {
      hint: "Check the engine with `docker info` and `docker ps -a`; the engine's own message is above.",
      cause: error,
      details: { address, statusCode: status },
    },
  );
}

/** Runs an engine call; its failure becomes engineError(address, what, …). */
export async function engineCall<T>(address: string, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw engineError(address, what, error);
  }
}
