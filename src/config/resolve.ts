/**
 * From the written profile (`ProfileFile`) to the resolved model (`Profile`): absolute paths,
 * parsed endpoints, the Fabric version split into numbers, and the host → container path
 * mapping of the docker runtime. Pure: nothing here touches the file system.
 */
import * as path from 'node:path';
import type { z } from 'zod';
import { FabkitError, usageError } from '../errors';
import type { Endpoint } from '../validate/endpoint';
import { formatEndpoint, parseEndpoint } from '../validate/endpoint';
import { quote } from '../validate/issue';
import type { ProfileFile, RuntimeKind, Target, TlsSource } from './schema';
import type { HomeFolders } from './home-layout';
import { homeFoldersOf, profilePathOf } from './home-layout';
import { FABRIC_VERSION_PATTERN } from './schema';

export interface ResolvedEndpoint extends Endpoint {
  /** Normalized `host:port` (no scheme; IPv6 in brackets), as Fabric tools expect it. */
  readonly address: string;
}

export interface FabricVersion {
  readonly text: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number | undefined;
}

export interface ResolvedPeer {
  readonly id: string | undefined;
  readonly endpoint: ResolvedEndpoint;
  readonly eventEndpoint: ResolvedEndpoint | undefined;
  /** Devnet only: the file with the peer's chaincode build and launch lines (absolute). */
  readonly chaincodeLog: string | undefined;
}

/** The orderer admin (channel participation API): endpoint, and absolute paths of its TLS client cert and key. */
export interface OrdererAdmin {
  readonly endpoint: ResolvedEndpoint;
  readonly tlsCert: string;
  readonly tlsKey: string;
}

export interface OrdererOrg {
  readonly mspId: string;
  readonly mspDir: string;
  readonly consenters: readonly {
    readonly endpoint: ResolvedEndpoint;
    readonly tlsCert: string;
    readonly adminEndpoint: ResolvedEndpoint | undefined;
  }[];
}

export interface Profile {
  /** Absolute home directory. */
  readonly home: string;
  /** Absolute path of fabkit.yaml. */
  readonly profilePath: string;
  readonly target: Target;
  readonly network: {
    readonly id: string;
    readonly name: string | undefined;
    readonly fabricVersion: FabricVersion;
    readonly orderer: ResolvedEndpoint;
    /** true: a system channel; false: channel participation (osnadmin); undefined: not known, ask the orderer. */
    readonly systemChannel: boolean | undefined;
    readonly ordererAdmin: OrdererAdmin | undefined;
    readonly ordererOrg: OrdererOrg | undefined;
  };
  readonly member: {
    readonly id: string;
    /** On AMB (and the devnet) the MSP ID is the member ID. */
    readonly mspId: string;
    readonly name: string;
    readonly ca: ResolvedEndpoint;
    readonly caName: string | undefined;
    readonly adminUser: string;
    /** The MSP uses NodeOUs (config.yaml, admin by OU, no admincerts); false: pre-NodeOU, as AMB. */
    readonly nodeOUs: boolean;
  };
  readonly peers: readonly ResolvedPeer[];
  readonly tls: { readonly chainFile: string; readonly source: TlsSource | undefined };
  /** All absolute host paths (see home-layout.ts for everything else inside the home). */
  readonly paths: HomeFolders;
  readonly runtime: {
    readonly kind: RuntimeKind;
    readonly binDir: string | undefined;
    readonly containerName: string;
    readonly image: string | undefined;
    readonly containerHome: string;
    /** docker runtime: mount the host's /var/run (its Docker socket) as the tutorial did. */
    readonly mountDockerSocket: boolean;
  };
  readonly aws: { readonly region: string | undefined; readonly endpointUrl: string | undefined } | undefined;
  /** Maps a host path under the home to the same file inside the container (`<containerHome>/…`); throws PATH_OUTSIDE_HOME otherwise. */
  containerPath(hostPath: string): string;
  /** The path a Fabric tool sees: the container path for the docker runtime, the absolute host path for local. */
  toolPath(hostPath: string): string;
}

// ---------------------------------------------------------------- paths

/**
 * Maps `hostPath` (absolute, or relative to `home`) to `containerHome/<same relative path>`.
 * Refuses paths outside the home: the container mounts only the home directory.
 */
export function toContainerPath(home: string, containerHome: string, hostPath: string): string {
  const absolute = path.resolve(home, hostPath);
  const relative = path.relative(home, absolute);
  if (relative === '') return containerHome;
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    throw usageError(
      'PATH_OUTSIDE_HOME',
      `Path ${quote(absolute)} is outside the home directory ${quote(home)}: the container mounts only the home (as ${containerHome}), so it cannot see this path`,
      `Copy the file or directory under ${home} and point the profile at the copy, or use the local runtime (runtime.kind: local).`,
      { path: absolute, home, containerHome },
    );
  }
  return path.posix.join(containerHome, ...relative.split(path.sep));
}

function resolveEndpoint(text: string): ResolvedEndpoint {
  const endpoint = parseEndpoint(text);
  return { ...endpoint, address: formatEndpoint(endpoint) };
}

export function parseFabricVersion(text: string): FabricVersion {
  const match = FABRIC_VERSION_PATTERN.exec(text);
  if (match === null)
    throw usageError(
      'INVALID_FABRIC_VERSION',
      `Fabric version ${quote(text)} is invalid: it must be major.minor or major.minor.patch`,
      'Use a version such as "2.2" or "2.5.9".',
    );
  return {
    text,
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: match[4] === undefined ? undefined : Number(match[4]),
  };
}

/** The resolved model of a validated profile. `home` must be absolute. */
export function resolveProfile(file: ProfileFile, home: string): Profile {
  if (!path.isAbsolute(home))
    throw new FabkitError('HOME_NOT_ABSOLUTE', `Home directory ${quote(home)} must be an absolute path`, {
      hint: 'Resolve it first, e.g. with resolveHome().',
    });
  const root = path.normalize(home);
  const abs = (p: string): string => path.resolve(root, p);
  const { runtime } = file;
  const containerPath = (hostPath: string): string => toContainerPath(root, runtime.containerHome, hostPath);
  return {
    home: root,
    profilePath: profilePathOf(root),
    target: file.target,
    network: {
      id: file.network.id,
      name: file.network.name,
      fabricVersion: parseFabricVersion(file.network.fabricVersion),
      orderer: resolveEndpoint(file.network.orderingServiceEndpoint),
      systemChannel: file.network.systemChannel,
      ordererAdmin:
        file.network.ordererAdmin === undefined
          ? undefined
          : {
              endpoint: resolveEndpoint(file.network.ordererAdmin.endpoint),
              tlsCert: abs(file.network.ordererAdmin.tlsCert),
              tlsKey: abs(file.network.ordererAdmin.tlsKey),
            },
      ordererOrg:
        file.network.ordererOrg === undefined
          ? undefined
          : {
              mspId: file.network.ordererOrg.mspId,
              mspDir: abs(file.network.ordererOrg.mspDir),
              consenters: file.network.ordererOrg.consenters.map((c) => ({
                endpoint: resolveEndpoint(c.endpoint),
                tlsCert: abs(c.tlsCert),
                adminEndpoint: c.adminEndpoint === undefined ? undefined : resolveEndpoint(c.adminEndpoint),
              })),
            },
    },
    member: {
      id: file.member.id,
      mspId: file.member.id,
      name: file.member.name,
      ca: resolveEndpoint(file.member.caEndpoint),
      caName: file.member.caName,
      adminUser: file.member.adminUser,
      nodeOUs: file.member.nodeOUs ?? false,
    },
    peers: file.peers.map((p) => ({
      id: p.id,
      endpoint: resolveEndpoint(p.endpoint),
      eventEndpoint: p.eventEndpoint === undefined ? undefined : resolveEndpoint(p.eventEndpoint),
      chaincodeLog: p.chaincodeLog === undefined ? undefined : abs(p.chaincodeLog),
    })),
    tls: { chainFile: abs(file.tls.chainFile), source: file.tls.source },
    paths: homeFoldersOf(root, file.paths),
    runtime: {
      kind: runtime.kind,
      binDir: runtime.binDir === undefined ? undefined : abs(runtime.binDir),
      containerName: runtime.containerName,
      image: runtime.image,
      containerHome: runtime.containerHome,
      mountDockerSocket: runtime.mountDockerSocket === true,
    },
    aws: file.aws === undefined ? undefined : { region: file.aws.region, endpointUrl: file.aws.endpointUrl },
    containerPath,
    toolPath: (hostPath) => (runtime.kind === 'docker' ? containerPath(hostPath) : abs(hostPath)),
  };
}

// ---------------------------------------------------------------- zod issues → messages

export interface ProfileIssue {
  /** Field path as written in messages, e.g. `peers[0].endpoint`; `(top level)` for the document itself. */
  readonly path: string;
  readonly message: string;
  readonly hint: string | undefined;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `["peers", 0, "endpoint"]` → `peers[0].endpoint`. */
export function formatIssuePath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out === '' ? '(top level)' : out;
}

function hintOf(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code !== 'custom') return undefined;
  const hint: unknown = issue.params?.['hint'];
  return typeof hint === 'string' && hint !== '' ? hint : undefined;
}

/** Every issue of a zod error, one per field; an unknown key is reported at its own path. */
export function profileIssues(error: z.ZodError): ProfileIssue[] {
  return error.issues.flatMap((issue): ProfileIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: formatIssuePath([...issue.path, key]),
        message: issue.message,
        hint: undefined,
      }));
    }
    return [{ path: formatIssuePath(issue.path), message: issue.message, hint: hintOf(issue) }];
  });
}

/** `"<path>: <message>"` for every issue, e.g. `member.id: "m-abc" is not a valid member ID: …`. */
export function formatZodIssues(error: z.ZodError): string[] {
  return profileIssues(error).map((i) => `${i.path}: ${i.message}`);
}
