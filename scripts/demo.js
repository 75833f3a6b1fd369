'use strict';
/* `npm run demo`: the AMB tutorial's steps 4–7 through fabkit on the devnet, for member 1, on a
 * 1.x-lifecycle channel and on a 2.x-lifecycle channel, then a summary table. Every step is a
 * `fabkit … --json` call, as a user would type it. A second run finds each step already done.
 *
 * `npm run demo -- --runtime docker` runs the same flow through the tutorial's `cli` container on a
 * real Docker engine (scripts/docker-engine.sh up: DOCKER_HOST, /var/run/docker.sock, or a private
 * dockerd it starts), with the fabric-tools image built by `fabkit cli image build`, in its own home,
 * on its own channels and chaincode name.
 *
 * Part 2 (local runtime): the two-member network under AND(org1, org2) on a fresh devnet, step by step
 * (10 fabkit commands), then on another fresh devnet with one `fabkit apply`; both times side by side. */
const fs = require('node:fs');
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
// Part 2's two fresh devnets, one after the other (FABKIT_DEMO_PART2_PORT: their first port).
const part2Port = process.env.FABKIT_DEMO_PART2_PORT || '7150';
const INIT = '{"Args":["init","a","100","b","200"]}';
const STEPS_IN_PART2 = 10;
let twoMember = {};
let part2Rows = [];

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

/** A fresh devnet for part 2, in its own folder and ports (the demo's own devnet keeps running). */
async function freshDevnet(name) {
  const at = path.join(dir, '..', `${path.basename(dir)}-${name}`);
  await step(`devnet up (${name})`, ['devnet', 'up', '--dir', at, '--base-port', part2Port], (r) => `${r.outcome}`);
  return at;
}

/** Part 2, step by step: the two-member network under AND(org1, org2), one fabkit command per step. */
async function twoMembersStepByStep(at) {
  const [h1, h2] = ['org1', 'org2'].map((m) => path.join(at, 'homes', m));
  const start = Date.now();
  for (const [m, h] of [
    ['org1', h1],
    ['org2', h2],
  ])
    await step(`init ${m}`, ['init', '--home', h, '--from-devnet', at, '--member', m], (r) => r.outcome);
  for (const [m, h] of [
    ['org1', h1],
    ['org2', h2],
  ])
    await step(`enroll ${m}`, ['enroll', '--home', h], (r) => r.outcome);
  const bundle = path.join(at, 'org2.bundle');
  await step('export org2', ['member', 'export', '--home', h2, '--out', bundle], () => 'bundle written');
  const imported = await step('import org2 into org1', ['member', 'import', bundle, '--home', h1], () => 'imported');
  const [m1, m2] = JSON.parse(fs.readFileSync(path.join(at, 'network.json'), 'utf8')).Members.map((m) => m.Id);
  if (imported.memberId !== m2) throw new Error(`imported ${imported.memberId}, expected ${m2}`);
  const and = `AND('${m1}.member','${m2}.member')`;
  await step(
    'channel create (org1)',
    ['channel', 'create', 'andch', '--member', m2, '--lifecycle', '2.x', '--home', h1],
    (r) => r.outcome,
  );
  await step('channel join (org2)', ['channel', 'join', 'andch', '--home', h2], () => 'joined');
  for (const [m, h] of [
    ['org1', h1],
    ['org2', h2],
  ])
    await step(
      `deploy (${m})`,
      ['chaincode', 'deploy', 'mycc', '-C', 'andch', '-p', 'chaincode/example02', '-c', INIT, '-P', and, '--home', h],
      deploySummary,
    );
  return (Date.now() - start) / 1000;
}

/** Part 2 with one `fabkit apply` of the same network. */
async function twoMembersApply(at) {
  const spec = path.join(at, 'network.yaml');
  fs.writeFileSync(
    spec,
    `devnet: .
members:
  - { name: org1, home: homes/org1 }
  - { name: org2, home: homes/org2 }
channels:
  - { name: andch, members: [org1, org2], lifecycle: 2.x }
chaincode:
  - { name: mycc, channel: andch, path: ${path.join(ROOT, 'chaincode', 'example02')}, policy: 'AND(org1, org2)', init: [init, a, '100', b, '200'] }
`,
  );
  const start = Date.now();
  await step(
    'fabkit apply',
    ['apply', spec],
    (r) => `${r.steps.length} steps, ${r.changed ? 'changed' : 'nothing to do'}`,
  );
  const seconds = (Date.now() - start) / 1000;
  for (const m of ['org1', 'org2'])
    await step(
      `query a (${m})`,
      [
        'chaincode',
        'query',
        'mycc',
        '-C',
        'andch',
        '-c',
        '{"Args":["query","a"]}',
        '--home',
        path.join(at, 'homes', m),
      ],
      (r) => `a = ${r.payload}`,
    );
  return seconds;
}

async function partTwo() {
  process.stderr.write(
    '\n== part 2: a two-member channel under AND(org1, org2), step by step and with one fabkit apply ==\n',
  );
  const times = {};
  for (const [name, flow] of [
    ['steps', twoMembersStepByStep],
    ['apply', twoMembersApply],
  ]) {
    const at = await freshDevnet(name);
    try {
      times[name] = await flow(at);
    } finally {
      await execa(process.execPath, [FABKIT, 'devnet', 'down', '--dir', at, '--purge'], { reject: false });
    }
  }
  return times;
}

function table(all) {
  const widths = [0, 1, 2].map((i) => Math.max(...all.map((r) => r[i].length)));
  return all.map((r) => `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padStart(widths[2])}`).join('\n');
}

async function main() {
  const total = Date.now();
  try {
    const port = process.env.FABKIT_DEMO_BASE_PORT ? ['--base-port', process.env.FABKIT_DEMO_BASE_PORT] : [];
    await step('devnet up', ['devnet', 'up', '--dir', dir, ...port], (r) =>
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
    if (!docker) {
      const part1 = rows.length;
      twoMember = await partTwo();
      part2Rows = rows.splice(part1);
    }
  } finally {
    const containerNote = docker
      ? ` The cli container and the engine keep running too: node bin/fabkit.js cli down --home ${path.relative(ROOT, home)}; bash scripts/docker-engine.sh down.`
      : '';
    process.stdout.write(
      `\n${runtime} runtime\n${table([['STEP', 'OUTCOME', 'SECONDS'], ...rows])}\n\ntotal ${((Date.now() - total) / 1000).toFixed(1)}s. The devnet keeps running; stop it with: node bin/fabkit.js devnet down --dir ${path.relative(ROOT, dir)}.${containerNote}\n`,
    );
    if (part2Rows.length > 0)
      process.stdout.write(
        `\npart 2: two members, a 2.x channel, example02 under AND(org1, org2), each on a fresh devnet (devnet up not counted)\n${table([['STEP', 'OUTCOME', 'SECONDS'], ...part2Rows])}\n` +
          (twoMember.steps !== undefined && twoMember.apply !== undefined
            ? `\nstep by step (${STEPS_IN_PART2} fabkit commands): ${twoMember.steps.toFixed(1)}s   one fabkit apply: ${twoMember.apply.toFixed(1)}s   (${(twoMember.apply / twoMember.steps).toFixed(2)}x)\n`
            : ''),
      );
  }
}

main().catch((error) => {
  process.stderr.write(`demo: ${error.message}\n`);
  process.exitCode = 1;
});
