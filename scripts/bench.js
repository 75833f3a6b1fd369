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

async function main() {
  const rows = { 'devnet up (2 members, fresh dir)': [], 'devnet down': [], 'fabkit enroll (wall, incl. wait)': [], 'enroll: CA + MSP write': [], 'enroll: until admin recognized': [], 'fabkit doctor': [] };
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
    } finally {
      rows['devnet down'].push((await timed(() => fabkit(['devnet', 'down', '--dir', dir, '--purge']))).ms);
    }
  }
  console.log(`fabkit bench: ${runs} run(s), ${os.cpus().length} cores, node ${process.version}`);
  console.log(`${'step'.padEnd(36)} ${'min'.padStart(8)} ${'median'.padStart(8)} ${'max'.padStart(8)}  (ms)`);
  for (const [name, xs] of Object.entries(rows)) {
    const s = stats(xs);
    console.log(`${name.padEnd(36)} ${s.min.toFixed(0).padStart(8)} ${s.median.toFixed(0).padStart(8)} ${s.max.toFixed(0).padStart(8)}`);
  }
}

main().catch((error) => { console.error(error); process.exitCode = 1; });
