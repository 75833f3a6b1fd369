/** `fabkit channel …`: tutorial step 6, create, join, fetch, list and show channels, and set anchor peers. */
import type { Command } from 'commander';
import {
  createChannel,
  fetchChannelBlock,
  joinChannel,
  listChannelsWithOrderers,
  parseBlockSelector,
  showChannelWithOrderers,
  setAnchorPeers,
} from '../../index';
import type { JoinResult } from '../../index';
import { depsOf, profileOf } from '../context';
import { registerChannelArchiveCommands } from './channel-archive';
import { registerChannelUpdateCommands } from './channel-update';
import { collect, parseLifecycle, parseSeconds, withHome } from '../flags';
import type { HomeFlags, Run } from '../flags';
import { formatSeconds, table } from '../output';

function joinLines(join: JoinResult | undefined): string[] {
  const anchors = join?.anchorPeers;
  return [
    ...(join?.peers ?? []).map(
      (p) => `  peer ${p.peer}: ${p.outcome === 'joined' ? `joined (${formatSeconds(p.ms)})` : 'already joined'}`,
    ),
    ...(anchors
      ? [
          `  anchor peers ${anchors.anchorPeers.map((a) => `${a.host}:${a.port}`).join(', ')}${anchors.outcome === 'updated' ? ' (set)' : ' (already set)'}`,
        ]
      : []),
  ];
}

export function registerChannelCommands(program: Command, run: Run): void {
  const channel = program.command('channel').description('tutorial step 6: create, join, fetch and list channels');

  withHome(
    channel
      .command('create')
      .argument('<channelId>', 'lowercase letters, digits, "." and "-"; starts with a letter; under 250 characters')
      .description(
        "write configtx.yaml and the channel tx, create the channel, wait for block 0, and join this member's peers",
      )
      .option(
        '--member <m-…>',
        'another member to include (imported with `fabkit member import`; repeatable)',
        collect,
        [] as string[],
      )
      .option(
        '--lifecycle <1.x|2.x>',
        "chaincode lifecycle of the channel: 1.x → capability V1_4_2, 2.x → V2_0 (default: by the network's Fabric version)",
      )
      .option('--no-join', "do not join this member's peers")
      .option('--no-anchor-peers', "do not set this member's anchor peers after the join")
      .option('--timeout <seconds>', 'bound for the create and each wait', '60'),
  ).action(
    async (
      channelId: string,
      o: HomeFlags & { member: string[]; lifecycle?: string; join: boolean; anchorPeers: boolean; timeout: string },
    ) =>
      run(async (out) => {
        const lifecycle = parseLifecycle(o.lifecycle);
        const timeoutMs = parseSeconds(o.timeout);
        const profile = profileOf(o);
        const r = await createChannel(profile, depsOf(profile, out), {
          channelId,
          members: o.member,
          lifecycle,
          join: o.join,
          anchorPeers: o.anchorPeers,
          timeoutMs,
        });
        out.result({ ok: true, ...r }, () =>
          [
            r.outcome === 'created'
              ? `created ${channelId} (${r.capability ?? '?'}) in ${formatSeconds(r.createMs)}`
              : `${channelId} already exists`,
            `  members  ${r.members.join(', ')}`,
            `  block 0  ${r.blockFile}`,
            `  via      ${r.network === 'channel-participation' ? 'channel participation (osnadmin)' : 'the system channel'}`,
            ...(r.ordererJoins ?? []).map(
              (j) =>
                `  orderer  ${j.endpoint}: ${j.outcome === 'joined' ? 'joined' : 'already joined'} (${j.status ?? '?'})`,
            ),
            ...joinLines(r.join),
          ].join('\n'),
        );
      }, Boolean(o.json)),
  );

  withHome(
    channel
      .command('join')
      .argument('<channelId>')
      .description("join this member's peers (all by default) to a channel; fetches block 0 when it is not local")
      .option('--peer <host:port>', 'a peer of this member (repeatable; default: all of them)', collect, [] as string[])
      .option('--no-anchor-peers', "do not set this member's anchor peers after the join")
      .option('--timeout <seconds>', 'bound for each wait', '60'),
  ).action(async (channelId: string, o: HomeFlags & { peer: string[]; anchorPeers: boolean; timeout: string }) =>
    run(async (out) => {
      const timeoutMs = parseSeconds(o.timeout);
      const profile = profileOf(o);
      const r = await joinChannel(profile, depsOf(profile, out), {
        channelId,
        peers: o.peer,
        anchorPeers: o.anchorPeers,
        timeoutMs,
      });
      out.result({ ok: true, ...r }, () =>
        [
          `${channelId}: block 0 ${r.blockSource === 'fetched' ? 'fetched from the ordering service' : 'from'} ${r.blockFile}`,
          ...joinLines(r),
        ].join('\n'),
      );
    }, Boolean(o.json)),
  );

  withHome(
    channel
      .command('fetch')
      .argument('<channelId>')
      .argument('<which>', 'oldest | newest | config | a block number')
      .description('fetch a block of the channel from the ordering service')
      .option('--out <file>', 'where to write it (default <artifactsDir>/<channel>/<channel>_<which>.block)'),
  ).action(async (channelId: string, which: string, o: HomeFlags & { out?: string }) =>
    run(async (out) => {
      const selector = parseBlockSelector(which);
      const profile = profileOf(o);
      const r = await fetchChannelBlock(profile, depsOf(profile, out), { channelId, which: selector, out: o.out });
      out.result({ ok: true, ...r }, () => `fetched ${String(r.which)} block of ${channelId}: ${r.file}`);
    }, Boolean(o.json)),
  );

  withHome(
    channel
      .command('list')
      .description("the channels each of this member's peers has joined")
      .option('--peer <host:port>', 'only this peer (repeatable)', collect, [] as string[]),
  ).action(async (o: HomeFlags & { peer: string[] }) =>
    run(async (out) => {
      const profile = profileOf(o);
      const r = await listChannelsWithOrderers(profile, depsOf(profile, out), { peers: o.peer });
      out.result({ ok: true, ...r }, () =>
        table([
          ['PEER', 'CHANNELS'],
          ...r.peers.map((p) => [p.peer, p.channels.join(', ') || '(none)']),
          ...(r.orderers ?? []).map((x) => [
            `orderer ${x.endpoint}`,
            [...(x.systemChannel === undefined ? [] : [`${x.systemChannel} (system)`]), ...x.channels].join(', ') ||
              '(none)',
          ]),
        ]),
      );
    }, Boolean(o.json)),
  );

  withHome(
    channel
      .command('show')
      .argument('<channelId>')
      .description('members, capabilities and anchor peers of a channel, from its current config'),
  ).action(async (channelId: string, o: HomeFlags) =>
    run(async (out) => {
      const profile = profileOf(o);
      const { config, ...summary } = await showChannelWithOrderers(profile, depsOf(profile, out), channelId);
      void config;
      out.result(
        { ok: true, ...summary },
        () =>
          table([
            ['MEMBER', 'ANCHOR PEERS'],
            ...summary.members.map((m) => [
              m,
              (summary.anchorPeers[m] ?? []).map((a) => `${a.host}:${a.port}`).join(', ') || '-',
            ]),
          ]) +
          `\ncapabilities: ${summary.applicationCapabilities.join(', ') || '-'}` +
          (summary.orderers ?? [])
            .map(
              (x) =>
                `\norderer ${x.endpoint}: ${x.channel ? `${x.channel.status ?? '?'} (${x.channel.consensusRelation ?? '?'}, height ${x.channel.height ?? '?'})` : 'not joined'}`,
            )
            .join(''),
      );
    }, Boolean(o.json)),
  );

  withHome(
    channel
      .command('anchor-peers')
      .argument('<channelId>')
      .description("set this member's anchor peers on the channel (a config update signed by this member's admin)")
      .option(
        '--peer <host:port>',
        "anchor peer (repeatable; default: all of this member's peers)",
        collect,
        [] as string[],
      ),
  ).action(async (channelId: string, o: HomeFlags & { peer: string[] }) =>
    run(async (out) => {
      const profile = profileOf(o);
      const r = await setAnchorPeers(profile, depsOf(profile, out), { channelId, peers: o.peer });
      out.result(
        { ok: true, ...r },
        () =>
          `${r.outcome === 'updated' ? 'anchor peers set' : 'anchor peers already set'}: ${r.anchorPeers.map((a) => `${a.host}:${a.port}`).join(', ')}`,
      );
    }, Boolean(o.json)),
  );

  registerChannelUpdateCommands(channel, run);
  registerChannelArchiveCommands(channel, run);
}
