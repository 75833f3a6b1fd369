/** `channel list` and `channel show` with the orderers' view (osnadmin channel list) when an orderer admin is configured. */
import type { Profile } from '../../config/resolve';
import type { OrdererChannelInfo } from '../../fabric-cli/osnadmin';
import { osnadminListSpec, parseChannelListBody, parseOsnadminOutput } from '../../fabric-cli/osnadmin';
import type { ChannelConfigSummary } from './config';
import { showChannel } from './config';
import type { PeerChannels } from './fetch';
import { listChannels } from './fetch';
import { ordererAdminTargets, ordererChannelInfo } from './participation';
import type { ChannelDeps } from './peer-cli';

/** One orderer's channels, as its channel participation API lists them. */
export interface OrdererChannelsView {
  readonly endpoint: string;
  readonly systemChannel: string | undefined;
  readonly channels: string[];
}

/** `fabkit channel list`: this member's peers' channels, and (with an orderer admin) each orderer's. */
export async function listChannelsWithOrderers(
  profile: Profile,
  deps: ChannelDeps,
  options: { peers?: readonly string[] } = {},
): Promise<{ peers: PeerChannels[]; orderers: OrdererChannelsView[] | undefined }> {
  const peers = await listChannels(profile, deps, options);
  if (profile.network.ordererAdmin === undefined) return { peers, orderers: undefined };
  const orderers = await Promise.all(
    ordererAdminTargets(profile).map(async (target) => {
      const r = await deps.executor.run(osnadminListSpec(target), { timeoutMs: 30_000 });
      const view = parseChannelListBody(parseOsnadminOutput(r.stdout).body);
      return { endpoint: target.endpoint, ...view };
    }),
  );
  return { peers, orderers };
}

/** `fabkit channel show`: the channel's config summary, and (with an orderer admin) each orderer's status of it. */
export async function showChannelWithOrderers(
  profile: Profile,
  deps: ChannelDeps,
  channelId: string,
): Promise<
  ChannelConfigSummary & {
    orderers: { endpoint: string; channel: OrdererChannelInfo | undefined }[] | undefined;
  }
> {
  const summary = await showChannel(profile, deps, channelId);
  if (profile.network.ordererAdmin === undefined) return { ...summary, orderers: undefined };
  const orderers = await Promise.all(
    ordererAdminTargets(profile).map(async (target) => ({
      endpoint: target.endpoint,
      channel: await ordererChannelInfo(profile, deps, target, channelId),
    })),
  );
  return { ...summary, orderers };
}
