/**
 * network.json: the devnet described with the field names of AMB's get-network,
 * get-member and get-node output, so the same `fabkit init` path reads both. A contract
 * between the devnet, which writes it, and its readers (config/from-devnet.ts, tests).
 */
export interface NetworkFile {
  readonly NetworkId: string;
  readonly Name: string;
  readonly Framework: 'HYPERLEDGER_FABRIC';
  readonly FrameworkVersion: string;
  readonly OrderingServiceEndpoint: string;
  readonly TlsChainPath: string;
  readonly CredentialsPath: string;
  /** `fabric`: a network without a system channel (channel participation), NodeOU MSPs. Absent: the AMB style. */
  readonly Style?: 'amb' | 'fabric';
  /** fabric style: the orderer admin endpoint and its mutual-TLS client identity (key file 0600). */
  readonly OrdererAdmin?: { readonly Endpoint: string; readonly TlsCertPath: string; readonly TlsKeyPath: string };
  /** fabric style: what a channel's genesis block needs of the ordering service. */
  readonly OrdererOrg?: {
    readonly MspId: string;
    readonly MspPath: string;
    readonly Consenters: readonly { readonly Endpoint: string; readonly TlsCertPath: string }[];
  };
  readonly Members: readonly NetworkMember[];
  readonly Nodes: readonly NetworkNode[];
}

export interface NetworkMember {
  readonly Id: string;
  readonly Name: string;
  readonly CaEndpoint: string;
  readonly AdminUsername: string;
  /** fabric style: the org Admin's NodeOU MSP (organizations/peerOrganizations/<org>/users/Admin@<org>/msp). */
  readonly AdminMspPath?: string;
}

export interface NetworkNode {
  readonly Id: string;
  readonly MemberId: string;
  readonly PeerEndpoint: string;
  readonly PeerEventEndpoint: string;
  /** Devnet only (not in AMB's get-node): the file where this peer's builders and chaincodes write their lines. */
  readonly ChaincodeLogPath?: string;
}

/** credentials.json (mode 0600): the bootstrap admin password of each member, keyed by member ID. */
export type CredentialsFile = Readonly<
  Record<string, { readonly AdminUsername: string; readonly AdminPassword: string }>
>;
