/** `fabkit channel archive | verify-archive`: a channel's ledger archived to a folder, verified offline, summarized. */
import type { Command } from 'commander';
import { archiveChannel, summarizeArchive, usageError, verifyArchive } from '../../index';
import { profileOf } from '../context';
import { withHome, withJson } from '../flags';
import type { HomeFlags, Run } from '../flags';

export function registerChannelArchiveCommands(channel: Command, run: Run): void {
  withHome(
    channel
      .command('archive')
      .argument('[channelId]')
      .description(
        'write every block of the channel (from block 0, or after the last one archived) and a manifest to a folder, over one deliver stream',
      )
      .option('--out <dir>', 'the archive folder (re-running appends only the new blocks)')
      .option(
        '--summary <dir>',
        'print what an archive holds instead: blocks, transactions, valid/invalid, writes per chaincode, chaincode definitions, time span',
      ),
  ).action(async (channelId: string | undefined, o: HomeFlags & { out?: string; summary?: string }) =>
    run(async (out) => {
      if (o.summary !== undefined) {
        const s = summarizeArchive(o.summary);
        out.result({ ok: true, ...s }, () =>
          [
            `${s.channelId}: ${s.blocks} blocks (${s.configBlocks} config), ${s.transactions} transactions: ${s.valid} valid, ${s.invalid} invalid`,
            `  time span  ${s.firstTx ?? '-'} .. ${s.lastTx ?? '-'}`,
            `  members    ${s.members.join(', ')}`,
            ...Object.entries(s.writes).map(([cc, n]) => `  writes     ${cc}: ${n}`),
            ...s.chaincodes.map(
              (c) =>
                `  chaincode  ${c.name} ${c.version}${c.sequence === undefined ? '' : ` sequence ${c.sequence}`} (${c.lifecycle} lifecycle, block ${c.block})${c.policy ? ` policy ${c.policy}` : ''}`,
            ),
          ].join('\n'),
        );
        return;
      }
      if (channelId === undefined || o.out === undefined)
        throw usageError(
          'ARCHIVE_USAGE',
          'Give a channel and --out <dir> (or --summary <dir>)',
          'fabkit channel archive <channel> --out <dir>',
        );
      const profile = profileOf(o);
      const r = await archiveChannel(profile, { channelId, out: o.out, onProgress: (l) => out.progress(l) });
      out.result(
        { ok: true, ...r },
        () =>
          `${channelId}: ${r.added === 0 ? 'no new blocks' : `archived blocks ${r.from}..${r.height - 1}`} (height ${r.height}) in ${r.dir} (${(r.ms / 1000).toFixed(1)}s)`,
      );
    }, Boolean(o.json)),
  );

  withJson(
    channel
      .command('verify-archive')
      .argument('<dir>')
      .description(
        'check an archive offline: hash chain, data hashes, orderer signatures against the config in force, and the manifest',
      ),
  ).action(async (dir: string, o: { json?: boolean }) =>
    run(async (out) => {
      const r = verifyArchive(dir);
      out.result({ ...r }, () =>
        r.ok
          ? `${r.channelId}: ${r.blocks} blocks verified (${(r.ms / 1000).toFixed(1)}s)`
          : `${r.channelId}: block ${r.failure?.block ?? '?'} fails: ${r.failure?.reason ?? '?'}`,
      );
      return r.ok ? 'ok' : 'failed';
    }, Boolean(o.json)),
  );
}
