/** `fabkit channel fetch` and `channel list`: one block of a channel into a file, and the channels each peer joined. */
import * as path from 'node:path';
import { assertChannelReady } from '../../config/channel-ready';
import { channelFiles } from '../../config/home-layout';
import { selectPeers } from '../../config/peers';
import type { Profile } from '../../config/resolve';
import { FabkitError, usageError } from '../../errors';
import type { BlockSelector } from '../../fabric-cli/channel-commands';
import { fetchBlock } from './config';
import type { ChannelDeps } from './peer-cli';
import { targetOf } from './peer-cli';
import { peerChannels } from './join';

export interface FetchResult {
  readonly channelId: string;
  readonly which: BlockSelector;
  readonly file: string;
}

export function parseBlockSelector(text: string): BlockSelector {
  if (text === 'oldest' || text === 'newest' || text === 'config') return text;
  if (/^\d+$/.test(text)) return Number(text);
  throw usageError(
    'INVALID_BLOCK',
    `"${text}" is not a block to fetch: use oldest, newest, config or a block number`,
    'e.g. `fabkit channel fetch mychannel oldest`',
  );
}

/** `peer channel fetch`: one block of the channel into a file (default <artifactsDir>/<channel>/<channel>_<which>.block). */
export async function fetchChannelBlock(
  profile: Profile,
  deps: ChannelDeps,
  options: { channelId: string; which: BlockSelector; out?: string },
): Promise<FetchResult> {
  assertChannelReady(profile, options.channelId);
  const file = path.resolve(
    options.out ?? channelFiles(profile, options.channelId).fetchedBlock(String(options.which)),
  );
  if ((await fetchBlock(profile, deps, targetOf(profile), options.channelId, options.which, file)) === 'not-found') {
    throw new FabkitError(
      'CHANNEL_NOT_FOUND',
      `Channel ${options.channelId} (block ${String(options.which)}) was not found on the ordering service ${profile.network.orderer.address}`,
      {
        hint: 'Check the channel name; a block number must be below the channel height.',
      },
    );
  }
  return { channelId: options.channelId, which: options.which, file };
}

export interface PeerChannels {
  readonly peer: string;
  readonly channels: string[];
}

/** `peer channel list` on each of this member's peers. */
export async function listChannels(
  profile: Profile,
  deps: ChannelDeps,
  options: { peers?: readonly string[] } = {},
): Promise<PeerChannels[]> {
  const out: PeerChannels[] = [];
  for (const peer of selectPeers(profile, options.peers))
    out.push({ peer, channels: await peerChannels(profile, deps, peer) });
  return out;
}
