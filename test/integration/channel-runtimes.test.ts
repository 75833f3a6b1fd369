/**
 * Issue 4's acceptance, as ONE behaviour suite run for both runtimes (describe.each): the
 * channel and chaincode workflows through the built `fabkit` CLI against the shared devnet, once
 * with the local runtime (Fabric binaries as local processes) and once with the docker runtime:
 * the fabric-tools `cli` container on the REAL Docker engine global-setup made sure of, from the
 * image `fabkit cli image build` made. The docker half talks to the engine through a recording
 * pass-through proxy (test/helpers/recording-docker-proxy.ts: a test tool that forwards every byte
 * unchanged and keeps a copy), so that it can say what reached the engine: each exec's argv and
 * env, and that no password or private key ever did.
 *
 * Each runtime works in its own pair of fresh homes under the devnet directory, on its own
 * channels and with its own chaincode names (install state is per peer, and the peers are shared).
 * Besides the CLI, each runtime also drives the library (listChannels, readChannelConfig,
 * fetchChannelBlock) through a recording Executor around the runtime's real executor; once both
 * ran, the recorded argv and env, with paths and channel names normalized, must be identical: the
 * runtimes differ only in the path mapping. For docker, what the engine received for each exec
 * must match what the recorder saw.
 *
 * The docker half also covers the runtime's own failure cases on the real engine: enroll without a
 * container or without an engine stops at once; doctor turns red when the container cannot reach
 * the endpoints the host reaches, and `cli up` recreates such a container; a pull no registry
 * answers names `fabkit cli image build`; a profile whose endpoints are host names (as on AMB).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  dockerExecutorOf,
  fetchChannelBlock,
  listChannels,
  loadProfile,
  LocalExecutor,
  readChannelConfig,
  saveProfile,
  targetOf,
} from '../../src/index';
import type { CommandSpec, Executor, FabricCliTool, RunResult } from '../../src/index';
import Dockerode from 'dockerode';
import { adminPassword, fabkit, readNetwork, ROOT, SHARED_BASE_PORT, sharedDevnet } from '../helpers/devnet';
import { dockerodeOptionsOf } from '../helpers/docker-engine';
import { RecordingDockerProxy } from '../helpers/recording-docker-proxy';

jest.setTimeout(300_000);

type RuntimeKind = 'local' | 'docker';

/** The one container home of the docker runtime (runtime.containerHome's default). */
const CONTAINER_HOME = '/opt/home';

/** Records every CommandSpec it is asked to run, then runs it with the runtime's real executor. */
class RecordingExecutor implements Executor {
  readonly specs: CommandSpec[] = [];
  constructor(private readonly inner: Executor) {}

  get kind(): Executor['kind'] {
    return this.inner.kind;
  }

  run(spec: CommandSpec, options?: { timeoutMs?: number }): Promise<RunResult> {
    this.specs.push({ tool: spec.tool, args: [...spec.args], env: { ...spec.env } });
    return this.inner.run(spec, options);
  }

  version(tool: FabricCliTool): Promise<string | undefined> {
    return this.inner.version(tool);
  }
}

interface NormalizedSpec {
  readonly tool: string;
  readonly args: string[];
  readonly env: Record<string, string>;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces the runtime-specific parts of a value: each home (as the tool sees it) by <HOME>,
 * each channel by its role, and the process ID and random suffix of scratch (staging) directories
 * (`.config.tmp-<pid>-<12 hex>`).
 */
function normalizerOf(homes: readonly string[], channels: Readonly<Record<string, string>>): (value: string) => string {
  const homePattern = new RegExp(`${homes.map(escapeRe).join('|')}(?=/|$)`, 'g');
  const names = Object.keys(channels).sort((a, b) => b.length - a.length);
  // Not inside a longer name; a channel name may be followed by `_oldest.block`, `.tx`, `/`.
  const channelPattern = new RegExp(`(?<![a-z0-9.-])(${names.map(escapeRe).join('|')})(?![a-z0-9-])`, 'g');
  return (value) =>
    value
      .replace(homePattern, '<HOME>')
      .replace(channelPattern, (name) => channels[name] ?? name)
      .replace(/(\/\.[a-z]+\.tmp-)\d+-[0-9a-f]{12}(?=\/|$)/g, '$1<PID>-<RANDOM>');
}

function normalizeSpecs(specs: readonly CommandSpec[], normalize: (value: string) => string): NormalizedSpec[] {
  return specs.map((s) => ({
    tool: s.tool,
    args: s.args.map(normalize),
    env: Object.fromEntries(Object.entries(s.env).map(([k, v]) => [k, normalize(v)])),
  }));
}

/** Every file and directory under `dir`, relative, sorted; [] when it does not exist. */
function tree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map(String).sort();
}

interface CliJson {
  ok: boolean;
  error?: { code: string; kind: string };
}
interface PeerJoinJson {
  peer: string;
  outcome: string;
}
interface CreateJson extends CliJson {
  channelId: string;
  outcome: string;
  members: string[];
  join?: { blockSource: string; peers: PeerJoinJson[]; anchorPeers?: { outcome: string } };
}
interface JoinJson extends CliJson {
  channelId: string;
  blockSource: string;
  peers: PeerJoinJson[];
  anchorPeers?: { outcome: string; memberId: string };
}
interface ListJson extends CliJson {
  peers: { peer: string; channels: string[] }[];
}
interface ShowJson extends CliJson {
  channelId: string;
  members: string[];
  applicationCapabilities: string[];
  anchorPeers: Record<string, { host: string; port: number }[]>;
}
interface DoctorJson extends CliJson {
  checks: { id: string; status: string; detail: string }[];
}
interface AnchorJson extends CliJson {
  outcome: string;
  memberId: string;
  anchorPeers: { host: string; port: number }[];
}

/** The normalized library specs of each runtime, compared once both ran. */
const librarySpecs = new Map<RuntimeKind, NormalizedSpec[]>();

describe.each<[RuntimeKind]>([['local'], ['docker']])('channel workflows on the %s runtime (devnet)', (runtime) => {
  const { dir, dockerHost } = sharedDevnet();
  const network = readNetwork(dir);
  const [org1, org2] = network.Members;
  const m1Id = org1?.Id ?? '';
  const m2Id = org2?.Id ?? '';
  const h1 = path.join(dir, 'clients', `${runtime}-m1`);
  const h2 = path.join(dir, 'clients', `${runtime}-m2`);
  const bundle = path.join(dir, 'clients', `${runtime}-m2.bundle.json`);
  const tag = crypto.randomBytes(3).toString('hex');
  const solo = `rt-${runtime}-${tag}-solo`;
  const pair = `rt-${runtime}-${tag}-pair`;
  const v1 = `rt-${runtime}-${tag}-v1`;
  /** Chaincode names of this runtime: a name another runtime installed would be found "already installed". */
  const [MYCC, V1CC, ANDCC] = ['mycc', 'v1cc', 'andcc'].map((n) => `${n}-${runtime}-${tag}`) as [
    string,
    string,
    string,
  ];
  const INIT = '{"Args":["init","a","100","b","200"]}';
  /** Per integration run (base port), so that runs of other checkouts on the same engine do not meet. */
  const containerOf = (member: string): string => `fabkit-int-${SHARED_BASE_PORT}-${runtime}-${member}`;
  let proxy: RecordingDockerProxy | undefined;
  let env: Record<string, string> = {};
  /** Homes whose cli container afterAll removes. */
  const containerHomes = new Set<string>();

  const cli = (args: readonly string[]) => fabkit(args, env);
  async function cliJson<T extends CliJson>(args: readonly string[], exitCode = 0): Promise<T> {
    const r = await cli([...args, '--json']);
    if (r.exitCode !== exitCode)
      throw new Error(
        `fabkit ${args.join(' ')} exited ${String(r.exitCode)}, not ${exitCode}:\n${r.stderr}\n${r.stdout}`,
      );
    return JSON.parse(r.stdout) as T;
  }
  const query = async (home: string, channel: string, name: string): Promise<string> =>
    (
      await cliJson<CliJson & { payload: string }>([
        'chaincode',
        'query',
        name,
        '-C',
        channel,
        '-c',
        '{"Args":["query","a"]}',
        '--home',
        home,
      ])
    ).payload;
  const invoke = (home: string, channel: string, name: string) =>
    cliJson<CliJson & { validationCode: string }>([
      'chaincode',
      'invoke',
      name,
      '-C',
      channel,
      '-c',
      '{"Args":["invoke","a","b","10"]}',
      '--home',
      home,
    ]);
  /** A dockerode client straight to the engine (not through the proxy), for what a test does behind fabkit's back. */
  const engine = (): Dockerode => new Dockerode(dockerodeOptionsOf(dockerHost));

  beforeAll(async () => {
    expect(org1 && org2).toBeTruthy();
    for (const home of [h1, h2]) fs.rmSync(home, { recursive: true, force: true });
    if (runtime === 'docker') {
      // Containers left over by an interrupted run of this suite on this base port.
      const leftovers = (await engine().listContainers({ all: true })).filter((c) =>
        c.Names.some((n) => n.startsWith(`/${containerOf('')}`)),
      );
      await Promise.all(leftovers.map((c) => engine().getContainer(c.Id).remove({ force: true })));
      proxy = new RecordingDockerProxy(dockerHost);
      await proxy.start();
      env = { DOCKER_HOST: proxy.dockerHost };
    }
  });

  afterAll(async () => {
    if (proxy === undefined) return;
    try {
      for (const home of containerHomes) {
        const down = await cli(['cli', 'down', '--home', home, '--json']);
        expect(down.exitCode).toBe(0);
      }
    } finally {
      await proxy.stop();
    }
  });

  it(`init${runtime === 'docker' ? ', cli up' : ''} and enroll both members in fresh homes${runtime === 'docker' ? '; without the container or the engine, enroll stops at once and says `fabkit cli up`' : ''}`, async () => {
    for (const [home, member] of [
      [h1, 'org1'],
      [h2, 'org2'],
    ] as const) {
      const init = await cliJson<CliJson & { outcome: string }>([
        'init',
        '--home',
        home,
        '--from-devnet',
        dir,
        '--member',
        member,
        ...(runtime === 'docker' ? ['--runtime', 'docker'] : []),
      ]);
      expect(init.outcome).toBe('created');
      const loaded = loadProfile(home);
      expect(loaded.profile.runtime.kind).toBe(runtime);
      let expected = 'enrolled';
      if (runtime === 'docker') {
        // Both homes talk to the same engine: each needs its own cli container (the default name is `cli`).
        saveProfile(
          home,
          { ...loaded.file, runtime: { ...loaded.file.runtime, containerName: containerOf(member) } },
          { force: true },
        );
        if (member === 'org1') {
          // No container yet: the admin MSP is written, then the wait for recognition stops at its first probe.
          const started = Date.now();
          const noContainer = await cliJson<CliJson & { error: { hint: string; message: string } }>(
            ['enroll', '--home', home],
            1,
          );
          expect(noContainer.error).toMatchObject({
            code: 'CLI_CONTAINER_NOT_RUNNING',
            message: `Cannot run peer: the cli container ${containerOf(member)} does not exist`,
            hint: 'Run `fabkit cli up` to create and start it.',
          });
          const noEngine = await fabkit(['enroll', '--home', home, '--json'], {
            DOCKER_HOST: `unix://${path.join(home, 'no-engine.sock')}`,
          });
          expect(noEngine.exitCode).toBe(1);
          const unreachable = (JSON.parse(noEngine.stdout) as CliJson & { error: { hint: string } }).error;
          expect(unreachable.code).toBe('DOCKER_UNREACHABLE');
          expect(unreachable.hint).toContain('`fabkit cli up`');
          // Both within seconds, where the wait's bound is 300 s.
          expect(Date.now() - started).toBeLessThan(60_000);
          expected = 'already-enrolled';
        }
        const up = await cliJson<CliJson & { outcome: string; containerName: string }>(['cli', 'up', '--home', home]);
        containerHomes.add(home);
        expect(up).toMatchObject({ ok: true, outcome: 'created', containerName: containerOf(member) });
        const info = await engine().getContainer(containerOf(member)).inspect();
        expect(info.Mounts.map((m) => `${m.Source}:${m.Destination}`)).toContain(`${home}:${CONTAINER_HOME}`);
        expect(info.HostConfig.NetworkMode).toBe('host');
      }
      const enroll = await cliJson<CliJson & { outcome: string; recognizedMs: number }>(['enroll', '--home', home]);
      expect(enroll.outcome).toBe(expected);
      expect(enroll.recognizedMs).toBeGreaterThanOrEqual(0);
    }
  });

  describe('validation before acting', () => {
    const artifacts = (): string => path.join(h1, 'channel-artifacts');

    async function refused(args: readonly string[]): Promise<{ code: string | undefined; stderr: string }> {
      const before = tree(artifacts());
      const execsBefore = proxy?.execs().length ?? 0;
      const r = await cli([...args, '--home', h1, '--json']);
      expect(r.exitCode).toBe(2);
      const out = JSON.parse(r.stdout) as CliJson;
      expect(out.ok).toBe(false);
      expect(out.error?.kind).toBe('usage');
      // Nothing written, nothing run in the container.
      expect(tree(artifacts())).toEqual(before);
      expect(proxy?.execs().length ?? 0).toBe(execsBefore);
      return { code: out.error?.code, stderr: r.stderr };
    }

    it('`channel create Bad_Name` exits 2 with INVALID_CHANNEL_ID and writes nothing under channel-artifacts', async () => {
      const r = await refused(['channel', 'create', 'Bad_Name']);
      expect(r.code).toBe('INVALID_CHANNEL_ID');
      expect(r.stderr).toContain('error [INVALID_CHANNEL_ID]');
      expect(fs.existsSync(path.join(artifacts(), 'Bad_Name'))).toBe(false);
    });

    it('`--member m-bad` exits 2 with INVALID_MEMBER_ID', async () => {
      const r = await refused(['channel', 'create', `${solo}-x`, '--member', 'm-bad']);
      expect(r.code).toBe('INVALID_MEMBER_ID');
      expect(fs.existsSync(path.join(artifacts(), `${solo}-x`))).toBe(false);
    });

    it('a well-formed `--member` that was not imported exits 2 with MEMBER_NOT_IMPORTED', async () => {
      const r = await refused(['channel', 'create', `${solo}-x`, '--member', 'm-ABCDEFGHIJKLMNOPQRSTUVWXYZ']);
      expect(r.code).toBe('MEMBER_NOT_IMPORTED');
      expect(r.stderr).toContain('m-ABCDEFGHIJKLMNOPQRSTUVWXYZ');
      expect(fs.existsSync(path.join(artifacts(), `${solo}-x`))).toBe(false);
    });
  });

  it("`channel create` creates a one-member channel and joins member 1's peer; a second run finds both done (exit 0)", async () => {
    const first = await cliJson<CreateJson>(['channel', 'create', solo, '--home', h1]);
    expect(first).toMatchObject({ ok: true, channelId: solo, outcome: 'created', members: [m1Id] });
    expect(first.join?.peers).toHaveLength(1);
    expect(first.join?.peers[0]?.outcome).toBe('joined');
    expect(first.join?.anchorPeers?.outcome).toBe('updated');

    const second = await cliJson<CreateJson>(['channel', 'create', solo, '--home', h1]);
    expect(second).toMatchObject({ ok: true, channelId: solo, outcome: 'already-exists', members: [m1Id] });
    expect(second.join?.peers[0]?.outcome).toBe('already-joined');
    expect(second.join?.anchorPeers?.outcome).toBe('already-set');
  });

  it('member 2 exports its bundle and member 1 imports it', async () => {
    fs.rmSync(bundle, { force: true });
    const exported = await cli(['member', 'export', '--home', h2, '--out', bundle, '--json']);
    expect(exported.exitCode).toBe(0);
    expect(fs.existsSync(bundle)).toBe(true);
    const imported = await cli(['member', 'import', bundle, '--home', h1, '--json']);
    expect(imported.exitCode).toBe(0);
    expect(imported.stdout).toContain(m2Id);
  });

  it('member 1 creates a two-member channel; member 2 joins with block 0 fetched from the ordering service; joining again is a no-op', async () => {
    const created = await cliJson<CreateJson>(['channel', 'create', pair, '--member', m2Id, '--home', h1]);
    expect(created).toMatchObject({ ok: true, outcome: 'created', members: [m1Id, m2Id] });
    expect(created.join?.peers[0]?.outcome).toBe('joined');

    const joined = await cliJson<JoinJson>(['channel', 'join', pair, '--home', h2]);
    expect(joined).toMatchObject({ ok: true, channelId: pair, blockSource: 'fetched' });
    expect(joined.peers.map((p) => p.outcome)).toEqual(['joined']);
    expect(joined.anchorPeers).toMatchObject({ outcome: 'updated', memberId: m2Id });

    const again = await cliJson<JoinJson>(['channel', 'join', pair, '--home', h2]);
    expect(again.peers.map((p) => p.outcome)).toEqual(['already-joined']);
    expect(again.anchorPeers?.outcome).toBe('already-set');
  });

  it('`channel list` on both members shows the channel; `channel show` lists both member IDs', async () => {
    const l1 = await cliJson<ListJson>(['channel', 'list', '--home', h1]);
    expect(l1.peers).toHaveLength(1);
    expect(l1.peers[0]?.channels).toEqual(expect.arrayContaining([solo, pair]));
    const l2 = await cliJson<ListJson>(['channel', 'list', '--home', h2]);
    expect(l2.peers[0]?.channels).toContain(pair);
    expect(l2.peers[0]?.channels).not.toContain(solo);

    for (const home of [h1, h2]) {
      const show = await cliJson<ShowJson>(['channel', 'show', pair, '--home', home]);
      expect(show).toMatchObject({
        ok: true,
        channelId: pair,
        members: [m1Id, m2Id].sort(),
        applicationCapabilities: ['V2_0'],
      });
    }
  });

  it("`channel create` set member 1's anchor peer; `channel anchor-peers` reports it already set", async () => {
    const { profile } = loadProfile(h1);
    const expected = profile.peers.map((p) => ({ host: p.endpoint.host, port: p.endpoint.port }));
    const first = await cliJson<AnchorJson>(['channel', 'anchor-peers', pair, '--home', h1]);
    expect(first).toMatchObject({ ok: true, outcome: 'already-set', memberId: m1Id, anchorPeers: expected });
    const second = await cliJson<AnchorJson>(['channel', 'anchor-peers', pair, '--home', h1]);
    expect(second).toMatchObject({ ok: true, outcome: 'already-set', memberId: m1Id, anchorPeers: expected });
    const show = await cliJson<ShowJson>(['channel', 'show', pair, '--home', h2]);
    expect(show.anchorPeers[m1Id]).toEqual(expected);
  });

  it('tutorial step 7, 2.x lifecycle: deploy example02 from a folder under the home on the one-member channel, query 100, invoke, query 90', async () => {
    // The tutorial keeps the chaincode under the home (~/fabric-samples/chaincode), which the cli container mounts.
    const source = path.join(h1, 'chaincode', 'example02');
    fs.cpSync(path.join(ROOT, 'chaincode', 'example02'), source, {
      recursive: true,
      filter: (src) => !src.includes('node_modules'),
    });
    const deployed = await cliJson<CliJson & { ready: boolean; lifecycle: string }>([
      'chaincode',
      'deploy',
      MYCC,
      '-C',
      solo,
      '-p',
      source,
      '-c',
      INIT,
      '--home',
      h1,
    ]);
    expect(deployed).toMatchObject({ ready: true, lifecycle: '2.x' });
    expect(await query(h1, solo, MYCC)).toBe('100');
    expect((await invoke(h1, solo, MYCC)).validationCode).toBe('VALID');
    expect(await query(h1, solo, MYCC)).toBe('90');
  });

  it('tutorial step 7, 1.x lifecycle: `-p chaincode/example02` (outside the home) on a 1.x channel, query 100, invoke, query 90', async () => {
    const created = await cliJson<CreateJson>(['channel', 'create', v1, '--lifecycle', '1.x', '--home', h1]);
    expect(created).toMatchObject({ outcome: 'created' });
    // Relative to where fabkit runs (the repository), as in the tutorial; the docker runtime copies it under the home.
    const deployed = await cliJson<CliJson & { ready: boolean; lifecycle: string; steps: { outcome: string }[] }>([
      'chaincode',
      'deploy',
      V1CC,
      '-C',
      v1,
      '-p',
      'chaincode/example02',
      '-c',
      INIT,
      '--home',
      h1,
    ]);
    expect(deployed).toMatchObject({ ready: true, lifecycle: '1.x' });
    expect(deployed.steps.map((s) => s.outcome)).toEqual(['done', 'done']);
    expect(await query(h1, v1, V1CC)).toBe('100');
    expect((await invoke(h1, v1, V1CC)).validationCode).toBe('VALID');
    expect(await query(h1, v1, V1CC)).toBe('90');
  });

  it('two members, AND policy (2.x): each installs and approves on its own machine, the one making the majority commits, invoke is endorsed by both', async () => {
    const AND = `AND('${m1Id}.member','${m2Id}.member')`;
    type DeployJson = CliJson & { ready: boolean; steps: { outcome: string }[]; othersToDo: string[] };
    const deploy = (home: string) =>
      cliJson<DeployJson>([
        'chaincode',
        'deploy',
        ANDCC,
        '-C',
        pair,
        '-p',
        'chaincode/example02',
        '-c',
        INIT,
        '-P',
        AND,
        '--home',
        home,
      ]);
    const first = await deploy(h1);
    expect(first.ready).toBe(false);
    expect(first.steps.map((s) => s.outcome)).toEqual(['done', 'done', 'waiting']);
    expect(String(first.othersToDo)).toContain(`${m2Id}: install and approve`);
    // The second approval makes the majority: that member commits and initializes (issue 13).
    const second = await deploy(h2);
    expect(second.ready).toBe(true);
    expect(second.steps.map((s) => s.outcome)).toEqual(['done', 'done', 'done', 'done']);
    const third = await deploy(h1);
    expect(third.ready).toBe(true);
    expect(third.steps.map((s) => s.outcome)).toEqual(['already-done', 'already-done', 'already-done']);
    expect(await query(h1, pair, ANDCC)).toBe('100');
    const invoked = await invoke(h1, pair, ANDCC);
    expect(invoked.validationCode).toBe('VALID');
    expect(await query(h1, pair, ANDCC)).toBe('90');
    expect(await query(h2, pair, ANDCC)).toBe('90');
  });

  if (runtime === 'docker') {
    it('doctor checks from inside the container: green on the host network; red (with the network mode) for a container on another network, which `cli up` recreates', async () => {
      const ok = await cliJson<DoctorJson>(['doctor', '--home', h1]);
      const nodeId = loadProfile(h1).profile.peers[0]?.id ?? '';
      expect(ok.checks.map((c) => [c.id, c.status])).toEqual(
        expect.arrayContaining([
          ['tls orderer', 'pass'],
          ['runtime', 'pass'],
          ['container-tls orderer', 'pass'],
          [`container-tls peer ${nodeId}`, 'pass'],
          ['admin-recognized', 'pass'],
        ]),
      );
      // The container as the tutorial's compose file (and fabkit before it) created it: Docker's default network.
      await cliJson(['cli', 'down', '--home', h1]);
      const tutorial = await engine().createContainer({
        name: containerOf('org1'),
        Image: loadProfile(h1).profile.runtime.image ?? 'hyperledger/fabric-tools:2.5.9',
        Tty: true,
        Cmd: ['/bin/bash'],
        HostConfig: { Binds: [`${h1}/chaincode:/opt/gopath/src/github.com`, `${h1}:${CONTAINER_HOME}`] },
      });
      await tutorial.start();
      const red = await cliJson<DoctorJson>(['doctor', '--home', h1], 1);
      const byId = Object.fromEntries(red.checks.map((c) => [c.id, c]));
      expect(byId['tls orderer']?.status).toBe('pass'); // the host reaches it ...
      expect(byId['container-tls orderer']).toMatchObject({ status: 'fail' }); // ... the container does not
      expect(byId['container-tls orderer']?.detail).toContain(
        `not reachable from inside container ${containerOf('org1')} (network default)`,
      );
      expect(byId.runtime).toMatchObject({ status: 'warn' });
      expect(byId.runtime?.detail).toContain('network mode default, not host');
      const up = await cliJson<CliJson & { outcome: string; stale: string[] }>(['cli', 'up', '--home', h1]);
      expect(up.outcome).toBe('recreated');
      expect(up.stale).toContain('network mode default, not host');
      expect((await cliJson<DoctorJson>(['doctor', '--home', h1])).ok).toBe(true);
    });

    it('a profile with host names for endpoints (as on AMB): the container on the host network resolves them as the host does', async () => {
      // On AMB the names are the VPC's, resolved through /etc/resolv.conf, which a container on the host network shares
      // with the host just as /etc/hosts. The shared devnet's profiles carry its AMB-shaped names when it made them
      // resolve (devnet up --hosts); a devnet on 127.0.0.1 (--base-port) names localhost in its certificates.
      const { file } = loadProfile(h1);
      const hostOf = (endpoint: string): string => endpoint.replace(/:\d+$/, '');
      if (
        /^[\d.]+$/.test(hostOf(file.network.orderingServiceEndpoint)) &&
        !file.network.orderingServiceEndpoint.startsWith('127.0.0.1:')
      ) {
        process.stderr.write(
          'skipped: the shared devnet gives addresses, not names (its hosts file was not writable)\n',
        );
        return;
      }
      const h3 = path.join(dir, 'clients', `${runtime}-m1-names`);
      fs.rmSync(h3, { recursive: true, force: true });
      fs.mkdirSync(h3, { recursive: true });
      fs.cpSync(path.join(h1, 'admin-msp'), path.join(h3, 'admin-msp'), { recursive: true });
      fs.copyFileSync(path.join(h1, file.tls.chainFile), path.join(h3, file.tls.chainFile));
      const named = (endpoint: string): string => endpoint.replace(/^127\.0\.0\.1:/, 'localhost:');
      saveProfile(h3, {
        ...file,
        network: { ...file.network, orderingServiceEndpoint: named(file.network.orderingServiceEndpoint) },
        member: { ...file.member, caEndpoint: named(file.member.caEndpoint) },
        peers: file.peers.map((p) => ({
          ...p,
          endpoint: named(p.endpoint),
          ...(p.eventEndpoint === undefined ? {} : { eventEndpoint: named(p.eventEndpoint) }),
        })),
        runtime: { ...file.runtime, containerName: containerOf('org1-names') },
      });
      await cliJson(['cli', 'up', '--home', h3]);
      containerHomes.add(h3);
      const list = await cliJson<ListJson>(['channel', 'list', '--home', h3]);
      const NAME =
        '(localhost|nd-[a-z0-9]{26}\\.m-[a-z0-9]{26}\\.n-[a-z0-9]{26}\\.managedblockchain\\.us-east-1\\.amazonaws\\.com)';
      expect(list.peers[0]?.peer).toMatch(new RegExp(`^${NAME}:\\d+$`));
      const ORDERER = '(localhost|orderer\\.n-[a-z0-9]{26}\\.managedblockchain\\.us-east-1\\.amazonaws\\.com)';
      expect(list.peers[0]?.channels).toEqual(expect.arrayContaining([solo, pair, v1]));
      const doctor = await cliJson<DoctorJson>(['doctor', '--home', h3]);
      expect(doctor.checks.find((c) => c.id === 'container-tls orderer')?.detail).toMatch(
        new RegExp(
          `^${ORDERER}:\\d+: TLS handshake verified with the chain, from inside container .* \\(network host\\)$`,
        ),
      );
      expect(await query(h3, solo, MYCC)).toBe('90');
    });

    it("`cli up` where no registry answers fails at once in fabkit's words and names `fabkit cli image build`", async () => {
      const h4 = path.join(dir, 'clients', `${runtime}-m1-pull`);
      fs.rmSync(h4, { recursive: true, force: true });
      const { file } = loadProfile(h1);
      saveProfile(h4, {
        ...file,
        runtime: {
          ...file.runtime,
          containerName: containerOf('org1-pull'),
          image: 'registry.invalid/hyperledger/fabric-tools:2.5.9',
        },
      });
      const r = await cli(['cli', 'up', '--home', h4]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(
        /error \[IMAGE_PULL_FAILED\]: Cannot pull registry\.invalid\/hyperledger\/fabric-tools:2\.5\.9: no registry answers the Docker engine \(it says: .*\)\n/,
      );
      expect(r.stderr).not.toContain('HTTP code');
      expect(r.stderr).toMatch(/hint: .*`fabkit cli image build`/);
    });

    it('every exec that reached the containers names paths as the container sees them (no host home path)', () => {
      const execs = proxy?.execs() ?? [];
      expect(execs.length).toBeGreaterThan(0);
      const leaked = execs.filter((e) => [...e.argv, ...e.env].some((v) => v.includes(h1) || v.includes(h2)));
      expect(leaked).toEqual([]);
      expect(execs.some((e) => e.argv.some((a) => a.startsWith(`${CONTAINER_HOME}/`)))).toBe(true);
    });
  }

  it("the library (listChannels, readChannelConfig, fetchChannelBlock) through a recording executor around the runtime's real executor", async () => {
    const recorded: CommandSpec[] = [];
    const execsBefore = proxy?.execs().length ?? 0;
    for (const home of [h1, h2]) {
      const { profile } = loadProfile(home);
      const inner: Executor =
        runtime === 'docker'
          ? dockerExecutorOf(profile, { socketPath: proxy?.socketPath })
          : new LocalExecutor({ binDir: profile.runtime.binDir });
      const executor = new RecordingExecutor(inner);
      expect(executor.kind).toBe(runtime);
      const deps = { executor };

      const lists = await listChannels(profile, deps);
      expect(lists.map((l) => l.peer)).toEqual(profile.peers.map((p) => p.endpoint.address));
      expect(lists[0]?.channels).toContain(pair);

      const summary = await readChannelConfig(profile, deps, targetOf(profile), pair);
      expect(summary.members).toEqual([m1Id, m2Id].sort());
      expect(summary.applicationCapabilities).toEqual(['V2_0']);

      const fetched = await fetchChannelBlock(profile, deps, { channelId: pair, which: 'oldest' });
      expect(fetched.file).toBe(path.join(home, 'channel-artifacts', pair, `${pair}_oldest.block`));
      expect(fs.statSync(fetched.file).size).toBeGreaterThan(0);
      // readChannelConfig removed its scratch directory.
      expect(fs.readdirSync(path.join(home, 'channel-artifacts', pair)).filter((f) => f.startsWith('.'))).toEqual([]);
      recorded.push(...executor.specs);
    }
    expect(recorded.length).toBeGreaterThan(0);

    if (proxy) {
      // What reached the engine is exactly what the workflows asked for, argv and env.
      expect(proxy.execs().slice(execsBefore)).toEqual(
        recorded.map((s) => ({
          argv: [s.tool, ...s.args],
          env: Object.entries(s.env).map(([k, v]) => `${k}=${v}`),
          user: undefined,
        })),
      );
    }

    const homes = runtime === 'docker' ? [CONTAINER_HOME] : [h1, h2];
    librarySpecs.set(runtime, normalizeSpecs(recorded, normalizerOf(homes, { [solo]: '<SOLO>', [pair]: '<PAIR>' })));
  });

  if (runtime === 'docker') {
    it("no password or private key ever reached the engine: not in a container's env, a create call (body or query string), an exec, or any answer such as docker inspect", async () => {
      const secrets = [adminPassword(dir, m1Id), adminPassword(dir, m2Id)];
      for (const home of [h1, h2]) {
        const keystore = path.join(home, 'admin-msp', 'keystore');
        for (const key of fs.readdirSync(keystore)) {
          // Each base64 line of the PEM body: JSON would carry the PEM with its newlines escaped.
          const lines = fs.readFileSync(path.join(keystore, key), 'utf8').split('\n');
          secrets.push(...lines.filter((l) => l.length >= 40 && !l.startsWith('-----')));
        }
      }
      expect(secrets.length).toBeGreaterThanOrEqual(4);
      const recorder = proxy as RecordingDockerProxy;
      const sent = recorder.sentToEngine().toString('latin1');
      const received = recorder.receivedFromEngine().toString('latin1');
      const creates = recorder.requests().filter((r) => /\/containers\/create\?/.test(r.target));
      expect(creates.length).toBeGreaterThanOrEqual(2);
      expect(sent.length).toBeGreaterThan(10_000);
      const inspected = await Promise.all(
        [...containerHomes].map(async (home) =>
          JSON.stringify(await engine().getContainer(loadProfile(home).profile.runtime.containerName).inspect()),
        ),
      );
      for (const secret of secrets) {
        const forms = [secret, encodeURIComponent(secret)];
        for (const form of forms) {
          expect(sent.includes(form)).toBe(false);
          expect(received.includes(form)).toBe(false);
          expect(creates.some((r) => r.target.includes(form) || r.body.toString('utf8').includes(form))).toBe(false);
          expect(inspected.some((text) => text.includes(form))).toBe(false);
        }
      }
    });
  }
});

describe('local and docker runtimes', () => {
  it('send identical argv and env to the Fabric tools, apart from the path mapping', () => {
    const local = librarySpecs.get('local');
    const docker = librarySpecs.get('docker');
    expect(local).toBeDefined();
    expect(docker).toBeDefined();
    expect(local?.length).toBeGreaterThan(0);
    expect(docker).toEqual(local);
    // The normalization removed every runtime-specific value, and only those.
    const all = JSON.stringify(local);
    expect(all).toContain('<HOME>/admin-msp');
    expect(all).toContain('<PAIR>');
    expect(all).toMatch(/<HOME>\/channel-artifacts\/<PAIR>\/\.config\.tmp-<PID>-<RANDOM>\/config\.block/);
    expect(all).not.toContain(sharedDevnet().dir);
    expect(all).not.toContain('/opt/home');
    expect(all).not.toMatch(/rt-(local|docker)-/);
  });
});
