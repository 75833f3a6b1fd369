/**
 * Pure: whether an existing container named like the cli container is the one fabkit would
 * create. Another image or another home is a conflict (it belongs to something else, and fabkit
 * leaves it alone); another network mode, init, stop signal, user or set of mounts makes it
 * stale (the same container, created by an older fabkit or by hand: `cli up` recreates it).
 */
import type Dockerode from 'dockerode';
import { FabkitError } from '../errors';
import { bindMountsOf, trimSlash } from './cli-container';

export interface FitTarget {
  readonly containerName: string;
  readonly image: string;
  /** Absolute host home and where the container must mount it. */
  readonly home: string;
  readonly containerHome: string;
}

type Inspected = Pick<Dockerode.ContainerInspectInfo, 'Id' | 'Config' | 'HostConfig' | 'Mounts'>;

/** The container's bind mounts as `source -> target`, sorted (the engine lists them in no set order). */
export function bindsOfContainer(info: Pick<Dockerode.ContainerInspectInfo, 'Mounts'>): string[] {
  return (info.Mounts ?? [])
    .filter((m) => m.Type === 'bind')
    .map((m) => `${trimSlash(m.Source)} -> ${trimSlash(m.Destination)}`)
    .sort();
}

const conflictHint = (containerName: string): string =>
  `Remove it with \`fabkit cli down\` (or docker rm -f ${containerName}) and run \`fabkit cli up\` again, or set runtime.containerName in fabkit.yaml to use another name.`;

/** CLI_CONTAINER_CONFLICT when the container does not mount `home` at `containerHome`; undefined when it does. */
export function homeConflictOf(info: Inspected, target: FitTarget): FabkitError | undefined {
  const home = trimSlash(target.home);
  const at = trimSlash(target.containerHome);
  const mount = (info.Mounts ?? []).find((m) => trimSlash(m.Destination) === at);
  if (mount?.Source !== undefined && trimSlash(mount.Source) === home) return undefined;
  const other = mount?.Source === undefined ? undefined : trimSlash(mount.Source);
  return new FabkitError(
    'CLI_CONTAINER_CONFLICT',
    `The container ${target.containerName} does not mount ${home} at ${at} (it mounts ${other ?? 'nothing'} there); Fabric tools in it would not see this home`,
    {
      hint: `It serves ${other === undefined ? 'something else' : `the home ${other}`}: give this home its own container (runtime.containerName in fabkit.yaml), or remove that one (${other === undefined ? '' : `fabkit cli down --home ${other}, or `}docker rm -f ${target.containerName}).`,
      details: { containerName: target.containerName, id: info.Id, home, containerHome: at, mountedThere: other },
    },
  );
}

/** CLI_CONTAINER_CONFLICT when the container has another image or another home; undefined when it is this home's. */
export function conflictOf(info: Inspected, target: FitTarget): FabkitError | undefined {
  if (info.Config.Image !== target.image) {
    return new FabkitError(
      'CLI_CONTAINER_CONFLICT',
      `A container named ${target.containerName} exists with image ${info.Config.Image}, not ${target.image}; fabkit does not replace it`,
      {
        hint: conflictHint(target.containerName),
        details: {
          containerName: target.containerName,
          id: info.Id,
          image: info.Config.Image,
          expectedImage: target.image,
        },
      },
    );
  }
  return homeConflictOf(info, target);
}

const show = (value: string | undefined): string => (value === undefined || value === '' ? '(none)' : value);

/** `what actual, not wanted` when the two differ. */
const differ = (what: string, actual: string, wanted: string): string[] =>
  actual === wanted ? [] : [`${what} ${actual}, not ${wanted}`];

function mountDifferences(info: Inspected, expected: Dockerode.ContainerCreateOptions): string[] {
  const actual = bindsOfContainer(info);
  const wanted = bindMountsOf(expected)
    .map((m) => `${m.source} -> ${m.target}`)
    .sort();
  const extra = actual.filter((b) => !wanted.includes(b));
  const missing = wanted.filter((b) => !actual.includes(b));
  return [
    ...(extra.length > 0 ? [`mounts ${extra.join(', ')} too`] : []),
    ...(missing.length > 0 ? [`does not mount ${missing.join(', ')}`] : []),
  ];
}

/**
 * How the container differs from `expected` (the create options fabkit would use), one phrase
 * per difference, e.g. `network mode default, not host`; [] when it fits.
 */
export function staleFieldsOf(info: Inspected, expected: Dockerode.ContainerCreateOptions): string[] {
  const init = info.HostConfig.Init === true;
  const stopSignal = (info.Config as { StopSignal?: string }).StopSignal;
  return [
    ...differ('network mode', info.HostConfig.NetworkMode ?? 'default', expected.HostConfig?.NetworkMode ?? 'default'),
    ...(init === (expected.HostConfig?.Init === true) ? [] : [init ? 'an init process' : 'no init process']),
    ...differ('user', show(info.Config.User), show(expected.User)),
    ...differ('stop signal', stopSignal ?? 'SIGTERM', expected.StopSignal ?? 'SIGTERM'),
    ...mountDifferences(info, expected),
  ];
}
