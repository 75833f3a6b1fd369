'use strict';
/* `npm run demo`: the AMB tutorial's steps 4–7 through fabkit on the devnet, for member 1, on a
 * 1.x-lifecycle channel and on a 2.x-lifecycle channel, then a summary table. Every step is a
 * `fabkit … --json` call, as a user would type it. A second run finds each step already done. */
const path = require('node:path');
const execa = require('execa');

const ROOT = path.resolve(__dirname, '..');
const FABKIT = path.join(ROOT, 'bin', 'fabkit.js');
const dir = path.resolve(ROOT, process.env.FABKIT_DEMO_DIR || '.devnet');
const home = path.join(dir, 'homes', 'org1');
const rows = [];

async function step(name, args, describe) {
  const start = Date.now();
  process.stderr.write(`\n▶ ${name}: fabkit ${args.join(' ')}\n`);
  const r = await execa(process.execPath, [FABKIT, ...args, '--json'], { cwd: ROOT, reject: false, stderr: 'inherit' });
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

async function channelFlow(channel, lifecycle) {
  const on = ['--home', home];
  await step(
    `channel ${channel} (${lifecycle})`,
    ['channel', 'create', channel, '--lifecycle', lifecycle, ...on],
    (r) =>
      `${done(r.outcome, 'already-exists')}; peer ${r.join?.peers?.[0]?.outcome === 'already-joined' ? 'already joined' : 'joined'}`,
  );
  await step(
    `deploy mycc on ${channel}`,
    [
      'chaincode',
      'deploy',
      'mycc',
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
  const query = ['chaincode', 'query', 'mycc', '-C', channel, '-c', '{"Args":["query","a"]}', ...on];
  await step(`query a on ${channel}`, query, (r) => `a = ${r.payload}`);
  await step(
    `invoke a→b 10 on ${channel}`,
    ['chaincode', 'invoke', 'mycc', '-C', channel, '-c', '{"Args":["invoke","a","b","10"]}', ...on],
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
    await step('init (step 3)', ['init', '--home', home, '--from-devnet', dir, '--member', 'org1'], (r) =>
      done(r.outcome, 'already-initialized'),
    );
    await step('enroll admin (step 4)', ['enroll', '--home', home], (r) =>
      r.outcome === 'already-enrolled'
        ? 'already enrolled'
        : `enrolled; admin recognized after ${((r.recognizedMs ?? 0) / 1000).toFixed(1)}s`,
    );
    await channelFlow('demo1x', '1.x');
    await channelFlow('demo2x', '2.x');
  } finally {
    process.stdout.write(
      `\n${table([['STEP', 'OUTCOME', 'SECONDS'], ...rows])}\n\ntotal ${((Date.now() - total) / 1000).toFixed(1)}s. The devnet keeps running; stop it with: node bin/fabkit.js devnet down --dir ${path.relative(ROOT, dir)}\n`,
    );
  }
}

main().catch((error) => {
  process.stderr.write(`demo: ${error.message}\n`);
  process.exitCode = 1;
});
