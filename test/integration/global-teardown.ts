import * as fs from 'node:fs';
import execa from 'execa';
import { FABKIT, ROOT, SHARED_FILE } from '../helpers/devnet';

export default async function globalTeardown(): Promise<void> {
  if (!fs.existsSync(SHARED_FILE)) return;
  const { dir } = JSON.parse(fs.readFileSync(SHARED_FILE, 'utf8')) as { dir: string };
  if (process.env.FABKIT_KEEP_DEVNET) {
    process.stderr.write(`\nkeeping the devnet in ${dir} (FABKIT_KEEP_DEVNET)\n`);
    return;
  }
  await execa(process.execPath, [FABKIT, 'devnet', 'down', '--dir', dir, '--purge'], { cwd: ROOT, stdio: 'inherit' });
  fs.rmSync(SHARED_FILE, { force: true });
}
