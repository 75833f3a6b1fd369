/**
 * Pure: the environment the AMB tutorial exports before each peer command (step 6.2),
 * as data. Paths are as the executor sees them (host paths for local, /opt/home/... in docker).
 */
export interface PeerIdentity {
  readonly mspId: string;
  readonly mspDir: string;
  readonly tlsChainFile: string;
}

/** Without a peer endpoint (a command for the ordering service only, or a local one), CORE_PEER_ADDRESS is left out. */
export function peerEnv(identity: PeerIdentity, peerEndpoint?: string): Record<string, string> {
  return {
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_ROOTCERT_FILE: identity.tlsChainFile,
    CORE_PEER_LOCALMSPID: identity.mspId,
    CORE_PEER_MSPCONFIGPATH: identity.mspDir,
    ...(peerEndpoint === undefined ? {} : { CORE_PEER_ADDRESS: peerEndpoint }),
    FABRIC_LOGGING_SPEC: 'warning',
  };
}
