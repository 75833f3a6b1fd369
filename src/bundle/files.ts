/** Small file helpers of the bundle module: atomic single-file write and cert-file listing. */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { FabkitError } from '../errors';
import { syncDir } from '../msp/write';

export function errnoOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as NodeJS.ErrnoException).code : undefined;
}

/** The file's text, or undefined when it does not exist. Other errors are thrown. */
export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Writes `text` to `file` atomically: a temporary file in the same folder (mode set explicitly,
 * fsynced), then rename over the target. On failure the temporary file is removed and the target
 * is left as it was.
 */
export async function writeFileAtomic(file: string, text: string, mode: number): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.tmp-${randomBytes(6).toString('hex')}`);
  try {
    await fs.mkdir(dir, { recursive: true });
    const handle = await fs.open(tmp, 'wx', mode);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
    await syncDir(dir);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    const code = errnoOf(error);
    throw new FabkitError(
      'BUNDLE_WRITE_FAILED',
      `Writing ${file} failed (${code ?? 'unexpected error'}); the file was left as it was`,
      {
        cause: error,
        hint: 'Check that the folder is writable and has free space, then retry.',
        details: { file, code },
      },
    );
  }
}
