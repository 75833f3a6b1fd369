'use strict';
/* Prints timings of: devnet up (fresh), devnet down, fabkit enroll and the wait until the admin
 * is recognized, and fabkit doctor. Each figure is measured, N runs, on fresh devnets. */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const execa = require('execa');

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
const FABKIT = path.join(__dirname, '..', 'bin', 'fabkit.js');
const fabkit = (args, env = {}) => execa(process.execPath, [FABKIT, ...args], { env });

async function timed(fn) {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};

const INIT = '{"Args":["init","a","100","b","200"]}';
const must = async (args) => {
  const r = await fabkit([...args, '--json']);
  if (r.exitCode !== 0) throw new Error(`fabkit ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
};

/** Channel creation, deploy per lifecycle, a re-run, and CLI query/invoke latency (5 of each). */
async function chaincodeFigures(rows, home, run) {
  const cc = path.join(__dirname, '..', 'chaincode', 'example02');
  for (const lifecycle of ['1.x', '2.x']) {
    const channel = `bench${lifecycle === '1.x' ? 'v1' : 'v2'}-${run}`;
    rows[`channel create + join (${lifecycle})`].push(
      (await timed(() => must(['channel', 'create', channel, '--lifecycle', lifecycle, '--home', home]))).ms,
    );
    const deploy = ['chaincode', 'deploy', 'mycc', '-C', channel, '-p', cc, '-c', INIT, '--home', home];
    rows[`chaincode deploy, ${lifecycle} lifecycle`].push((await timed(() => must(deploy))).ms);
    rows['chaincode deploy re-run (all done)'].push((await timed(() => must(deploy))).ms);
    for (let k = 0; k < 5; k += 1) {
      rows['CLI query (fabkit chaincode query)'].push(
        (
          await timed(() =>
            must(['chaincode', 'query', 'mycc', '-C', channel, '-c', '{"Args":["query","a"]}', '--home', home]),
          )
        ).ms,
      );
      rows['CLI invoke incl. commit wait'].push(
        (
          await timed(() =>
            must([
              'chaincode',
              'invoke',
              'mycc',
              '-C',
              channel,
              '-c',
              '{"Args":["invoke","a","b","1"]}',
              '--home',
              home,
            ]),
          )
        ).ms,
      );
    }
    if (lifecycle === '2.x') await sdkFigures(rows, home, channel);
  }
}

/** fabric-network/fabric-common through fabkit's SDK path: 20 invokes one after another, then 200 at once. */
async function sdkFigures(rows, home, channel) {
  const api = require('../dist/index.js');
  const { profile } = api.loadProfile(home);
  const request = { channelId: channel, chaincode: 'mycc', args: ['invoke', 'a', 'b', '1'] };
  for (let k = 0; k < 20; k += 1)
    rows['SDK: 20 sequential invokes, each'].push((await timed(() => api.sdkInvoke(profile, request))).ms);
  const burst = await timed(() =>
    api.sdkInvokeAll(
      profile,
      Array.from({ length: 200 }, () => request),
    ),
  );
  const codes = {};
  for (const r of burst.value) {
    const code =
      r.status === 'fulfilled'
        ? r.value.validationCode
        : (r.reason.details?.validationCode ?? r.reason.code ?? 'ERROR');
    codes[code] = (codes[code] ?? 0) + 1;
  }
  rows['SDK: 200 concurrent invokes, total'].push(burst.ms);
  rows['SDK: 200 concurrent, settled tx/s'].push(200 / (burst.ms / 1000));
  // Every invoke of example02 reads and writes keys a and b, so all but one per block end MVCC_READ_CONFLICT.
  console.error(`SDK burst over one gateway, 200 invokes of the same keys: ${JSON.stringify(codes)}`);
}

async function main() {
  const rows = {
    'devnet up (2 members, fresh dir)': [],
    'devnet down': [],
    'fabkit enroll (wall, incl. wait)': [],
    'enroll: CA + MSP write': [],
    'enroll: until admin recognized': [],
    'fabkit doctor': [],
    'channel create + join (1.x)': [],
    'chaincode deploy, 1.x lifecycle': [],
    'channel create + join (2.x)': [],
    'chaincode deploy, 2.x lifecycle': [],
    'chaincode deploy re-run (all done)': [],
    'CLI query (fabkit chaincode query)': [],
    'CLI invoke incl. commit wait': [],
    'SDK: 20 sequential invokes, each': [],
    'SDK: 200 concurrent invokes, total': [],
    'SDK: 200 concurrent, settled tx/s': [],
  };
  for (let i = 0; i < runs; i += 1) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-bench-'));
    const home = path.join(dir, 'home');
    try {
      const up = await timed(() => fabkit(['devnet', 'up', '--dir', dir, '--base-port', '31050', '--json']));
      rows['devnet up (2 members, fresh dir)'].push(up.ms);
      await fabkit(['init', '--home', home, '--from-devnet', dir, '--member', 'org1']);
      const enroll = await timed(() => fabkit(['enroll', '--home', home, '--json']));
      const out = JSON.parse(enroll.value.stdout);
      rows['fabkit enroll (wall, incl. wait)'].push(enroll.ms);
      rows['enroll: CA + MSP write'].push(out.enrollMs);
      rows['enroll: until admin recognized'].push(out.recognizedMs);
      rows['fabkit doctor'].push((await timed(() => fabkit(['doctor', '--home', home]))).ms);
      await chaincodeFigures(rows, home, i);
    } finally {
      rows['devnet down'].push((await timed(() => fabkit(['devnet', 'down', '--dir', dir, '--purge']))).ms);
    }
  }
  console.log(`fabkit bench: ${runs} run(s), ${os.cpus().length} cores, node ${process.version}`);
  console.log(`${'step'.padEnd(36)} ${'min'.padStart(8)} ${'median'.padStart(8)} ${'max'.padStart(8)}  (ms)`);
  for (const [name, xs] of Object.entries(rows)) {
    const s = stats(xs);
    console.log(
      `${name.padEnd(36)} ${s.min.toFixed(0).padStart(8)} ${s.median.toFixed(0).padStart(8)} ${s.max.toFixed(0).padStart(8)}`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
