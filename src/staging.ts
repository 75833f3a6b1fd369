/**
 * Staging folders: where fabkit builds a folder (an MSP, an imported member, channel scratch
 * files) before renaming it into place. They are private (0700: an MSP's holds its private key)
 * and named `<target>.tmp-<pid>-<12 hex>`, so a later run can tell what an interrupted run left
 * from anything else, and from a run still in progress, and remove it (`sweepLeftovers`).
 *
 * Nothing is ever removed that does not match those names exactly, is not a real folder (a
 * symbolic link is left alone), or whose creating process is still running on this machine.
 * `assertCanStage` proves, before an expensive or irreversible step, that the staging will work.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { usageError } from './errors';

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

/** Whether `p` is a folder (following links); a file there is an ENOTDIR error naming it. */
async function isDir(p: string): Promise<boolean> {
  const stat = await fsp.stat(p).catch(() => undefined);
  if (stat === undefined) return false;
  if (stat.isDirectory()) return true;
  throw Object.assign(new Error(`ENOTDIR: not a directory, '${p}'`), { code: 'ENOTDIR', syscall: 'mkdir', path: p });
}

/**
 * `mkdir -p`, one level at a time: Node's recursive mkdir loops forever where a folder cannot be
 * created although its parent exists (e.g. under /proc), instead of failing.
 */
export async function makeParents(dir: string, mode: number): Promise<void> {
  const missing: string[] = [];
  for (let at = path.resolve(dir); !(await isDir(at)); at = path.dirname(at)) {
    missing.push(at);
    if (path.dirname(at) === at) break;
  }
  for (const d of missing.reverse()) {
    await fsp.mkdir(d, { mode }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}

/** What a failed write says about a folder, by errno. */
function whyNotWritable(code: string | undefined): string {
  switch (code) {
    case 'EROFS':
      return 'is on a read-only file system';
    case 'ENOSPC':
      return 'is on a full disk (no space left)';
    case 'EDQUOT':
      return 'is over its disk quota';
    case 'ENOTDIR':
      return 'is a file, where a folder must be';
    case 'EACCES':
    case 'EPERM':
      return 'is not writable (permission denied)';
    case 'ENOENT':
      return 'cannot be created there';
    default:
      return `cannot be written (${code ?? 'unexpected error'})`;
  }
}

/** Enough bytes that a full disk shows up (an MSP folder is a few kilobytes). */
const PROBE_BYTES = 64 * 1024;

/**
 * Proves that a folder `target` can be staged and written: creates its parent if needed, then a
 * staging folder with a fsynced probe file in it, and removes the staging folder again. Throws a
 * usage error HOME_NOT_WRITABLE naming the folder (`what` says what was to be written there, `hint` what to do).
 */
export async function assertCanStage(target: string, what: string, hint: string): Promise<void> {
  const parent = path.dirname(path.resolve(target));
  let dir: string | undefined;
  try {
    await makeParents(parent, STAGING_DIR_MODE);
    dir = await createStagingDir(path.resolve(target));
    const handle = await fsp.open(path.join(dir, 'probe'), 'wx', 0o600);
    try {
      await handle.writeFile(Buffer.alloc(PROBE_BYTES));
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const where = e.code === 'ENOTDIR' && e.path !== undefined ? e.path : parent;
    throw usageError('HOME_NOT_WRITABLE', `Cannot write ${what}: ${where} ${whyNotWritable(e.code)}`, hint, {
      path: where,
      code: e.code,
    });
  } finally {
    if (dir !== undefined) await fsp.rm(dir, { recursive: true, force: true });
  }
}
