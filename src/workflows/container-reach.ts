/**
 * doctor's checks of the docker runtime: the engine, the cli container (running, created as
 * fabkit creates it), and, from inside the container, a TLS handshake verified with the chain to
 * the orderer and to each peer. The host reaching an endpoint proves nothing about the container:
 * on another network mode (or Docker Desktop's VM) 127.0.0.1 is the container itself.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import forge from 'node-forge';
import type { Profile } from '../config/resolve';
import { FabkitError } from '../errors';
import { interpretTlsProbe, tlsProbeSpec } from '../fabric-cli/tls-probe';
import type { CliStatus } from '../runtime/cli-container-lifecycle';
import type { Executor } from '../runtime/command-spec';
import type { DockerExecutor } from '../runtime/docker-executor';
import { dockerExecutorOf } from './executor-of';

/** One doctor check (the shape of doctor's DoctorCheck). */
export interface ReachCheck {
  readonly id: string;
  readonly status: 'pass' | 'fail' | 'warn' | 'skip';
  readonly detail: string;
  readonly hint?: string;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const hintOf = (e: unknown): string | undefined => (e instanceof FabkitError ? e.hint : undefined);

const HOST_NETWORK_HINT =
  "fabkit creates the container on the host's network, where it reaches what this machine reaches; `fabkit cli up` recreates a container created otherwise. Docker Desktop (macOS, Windows) has no real host network: use the local runtime (runtime.kind: local) there.";

/**
 * A self-signed client certificate and key that stand for nobody: osnadmin will not start
 * without a client pair, and Fabric's servers do not check one they do not require.
 */
function throwawayClientPair(): { certPem: string; keyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 3_600_000);
  const subject = [{ name: 'commonName', value: 'fabkit doctor TLS probe' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}

function runtimeCheckOf(docker: DockerExecutor, status: CliStatus): ReachCheck {
  const what = `container ${status.containerName} from ${status.image} (network ${status.networkMode ?? '?'}, user ${status.user || 'root'}) on ${docker.address}`;
  if (!status.exists)
    return {
      id: 'runtime',
      status: 'fail',
      detail: `Docker engine ${docker.address} reachable; container ${status.containerName} does not exist`,
      hint: 'Run `fabkit cli up` to create and start it.',
    };
  if (!status.running)
    return {
      id: 'runtime',
      status: 'fail',
      detail: `${what}: ${status.state ?? 'not running'}`,
      hint: 'Run `fabkit cli up` to start it.',
    };
  if (status.stale.length > 0)
    return {
      id: 'runtime',
      status: 'warn',
      detail: `${what} runs, but was created otherwise: ${status.stale.join('; ')}`,
      hint: '`fabkit cli up` recreates it as fabkit creates it.',
    };
  return { id: 'runtime', status: 'pass', detail: `${what} running` };
}

/** The TLS handshakes from inside the container, one check per endpoint (or one check saying why none ran). */
async function handshakes(profile: Profile, executor: Executor, status: CliStatus): Promise<ReachCheck[]> {
  const endpoints: (readonly [string, string])[] = [
    ['orderer', profile.network.orderer.address],
    ...profile.peers.map((p) => [`peer ${p.id ?? p.endpoint.address}`, p.endpoint.address] as const),
  ];
  const scratch = fs.mkdtempSync(path.join(profile.home, '.tls-probe-'));
  try {
    const pair = throwawayClientPair();
    fs.writeFileSync(path.join(scratch, 'cert.pem'), pair.certPem);
    fs.writeFileSync(path.join(scratch, 'key.pem'), pair.keyPem, { mode: 0o600 });
    const files = {
      caFile: profile.toolPath(profile.tls.chainFile),
      clientCert: profile.toolPath(path.join(scratch, 'cert.pem')),
      clientKey: profile.toolPath(path.join(scratch, 'key.pem')),
    };
    const inside = `from inside container ${status.containerName} (network ${status.networkMode ?? '?'})`;
    const checks: ReachCheck[] = [];
    for (const [name, address] of endpoints) {
      const r = await executor.run(tlsProbeSpec(address, files), { timeoutMs: 15_000 });
      const { outcome, detail } = interpretTlsProbe(r.exitCode, r.stdout, r.stderr);
      const id = `container-tls ${name}`;
      if (outcome === 'no-tool')
        return [
          {
            id: 'container-tls',
            status: 'warn',
            detail: `${status.image} has no osnadmin (fabric-tools before 2.3), so the TLS handshakes from inside the container are not checked; admin-recognized below still runs there`,
          },
        ];
      if (outcome === 'verified')
        checks.push({ id, status: 'pass', detail: `${address}: TLS handshake verified with the chain, ${inside}` });
      else if (outcome === 'unreachable')
        checks.push({
          id,
          status: 'fail',
          detail: `${address}: not reachable ${inside}: ${detail}`,
          hint: HOST_NETWORK_HINT,
        });
      else if (outcome === 'untrusted')
        checks.push({
          id,
          status: 'fail',
          detail: `${address}: the TLS chain does not verify its certificate, ${inside}: ${detail}`,
          hint: 'Check tls.chainFile in fabkit.yaml and the endpoint.',
        });
      else checks.push({ id, status: 'fail', detail: `${address}: the TLS probe failed ${inside}: ${detail}` });
    }
    return checks;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The docker runtime's checks for doctor: `runtime`, then `container-tls <endpoint>` for the orderer and each peer. */
export async function containerChecks(profile: Profile, executor: Executor | undefined): Promise<ReachCheck[]> {
  const docker = dockerExecutorOf(profile);
  let status: CliStatus;
  try {
    status = await docker.status();
  } catch (e) {
    return [{ id: 'runtime', status: 'fail', detail: `Docker engine not reachable: ${message(e)}`, hint: hintOf(e) }];
  }
  const runtime = runtimeCheckOf(docker, status);
  if (!status.running) return [runtime];
  if (!fs.existsSync(profile.tls.chainFile))
    return [runtime, { id: 'container-tls', status: 'skip', detail: 'needs the TLS chain file (see tls-chain)' }];
  try {
    return [runtime, ...(await handshakes(profile, executor ?? docker, status))];
  } catch (e) {
    return [runtime, { id: 'container-tls', status: 'fail', detail: message(e), hint: hintOf(e) }];
  }
}
