'use strict';
/* `npm run bench -- --sdk [--base-port P] [--batch-size N] [--batch-timeout D] [--txs N]`: SDK throughput on a
 * fresh one-member devnet (2.x channel, example02 under the member's own policy):
 *   - one `fabkit chaincode invoke` process per transaction (5 runs), against
 *   - sequential invokes over ONE gateway kept open (withSdkInvoker), and
 *   - N concurrent `put k<i> <i>` invokes over one gateway: different keys, so none conflicts (MVCC); it reports
 *     the valid transactions per second beside the devnet's ordering settings (BatchSize, BatchTimeout) and the
 *     blocks the transactions filled. */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const execa = require('execa');

const ROOT = path.resolve(__dirname, '..');
const FABKIT = path.join(ROOT, 'bin', 'fabkit.js');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const basePort = arg('--base-port', process.env.FABKIT_BENCH_BASE_PORT || '31050');
// The devnet's own defaults unless given: BatchSize 1 cuts a block per transaction, so a sequential invoke
// never waits for BatchTimeout; a concurrent burst fills blocks only with a larger BatchSize.
const batchSize = arg('--batch-size', '1');
const batchTimeout = arg('--batch-timeout', '250ms');
const concurrent = Number(arg('--txs', '200'));
const sequential = 40;

const fabkit = async (args) => {
  const r = await execa(process.execPath, [FABKIT, ...args, '--json'], { reject: false });
  if (r.exitCode !== 0) throw new Error(`fabkit ${args.join(' ')} exited ${r.exitCode}:\n${r.stderr}\n${r.stdout}`);
  return JSON.parse(r.stdout);
};
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-sdk-bench-'));
  const home = path.join(dir, 'homes', 'org1');
  const channel = 'sdkbench';
  const cc = ['mycc', '-C', channel];
  try {
    const up = ['devnet', 'up', '--dir', dir, '--members', '1', '--base-port', basePort];
    await fabkit([...up, '--batch-size', batchSize, '--batch-timeout', batchTimeout]);
    await fabkit(['init', '--home', home, '--from-devnet', dir, '--member', 'org1']);
    await fabkit(['enroll', '--home', home]);
    await fabkit(['channel', 'create', channel, '--lifecycle', '2.x', '--home', home]);
    const ctor = '{"Args":["init","a","100000","b","0"]}';
    await fabkit([
      'chaincode',
      'deploy',
      ...cc,
      '-p',
      path.join(ROOT, 'chaincode', 'example02'),
      '-c',
      ctor,
      '--home',
      home,
    ]);
    process.stderr.write(`devnet ready (BatchSize ${batchSize}, BatchTimeout ${batchTimeout}), load ${load()}\n`);

    const cli = [];
    for (let i = 0; i < 6; i += 1) {
      const start = process.hrtime.bigint();
      await fabkit(['chaincode', 'invoke', ...cc, '-c', '{"Args":["invoke","a","b","1"]}', '--home', home]);
      if (i > 0) cli.push(ms(start)); // the first is a warm-up
    }

    const api = require(path.join(ROOT, 'dist', 'index.js'));
    const { profile } = api.loadProfile(home);
    const move = { chaincode: 'mycc', args: ['invoke', 'a', 'b', '1'] };
    const seq = [];
    let seqTotal = 0;
    await api.withSdkInvoker(profile, { channelId: channel }, async (invoke) => {
      await invoke(move); // warm-up: connections, chaincode container
      const all = process.hrtime.bigint();
      for (let i = 0; i < sequential; i += 1) {
        const start = process.hrtime.bigint();
        await invoke(move);
        seq.push(ms(start));
      }
      seqTotal = ms(all);
    });

    const burst = { ms: 0, results: [] };
    await api.withSdkInvoker(profile, { channelId: channel }, async (invoke) => {
      await invoke({ chaincode: 'mycc', args: ['put', 'warm', '0'] });
      const start = process.hrtime.bigint();
      burst.results = await Promise.allSettled(
        Array.from({ length: concurrent }, (_, i) => invoke({ chaincode: 'mycc', args: ['put', `k${i}`, String(i)] })),
      );
      burst.ms = ms(start);
    });
    const valid = burst.results.filter((r) => r.status === 'fulfilled' && r.value.validationCode === 'VALID');
    const codes = {};
    for (const r of burst.results) {
      const code =
        r.status === 'fulfilled'
          ? r.value.validationCode
          : (r.reason.details?.validationCode ?? r.reason.code ?? 'ERROR');
      codes[code] = (codes[code] ?? 0) + 1;
    }
    const blocks = new Set(valid.map((r) => r.value.blockNumber));

    const cliRate = 1000 / median(cli);
    const seqRate = (sequential * 1000) / seqTotal;
    console.log(`fabkit bench --sdk: ${os.cpus().length} cores, node ${process.version}, load ${load()}`);
    console.log(`devnet ordering: BatchSize ${batchSize}, BatchTimeout ${batchTimeout}`);
    console.log(
      `CLI: one \`fabkit chaincode invoke\` process per tx   median ${median(cli).toFixed(0)} ms/tx  = ${cliRate.toFixed(2)} tx/s (5 runs)`,
    );
    console.log(
      `SDK: ${sequential} sequential invokes, one gateway      median ${median(seq).toFixed(0)} ms/tx  = ${seqRate.toFixed(2)} tx/s (${(seqRate / cliRate).toFixed(1)}x the CLI; target >= 20x)`,
    );
    console.log(
      `SDK: ${concurrent} concurrent puts on different keys  ${(burst.ms / 1000).toFixed(2)} s, ${valid.length} valid = ${((valid.length * 1000) / burst.ms).toFixed(1)} valid tx/s in ${blocks.size} block(s) (${(valid.length / Math.max(blocks.size, 1)).toFixed(1)} tx/block; outcomes ${JSON.stringify(codes)})`,
    );
  } finally {
    await fabkit(['devnet', 'down', '--dir', dir, '--purge']).catch((error) =>
      process.stderr.write(`devnet down failed: ${error.message}\n`),
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
