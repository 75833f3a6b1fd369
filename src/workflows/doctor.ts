/** `fabkit doctor`: checks a home end to end (profile, CA, TLS, orderer, peers, tools, MSP, leftovers). */
import * as fs from 'node:fs';
import * as tls from 'node:tls';
import { getCaInfo, splitHostPort } from '../ca/cainfo';
import type { Profile } from '../config/resolve';
import { FabkitError } from '../errors';
import { splitPemBundle } from '../msp/cert';
import { verifyMsp } from '../msp/verify';
import type { Executor } from '../runtime/command-spec';
import { probeAdmin } from './admin-recognized';
import { containerChecks } from './container-reach';
import { leftoversCheck } from './leftovers';
import { describeNetworkKind, detectNetworkKind } from './channel/participation';

export interface DoctorCheck {
  readonly id: string;
  readonly status: 'pass' | 'fail' | 'warn' | 'skip';
  readonly detail: string;
  readonly hint?: string;
}

export interface DoctorReport {
  readonly ok: boolean;
  readonly checks: DoctorCheck[];
}

/** A TLS handshake verified with the chain (no gRPC call): proves reachability and trust. */
export function tlsHandshake(endpoint: string, caPem: string, timeoutMs = 5000): Promise<string> {
  const [host, port] = splitHostPort(endpoint);
  return new Promise((resolve, reject) => {
    const socket = tls.connect(
      {
        host,
        port,
        ca: caPem,
        servername: /^[\d.]+$/.test(host) ? undefined : host,
        ALPNProtocols: ['h2'],
        timeout: timeoutMs,
      },
      () => {
        const cn = socket.getPeerCertificate().subject?.CN ?? '';
        const subject = Array.isArray(cn) ? cn.join(',') : cn;
        socket.end();
        resolve(subject);
      },
    );
    socket.on('timeout', () => socket.destroy(new Error(`timed out after ${timeoutMs}ms`)));
    socket.on('error', reject);
  });
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const hintOf = (e: unknown): string | undefined => (e instanceof FabkitError ? e.hint : undefined);

/** The local runtime: the peer binary answers with its version. */
async function localRuntimeCheck(executor: Executor | undefined): Promise<DoctorCheck> {
  const version = await executor?.version('peer');
  return version
    ? { id: 'runtime', status: 'pass', detail: `local Fabric binaries: peer ${version}` }
    : {
        id: 'runtime',
        status: 'fail',
        detail: 'no local peer binary found',
        hint: 'Install the Fabric binaries or set runtime.binDir in fabkit.yaml.',
      };
}

/** Tutorial step 3.2 and more: can this machine reach and trust the member's endpoints, and is the admin ready? */
/** Which kind of network this is (system channel or channel participation), and that the orderer admin is accepted. */
async function networkKindCheck(profile: Profile, executor: Executor | undefined): Promise<DoctorCheck> {
  if (executor === undefined && profile.network.ordererAdmin !== undefined)
    return { id: 'network', status: 'skip', detail: 'needs a runtime to ask the orderer (osnadmin)' };
  try {
    const found = await detectNetworkKind(
      profile,
      { executor: executor as Executor },
      { verify: profile.network.ordererAdmin !== undefined },
    );
    return { id: 'network', status: 'pass', detail: describeNetworkKind(found) };
  } catch (e) {
    return { id: 'network', status: 'fail', detail: message(e), hint: hintOf(e) };
  }
}

export async function doctor(profile: Profile, executor: Executor | undefined): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  let chain: string | undefined;
  try {
    const certs = splitPemBundle(
      fs.readFileSync(profile.tls.chainFile, 'utf8'),
      `The TLS chain ${profile.tls.chainFile}`,
    );
    chain = certs.join('');
    checks.push({
      id: 'tls-chain',
      status: 'pass',
      detail: `${profile.tls.chainFile}: ${certs.length} certificate(s)`,
    });
  } catch (e) {
    checks.push({
      id: 'tls-chain',
      status: 'fail',
      detail: message(e),
      hint: 'Run fabkit enroll (it fetches the chain) or fix tls.chainFile.',
    });
  }
  if (chain) {
    const pem = chain;
    try {
      const info = await getCaInfo(profile.member.ca.address, pem);
      checks.push({
        id: 'ca',
        status: 'pass',
        detail: `https://${profile.member.ca.address}/cainfo answers over verified TLS (CA ${info.caName})`,
      });
    } catch (e) {
      checks.push({ id: 'ca', status: 'fail', detail: message(e), hint: 'Check member.caEndpoint and the TLS chain.' });
    }
    const endpoints = [
      ['orderer', profile.network.orderer.address],
      ...profile.peers.map((p) => [`peer ${p.id ?? p.endpoint.address}`, p.endpoint.address]),
    ] as const;
    for (const [name, address] of endpoints) {
      try {
        await tlsHandshake(address, pem);
        checks.push({ id: `tls ${name}`, status: 'pass', detail: `${address}: TLS handshake verified with the chain` });
      } catch (e) {
        checks.push({
          id: `tls ${name}`,
          status: 'fail',
          detail: `${address}: ${message(e)}`,
          hint: 'Check the endpoint, network access and the TLS chain.',
        });
      }
    }
  }
  if (profile.runtime.kind === 'docker') checks.push(...(await containerChecks(profile, executor)));
  else checks.push(await localRuntimeCheck(executor));
  checks.push(await leftoversCheck(profile));
  checks.push(await networkKindCheck(profile, executor));
  const msp = fs.existsSync(profile.paths.mspDir) ? await verifyMsp(profile.paths.mspDir) : undefined;
  if (!msp) {
    checks.push({
      id: 'admin-msp',
      status: 'fail',
      detail: `${profile.paths.mspDir} does not exist`,
      hint: 'Run fabkit enroll.',
    });
  } else {
    const bad = msp.checks.filter((c) => !c.ok);
    checks.push(
      msp.ok
        ? {
            id: 'admin-msp',
            status: bad.length ? 'warn' : 'pass',
            detail: bad.length
              ? bad.map((c) => c.message).join('; ')
              : `${profile.paths.mspDir} valid (${msp.identity?.subject ?? ''})`,
          }
        : {
            id: 'admin-msp',
            status: 'fail',
            detail: bad
              .filter((c) => c.severity === 'error')
              .map((c) => `${c.code}: ${c.message}`)
              .join('; '),
            hint: 'Run fabkit msp verify for details; fabkit enroll --force re-enrolls.',
          },
    );
  }
  if (msp?.ok && executor) {
    const rounds = await probeAdmin({
      executor,
      identity: {
        mspId: profile.member.mspId,
        mspDir: profile.toolPath(profile.paths.mspDir),
        tlsChainFile: profile.toolPath(profile.tls.chainFile),
      },
      peers: profile.peers.map((p) => p.endpoint.address),
      fabric: profile.network.fabricVersion,
    }).catch((e: unknown) =>
      // The runtime itself failed (no container, no engine): one line per peer, with the runtime's own words.
      profile.peers.map((p) => ({ peer: p.endpoint.address, outcome: 'error' as const, detail: message(e) })),
    );
    const bad = rounds.filter((r) => r.outcome !== 'recognized');
    checks.push(
      bad.length === 0
        ? {
            id: 'admin-recognized',
            status: 'pass',
            detail: `${rounds.length} peer(s) accept ${profile.member.adminUser} as admin`,
          }
        : {
            id: 'admin-recognized',
            status: 'fail',
            detail: bad
              .map((r) => `${r.peer}: ${r.outcome === 'not-admin' ? 'not an admin (yet)' : r.detail}`)
              .join('; '),
            hint: 'Right after the first enroll, AMB needs a few minutes; fabkit enroll waits for it.',
          },
    );
  } else {
    checks.push({ id: 'admin-recognized', status: 'skip', detail: 'needs a valid admin MSP and a runtime' });
  }
  return { ok: checks.every((c) => c.status !== 'fail'), checks };
}
