/**
 * The cli container's image on one engine: inspect it, pull it when missing (with a few progress
 * lines), and say plainly why a pull failed. Where no registry answers the engine (offline,
 * air-gapped, or a machine like ours), the hint names `fabkit cli image build`, which builds the
 * image from fabkit's own Fabric binaries.
 */
import type Dockerode from 'dockerode';
import { FabkitError } from '../errors';
import { engineAddress, engineCall, engineMessage, unless } from './docker-engine-error';
import { FABRIC_VERSION } from './fabric-install';
import type { PullEvent } from './pull-progress';
import { PullProgress, pullEventError } from './pull-progress';

/** What the engine says when it cannot reach a registry at all (as opposed to a registry refusing the image). */
const NO_REGISTRY =
  /no such host|dial tcp|i\/o timeout|connection refused|TLS handshake timeout|network is unreachable|Client\.Timeout exceeded|server misbehaving|no route to host|temporary failure in name resolution/i;

/** The image `fabkit cli image build` makes (the Fabric version of fabkit's binaries). */
export const LOCAL_TOOLS_IMAGE = `hyperledger/fabric-tools:${FABRIC_VERSION}`;

function buildHint(image: string): string {
  const retag =
    image === LOCAL_TOOLS_IMAGE
      ? ''
      : `; it is Fabric ${FABRIC_VERSION}, so also set runtime.image: ${LOCAL_TOOLS_IMAGE} in fabkit.yaml`;
  return `Build the image here from fabkit's own Fabric binaries with \`fabkit cli image build\`${retag}, then run \`fabkit cli up\` again.`;
}

/** IMAGE_PULL_FAILED in fabkit's words; the engine's text is kept, without docker-modem's prefix, and as the cause. */
export function pullFailure(image: string, error: unknown): FabkitError {
  if (error instanceof FabkitError && error.code !== 'DOCKER_API_ERROR') return error;
  const cause = error instanceof FabkitError ? (error.cause ?? error) : error;
  const said = engineMessage(cause);
  const unreachable = NO_REGISTRY.test(said);
  const message = unreachable
    ? `Cannot pull ${image}: no registry answers the Docker engine (it says: ${said})`
    : `Pulling ${image} failed: ${said}`;
  const hint = unreachable
    ? `The engine has no access to a registry. ${buildHint(image)}`
    : `Check the image name (runtime.image in fabkit.yaml, default hyperledger/fabric-tools:<network.fabricVersion>) and the engine's registry access (docker pull ${image}). ${buildHint(image)}`;
  return new FabkitError('IMAGE_PULL_FAILED', message, {
    hint,
    cause,
    details: { image, engineMessage: said, registryUnreachable: unreachable },
  });
}

function followPull(
  docker: Dockerode,
  image: string,
  stream: NodeJS.ReadableStream,
  onProgress?: (line: string) => void,
): Promise<void> {
  const progress = new PullProgress();
  let failure: string | undefined;
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error) => {
        if (error || failure !== undefined) reject(pullFailure(image, error ?? new Error(failure)));
        else resolve();
      },
      (event: PullEvent) => {
        failure ??= pullEventError(event);
        const line = progress.update(event);
        if (line !== undefined) onProgress?.(`pull ${image}: ${line}`);
      },
    );
  });
}

/** Inspects the image and pulls it when the engine does not have it; true when it pulled. */
export async function ensureImage(
  docker: Dockerode,
  image: string,
  onProgress?: (line: string) => void,
): Promise<boolean> {
  const address = engineAddress(docker);
  const inspect = (): Promise<Dockerode.ImageInspectInfo | undefined> =>
    engineCall(address, `inspect image ${image}`, () => unless(404, undefined, () => docker.getImage(image).inspect()));
  if (await inspect()) return false;
  onProgress?.(`pulling ${image}`);
  const stream = await engineCall(address, `pull ${image}`, () => docker.pull(image)).catch((error: unknown) => {
    throw pullFailure(image, error);
  });
  await followPull(docker, image, stream, onProgress);
  if (!(await inspect()))
    throw pullFailure(image, new Error('the engine reported the pull as finished, but the image is still missing'));
  return true;
}
