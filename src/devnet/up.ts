/** `fabkit devnet up`: builds (first time) or restarts the local AMB-shaped network, and waits until each part is ready. */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { FabkitError } from '../errors';
import { packageRoot } from '../package-root';
import { getCaInfo } from '../ca/cainfo';
import type { CredentialsFile, NetworkFile } from '../config/network-file';
import { channelFetchSpec, channelListSpec, genesisBlockSpec } from '../fabric-cli/channel-commands';
import type { Executor } from '../runtime/command-spec';
import { FABRIC_VERSION } from '../runtime/fabric-install';
import { ensureFabricInstall } from './binaries';
import { caProcess, initCa } from './ca';
import { makeMemberCrypto, makeOrdererCrypto, makeTlsPki } from './crypto';
import { GENESIS_PROFILE, genesisConfigtx } from './genesis';
import { devnetOrdererAdmin, fabricNetworkFields, writeConnectionProfiles } from './connection-profiles';
import { makeFabricMemberCrypto, makeFabricOrdererCrypto } from './fabric-crypto';
import { osnadminListSpec, parseOsnadminOutput } from '../fabric-cli/osnadmin';
import { ambDocuments } from './amb-documents';
import { ambNames, clientEndpoints, hostPort, hostsLines } from './addresses';
import type { Listener } from './addresses';
import { addHostsBlock, assertHostsWritable, hostsFilePath, removeHostsBlock } from './hosts-file';
import { ambId, ambPassword, chosenDevnetPassword } from './ids';
import { ORDERER_MSP, planLayout, SYSTEM_CHANNEL } from './layout';
import type { DevnetLayout, DevnetOptions, MemberLayout } from './layout';
import {
  BUILDERS,
  chaincodeLogFile,
  devnetTarget,
  GENESIS_BLOCK,
  ordererProcess,
  peerProcess,
  writePeerConfig,
} from './nodes';
import { assertPortsFree } from './ports';
import { isOwnAlive, startProcess, stopRecorded } from './processes';
import type { ProcessRecord, ProcessSpec } from './processes';
import { waitReady } from './readiness';
import { readState, writeJsonAtomic, writeState } from './state';
import type { DevnetState } from './state';
import { runStep, toolsOf } from './tools';
import { watcherProcess, WATCHER_READY_LINE } from './watcher-process';

export interface Timing {
  readonly part: string;
  readonly ms: number;
}

export interface DevnetUpResult {
  readonly outcome: 'started' | 'restarted' | 'already-running';
  readonly dir: string;
  readonly networkFile: string;
  readonly timings: readonly Timing[];
  readonly totalMs: number;
  /** On a restart, the parts that were down and were started again (the rest kept running). */
  readonly restarted: readonly string[];
  /** The endpoints clients are given (network.json): AMB-shaped names with --hosts, else the addresses. */
  readonly endpoints: { readonly orderer: string; readonly cas: readonly string[]; readonly peers: readonly string[] };
  /** With --hosts: the hosts file that now holds the devnet's block. */
  readonly hostsFile?: string;
}

/** devnet-private secrets (0600): never shown to clients. */
interface Secrets {
  readonly networkId: string;
  readonly members: {
    name: string;
    memberId: string;
    nodeId: string;
    adminUser: string;
    adminPassword: string;
    registrarPassword: string;
    peerSecret: string;
  }[];
}

type Report = (line: string) => void;

export async function devnetUp(given: DevnetOptions, report: Report = () => undefined): Promise<DevnetUpResult> {
  const t0 = Date.now();
  const state = readState(planLayout(given).stateFile);
  const options = withRecordedStyle(given, state?.options);
  const layout = planLayout(options);
  const chosenPassword = checkBeforeStart(options);
  // What still runs of this devnet (its own processes: PID and start time checked), by name.
  const running = new Map((state?.processes ?? []).filter((p) => isOwnAlive(p)).map((p) => [p.name, p]));
  if (state) assertSameShape(state.options, options, layout.dir);
  if (state && partNames(layout).every((name) => running.has(name))) return alreadyRunning(layout, state, options, t0);
  await assertPortsFree(
    partNames(layout)
      .filter((name) => !running.has(name))
      .flatMap((name) => partListeners(layout, name)),
    layout.addressing,
  );
  const timings: Timing[] = [];
  const timed = async <T>(part: string, fn: () => Promise<T>): Promise<T> => {
    const s = Date.now();
    const value = await fn();
    timings.push({ part, ms: Date.now() - s });
    report(`${part}: ${((Date.now() - s) / 1000).toFixed(1)}s`);
    return value;
  };
  const install = await timed('Fabric binaries', () => ensureFabricInstall(report));
  const tools = toolsOf(install);
  const fabric = layout.style === 'fabric';
  const fresh = !fs.existsSync(path.join(layout.privateDir, 'secrets.json'));
  for (const dir of [layout.dir, layout.logsDir, layout.privateDir, layout.artifactsDir])
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secrets = fresh
    ? newSecrets(options, chosenPassword)
    : (JSON.parse(fs.readFileSync(path.join(layout.privateDir, 'secrets.json'), 'utf8')) as Secrets);
  const names = ambNames(secrets);
  const processes: ProcessRecord[] = [];
  let published: Published = { endpoints: { orderer: '', cas: [], peers: [] } };
  const started: ProcessRecord[] = [];
  const save = (): void => writeState(layout.stateFile, { options: { ...options, dir: layout.dir }, processes });
  /** Starts a part and waits until it is ready, unless it still runs (then it is kept as it is). */
  const ensure = async (spec: ProcessSpec, ready: (rec: ProcessRecord) => Promise<unknown>): Promise<void> => {
    const kept = running.get(spec.name);
    if (kept) {
      processes.push(kept);
      save();
      return;
    }
    const rec = start(spec, processes, save);
    started.push(rec);
    await ready(rec);
  };
  try {
    if (fresh) {
      await timed('TLS PKI', async () =>
        makeTlsPki(
          layout,
          names.members.map((n) => n.ca),
        ),
      );
      await timed('CA init', () =>
        Promise.all(
          layout.members.map((m, i) => {
            const s = secretsOf(secrets, i);
            const admin = { user: s.adminUser, password: s.adminPassword };
            return initCa(tools, m, s.memberId, admin, s.registrarPassword, fabric);
          }),
        ),
      );
      writeJsonAtomic(path.join(layout.privateDir, 'secrets.json'), secrets, 0o600);
    }
    await timed('CAs ready', () =>
      Promise.all(
        layout.members.map(async (m, i) =>
          ensure(caProcess(install, m, secretsOf(secrets, i).memberId, layout.logsDir), (rec) =>
            waitReady(rec, {
              health: { host: m.caHost, port: m.caOpsPort },
              probe: async () =>
                await getCaInfo(hostPort(m.caHost, m.caPort), fs.readFileSync(layout.tlsChainFile, 'utf8')).then(
                  () => true,
                  () => false,
                ),
              timeoutMs: 30_000,
            }),
          ),
        ),
      ),
    );
    if (fresh) {
      await timed('member and orderer crypto', async () => {
        if (fabric) {
          await makeFabricCrypto(tools, layout, secrets);
          installBuilders(layout);
          return;
        }
        await Promise.all(
          layout.members.map((m, i) => {
            const s = secretsOf(secrets, i);
            const peerDnsName = names.members[i]?.peer ?? s.nodeId.toLowerCase();
            return makeMemberCrypto(
              tools,
              layout,
              m,
              s.memberId,
              s.registrarPassword,
              s.nodeId,
              s.peerSecret,
              peerDnsName,
            );
          }),
        );
        await makeOrdererCrypto(tools, layout, names.orderer);
        installBuilders(layout);
        await writeGenesis(
          tools,
          layout,
          secrets.members.map((m) => m.memberId),
        );
      });
    }
    await timed('orderer ready', () =>
      ensure(ordererProcess(install, layout), (rec) =>
        waitReady(rec, {
          health: { host: layout.orderer.host, port: layout.orderer.opsPort },
          logLine: 'Beginning to serve requests',
          logFrom: rec.logFrom,
          timeoutMs: 60_000,
          probe: () => probeOrdererOf(tools, layout),
        }),
      ),
    );
    await timed('peers ready', () =>
      Promise.all(
        layout.members.map(async (m, i) => {
          const s = secretsOf(secrets, i);
          if (!running.has(`peer-${m.name}`)) writePeerConfig(install, layout, m);
          await ensure(peerProcess(install, layout, m, s.memberId, peerIdOf(layout, m, s.nodeId)), (rec) =>
            waitReady(rec, {
              health: { host: m.peerHost, port: m.peerOpsPort },
              logLine: 'Started peer with ID',
              logFrom: rec.logFrom,
              timeoutMs: 60_000,
              probe: () => probePeer(tools, layout, m, s.memberId),
            }),
          );
        }),
      ),
    );
    published = publishEndpoints(layout, secrets, Boolean(options.hosts));
    if (fabric)
      writeConnectionProfiles(
        layout,
        secrets.members.map((m) => m.memberId),
      );
    // Only the AMB style: in the fabric style admins are admins by their OU, there is no propagation to emulate.
    else
      await timed('admin watcher ready', () =>
        ensure(watcherProcess(layout), (rec) =>
          waitReady(rec, { logLine: WATCHER_READY_LINE, logFrom: rec.logFrom, timeoutMs: 30_000 }),
        ),
      );
  } catch (error) {
    await stopStarted(started);
    fs.rmSync(layout.stateFile, { force: true });
    throw error;
  }
  save();
  return {
    outcome: fresh ? 'started' : 'restarted',
    dir: layout.dir,
    networkFile: layout.networkFile,
    timings,
    totalMs: Date.now() - t0,
    restarted: fresh ? [] : started.map((p) => p.name),
    ...published,
  };
}

/** A restart without --style keeps the style the devnet was created with (amb by default). */
function withRecordedStyle(given: DevnetOptions, recorded: DevnetOptions | undefined): DevnetOptions {
  return { ...given, style: given.style ?? recorded?.style ?? 'amb' };
}

/** The peer's CORE_PEER_ID: AMB's node ID, or test-network's peer0.<org> in the fabric style. */
function peerIdOf(layout: DevnetLayout, member: MemberLayout, nodeId: string): string {
  return layout.style === 'fabric' ? `peer0.${member.domain}` : nodeId;
}

/** The orderer's functional probe: the system channel (AMB style) or the channel participation API (fabric). */
function probeOrdererOf(tools: Executor, layout: DevnetLayout): Promise<boolean> {
  return layout.style === 'fabric' ? probeOrdererAdmin(tools, layout) : probeOrderer(tools, layout);
}

type Published = Pick<DevnetUpResult, 'endpoints' | 'hostsFile'>;

/** Everything runs: only the endpoints are published again (--hosts may have changed). */
function alreadyRunning(layout: DevnetLayout, state: DevnetState, options: DevnetOptions, t0: number): DevnetUpResult {
  const secrets = JSON.parse(fs.readFileSync(path.join(layout.privateDir, 'secrets.json'), 'utf8')) as Secrets;
  const published = publishEndpoints(layout, secrets, Boolean(options.hosts));
  if (layout.style === 'fabric')
    writeConnectionProfiles(
      layout,
      secrets.members.map((m) => m.memberId),
    );
  writeState(layout.stateFile, { ...state, options: { ...options, dir: layout.dir } });
  return {
    outcome: 'already-running',
    dir: layout.dir,
    networkFile: layout.networkFile,
    timings: [],
    totalMs: Date.now() - t0,
    restarted: [],
    ...published,
  };
}

/** What can be refused before anything starts: the chosen admin password, and (--hosts) the hosts file's write access. */
function checkBeforeStart(options: DevnetOptions): string | undefined {
  const password = chosenDevnetPassword();
  if (options.hosts) assertHostsWritable();
  return password;
}

function start(spec: ProcessSpec, processes: ProcessRecord[], save: () => void): ProcessRecord {
  const rec = startProcess(spec);
  processes.push(rec);
  save();
  return rec;
}

async function stopStarted(processes: readonly ProcessRecord[]): Promise<void> {
  await Promise.all(processes.map((p) => stopRecorded(p)));
}

/** A devnet keeps the members, addresses and ports it was created with. */
function assertSameShape(was: DevnetOptions, now: DevnetOptions, dir: string): void {
  const style = (o: DevnetOptions): string => o.style ?? 'amb';
  const where = (o: DevnetOptions): string => {
    const a = planLayout(o).addressing;
    return a.mode === 'block' ? `--address-block ${a.first}` : `--base-port ${a.basePort}`;
  };
  if (was.members === now.members && where(was) === where(now) && style(was) === style(now)) return;
  throw new FabkitError(
    'DEVNET_OPTIONS_CHANGED',
    `The devnet in ${dir} was created with --members ${was.members} ${where(was)} --style ${style(was)}`,
    {
      kind: 'usage',
      hint: `Restart it with the same options, or remove it (fabkit devnet down --dir ${dir} --purge) to make a new one.`,
    },
  );
}

/** Every long-running part of a devnet, by its process name. */
function partNames(layout: DevnetLayout): string[] {
  return [
    ...layout.members.map((m) => `ca-${m.name}`),
    'orderer',
    ...layout.members.map((m) => `peer-${m.name}`),
    ...(layout.style === 'fabric' ? [] : ['admin-watcher']),
  ];
}

/** The addresses and ports a part listens on (none for the watcher). */
function partListeners(layout: DevnetLayout, name: string): Listener[] {
  const o = layout.orderer;
  if (name === 'orderer') return [o.port, o.adminPort, o.opsPort].map((port) => ({ host: o.host, port }));
  const m = layout.members.find((x) => name === `ca-${x.name}` || name === `peer-${x.name}`);
  if (!m) return [];
  const [host, ports] = name.startsWith('ca-')
    ? [m.caHost, [m.caPort, m.caOpsPort]]
    : [m.peerHost, [m.peerPort, m.peerChaincodePort, m.peerOpsPort]];
  return ports.map((port) => ({ host, port }));
}

function secretsOf(secrets: Secrets, i: number): Secrets['members'][number] {
  const s = secrets.members[i];
  if (!s)
    throw new FabkitError('DEVNET_STATE_CORRUPT', `No secrets for member ${i + 1}`, {
      hint: 'Remove the devnet directory and start again.',
    });
  return s;
}

function newSecrets(options: DevnetOptions, fromEnv: string | undefined): Secrets {
  return {
    networkId: ambId('n'),
    members: Array.from({ length: options.members }, (_, i) => ({
      name: `org${i + 1}`,
      memberId: ambId('m'),
      nodeId: ambId('nd'),
      adminUser: options.adminUser,
      adminPassword: fromEnv ?? ambPassword(),
      registrarPassword: randomBytes(18).toString('base64url'),
      peerSecret: randomBytes(18).toString('base64url'),
    })),
  };
}

function installBuilders(layout: DevnetLayout): void {
  for (const b of BUILDERS) {
    const dest = path.join(layout.buildersDir, b);
    fs.cpSync(path.join(packageRoot(), 'templates', 'devnet', 'builders', b), dest, { recursive: true });
    for (const f of fs.readdirSync(path.join(dest, 'bin'))) fs.chmodSync(path.join(dest, 'bin', f), 0o755);
  }
}

async function writeGenesis(tools: Executor, layout: DevnetLayout, memberIds: string[]): Promise<void> {
  fs.writeFileSync(
    path.join(layout.artifactsDir, 'configtx.yaml'),
    yaml.dump(genesisConfigtx(layout, memberIds), { lineWidth: -1 }),
  );
  await runStep(
    tools,
    genesisBlockSpec(
      layout.artifactsDir,
      GENESIS_PROFILE,
      SYSTEM_CHANNEL,
      path.join(layout.artifactsDir, GENESIS_BLOCK),
    ),
    'Generating the system channel genesis block',
  );
}

const PROBE_TIMEOUT_MS = 10_000;

/** The orderer serves the system channel to its admin. */
async function probeOrderer(tools: Executor, layout: DevnetLayout): Promise<boolean> {
  const out = path.join(layout.artifactsDir, 'probe-config.block');
  const asOrdererAdmin = devnetTarget(layout, ORDERER_MSP, layout.orderer.adminMspDir);
  const r = await tools.run(channelFetchSpec(asOrdererAdmin, SYSTEM_CHANNEL, 'config', out), {
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  fs.rmSync(out, { force: true });
  return r.exitCode === 0;
}

/** The peer answers an admin call (channel list) from the devnet registrar. */
async function probePeer(
  tools: Executor,
  layout: DevnetLayout,
  member: MemberLayout,
  memberId: string,
): Promise<boolean> {
  // fabric style: the org Admin (admin by its OU); AMB style: the registrar, in the peer's admincerts.
  const mspDir = layout.style === 'fabric' ? member.adminMspDir : path.join(member.registrarHome, 'msp');
  const asRegistrar = devnetTarget(layout, memberId, mspDir, member);
  const r = await tools.run(channelListSpec(asRegistrar), { timeoutMs: PROBE_TIMEOUT_MS });
  return r.exitCode === 0;
}

/** fabric style: each member's NodeOU crypto, then the orderer org's. */
async function makeFabricCrypto(tools: Executor, layout: DevnetLayout, secrets: Secrets): Promise<void> {
  await Promise.all(
    layout.members.map((m, i) => {
      const s = secretsOf(secrets, i);
      return makeFabricMemberCrypto(tools, layout, m, s.memberId, s.registrarPassword, s.peerSecret);
    }),
  );
  await makeFabricOrdererCrypto(tools, layout);
}

/** fabric style: the orderer's channel participation API answers its admin (`osnadmin channel list`). */
async function probeOrdererAdmin(tools: Executor, layout: DevnetLayout): Promise<boolean> {
  const r = await tools.run(osnadminListSpec(devnetOrdererAdmin(layout)), { timeoutMs: PROBE_TIMEOUT_MS });
  return r.exitCode === 0 && parseOsnadminOutput(r.stdout).status === 200;
}

/** The devnet's hosts lines (what --hosts adds to /etc/hosts), kept in the devnet directory for reference. */
export const HOSTS_LINES_FILE = 'hosts';

/**
 * Makes the AMB-shaped names resolve (--hosts: the marked block in the hosts file) or not (its
 * block removed, if an earlier `up --hosts` wrote one), then writes network.json, the AMB
 * documents and credentials with the endpoints clients can reach: the names or the addresses.
 */
function publishEndpoints(layout: DevnetLayout, secrets: Secrets, byName: boolean): Published {
  const names = ambNames(secrets);
  const lines = hostsLines(layout, names);
  fs.writeFileSync(
    path.join(layout.dir, HOSTS_LINES_FILE),
    `# The AMB-shaped names of the devnet in ${layout.dir} (\`fabkit devnet up --hosts\` adds these to ${hostsFilePath()})\n${lines.join('\n')}\n`,
  );
  if (byName) addHostsBlock(secrets.networkId, layout.dir, lines);
  else removeHostsBlock(secrets.networkId);
  writeNetworkFiles(layout, secrets, byName);
  const eps = clientEndpoints(layout, names, byName);
  return {
    endpoints: { orderer: eps.orderer, cas: eps.members.map((m) => m.ca), peers: eps.members.map((m) => m.peer) },
    ...(byName ? { hostsFile: hostsFilePath() } : {}),
  };
}

function writeNetworkFiles(layout: DevnetLayout, secrets: Secrets, byName: boolean): void {
  const eps = clientEndpoints(layout, ambNames(secrets), byName);
  const network: NetworkFile = {
    NetworkId: secrets.networkId,
    Name: 'devnet',
    Framework: 'HYPERLEDGER_FABRIC',
    FrameworkVersion: FABRIC_VERSION,
    OrderingServiceEndpoint: eps.orderer,
    TlsChainPath: layout.tlsChainFile,
    CredentialsPath: layout.credentialsFile,
    ...(layout.style === 'fabric' ? fabricNetworkFields(layout) : {}),
    Members: layout.members.map((m, i) => {
      const s = secretsOf(secrets, i);
      return {
        Id: s.memberId,
        Name: m.name,
        CaEndpoint: eps.members[i]?.ca ?? '',
        AdminUsername: s.adminUser,
        ...(layout.style === 'fabric' ? { AdminMspPath: m.adminMspDir } : {}),
      };
    }),
    Nodes: layout.members.map((m, i) => {
      const s = secretsOf(secrets, i);
      return {
        Id: s.nodeId,
        MemberId: s.memberId,
        PeerEndpoint: eps.members[i]?.peer ?? '',
        PeerEventEndpoint: eps.members[i]?.peerEvents ?? '',
        ChaincodeLogPath: chaincodeLogFile(layout, m),
      };
    }),
  };
  writeJsonAtomic(layout.networkFile, network);
  const createdAt = fs.statSync(path.join(layout.privateDir, 'secrets.json')).mtime;
  for (const [file, doc] of Object.entries(ambDocuments(layout, secrets, createdAt, byName)))
    writeJsonAtomic(path.join(layout.dir, file), doc);
  const credentials: CredentialsFile = Object.fromEntries(
    secrets.members.map((s) => [s.memberId, { AdminUsername: s.adminUser, AdminPassword: s.adminPassword }]),
  );
  writeJsonAtomic(layout.credentialsFile, credentials, 0o600);
}
