/** What fabkit deployed on a channel, kept in the channel's artifacts: the peer CLI cannot read a 1.x policy back. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { channelFiles } from '../../config/home-layout';
import type { Profile } from '../../config/resolve';
import type { Lifecycle } from '../lifecycle';

/** What fabkit deployed on a channel: the policy (the peer CLI cannot read it back on 1.x), version, sequence. */
export interface DeployRecord {
  readonly name: string;
  readonly channelId: string;
  readonly lifecycle: Lifecycle;
  readonly version: string;
  readonly sequence?: number;
  readonly policy?: string;
  readonly initRequired?: boolean;
  readonly initDone?: boolean;
  readonly packageId?: string;
}

export function readRecord(profile: Profile, channelId: string, name: string): DeployRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(channelFiles(profile, channelId).deployRecord(name), 'utf8')) as DeployRecord;
  } catch {
    return undefined;
  }
}

export function writeRecord(profile: Profile, record: DeployRecord): void {
  const file = channelFiles(profile, record.channelId).deployRecord(record.name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}
