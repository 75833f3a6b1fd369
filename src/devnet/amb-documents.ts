/** The JSON that `aws managedblockchain get-network|get-member|get-node|list-members|list-nodes` would print for a devnet, written next to network.json. */
import * as path from 'node:path';
import { AMB_DOCUMENT_FILES } from '../config/amb-source';
import { FABRIC_VERSION } from '../runtime/fabric-install';
import { ambNames, clientEndpoints, DEVNET_REGION } from './addresses';
import type { DevnetLayout } from './layout';

export { DEVNET_REGION } from './addresses';
/** The devnet's stand-ins for what only AWS has: an account, an instance type. */
export const DEVNET_ACCOUNT = '000000000000';
const INSTANCE_TYPE = 'bc.t3.small';
const AVAILABILITY_ZONE = `${DEVNET_REGION}a`;
const KMS = 'AWS Owned KMS Key';

export interface DocumentIds {
  readonly networkId: string;
  readonly members: readonly { name: string; memberId: string; nodeId: string; adminUser: string }[];
}

/** The folder of the documents in the devnet directory. */
export const AMB_DOCUMENTS_DIR = 'amb';
const ambDocumentFiles = AMB_DOCUMENT_FILES;

const arn = (kind: string, id: string, account = DEVNET_ACCOUNT): string =>
  `arn:aws:managedblockchain:${DEVNET_REGION}:${account}:${kind}/${id}`;

/**
 * Pure: every document, by file name relative to the devnet directory. Fields are those AWS
 * returns that mean something here; the endpoints are the devnet's: its AMB-shaped names when
 * they resolve (`byName`, devnet up --hosts), else its addresses, on AMB's role ports.
 */
export function ambDocuments(
  layout: DevnetLayout,
  ids: DocumentIds,
  createdAt: Date,
  byName = false,
): Record<string, unknown> {
  const eps = clientEndpoints(layout, ambNames(ids), byName);
  const creationDate = createdAt.toISOString();
  const [major, minor] = FABRIC_VERSION.split('.');
  const file = (name: string): string => path.join(AMB_DOCUMENTS_DIR, name);
  const docs: Record<string, unknown> = {
    [file(ambDocumentFiles.getNetwork)]: {
      Network: {
        Id: ids.networkId,
        Name: 'devnet',
        Description: 'fabkit devnet',
        Framework: 'HYPERLEDGER_FABRIC',
        FrameworkVersion: `${major}.${minor}`,
        FrameworkAttributes: {
          Fabric: { OrderingServiceEndpoint: eps.orderer, Edition: 'STARTER' },
        },
        VpcEndpointServiceName: `com.amazonaws.${DEVNET_REGION}.managedblockchain.${ids.networkId.toLowerCase()}`,
        VotingPolicy: {
          ApprovalThresholdPolicy: {
            ThresholdPercentage: 50,
            ProposalDurationInHours: 24,
            ThresholdComparator: 'GREATER_THAN',
          },
        },
        Status: 'AVAILABLE',
        CreationDate: creationDate,
        Tags: {},
        Arn: arn('networks', ids.networkId, ''),
      },
    },
    [file(ambDocumentFiles.listMembers)]: {
      Members: ids.members.map((m) => ({
        Id: m.memberId,
        Name: m.name,
        Description: `devnet member ${m.name}`,
        Status: 'AVAILABLE',
        CreationDate: creationDate,
        IsOwned: true,
        Arn: arn('members', m.memberId),
      })),
    },
  };
  layout.members.forEach((_, i) => {
    const ep = eps.members[i];
    const m = ids.members[i];
    if (!m || !ep) return;
    docs[file(ambDocumentFiles.getMember(m.memberId))] = {
      Member: {
        NetworkId: ids.networkId,
        Id: m.memberId,
        Name: m.name,
        Description: `devnet member ${m.name}`,
        FrameworkAttributes: { Fabric: { AdminUsername: m.adminUser, CaEndpoint: ep.ca } },
        LogPublishingConfiguration: { Fabric: { CaLogs: { Cloudwatch: { Enabled: false } } } },
        Status: 'AVAILABLE',
        CreationDate: creationDate,
        Tags: {},
        Arn: arn('members', m.memberId),
        KmsKeyArn: KMS,
      },
    };
    const summary = {
      Id: m.nodeId,
      Status: 'AVAILABLE',
      CreationDate: creationDate,
      AvailabilityZone: AVAILABILITY_ZONE,
      InstanceType: INSTANCE_TYPE,
      Arn: arn('nodes', m.nodeId),
    };
    docs[file(ambDocumentFiles.listNodes(m.memberId))] = { Nodes: [summary] };
    docs[file(ambDocumentFiles.getNode(m.nodeId))] = {
      Node: {
        NetworkId: ids.networkId,
        MemberId: m.memberId,
        Id: m.nodeId,
        InstanceType: INSTANCE_TYPE,
        AvailabilityZone: AVAILABILITY_ZONE,
        FrameworkAttributes: {
          Fabric: { PeerEndpoint: ep.peer, PeerEventEndpoint: ep.peerEvents },
        },
        LogPublishingConfiguration: {
          Fabric: { ChaincodeLogs: { Cloudwatch: { Enabled: false } }, PeerLogs: { Cloudwatch: { Enabled: false } } },
        },
        StateDB: 'LevelDB',
        Status: 'AVAILABLE',
        CreationDate: creationDate,
        Tags: {},
        Arn: arn('nodes', m.nodeId),
        KmsKeyArn: KMS,
      },
    };
  });
  return docs;
}
