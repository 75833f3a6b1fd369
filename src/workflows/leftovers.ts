/** What interrupted fabkit runs left in a member home (staging folders), for `fabkit doctor`. */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Profile } from '../config/resolve';
import type { LeftoverScope } from '../staging';
import { findLeftovers } from '../staging';

async function subdirs(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name));
}

/**
 * Staging folders left by interrupted runs: of the admin MSP (enroll), of imported members
 * (member import), of registered users' MSPs (register) and in each channel's folder (channel
 * create and the other channel steps). In the home itself only the admin MSP's count: the home
 * may be the user's own home directory.
 */
export async function homeLeftovers(profile: Profile): Promise<string[]> {
  const { mspDir, membersDir, artifactsDir } = profile.paths;
  const places: [string, LeftoverScope][] = [
    [path.dirname(mspDir), { target: path.basename(mspDir) }],
    [membersDir, {}],
    ...(await subdirs(path.join(profile.home, 'users'))).map((d): [string, LeftoverScope] => [d, { target: 'msp' }]),
    ...(await subdirs(artifactsDir)).map((d): [string, LeftoverScope] => [d, { channelScratch: true }]),
  ];
  return (await Promise.all(places.map(([dir, scope]) => findLeftovers(dir, scope)))).flat();
}

/** The doctor check: a warning naming each leftover folder, with how to remove them. */
export async function leftoversCheck(
  profile: Profile,
): Promise<{ id: string; status: 'pass' | 'warn'; detail: string; hint?: string }> {
  const found = await homeLeftovers(profile);
  if (found.length === 0)
    return { id: 'leftovers', status: 'pass', detail: 'no temporary folders left by interrupted runs' };
  return {
    id: 'leftovers',
    status: 'warn',
    detail: `${found.length} temporary folder(s) left by interrupted runs (they may hold a private key): ${found.join(', ')}`,
    hint: `The next fabkit enroll, member import or channel create removes its own; or remove them now: rm -r ${found.map((f) => `"${f}"`).join(' ')}`,
  };
}
