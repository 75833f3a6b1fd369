/**
 * The AMB API as an AmbNetworkSource (src/config/amb-source.ts): GetNetwork, GetMember, and
 * ListNodes + GetNode for each AVAILABLE node (the node list carries no endpoints).
 */
import type { Member, Network, Node } from '@aws-sdk/client-managedblockchain';
import type { AmbMember, AmbNetwork, AmbNetworkSource, AmbNode } from '../config/amb-source';
import { FabkitError } from '../errors';
import { assertMemberId, assertNetworkId } from '../validate/ids';
import type { AmbApi } from './api';
import { getMember, getNetwork, getNode, listNodes } from './api';

export function fabricNetwork(networkId: string, network: Network): AmbNetwork {
  if (network.Framework !== undefined && network.Framework !== 'HYPERLEDGER_FABRIC') {
    throw new FabkitError('AMB_NOT_FABRIC', `Network ${networkId} runs ${network.Framework}, not Hyperledger Fabric`, {
      kind: 'usage',
      hint: 'fabkit works with Hyperledger Fabric networks only: check --network-id.',
      details: { networkId, framework: network.Framework },
    });
  }
  return {
    id: network.Id ?? networkId,
    name: network.Name ?? '',
    frameworkVersion: network.FrameworkVersion ?? '',
    orderingServiceEndpoint: network.FrameworkAttributes?.Fabric?.OrderingServiceEndpoint ?? '',
  };
}

export function fabricMember(memberId: string, member: Member): AmbMember {
  return {
    id: member.Id ?? memberId,
    name: member.Name ?? '',
    caEndpoint: member.FrameworkAttributes?.Fabric?.CaEndpoint ?? '',
    adminUsername: member.FrameworkAttributes?.Fabric?.AdminUsername ?? '',
  };
}

/** A node as fabkit describes it. */
export function ambNodeOf(node: Node, fallbackId = ''): AmbNode {
  return {
    id: node.Id ?? fallbackId,
    status: node.Status ?? 'UNKNOWN',
    peerEndpoint: node.FrameworkAttributes?.Fabric?.PeerEndpoint ?? '',
    peerEventEndpoint: node.FrameworkAttributes?.Fabric?.PeerEventEndpoint ?? '',
  };
}

/** Reads a member's view of its network through the Managed Blockchain API. IDs are validated before any call. */
export function ambNetworkSource(api: AmbApi): AmbNetworkSource {
  return {
    async getNetwork(networkId) {
      assertNetworkId(networkId);
      return fabricNetwork(networkId, await getNetwork(api, networkId));
    },
    async getMember(networkId, memberId) {
      assertNetworkId(networkId);
      assertMemberId(memberId);
      return fabricMember(memberId, await getMember(api, networkId, memberId));
    },
    async listNodes(networkId, memberId) {
      assertNetworkId(networkId);
      assertMemberId(memberId);
      const summaries = await listNodes(api, networkId, memberId);
      const nodes: AmbNode[] = [];
      for (const s of summaries) {
        const id = s.Id ?? '';
        nodes.push(
          s.Status === 'AVAILABLE' && id !== ''
            ? ambNodeOf(await getNode(api, networkId, memberId, id), id)
            : { id, status: s.Status ?? 'UNKNOWN', peerEndpoint: '', peerEventEndpoint: '' },
        );
      }
      return nodes;
    },
  };
}
