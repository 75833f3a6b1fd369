/** `fabkit devnet up|down|status`: the local AMB-shaped Fabric network. */
import type { Command } from 'commander';
import type { DevnetStyle } from '../../index';
import {
  DEFAULT_ADDRESS_BLOCK,
  DEFAULT_BASE_PORT,
  devnetDown,
  devnetEnv,
  devnetStatus,
  devnetUp,
  runWatcher,
} from '../../index';
import type { DevnetStatus } from '../../index';
import { HOME_HELP, JSON_HELP } from '../flags';
import type { Run } from '../flags';
import { table } from '../output';

const DEFAULT_DIR = '.devnet';

function renderStatus(s: DevnetStatus): string {
  if (s.processes.length === 0) return `No devnet is running in ${s.dir}`;
  const rows = [['PROCESS', 'PID', 'STATE'], ...s.processes.map((p) => [p.name, String(p.pid), p.up ? 'up' : 'DOWN'])];
  const eps = [['ENDPOINT', 'ADDRESS', 'STATE'], ...s.endpoints.map((e) => [e.name, e.endpoint, e.up ? 'up' : 'DOWN'])];
  return `${table(rows)}\n\n${table(eps)}\n\ndevnet in ${s.dir}: ${s.running ? 'running' : 'NOT fully running'}`;
}

interface UpFlags {
  dir: string;
  members: string;
  basePort?: string;
  addressBlock?: string;
  hosts?: boolean;
  adminUser: string;
  batchSize: string;
  batchTimeout: string;
  style?: string;
  json?: boolean;
}

export function registerDevnet(program: Command, run: Run): void {
  const devnet = program
    .command('devnet')
    .description('a local AMB-shaped Fabric network of native processes (no Docker)');
  devnet
    .command('up')
    .description('start the devnet (CAs, orderer, peers, admin watcher) and wait until every part answers')
    .option('--dir <dir>', 'devnet directory', DEFAULT_DIR)
    .option('--members <n>', 'number of members (1-9)', '2')
    .option(
      '--address-block <address>',
      `first loopback address: the orderer, then each member's CA and peer get one each, on AMB's role ports (orderer 30001, CA 30002, peer 30003) (default: ${DEFAULT_ADDRESS_BLOCK})`,
    )
    .option(
      '--base-port <port>',
      `everything on 127.0.0.1 instead, on ports base..base+10+10*members (e.g. ${DEFAULT_BASE_PORT}), for machines where extra loopback addresses cannot be bound`,
    )
    .option(
      '--hosts',
      'make the AMB-shaped names (orderer.n-….managedblockchain.us-east-1.amazonaws.com, …) resolve with a marked block in /etc/hosts that `down` removes, and give clients those names (needs write access to /etc/hosts)',
    )
    .option(
      '--admin-user <name>',
      'bootstrap admin user name of every member CA (password: $FABKIT_DEVNET_ADMIN_PASSWORD, else random)',
      'AdminUser',
    )
    .option(
      '--batch-size <n>',
      "transactions per block (the orderer's BatchSize.MaxMessageCount); set when the devnet is created",
      '1',
    )
    .option(
      '--batch-timeout <duration>',
      'how long the orderer waits to fill a block (BatchTimeout), e.g. 250ms or 2s; set when the devnet is created',
      '250ms',
    )
    .option(
      '--style <style>',
      'amb (AMB-shaped: system channel, pre-NodeOU MSPs) or fabric (test-network-shaped: channel participation, NodeOU MSPs, organizations/ and connection-<org>.json); default amb, or the style the devnet was created with',
    )
    .option('--json', JSON_HELP)
    .action(async (o: UpFlags) =>
      run(async (out) => {
        const result = await devnetUp(
          {
            dir: o.dir,
            members: Number(o.members),
            ...(o.basePort === undefined ? {} : { basePort: Number(o.basePort) }),
            ...(o.addressBlock === undefined ? {} : { addressBlock: o.addressBlock }),
            hosts: Boolean(o.hosts),
            adminUser: o.adminUser,
            batchSize: Number(o.batchSize),
            batchTimeout: o.batchTimeout,
            ...(o.style === undefined ? {} : { style: o.style as DevnetStyle }),
          },
          (line) => out.progress(line),
        );
        out.result({ ok: true, ...result }, () =>
          result.outcome === 'already-running'
            ? `devnet already running in ${result.dir} (network file: ${result.networkFile})`
            : `devnet ${result.outcome} in ${(result.totalMs / 1000).toFixed(1)}s${result.restarted.length > 0 ? ` (restarted: ${result.restarted.join(', ')})` : ''}\n${table(result.timings.map((t) => [t.part, `${(t.ms / 1000).toFixed(1)}s`]))}\nnetwork file: ${result.networkFile}\norderer ${result.endpoints.orderer}; CAs ${result.endpoints.cas.join(', ')}; peers ${result.endpoints.peers.join(', ')}${result.hostsFile ? `\nnames resolve through ${result.hostsFile} (removed at devnet down)` : ''}`,
        );
      }, Boolean(o.json)),
    );
  devnet
    .command('down')
    .description('stop every process the devnet started and check that its ports are closed')
    .option('--dir <dir>', 'devnet directory', DEFAULT_DIR)
    .option('--purge', 'also delete the devnet directory (ledgers, keys, network.json)')
    .option('--json', JSON_HELP)
    .action(async (o: { dir: string; purge?: boolean; json?: boolean }) =>
      run(async (out) => {
        const result = await devnetDown(o.dir, { purge: o.purge });
        out.result(
          { ok: true, ...result },
          () =>
            (result.outcome === 'not-running'
              ? `no devnet running in ${result.dir}`
              : `devnet stopped (${result.stopped.length} processes)`) +
            (result.purged ? '; directory removed' : '') +
            (result.hostsBlock === 'removed' ? '; its /etc/hosts block removed' : '') +
            (result.hostsBlock === 'unterminated'
              ? '; its /etc/hosts block lost its end line, so it was left alone: remove it by hand'
              : ''),
        );
      }, Boolean(o.json)),
    );
  devnet
    .command('status')
    .description('show each devnet process and endpoint as up or down (exit 1 if anything is down)')
    .option('--dir <dir>', 'devnet directory', DEFAULT_DIR)
    .option('--json', JSON_HELP)
    .action(async (o: { dir: string; json?: boolean }) =>
      run(async (out) => {
        const status = await devnetStatus(o.dir);
        out.result({ ok: status.running, ...status }, () => renderStatus(status));
        return status.running ? 'ok' : 'failed';
      }, Boolean(o.json)),
    );
  devnet
    .command('env')
    .description(
      'print the shell exports of the tutorial\'s step 6.2 for a member (and FABRIC_CFG_PATH, PATH), so the bare peer binary runs against the devnet: eval "$(fabkit devnet env org1)"',
    )
    .argument('<member>', 'member name (org1) or member ID (m-…)')
    .option('--dir <dir>', 'devnet directory', DEFAULT_DIR)
    .option('--home <dir>', `${HOME_HELP}; CORE_PEER_MSPCONFIGPATH is its admin-msp/`)
    .option('--json', JSON_HELP)
    .action(async (member: string, o: { dir: string; home?: string; json?: boolean }) =>
      run(async (out) => {
        const result = devnetEnv(o.dir, member, o.home);
        out.result({ ok: true, ...result }, () => result.exports);
      }, Boolean(o.json)),
    );
  devnet
    .command('watch', { hidden: true })
    .description('internal: the admin-propagation watcher that `devnet up` starts')
    .requiredOption('--dir <dir>', 'devnet directory')
    .action(async (o: { dir: string }) => run(async () => runWatcher(o.dir), false));
}
