/** Reads a devnet directory back: network.json, credentials and state, for commands that act on a running devnet. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FabkitError } from '../errors';
import { planLayout } from './layout';
import type { DevnetLayout } from './layout';
import { readState } from './state';
import type { DevnetState } from './state';

export interface DevnetSecrets {
  readonly networkId: string;
  readonly members: readonly {
    name: string;
    memberId: string;
    nodeId: string;
    adminUser: string;
    adminPassword: string;
    registrarPassword: string;
    peerSecret: string;
  }[];
}

export interface LoadedDevnet {
  readonly layout: DevnetLayout;
  readonly state: DevnetState;
  readonly secrets: DevnetSecrets;
}

/** Reads a started devnet back from its directory. */
export function loadDevnet(dir: string): LoadedDevnet {
  const stateFile = path.join(path.resolve(dir), 'state.json');
  const state = readState(stateFile);
  if (!state) {
    throw new FabkitError('DEVNET_NOT_FOUND', `No devnet state in ${path.resolve(dir)}`, {
      hint: `Start one with: fabkit devnet up --dir ${dir}`,
    });
  }
  const layout = planLayout(state.options);
  const secrets = JSON.parse(fs.readFileSync(path.join(layout.privateDir, 'secrets.json'), 'utf8')) as DevnetSecrets;
  return { layout, state, secrets };
}
