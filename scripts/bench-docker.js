'use strict';
/* Benchmark (not a test): figures of the docker runtime on a real engine. Prints the fabric-tools
 * image's size and build time (`fabkit cli image build --force`), `fabkit cli up` and `cli down`
 * (the CLI's wall time, and the library call alone), and the per-call overhead of a command in the
 * container versus the local runtime: the median of N chaincode queries each, through the library
 * (one `peer chaincode query`) and through the CLI (`fabkit chaincode query`, Node's start-up
 * included). It starts its own devnet (--base-port, default 31150) and stops it at the end.
 *   npm run bench -- --docker [--runs N] [--base-port P]        (needs a build: npx tsc -p tsconfig.build.json) */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const execa = require('execa');

const ROOT = path.resolve(__dirname, '..');
const FABKIT = path.join(ROOT, 'bin', 'fabkit.js');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const runs = arg('--runs', 20);
const basePort = arg('--base-port', 31150);
const env = {};
const fabkit = (args) => execa(process.execPath, [FABKIT, ...args], { env, reject: false, cwd: ROOT });
const must = async (args) => {
  const r = await fabkit([...args, '--json']);
  if (r.exitCode !== 0) throw new Error(`fabkit ${args.join(' ')} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
};

async function timed(fn) {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const min = (xs) => Math.min(...xs);
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (min ${min(xs).toFixed(0)}, n=${xs.length})`;

async function main() {
  const up = await execa('bash', [path.join(ROOT, 'scripts', 'docker-engine.sh'), 'up'], { stderr: 'inherit' });
  env.DOCKER_HOST = up.stdout.trim();
  process.env.DOCKER_HOST = env.DOCKER_HOST;
  const lib = require(path.join(ROOT, 'dist', 'index.js'));
  const rows = [];

  const builds = [];
  let image;
  for (let i = 0; i < 3; i += 1) {
    image = await lib.buildCliImage({ force: true });
    builds.push(image.buildMs);
  }
  rows.push(['image size', `${(image.sizeBytes / 1e6).toFixed(1)} MB (${image.image})`]);
  rows.push(['image build (cli image build --force, library)', fmt(builds)]);
  rows.push(['image build, inputs unchanged', `${(await lib.buildCliImage()).buildMs} ms`]);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-bench-docker-'));
  try {
    await must(['devnet', 'up', '--dir', dir, '--base-port', String(basePort)]);
    const local = path.join(dir, 'homes', 'local');
    const docker = path.join(dir, 'homes', 'docker');
    await must(['init', '--home', local, '--from-devnet', dir, '--member', 'org1']);
    await must(['init', '--home', docker, '--from-devnet', dir, '--member', 'org1', '--runtime', 'docker']);
    const profile = lib.loadProfile(docker).profile;
    const executor = lib.dockerExecutorOf(profile);
    await executor.down();

    const upCli = [];
    const downCli = [];
    const upLib = [];
    const downLib = [];
    for (let i = 0; i < Math.min(runs, 10); i += 1) {
      upCli.push((await timed(() => must(['cli', 'up', '--home', docker]))).ms);
      downCli.push((await timed(() => must(['cli', 'down', '--home', docker]))).ms);
      upLib.push((await timed(() => executor.up())).ms);
      downLib.push((await timed(() => executor.down())).ms);
    }
    rows.push(['cli up: fabkit cli up (CLI wall) / the library call', `${fmt(upCli)} / ${fmt(upLib)}`]);
    rows.push(['cli down: fabkit cli down (CLI wall) / the library call', `${fmt(downCli)} / ${fmt(downLib)}`]);

    await must(['cli', 'up', '--home', docker]);
    await must(['enroll', '--home', local]);
    await must(['enroll', '--home', docker]);
    const cc = path.join(ROOT, 'chaincode', 'example02');
    await must(['channel', 'create', 'benchdocker', '--home', local]);
    await must([
      'chaincode',
      'deploy',
      'mycc',
      '-C',
      'benchdocker',
      '-p',
      cc,
      '-c',
      '{"Args":["init","a","100","b","200"]}',
      '--home',
      local,
    ]);
    const query = { channelId: 'benchdocker', name: 'mycc', ctor: '{"Args":["query","a"]}' };
    const per = { local: [], docker: [] };
    const perCli = { local: [], docker: [] };
    const executors = { local: new lib.LocalExecutor(), docker: executor };
    const profiles = { local: lib.loadProfile(local).profile, docker: profile };
    for (let i = 0; i < runs; i += 1) {
      for (const kind of ['local', 'docker']) {
        const r = await timed(() => lib.queryChaincode(profiles[kind], { executor: executors[kind] }, query));
        if (r.value.payload !== '100') throw new Error(`query on ${kind} gave ${r.value.payload}`);
        per[kind].push(r.ms);
        const home = kind === 'local' ? local : docker;
        perCli[kind].push(
          (
            await timed(() =>
              must(['chaincode', 'query', 'mycc', '-C', 'benchdocker', '-c', query.ctor, '--home', home]),
            )
          ).ms,
        );
      }
    }
    rows.push([
      'chaincode query, library (one peer CLI call): local / docker',
      `${fmt(per.local)} / ${fmt(per.docker)}`,
    ]);
    rows.push(['  per-call overhead of the container', `${(median(per.docker) - median(per.local)).toFixed(0)} ms`]);
    rows.push(['fabkit chaincode query (CLI wall): local / docker', `${fmt(perCli.local)} / ${fmt(perCli.docker)}`]);
    rows.push([
      '  per-call overhead of the container',
      `${(median(perCli.docker) - median(perCli.local)).toFixed(0)} ms`,
    ]);
    await executor.down();
  } finally {
    await fabkit(['devnet', 'down', '--dir', dir, '--purge']);
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(
    `\ndocker runtime on ${env.DOCKER_HOST} (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})\n${rows
      .map(([k, v]) => `${k.padEnd(width)}  ${v}`)
      .join('\n')}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`bench-docker: ${error.message}\n`);
  process.exitCode = 1;
});
