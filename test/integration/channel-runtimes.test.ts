/**
 * Issue 4's acceptance, as ONE behaviour suite run for both runtimes (describe.each): the
 * channel workflows through the built `fabkit` CLI against the shared devnet, once with the
 * local runtime (Fabric binaries as local processes) and once with the docker runtime (the
 * fabric-tools `cli` container, here the Docker Engine API TEST DOUBLE of test/doubles, reached
 * through DOCKER_HOST; its execs run the same Fabric binaries as local processes).
 *
 * Each runtime works in its own pair of fresh homes under the devnet directory and on its own
 * channels. Besides the CLI, each runtime also drives the library (listChannels,
 * readChannelConfig, fetchChannelBlock) through a recording Executor around the runtime's real
 * executor; once both ran, the recorded argv and env, with paths and channel names normalized,
 * must be identical: the runtimes differ only in the path mapping. For docker, the double's own
 * record of each exec must match what the recorder saw (what actually reached the "container").
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectedInstall } from '../../src/runtime/fabric-install';
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
import { DockerEngineApiDouble } from '../doubles/docker-engine-api-double';
import { fabkit, readNetwork, ROOT, sharedDevnet } from '../helpers/devnet';

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
interface AnchorJson extends CliJson {
  outcome: string;
  memberId: string;
  anchorPeers: { host: string; port: number }[];
}

/** The normalized library specs of each runtime, compared once both ran. */
const librarySpecs = new Map<RuntimeKind, NormalizedSpec[]>();

describe.each<[RuntimeKind]>([['local'], ['docker']])('channel workflows on the %s runtime (devnet)', (runtime) => {
  const { dir, binDir } = sharedDevnet();
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
  let engine: DockerEngineApiDouble | undefined;
  let env: Record<string, string> = {};

  const cli = (args: readonly string[]) => fabkit(args, env);
  async function cliJson<T extends CliJson>(args: readonly string[], exitCode = 0): Promise<T> {
    const r = await cli([...args, '--json']);
    if (r.exitCode !== exitCode)
      throw new Error(
        `fabkit ${args.join(' ')} exited ${String(r.exitCode)}, not ${exitCode}:\n${r.stderr}\n${r.stdout}`,
      );
    return JSON.parse(r.stdout) as T;
  }

  beforeAll(async () => {
    expect(org1 && org2).toBeTruthy();
    for (const home of [h1, h2]) fs.rmSync(home, { recursive: true, force: true });
    if (runtime === 'docker') {
      // configtxgen reads `MSPDir: /opt/home/…` from configtx.yaml: the container paths must resolve inside files too.
      engine = new DockerEngineApiDouble({ binDir, configDir: expectedInstall().configDir, mountRoot: '/opt' });
      await engine.start();
      env = { DOCKER_HOST: engine.dockerHost };
    }
  });

  afterAll(async () => {
    if (engine === undefined) return;
    try {
      for (const home of [h1, h2]) {
        if (!fs.existsSync(path.join(home, 'fabkit.yaml'))) continue;
        const down = await cli(['cli', 'down', '--home', home, '--json']);
        expect(down.exitCode).toBe(0);
      }
    } finally {
      await engine.stop();
    }
  });

  it(`init${runtime === 'docker' ? ', cli up' : ''} and enroll both members in fresh homes`, async () => {
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
      if (runtime === 'docker') {
        // Both homes talk to the same engine: each needs its own cli container (the default name is `cli`).
        saveProfile(
          home,
          { ...loaded.file, runtime: { ...loaded.file.runtime, containerName: `${runtime}-${member}-cli` } },
          { force: true },
        );
        // Enrolling waits for admin recognition with the runtime's executor, so the container comes first.
        const up = await cliJson<CliJson & { outcome: string; containerName: string }>(['cli', 'up', '--home', home]);
        expect(up).toMatchObject({ ok: true, outcome: 'created', containerName: `${runtime}-${member}-cli` });
        expect(engine?.container(`${runtime}-${member}-cli`)?.binds).toContain(`${home}:${CONTAINER_HOME}`);
      }
      const enroll = await cliJson<CliJson & { outcome: string }>(['enroll', '--home', home]);
      expect(enroll.outcome).toBe('enrolled');
    }
  });

  describe('validation before acting', () => {
    const artifacts = (): string => path.join(h1, 'channel-artifacts');

    async function refused(args: readonly string[]): Promise<{ code: string | undefined; stderr: string }> {
      const before = tree(artifacts());
      const execsBefore = engine?.execs.length ?? 0;
      const r = await cli([...args, '--home', h1, '--json']);
      expect(r.exitCode).toBe(2);
      const out = JSON.parse(r.stdout) as CliJson;
      expect(out.ok).toBe(false);
      expect(out.error?.kind).toBe('usage');
      // Nothing written, nothing run in the container.
      expect(tree(artifacts())).toEqual(before);
      expect(engine?.execs.length ?? 0).toBe(execsBefore);
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

  it('tutorial step 7 on this runtime: deploy example02 on the one-member channel, query 100, invoke, query 90', async () => {
    // The cli container sees only the home, so the chaincode is copied under it (as the tutorial's ~/fabric-samples/chaincode).
    const source = path.join(h1, 'chaincode', 'example02');
    fs.cpSync(path.join(ROOT, 'chaincode', 'example02'), source, {
      recursive: true,
      filter: (src) => !src.includes('node_modules'),
    });
    const deployed = await cliJson<CliJson & { ready: boolean; lifecycle: string }>([
      'chaincode',
      'deploy',
      'mycc',
      '-C',
      solo,
      '-p',
      source,
      '-c',
      '{"Args":["init","a","100","b","200"]}',
      '--home',
      h1,
    ]);
    expect(deployed).toMatchObject({ ready: true, lifecycle: '2.x' });
    const query = ['chaincode', 'query', 'mycc', '-C', solo, '-c', '{"Args":["query","a"]}', '--home', h1];
    expect((await cliJson<CliJson & { payload: string }>(query)).payload).toBe('100');
    const invoked = await cliJson<CliJson & { validationCode: string }>([
      'chaincode',
      'invoke',
      'mycc',
      '-C',
      solo,
      '-c',
      '{"Args":["invoke","a","b","10"]}',
      '--home',
      h1,
    ]);
    expect(invoked.validationCode).toBe('VALID');
    expect((await cliJson<CliJson & { payload: string }>(query)).payload).toBe('90');
  });

  if (runtime === 'docker') {
    it('every exec that reached the containers names paths as the container sees them (no host home path)', () => {
      const execs = engine?.execs ?? [];
      expect(execs.length).toBeGreaterThan(0);
      const leaked = execs.filter((e) => [...e.argv, ...e.env].some((v) => v.includes(h1) || v.includes(h2)));
      expect(leaked).toEqual([]);
      expect(execs.some((e) => e.argv.some((a) => a.startsWith(`${CONTAINER_HOME}/`)))).toBe(true);
    });
  }

  it("the library (listChannels, readChannelConfig, fetchChannelBlock) through a recording executor around the runtime's real executor", async () => {
    const recorded: CommandSpec[] = [];
    const execsBefore = engine?.execs.length ?? 0;
    for (const home of [h1, h2]) {
      const { profile } = loadProfile(home);
      const inner: Executor =
        runtime === 'docker'
          ? dockerExecutorOf(profile, { socketPath: engine?.socketPath })
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

    if (engine) {
      // What reached the "container" is exactly what the workflows asked for, argv and env.
      const execs = engine.execs.slice(execsBefore);
      expect(execs.map((e) => ({ argv: e.argv, env: e.env, exitCode: e.exitCode }))).toEqual(
        recorded.map((s) => ({
          argv: [s.tool, ...s.args],
          env: Object.entries(s.env).map(([k, v]) => `${k}=${v}`),
          exitCode: 0,
        })),
      );
    }

    const homes = runtime === 'docker' ? [CONTAINER_HOME] : [h1, h2];
    librarySpecs.set(runtime, normalizeSpecs(recorded, normalizerOf(homes, { [solo]: '<SOLO>', [pair]: '<PAIR>' })));
  });
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
