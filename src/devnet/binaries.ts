/** Finds the devnet's Fabric binaries in the cache, building them (scripts/install-fabric.sh) when missing. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import execa from 'execa';
import { FabkitError } from '../errors';
import { packageRoot } from '../package-root';
import { expectedInstall, FABRIC_TOOLS } from '../runtime/fabric-install';
import type { FabricInstall } from '../runtime/fabric-install';

function complete(install: FabricInstall): boolean {
  return (
    FABRIC_TOOLS.every((tool) => fs.existsSync(path.join(install.binDir, tool))) &&
    fs.existsSync(path.join(install.configDir, 'core.yaml')) &&
    fs.existsSync(path.join(install.configDir, 'orderer.yaml'))
  );
}

/**
 * Finds the devnet's Fabric binaries in the cache, building them with scripts/install-fabric.sh
 * (go install at pinned versions) when they are missing. Build progress goes to `onLine`.
 */
export async function ensureFabricInstall(onLine?: (line: string) => void): Promise<FabricInstall> {
  const install = expectedInstall();
  if (complete(install)) return install;
  const script = path.join(packageRoot(), 'scripts', 'install-fabric.sh');
  onLine?.('Fabric binaries not found in the cache; building them from source (a cold build takes a few minutes)');
  const child = execa('bash', [script], { reject: false, all: false });
  child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) onLine?.(line);
  });
  const result = await child;
  if (result.exitCode !== 0 || !complete(install)) {
    const goMissing = result.exitCode === 3;
    throw new FabkitError(
      goMissing ? 'GO_MISSING' : 'FABRIC_BUILD_FAILED',
      goMissing
        ? "Go (and gcc) are needed to build the devnet's Fabric binaries from source"
        : `Building the Fabric binaries failed (exit ${result.exitCode})`,
      {
        hint: goMissing
          ? 'Install Go 1.22+ and gcc (apt-get install -y golang gcc libc6-dev), then run again.'
          : `Run bash ${script} to see the full build output.`,
        details: { stderrTail: result.stderr.split('\n').slice(-10).join('\n') },
      },
    );
  }
  return install;
}
