/**
 * Issue 5's acceptance as a user runs it: tutorial step 7 on both lifecycles for one member,
 * then a two-member channel with an AND policy (1.x and 2.x), through the built `fabkit` CLI on
 * the devnet's real orderer, peers and external-builder chaincode.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fabkit, readNetwork, sharedDevnet } from '../helpers/devnet';

jest.setTimeout(300_000);

const CC = path.resolve(__dirname, '..', '..', 'chaincode', 'example02');
const GO_CC = path.resolve(__dirname, '..', '..', 'chaincode', 'chaincode_example02', 'go');
const INIT = '{"Args":["init","a","100","b","200"]}';
const { dir } = sharedDevnet();
const net = readNetwork(dir);
const m1 = net.Members[0]?.Id ?? '';
const m2 = net.Members[1]?.Id ?? '';
const peerOf = (memberId: string): string => net.Nodes.find((n) => n.MemberId === memberId)?.PeerEndpoint ?? '';
const tag = crypto.randomBytes(3).toString('hex');
const h1 = path.join(dir, 'homes', `cc-${tag}-m1`);
const h2 = path.join(dir, 'homes', `cc-${tag}-m2`);
const AND = `AND('${m1}.member','${m2}.member')`;
// Chaincode names are unique per run: the devnet's peers are shared with other test files, and install state is per peer.
const [MYCC, ANDCC, ANDCC2, MAJCC, BADCC, GOCC, NODIST] = [
  'mycc',
  'andcc',
  'andcc2',
  'majcc',
  'badcc',
  'gocc',
  'nodist',
].map((n) => `${n}_${tag}`) as [string, string, string, string, string, string, string];

/** A fabric-samples-style TypeScript chaincode packaged without its dist/: main and start name a file that is not there. */
function withoutDist(): string {
  const folder = path.join(dir, 'homes', `nodist-${tag}`);
  if (fs.existsSync(folder)) return folder;
  fs.cpSync(CC, folder, { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
  const pkgFile = path.join(folder, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(
    pkgFile,
    JSON.stringify({ ...pkg, main: 'dist/index.js', scripts: { start: 'node dist/index.js' } }, null, 2),
  );
  return folder;
}

async function ok(args: string[]): Promise<Record<string, unknown>> {
  const r = await fabkit([...args, '--json']);
  if (r.exitCode !== 0) throw new Error(`fabkit ${args.join(' ')} exited ${r.exitCode}:\n${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}
const query = async (home: string, channel: string, name: string): Promise<string> =>
  String(
    (await ok(['chaincode', 'query', name, '-C', channel, '-c', '{"Args":["query","a"]}', '--home', home])).payload,
  );
const invoke = (home: string, channel: string, name: string, extra: string[] = []) =>
  fabkit([
    'chaincode',
    'invoke',
    name,
    '-C',
    channel,
    '-c',
    '{"Args":["invoke","a","b","10"]}',
    '--home',
    home,
    '--json',
    ...extra,
  ]);
const deploy = (home: string, channel: string, name: string, extra: string[]) =>
  ok(['chaincode', 'deploy', name, '-C', channel, '-p', CC, '--home', home, ...extra]);
const outcomes = (r: Record<string, unknown>): string[] => (r.steps as { outcome: string }[]).map((s) => s.outcome);

beforeAll(async () => {
  for (const [home, member] of [
    [h1, 'org1'],
    [h2, 'org2'],
  ] as const) {
    await ok(['init', '--home', home, '--from-devnet', dir, '--member', member]);
    await ok(['enroll', '--home', home]);
  }
  const bundle = path.join(dir, 'homes', `cc-${tag}-m2.bundle.json`);
  await ok(['member', 'export', '--home', h2, '--out', bundle]);
  await ok(['member', 'import', bundle, '--home', h1]);
});

describe.each([['1.x'], ['2.x']])('one member, %s lifecycle: deploy, query 100, invoke, query 90', (lifecycle) => {
  const channel = `cc1-${lifecycle === '1.x' ? 'v1' : 'v2'}-${tag}`;

  it('deploys with one command, then a re-run reports every step already done', async () => {
    await ok(['channel', 'create', channel, '--lifecycle', lifecycle, '--home', h1]);
    const first = await deploy(h1, channel, MYCC, ['-c', INIT]);
    expect(first).toMatchObject({ lifecycle, ready: true });
    expect(outcomes(first).every((o) => o === 'done')).toBe(true);
    expect(await query(h1, channel, MYCC)).toBe('100');
    const again = await deploy(h1, channel, MYCC, ['-c', INIT]);
    expect(outcomes(again).every((o) => o === 'already-done')).toBe(true);
  });

  it('deploys the Go chaincode_example02 (language from go.mod, vendor/ bundled): query 100, invoke, query 90', async () => {
    const first = await ok(['chaincode', 'deploy', GOCC, '-C', channel, '-p', GO_CC, '-c', INIT, '--home', h1]);
    expect(first).toMatchObject({ lifecycle, ready: true });
    expect(JSON.stringify(first.steps)).toContain('golang');
    expect(await query(h1, channel, GOCC)).toBe('100');
    expect((await invoke(h1, channel, GOCC)).exitCode).toBe(0);
    expect(await query(h1, channel, GOCC)).toBe('90');
  });

  it("refuses to call a chaincode that cannot start ready, quoting the builder's and the chaincode's own lines", async () => {
    // 2.x without Init: the start probe launches it; 1.x: instantiate runs Init, which launches it.
    const extra = lifecycle === '1.x' ? ['-c', INIT] : [];
    const r = await fabkit(['chaincode', 'deploy', NODIST, '-C', channel, '-p', withoutDist(), '--home', h1, ...extra]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('The builder and the chaincode said');
    expect(r.stderr).toContain('fabkit node builder: starting');
    expect(r.stderr).toMatch(/Cannot find module '[^']*\/dist\/index\.js'/);
    expect(r.stderr).toContain(path.join(dir, 'logs'));
  });

  it('querycommitted without a name lists every committed chaincode (2.x)', async () => {
    if (lifecycle === '1.x') return;
    const r = await ok(['chaincode', 'querycommitted', '-C', channel, '--home', h1]);
    const names = (r.chaincodes as { name: string; version: string; sequence: number }[]).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining([MYCC, GOCC, NODIST]));
    expect(r.chaincodes).toEqual(
      expect.arrayContaining([{ name: MYCC, version: '1', sequence: 1, initRequired: true }]),
    );
  });

  it('channel create again removes the scratch folders an interrupted run left there, and nothing else', async () => {
    const channelDir = path.join(h1, 'channel-artifacts', channel);
    const plant = (name: string): string => {
      fs.mkdirSync(path.join(channelDir, name), { recursive: true });
      fs.writeFileSync(path.join(channelDir, name, 'config.block'), 'partial');
      return path.join(channelDir, name);
    };
    const leftovers = [plant('.genesis-AbC123'), plant('.config.tmp-0123456789ab')]; // an earlier version's, and today's
    const kept = plant('notes.tmp-x');
    expect(await ok(['channel', 'create', channel, '--lifecycle', lifecycle, '--home', h1])).toMatchObject({
      outcome: 'already-exists',
    });
    for (const leftover of leftovers) expect(fs.existsSync(leftover)).toBe(false);
    expect(fs.existsSync(kept)).toBe(true);
    expect(fs.readdirSync(channelDir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('invokes through the peer CLI and reports the transaction ID and VALID', async () => {
    const r = await invoke(h1, channel, MYCC);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      validationCode: 'VALID',
      txId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await query(h1, channel, MYCC)).toBe('90');
  });

  it('--verbose shows each Fabric command with its exit code and duration on stderr, and stdout stays the result', async () => {
    const r = await fabkit([
      '--verbose',
      'chaincode',
      'query',
      MYCC,
      '-C',
      channel,
      '-c',
      '{"Args":["query","a"]}',
      '--home',
      h1,
    ]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('90');
    expect(r.stderr).toContain(`$ peer chaincode query -C ${channel} -n ${MYCC} -c '{"Args":["query","a"]}'`);
    expect(r.stderr).toMatch(/→ exit 0 in \d+\.\d\ds \(local\)/);
  });
});

it('2.x: chaincode package writes the .tgz once and keeps it on a re-run', async () => {
  const out = path.join(h1, 'pkgs', `${MYCC}_9.tgz`);
  const first = await ok(['chaincode', 'package', MYCC, '-v', '9', '-p', CC, '--out', out, '--home', h1]);
  expect(first).toMatchObject({ outcome: 'packaged', file: out, label: `${MYCC}_9` });
  expect(fs.statSync(out).size).toBeGreaterThan(1000);
  expect(await ok(['chaincode', 'package', MYCC, '-v', '9', '-p', CC, '--out', out, '--home', h1])).toMatchObject({
    outcome: 'already-packaged',
  });
});

describe('the single steps, for users who run the lifecycle by hand', () => {
  const steps = (r: Record<string, unknown>): string[] => (r.steps as { outcome: string }[]).map((st) => st.outcome);
  const run = (verb: string, name: string, channel: string, extra: string[] = []) =>
    ok(['chaincode', verb, name, '-C', channel, '-p', CC, '--home', h1, ...extra]);

  it('1.x: install, instantiate, the same again (already done), then install and upgrade to version 2', async () => {
    const channel = `steps-v1-${tag}`;
    const name = `steps1_${tag}`;
    await ok(['channel', 'create', channel, '--lifecycle', '1.x', '--home', h1]);
    const refused = await fabkit(['chaincode', 'upgrade', name, '-C', channel, '-p', CC, '--home', h1, '--json']);
    expect(refused.exitCode).toBe(2);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_INSTANTIATED' } });
    expect(steps(await run('install', name, channel))).toEqual(['done']);
    expect(steps(await run('install', name, channel))).toEqual(['already-done']);
    expect(steps(await run('instantiate', name, channel, ['-c', INIT]))).toEqual(['done']);
    expect(steps(await run('instantiate', name, channel, ['-c', INIT]))).toEqual(['already-done']);
    expect(steps(await run('install', name, channel, ['-v', '2']))).toEqual(['done']);
    expect(steps(await run('upgrade', name, channel, ['-v', '2', '-c', INIT]))).toEqual(['done']);
    expect(await query(h1, channel, name)).toBe('100');
  });

  it('2.x: install, approve, commit, the same again (already done), querycommitted, then Init by hand', async () => {
    const channel = `steps-v2-${tag}`;
    const name = `steps2_${tag}`;
    await ok(['channel', 'create', channel, '--lifecycle', '2.x', '--home', h1]);
    const installed = await run('install', name, channel);
    expect(installed).toMatchObject({
      lifecycle: '2.x',
      packageId: expect.stringMatching(new RegExp(`^${name}_1:[0-9a-f]{64}$`)),
    });
    expect(steps(await run('approve', name, channel, ['-c', INIT]))).toEqual(['already-done', 'done']);
    expect(steps(await run('approve', name, channel, ['-c', INIT]))).toEqual(['already-done', 'already-done']);
    expect(await run('commit', name, channel, ['-c', INIT])).toMatchObject({
      committed: true,
      alreadyCommitted: false,
      sequence: 1,
    });
    expect(await run('commit', name, channel, ['-c', INIT])).toMatchObject({
      committed: true,
      alreadyCommitted: true,
      sequence: 1,
    });
    expect(await ok(['chaincode', 'querycommitted', name, '-C', channel, '--home', h1])).toMatchObject({
      version: '1',
      sequence: 1,
      initRequired: true,
    });
    expect(await ok(['chaincode', 'invoke', name, '-C', channel, '--isInit', '-c', INIT, '--home', h1])).toMatchObject({
      validationCode: 'VALID',
    });
    expect(await query(h1, channel, name)).toBe('100');
  });
});

describe('two members, AND policy, 1.x lifecycle', () => {
  const channel = `cc2-v1-${tag}`;

  beforeAll(async () => {
    await ok(['channel', 'create', channel, '--member', m2, '--lifecycle', '1.x', '--home', h1]);
    await ok(['channel', 'join', channel, '--home', h2]);
  });

  it('refuses a bad policy, an unknown member and non-JSON init args before installing anything', async () => {
    const cases: [string[], string][] = [
      [['-P', `AND('${m1}.member'`], 'INVALID_POLICY_SYNTAX'],
      [['-P', `AND('${m1}.member','m-ZZZZZZZZZZZZZZZZZZZZZZZZZZ.member')`], 'UNKNOWN_POLICY_MEMBER'],
      [['-P', AND, '-c', '{"Args":["init",'], 'CTOR_NOT_JSON'],
    ];
    for (const [extra, code] of cases) {
      const r = await fabkit(['chaincode', 'deploy', BADCC, '-C', channel, '-p', CC, '--home', h1, ...extra]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(`[${code}]`);
    }
    const installed = await ok(['chaincode', 'list', '--installed', '-C', channel, '--home', h1]);
    expect((installed.chaincodes as { name: string }[]).map((c) => c.name)).not.toContain(BADCC);
  });

  it('refuses a 300-character chaincode name at every entry point before Fabric sees it (exit 2), and a too long --label', async () => {
    const long = `c${'0'.repeat(299)}`;
    const onChannel = ['-C', channel, '--home', h1];
    const calls: string[][] = [
      ['deploy', long, '-p', CC, ...onChannel],
      ['package', long, '-p', CC, '--home', h1],
      ['install', long, '-p', CC, ...onChannel],
      ['instantiate', long, '-p', CC, ...onChannel],
      ['upgrade', long, '-p', CC, ...onChannel],
      ['approve', long, '-p', CC, ...onChannel],
      ['commit', long, ...onChannel],
      ['querycommitted', long, ...onChannel],
      ['query', long, '-c', '{"Args":["query","a"]}', ...onChannel],
      ['query', long, '-c', '{"Args":["query","a"]}', '--sdk', ...onChannel],
      ['invoke', long, '-c', '{"Args":["invoke","a","b","1"]}', ...onChannel],
      ['invoke', long, '-c', '{"Args":["invoke","a","b","1"]}', '--sdk', ...onChannel],
    ];
    for (const args of calls) {
      const r = await fabkit(['chaincode', ...args]);
      expect([args[0], r.exitCode]).toEqual([args[0], 2]);
      expect(r.stderr).toContain('[INVALID_CHAINCODE_NAME]');
      expect(r.stderr).toContain('at most 181 characters (it has 300)');
      expect(r.stderr).not.toMatch(/file name too long/i);
    }
    const label = await fabkit(['chaincode', 'deploy', BADCC, '--label', 'l'.repeat(200), '-p', CC, ...onChannel]);
    expect(label.exitCode).toBe(2);
    expect(label.stderr).toContain('[INVALID_CHAINCODE_LABEL]');
    const installed = await ok(['chaincode', 'list', '--installed', '-C', channel, '--home', h1]);
    expect((installed.chaincodes as { name: string }[]).map((c) => c.name)).not.toContain(BADCC);
  });

  it('both members deploy; an invoke endorsed by both peers commits and both see the new value', async () => {
    expect(await deploy(h1, channel, ANDCC, ['-c', INIT, '-P', AND])).toMatchObject({ ready: true, policy: AND });
    const second = await deploy(h2, channel, ANDCC, ['-c', INIT, '-P', AND]);
    expect(outcomes(second)).toEqual(['done', 'already-done']);
    const r = await invoke(h1, channel, ANDCC);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      validationCode: 'VALID',
      endorsers: [{ memberId: m1 }, { memberId: m2 }],
    });
    expect(await query(h1, channel, ANDCC)).toBe('90');
    expect(await query(h2, channel, ANDCC)).toBe('90');
  });

  it("refuses, before ordering, an invoke sent only to member 1's peer, naming the missing member", async () => {
    const r = await invoke(h1, channel, ANDCC, ['--peer', peerOf(m1)]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('[POLICY_NOT_SATISFIED]');
    expect(r.stderr).toContain(`missing endorsement from ${m2}`);
    expect(await query(h1, channel, ANDCC)).toBe('90');
  });

  it('the SDK path (fabric-network) gives the same results as the peer CLI, and refuses the same doomed invoke', async () => {
    const q = ['chaincode', 'query', ANDCC, '-C', channel, '-c', '{"Args":["query","b"]}', '--home', h2];
    expect((await ok([...q, '--sdk'])).payload).toBe((await ok(q)).payload);
    const r = await invoke(h1, channel, ANDCC, ['--sdk']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      via: 'sdk',
      validationCode: 'VALID',
      endorsers: [{ memberId: m1 }, { memberId: m2 }],
    });
    const refused = await invoke(h1, channel, ANDCC, ['--sdk', '--peer', peerOf(m1)]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain(`missing endorsement from ${m2}`);
    for (const home of [h1, h2]) {
      const a = ['chaincode', 'query', ANDCC, '-C', channel, '-c', '{"Args":["query","a"]}', '--home', home];
      expect((await ok([...a, '--sdk'])).payload).toBe('80');
      expect((await ok(a)).payload).toBe('80');
    }
  });

  it('forced through the peer CLI, the transaction ends ENDORSEMENT_POLICY_FAILURE and fabkit says so', async () => {
    const r = await invoke(h1, channel, ANDCC, ['--peer', peerOf(m1), '--force']);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: false,
      error: { code: 'TX_INVALIDATED', details: { validationCode: 'ENDORSEMENT_POLICY_FAILURE' } },
    });
    expect(await query(h2, channel, ANDCC)).toBe('80');
  });
});

describe('two members, AND policy, 2.x lifecycle: each approves on its own machine, the one making the majority commits', () => {
  const channel = `cc2-v2-${tag}`;

  it("tells the first what the other still has to do; the second (without the first's bundle) commits and initializes from the anchor peers", async () => {
    await ok(['channel', 'create', channel, '--member', m2, '--home', h1]);
    await ok(['channel', 'join', channel, '--home', h2]);
    const first = await deploy(h1, channel, ANDCC2, ['-c', INIT, '-P', AND]);
    expect(first).toMatchObject({ lifecycle: '2.x', ready: false });
    expect(outcomes(first)).toEqual(['done', 'done', 'waiting']);
    expect(String(first.othersToDo)).toContain(`${m2}: install and approve`);
    // Member 2 never imported member 1's bundle: member 1's anchor peer, set by channel create, is in the channel config.
    const second = await deploy(h2, channel, ANDCC2, ['-c', INIT, '-P', AND]);
    expect(second).toMatchObject({ ready: true });
    expect(outcomes(second)).toEqual(['done', 'done', 'done', 'done']);
    const third = await deploy(h1, channel, ANDCC2, ['-c', INIT, '-P', AND]);
    expect(third).toMatchObject({ ready: true });
    expect(outcomes(third)).toEqual(['already-done', 'already-done', 'already-done']);
    const r = await invoke(h1, channel, ANDCC2);
    expect(r.exitCode).toBe(0);
    expect(await query(h1, channel, ANDCC2)).toBe('90');
    expect(await query(h2, channel, ANDCC2)).toBe('90');
  });

  it("without -P the chaincode gets the channel's default (MAJORITY of two = both), and invoke plans its endorsers from that", async () => {
    for (const home of [h1, h2]) await deploy(home, channel, MAJCC, ['-c', INIT]);
    const r = await invoke(h1, channel, MAJCC);
    expect(r.exitCode).toBe(0);
    // The channel's members in its config order (sorted IDs), each once: what MAJORITY of two means.
    const [first, second] = [m1, m2].sort();
    expect(JSON.parse(r.stdout)).toMatchObject({
      validationCode: 'VALID',
      policy: `OutOf(2,'${first}.member','${second}.member')`,
      endorsers: [{ memberId: m1 }, { memberId: m2 }],
    });
    const alone = await invoke(h1, channel, MAJCC, ['--peer', peerOf(m1)]);
    expect(alone.exitCode).toBe(2);
    expect(alone.stderr).toContain(`missing endorsement from ${m2}`);
    expect(await query(h2, channel, MAJCC)).toBe('90');
  });
});
