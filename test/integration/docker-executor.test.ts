/**
 * The docker runtime end to end: DockerExecutor → dockerode → docker-modem → HTTP over a unix
 * socket → the Docker Engine API TEST DOUBLE (test/doubles), which runs the exec'd Fabric tools
 * as local processes from the Fabric binaries cache. There is no Docker engine on this machine;
 * everything up to the socket is the real client code, and every tool run is a real Fabric tool.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import Dockerode from 'dockerode';
import { registerCliContainer } from '../../src/cli/commands/cli-container';
import { makeOutput } from '../../src/cli/output';
import { expectedInstall } from '../../src/runtime/fabric-install';
import { DockerExecutor } from '../../src/runtime/docker-executor';
import { DockerEngineApiDouble } from '../doubles/docker-engine-api-double';
import { rejected } from '../helpers/thrown';

jest.setTimeout(120_000);

const IMAGE = 'hyperledger/fabric-tools:2.5.9';
const template = fs.readFileSync(path.resolve(__dirname, '..', '..', 'templates', 'docker-compose-cli.yaml'), 'utf8');
const install = expectedInstall();

function executorFor(
  docker: Dockerode,
  home: string,
  overrides: Partial<ConstructorParameters<typeof DockerExecutor>[0]> = {},
): DockerExecutor {
  return new DockerExecutor({
    docker,
    containerName: 'cli',
    home,
    containerHome: '/opt/home',
    chaincodeDir: path.join(home, 'chaincode'),
    fabricVersion: '2.5.9',
    template,
    ...overrides,
  });
}

let engine: DockerEngineApiDouble;
let home: string;
let docker: Dockerode;
let executor: DockerExecutor;

beforeAll(async () => {
  engine = new DockerEngineApiDouble({ binDir: install.binDir, configDir: install.configDir });
  await engine.start();
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-docker-home-'));
  // An explicit API version: dockerode then prefixes every path with /v1.45, as a pinned client does.
  docker = new Dockerode({ socketPath: engine.socketPath, version: 'v1.45' });
  executor = executorFor(docker, home);
});

afterAll(async () => {
  await engine.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('DockerExecutor against the Docker Engine API test double', () => {
  it('status before up: no container', async () => {
    expect(await executor.status()).toEqual({
      containerName: 'cli',
      exists: false,
      running: false,
      image: IMAGE,
      id: undefined,
      state: undefined,
      mounts: [],
    });
  });

  it('up pulls the missing image with progress, creates the container from the compose template and starts it', async () => {
    const lines: string[] = [];
    const before = engine.requests.length;
    const result = await executor.up((line) => lines.push(line));
    expect(result).toMatchObject({ outcome: 'created', containerName: 'cli', image: IMAGE, pulled: true });
    expect(lines[0]).toBe(`pulling ${IMAGE}`);
    expect(lines).toContain(`pull ${IMAGE}: layers 3/3 complete, 60.0/60.0 MB downloaded`);
    expect(lines).toContain(`pull ${IMAGE}: Status: Downloaded newer image for ${IMAGE}`);
    expect(lines[lines.length - 1]).toBe(`creating container cli from ${IMAGE}`);
    expect(lines.length).toBeLessThan(20);
    expect(engine.images.has(IMAGE)).toBe(true);

    const created = engine.container('cli');
    expect(created).toMatchObject({ id: result.id, name: 'cli', image: IMAGE, running: true });
    expect(created?.binds).toEqual([
      '/var/run:/host/var/run',
      `${home}/chaincode:/opt/gopath/src/github.com`,
      `${home}:/opt/home`,
    ]);
    expect(created?.config).toMatchObject({
      Tty: true,
      Cmd: ['/bin/bash'],
      WorkingDir: '/opt/gopath/src/github.com/hyperledger/fabric/peer',
    });
    expect(created?.config.Env).toEqual(
      expect.arrayContaining([
        'GOPATH=/opt/gopath',
        'CORE_VM_ENDPOINT=unix:///host/var/run/docker.sock',
        'FABRIC_LOGGING_SPEC=info',
        'CORE_PEER_ID=cli',
        'CORE_CHAINCODE_KEEPALIVE=10',
      ]),
    );
    expect(fs.statSync(path.join(home, 'chaincode')).isDirectory()).toBe(true);
    // dockerode's pinned API version reached the engine as the /v1.45 prefix.
    expect(engine.requests.every((r) => r.apiVersion === '1.45')).toBe(true);
    // docker-modem sends the create options both as the JSON body and, flattened, in the query string.
    expect(engine.requests.slice(before).map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{64}/, '<id>')}`)).toEqual([
      'GET /_ping',
      'GET /containers/cli/json',
      `GET /images/${IMAGE}/json`,
      'POST /images/create?fromImage=hyperledger%2Ffabric-tools&tag=2.5.9',
      `GET /images/${IMAGE}/json`,
      expect.stringMatching(/^POST \/containers\/create\?name=cli&/),
      'POST /containers/<id>/start',
    ]);
  });

  it('up again is a no-op: already running, nothing pulled or created', async () => {
    const before = engine.requests.length;
    const again = await executor.up();
    expect(again).toMatchObject({ outcome: 'already-running', image: IMAGE, pulled: false });
    expect(engine.requests.slice(before).map((r) => r.method)).toEqual(['GET', 'GET']);
  });

  it('status shows the running container and its mounts', async () => {
    expect(await executor.status()).toMatchObject({
      exists: true,
      running: true,
      state: 'running',
      image: IMAGE,
      mounts: [
        { source: '/var/run', target: '/host/var/run' },
        { source: `${home}/chaincode`, target: '/opt/gopath/src/github.com' },
        { source: home, target: '/opt/home' },
      ],
    });
  });

  it('runs `peer version` and `configtxgen --version` in the container, over a hijacked (101 Upgrade) exec stream', async () => {
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

    const [first] = engine.execs;
    expect(first).toMatchObject({ argv: ['peer', 'version'], env: [], tty: false, startedVia: 'upgrade', exitCode: 0 });
    const starts = engine.requests.filter((r) => /^\/exec\/[0-9a-f]+\/start$/.test(r.path));
    expect(starts.length).toBeGreaterThanOrEqual(3);
    expect(starts.every((r) => r.upgrade)).toBe(true);
  });

  it('propagates a non-zero exit code and keeps stderr apart from stdout; Env arrives as KEY=VALUE, translated in the container', async () => {
    const env = { CORE_PEER_MSPCONFIGPATH: '/opt/home/no-such-msp', CORE_PEER_LOCALMSPID: 'm-TEST' };
    const r = await executor.run({ tool: 'peer', args: ['channel', 'list'], env });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Cannot run peer because cannot init crypto');
    expect(r.stderr).toContain(`${home}/no-such-msp`);
    expect(engine.execs[engine.execs.length - 1]).toMatchObject({
      argv: ['peer', 'channel', 'list'],
      env: ['CORE_PEER_MSPCONFIGPATH=/opt/home/no-such-msp', 'CORE_PEER_LOCALMSPID=m-TEST'],
      exitCode: 1,
    });
  });

  it('translates /opt/home paths: a file written in the container lands in the home, and output splits into stdout and stderr', async () => {
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
    expect(fs.statSync(path.join(home, 'out', 'block.pb')).size).toBeGreaterThan(0);

    const inspect = await executor.run({
      tool: 'configtxgen',
      args: ['-inspectBlock', '/opt/home/out/block.pb'],
      env: {},
    });
    expect(inspect.exitCode).toBe(0);
    expect(JSON.parse(inspect.stdout)).toMatchObject({ header: { number: '7' } });
    expect(inspect.stderr).toContain('Inspecting block');
    expect(inspect.stdout).not.toContain('Inspecting block');
    expect(engine.execs[engine.execs.length - 1]?.argv).toEqual([
      'configtxgen',
      '-inspectBlock',
      '/opt/home/out/block.pb',
    ]);
  });

  it('waits for the exit code when the engine reports the exec as running after its stream ended', async () => {
    const before = engine.requests.length;
    engine.execInspectLag = 3;
    try {
      const r = await executor.run({ tool: 'peer', args: ['channel', 'list'], env: {} });
      expect(r.exitCode).toBe(1);
    } finally {
      engine.execInspectLag = 0;
    }
    expect(engine.requests.slice(before).filter((r) => /^\/exec\/[0-9a-f]+\/json$/.test(r.path))).toHaveLength(4);
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
      'fabkit: configtxlator start --hostname=127.0.0.1 --port=0 timed out after 1.5s in container cli',
    );
  });

  it('the double also answers a plain (not hijacked) exec start with a streamed 200 in the same multiplexed format', async () => {
    const container = docker.getContainer('cli');
    const exec = await container.exec({ Cmd: ['peer', 'version'], AttachStdout: true, AttachStderr: true, Tty: false });
    const stream = await exec.start({ hijack: false, stdin: false });
    const chunks: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _e, cb) {
        chunks.push(chunk);
        cb();
      },
    });
    const err = new Writable({
      write(_chunk, _e, cb) {
        cb();
      },
    });
    docker.modem.demuxStream(stream, out, err);
    await new Promise((resolve) => stream.on('end', resolve));
    expect(Buffer.concat(chunks).toString()).toMatch(/^peer:\n Version: 2\.5\.9\n/);
    expect(await exec.inspect()).toMatchObject({ Running: false, ExitCode: 0 });
    expect(engine.execs[engine.execs.length - 1]?.startedVia).toBe('http-200');
  });

  it('refuses to reuse a container with the same name but another image or another home', async () => {
    const before = engine.requests.length;
    const otherImage = await rejected(executorFor(docker, home, { fabricVersion: '2.2' }).up());
    expect(otherImage.code).toBe('CLI_CONTAINER_CONFLICT');
    expect(otherImage.message).toBe(
      `A container named cli exists with image ${IMAGE}, not hyperledger/fabric-tools:2.2; fabkit does not replace it`,
    );
    expect(otherImage.hint).toContain('fabkit cli down');
    const otherHome = await rejected(executorFor(docker, path.join(home, 'elsewhere')).up());
    expect(otherHome.code).toBe('CLI_CONTAINER_CONFLICT');
    expect(otherHome.message).toContain(`does not mount ${home}/elsewhere at /opt/home (it mounts ${home} there)`);
    expect(
      engine.requests
        .slice(before)
        .filter((r) => r.method !== 'GET')
        .map((r) => r.path),
    ).toEqual([]);
  });

  it('a stopped container: run says CLI_CONTAINER_NOT_RUNNING, up starts it again', async () => {
    await docker.getContainer('cli').stop();
    const error = await rejected(executor.run({ tool: 'peer', args: ['version'], env: {} }));
    expect(error.code).toBe('CLI_CONTAINER_NOT_RUNNING');
    expect(error.message).toBe('Cannot run peer: the cli container cli is exited');
    expect((await executor.up()).outcome).toBe('started');
    expect((await executor.run({ tool: 'peer', args: ['version'], env: {} })).exitCode).toBe(0);
  });

  it('down stops and removes it, idempotently; run afterwards says CLI_CONTAINER_NOT_RUNNING with the fix', async () => {
    const down = await executor.down();
    expect(down).toMatchObject({ outcome: 'removed', containerName: 'cli' });
    expect(engine.container('cli')).toBeUndefined();
    expect(await executor.down()).toEqual({ outcome: 'already-removed', containerName: 'cli', id: undefined });
    expect((await executor.status()).exists).toBe(false);
    const error = await rejected(executor.run({ tool: 'peer', args: ['version'], env: {} }));
    expect(error.code).toBe('CLI_CONTAINER_NOT_RUNNING');
    expect(error.message).toBe('Cannot run peer: the cli container cli does not exist');
    expect(error.hint).toBe('Run `fabkit cli up` to create and start it.');
  });

  it('up after down recreates the container without pulling again', async () => {
    const result = await executor.up();
    expect(result).toMatchObject({ outcome: 'created', pulled: false });
    expect(engine.requests.filter((r) => r.path.startsWith('/images/create'))).toHaveLength(1);
    await executor.down();
  });
});

describe('DockerExecutor: engine failures', () => {
  it('an unreachable socket is DOCKER_UNREACHABLE, naming the socket', async () => {
    const socket = path.join(home, 'no-engine', 'docker.sock');
    const unreachable = executorFor(new Dockerode({ socketPath: socket }), home);
    const error = await rejected(unreachable.up());
    expect(error.code).toBe('DOCKER_UNREACHABLE');
    expect(error.message).toBe(`Cannot reach the Docker engine at unix://${socket} (ENOENT) to ping it`);
    expect(error.hint).toContain('Start Docker');
    expect((await rejected(unreachable.run({ tool: 'peer', args: ['version'], env: {} }))).code).toBe(
      'DOCKER_UNREACHABLE',
    );
    expect(await unreachable.version('peer')).toBeUndefined();
  });

  it('an engine that drops connections is DOCKER_UNREACHABLE too', async () => {
    engine.refuse = true;
    try {
      const error = await rejected(executorFor(new Dockerode({ socketPath: engine.socketPath }), home).status());
      expect(error.code).toBe('DOCKER_UNREACHABLE');
      expect(error.message).toContain(`Cannot reach the Docker engine at unix://${engine.socketPath}`);
    } finally {
      engine.refuse = false;
    }
  });

  it("a pull the engine reports as failed is IMAGE_PULL_FAILED with the engine's message", async () => {
    const failing = new DockerEngineApiDouble({
      binDir: install.binDir,
      configDir: install.configDir,
      pullError: 'pull access denied for hyperledger/fabric-tools, repository does not exist',
    });
    await failing.start();
    try {
      const error = await rejected(executorFor(new Dockerode({ socketPath: failing.socketPath }), home).up());
      expect(error.code).toBe('IMAGE_PULL_FAILED');
      expect(error.message).toBe(
        `Pulling ${IMAGE} failed: pull access denied for hyperledger/fabric-tools, repository does not exist`,
      );
      expect(failing.container('cli')).toBeUndefined();
    } finally {
      await failing.stop();
    }
  });
});

describe('fabkit cli up|status|down (the command module, in process, via DOCKER_HOST)', () => {
  const PROFILE = `version: 1
target: devnet
network:
  id: n-ABCDEFGHIJKLMNOPQRSTUVWXYZ
  fabricVersion: "2.5.9"
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
  containerName: org1-cli
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
    process.env.DOCKER_HOST = engine.dockerHost;
    try {
      await program.parseAsync(args, { from: 'user' });
    } finally {
      if (previous === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = previous;
    }
    return { stdout, stderr };
  }

  it('up --json, status, down', async () => {
    const member = path.join(home, 'member');
    fs.mkdirSync(member);
    fs.writeFileSync(path.join(member, 'fabkit.yaml'), PROFILE);

    const up = await fabkitCli(['cli', 'up', '--home', member, '--json']);
    expect(JSON.parse(up.stdout)).toMatchObject({
      ok: true,
      outcome: 'created',
      containerName: 'org1-cli',
      image: IMAGE,
      pulled: false,
    });
    expect(up.stderr).toBe('creating container org1-cli from hyperledger/fabric-tools:2.5.9\n');
    expect(engine.container('org1-cli')?.binds).toEqual([
      '/var/run:/host/var/run',
      `${member}/chaincode:/opt/gopath/src/github.com`,
      `${member}:/opt/home`,
    ]);

    const again = await fabkitCli(['cli', 'up', '--home', member]);
    expect(again.stdout).toMatch(
      /^already running: container org1-cli \(hyperledger\/fabric-tools:2\.5\.9, [0-9a-f]{12}\)\n$/,
    );

    const status = await fabkitCli(['cli', 'status', '--home', member]);
    expect(status.stdout).toContain('state      running');
    expect(status.stdout).toContain(
      `mounts     /var/run -> /host/var/run\n           ${member}/chaincode -> /opt/gopath/src/github.com`,
    );

    const down = await fabkitCli(['cli', 'down', '--home', member, '--json']);
    expect(JSON.parse(down.stdout)).toMatchObject({ ok: true, outcome: 'removed', containerName: 'org1-cli' });
    expect((await fabkitCli(['cli', 'down', '--home', member])).stdout).toBe(
      'already removed: no container org1-cli\n',
    );
    expect(JSON.parse((await fabkitCli(['cli', 'status', '--home', member, '--json'])).stdout)).toMatchObject({
      exists: false,
      running: false,
    });
  });
});
