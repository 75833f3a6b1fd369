'use strict';
/* `npm run demo`: the AMB tutorial's steps 4–7 through fabkit on the devnet, for member 1, on a
 * 1.x-lifecycle channel and on a 2.x-lifecycle channel, then a summary table. Every step is a
 * `fabkit … --json` call, as a user would type it. A second run finds each step already done.
 *
 * `npm run demo -- --runtime docker` runs the same flow through the tutorial's `cli` container on a
 * real Docker engine (scripts/docker-engine.sh up: DOCKER_HOST, /var/run/docker.sock, or a private
 * dockerd it starts), with the fabric-tools image built by `fabkit cli image build`, in its own home,
 * on its own channels and chaincode name. */
const path = require('node:path');
const execa = require('execa');

const ROOT = path.resolve(__dirname, '..');
const FABKIT = path.join(ROOT, 'bin', 'fabkit.js');
const dir = path.resolve(ROOT, process.env.FABKIT_DEMO_DIR || '.devnet');

function runtimeArg(argv) {
  const i = argv.findIndex((a) => a === '--runtime' || a.startsWith('--runtime='));
  if (i < 0) return 'local';
  const value = argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  if (value !== 'local' && value !== 'docker') {
    process.stderr.write(`demo: --runtime takes local or docker, not ${value}\n`);
    process.exit(2);
  }
  return value;
}

const runtime = runtimeArg(process.argv.slice(2));
const docker = runtime === 'docker';
const home = path.join(dir, 'homes', docker ? 'org1-docker' : 'org1');
const [channel1x, channel2x, chaincode] = docker ? ['dock1x', 'dock2x', 'dockcc'] : ['demo1x', 'demo2x', 'mycc'];
const env = {};
const rows = [];

async function step(name, args, describe) {
  const start = Date.now();
  process.stderr.write(`\n▶ ${name}: fabkit ${args.join(' ')}\n`);
  const r = await execa(process.execPath, [FABKIT, ...args, '--json'], {
    cwd: ROOT,
    reject: false,
    stderr: 'inherit',
    env,
  });
  const seconds = ((Date.now() - start) / 1000).toFixed(1);
  let out;
  try {
    out = JSON.parse(r.stdout);
  } catch {
    out = { ok: false, error: { message: r.stdout } };
  }
  if (r.exitCode !== 0) {
    rows.push([name, `FAILED: ${out.error?.code ?? ''} ${out.error?.message ?? ''}`.trim(), seconds]);
    throw new Error(`${name} failed (exit ${r.exitCode})`);
  }
  rows.push([name, describe(out), seconds]);
  return out;
}

const done = (outcome, already) => (outcome === already ? 'already done' : outcome);
const deploySummary = (r) =>
  r.steps.every((s) => s.outcome === 'already-done')
    ? 'already done'
    : r.steps.map((s) => `${s.step.split(' ')[0]} ${s.outcome}`).join(', ');

/** The Docker engine, as scripts/docker-engine.sh gives it (the only line it prints on stdout is the DOCKER_HOST). */
async function engineStep() {
  const start = Date.now();
  process.stderr.write('\n▶ docker engine: scripts/docker-engine.sh up\n');
  const r = await execa('bash', [path.join(ROOT, 'scripts', 'docker-engine.sh'), 'up'], {
    cwd: ROOT,
    reject: false,
    stderr: 'inherit',
  });
  const seconds = ((Date.now() - start) / 1000).toFixed(1);
  if (r.exitCode !== 0) {
    rows.push(['docker engine', 'FAILED: no Docker engine (see above)', seconds]);
    throw new Error('no Docker engine');
  }
  env.DOCKER_HOST = r.stdout.trim();
  rows.push(['docker engine', env.DOCKER_HOST, seconds]);
}

async function containerSteps() {
  await step('image (step 3)', ['cli', 'image', 'build'], (r) =>
    r.outcome === 'unchanged'
      ? 'already built'
      : `built ${r.image}, ${(r.sizeBytes / 1e6).toFixed(0)} MB in ${(r.buildMs / 1000).toFixed(1)}s`,
  );
  await step(
    'init (step 3)',
    ['init', '--home', home, '--from-devnet', dir, '--member', 'org1', '--runtime', 'docker'],
    (r) => done(r.outcome, 'already-initialized'),
  );
  await step('cli up (step 3)', ['cli', 'up', '--home', home], (r) =>
    r.outcome === 'already-running' ? 'already running' : `${r.outcome}: ${r.containerName} (${r.image})`,
  );
}

async function channelFlow(channel, lifecycle) {
  const on = ['--home', home];
  await step(
    `channel ${channel} (${lifecycle})`,
    ['channel', 'create', channel, '--lifecycle', lifecycle, ...on],
    (r) =>
      `${done(r.outcome, 'already-exists')}; peer ${r.join?.peers?.[0]?.outcome === 'already-joined' ? 'already joined' : 'joined'}`,
  );
  await step(
    `deploy ${chaincode} on ${channel}`,
    [
      'chaincode',
      'deploy',
      chaincode,
      '-C',
      channel,
      '-p',
      'chaincode/example02',
      '-c',
      '{"Args":["init","a","100","b","200"]}',
      ...on,
    ],
    deploySummary,
  );
  const query = ['chaincode', 'query', chaincode, '-C', channel, '-c', '{"Args":["query","a"]}', ...on];
  await step(`query a on ${channel}`, query, (r) => `a = ${r.payload}`);
  await step(
    `invoke a→b 10 on ${channel}`,
    ['chaincode', 'invoke', chaincode, '-C', channel, '-c', '{"Args":["invoke","a","b","10"]}', ...on],
    (r) => `${r.validationCode} (tx ${String(r.txId).slice(0, 12)}…)`,
  );
  await step(`query a on ${channel}`, query, (r) => `a = ${r.payload}`);
}

function table(all) {
  const widths = [0, 1, 2].map((i) => Math.max(...all.map((r) => r[i].length)));
  return all.map((r) => `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padStart(widths[2])}`).join('\n');
}

async function main() {
  const total = Date.now();
  try {
    await step('devnet up', ['devnet', 'up', '--dir', dir], (r) =>
      r.outcome === 'already-running' ? 'already running' : `${r.outcome} in ${(r.totalMs / 1000).toFixed(1)}s`,
    );
    if (docker) {
      await engineStep();
      await containerSteps();
    } else {
      await step('init (step 3)', ['init', '--home', home, '--from-devnet', dir, '--member', 'org1'], (r) =>
        done(r.outcome, 'already-initialized'),
      );
    }
    await step('enroll admin (step 4)', ['enroll', '--home', home], (r) =>
      r.outcome === 'already-enrolled'
        ? 'already enrolled'
        : `enrolled; admin recognized after ${((r.recognizedMs ?? 0) / 1000).toFixed(1)}s`,
    );
    await channelFlow(channel1x, '1.x');
    await channelFlow(channel2x, '2.x');
  } finally {
    const containerNote = docker
      ? ` The cli container and the engine keep running too: node bin/fabkit.js cli down --home ${path.relative(ROOT, home)}; bash scripts/docker-engine.sh down.`
      : '';
    process.stdout.write(
      `\n${runtime} runtime\n${table([['STEP', 'OUTCOME', 'SECONDS'], ...rows])}\n\ntotal ${((Date.now() - total) / 1000).toFixed(1)}s. The devnet keeps running; stop it with: node bin/fabkit.js devnet down --dir ${path.relative(ROOT, dir)}.${containerNote}\n`,
    );
  }
}

main().catch((error) => {
  process.stderr.write(`demo: ${error.message}\n`);
  process.exitCode = 1;
});
