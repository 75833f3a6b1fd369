/**
 * Runs the devnet's Node.js external builder scripts (templates/devnet/builders/node/bin)
 * for real against temporary fixture directories, with the bare environment a Fabric peer
 * gives builders. Nothing here needs the network: the fixture packages have no registry
 * dependencies, and the run step starts test fakes instead of fabric-shim.
 */
import execa from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { waitFor } from '../../src/runtime/wait-for';
import { linesOf } from '../../src/workflows/chaincode/chaincode-log';

const BIN = path.resolve(__dirname, '../../templates/devnet/builders/node/bin');
const NPM_TIMEOUT = 120_000;

let work: string;
let tmpDir: string;

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-builder-'));
  tmpDir = path.join(work, 'tmp');
  fs.mkdirSync(tmpDir);
});
afterEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

/** The environment the peer gives a builder: PATH and TMPDIR, plus what it propagates. */
function peerEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', TMPDIR: tmpDir, ...extra };
}

function script(name: string, args: string[], env: Record<string, string> = peerEnv()) {
  return execa(path.join(BIN, name), args, { env, extendEnv: false, reject: false, timeout: NPM_TIMEOUT });
}

function write(file: string, content: string, mode?: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  if (mode !== undefined) fs.chmodSync(file, mode);
}

function writeJson(file: string, value: unknown): void {
  write(file, JSON.stringify(value, null, 2) + '\n');
}

/** A chaincode package as the peer extracts it: SOURCE_DIR/src (+ META-INF) and METADATA_DIR. */
function fixturePackage(type: string, withPackageJson = true): { source: string; metadata: string } {
  const source = path.join(work, 'source');
  const metadata = path.join(work, 'metadata');
  if (withPackageJson) writeJson(path.join(source, 'src/package.json'), { name: 'fixture-cc', version: '1.0.0' });
  else fs.mkdirSync(path.join(source, 'src'), { recursive: true });
  writeJson(path.join(metadata, 'metadata.json'), { type, label: 'fixture_1.0' });
  return { source, metadata };
}

describe('builder scripts', () => {
  it('are executable bash with LF endings that send stdout to stderr', () => {
    for (const name of ['detect', 'build', 'run']) {
      const file = path.join(BIN, name);
      expect(fs.statSync(file).mode & 0o777).toBe(0o755);
      const text = fs.readFileSync(file, 'utf8');
      expect(text.startsWith('#!/usr/bin/env bash\n')).toBe(true);
      expect(text).not.toContain('\r');
      expect(text).toMatch(/^set -euo pipefail$/m);
      expect(text).toMatch(/^exec 1>&2/m);
    }
  });
});

describe('detect', () => {
  it.each(['NODE', 'node', 'Node'])('claims a package of type %s with src/package.json', async (type) => {
    const { source, metadata } = fixturePackage(type);
    const res = await script('detect', [source, metadata]);
    expect(res.exitCode).toBe(0);
  });

  it('refuses golang and java packages', async () => {
    for (const type of ['golang', 'GOLANG', 'java']) {
      const { source, metadata } = fixturePackage(type);
      expect((await script('detect', [source, metadata])).exitCode).not.toBe(0);
    }
  });

  it('refuses a node package without src/package.json', async () => {
    const { source, metadata } = fixturePackage('node', false);
    expect((await script('detect', [source, metadata])).exitCode).not.toBe(0);
  });

  it('refuses when metadata.json is missing or has no type', async () => {
    const { source, metadata } = fixturePackage('node');
    writeJson(path.join(metadata, 'metadata.json'), { label: 'x' });
    expect((await script('detect', [source, metadata])).exitCode).not.toBe(0);
    fs.rmSync(path.join(metadata, 'metadata.json'));
    expect((await script('detect', [source, metadata])).exitCode).not.toBe(0);
  });

  it('does not filter on label and prints nothing on stdout', async () => {
    const { source, metadata } = fixturePackage('node');
    writeJson(path.join(metadata, 'metadata.json'), { type: 'node', label: 'anything-at-all' });
    const res = await script('detect', [source, metadata]);
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toBe('');
  });
});

describe('build', () => {
  it(
    'copies src and META-INF and downloads nothing, even with a lockfile (HOME unset)',
    async () => {
      const { source, metadata } = fixturePackage('node');
      const pkg = { name: 'fixture-cc', version: '1.0.0', main: 'index.js', scripts: { start: 'node index.js' } };
      writeJson(path.join(source, 'src/package.json'), pkg);
      writeJson(path.join(source, 'src/package-lock.json'), {
        name: 'fixture-cc',
        version: '1.0.0',
        lockfileVersion: 3,
        requires: true,
        packages: { '': { name: 'fixture-cc', version: '1.0.0' } },
      });
      write(path.join(source, 'src/index.js'), 'module.exports = 42;\n');
      write(path.join(source, 'src/lib/util.js'), 'module.exports = "util";\n');
      const index = { index: { fields: ['owner'] }, ddoc: 'indexOwnerDoc', name: 'indexOwner', type: 'json' };
      writeJson(path.join(source, 'META-INF/statedb/couchdb/indexes/indexOwner.json'), index);
      const out = path.join(work, 'out');
      fs.mkdirSync(out);

      const res = await script('build', [source, metadata, out]);
      expect(res.stderr).not.toContain('npm');
      expect(res.exitCode).toBe(0);
      expect(res.stdout).toBe('');
      expect(JSON.parse(fs.readFileSync(path.join(out, 'package.json'), 'utf8'))).toEqual(pkg);
      expect(fs.readFileSync(path.join(out, 'index.js'), 'utf8')).toBe('module.exports = 42;\n');
      expect(fs.readFileSync(path.join(out, 'lib/util.js'), 'utf8')).toBe('module.exports = "util";\n');
      const copiedIndex = path.join(out, 'META-INF/statedb/couchdb/indexes/indexOwner.json');
      expect(JSON.parse(fs.readFileSync(copiedIndex, 'utf8'))).toEqual(index);
      // src/ is copied as the root of the output, not nested.
      expect(fs.existsSync(path.join(out, 'src'))).toBe(false);
      // The builder is offline: npm never ran, so it left no cache or logs behind.
      expect(fs.existsSync(path.join(tmpDir, '.npm'))).toBe(false);
      expect(fs.existsSync(path.join(out, 'node_modules'))).toBe(false);
    },
    NPM_TIMEOUT,
  );

  it(
    'fails offline, naming the missing dependency, when the package has no node_modules; builds when it carries them',
    async () => {
      const { source, metadata } = fixturePackage('node');
      writeJson(path.join(source, 'src/package.json'), {
        name: 'fixture-cc',
        version: '1.0.0',
        main: 'index.js',
        dependencies: { 'fixture-dep': '1.2.3' },
      });
      write(path.join(source, 'src/index.js'), 'module.exports = require("fixture-dep");\n');
      const out = path.join(work, 'out');
      fs.mkdirSync(out);

      const bare = await script('build', [source, metadata, out], peerEnv({ HOME: path.join(work, 'home') }));
      expect(bare.exitCode).toBe(1);
      expect(bare.stderr).toContain('node_modules/ lacks: fixture-dep');
      expect(bare.stderr).toContain('fabkit chaincode package');
      expect(fs.existsSync(path.join(out, 'node_modules'))).toBe(false);

      // The same package carrying its production node_modules (a relative .bin link included).
      writeJson(path.join(source, 'src/node_modules/fixture-dep/package.json'), {
        name: 'fixture-dep',
        version: '1.2.3',
        main: 'index.js',
      });
      write(path.join(source, 'src/node_modules/fixture-dep/index.js'), 'module.exports = "from fixture-dep";\n');
      write(path.join(source, 'src/node_modules/fixture-dep/cli.js'), '#!/usr/bin/env node\n', 0o755);
      fs.mkdirSync(path.join(source, 'src/node_modules/.bin'));
      fs.symlinkSync('../fixture-dep/cli.js', path.join(source, 'src/node_modules/.bin/fixture-dep'));
      fs.rmSync(out, { recursive: true });
      fs.mkdirSync(out);
      const res = await script('build', [source, metadata, out]);
      expect(res.exitCode).toBe(0);
      const loaded = await execa('node', ['-p', 'require("./index.js")'], { cwd: out });
      expect(loaded.stdout).toBe('from fixture-dep');
      const link = path.join(out, 'node_modules/.bin/fixture-dep');
      expect(path.resolve(path.dirname(link), fs.readlinkSync(link))).toBe(
        path.join(out, 'node_modules/fixture-dep/cli.js'),
      );
    },
    NPM_TIMEOUT,
  );

  it('fails clearly without src/package.json', async () => {
    const { source, metadata } = fixturePackage('node', false);
    const out = path.join(work, 'out');
    fs.mkdirSync(out);
    const res = await script('build', [source, metadata, out]);
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toContain('src/package.json not found');
  });

  it(
    'refuses a build output with a symlink leaving it',
    async () => {
      const { source, metadata } = fixturePackage('node');
      writeJson(path.join(source, 'src/package.json'), { name: 'fixture-cc', version: '1.0.0' });
      fs.symlinkSync('/etc/hostname', path.join(source, 'src/escape'));
      const out = path.join(work, 'out');
      fs.mkdirSync(out);
      const res = await script('build', [source, metadata, out]);
      expect(res.exitCode).toBe(1);
      expect(res.stderr).toContain('symlinks the peer will refuse');
      expect(res.stderr).toContain('escape -> /etc/hostname');
    },
    NPM_TIMEOUT,
  );
});

describe('run', () => {
  const ROOT_PEM = '-----BEGIN CERTIFICATE-----\nUk9PVA==\n-----END CERTIFICATE-----\n';
  const CERT_PEM = '-----BEGIN CERTIFICATE-----\nQ0xJRU5U\n-----END CERTIFICATE-----\n';
  const KEY_PEM = '-----BEGIN PRIVATE KEY-----\nS0VZ\n-----END PRIVATE KEY-----\n';

  interface Recorded {
    argv: string[];
    pid: number;
    env: Record<string, string | undefined>;
  }

  const RECORD_ENV = [
    'CORE_CHAINCODE_ID_NAME',
    'CORE_PEER_LOCALMSPID',
    'CORE_PEER_TLS_ENABLED',
    'CORE_PEER_TLS_ROOTCERT_FILE',
    'CORE_TLS_CLIENT_KEY_PATH',
    'CORE_TLS_CLIENT_CERT_PATH',
  ];

  /**
   * A build output whose start script is `startScript`. For "fabric-chaincode-node start"
   * node_modules/.bin/fabric-chaincode-node is a TEST FAKE (bash) that records its argv,
   * PID and CORE_* environment to fake-invocation.json and exits 0; for "node index.js"
   * index.js is a TEST FAKE doing the same from node.
   */
  function fixtureBuild(startScript: string | undefined): { build: string; runMeta: string } {
    const build = path.join(work, 'build');
    const runMeta = path.join(work, 'run');
    fs.mkdirSync(runMeta, { recursive: true });
    writeJson(path.join(build, 'package.json'), {
      name: 'fixture-cc',
      version: '1.0.0',
      main: 'index.js',
      ...(startScript === undefined ? {} : { scripts: { start: startScript } }),
    });
    const recorder =
      `const fs = require("fs");` +
      `const keys = ${JSON.stringify(RECORD_ENV)};` +
      `const env = Object.fromEntries(keys.map((k) => [k, process.env[k]]));`;
    // TEST FAKE standing in for fabric-shim's fabric-chaincode-node CLI.
    write(
      path.join(build, 'node_modules/.bin/fabric-chaincode-node'),
      '#!/usr/bin/env bash\n' +
        '# TEST FAKE of fabric-chaincode-node: records how it was started, then exits 0.\n' +
        `exec node -e '${recorder} fs.writeFileSync("fake-invocation.json", JSON.stringify({ argv: process.argv.slice(1), pid: process.pid, env }));' -- "$@"\n`,
      0o755,
    );
    // TEST FAKE standing in for a low-level chaincode's index.js (which would call shim.start).
    write(
      path.join(build, 'index.js'),
      `${recorder}\n` +
        `fs.writeFileSync("fake-invocation.json", JSON.stringify({ argv: process.argv.slice(2), pid: process.pid, env }));\n` +
        `if (process.env.FAKE_HOLD) {\n` +
        `  process.on("SIGTERM", () => { fs.writeFileSync("fake-sigterm", "node got SIGTERM"); process.exit(0); });\n` +
        `  setInterval(() => {}, 1000);\n` +
        `}\n`,
    );
    return { build, runMeta };
  }

  function chaincodeJson(runMeta: string, tls: boolean): void {
    writeJson(path.join(runMeta, 'chaincode.json'), {
      chaincode_id: 'example02_1.0:4f2a9c',
      peer_address: 'peer0.org1.fabkit.local:7052',
      client_cert: tls ? CERT_PEM : '',
      client_key: tls ? KEY_PEM : '',
      root_cert: tls ? ROOT_PEM : '',
      mspid: 'Org1MSP',
    });
  }

  function recorded(build: string): Recorded {
    return JSON.parse(fs.readFileSync(path.join(build, 'fake-invocation.json'), 'utf8')) as Recorded;
  }

  it('writes TLS material to the run metadata dir and execs fabric-chaincode-node start', async () => {
    const { build, runMeta } = fixtureBuild('fabric-chaincode-node start');
    chaincodeJson(runMeta, true);
    const child = script('run', [build, runMeta]);
    const res = await child;
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toBe('');

    expect(fs.readFileSync(path.join(runMeta, 'root.crt'), 'utf8')).toBe(ROOT_PEM);
    const keyB64 = fs.readFileSync(path.join(runMeta, 'client.key.b64'), 'utf8');
    const certB64 = fs.readFileSync(path.join(runMeta, 'client.crt.b64'), 'utf8');
    expect(keyB64).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(keyB64, 'base64').toString('utf8')).toBe(KEY_PEM);
    expect(Buffer.from(certB64, 'base64').toString('utf8')).toBe(CERT_PEM);
    expect(fs.statSync(path.join(runMeta, 'client.key.b64')).mode & 0o777).toBe(0o600);
    for (const f of ['root.crt', 'client.key.b64', 'client.crt.b64']) {
      expect(fs.existsSync(path.join(build, f))).toBe(false);
    }

    const rec = recorded(build);
    expect(rec.argv).toEqual([
      'start',
      '--peer.address',
      'peer0.org1.fabkit.local:7052',
      '--chaincode-id-name',
      'example02_1.0:4f2a9c',
    ]);
    expect(rec.env).toEqual({
      CORE_CHAINCODE_ID_NAME: 'example02_1.0:4f2a9c',
      CORE_PEER_LOCALMSPID: 'Org1MSP',
      CORE_PEER_TLS_ENABLED: 'true',
      CORE_PEER_TLS_ROOTCERT_FILE: path.join(runMeta, 'root.crt'),
      CORE_TLS_CLIENT_KEY_PATH: path.join(runMeta, 'client.key.b64'),
      CORE_TLS_CLIENT_CERT_PATH: path.join(runMeta, 'client.crt.b64'),
    });
    // exec all the way down: the fake runs in the very process the peer started.
    expect(rec.pid).toBe(child.pid);
  });

  it('turns TLS off when client_cert is empty and writes no TLS files', async () => {
    const { build, runMeta } = fixtureBuild('fabric-chaincode-node start');
    chaincodeJson(runMeta, false);
    const res = await script('run', [build, runMeta]);
    expect(res.exitCode).toBe(0);
    expect(fs.readdirSync(runMeta)).toEqual(['chaincode.json']);
    expect(recorded(build).env).toEqual({
      CORE_CHAINCODE_ID_NAME: 'example02_1.0:4f2a9c',
      CORE_PEER_LOCALMSPID: 'Org1MSP',
      CORE_PEER_TLS_ENABLED: 'false',
    });
  });

  it('uses fabric-chaincode-node start when package.json has no start script', async () => {
    const { build, runMeta } = fixtureBuild(undefined);
    chaincodeJson(runMeta, false);
    const res = await script('run', [build, runMeta]);
    expect(res.exitCode).toBe(0);
    expect(recorded(build).argv[0]).toBe('start');
  });

  it('execs node directly for a "node index.js" start script, and SIGTERM reaches node', async () => {
    const { build, runMeta } = fixtureBuild('node index.js');
    chaincodeJson(runMeta, true);
    const child = script('run', [build, runMeta], peerEnv({ FAKE_HOLD: '1' }));
    const invocation = path.join(build, 'fake-invocation.json');
    await waitFor(async () => (fs.existsSync(invocation) ? true : undefined), {
      what: 'the fake chaincode to record its invocation',
      timeoutMs: 20_000,
      intervalMs: 50,
    });
    const rec = recorded(build);
    expect(rec.pid).toBe(child.pid);
    expect(rec.argv).toEqual([
      '--peer.address',
      'peer0.org1.fabkit.local:7052',
      '--chaincode-id-name',
      'example02_1.0:4f2a9c',
    ]);
    expect(rec.env.CORE_TLS_CLIENT_KEY_PATH).toBe(path.join(runMeta, 'client.key.b64'));

    child.kill('SIGTERM');
    const res = await child;
    expect(res.exitCode).toBe(0);
    expect(fs.readFileSync(path.join(build, 'fake-sigterm'), 'utf8')).toBe('node got SIGTERM');
  }, 30_000);

  it('fails without chaincode_id or peer_address', async () => {
    const { build, runMeta } = fixtureBuild('fabric-chaincode-node start');
    writeJson(path.join(runMeta, 'chaincode.json'), { chaincode_id: 'x:1', mspid: 'Org1MSP' });
    const res = await script('run', [build, runMeta]);
    expect(res.exitCode).not.toBe(0);
    expect(res.stderr).toContain('chaincode.json: missing peer_address');
    expect(fs.existsSync(path.join(build, 'fake-invocation.json'))).toBe(false);
  });
});

describe('chaincode log (FABKIT_CHAINCODE_LOG)', () => {
  it('copies the build step lines, tagged with the package label, and still prints them', async () => {
    const { source, metadata } = fixturePackage('node', false);
    const out = path.join(work, 'out');
    const log = path.join(work, 'chaincode.log');
    const res = await script('build', [source, metadata, out], peerEnv({ FABKIT_CHAINCODE_LOG: log }));
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toContain('src/package.json not found');
    const lines = linesOf(fs.readFileSync(log, 'utf8'), 'fixture');
    expect(lines).toEqual([`fabkit node builder: ${source}/src/package.json not found`]);
  });

  it("copies the run step lines and the chaincode's own, tagged with the chaincode ID", async () => {
    const build = path.join(work, 'build');
    const runMeta = path.join(work, 'run');
    fs.mkdirSync(runMeta, { recursive: true });
    // A TypeScript chaincode packaged without its dist/: main names a file that is not there.
    writeJson(path.join(build, 'package.json'), {
      name: 'fixture-cc',
      main: 'dist/index.js',
      scripts: { start: 'node dist/index.js' },
    });
    writeJson(path.join(runMeta, 'chaincode.json'), {
      chaincode_id: 'fixture_1.0:4f2a9c',
      peer_address: '127.0.0.1:7052',
      client_cert: '',
      mspid: 'Org1MSP',
    });
    const log = path.join(work, 'chaincode.log');
    const res = await script('run', [build, runMeta], peerEnv({ FABKIT_CHAINCODE_LOG: log }));
    expect(res.exitCode).not.toBe(0);
    const lines = await waitFor(
      async () => {
        const found = fs.existsSync(log) ? linesOf(fs.readFileSync(log, 'utf8'), 'fixture') : [];
        return found.some((l) => l.includes('Cannot find module')) ? found : undefined;
      },
      { what: 'the run lines in the log', timeoutMs: 5000 },
    );
    expect(lines.value[0]).toMatch(/^fabkit node builder: starting fixture_1\.0:4f2a9c/);
    expect(lines.value.join('\n')).toContain(`Cannot find module '${build}/dist/index.js'`);
    expect(linesOf(fs.readFileSync(log, 'utf8'), 'other')).toEqual([]);
  });
});

describe('linesOf (what a failure quotes)', () => {
  it("keeps this chaincode's lines without time, tag, stack frames or blank lines", () => {
    const log = [
      '2026-12-01T06:57:53Z [build mycc_1] fabkit node builder: copying',
      '2026-12-01T06:57:53Z [run mycc_1:ab12] fabkit node builder: starting mycc_1:ab12',
      "2026-12-01T06:57:53Z [run mycc_1:ab12] Error: Cannot find module '/b/dist/index.js'",
      '2026-12-01T06:57:53Z [run mycc_1:ab12]     at Module._resolveFilename (node:internal/modules/cjs/loader:1207:15)',
      '2026-12-01T06:57:53Z [run mycc_1:ab12] ',
      '2026-12-01T06:57:53Z [run myccother_1:cd34] not this one',
      '2026-12-01T06:57:53Z [run mycc:v0] the 1.x form',
    ].join('\n');
    expect(linesOf(log, 'mycc')).toEqual([
      'fabkit node builder: copying',
      'fabkit node builder: starting mycc_1:ab12',
      "Error: Cannot find module '/b/dist/index.js'",
      'the 1.x form',
    ]);
  });
});
