/**
 * A profile from command-line flags (`fabkit init --network-id … --member-id … …`). Pure.
 * Every problem is reported at once, named by its flag, in one usage error.
 */
import { usageError } from '../errors';
import { checkEndpoint } from '../validate/endpoint';
import { validateNodeId } from '../validate/ids';
import { quote } from '../validate/issue';
import type { ProfileFile, ProfileFileInput } from './schema';
import { profileFileSchema } from './schema';

export interface ProfileFlags {
  readonly networkId: string;
  readonly memberId: string;
  readonly memberName: string;
  readonly caEndpoint: string;
  readonly ordererEndpoint: string;
  readonly peerEndpoints: readonly string[];
  /** A path (relative to the home, or absolute), or an `s3://` / `https://` location to fetch it from. */
  readonly tlsChain: string;
  /** Default `DEFAULT_FLAGS_FABRIC_VERSION`. */
  readonly fabricVersion?: string | undefined;
  /** `local` (default) or `docker`. */
  readonly runtime?: string | undefined;
  /** Default: `amb` when the orderer endpoint is an AMB host, else `fabric`. */
  readonly target?: string | undefined;
  /** Default `AdminUser`. */
  readonly adminUser?: string | undefined;
  /** AWS region; default: read from an AMB orderer host name. */
  readonly region?: string | undefined;
}

/** The AMB default framework version for new networks. */
export const DEFAULT_FLAGS_FABRIC_VERSION = '2.2';

/** The command-line flag of each field, as named in messages. */
export const FLAG_NAMES: Readonly<Record<string, string>> = {
  'network.id': '--network-id',
  'network.fabricVersion': '--fabric-version',
  'network.orderingServiceEndpoint': '--orderer-endpoint',
  'member.id': '--member-id',
  'member.name': '--member-name',
  'member.caEndpoint': '--ca-endpoint',
  'member.adminUser': '--admin-user',
  peers: '--peer-endpoint',
  'peers.endpoint': '--peer-endpoint',
  'tls.chainFile': '--tls-chain',
  'tls.source.location': '--tls-chain',
  'tls.source.kind': '--tls-chain',
  'runtime.kind': '--runtime',
  target: '--target',
  'aws.region': '--region',
};

const AMB_HOST = /\.managedblockchain\.([a-z0-9-]+)\.amazonaws\.com$/i;

function hostOf(endpoint: string): string | undefined {
  const check = checkEndpoint(endpoint);
  return check.ok ? check.endpoint.host : undefined;
}

/** The AWS region of an AMB endpoint, e.g. `us-east-1`; undefined for other hosts. */
export function ambRegionOf(endpoint: string): string | undefined {
  const host = hostOf(endpoint);
  return host === undefined ? undefined : AMB_HOST.exec(host)?.[1]?.toLowerCase();
}

/** The node ID in an AMB peer host name (`nd-<id>.m-<id>.n-<id>.managedblockchain…`), upper-cased as AMB writes IDs. */
export function nodeIdOfEndpoint(endpoint: string): string | undefined {
  const host = hostOf(endpoint);
  const label = host?.split('.')[0]?.toUpperCase().replace(/^ND-/, 'nd-');
  return label !== undefined && validateNodeId(label).length === 0 ? label : undefined;
}

function tlsOf(tlsChain: string): ProfileFileInput['tls'] {
  const remote = /^(s3|https):\/\//i.exec(tlsChain);
  if (remote === null) return { chainFile: tlsChain };
  const kind = remote[1]?.toLowerCase() === 's3' ? 's3' : 'https';
  const name =
    tlsChain
      .replace(/[?#].*$/, '')
      .split('/')
      .pop() ?? '';
  return { chainFile: name === '' ? 'tls-chain.pem' : name, source: { kind, location: tlsChain } };
}

/** The profile the flags describe, before validation. */
export function profileInputFromFlags(flags: ProfileFlags): ProfileFileInput {
  const region = flags.region ?? ambRegionOf(flags.ordererEndpoint);
  const target = flags.target ?? (ambRegionOf(flags.ordererEndpoint) === undefined ? 'fabric' : 'amb');
  return {
    version: 1,
    target: target as ProfileFileInput['target'],
    network: {
      id: flags.networkId,
      fabricVersion: flags.fabricVersion ?? DEFAULT_FLAGS_FABRIC_VERSION,
      orderingServiceEndpoint: flags.ordererEndpoint,
    },
    member: {
      id: flags.memberId,
      name: flags.memberName,
      caEndpoint: flags.caEndpoint,
      ...(flags.adminUser === undefined ? {} : { adminUser: flags.adminUser }),
    },
    peers: flags.peerEndpoints.map((endpoint) => {
      const id = nodeIdOfEndpoint(endpoint);
      return id === undefined ? { endpoint } : { id, endpoint };
    }),
    tls: tlsOf(flags.tlsChain),
    ...(flags.runtime === undefined ? {} : { runtime: { kind: flags.runtime as 'local' | 'docker' } }),
    ...(region === undefined ? {} : { aws: { region } }),
  };
}

function flagProblem(segments: readonly PropertyKey[], message: string, flags: ProfileFlags): string {
  const [section, index, field] = segments;
  if (section === 'peers' && typeof index === 'number') {
    const value = flags.peerEndpoints[index] ?? '';
    if (field === 'id') {
      return `--peer-endpoint ${quote(value)}: the node ID ("nd-…") cannot be read from this host name, and target "amb" needs it; AMB peer endpoints look like nd-….m-….n-….managedblockchain.<region>.amazonaws.com:30003`;
    }
    return `--peer-endpoint (#${index + 1}): ${message}`;
  }
  const key = segments.filter((s) => typeof s === 'string').join('.');
  if (key === 'peers' && flags.peerEndpoints.length === 0) return '--peer-endpoint: is required: give it once per peer';
  return `${FLAG_NAMES[key] ?? key}: ${message}`;
}

/** Validates the flags into a written profile; throws one usage error (INVALID_FLAGS) listing every problem. */
export function profileFromFlags(flags: ProfileFlags): ProfileFile {
  const result = profileFileSchema.safeParse(profileInputFromFlags(flags));
  if (result.success) return result.data;
  const problems = [...new Set(result.error.issues.map((i) => flagProblem(i.path, i.message, flags)))];
  const hints = [
    ...new Set(
      result.error.issues.flatMap((i) =>
        i.code === 'custom' && typeof i.params?.['hint'] === 'string' ? [i.params['hint']] : [],
      ),
    ),
  ];
  throw usageError(
    'INVALID_FLAGS',
    `The flags do not describe a valid profile (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):\n${problems.map((p) => `  ${p}`).join('\n')}`,
    [...hints, 'Fix the flags listed and run the command again.'].join(' '),
    { problems },
  );
}
