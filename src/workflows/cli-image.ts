/**
 * `fabkit cli image build`: the fabric-tools image of the docker runtime, built on the engine
 * DOCKER_HOST names from fabkit's own Fabric binaries (the cache scripts/install-fabric.sh fills),
 * Fabric's default configs and a static busybox (scripts/busybox-static.sh), for engines that no
 * registry answers.
 */
import * as path from 'node:path';
import type Dockerode from 'dockerode';
import execa from 'execa';
import { FabkitError, usageError } from '../errors';
import { packageRoot } from '../package-root';
import { expectedInstall, FABRIC_VERSION } from '../runtime/fabric-install';
import { loadDockerode } from '../runtime/lazy';
import type { ToolsImageResult } from '../runtime/tools-image';
import { buildToolsImage } from '../runtime/tools-image';

export interface CliImageOptions {
  /** The Fabric version of the image; it must be the version of fabkit's binaries (the default). */
  readonly fabricVersion?: string;
  /** Default: `new Dockerode()` (DOCKER_HOST, else /var/run/docker.sock). */
  readonly docker?: Dockerode;
  /** Build even when the image was built from the same inputs. */
  readonly force?: boolean;
  /** A static busybox to use instead of the one scripts/busybox-static.sh fetches. */
  readonly busybox?: string;
  readonly onProgress?: (line: string) => void;
}

export type CliImageResult = ToolsImageResult;

/** The static busybox scripts/busybox-static.sh gives (Debian's busybox-static, unpacked into the cache, not installed). */
async function staticBusybox(onProgress?: (line: string) => void): Promise<string> {
  const script = path.join(packageRoot(), 'scripts', 'busybox-static.sh');
  const child = execa('bash', [script], { reject: false });
  child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) onProgress?.(line);
  });
  const r = await child;
  const busybox = r.stdout.trim();
  if (r.exitCode !== 0 || busybox === '')
    throw new FabkitError('BUSYBOX_UNAVAILABLE', `Getting a static busybox for the image failed (exit ${r.exitCode})`, {
      hint: `Run bash ${script} to see why, or set FABKIT_BUSYBOX to a statically linked busybox.`,
      details: { stderrTail: r.stderr.split('\n').slice(-5).join('\n') },
    });
  return busybox;
}

/**
 * Builds (or finds up to date) hyperledger/fabric-tools:<version> on the engine, from the binaries
 * in fabkit's cache. Only the version fabkit builds can be made: an image tagged with another
 * Fabric version would hold other tools than its name says.
 */
export async function buildCliImage(options: CliImageOptions = {}): Promise<CliImageResult> {
  const fabricVersion = options.fabricVersion ?? FABRIC_VERSION;
  if (fabricVersion !== FABRIC_VERSION)
    throw usageError(
      'FABRIC_VERSION_NOT_BUILT',
      `fabkit builds the Fabric ${FABRIC_VERSION} tools only; it cannot build an image of Fabric ${fabricVersion}`,
      `Build hyperledger/fabric-tools:${FABRIC_VERSION} (leave --fabric-version out) and set runtime.image: hyperledger/fabric-tools:${FABRIC_VERSION} in fabkit.yaml; the ${FABRIC_VERSION} peer CLI works with Fabric 2.2 networks.`,
      { fabricVersion, built: FABRIC_VERSION },
    );
  const install = expectedInstall();
  const busybox = options.busybox ?? (await staticBusybox(options.onProgress));
  return buildToolsImage({
    docker: options.docker ?? new (loadDockerode())(),
    fabricVersion,
    binDir: install.binDir,
    configDir: install.configDir,
    busybox,
    force: options.force,
    onProgress: options.onProgress,
  });
}
