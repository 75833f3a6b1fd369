/** `devnet down`: stops every process group the devnet started and checks that no port still listens. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FabkitError } from '../errors';
import { waitFor } from '../runtime/wait-for';
import { layoutListeners, planLayout } from './layout';
import { removeHostsBlock } from './hosts-file';
import type { BlockRemoval } from './hosts-file';
import { isListening } from './ports';
import { stopRecorded } from './processes';
import { readState } from './state';

export interface DevnetDownResult {
  readonly outcome: 'stopped' | 'not-running';
  readonly dir: string;
  readonly stopped: readonly { name: string; pid: number; how: string }[];
  readonly purged: boolean;
  /** The devnet's /etc/hosts block (from `up --hosts`): removed, absent, or left alone because its end line is gone. */
  readonly hostsBlock: BlockRemoval;
}

const ORDER = ['admin-watcher', 'peer-', 'orderer', 'ca-'];
const rank = (name: string): number => ORDER.findIndex((prefix) => name.startsWith(prefix));

/**
 * Stops every process group the devnet started (watcher, peers with their chaincode processes,
 * orderer, CAs), then checks that none of its ports still has a listener.
 */
export async function devnetDown(dir: string, options: { purge?: boolean } = {}): Promise<DevnetDownResult> {
  const root = path.resolve(dir);
  const state = readState(path.join(root, 'state.json'));
  const stopped: { name: string; pid: number; how: string }[] = [];
  if (state) {
    const procs = [...state.processes].sort((a, b) => rank(a.name) - rank(b.name));
    for (const p of procs) stopped.push({ name: p.name, pid: p.pid, how: await stopRecorded(p) });
    const layout = planLayout(state.options);
    const listeners = layoutListeners(layout);
    await waitFor(
      async () => {
        const open = (
          await Promise.all(
            listeners.map(async (l) => ((await isListening(l.port, l.host)) ? `${l.host}:${l.port}` : undefined)),
          )
        ).filter((p) => p !== undefined);
        if (open.length === 0) return true;
        throw new Error(`still listening: ${open.join(', ')}`);
      },
      {
        what: 'the devnet ports to close',
        timeoutMs: 10_000,
        intervalMs: 100,
        hint: 'Another program may have taken one of these ports.',
      },
    );
    fs.rmSync(path.join(root, 'state.json'), { force: true });
  }
  const hostsBlock = removeOwnHostsBlock(root);
  if (options.purge) {
    if (
      fs.existsSync(root) &&
      !fs.existsSync(path.join(root, 'network.json')) &&
      !fs.existsSync(path.join(root, 'private'))
    ) {
      throw new FabkitError('NOT_A_DEVNET', `${root} does not look like a devnet directory; refusing to delete it`, {
        kind: 'usage',
      });
    }
    fs.rmSync(root, { recursive: true, force: true });
  }
  return {
    outcome: state && stopped.some((s) => s.how !== 'not-running') ? 'stopped' : 'not-running',
    dir: root,
    stopped,
    purged: Boolean(options.purge),
    hostsBlock,
  };
}

/** Removes exactly this devnet's hosts block (keyed by its network ID), if `up --hosts` wrote one. */
function removeOwnHostsBlock(root: string): BlockRemoval {
  let networkId: string | undefined;
  try {
    networkId = (
      JSON.parse(fs.readFileSync(path.join(root, 'private', 'secrets.json'), 'utf8')) as { networkId?: string }
    ).networkId;
  } catch {
    return 'absent';
  }
  return networkId ? removeHostsBlock(networkId) : 'absent';
}
