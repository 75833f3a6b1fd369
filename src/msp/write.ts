/**
 * Writes an MSP folder all-or-nothing, and reads one back.
 *
 * The new folder is built in a private sibling staging folder `<target>.tmp-<pid>-<random>`
 * (see staging.ts; files fsynced, modes set explicitly so the umask cannot loosen or tighten
 * them), then renamed into place. An existing target is replaced only with `force`, and is first
 * renamed to `<target>.bak-<timestamp>`. Any failure removes the staging folder; the target is
 * either the old folder or the new one. A staging folder of the same target that an interrupted
 * run left (killed before it could clean up) is removed first.
 *
 * SECURITY: errors name paths and error codes only, never file contents (the key).
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { FabkitError } from '../errors';
import type { MspPlanEntry } from './plan';
import { MSP_DIR_MODE } from './plan';
import { createStagingDir, makeParents, sweepLeftovers } from '../staging';
import type { MspFile } from './verify';
import { readMspSnapshot } from './verify';

export interface WriteMspOptions {
  /** Replace an existing target, keeping it as `<target>.bak-<suffix>`. */
  readonly force?: boolean;
  /** Suffix of the backup folder name; defaults to an ISO timestamp such as 2025-01-31T12-00-00-000Z. */
  readonly backupSuffix?: () => string;
}

export interface WriteMspResult {
  /** Absolute paths of the files written, in plan order. */
  readonly written: string[];
  /** Absolute path of the previous folder, when `force` replaced one. */
  readonly backup?: string;
}

function planPathError(entryPath: string, reason: string): FabkitError {
  return new FabkitError('MSP_PLAN_PATH_INVALID', `MSP plan path ${JSON.stringify(entryPath)} is invalid: ${reason}`, {
    kind: 'usage',
    hint: 'Plan paths are relative, "/"-separated and stay inside the MSP folder (e.g. "signcerts/cert.pem").',
    details: { path: entryPath },
  });
}

/** Checks what can be checked before touching the disk (collisions such as "a" and "a/b" show up while writing). */
function checkPlan(plan: readonly MspPlanEntry[]): void {
  const seen = new Set<string>();
  for (const entry of plan) {
    if (entry.path === '' || path.isAbsolute(entry.path) || entry.path.includes('\\'))
      throw planPathError(entry.path, 'it must be a relative "/"-separated path');
    if (entry.path.split('/').some((seg) => seg === '' || seg === '.' || seg === '..'))
      throw planPathError(entry.path, 'it must not contain empty, "." or ".." segments');
    if (seen.has(entry.path)) throw planPathError(entry.path, 'it appears more than once');
    if (!Number.isInteger(entry.mode) || entry.mode < 0 || entry.mode > 0o777)
      throw planPathError(entry.path, 'its mode must be a permission value from 0 to 0o777');
    seen.add(entry.path);
  }
}

async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    () => false,
  );
}

async function makeDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { mode: MSP_DIR_MODE }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  await fs.chmod(dir, MSP_DIR_MODE);
}

/** fsync of a directory makes renames and new entries durable; not supported everywhere, so best effort. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r').catch(() => undefined);
  if (handle === undefined) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}

async function writeEntry(root: string, entry: MspPlanEntry, dirs: Set<string>): Promise<string> {
  const segments = entry.path.split('/');
  let dir = root;
  for (const segment of segments.slice(0, -1)) {
    dir = path.join(dir, segment);
    if (!dirs.has(dir)) await makeDir(dir);
    dirs.add(dir);
  }
  const file = path.join(root, ...segments);
  const handle = await fs.open(file, 'wx', entry.mode);
  try {
    await handle.writeFile(entry.contents, 'utf8');
    await handle.chmod(entry.mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return entry.path;
}

async function build(tmp: string, plan: readonly MspPlanEntry[]): Promise<string[]> {
  const dirs = new Set<string>();
  const written: string[] = [];
  for (const entry of plan) written.push(await writeEntry(tmp, entry, dirs));
  for (const dir of dirs) await syncDir(dir);
  await syncDir(tmp);
  return written;
}

/** Renames `tmp` to `target`, moving an existing target to `backup` first and back if the swap fails. */
async function swapIn(tmp: string, target: string, backup: string | undefined): Promise<void> {
  if (backup !== undefined) await fs.rename(target, backup);
  try {
    await fs.rename(tmp, target);
  } catch (error) {
    if (backup === undefined) throw error;
    try {
      await fs.rename(backup, target);
    } catch (restoreError) {
      throw new FabkitError(
        'MSP_RESTORE_FAILED',
        `Replacing MSP folder ${target} failed and the previous folder could not be moved back from ${backup}`,
        {
          kind: 'failure',
          cause: restoreError,
          hint: `Move it back by hand: mv "${backup}" "${target}"`,
          details: { target, backup },
        },
      );
    }
    throw error;
  }
}

function writeFailed(target: string, error: unknown): FabkitError {
  if (error instanceof FabkitError) return error;
  const e = error as NodeJS.ErrnoException;
  const what = [e.code, e.syscall].filter((x) => x !== undefined).join(' ') || 'an unexpected error';
  return new FabkitError(
    'MSP_WRITE_FAILED',
    `Writing MSP folder ${target} failed (${what}); the folder was left as it was`,
    {
      kind: 'failure',
      cause: error,
      hint: 'Check that the parent folder is writable and has free space, then retry.',
      details: { target, code: e.code, path: e.path },
    },
  );
}

function defaultSuffix(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

async function backupPathFor(target: string, options: WriteMspOptions): Promise<string | undefined> {
  if (!(await exists(target))) return undefined;
  if (options.force !== true) {
    throw new FabkitError('MSP_EXISTS', `MSP folder ${target} already exists: it is not replaced without force`, {
      kind: 'failure',
      hint: 'Pass --force to replace it (the current folder is kept as <folder>.bak-<timestamp>), or choose another folder.',
      details: { target },
    });
  }
  const backup = `${target}.bak-${(options.backupSuffix ?? defaultSuffix)()}`;
  if (await exists(backup)) {
    throw new FabkitError('MSP_BACKUP_EXISTS', `Backup folder ${backup} already exists: it is never overwritten`, {
      kind: 'failure',
      hint: 'Move that backup away, or retry a moment later for a new timestamp.',
      details: { target, backup },
    });
  }
  return backup;
}

/** Writes `plan` as the MSP folder `targetDir`, atomically. See the module comment. */
export async function writeMspAtomic(
  targetDir: string,
  plan: readonly MspPlanEntry[],
  options: WriteMspOptions = {},
): Promise<WriteMspResult> {
  checkPlan(plan);
  const target = path.resolve(targetDir);
  const backup = await backupPathFor(target, options);
  await sweepLeftovers(path.dirname(target), { target: path.basename(target) });
  let tmp: string;
  try {
    await makeParents(path.dirname(target), MSP_DIR_MODE);
    tmp = await createStagingDir(target);
  } catch (error) {
    throw writeFailed(target, error); // tmp is not ours to remove if it already existed
  }
  try {
    const written = await build(tmp, plan);
    await fs.chmod(tmp, MSP_DIR_MODE);
    await swapIn(tmp, target, backup);
    await syncDir(path.dirname(target));
    const files = written.map((p) => path.join(target, ...p.split('/')));
    return backup === undefined ? { written: files } : { written: files, backup };
  } catch (error) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw writeFailed(target, error);
  }
}

// ---------------------------------------------------------------------------------------------

export interface MspMaterial {
  readonly certPem: string;
  readonly keyPem: string;
  /** File texts of cacerts/, sorted by file name (a file may be a bundle). */
  readonly caCertsPem: string[];
  readonly tlsCaCertsPem: string[];
  readonly adminCertsPem: string[];
}

function onlyText(files: readonly MspFile[] | undefined, folder: string, code: string, dir: string): string {
  const [file] = files ?? [];
  if (files?.length !== 1 || file === undefined) {
    throw new FabkitError(
      code,
      `${folder}/ of MSP folder ${dir} must hold exactly one file, found ${files?.length ?? 0}`,
      {
        kind: 'failure',
        hint: `Keep exactly one file in ${folder}/: the identity's own ${folder === 'keystore' ? 'private key' : 'certificate'}.`,
        details: { dir, folder },
      },
    );
  }
  return file.text;
}

/** Reads the PEM material of an MSP folder (no validation beyond the folder shape). */
export async function readMsp(dir: string): Promise<MspMaterial> {
  const snap = await readMspSnapshot(dir);
  if (!snap.exists) {
    throw new FabkitError('MSP_DIR_MISSING', `MSP folder ${dir} does not exist or is not a directory`, {
      kind: 'failure',
      hint: 'Pass the folder that holds signcerts/, keystore/ and cacerts/.',
      details: { dir },
    });
  }
  const texts = (files: readonly MspFile[] | undefined): string[] => (files ?? []).map((f) => f.text);
  const caCertsPem = texts(snap.folders.cacerts);
  if (caCertsPem.length === 0) {
    throw new FabkitError('MSP_CACERTS_MISSING', `cacerts/ of MSP folder ${dir} holds no file`, {
      kind: 'failure',
      hint: "Copy the member CA's root certificate into cacerts/.",
      details: { dir },
    });
  }
  return {
    certPem: onlyText(snap.folders.signcerts, 'signcerts', 'MSP_SIGNCERT_MISSING', dir),
    keyPem: onlyText(snap.folders.keystore, 'keystore', 'MSP_KEY_MISSING', dir),
    caCertsPem,
    tlsCaCertsPem: texts(snap.folders.tlscacerts),
    adminCertsPem: texts(snap.folders.admincerts),
  };
}
