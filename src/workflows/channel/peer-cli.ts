/** How channel and chaincode workflows run the peer CLI as this member: the executor, and the admin's target. */
import type { Profile } from '../../config/resolve';
import type { CliTarget } from '../../fabric-cli/channel-commands';
import type { Executor } from '../../runtime/command-spec';

/** What every channel workflow needs besides the profile: where the peer CLI runs, and where progress goes. */
export interface ChannelDeps {
  readonly executor: Executor;
  readonly onProgress?: (line: string) => void;
}

/** The member admin acting against `peer` (default: the profile's first peer), paths as the tool sees them. */
export function targetOf(profile: Profile, peer?: string): CliTarget {
  const chain = profile.toolPath(profile.tls.chainFile);
  return {
    identity: { mspId: profile.member.mspId, mspDir: profile.toolPath(profile.paths.mspDir), tlsChainFile: chain },
    orderer: profile.network.orderer.address,
    ordererTlsCa: chain,
    peer: peer ?? profile.peers[0]?.endpoint.address ?? '',
  };
}
