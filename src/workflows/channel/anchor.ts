/** This member's anchor peers on a channel, set by a config update so that gossip and discovery reach across members. */
import { assertChannelReady } from '../../config/channel-ready';
import { selectPeers } from '../../config/peers';
import type { Profile } from '../../config/resolve';
import { anchorPeersOf, sameAnchorPeers, withAnchorPeers } from '../../configtx/anchor-peers';
import { waitFor } from '../../runtime/wait-for';
import type { Endpoint } from '../../validate/endpoint';
import { configOfBlockFile, readChannelConfig, submitConfigUpdate } from './config';
import type { ChannelDeps } from './peer-cli';
import { targetOf } from './peer-cli';

export interface AnchorPeersResult {
  readonly channelId: string;
  readonly memberId: string;
  readonly outcome: 'updated' | 'already-set';
  readonly anchorPeers: Endpoint[];
  readonly previous: Endpoint[];
}

/**
 * Sets this member's anchor peers on a channel with a config update signed by the member's
 * admin, so that gossip and service discovery can reach across members. Skips when the channel
 * already has exactly these anchor peers.
 */
export async function setAnchorPeers(
  profile: Profile,
  deps: ChannelDeps,
  options: {
    channelId: string;
    peers?: readonly string[];
    /** Leave the member's anchor peers alone when it has any (channel create/join: a user's choice is kept). */
    keepExisting?: boolean;
    /**
     * A local block that holds the channel's current config (block 0 of a channel this run just created):
     * read instead of fetching the config, and the update is not polled for (nobody else reads it yet).
     */
    currentConfigBlock?: string;
  },
): Promise<AnchorPeersResult> {
  assertChannelReady(profile, options.channelId);
  const chosen = selectPeers(profile, options.peers);
  const anchors: Endpoint[] = profile.peers
    .filter((p) => chosen.includes(p.endpoint.address))
    .map((p) => ({ host: p.endpoint.host, port: p.endpoint.port }));
  const target = targetOf(profile);
  const fresh = options.currentConfigBlock;
  const current =
    fresh === undefined
      ? await readChannelConfig(profile, deps, target, options.channelId)
      : await configOfBlockFile(profile, deps, options.channelId, fresh);
  const previous = anchorPeersOf(current.config, profile.member.id);
  const base = { channelId: options.channelId, memberId: profile.member.id, anchorPeers: anchors, previous };
  if (sameAnchorPeers(previous, anchors)) return { ...base, outcome: 'already-set' };
  if (options.keepExisting && previous.length > 0) return { ...base, anchorPeers: previous, outcome: 'already-set' };
  deps.onProgress?.(
    `setting anchor peers of ${profile.member.id} on ${options.channelId}: ${anchors.map((a) => `${a.host}:${a.port}`).join(', ')}`,
  );
  await submitConfigUpdate(
    profile,
    deps,
    target,
    options.channelId,
    current.config,
    withAnchorPeers(current.config, profile.member.id, anchors),
  );
  // The orderer accepted the update (it was checked against the current config). On a channel that others
  // already use, poll until the channel's config carries it, so a re-run (or discovery) sees it at once; on a
  // channel just created the next reader is another command, later than the next block.
  if (fresh !== undefined) return { ...base, outcome: 'updated' };
  await waitFor(
    async () =>
      sameAnchorPeers(
        anchorPeersOf((await readChannelConfig(profile, deps, target, options.channelId)).config, profile.member.id),
        anchors,
      )
        ? true
        : undefined,
    {
      what: `the anchor-peer update of ${options.channelId} to be committed`,
      timeoutMs: 60_000,
      intervalMs: 200,
    },
  );
  return { ...base, outcome: 'updated' };
}
