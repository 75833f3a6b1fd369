import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import execa from 'execa';
import { startEngine } from '../helpers/docker-engine';
import { FABKIT, ROOT, SHARED_ADDRESS_FLAGS, SHARED_FILE, sharedUsesHosts } from '../helpers/devnet';

/**
 * The real Docker engine (scripts/docker-engine.sh up: DOCKER_HOST, /var/run/docker.sock, or a
 * private dockerd it starts) and the fabric-tools image on it, built with `fabkit cli image build`
 * from the Fabric binaries (nothing to do when they did not change). Returns the DOCKER_HOST.
 */
async function engineWithImage(): Promise<string> {
  const started = Date.now();
  const dockerHost = await startEngine();
  const build = await execa(process.execPath, [FABKIT, 'cli', 'image', 'build', '--json'], {
    cwd: ROOT,
    reject: false,
    env: { DOCKER_HOST: dockerHost },
  });
  if (build.exitCode !== 0) throw new Error(`fabkit cli image build failed:\n${build.stderr}\n${build.stdout}`);
  const image = JSON.parse(build.stdout) as { image: string; outcome: string; sizeBytes: number; buildMs: number };
  process.stderr.write(
    `Docker engine ${dockerHost}; ${image.image} ${image.outcome} (${(image.sizeBytes / 1e6).toFixed(1)} MB, ${image.buildMs} ms; wall ${((Date.now() - started) / 1000).toFixed(1)}s)\n`,
  );
  return dockerHost;
}

/**
 * Builds fabkit, then starts one shared devnet for the integration run with the built CLI,
 * exactly as a user would, and makes sure a real Docker engine with the fabric-tools image is
 * there for the docker runtime's tests. The Fabric binaries come from the cache the install script fills.
 */
export default async function globalSetup(): Promise<void> {
  await execa('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const dockerHost = await engineWithImage();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-int-'));
  const started = Date.now();
  // AMB-shaped: one loopback address per resource on AMB's role ports, and (where the hosts file
  // is writable) AMB-shaped names that resolve, which network.json then gives every client.
  const hosts = sharedUsesHosts() ? ['--hosts'] : [];
  const up = await execa(
    process.execPath,
    [FABKIT, 'devnet', 'up', '--dir', dir, ...SHARED_ADDRESS_FLAGS, ...hosts, '--json'],
    { cwd: ROOT, reject: false },
  );
  if (up.exitCode !== 0) throw new Error(`devnet up failed:\n${up.stderr}\n${up.stdout}`);
  const result = JSON.parse(up.stdout) as { totalMs: number; endpoints: { orderer: string } };
  process.stderr.write(
    `\nshared devnet up in ${(result.totalMs / 1000).toFixed(1)}s (wall ${((Date.now() - started) / 1000).toFixed(1)}s): ${dir}, orderer ${result.endpoints.orderer}\n`,
  );
  const { expectedInstall } = await import('../../src/runtime/fabric-install');
  fs.writeFileSync(SHARED_FILE, JSON.stringify({ dir, binDir: expectedInstall().binDir, dockerHost }));
}
