/**
 * A fabric-network 2.2 common connection profile (CCP) for this member: its peers and CA,
 * the ordering service, and the peers of imported members, each with the TLS chain that
 * verifies it. `buildConnectionProfile` is pure (plain data in, JSON object out);
 * `connectionProfileOf` reads the profile's files and calls it.
 *
 * Names: every peer and orderer is keyed by its `host:port` address, which is unique on AMB
 * and on the devnet (an address per resource, or 127.0.0.1 with distinct ports under
 * --base-port). Organizations are keyed by member ID and their `mspid` is the member ID, as on AMB.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Profile } from '../config/resolve';
import type { Target } from '../config/schema';
import { listImportedMembers, readImportedMember } from '../bundle/members';
import type { ImportedMember } from '../bundle/members';
import { FabkitError } from '../errors';
import type { Endpoint } from '../validate/endpoint';
import { formatEndpoint, parseEndpoint } from '../validate/endpoint';

export interface CcpMemberInput {
  readonly memberId: string;
  readonly peers: readonly Endpoint[];
  /** PEM text of the chain that verifies this member's peers' TLS certificates. */
  readonly tlsChainPem: string;
}

export interface CcpCaInput {
  readonly endpoint: Endpoint;
  readonly caName: string | undefined;
  readonly tlsChainPem: string;
}

export interface ConnectionProfileInput {
  readonly networkId: string;
  readonly target: Target;
  /** This member (the client's organization). */
  readonly member: CcpMemberInput & { readonly ca: CcpCaInput };
  readonly orderer: { readonly endpoint: Endpoint; readonly tlsChainPem: string };
  /** Other members whose peers may endorse (in the order given). */
  readonly importedMembers?: readonly CcpMemberInput[];
  /** When given, a `channels` section listing the orderer and every peer for each channel. */
  readonly channels?: readonly string[];
}

export interface CcpTlsCerts {
  readonly pem: string;
}
/** `request-timeout` (ms) replaces fabric-common's 3 s default per request, which busy peers exceed. */
export interface CcpGrpcOptions {
  readonly 'ssl-target-name-override': string;
  readonly hostnameOverride: string;
  readonly 'request-timeout': number;
}
export interface CcpNode {
  readonly url: string;
  readonly tlsCACerts: CcpTlsCerts;
  readonly grpcOptions: CcpGrpcOptions;
}
export interface CcpOrganization {
  readonly mspid: string;
  readonly peers: readonly string[];
  readonly certificateAuthorities?: readonly string[];
}
export interface CcpCertificateAuthority {
  readonly url: string;
  readonly caName?: string;
  readonly tlsCACerts: { readonly pem: readonly string[] };
  readonly httpOptions: { readonly verify: boolean };
}
export interface CcpChannelPeer {
  readonly endorsingPeer: boolean;
  readonly chaincodeQuery: boolean;
  readonly ledgerQuery: boolean;
  readonly eventSource: boolean;
}
export interface CcpChannel {
  readonly orderers: readonly string[];
  readonly peers: Readonly<Record<string, CcpChannelPeer>>;
}

/** fabkit's own section (fabric-network ignores it): what a gateway for this profile should use. */
export interface CcpFabkitSection {
  readonly target: Target;
  readonly networkId: string;
  /** For fabric-network's `discovery` option: asLocalhost false (see asLocalhostFor), on the devnet too. */
  readonly discovery: { readonly asLocalhost: boolean };
}

export interface ConnectionProfile {
  readonly name: string;
  readonly version: string;
  readonly client: { readonly organization: string };
  readonly organizations: Readonly<Record<string, CcpOrganization>>;
  readonly peers: Readonly<Record<string, CcpNode>>;
  readonly orderers: Readonly<Record<string, CcpNode>>;
  readonly certificateAuthorities: Readonly<Record<string, CcpCertificateAuthority>>;
  readonly channels?: Readonly<Record<string, CcpChannel>>;
  readonly 'x-fabkit': CcpFabkitSection;
}

export const CCP_VERSION = '1.0.0';

/**
 * fabric-network's `asLocalhost`: false everywhere, the devnet included. It only helps a
 * network in Docker whose peers advertise container names; the devnet's peers advertise
 * addresses the client reaches as they are, so with discovery on `asLocalhost: true` rewrites
 * 127.0.0.1 to localhost, and the SDK then refuses its own duplicate ("Endorser
 * 127.0.0.1:<port> already exists") on every transaction.
 */
export function asLocalhostFor(target: Target): boolean {
  void target;
  return false;
}

function nodeOf(endpoint: Endpoint, tlsChainPem: string): CcpNode {
  return {
    url: `grpcs://${formatEndpoint(endpoint)}`,
    tlsCACerts: { pem: tlsChainPem },
    grpcOptions: {
      'ssl-target-name-override': endpoint.host,
      hostnameOverride: endpoint.host,
      'request-timeout': 30_000,
    },
  };
}

const ALL_ROLES: CcpChannelPeer = { endorsingPeer: true, chaincodeQuery: true, ledgerQuery: true, eventSource: true };

function channelsOf(
  channels: readonly string[],
  ordererName: string,
  peerNames: readonly string[],
): Record<string, CcpChannel> {
  const peers = Object.fromEntries(peerNames.map((name) => [name, ALL_ROLES]));
  return Object.fromEntries(channels.map((ch) => [ch, { orderers: [ordererName], peers }]));
}

function duplicateMember(memberId: string): FabkitError {
  return new FabkitError(
    'DUPLICATE_MEMBER',
    `Member ${memberId} appears more than once in the connection profile input`,
    {
      kind: 'usage',
      hint: 'List each member once (this member is always included; do not list it among the imported members).',
      details: { memberId },
    },
  );
}

/** The common connection profile for `input` (pure). */
export function buildConnectionProfile(input: ConnectionProfileInput): ConnectionProfile {
  const { member, orderer } = input;
  const caName = formatEndpoint(member.ca.endpoint);
  const organizations: Record<string, CcpOrganization> = {};
  const peers: Record<string, CcpNode> = {};
  for (const m of [member, ...(input.importedMembers ?? [])]) {
    if (organizations[m.memberId] !== undefined) throw duplicateMember(m.memberId);
    const names = m.peers.map((p) => formatEndpoint(p));
    m.peers.forEach((p, i) => {
      peers[names[i] ?? ''] = nodeOf(p, m.tlsChainPem);
    });
    organizations[m.memberId] =
      m === member
        ? { mspid: m.memberId, peers: names, certificateAuthorities: [caName] }
        : { mspid: m.memberId, peers: names };
  }
  const ordererName = formatEndpoint(orderer.endpoint);
  const ca: CcpCertificateAuthority = {
    url: `https://${caName}`,
    ...(member.ca.caName === undefined ? {} : { caName: member.ca.caName }),
    tlsCACerts: { pem: [member.ca.tlsChainPem] },
    httpOptions: { verify: true },
  };
  return {
    name: `${input.networkId}-${member.memberId}`,
    version: CCP_VERSION,
    client: { organization: member.memberId },
    organizations,
    peers,
    orderers: { [ordererName]: nodeOf(orderer.endpoint, orderer.tlsChainPem) },
    certificateAuthorities: { [caName]: ca },
    ...(input.channels === undefined ? {} : { channels: channelsOf(input.channels, ordererName, Object.keys(peers)) }),
    'x-fabkit': {
      target: input.target,
      networkId: input.networkId,
      discovery: { asLocalhost: asLocalhostFor(input.target) },
    },
  };
}

// ---------------------------------------------------------------- from a profile

export interface ConnectionProfileOptions {
  /** Imported members to include: all of them when omitted; these only (each must be imported) when given. */
  readonly members?: readonly string[];
  readonly channels?: readonly string[];
}

async function readChain(file: string, what: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new FabkitError(
      'TLS_CHAIN_MISSING',
      `The TLS chain of ${what} cannot be read from ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        hint: "Run `fabkit init` again (it copies the TLS chain into the home), or import the member's bundle again.",
        details: { file },
      },
    );
  }
}

async function importedInput(member: ImportedMember): Promise<CcpMemberInput> {
  return {
    memberId: member.memberId,
    peers: member.peerEndpoints.map((e) => parseEndpoint(e)),
    tlsChainPem: await readChain(member.tlsRootFile, `member ${member.memberId}`),
  };
}

async function importedMembersOf(profile: Profile, members: readonly string[] | undefined): Promise<ImportedMember[]> {
  if (members === undefined) return listImportedMembers(profile);
  const others = [...new Set(members)].filter((id) => id !== profile.member.id);
  return Promise.all(others.map((id) => readImportedMember(profile, id)));
}

/** The connection profile of `profile`: reads the TLS chain and the imported members' records. */
export async function connectionProfileOf(
  profile: Profile,
  options: ConnectionProfileOptions = {},
): Promise<ConnectionProfile> {
  const chain = await readChain(profile.tls.chainFile, 'this network');
  const imported = await importedMembersOf(profile, options.members);
  return buildConnectionProfile({
    networkId: profile.network.id,
    target: profile.target,
    member: {
      memberId: profile.member.id,
      peers: profile.peers.map((p) => p.endpoint),
      tlsChainPem: chain,
      ca: { endpoint: profile.member.ca, caName: profile.member.caName, tlsChainPem: chain },
    },
    orderer: { endpoint: profile.network.orderer, tlsChainPem: chain },
    importedMembers: await Promise.all(imported.map(importedInput)),
    channels: options.channels,
  });
}

export interface WrittenConnectionProfile {
  readonly file: string;
  readonly connectionProfile: ConnectionProfile;
}

/** Writes the connection profile as JSON to `file` (relative to `cwd`); it holds certificates only, never a key. */
export async function writeConnectionProfile(
  profile: Profile,
  file: string,
  options: ConnectionProfileOptions & { cwd?: string } = {},
): Promise<WrittenConnectionProfile> {
  const connectionProfile = await connectionProfileOf(profile, options);
  const target = path.resolve(options.cwd ?? process.cwd(), file);
  try {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, `${JSON.stringify(connectionProfile, null, 2)}\n`, { mode: 0o644 });
  } catch (error) {
    throw new FabkitError(
      'WRITE_FAILED',
      `Could not write the connection profile to ${target}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { details: { file: target } },
    );
  }
  return { file: target, connectionProfile };
}
