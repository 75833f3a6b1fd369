/**
 * Resolving a profile from the Amazon Managed Blockchain API. The source interface is
 * implemented later (AWS SDK); `profileFromAmb` turns its answers into a written profile. Pure.
 */
import { FabkitError } from '../errors';
import { profileIssues } from './resolve';
import type { ProfileFile, ProfileFileInput } from './schema';
import { profileFileSchema } from './schema';

export interface AmbNetwork {
  readonly id: string;
  readonly name: string;
  /** e.g. "1.2", "1.4", "2.2" */
  readonly frameworkVersion: string;
  readonly orderingServiceEndpoint: string;
}

export interface AmbMember {
  readonly id: string;
  readonly name: string;
  readonly caEndpoint: string;
  readonly adminUsername: string;
}

/** AMB node status, e.g. CREATING, AVAILABLE, UNHEALTHY, CREATE_FAILED, UPDATING, DELETING, DELETED, FAILED, INACCESSIBLE_ENCRYPTION_KEY. */
export type AmbNodeStatus = string;

export interface AmbNode {
  readonly id: string;
  readonly peerEndpoint: string;
  readonly peerEventEndpoint: string;
  readonly status: AmbNodeStatus;
}

/** Reads a member's view of its AMB network (get-network, get-member, list-nodes + get-node). */
export interface AmbNetworkSource {
  getNetwork(networkId: string): Promise<AmbNetwork>;
  getMember(networkId: string, memberId: string): Promise<AmbMember>;
  listNodes(networkId: string, memberId: string): Promise<AmbNode[]>;
}

export const AMB_TLS_CHAIN_FILE = 'managedblockchain-tls-chain.pem';

/** File names of saved `aws managedblockchain …` output in one folder (a devnet writes them in <dir>/amb/). */
export const AMB_DOCUMENT_FILES = {
  getNetwork: 'get-network.json',
  listMembers: 'list-members.json',
  getMember: (memberId: string): string => `get-member-${memberId}.json`,
  listNodes: (memberId: string): string => `list-nodes-${memberId}.json`,
  getNode: (nodeId: string): string => `get-node-${nodeId}.json`,
};

/** Where AMB publishes the TLS CA chain of a region. */
export function ambTlsChainLocation(region: string): string {
  return `s3://${region}.managedblockchain/etc/${AMB_TLS_CHAIN_FILE}`;
}

/** The written profile (target "amb") of a member, using only its AVAILABLE peer nodes. */
export function profileFromAmb(
  network: AmbNetwork,
  member: AmbMember,
  nodes: readonly AmbNode[],
  region: string,
): ProfileFile {
  const available = nodes.filter((n) => n.status === 'AVAILABLE');
  if (available.length === 0) {
    const seen =
      nodes.length === 0
        ? 'it has no peer nodes'
        : `its peer nodes are ${nodes.map((n) => `${n.id} (${n.status})`).join(', ')}`;
    throw new FabkitError(
      'NO_AVAILABLE_PEERS',
      `Member ${member.name} (${member.id}) has no AVAILABLE peer node: ${seen}`,
      {
        hint: `Create a peer node, or wait until one is AVAILABLE: aws managedblockchain list-nodes --network-id ${network.id} --member-id ${member.id}`,
        details: {
          networkId: network.id,
          memberId: member.id,
          nodes: nodes.map((n) => ({ id: n.id, status: n.status })),
        },
      },
    );
  }
  const input: ProfileFileInput = {
    version: 1,
    target: 'amb',
    network: {
      id: network.id,
      name: network.name,
      fabricVersion: network.frameworkVersion,
      orderingServiceEndpoint: network.orderingServiceEndpoint,
    },
    member: { id: member.id, name: member.name, caEndpoint: member.caEndpoint, adminUser: member.adminUsername },
    peers: available.map((n) => ({
      id: n.id,
      endpoint: n.peerEndpoint,
      ...(n.peerEventEndpoint === '' ? {} : { eventEndpoint: n.peerEventEndpoint }),
    })),
    tls: { chainFile: AMB_TLS_CHAIN_FILE, source: { kind: 's3', location: ambTlsChainLocation(region) } },
    aws: { region },
  };
  const result = profileFileSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = profileIssues(result.error).map((i) => `  ${i.path}: ${i.message}`);
  throw new FabkitError(
    'AMB_RESPONSE_INVALID',
    `The AMB API described member ${member.id} of network ${network.id} in a form fabkit cannot use:\n${lines.join('\n')}`,
    {
      hint: 'Check the network, member and region given; if they are right, report this with the output of `aws managedblockchain get-member`.',
      details: { networkId: network.id, memberId: member.id, region },
    },
  );
}
