/** The real Docker engine for integration tests: scripts/docker-engine.sh up, and a dockerode client for it. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Dockerode from 'dockerode';
import execa from 'execa';
import { ROOT, SHARED_FILE, sharedDevnet } from './devnet';

export interface RealEngine {
  /** The DOCKER_HOST value the script printed, e.g. unix:///root/.cache/fabkit/docker-engine/docker.sock. */
  readonly dockerHost: string;
  readonly docker: Dockerode;
}

/** dockerode options for a DOCKER_HOST value (unix:// or tcp://). */
export function dockerodeOptionsOf(dockerHost: string): Dockerode.DockerOptions {
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length) };
  const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port || 2375), protocol: 'http' };
}

/** Uses (or starts) the engine scripts/docker-engine.sh gives and returns its DOCKER_HOST; fails with the script's own words when none can be had. */
export async function startEngine(): Promise<string> {
  const up = await execa('bash', [path.join(ROOT, 'scripts', 'docker-engine.sh'), 'up'], { reject: false, cwd: ROOT });
  if (up.exitCode !== 0) throw new Error(`scripts/docker-engine.sh up failed (exit ${up.exitCode}):\n${up.stderr}`);
  return up.stdout.trim();
}

/** The engine global-setup made sure of (with the fabric-tools image on it), else whatever scripts/docker-engine.sh gives. */
export async function realEngine(): Promise<RealEngine> {
  const dockerHost = fs.existsSync(SHARED_FILE) ? sharedDevnet().dockerHost : await startEngine();
  return { dockerHost, docker: new Dockerode(dockerodeOptionsOf(dockerHost)) };
}

/** The static busybox scripts/busybox-static.sh provides (fetched once into the fabkit cache). */
export async function staticBusybox(): Promise<string> {
  const r = await execa('bash', [path.join(ROOT, 'scripts', 'busybox-static.sh')], { reject: false, cwd: ROOT });
  if (r.exitCode !== 0) throw new Error(`scripts/busybox-static.sh failed (exit ${r.exitCode}):\n${r.stderr}`);
  return r.stdout.trim();
}

export interface ContainerRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a one-off container (no network) to the end, with its output kept apart, and removes it. */
export async function runOnce(
  docker: Dockerode,
  image: string,
  cmd: readonly string[],
  extra: Partial<Dockerode.ContainerCreateOptions> = {},
): Promise<ContainerRun> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: [...cmd],
    Tty: false,
    ...extra,
    HostConfig: { NetworkMode: 'none', ...extra.HostConfig },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const logs = await container.logs({ stdout: true, stderr: true, follow: false });
    return { exitCode: StatusCode, ...demux(logs) };
  } finally {
    await container.remove({ force: true });
  }
}

/** Splits Docker's multiplexed log stream (8-byte frame headers: stream, 0, 0, 0, size) into stdout and stderr. */
function demux(buffer: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(at + 4);
    const frame = buffer.subarray(at + 8, at + 8 + size);
    (buffer[at] === 2 ? err : out).push(frame);
    at += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
