/** `fabkit connection-profile`: the fabric-network connection profile of this member. */
import type { Command } from 'commander';
import { connectionProfileOf, writeConnectionProfile } from '../../index';
import type { ConnectionProfile } from '../../index';
import { profileOf } from '../context';
import { collect, HOME_HELP, JSON_HELP } from '../flags';
import type { HomeFlags, Run } from '../flags';

interface Flags extends HomeFlags {
  out?: string;
  channel: string[];
  member: string[];
}

function summary(ccp: ConnectionProfile): string {
  const orgs = Object.entries(ccp.organizations).map(
    ([id, o]) => `${id} (${o.peers.length} peer${o.peers.length === 1 ? '' : 's'})`,
  );
  return [
    `organizations  ${orgs.join(', ')}`,
    `orderer        ${Object.keys(ccp.orderers).join(', ')}`,
    ...(ccp.channels ? [`channels       ${Object.keys(ccp.channels).join(', ')}`] : []),
    `asLocalhost    ${String(ccp['x-fabkit'].discovery.asLocalhost)} (use with fabric-network's discovery option)`,
  ].join('\n');
}

/** `fabkit connection-profile`: the fabric-network 2.2 common connection profile of this member (and its imported members). */
export function registerConnectionProfileCommand(program: Command, run: Run): void {
  program
    .command('connection-profile')
    .description(
      'print or write a fabric-network common connection profile (JSON) for this member and its imported members',
    )
    .option('--home <dir>', HOME_HELP)
    .option('--out <file>', 'write it to this file instead of printing it')
    .option(
      '--channel <channelId>',
      'add a channels: section listing every peer for this channel (apps that connect with discovery off need it; repeatable)',
      collect,
      [] as string[],
    )
    .option(
      '--member <m-…>',
      'include only these imported members (repeatable; default: all imported members)',
      collect,
      [] as string[],
    )
    .option('--json', JSON_HELP)
    .addHelpText(
      'after',
      "\nPeers and orderers are named host:port; each peer carries its member's TLS chain. The file holds certificates only, no key.\n" +
        'Use it with the gateway option discovery: {enabled: false}, or discovery: {enabled: true, asLocalhost: false}; asLocalhost: true breaks every transaction with discovery on (on the devnet too: "Endorser 127.0.0.1:<port> already exists").',
    )
    .action(async (o: Flags) =>
      run(async (out) => {
        const profile = profileOf(o);
        const options = {
          channels: o.channel.length > 0 ? o.channel : undefined,
          members: o.member.length > 0 ? o.member : undefined,
        };
        if (o.out === undefined) {
          const ccp = await connectionProfileOf(profile, options);
          out.result(ccp, () => JSON.stringify(ccp, null, 2));
          return;
        }
        const written = await writeConnectionProfile(profile, o.out, options);
        const ccp = written.connectionProfile;
        out.result(
          {
            ok: true,
            file: written.file,
            organizations: Object.keys(ccp.organizations),
            peers: Object.keys(ccp.peers),
            orderers: Object.keys(ccp.orderers),
            channels: Object.keys(ccp.channels ?? {}),
          },
          () => `wrote ${written.file}\n${summary(ccp)}`,
        );
      }, Boolean(o.json)),
    );
}
