/**
 * The devnet's emulation of AMB's admin propagation: a watcher that makes each newly enrolled
 * bootstrap admin cert an admin on the orderer (consortium) and the peer. The first cert goes into
 * the peer's admincerts/ with one peer restart (a 2.5 peer reads its local MSP only at start);
 * after it, the bootstrap admin is re-typed "admin" at its CA, so every later cert carries OU=admin
 * and the peer (NodeOU classification, peer-msp.ts) recognizes it with no restart and no list.
 */
import { createHash, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Executor } from '../runtime/command-spec';
import { expectedInstall } from '../runtime/fabric-install';
import type { FabricInstall } from '../runtime/fabric-install';
import type { MemberLayout } from './layout';
import { loadDevnet } from './load';
import type { LoadedDevnet } from './load';
import { peerProcess } from './nodes';
import { startProcess, stopRecorded } from './processes';
import { waitReady } from './readiness';
import { readState, replaceProcess, writeJsonAtomic, writeState } from './state';
import { ADMIN_OU, organizationalUnits, peerClassifiesByOu } from './peer-msp';
import { addConsortiumAdmin, ADMINS_KEPT_PER_SUBJECT } from './system-channel';
import { toolsOf } from './tools';
import { WATCHER_READY_LINE } from './watcher-process';

/** admins.json: which admin certs the devnet has made admins, and how long that took. */
export interface PropagatedAdmin {
  readonly memberId: string;
  readonly fingerprint: string;
  readonly subject: string;
  readonly notBefore: string;
  readonly detectedAt: string;
  readonly propagatedAt: string;
  readonly ms: number;
  /** How the peer knows it: its OU (no restart) or admincerts/ (one restart). Absent in older records. */
  readonly peer?: 'ou' | 'admincerts';
}

export function certFingerprint(pem: string): string {
  return createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
}

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

/** Runs the Go fabric-ca-client as the member's registrar against its CA; throws with the CA's last line when it fails. */
async function asRegistrar(
  tools: Executor,
  dn: LoadedDevnet,
  member: MemberLayout,
  memberId: string,
  args: readonly string[],
  what: string,
): Promise<void> {
  const r = await tools.run(
    {
      tool: 'fabric-ca-client',
      args: [
        ...args,
        '--caname',
        memberId,
        '-u',
        `https://${member.caHost}:${member.caPort}`,
        '--tls.certfiles',
        dn.layout.tlsChainFile,
      ],
      env: { FABRIC_CA_CLIENT_HOME: member.registrarHome },
    },
    { timeoutMs: 15_000 },
  );
  if (r.exitCode !== 0) throw new Error(`${what} failed: ${r.stderr.trim().split('\n').pop() ?? ''}`);
}

/** All certificates the member's CA has issued to its bootstrap admin, newest last. */
export async function listAdminCerts(
  tools: Executor,
  dn: LoadedDevnet,
  member: MemberLayout,
  memberId: string,
  adminUser: string,
): Promise<string[]> {
  const store = fs.mkdtempSync(path.join(dn.layout.privateDir, 'certlist-'));
  try {
    await asRegistrar(
      tools,
      dn,
      member,
      memberId,
      ['certificate', 'list', '--id', adminUser, '--store', store],
      'certificate list',
    );
    return fs
      .readdirSync(store)
      .filter((f) => f.endsWith('.pem'))
      .map((f) => fs.readFileSync(path.join(store, f), 'utf8'))
      .filter((pem) => new X509Certificate(pem).validTo && Date.parse(new X509Certificate(pem).validTo) > Date.now())
      .sort((a, b) => Date.parse(new X509Certificate(a).validFrom) - Date.parse(new X509Certificate(b).validFrom));
  } finally {
    fs.rmSync(store, { recursive: true, force: true });
  }
}

/** Pure: of the admincerts files of one user (`<user>-<fingerprint>.pem`, oldest first), those to drop to keep `keep`. */
export function admincertsToDrop(files: readonly string[], adminUser: string, keep: number): string[] {
  const own = files.filter((f) => f.startsWith(`${adminUser}-`) && f.endsWith('.pem'));
  return own.slice(0, Math.max(own.length - keep, 0));
}

/** Writes the cert into admincerts/, dropping that user's oldest files beyond ADMINS_KEPT_PER_SUBJECT. */
function writeAdmincert(dir: string, adminUser: string, name: string, pem: string): void {
  const admincerts = path.join(dir, 'admincerts');
  fs.writeFileSync(path.join(admincerts, name), pem);
  const byAge = fs
    .readdirSync(admincerts)
    .map((f) => ({ f, at: fs.statSync(path.join(admincerts, f)).mtimeMs }))
    .sort((a, b) => a.at - b.at)
    .map((e) => e.f);
  for (const f of admincertsToDrop(byAge, adminUser, ADMINS_KEPT_PER_SUBJECT))
    fs.rmSync(path.join(admincerts, f), { force: true });
}

/** Adds the cert to the peer's local MSP admincerts and restarts the peer (it reads its MSP only at start). */
async function grantOnPeer(
  install: FabricInstall,
  dn: LoadedDevnet,
  index: number,
  pem: string,
  fingerprint: string,
): Promise<void> {
  const member = dn.layout.members[index];
  const secrets = dn.secrets.members[index];
  if (!member || !secrets) return;
  const name = `${secrets.adminUser}-${fingerprint.slice(0, 16)}.pem`;
  for (const dir of [member.peerMspDir, member.orgMspDir]) writeAdmincert(dir, secrets.adminUser, name, pem);
  const state = readState(dn.layout.stateFile) ?? dn.state;
  const old = state.processes.find((p) => p.name === `peer-${member.name}`);
  if (old) await stopRecorded(old);
  const spec = peerProcess(install, dn.layout, member, secrets.memberId, secrets.nodeId);
  const logFrom = fs.existsSync(spec.logFile) ? fs.statSync(spec.logFile).size : 0;
  const rec = startProcess(spec);
  writeState(dn.layout.stateFile, replaceProcess(readState(dn.layout.stateFile) ?? state, rec));
  await waitReady(rec, {
    health: { host: member.peerHost, port: member.peerOpsPort },
    logLine: 'Started peer with ID',
    logFrom,
    timeoutMs: 60_000,
  });
}

/**
 * Re-types the bootstrap admin "admin" at its CA (as the devnet's registrar), so that Fabric CA
 * writes OU=admin into its later certs. Registrar rights are unchanged.
 */
async function classifyAsAdmin(
  tools: Executor,
  dn: LoadedDevnet,
  member: MemberLayout,
  memberId: string,
  adminUser: string,
): Promise<void> {
  await asRegistrar(
    tools,
    dn,
    member,
    memberId,
    ['identity', 'modify', adminUser, '--type', ADMIN_OU],
    'identity modify',
  );
}

async function propagate(
  install: FabricInstall,
  tools: Executor,
  dn: LoadedDevnet,
  index: number,
  pem: string,
  detectedAt: number,
): Promise<PropagatedAdmin> {
  const member = dn.layout.members[index];
  const secrets = dn.secrets.members[index];
  if (!member || !secrets) throw new Error(`no member ${index}`);
  const fingerprint = certFingerprint(pem);
  const cert = new X509Certificate(pem);
  log(
    `${secrets.memberId}: new enrollment of ${secrets.adminUser} (${cert.subject.replace(/\n/g, ', ')}; sha256 ${fingerprint.slice(0, 16)}…)`,
  );
  const sys = await addConsortiumAdmin(tools, dn.layout, member, secrets.memberId, pem);
  log(`${secrets.memberId}: ordering service consortium admin ${sys === 'added' ? 'added' : 'already present'}`);
  const byOu = peerClassifiesByOu(member.peerMspDir) && organizationalUnits(cert.subject).includes(ADMIN_OU);
  if (byOu) {
    log(`${secrets.memberId}: peer ${secrets.nodeId} recognizes it by its OU (${ADMIN_OU}): no restart`);
  } else {
    if (peerClassifiesByOu(member.peerMspDir)) {
      // Before the restart, so that once the peer recognizes this cert the next ones already carry
      // OU=admin. Not fatal: without the new type, later certs take this path again.
      await classifyAsAdmin(tools, dn, member, secrets.memberId, secrets.adminUser).then(
        () =>
          log(
            `${secrets.memberId}: ${secrets.adminUser} is now of type ${ADMIN_OU} at its CA: its next enrollments need no peer restart`,
          ),
        (error: unknown) =>
          log(`${secrets.memberId}: could not re-type ${secrets.adminUser}: ${(error as Error).message}`),
      );
    }
    await grantOnPeer(install, dn, index, pem, fingerprint);
    log(`${secrets.memberId}: peer ${secrets.nodeId} admincerts updated and peer restarted`);
  }
  const done = Date.now();
  log(
    `${secrets.memberId}: admin recognized ${((done - detectedAt) / 1000).toFixed(1)}s after the enrollment was seen`,
  );
  return {
    memberId: secrets.memberId,
    fingerprint,
    subject: cert.subject.replace(/\n/g, ', '),
    notBefore: cert.validFrom,
    detectedAt: new Date(detectedAt).toISOString(),
    propagatedAt: new Date(done).toISOString(),
    ms: done - detectedAt,
    peer: byOu ? 'ou' : 'admincerts',
  };
}

function readAdmins(file: string): PropagatedAdmin[] {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PropagatedAdmin[];
  } catch {
    return [];
  }
}

/**
 * The devnet's emulation of AMB's admin propagation: poll each member's CA for certificates
 * issued to the bootstrap admin; each new one becomes an admin of that member on the
 * ordering service (consortium) and on the member's peer. Runs until SIGTERM.
 */
export async function runWatcher(dir: string, intervalMs = 1000): Promise<void> {
  const dn = loadDevnet(dir);
  const install = expectedInstall();
  const tools = toolsOf(install);
  let stopping = false;
  process.once('SIGTERM', () => {
    stopping = true;
    log('admin watcher: stopping');
  });
  log(`${WATCHER_READY_LINE} ${dn.secrets.members.length} member CA(s) every ${intervalMs}ms`);
  const failures = new Map<string, number>();
  while (!stopping) {
    const round = Date.now();
    for (let i = 0; i < dn.layout.members.length; i += 1) {
      const member = dn.layout.members[i];
      const secrets = dn.secrets.members[i];
      if (!member || !secrets) continue;
      try {
        const known = new Set(readAdmins(dn.layout.adminsFile).map((a) => a.fingerprint));
        for (const pem of await listAdminCerts(tools, dn, member, secrets.memberId, secrets.adminUser)) {
          if (known.has(certFingerprint(pem))) continue;
          const record = await propagate(install, tools, dn, i, pem, Date.now());
          writeJsonAtomic(dn.layout.adminsFile, [...readAdmins(dn.layout.adminsFile), record]);
        }
        failures.delete(secrets.memberId);
      } catch (error) {
        const n = (failures.get(secrets.memberId) ?? 0) + 1;
        failures.set(secrets.memberId, n);
        const detail = (error as { details?: { stderrTail?: string } }).details?.stderrTail;
        log(
          `${secrets.memberId}: propagation attempt ${n} failed: ${error instanceof Error ? error.message : String(error)}${detail ? `\n${detail}` : ''}`,
        );
      }
    }
    const wait = Math.max(intervalMs - (Date.now() - round), 50);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
