'use strict';
/* `npm run bench -- --flow [--rounds N] [--base-port P]`: the same two-member network (2.x channel, the
 * tutorial's Go chaincode_example02 under AND(org1, org2), init, one invoke, a query on each member)
 * brought up three ways, side by side on fresh devnets in interleaved rounds (A B C A B C …):
 *   A  the tutorial's command sequence as a bash script with the Go binaries (fabric-ca-client,
 *      configtxgen, peer) in `fabkit devnet env`'s environment, 0.25 s polls, no fixed sleeps;
 *   B  the fabkit CLI step by step (one process per step, as a user types them);
 *   C  one `fabkit apply` (then the same invoke and queries through the CLI, timed apart).
 * Each flow's clock starts after `devnet up` and stops when member 2 reads a = 90. Prints min/median/max
 * of each flow and the ratios B/A and C/A (medians, and pair by pair within a round). */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const execa = require('execa');

const ROOT = path.resolve(__dirname, '..');
const FABKIT = path.join(ROOT, 'bin', 'fabkit.js');
const GO_CC = path.join(ROOT, 'chaincode', 'chaincode_example02', 'go');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const rounds = Number(arg('--rounds', '3'));
const basePort = arg('--base-port', process.env.FABKIT_BENCH_BASE_PORT || '31050');
const only = arg('--only', 'ABC');
const INIT = ['init', 'a', '100', 'b', '200'];

const fabkit = async (args, options = {}) => {
  const r = await execa(process.execPath, [FABKIT, ...args], { reject: false, ...options });
  if (r.exitCode !== 0) throw new Error(`fabkit ${args.join(' ')} exited ${r.exitCode}:\n${r.stderr}\n${r.stdout}`);
  return r;
};
const fabkitJson = async (args) => JSON.parse((await fabkit([...args, '--json'])).stdout);

const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};

/** A fresh devnet in its own folder (not timed); the flow runs in `work`. */
async function freshDevnet() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-flow-'));
  await fabkit(['devnet', 'up', '--dir', dir, '--base-port', basePort, '--json']);
  const { loadDevnet } = require(path.join(ROOT, 'dist', 'devnet', 'load.js'));
  const dn = loadDevnet(dir);
  const members = dn.secrets.members.map((m, i) => ({
    name: m.name,
    id: m.memberId,
    user: m.adminUser,
    password: m.adminPassword,
    caPort: dn.layout.members[i].caPort,
    peerPort: dn.layout.members[i].peerPort,
    home: path.join(dir, 'homes', m.name),
  }));
  return { dir, members, tlsChain: dn.layout.tlsChainFile, orderer: `127.0.0.1:${dn.layout.orderer.port}` };
}

/** Tutorial step 6.1 by hand: configtx.yaml for a 2.x channel of both members. */
function configtxYaml(members) {
  const sig = (rule) => `{Type: Signature, Rule: "${rule}"}`;
  const meta = (rule) => `{Type: ImplicitMeta, Rule: "${rule}"}`;
  const orgs = members
    .map(
      (m, i) => `  - &Org${i}
    Name: ${m.id}
    ID: ${m.id}
    MSPDir: ${path.join(m.home, 'admin-msp')}
    Policies:
      Readers: ${sig(`OR('${m.id}.member')`)}
      Writers: ${sig(`OR('${m.id}.member')`)}
      Admins: ${sig(`OR('${m.id}.admin')`)}
      Endorsement: ${sig(`OR('${m.id}.member')`)}`,
    )
    .join('\n');
  return `Organizations:
${orgs}
Profiles:
  Channel:
    Policies:
      Readers: ${meta('ANY Readers')}
      Writers: ${meta('ANY Writers')}
      Admins: ${meta('MAJORITY Admins')}
    Consortium: AWSSystemConsortium
    Application:
      Organizations: [${members.map((_, i) => `*Org${i}`).join(', ')}]
      Policies:
        Readers: ${meta('ANY Readers')}
        Writers: ${meta('ANY Writers')}
        Admins: ${meta('MAJORITY Admins')}
        LifecycleEndorsement: ${meta('MAJORITY Endorsement')}
        Endorsement: ${meta('MAJORITY Endorsement')}
      Capabilities: {V2_0: true}
`;
}

const TUTORIAL_SCRIPT = path.join(__dirname, 'bench-flow-tutorial.sh');

/** A: the bash script. Its inputs (env files from `fabkit devnet env`, configtx.yaml, the vendored Go chaincode) are written before the clock starts. */
async function flowScript(net, tag) {
  const work = path.join(net.dir, 'script');
  fs.mkdirSync(work, { recursive: true });
  const [m1, m2] = net.members;
  for (const [i, m] of [m1, m2].entries()) {
    m.home = path.join(work, `home${i + 1}`);
    fs.mkdirSync(m.home, { recursive: true });
    const env = await fabkit(['devnet', 'env', m.name, '--dir', net.dir, '--home', m.home]);
    fs.writeFileSync(path.join(work, `env${i + 1}.sh`), env.stdout);
  }
  fs.writeFileSync(path.join(work, 'configtx.yaml'), configtxYaml([m1, m2]));
  const cc = await vendoredGoChaincode(work);
  const url = (m) => `https://${encodeURIComponent(m.user)}:${encodeURIComponent(m.password)}@127.0.0.1:${m.caPort}`;
  const env = {
    WORK: work,
    TLS_CHAIN: net.tlsChain,
    ORDERER: net.orderer,
    CA1_URL: url(m1),
    CA2_URL: url(m2),
    MSP1: path.join(m1.home, 'admin-msp'),
    MSP2: path.join(m2.home, 'admin-msp'),
    PEER1: `127.0.0.1:${m1.peerPort}`,
    PEER2: `127.0.0.1:${m2.peerPort}`,
    CH: `flowa${tag}`,
    CC: cc,
    CC_NAME: 'mycc',
    POLICY: `AND('${m1.id}.member','${m2.id}.member')`,
    INIT: JSON.stringify({ Args: INIT }),
  };
  const start = process.hrtime.bigint();
  const r = await execa('bash', [...(process.env.BENCH_TRACE ? ['-x'] : []), TUTORIAL_SCRIPT], { env, reject: false });
  const s = seconds(start);
  if (r.exitCode !== 0) throw new Error(`the tutorial script failed (exit ${r.exitCode}):\n${r.stderr}`);
  return { total: s };
}

/** The Go example02 with vendor/ (tutorial step 7.1's `go mod vendor`), copied under `parent`. */
async function vendoredGoChaincode(parent) {
  const dir = path.join(parent, 'chaincode_example02');
  fs.cpSync(GO_CC, dir, { recursive: true });
  await execa('go', ['mod', 'vendor'], { cwd: dir, env: { GOFLAGS: '-mod=mod' } });
  return dir;
}

const AND = (net) => `AND('${net.members[0].id}.member','${net.members[1].id}.member')`;

/** The invoke and both queries through the CLI (B's last steps; C's after apply). */
async function invokeAndQuery(channel, h1, h2) {
  const cc = ['mycc', '-C', channel];
  await fabkitJson(['chaincode', 'invoke', ...cc, '-c', '{"Args":["invoke","a","b","10"]}', '--home', h1]);
  for (const home of [h1, h2]) {
    const q = await fabkitJson(['chaincode', 'query', ...cc, '-c', '{"Args":["query","a"]}', '--home', home]);
    if (String(q.payload) !== '90') throw new Error(`query a on ${home} gave ${q.payload}, not 90`);
  }
}

/** B: the fabkit CLI, one process per step (each step's seconds go to `steps`). */
async function flowSteps(net, tag) {
  const [m1, m2] = net.members;
  const channel = `flowb${tag}`;
  const bundle = path.join(net.dir, 'org2.bundle');
  const ctor = JSON.stringify({ Args: INIT });
  const steps = [];
  const run = async (args) => {
    const start = process.hrtime.bigint();
    await fabkit(args);
    steps.push({ step: args.slice(0, 2).join(' '), seconds: seconds(start) });
  };
  const start = process.hrtime.bigint();
  for (const m of [m1, m2]) await run(['init', '--home', m.home, '--from-devnet', net.dir, '--member', m.name]);
  for (const m of [m1, m2]) await run(['enroll', '--home', m.home]);
  await run(['member', 'export', '--home', m2.home, '--out', bundle]);
  await run(['member', 'import', bundle, '--home', m1.home]);
  await run(['channel', 'create', channel, '--member', m2.id, '--lifecycle', '2.x', '--home', m1.home]);
  await run(['channel', 'join', channel, '--home', m2.home]);
  for (const m of [m1, m2])
    await run([
      'chaincode',
      'deploy',
      'mycc',
      '-C',
      channel,
      '-p',
      GO_CC,
      '-c',
      ctor,
      '-P',
      AND(net),
      '--home',
      m.home,
    ]);
  const calls = process.hrtime.bigint();
  await invokeAndQuery(channel, m1.home, m2.home);
  steps.push({ step: 'invoke + 2 queries', seconds: seconds(calls) });
  return { total: seconds(start), steps };
}

/** C: one `fabkit apply`, then the invoke and queries. */
async function flowApply(net, tag) {
  const channel = `flowc${tag}`;
  const spec = path.join(net.dir, 'network.yaml');
  fs.writeFileSync(
    spec,
    [
      `devnet: ${net.dir}`,
      'members:',
      ...net.members.map((m) => `  - { name: ${m.name}, home: ${m.home} }`),
      'channels:',
      `  - { name: ${channel}, members: [org1, org2], lifecycle: 2.x }`,
      'chaincode:',
      `  - { name: mycc, channel: ${channel}, path: ${GO_CC}, policy: 'AND(org1, org2)', init: [${INIT.map((a) => `'${a}'`).join(', ')}] }`,
      '',
    ].join('\n'),
  );
  const start = process.hrtime.bigint();
  const result = await fabkitJson(['apply', spec]);
  const apply = seconds(start);
  await invokeAndQuery(channel, net.members[0].home, net.members[1].home);
  return { total: apply, withCalls: seconds(start), steps: result.steps };
}

/** Start-up of a whole `fabkit` process, 10 runs each after one warm-up, beside a bare `node -e 0`. */
async function startupFigures(home) {
  const runs = {
    'node -e 0 (Node alone)': [process.execPath, ['-e', '0']],
    'fabkit --help': [process.execPath, [FABKIT, '--help']],
    'fabkit member list': [process.execPath, [FABKIT, 'member', 'list', '--home', home]],
  };
  const out = {};
  for (const [name, [file, args]] of Object.entries(runs)) {
    await execa(file, args);
    const xs = [];
    for (let i = 0; i < 10; i += 1) {
      const start = process.hrtime.bigint();
      await execa(file, args);
      xs.push(seconds(start) * 1000);
    }
    out[name] = stats(xs);
  }
  return out;
}

async function main() {
  const flows = {
    A: ['tutorial bash script (Go binaries)', flowScript],
    B: ['fabkit CLI step by step', flowSteps],
    C: ['one fabkit apply', flowApply],
  };
  const times = { A: [], B: [], C: [], 'C+': [] };
  const pairs = { 'B/A': [], 'C/A': [] };
  let startup;
  const uptime = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  process.stderr.write(`bench --flow: ${rounds} round(s), base port ${basePort}, load ${uptime()}\n`);
  // Round 0 is a warm-up (fabkit's dependency cache, the Go module cache, the OS page cache); not counted.
  for (let round = 0; round <= rounds; round += 1) {
    const row = {};
    for (const key of only) {
      const net = await freshDevnet();
      try {
        const r = await flows[key][1](net, `${round}${key.toLowerCase()}`);
        if (key === 'B' && round === Math.min(1, rounds)) startup = await startupFigures(net.members[0].home);
        row[key] = r.total;
        if (round > 0) {
          times[key].push(r.total);
          if (r.withCalls !== undefined) times['C+'].push(r.withCalls);
        }
        process.stderr.write(
          `${round === 0 ? 'warm-up' : `round ${round}`} ${key} ${flows[key][0]}: ${r.total.toFixed(1)} s` +
            `${r.withCalls !== undefined ? ` (with invoke + 2 queries: ${r.withCalls.toFixed(1)} s)` : ''}, load ${uptime()}\n`,
        );
        if (r.steps && round > 0)
          process.stderr.write(
            `  steps: ${r.steps.map((s) => `${s.step ?? s.id}${s.outcome ? ` ${s.outcome}` : ''} ${Number(s.seconds ?? 0).toFixed(1)}s`).join('; ')}\n`,
          );
      } finally {
        await fabkit(['devnet', 'down', '--dir', net.dir, '--purge']).catch((error) =>
          process.stderr.write(`devnet down failed: ${error.message}\n`),
        );
      }
    }
    if (round > 0 && row.A) {
      if (row.B) pairs['B/A'].push(row.B / row.A);
      if (row.C) pairs['C/A'].push(row.C / row.A);
    }
  }
  console.log(
    `fabkit bench --flow: ${rounds} round(s) after a warm-up, ${os.cpus().length} cores, node ${process.version}, load ${uptime()}`,
  );
  console.log(`${'flow'.padEnd(46)} ${'min'.padStart(7)} ${'median'.padStart(7)} ${'max'.padStart(7)}  (s)`);
  const names = {
    ...Object.fromEntries(Object.entries(flows).map(([k, v]) => [k, v[0]])),
    'C+': 'fabkit apply + CLI invoke + 2 queries',
  };
  for (const [key, xs] of Object.entries(times)) {
    if (xs.length === 0) continue;
    const s = stats(xs);
    console.log(
      `${`${key}  ${names[key]}`.padEnd(46)} ${s.min.toFixed(1).padStart(7)} ${s.median.toFixed(1).padStart(7)} ${s.max.toFixed(1).padStart(7)}`,
    );
  }
  if (startup) {
    console.log(
      `\nstart-up, 10 runs each (ms, whole process)     ${'min'.padStart(7)} ${'median'.padStart(7)} ${'max'.padStart(7)}`,
    );
    for (const [name, s] of Object.entries(startup))
      console.log(
        `${name.padEnd(46)} ${s.min.toFixed(0).padStart(7)} ${s.median.toFixed(0).padStart(7)} ${s.max.toFixed(0).padStart(7)}`,
      );
  }
  for (const [name, xs] of Object.entries(pairs)) {
    if (xs.length === 0) continue;
    const s = stats(xs);
    const target = name === 'B/A' ? 1.0 : 0.5;
    console.log(
      `ratio ${name} (pair by pair): min ${s.min.toFixed(2)}, median ${s.median.toFixed(2)}, max ${s.max.toFixed(2)} (target <= ${target.toFixed(1)})`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
