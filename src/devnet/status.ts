/** `devnet status`: which processes run and which endpoints answer. */
import * as path from 'node:path';
import { planLayout } from './layout';
import type { MemberLayout } from './layout';
import { isListening } from './ports';
import { isOwnAlive } from './processes';
import { readState } from './state';

export interface EndpointStatus {
  readonly name: string;
  readonly endpoint: string;
  readonly up: boolean;
}
export interface ProcessStatus {
  readonly name: string;
  readonly pid: number;
  readonly up: boolean;
  readonly log: string;
}

export interface DevnetStatus {
  readonly dir: string;
  readonly running: boolean;
  readonly processes: readonly ProcessStatus[];
  readonly endpoints: readonly EndpointStatus[];
}

export async function devnetStatus(dir: string): Promise<DevnetStatus> {
  const root = path.resolve(dir);
  const state = readState(path.join(root, 'state.json'));
  if (!state) return { dir: root, running: false, processes: [], endpoints: [] };
  const layout = planLayout(state.options);
  const processes = state.processes.map((p) => ({ name: p.name, pid: p.pid, up: isOwnAlive(p), log: p.logFile }));
  const o = layout.orderer;
  const named: [string, number][] = [
    ['orderer', o.port],
    ['orderer operations', o.opsPort],
    ['orderer admin', o.adminPort],
  ];
  const memberEndpoints = (m: MemberLayout): [string, number][] => [
    [`ca-${m.name}`, m.caPort],
    [`ca-${m.name} operations`, m.caOpsPort],
    [`peer-${m.name}`, m.peerPort],
    [`peer-${m.name} chaincode`, m.peerChaincodePort],
    [`peer-${m.name} operations`, m.peerOpsPort],
  ];
  for (const m of layout.members) named.push(...memberEndpoints(m));
  const endpoints = await Promise.all(
    named.map(async ([name, port]) => ({ name, endpoint: `127.0.0.1:${port}`, up: await isListening(port) })),
  );
  return { dir: root, running: processes.every((p) => p.up) && endpoints.every((e) => e.up), processes, endpoints };
}
