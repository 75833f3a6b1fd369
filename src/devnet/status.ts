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
  const named: [string, string, number][] = [
    ['orderer', o.host, o.port],
    ['orderer operations', o.host, o.opsPort],
    ['orderer admin', o.host, o.adminPort],
  ];
  const memberEndpoints = (m: MemberLayout): [string, string, number][] => [
    [`ca-${m.name}`, m.caHost, m.caPort],
    [`ca-${m.name} operations`, m.caHost, m.caOpsPort],
    [`peer-${m.name}`, m.peerHost, m.peerPort],
    [`peer-${m.name} chaincode`, m.peerHost, m.peerChaincodePort],
    [`peer-${m.name} operations`, m.peerHost, m.peerOpsPort],
  ];
  for (const m of layout.members) named.push(...memberEndpoints(m));
  const endpoints = await Promise.all(
    named.map(async ([name, host, port]) => ({ name, endpoint: `${host}:${port}`, up: await isListening(port, host) })),
  );
  return { dir: root, running: processes.every((p) => p.up) && endpoints.every((e) => e.up), processes, endpoints };
}
