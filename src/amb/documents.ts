/** An AmbNetworkSource read from saved `aws managedblockchain get-network|get-member|list-nodes|get-node` output (for example a devnet's amb/ folder). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Member, Network, Node } from '@aws-sdk/client-managedblockchain';
import type { AmbNetworkSource, AmbNode } from '../config/amb-source';
import { AMB_DOCUMENT_FILES } from '../config/amb-source';
import { FabkitError } from '../errors';
import { assertMemberId, assertNetworkId } from '../validate/ids';
import { ambNodeOf, fabricMember, fabricNetwork } from './source';

function readDocument<T>(dir: string, file: string, key: string): T {
  const full = path.join(dir, file);
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(fs.readFileSync(full, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new FabkitError(
      'AMB_DOCUMENT_UNREADABLE',
      `Cannot read the AMB document ${full}: ${(error as Error).message}`,
      {
        kind: 'usage',
        hint: `Save the output of the aws managedblockchain command there (e.g. aws managedblockchain get-network --network-id n-… > ${AMB_DOCUMENT_FILES.getNetwork}).`,
      },
    );
  }
  const value = doc[key];
  if (typeof value !== 'object' || value === null)
    throw new FabkitError('AMB_DOCUMENT_INVALID', `${full} has no "${key}" object: it is not the output expected`, {
      kind: 'usage',
    });
  return value as T;
}

/** The network ID a folder's get-network.json names. */
export function networkIdOfDocuments(dir: string): string {
  return readDocument<Network>(dir, AMB_DOCUMENT_FILES.getNetwork, 'Network').Id ?? '';
}

/** The region in get-network.json's ARN (arn:aws:managedblockchain:<region>:…), if any. */
export function regionOfDocuments(dir: string): string | undefined {
  const arn = readDocument<Network>(dir, AMB_DOCUMENT_FILES.getNetwork, 'Network').Arn ?? '';
  return /^arn:aws[\w-]*:managedblockchain:([a-z0-9-]+):/.exec(arn)?.[1];
}

/** Reads the network, a member and its nodes from the saved documents in `dir`, as the AMB API would answer. */
export function ambDocumentsSource(dir: string): AmbNetworkSource {
  return {
    async getNetwork(networkId) {
      assertNetworkId(networkId);
      return fabricNetwork(networkId, readDocument<Network>(dir, AMB_DOCUMENT_FILES.getNetwork, 'Network'));
    },
    async getMember(networkId, memberId) {
      assertMemberId(memberId);
      return fabricMember(memberId, readDocument<Member>(dir, AMB_DOCUMENT_FILES.getMember(memberId), 'Member'));
    },
    async listNodes(networkId, memberId) {
      assertMemberId(memberId);
      const list = readDocument<Node[]>(dir, AMB_DOCUMENT_FILES.listNodes(memberId), 'Nodes');
      return list.map((s): AmbNode => {
        const id = s.Id ?? '';
        return s.Status === 'AVAILABLE' && id !== ''
          ? ambNodeOf(readDocument<Node>(dir, AMB_DOCUMENT_FILES.getNode(id), 'Node'), id)
          : { id, status: s.Status ?? 'UNKNOWN', peerEndpoint: '', peerEventEndpoint: '' };
      });
    },
  };
}
