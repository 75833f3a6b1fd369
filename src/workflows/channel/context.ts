import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Profile } from '../../config/resolve';
import { usageError } from '../../errors';
import type { CliTarget } from '../../fabric-cli/channel-commands';
import { createStagingDirSync } from '../../msp/staging';
import type { Executor } from '../../runtime/command-spec';
import { assertChannelId } from '../../validate/ids';

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

/** Host paths of one channel's files under <artifactsDir>/<channelId>/. */
export interface ChannelFiles {
  readonly dir: string;
  readonly configtx: string;
  readonly tx: string;
  readonly genesisBlock: string;
  /** A fresh private scratch directory under the home (the cli container sees only the home), named as a staging folder. */
  scratch(prefix: string): string;
}

export function channelFiles(profile: Profile, channelId: string): ChannelFiles {
  const dir = path.join(profile.paths.artifactsDir, channelId);
  return {
    dir,
    configtx: path.join(dir, 'configtx.yaml'),
    tx: path.join(dir, `${channelId}.tx`),
    genesisBlock: path.join(dir, `${channelId}.block`),
    scratch(prefix) {
      fs.mkdirSync(dir, { recursive: true });
      return createStagingDirSync(path.join(dir, `.${prefix}`));
    },
  };
}

/** Validates a channel ID and that the admin MSP exists, before anything runs. */
export function assertChannelReady(profile: Profile, channelId: string): void {
  assertChannelId(channelId);
  if (!fs.existsSync(path.join(profile.paths.mspDir, 'signcerts'))) {
    throw usageError(
      'NOT_ENROLLED',
      `There is no admin MSP at ${profile.paths.mspDir}: channel work needs the member's enrolled admin`,
      'Run `fabkit enroll` first.',
    );
  }
  if (profile.peers.length === 0)
    throw usageError(
      'NO_PEERS',
      `The profile ${profile.profilePath} lists no peers`,
      "Add the member's peer endpoints under peers: in fabkit.yaml.",
    );
}

/** The profile's peers, or the chosen subset; an unknown endpoint is a usage error. */
export function selectPeers(profile: Profile, chosen: readonly string[] | undefined): string[] {
  const known = profile.peers.map((p) => p.endpoint.address);
  if (!chosen || chosen.length === 0) return known;
  for (const peer of chosen) {
    if (!known.includes(peer)) {
      throw usageError(
        'UNKNOWN_PEER',
        `Peer ${peer} is not one of this member's peers (${known.join(', ')})`,
        'Pass one of the endpoints listed under peers: in fabkit.yaml, or add it there.',
      );
    }
  }
  return [...new Set(chosen)];
}
