/**
 * Staging folders: where fabkit builds a folder (an MSP, an imported member, channel scratch
 * files) before renaming it into place. They are private (0700: an MSP's holds its private key)
 * and named `<target>.tmp-<pid>-<12 hex>`, so a later run can tell what an interrupted run left
 * from anything else, and from a run still in progress, and remove it (`sweepLeftovers`).
 *
 * Nothing is ever removed that does not match those names exactly, is not a real folder (a
 * symbolic link is left alone), or whose creating process is still running on this machine.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

/** Staging folders are readable by their owner only, whatever the umask. */
export const STAGING_DIR_MODE = 0o700;

/**
 * `<target>.tmp-<pid>-<12 hex>`. Earlier fabkit versions wrote `<target>.tmp-<12 hex>` (no pid);
 * those are swept as well: their run is over.
 */
const STAGING_NAME = /^(.+)\.tmp-(?:(\d{1,10})-)?([0-9a-f]{12})$/;

/** Channel scratch folders of earlier fabkit versions (`mkdtemp` of `.genesis-`, `.config-`, `.update-`). */
const OLD_CHANNEL_SCRATCH = /^\.(?:genesis|config|update)-[A-Za-z0-9]{6}$/;

export interface StagingName {
  /** The base name of the folder it was building, e.g. `admin-msp`. */
  readonly target: string;
  /** The process that made it; undefined for names written by earlier versions. */
  readonly pid: number | undefined;
}

/** Pure: whether `name` is a staging folder's name, and of what. */
export function parseStagingName(name: string): StagingName | undefined {
  const match = STAGING_NAME.exec(name);
  if (match === null || match[1] === undefined) return undefined;
  return { target: match[1], pid: match[2] === undefined ? undefined : Number(match[2]) };
}

function stagingPathFor(target: string): string {
  return `${target}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** Creates a fresh staging folder beside `target` (its parent must exist); fails if the name is taken. */
export async function createStagingDir(target: string): Promise<string> {
  const dir = stagingPathFor(target);
  await fsp.mkdir(dir, { mode: STAGING_DIR_MODE });
  await fsp.chmod(dir, STAGING_DIR_MODE);
  return dir;
}

/** `createStagingDir`, synchronously (the channel workflows' scratch folders). */
export function createStagingDirSync(target: string): string {
  const dir = stagingPathFor(target);
  fs.mkdirSync(dir, { mode: STAGING_DIR_MODE });
  fs.chmodSync(dir, STAGING_DIR_MODE);
  return dir;
}

/** Whether the run that made a staging folder is over (no such process on this machine). */
function runIsOver(pid: number | undefined): boolean {
  if (pid === undefined) return true;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface LeftoverScope {
  /** Only staging folders of this target (a base name); give it in folders fabkit shares with the user, such as the home. */
  readonly target?: string;
  /** Also earlier versions' channel scratch folders; only for a channel's own folder. */
  readonly channelScratch?: boolean;
}

function isLeftover(name: string, scope: LeftoverScope): boolean {
  const staging = parseStagingName(name);
  if (staging === undefined) return scope.channelScratch === true && OLD_CHANNEL_SCRATCH.test(name);
  if (scope.target !== undefined && staging.target !== scope.target) return false;
  return runIsOver(staging.pid);
}

/** Absolute paths of the staging folders in `dir` that interrupted runs left; none when `dir` cannot be read. */
export async function findLeftovers(dir: string, scope: LeftoverScope = {}): Promise<string[]> {
  const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && isLeftover(e.name, scope)).map((e) => path.join(dir, e.name));
}

/** Removes what `findLeftovers` finds, best effort (a folder that cannot be removed stays); resolves the paths removed. */
export async function sweepLeftovers(dir: string, scope: LeftoverScope = {}): Promise<string[]> {
  const removed: string[] = [];
  for (const leftover of await findLeftovers(dir, scope)) {
    const gone = await fsp.rm(leftover, { recursive: true, force: true }).then(
      () => true,
      () => false,
    );
    if (gone) removed.push(leftover);
  }
  return removed;
}
