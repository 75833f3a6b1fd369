import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import execa from 'execa';
import { FABKIT, ROOT, SHARED_BASE_PORT, SHARED_FILE } from '../helpers/devnet';

/**
 * Builds fabkit, then starts one shared devnet for the integration run with the built CLI,
 * exactly as a user would. The Fabric binaries come from the cache the install script fills.
 */
export default async function globalSetup(): Promise<void> {
  await execa('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-int-'));
  const started = Date.now();
  const up = await execa(
    process.execPath,
    [FABKIT, 'devnet', 'up', '--dir', dir, '--base-port', String(SHARED_BASE_PORT), '--json'],
    { cwd: ROOT, reject: false },
  );
  if (up.exitCode !== 0) throw new Error(`devnet up failed:\n${up.stderr}\n${up.stdout}`);
  const result = JSON.parse(up.stdout) as { totalMs: number };
  process.stderr.write(
    `\nshared devnet up in ${(result.totalMs / 1000).toFixed(1)}s (wall ${((Date.now() - started) / 1000).toFixed(1)}s): ${dir}\n`,
  );
  const { expectedInstall } = await import('../../src/runtime/fabric-install');
  fs.writeFileSync(SHARED_FILE, JSON.stringify({ dir, binDir: expectedInstall().binDir }));
}
