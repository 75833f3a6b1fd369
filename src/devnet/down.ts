/** `devnet down`: stops every process group the devnet started and checks that no port still listens. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FabkitError } from '../errors';
import { waitFor } from '../runtime/wait-for';
import { allPorts, planLayout } from './layout';
import { isListening } from './ports';
import { stopRecorded } from './processes';
import { readState } from './state';

export interface DevnetDownResult {
  readonly outcome: 'stopped' | 'not-running';
  readonly dir: string;
  readonly stopped: readonly { name: string; pid: number; how: string }[];
  readonly purged: boolean;
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
    const ports = allPorts(layout);
    await waitFor(
      async () => {
        const open = (
          await Promise.all(ports.map(async (port) => ((await isListening(port)) ? port : undefined)))
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
  };
}
