/**
 * The docker runtime end to end on the REAL Docker engine (scripts/docker-engine.sh, made sure of
 * by global-setup with the fabric-tools image `fabkit cli image build` made): DockerExecutor →
 * dockerode → docker-modem → a recording pass-through proxy (test/helpers, it forwards every byte
 * unchanged and keeps a copy) → the engine's socket. Every tool runs in a real container.
 *
 * The Docker Engine API double (test/doubles) serves only the last block, for faults a real
 * engine cannot be made to produce on demand; those tests say "double" in their names.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import Dockerode from 'dockerode';
import execa from 'execa';
import { registerCliContainer } from '../../src/cli/commands/cli-container';
import { makeOutput } from '../../src/cli/output';
import { DockerExecutor } from '../../src/runtime/docker-executor';
import { expectedInstall, FABRIC_VERSION } from '../../src/runtime/fabric-install';
import { DockerEngineApiDouble } from '../doubles/docker-engine-api-double';
import { FABKIT, ROOT, SHARED_BASE_PORT } from '../helpers/devnet';
import { realEngine } from '../helpers/docker-engine';
import { RecordingDockerProxy } from '../helpers/recording-docker-proxy';
import { rejected } from '../helpers/thrown';

jest.setTimeout(120_000);

const IMAGE = `hyperledger/fabric-tools:${FABRIC_VERSION}`;
/** Unique per integration run (base port), so that runs of other checkouts on the same engine do not meet. */
const NAME = `fabkit-int-${SHARED_BASE_PORT}-exec`;
const template = fs.readFileSync(path.resolve(__dirname, '..', '..', 'templates', 'docker-compose-cli.yaml'), 'utf8');
const install = expectedInstall();
const USER = `${process.getuid?.()}:${process.getgid?.()}`;

function executorFor(
  docker: Dockerode,
  home: string,
  overrides: Partial<ConstructorParameters<typeof DockerExecutor>[0]> = {},
): DockerExecutor {
  return new DockerExecutor({
    docker,
    containerName: NAME,
    home,
    containerHome: '/opt/home',
    chaincodeDir: path.join(home, 'chaincode'),
    fabricVersion: FABRIC_VERSION,
    template,
    ...overrides,
  });
}

let engine: Dockerode;
let proxy: RecordingDockerProxy;
let work: string;
let home: string;
let docker: Dockerode;
let executor: DockerExecutor;

/** What the engine received since `from` (a count of requests), as `METHOD path` without the version prefix and ids. */
function requestsSince(from: number): string[] {
  return proxy
    .requests()
    .slice(from)
    .map((r) => `${r.method} ${r.target.replace(/^\/v1\.\d+/, '').replace(/[0-9a-f]{64}/g, '<id>')}`);
}

/** This file's containers (NAME and NAME-…), left over by an interrupted run or by a test that failed half-way. */
async function removeOurContainers(): Promise<void> {
  const all = await engine.listContainers({ all: true });
  const ours = all.filter((c) => c.Names.some((n) => n === `/${NAME}` || n.startsWith(`/${NAME}-`)));
  await Promise.all(ours.map((c) => engine.getContainer(c.Id).remove({ force: true })));
}

beforeAll(async () => {
  const real = await realEngine();
  engine = real.docker;
  proxy = new RecordingDockerProxy(real.dockerHost);
  await proxy.start();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-docker-exec-'));
  home = path.join(work, 'home');
  fs.mkdirSync(home);
  // A client pinned to the engine's API version: dockerode prefixes every path with /v1.41.
  docker = new Dockerode({ socketPath: proxy.socketPath, version: 'v1.41' });
  executor = executorFor(docker, home);
  await removeOurContainers();
});

afterAll(async () => {
  await removeOurContainers();
  await proxy.stop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('DockerExecutor on the real engine', () => {
  it('status before up: no container', async () => {
    expect(await executor.status()).toEqual({
      containerName: NAME,
      exists: false,
      running: false,
      image: IMAGE,
      id: undefined,
      state: undefined,
      mounts: [],
      networkMode: undefined,
      user: undefined,
      stale: [],
    });
  });

  it("up creates the container from the compose template (host network, init + SIGHUP, the caller's uid:gid, no /var/run) and starts it", async () => {
    const lines: string[] = [];
    const before = proxy.requests().length;
    const result = await executor.up((line) => lines.push(line));
    expect(result).toMatchObject({ outcome: 'created', containerName: NAME, image: IMAGE, pulled: false });
    expect(lines).toEqual([`creating container ${NAME} from ${IMAGE}`]);

    const info = await engine.getContainer(NAME).inspect();
    expect(info.State.Running).toBe(true);
    expect(info.HostConfig.NetworkMode).toBe('host');
    expect(info.HostConfig.Init).toBe(true);
    expect(info.Config.User).toBe(USER);
    expect((info.Config as { StopSignal?: string }).StopSignal).toBe('SIGHUP');
    expect(info.Config).toMatchObject({
      Tty: true,
      Cmd: ['/bin/bash'],
      WorkingDir: '/opt/gopath/src/github.com/hyperledger/fabric/peer',
    });
    expect(info.Config.Env).toEqual(
      expect.arrayContaining([
        'GOPATH=/opt/gopath',
        'FABRIC_LOGGING_SPEC=info',
        'CORE_PEER_ID=cli',
        'CORE_CHAINCODE_KEEPALIVE=10',
      ]),
    );
    expect(info.Config.Env.some((e) => e.startsWith('CORE_VM_ENDPOINT='))).toBe(false);
    expect(info.Mounts.map((m) => `${m.Source}:${m.Destination}`).sort()).toEqual([
      `${home}/chaincode:/opt/gopath/src/github.com`,
      `${home}:/opt/home`,
    ]);
    expect(fs.statSync(path.join(home, 'chaincode')).isDirectory()).toBe(true);
    // The pinned API version reached the engine as the /v1.41 prefix, which it serves.
    expect(
      proxy
        .requests()
        .slice(before)
        .every((r) => r.target.startsWith('/v1.41/')),
    ).toBe(true);
    // docker-modem sends the create options both as the JSON body and, flattened, in the query string.
    expect(requestsSince(before)).toEqual([
      'GET /_ping',
      `GET /containers/${NAME}/json`,
      `GET /images/${IMAGE}/json`,
      expect.stringMatching(new RegExp(`^POST /containers/create\\?name=${NAME}&`)),
      'POST /containers/<id>/start',
    ]);
  });

  it('up again is a no-op: already running, nothing pulled or created', async () => {
    const before = proxy.requests().length;
    const again = await executor.up();
    expect(again).toMatchObject({ outcome: 'already-running', image: IMAGE, pulled: false });
    expect(requestsSince(before)).toEqual(['GET /_ping', `GET /containers/${NAME}/json`]);
  });

  it('status shows the running container, its network, user and mounts (sorted: the engine lists them in no set order)', async () => {
    expect(await executor.status()).toMatchObject({
      exists: true,
      running: true,
      state: 'running',
      image: IMAGE,
      networkMode: 'host',
      user: USER,
      stale: [],
      mounts: [
        { source: `${home}/chaincode`, target: '/opt/gopath/src/github.com' },
        { source: home, target: '/opt/home' },
      ],
    });
  });

  it('runs `peer version` and `configtxgen --version` in the container, over a hijacked exec stream', async () => {
    const peer = await executor.run({ tool: 'peer', args: ['version'], env: {} });
    expect(peer.exitCode).toBe(0);
    expect(peer.stdout).toMatch(/^peer:\n Version: 2\.5\.9\n/);
    expect(peer.stderr).toBe('');
    const tx = await executor.run({ tool: 'configtxgen', args: ['--version'], env: {} });
    expect(tx.exitCode).toBe(0);
    expect(tx.stdout).toMatch(/^configtxgen:\n Version: 2\.5\.9\n/);
    expect(await executor.version('configtxlator')).toBe('2.5.9');
    expect(await executor.version('peer')).toBe('2.5.9');
    expect(await executor.version('osnadmin')).toBeUndefined();
    const starts = proxy.requests().filter((r) => /\/exec\/[0-9a-f]+\/start$/.test(r.target));
    expect(starts.length).toBeGreaterThanOrEqual(4);
    expect(starts.every((r) => r.headers.upgrade === 'tcp')).toBe(true);
  });

  it('propagates a non-zero exit code and keeps stderr apart from stdout; Env reaches the exec as KEY=VALUE', async () => {
    const env = { CORE_PEER_MSPCONFIGPATH: '/opt/home/no-such-msp', CORE_PEER_LOCALMSPID: 'm-TEST' };
    const r = await executor.run({ tool: 'peer', args: ['channel', 'list'], env });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Cannot run peer because cannot init crypto');
    expect(r.stderr).toContain('/opt/home/no-such-msp');
    expect(proxy.execs().pop()).toEqual({
      argv: ['peer', 'channel', 'list'],
      env: ['CORE_PEER_MSPCONFIGPATH=/opt/home/no-such-msp', 'CORE_PEER_LOCALMSPID=m-TEST'],
      user: undefined,
    });
  });

  it("a file written in the container lands in the home, owned by the caller's uid:gid", async () => {
    fs.mkdirSync(path.join(home, 'in'));
    fs.mkdirSync(path.join(home, 'out'));
    fs.writeFileSync(path.join(home, 'in', 'block.json'), JSON.stringify({ header: { number: '7', data_hash: null } }));
    const encode = await executor.run({
      tool: 'configtxlator',
      args: [
        'proto_encode',
        '--type',
        'common.Block',
        '--input',
        '/opt/home/in/block.json',
        '--output',
        '/opt/home/out/block.pb',
      ],
      env: {},
    });
    expect(encode).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    const written = fs.statSync(path.join(home, 'out', 'block.pb'));
    expect(written.size).toBeGreaterThan(0);
    expect(`${written.uid}:${written.gid}`).toBe(USER);

    const inspect = await executor.run({
      tool: 'configtxgen',
      args: ['-inspectBlock', '/opt/home/out/block.pb'],
      env: {},
    });
    expect(inspect.exitCode).toBe(0);
    expect(JSON.parse(inspect.stdout)).toMatchObject({ header: { number: '7' } });
    expect(inspect.stderr).toContain('Inspecting block');
    expect(inspect.stdout).not.toContain('Inspecting block');
  });

  it('a tool the image lacks: exit 126, the runtime says so on stdout, nothing on stderr', async () => {
    // fabkit's image leaves fabric-ca-server out (it is dynamically linked).
    const r = await executor.run({ tool: 'fabric-ca-server', args: ['version'], env: {} });
    expect(r.exitCode).toBe(126);
    expect(r.stdout).toContain('exec: "fabric-ca-server": executable file not found in $PATH');
    expect(r.stderr).toBe('');
  });

  it('enforces the timeout: exit code -1, the output so far, and why', async () => {
    const r = await executor.run(
      { tool: 'configtxlator', args: ['start', '--hostname=127.0.0.1', '--port=0'], env: {} },
      { timeoutMs: 1500 },
    );
    expect(r.exitCode).toBe(-1);
    expect(r.durationMs).toBeGreaterThanOrEqual(1500);
    expect(r.stderr).toContain('Serving HTTP requests on 127.0.0.1:');
    expect(r.stderr).toContain(
      `fabkit: configtxlator start --hostname=127.0.0.1 --port=0 timed out after 1.5s in container ${NAME}`,
    );
  });

  it('refuses a container of the same name with another image or another home: up, run and down alike', async () => {
    const before = proxy.requests().length;
    const otherImage = await rejected(executorFor(docker, home, { fabricVersion: '2.2' }).up());
    expect(otherImage.code).toBe('CLI_CONTAINER_CONFLICT');
    expect(otherImage.message).toBe(
      `A container named ${NAME} exists with image ${IMAGE}, not hyperledger/fabric-tools:2.2; fabkit does not replace it`,
    );
    expect(otherImage.hint).toContain('fabkit cli down');
    const elsewhere = executorFor(docker, path.join(work, 'elsewhere'));
    const otherHome = await rejected(elsewhere.up());
    expect(otherHome.code).toBe('CLI_CONTAINER_CONFLICT');
    expect(otherHome.message).toContain(`does not mount ${work}/elsewhere at /opt/home (it mounts ${home} there)`);
    expect(otherHome.hint).toContain(`fabkit cli down --home ${home}`);
    // Another member's home on the same engine and container name: run() does not exec in the wrong home.
    const run = await rejected(elsewhere.run({ tool: 'peer', args: ['version'], env: {} }));
    expect(run.code).toBe('CLI_CONTAINER_CONFLICT');
    // ... nor removes the other home's container.
    const down = await rejected(elsewhere.down());
    expect(down.code).toBe('CLI_CONTAINER_CONFLICT');
    expect(down.hint).toBe(
      `It serves the home ${home}: give this home its own container (runtime.containerName in fabkit.yaml), or remove that one (fabkit cli down --home ${home}, or docker rm -f ${NAME}).`,
    );
    expect((await executor.status()).running).toBe(true);
    expect(
      proxy
        .requests()
        .slice(before)
        .filter((r) => r.method !== 'GET'),
    ).toEqual([]);
  });

  it('down stops and removes it well within the stop grace', async () => {
    const { Id } = await engine.getContainer(NAME).inspect();
    const started = Date.now();
    const down = await executor.down();
    const ms = Date.now() - started;
    expect(down).toMatchObject({ outcome: 'removed', containerName: NAME, id: Id });
    process.stderr.write(`cli down (library, real engine): ${ms} ms\n`);
    expect(ms).toBeLessThan(2000); // the stop grace is 2 s; a shell that ignored the signal would take all of it
    const stops = proxy.requests().filter((r) => r.method === 'POST' && r.target.includes(`/containers/${Id}/stop`));
    expect(stops.map((r) => r.target.replace(/^\/v1\.41/, ''))).toEqual([`/containers/${Id}/stop?t=2`]);
  });

  it('down is idempotent; run afterwards says CLI_CONTAINER_NOT_RUNNING with the fix', async () => {
    expect(await executor.down()).toEqual({ outcome: 'already-removed', containerName: NAME, id: undefined });
    expect((await executor.status()).exists).toBe(false);
    const error = await rejected(executor.run({ tool: 'peer', args: ['version'], env: {} }));
    expect(error.code).toBe('CLI_CONTAINER_NOT_RUNNING');
    expect(error.message).toBe(`Cannot run peer: the cli container ${NAME} does not exist`);
    expect(error.hint).toBe('Run `fabkit cli up` to create and start it.');
  });

  it("a stale container of this home (the tutorial's options: default network, no init, root, /var/run) is recreated by up", async () => {
    const tutorial = await engine.createContainer({
      name: NAME,
      Image: IMAGE,
      Tty: true,
      Cmd: ['/bin/bash'],
      HostConfig: {
        Binds: ['/var/run:/host/var/run', `${home}/chaincode:/opt/gopath/src/github.com`, `${home}:/opt/home`],
      },
    });
    await tutorial.start();
    const stale = await executor.status();
    expect(stale.networkMode).toBe('default');
    expect(stale.stale).toEqual([
      'network mode default, not host',
      'no init process',
      `user (none), not ${USER}`,
      'stop signal SIGTERM, not SIGHUP',
      'mounts /var/run -> /host/var/run too',
    ]);
    // Its shell ignores the stop signal: stopping it takes the whole grace, then SIGKILL.
    const lines: string[] = [];
    const started = Date.now();
    const up = await executor.up((line) => lines.push(line));
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(up).toMatchObject({ outcome: 'recreated', pulled: false, stale: stale.stale });
    expect(lines[0]).toBe(`recreating container ${NAME}, created otherwise (${stale.stale.join('; ')})`);
    const info = await engine.getContainer(NAME).inspect();
    expect(info.Id).not.toBe(tutorial.id);
    expect(info.HostConfig.NetworkMode).toBe('host');
    expect((await executor.status()).stale).toEqual([]);
  });

  it('stopping it is prompt (the init passes SIGHUP on to the shell: exit 129, not SIGKILL after the grace); run then says CLI_CONTAINER_NOT_RUNNING, up starts it again', async () => {
    const started = Date.now();
    await engine.getContainer(NAME).stop({ t: 10 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await engine.getContainer(NAME).inspect()).State.ExitCode).toBe(129);
    const error = await rejected(executor.run({ tool: 'peer', args: ['version'], env: {} }));
    expect(error.code).toBe('CLI_CONTAINER_NOT_RUNNING');
    expect(error.message).toBe(`Cannot run peer: the cli container ${NAME} is exited`);
    expect((await executor.up()).outcome).toBe('started');
    expect((await executor.run({ tool: 'peer', args: ['version'], env: {} })).exitCode).toBe(0);
    await executor.down();
  });

  it('the tools run as the uid:gid they are given: a home owned by 4242 gets files owned by 4242', async () => {
    const other = path.join(work, 'home-4242');
    fs.mkdirSync(path.join(other, 'chaincode'), { recursive: true });
    fs.writeFileSync(path.join(other, 'block.json'), JSON.stringify({ header: { number: '1' } }));
    fs.chownSync(other, 4242, 4242);
    fs.chownSync(path.join(other, 'chaincode'), 4242, 4242);
    const as4242 = executorFor(docker, other, { user: '4242:4242' });
    await as4242.up();
    try {
      const r = await as4242.run({
        tool: 'configtxlator',
        args: [
          'proto_encode',
          '--type',
          'common.Block',
          '--input',
          '/opt/home/block.json',
          '--output',
          '/opt/home/block.pb',
        ],
        env: {},
      });
      expect(r.exitCode).toBe(0);
      const written = fs.statSync(path.join(other, 'block.pb'));
      expect([written.uid, written.gid]).toEqual([4242, 4242]);
    } finally {
      await as4242.down();
    }
  });
});

describe('DockerExecutor: engine failures on the real engine', () => {
  it('no engine at the socket is DOCKER_UNREACHABLE, naming the socket; run() adds `fabkit cli up` to the fix', async () => {
    const socket = path.join(work, 'no-engine', 'docker.sock');
    const unreachable = executorFor(new Dockerode({ socketPath: socket }), home);
    const error = await rejected(unreachable.up());
    expect(error.code).toBe('DOCKER_UNREACHABLE');
    expect(error.message).toBe(`Cannot reach the Docker engine at unix://${socket} (ENOENT) to ping it`);
    expect(error.hint).toContain('Start Docker');
    const run = await rejected(unreachable.run({ tool: 'peer', args: ['version'], env: {} }));
    expect(run.code).toBe('DOCKER_UNREACHABLE');
    expect(run.hint).toMatch(/Then run `fabkit cli up` to create the cli container\.$/);
    expect(await unreachable.version('peer')).toBeUndefined();
  });

  it("a client pinned to a newer API than the engine's gets the engine's own refusal", async () => {
    const pinned = executorFor(new Dockerode({ socketPath: proxy.socketPath, version: 'v1.45' }), home);
    const error = await rejected(pinned.status());
    expect(error.code).toBe('DOCKER_API_ERROR');
    expect(error.message).toMatch(
      /\(HTTP 400\): client version 1\.45 is too new\. Maximum supported API version is 1\.\d+$/,
    );
  });

  it("a pull no registry answers fails at once in fabkit's words, with the engine's text and `fabkit cli image build` in the hint", async () => {
    // .invalid never resolves (RFC 2606): the engine cannot reach that registry on any machine.
    const image = 'registry.invalid/hyperledger/fabric-tools:2.5.9';
    const lines: string[] = [];
    const started = Date.now();
    const error = await rejected(executorFor(docker, home, { image }).up((line) => lines.push(line)));
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(lines).toEqual([`pulling ${image}`]);
    expect(error.code).toBe('IMAGE_PULL_FAILED');
    expect(error.message).toMatch(
      new RegExp(
        `^Cannot pull ${image.replace(/\./g, '\\.')}: no registry answers the Docker engine \\(it says: .*registry\\.invalid.*\\)$`,
      ),
    );
    expect(error.message).not.toContain('HTTP code');
    expect(error.hint).toContain('`fabkit cli image build`');
    expect(error.hint).toContain(`set runtime.image: ${IMAGE}`);
    expect(String((error.cause as Error).message)).toContain('(HTTP code 500)');
    await expect(engine.getContainer(NAME).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('fabkit cli up|status|down|image build (the command module, in process, via DOCKER_HOST)', () => {
  const PROFILE = `version: 1
target: devnet
network:
  id: n-ABCDEFGHIJKLMNOPQRSTUVWXYZ
  fabricVersion: "${FABRIC_VERSION}"
  orderingServiceEndpoint: orderer.example.com:30001
member:
  id: m-J46DNSFRTVCCLONS3E5NRPXHGE
  name: org1
  caEndpoint: ca.example.com:30002
peers:
  - endpoint: peer.example.com:30003
tls:
  chainFile: tls-chain.pem
runtime:
  kind: docker
  containerName: ${NAME}-cmd
`;

  async function fabkitCli(args: string[]): Promise<{ stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const sinkOf = (append: (s: string) => void): Writable =>
      new Writable({
        write(chunk: Buffer, _e, cb) {
          append(chunk.toString());
          cb();
        },
      });
    const program = new Command('fabkit').exitOverride();
    registerCliContainer(program, async (action, json) => {
      await action(
        makeOutput(
          json,
          sinkOf((s) => {
            stdout += s;
          }),
          sinkOf((s) => {
            stderr += s;
          }),
        ),
      );
    });
    const previous = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = proxy.dockerHost;
    try {
      await program.parseAsync(args, { from: 'user' });
    } finally {
      if (previous === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = previous;
    }
    return { stdout, stderr };
  }

  it('up --json, status, down', async () => {
    const member = path.join(work, 'member');
    fs.mkdirSync(member);
    fs.writeFileSync(path.join(member, 'fabkit.yaml'), PROFILE);

    const up = await fabkitCli(['cli', 'up', '--home', member, '--json']);
    expect(JSON.parse(up.stdout)).toMatchObject({
      ok: true,
      outcome: 'created',
      containerName: `${NAME}-cmd`,
      image: IMAGE,
      pulled: false,
    });
    expect(up.stderr).toBe(`creating container ${NAME}-cmd from ${IMAGE}\n`);

    const again = await fabkitCli(['cli', 'up', '--home', member]);
    expect(again.stdout).toMatch(
      new RegExp(`^already running: container ${NAME}-cmd \\(hyperledger/fabric-tools:2\\.5\\.9, [0-9a-f]{12}\\)\\n$`),
    );

    const status = await fabkitCli(['cli', 'status', '--home', member]);
    expect(status.stdout).toContain('state      running');
    expect(status.stdout).toContain('network    host');
    expect(status.stdout).toContain(`user       ${USER}`);
    expect(status.stdout).toContain(
      `mounts     ${member}/chaincode -> /opt/gopath/src/github.com\n           ${member} -> /opt/home`,
    );

    const down = await fabkitCli(['cli', 'down', '--home', member, '--json']);
    expect(JSON.parse(down.stdout)).toMatchObject({ ok: true, outcome: 'removed', containerName: `${NAME}-cmd` });
    expect((await fabkitCli(['cli', 'down', '--home', member])).stdout).toBe(
      `already removed: no container ${NAME}-cmd\n`,
    );
    expect(JSON.parse((await fabkitCli(['cli', 'status', '--home', member, '--json'])).stdout)).toMatchObject({
      exists: false,
      running: false,
    });
  });

  it('image build finds the image global-setup built up to date; another Fabric version is refused as bad usage', async () => {
    const built = await fabkitCli(['cli', 'image', 'build', '--json']);
    expect(JSON.parse(built.stdout)).toMatchObject({ ok: true, outcome: 'unchanged', image: IMAGE });
    const other = await rejected(fabkitCli(['cli', 'image', 'build', '--fabric-version', '2.2']));
    expect(other.code).toBe('FABRIC_VERSION_NOT_BUILT');
    expect(other.kind).toBe('usage');
    expect(other.hint).toContain(`runtime.image: ${IMAGE}`);
  });

  it("the built CLI run as a non-root user (uid 4242) creates the container with that user's uid:gid", async () => {
    const member = path.join(work, 'member-4242');
    fs.chmodSync(work, 0o755); // mkdtemp made it 0700: uid 4242 must reach its home inside
    fs.mkdirSync(member);
    fs.writeFileSync(path.join(member, 'fabkit.yaml'), PROFILE.replace(`${NAME}-cmd`, `${NAME}-4242`));
    fs.chownSync(member, 4242, 4242);
    fs.chownSync(path.join(member, 'fabkit.yaml'), 4242, 4242);
    const as4242 = (args: string[]) =>
      execa('setpriv', ['--reuid', '4242', '--regid', '4242', '--clear-groups', process.execPath, FABKIT, ...args], {
        cwd: ROOT,
        reject: false,
        env: { DOCKER_HOST: proxy.dockerHost, HOME: member },
      });
    const up = await as4242(['cli', 'up', '--home', member, '--json']);
    expect({ exitCode: up.exitCode, stderr: up.stderr }).toEqual({ exitCode: 0, stderr: expect.any(String) });
    try {
      const info = await engine.getContainer(`${NAME}-4242`).inspect();
      expect(info.Config.User).toBe('4242:4242');
      expect(fs.statSync(path.join(member, 'chaincode')).uid).toBe(4242);
    } finally {
      expect((await as4242(['cli', 'down', '--home', member])).exitCode).toBe(0);
    }
  });
});

describe('DockerExecutor against the Docker Engine API double, for faults a real engine cannot produce on demand', () => {
  let double: DockerEngineApiDouble;
  let onDouble: DockerExecutor;
  const doubleHome = (): string => path.join(work, 'double-home');

  beforeAll(async () => {
    double = new DockerEngineApiDouble({ binDir: install.binDir, configDir: install.configDir });
    await double.start();
    fs.mkdirSync(doubleHome(), { recursive: true });
    onDouble = executorFor(new Dockerode({ socketPath: double.socketPath }), doubleHome());
  });

  afterAll(async () => {
    await double.stop();
  });

  it('double: a registry that answers (none does here) — up pulls the missing image with a few progress lines', async () => {
    const lines: string[] = [];
    const result = await onDouble.up((line) => lines.push(line));
    expect(result).toMatchObject({ outcome: 'created', image: IMAGE, pulled: true });
    expect(lines[0]).toBe(`pulling ${IMAGE}`);
    expect(lines).toContain(`pull ${IMAGE}: layers 3/3 complete, 60.0/60.0 MB downloaded`);
    expect(lines).toContain(`pull ${IMAGE}: Status: Downloaded newer image for ${IMAGE}`);
    expect(lines[lines.length - 1]).toBe(`creating container ${NAME} from ${IMAGE}`);
    expect(lines.length).toBeLessThan(20);
    expect(double.requests.filter((r) => r.path.startsWith('/images/create'))).toHaveLength(1);
  });

  it('double: the engine still reports an exec as running after its stream ended — run waits for the exit code', async () => {
    const before = double.requests.length;
    double.execInspectLag = 3;
    try {
      const r = await onDouble.run({ tool: 'peer', args: ['channel', 'list'], env: {} });
      expect(r.exitCode).toBe(1);
    } finally {
      double.execInspectLag = 0;
    }
    expect(double.requests.slice(before).filter((r) => /^\/exec\/[0-9a-f]+\/json$/.test(r.path))).toHaveLength(4);
  });

  it('double: an engine that drops its connections is DOCKER_UNREACHABLE', async () => {
    double.refuse = true;
    try {
      const error = await rejected(
        executorFor(new Dockerode({ socketPath: double.socketPath }), doubleHome()).status(),
      );
      expect(error.code).toBe('DOCKER_UNREACHABLE');
      expect(error.message).toContain(`Cannot reach the Docker engine at unix://${double.socketPath}`);
    } finally {
      double.refuse = false;
    }
  });

  it('double: a registry that fails in the middle of a download is IMAGE_PULL_FAILED with its message, and no container', async () => {
    const failing = new DockerEngineApiDouble({
      binDir: install.binDir,
      configDir: install.configDir,
      pullStreamError: 'unexpected EOF',
    });
    await failing.start();
    try {
      const error = await rejected(executorFor(new Dockerode({ socketPath: failing.socketPath }), doubleHome()).up());
      expect(error.code).toBe('IMAGE_PULL_FAILED');
      expect(error.message).toBe(`Pulling ${IMAGE} failed: unexpected EOF`);
      expect(failing.container(NAME)).toBeUndefined();
    } finally {
      await failing.stop();
    }
  });
});
