/**
 * A member profile from a Fabric connection profile (`fabkit init --from-connection-profile`):
 * which organization, its peers, CA and an orderer, each with the field its TLS CA comes from.
 * Pure: reading the files the profile names is the workflow's job. Every error names the
 * connection profile field that is missing or wrong.
 */
import { usageError } from '../errors';
import { checkEndpoint } from '../validate/endpoint';
import { validateNodeId } from '../validate/ids';
import { quote } from '../validate/issue';
import type { ConnectionProfile, PemSource } from './connection-profile-schema';
import { connectionProfileSchema } from './connection-profile-schema';
import { formatIssuePath, profileIssues } from './resolve';
import type { ProfileFile, ProfileFileInput, RuntimeKind } from './schema';
import { describeValue, profileFileSchema } from './schema';
import type { z } from 'zod';

/** Where a TLS CA certificate comes from, and the field (or flag) that named it, for messages. */
export interface PemRef {
  readonly field: string;
  readonly source: PemSource;
}

export interface SelectedNode {
  readonly name: string;
  /** host:port */
  readonly endpoint: string;
  readonly tls: PemRef;
}

export interface ConnectionProfileSelection {
  readonly networkName: string;
  readonly orgName: string;
  readonly mspId: string;
  readonly peers: readonly SelectedNode[];
  readonly ca: SelectedNode & { readonly caName: string | undefined };
  /** Undefined when the profile has no orderers section (test-network's own files). */
  readonly orderer: SelectedNode | undefined;
  /** What fabkit read but does not use (e.g. a host name override), said to the user. */
  readonly notes: readonly string[];
}

function invalid(file: string, problems: readonly string[], hint?: string): never {
  throw usageError(
    'CONNECTION_PROFILE_INVALID',
    `Connection profile ${file} cannot be used (${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}):\n${problems.map((p) => `  ${p}`).join('\n')}`,
    hint ?? 'Fix the fields listed (or ask whoever runs the network for a complete connection profile).',
    { file, problems },
  );
}

const NOUNS: Readonly<Record<string, string>> = {
  string: 'text',
  object: 'a mapping',
  array: 'a list',
  record: 'a mapping',
};

/** Messages in the words fabkit.yaml's use: the value found and the rule. */
const issueMessage: z.core.$ZodErrorMap = (iss) => {
  if (iss.code === 'invalid_type')
    return iss.input === undefined
      ? 'is required'
      : `expected ${NOUNS[iss.expected] ?? iss.expected}, got ${describeValue(iss.input)}`;
  if (iss.code === 'too_small') return iss.origin === 'array' ? 'must list at least one item' : 'must not be empty';
  return undefined;
};

/** Validates the parsed JSON/YAML against the parts fabkit reads; errors name each field. */
export function parseConnectionProfile(data: unknown, file: string): ConnectionProfile {
  const result = connectionProfileSchema.safeParse(data, { error: issueMessage });
  if (result.success) return result.data;
  invalid(
    file,
    profileIssues(result.error).map((i) => `${i.path}: ${i.message}`),
  );
}

/** `[ "peer0.org1.example.com" ]`-style path of a named entry, as formatIssuePath writes it. */
const fieldOf = (...segments: (string | number)[]): string => formatIssuePath(segments);

/** host:port of `url` with the scheme `scheme` (grpcs or https); the problem text otherwise. */
function endpointOf(url: string, scheme: 'grpcs' | 'https', field: string): string | { problem: string } {
  const match = /^([a-z]+):\/\/([^/?#]+)\/?$/i.exec(url.trim());
  if (match === null)
    return { problem: `${field}: ${quote(url)} is not a URL: it must look like ${scheme}://host:port` };
  const [, given = '', hostPort = ''] = match;
  if (given.toLowerCase() !== scheme)
    return {
      problem: `${field}: ${quote(url)} uses ${given}://; fabkit talks to Fabric with TLS only, so it must be ${scheme}://host:port`,
    };
  const check = checkEndpoint(hostPort);
  if (!check.ok) return { problem: `${field}: ${quote(url)}: ${check.issues.map((i) => i.reason).join('; ')}` };
  return hostPort;
}

/** The organization the home is for: --org, else client.organization, else the only one. */
export function selectOrganization(ccp: ConnectionProfile, org: string | undefined, file: string): string {
  const names = Object.keys(ccp.organizations);
  const wanted = org ?? ccp.client?.organization;
  if (wanted !== undefined) {
    if (names.includes(wanted)) return wanted;
    const from = org !== undefined ? '--org' : 'client.organization';
    invalid(file, [
      `${from}: organization ${quote(wanted)} is not defined under organizations (it defines ${names.map((n) => quote(n)).join(', ') || 'none'})`,
    ]);
  }
  const [only] = names;
  if (names.length === 1 && only !== undefined) return only;
  if (names.length === 0) invalid(file, ['organizations: defines no organization']);
  throw usageError(
    'CONNECTION_PROFILE_ORG_MISSING',
    `Connection profile ${file} defines ${names.length} organizations (${names.join(', ')}) and no client.organization: pass --org <name>`,
    `Pass --org with one of: ${names.join(', ')}.`,
    { file, organizations: names },
  );
}

function nodesOf(
  ccp: ConnectionProfile,
  orgName: string,
  kind: 'peers' | 'orderers',
  problems: string[],
  notes: string[],
): SelectedNode[] {
  const names = kind === 'peers' ? (ccp.organizations[orgName]?.peers ?? []) : Object.keys(ccp.orderers ?? {});
  const defined = ccp[kind] ?? {};
  const out: SelectedNode[] = [];
  names.forEach((name, i) => {
    const node = defined[name];
    if (node === undefined) {
      problems.push(`${fieldOf('organizations', orgName, 'peers', i)}: peer ${quote(name)} is not defined under peers`);
      return;
    }
    const endpoint = endpointOf(node.url, 'grpcs', fieldOf(kind, name, 'url'));
    if (typeof endpoint !== 'string') return void problems.push(endpoint.problem);
    if (node.tlsCACerts === undefined)
      return void problems.push(
        `${fieldOf(kind, name, 'tlsCACerts')}: is required: fabkit verifies every TLS connection`,
      );
    const override = node.grpcOptions?.['ssl-target-name-override'] ?? node.grpcOptions?.hostnameOverride;
    const host = endpoint.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    if (override !== undefined && override !== host)
      notes.push(
        `${fieldOf(kind, name, 'grpcOptions')}: the host name override ${quote(override)} is not used: fabkit connects to ${endpoint} and checks the TLS certificate against ${quote(host)}`,
      );
    out.push({ name, endpoint, tls: { field: fieldOf(kind, name, 'tlsCACerts'), source: node.tlsCACerts } });
  });
  return out;
}

function caOf(
  ccp: ConnectionProfile,
  orgName: string,
  problems: string[],
  notes: string[],
): ConnectionProfileSelection['ca'] | undefined {
  const [name] = ccp.organizations[orgName]?.certificateAuthorities ?? [];
  if (name === undefined) {
    problems.push(
      `${fieldOf('organizations', orgName, 'certificateAuthorities')}: is required: fabkit enrolls the admin with the organization's CA`,
    );
    return undefined;
  }
  const ca = ccp.certificateAuthorities?.[name];
  if (ca === undefined) {
    problems.push(
      `${fieldOf('organizations', orgName, 'certificateAuthorities', 0)}: CA ${quote(name)} is not defined under certificateAuthorities`,
    );
    return undefined;
  }
  const endpoint = endpointOf(ca.url, 'https', fieldOf('certificateAuthorities', name, 'url'));
  if (typeof endpoint !== 'string') return void problems.push(endpoint.problem);
  if (ca.httpOptions?.verify === false)
    notes.push(
      `${fieldOf('certificateAuthorities', name, 'httpOptions', 'verify')}: false is not followed: fabkit always verifies the CA's TLS certificate (against ${fieldOf('certificateAuthorities', name, 'tlsCACerts')})`,
    );
  if (ca.tlsCACerts === undefined) {
    problems.push(
      `${fieldOf('certificateAuthorities', name, 'tlsCACerts')}: is required: fabkit verifies every TLS connection`,
    );
    return undefined;
  }
  return {
    name,
    endpoint,
    caName: ca.caName,
    tls: { field: fieldOf('certificateAuthorities', name, 'tlsCACerts'), source: ca.tlsCACerts },
  };
}

/** The organization's peers and CA and the first orderer; every problem at once, each naming its field. */
export function selectFromConnectionProfile(
  ccp: ConnectionProfile,
  org: string | undefined,
  file: string,
): ConnectionProfileSelection {
  const orgName = selectOrganization(ccp, org, file);
  const problems: string[] = [];
  const notes: string[] = [];
  const organization = ccp.organizations[orgName];
  if ((organization?.peers ?? []).length === 0)
    problems.push(
      `${fieldOf('organizations', orgName, 'peers')}: lists no peer: fabkit needs at least one peer of ${orgName}`,
    );
  const peers = nodesOf(ccp, orgName, 'peers', problems, notes);
  const ca = caOf(ccp, orgName, problems, notes);
  const orderers = nodesOf(ccp, orgName, 'orderers', problems, notes);
  if (problems.length > 0 || ca === undefined) invalid(file, problems);
  return {
    networkName: ccp.name,
    orgName,
    mspId: organization?.mspid ?? '',
    peers,
    ca,
    orderer: orderers[0],
    notes,
  };
}

export interface ConnectionProfileOptions {
  readonly fabricVersion: string;
  readonly adminUser: string;
  readonly nodeOUs: boolean;
  /** Relative to the home, or absolute. */
  readonly chainFile: string;
  readonly runtime?: RuntimeKind | undefined;
}

/** Field of the connection profile (or flag) each profile field came from, for messages. */
function sourceFieldOf(sel: ConnectionProfileSelection, profilePath: string): string {
  const [section, index] = profilePath.split(/[.[\]]+/);
  if (section === 'network' && profilePath.endsWith('.id')) return 'name';
  if (profilePath.startsWith('network.fabricVersion')) return '--fabric-version';
  if (profilePath.startsWith('network.orderingServiceEndpoint')) return 'orderers (or --orderer)';
  if (profilePath === 'member.id') return fieldOf('organizations', sel.orgName, 'mspid');
  if (profilePath === 'member.adminUser') return "the CN of the MSP folder's signcert";
  if (section === 'peers' && index !== undefined) return fieldOf('peers', sel.peers[Number(index)]?.name ?? '?', 'url');
  return profilePath;
}

/** The written member profile (target "fabric") a selection describes; validated, errors name the source field. */
export function profileFromConnectionProfile(
  sel: ConnectionProfileSelection,
  options: ConnectionProfileOptions,
  file: string,
): ProfileFile {
  const input: ProfileFileInput = {
    version: 1,
    target: 'fabric',
    network: {
      id: sel.networkName,
      name: sel.networkName,
      fabricVersion: options.fabricVersion,
      orderingServiceEndpoint: sel.orderer?.endpoint ?? '',
    },
    member: {
      id: sel.mspId,
      name: sel.orgName,
      caEndpoint: sel.ca.endpoint,
      ...(sel.ca.caName === undefined ? {} : { caName: sel.ca.caName }),
      adminUser: options.adminUser,
      ...(options.nodeOUs ? { nodeOUs: true } : {}),
    },
    peers: sel.peers.map((p) =>
      validateNodeId(p.name).length === 0 ? { id: p.name, endpoint: p.endpoint } : { endpoint: p.endpoint },
    ),
    tls: { chainFile: options.chainFile },
    ...(options.runtime === undefined ? {} : { runtime: { kind: options.runtime } }),
  };
  const result = profileFileSchema.safeParse(input);
  if (result.success) return result.data;
  invalid(
    file,
    profileIssues(result.error).map((i) => `${sourceFieldOf(sel, i.path)}: ${i.message} (fabkit.yaml ${i.path})`),
  );
}
