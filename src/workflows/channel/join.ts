/** Tutorial step 6.4: join this member's peers to a channel, from its block 0 (kept locally, or fetched). */
import * as fs from 'node:fs';
import { assertChannelReady } from '../../config/channel-ready';
import type { ChannelFiles } from '../../config/home-layout';
import { channelFiles } from '../../config/home-layout';
import { selectPeers } from '../../config/peers';
import type { Profile } from '../../config/resolve';
import { FabkitError } from '../../errors';
import { channelJoinSpec, channelListSpec, parseChannelList } from '../../fabric-cli/channel-commands';
import { classifyFailure, cliFailure, mustRun } from '../../fabric-cli/failure';
import type { AnchorPeersResult } from './anchor';
import { setAnchorPeers } from './anchor';
import { fetchBlock } from './config';
import type { ChannelDeps } from './peer-cli';
import { targetOf } from './peer-cli';

export interface PeerJoin {
  readonly peer: string;
  readonly outcome: 'joined' | 'already-joined';
  readonly ms: number;
}

export interface JoinResult {
  readonly channelId: string;
  readonly blockFile: string;
  readonly blockSource: 'local' | 'fetched';
  readonly peers: PeerJoin[];
  /** This member's anchor peers on the channel: set after the join unless it had some (undefined when not asked). */
  readonly anchorPeers: AnchorPeersResult | undefined;
}

export interface JoinOptions {
  readonly channelId: string;
  /** Peer endpoints to join; default: every peer of this member. */
  readonly peers?: readonly string[];
  readonly timeoutMs?: number;
  /** Set this member's anchor peers (all its peers) when it has none on the channel (default true). */
  readonly anchorPeers?: boolean;
  /** The channel was just created by this run: no peer can have joined it, so they are not listed first. */
  readonly fresh?: boolean;
}

/** The channels a peer has joined. */
export async function peerChannels(profile: Profile, deps: ChannelDeps, peer: string): Promise<string[]> {
  const r = await mustRun(
    deps.executor,
    channelListSpec(targetOf(profile, peer)),
    `Listing the channels of peer ${peer}`,
  );
  return parseChannelList(r.stdout);
}

/** Block 0 of the channel: the local copy when there is one, otherwise fetched from the ordering service. */
export async function ensureGenesisBlock(
  profile: Profile,
  deps: ChannelDeps,
  channelId: string,
  files: ChannelFiles = channelFiles(profile, channelId),
): Promise<{ file: string; source: 'local' | 'fetched' }> {
  const { genesisBlock, genesisPartial: tmp } = files;
  if (fs.existsSync(genesisBlock)) return { file: genesisBlock, source: 'local' };
  deps.onProgress?.(`fetching block 0 of ${channelId} from ${profile.network.orderer.address}`);
  if ((await fetchBlock(profile, deps, targetOf(profile), channelId, 'oldest', tmp)) === 'not-found') {
    throw new FabkitError(
      'CHANNEL_NOT_FOUND',
      `Channel ${channelId} does not exist on the ordering service ${profile.network.orderer.address}`,
      {
        hint: 'Check the channel name with the member who created it; the creator runs `fabkit channel create` first.',
      },
    );
  }
  fs.renameSync(tmp, genesisBlock);
  return { file: genesisBlock, source: 'fetched' };
}

async function joinOne(
  profile: Profile,
  deps: ChannelDeps,
  channelId: string,
  peer: string,
  blockFile: string,
  timeoutMs: number,
  fresh: boolean,
): Promise<PeerJoin> {
  const start = Date.now();
  if (!fresh && (await peerChannels(profile, deps, peer)).includes(channelId))
    return { peer, outcome: 'already-joined', ms: Date.now() - start };
  deps.onProgress?.(`joining peer ${peer} to ${channelId}`);
  const spec = channelJoinSpec(targetOf(profile, peer), profile.toolPath(blockFile));
  const r = await deps.executor.run(spec, { timeoutMs });
  if (r.exitCode !== 0 && classifyFailure(r.stderr) !== 'exists') {
    throw cliFailure(
      `Joining peer ${peer} to ${channelId}`,
      spec,
      r,
      classifyFailure(r.stderr) === 'forbidden'
        ? "Joining needs the member's admin: check that `fabkit doctor` reports the admin as recognized by this peer."
        : undefined,
    );
  }
  // `peer channel join` returns once the peer has created the channel's ledger: no `channel list` after it.
  return { peer, outcome: r.exitCode === 0 ? 'joined' : 'already-joined', ms: Date.now() - start };
}

/** Tutorial step 6.4 / 8.9: joins this member's peers, skipping those already joined. */
export async function joinChannel(profile: Profile, deps: ChannelDeps, options: JoinOptions): Promise<JoinResult> {
  assertChannelReady(profile, options.channelId);
  return joinPeers(profile, deps, channelFiles(profile, options.channelId), options);
}

/** joinChannel once the channel ID and the profile were checked (createChannel joins with the files it computed). */
export async function joinPeers(
  profile: Profile,
  deps: ChannelDeps,
  files: ChannelFiles,
  options: JoinOptions,
): Promise<JoinResult> {
  const peers = selectPeers(profile, options.peers);
  const block = await ensureGenesisBlock(profile, deps, options.channelId, files);
  const joins: PeerJoin[] = [];
  for (const peer of peers)
    joins.push(
      await joinOne(
        profile,
        deps,
        options.channelId,
        peer,
        block.file,
        options.timeoutMs ?? 60_000,
        options.fresh === true,
      ),
    );
  // Anchor peers make this member's peers known to the others (gossip, discovery, a commit by any member).
  const anchorPeers =
    options.anchorPeers === false
      ? undefined
      : await setAnchorPeers(profile, deps, {
          channelId: options.channelId,
          keepExisting: true,
          // A channel this run created has block 0 as its config: no fetch of it.
          currentConfigBlock: options.fresh === true ? block.file : undefined,
        });
  return { channelId: options.channelId, blockFile: block.file, blockSource: block.source, peers: joins, anchorPeers };
}
