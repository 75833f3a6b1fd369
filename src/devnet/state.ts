/** state.json: the devnet's processes (pids, ports, logs), written atomically. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DevnetOptions } from './layout';
import type { ProcessRecord } from './processes';

/** state.json: what `devnet up` started, so that `down` and `status` can find it. */
export interface DevnetState {
  readonly options: DevnetOptions;
  readonly processes: ProcessRecord[];
}

export function readState(stateFile: string): DevnetState | undefined {
  try {
    return JSON.parse(fs.readFileSync(stateFile, 'utf8')) as DevnetState;
  } catch {
    return undefined;
  }
}

/** Written atomically: a temp file next to it, then rename. */
export function writeJsonAtomic(file: string, value: unknown, mode = 0o644): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode });
  fs.renameSync(tmp, file);
}

export function writeState(stateFile: string, state: DevnetState): void {
  writeJsonAtomic(stateFile, state);
}

export function replaceProcess(state: DevnetState, record: ProcessRecord): DevnetState {
  return { ...state, processes: [...state.processes.filter((p) => p.name !== record.name), record] };
}
