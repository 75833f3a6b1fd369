/**
 * Issue 13: a peer killed mid-apply. Member 2's peer is killed (by its PID from the devnet's state.json)
 * as soon as the step that needs it starts; the report names the steps done, the one failed (with its
 * code and hint) and the one not started, and apply exits non-zero. After `devnet up` restarts what
 * died, --plan lists exactly the missing steps, and a re-run completes them, reporting the rest as
 * already done.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import execa from 'execa';
import { FABKIT, ROOT, fabkit, sharedDevnet, sharedUpFlags } from '../helpers/devnet';
import { waitUntil } from '../helpers/fabric-cli';

jest.setTimeout(600_000);

const { dir } = sharedDevnet();
const tag = crypto.randomBytes(3).toString('hex');
const work = path.join(dir, 'homes', `apply-kill-${tag}`);
const channel = `apkill-${tag}`;
const cc = `apkillcc_${tag}`;
const file = path.join(work, 'network.yaml');

interface StepJson {
  id: string;
  outcome: string;
  error?: { code: string; message: string; hint?: string };
}

/** The PID of a devnet process as state.json records it now. */
function pidOf(name: string): number {
  const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')) as {
    processes: { name: string; pid: number }[];
  };
  const p = state.processes.find((x) => x.name === name);
  if (!p) throw new Error(`no ${name} in state.json`);
  return p.pid;
}

const rowOf = (report: string, id: string): string =>
  report.split('\n').find((l) => l.startsWith(`${id}  `)) ?? `(no row for ${id})`;

beforeAll(() => {
  fs.mkdirSync(work, { recursive: true });
  fs.writeFileSync(
    file,
    [
      `devnet: ${dir}`,
      'members:',
      '  - { name: org1, home: org1 }',
      '  - { name: org2, home: org2 }',
      'channels:',
      `  - { name: ${channel}, members: [org1, org2], lifecycle: "2.x" }`,
      'chaincode:',
      `  - { name: ${cc}, channel: ${channel}, path: ${path.join(ROOT, 'chaincode', 'example02')}, policy: "AND(org1, org2)", init: ["init", "a", "100", "b", "200"] }`,
    ].join('\n'),
  );
});

afterAll(async () => {
  // Whatever happened above, the shared devnet is left whole for the next test file.
  await fabkit(['devnet', 'up', '--dir', dir, ...sharedUpFlags()]);
});

it('member 2’s peer killed when its join starts: done / failed (code, hint) / not started, exit non-zero', async () => {
  const joinOrg2 = `join ${channel} org2`;
  const child = execa(process.execPath, [FABKIT, 'apply', file], { reject: false, cwd: ROOT, env: { CI: 'true' } });
  let killed: number | undefined;
  let buffered = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    // Not on a terminal, each step that starts prints "· <step> …".
    if (killed === undefined && lines.some((l) => l === `· ${joinOrg2} …`)) {
      killed = pidOf('peer-org2');
      process.kill(killed, 'SIGKILL');
    }
  });
  const r = await child;
  console.log(r.stdout); // the failure report, for the notes
  expect(killed).toBeDefined();
  expect(r.exitCode).toBe(1);
  expect(r.stdout).toMatch(/^apply .* failed after [\d.]+ s: 1 failed, 1 not started; run it again to continue/);
  for (const id of [
    'init org1',
    'init org2',
    'enroll org1',
    'enroll org2',
    'import org2 into org1',
    `create ${channel}`,
  ])
    expect(rowOf(r.stdout, id)).toMatch(/ done /);
  // Member 1's install and approval do not need member 2's peer: they finish.
  expect(rowOf(r.stdout, `deploy ${cc} org1`)).toMatch(/ done /);
  // The failed step carries its error's code and hint: "CODE: message (hint)".
  expect(rowOf(r.stdout, joinOrg2)).toMatch(/ failed +[\d.]+ s +[A-Z][A-Z_]+: .+ \(.+\)$/);
  expect(rowOf(r.stdout, `deploy ${cc} org2`)).toMatch(/ not-started /);
});

it('after devnet up restarts the peer: --plan lists exactly the missing steps; a re-run completes, the rest already done', async () => {
  await waitUntil('the killed peer to be down', 10_000, async () => {
    const s = await fabkit(['devnet', 'status', '--dir', dir, '--json']);
    const peer = (JSON.parse(s.stdout) as { processes: { name: string; up: boolean }[] }).processes.find(
      (p) => p.name === 'peer-org2',
    );
    return peer?.up === false ? true : undefined;
  });
  const up = await fabkit(['devnet', 'up', '--dir', dir, ...sharedUpFlags()]);
  expect(up.exitCode).toBe(0);
  expect(up.stdout).toContain('(restarted: peer-org2)');

  const plan = await fabkit(['apply', file, '--plan', '--json']);
  expect(plan.exitCode).toBe(0);
  const planned = (JSON.parse(plan.stdout) as { steps: StepJson[] }).steps;
  expect(planned.filter((s) => s.outcome === 'would-do').map((s) => s.id)).toEqual([
    `join ${channel} org2`,
    `deploy ${cc} org2`,
  ]);
  expect(planned.filter((s) => s.outcome !== 'would-do').every((s) => s.outcome === 'already-done')).toBe(true);

  const again = await fabkit(['apply', file, '--json']);
  if (again.exitCode !== 0) throw new Error(`${again.stdout}\n${again.stderr}`);
  const steps = (JSON.parse(again.stdout) as { steps: StepJson[] }).steps;
  expect(Object.fromEntries(steps.map((s) => [s.id, s.outcome]))).toEqual({
    'enroll org1': 'already-done',
    'enroll org2': 'already-done',
    'import org2 into org1': 'already-done',
    [`create ${channel}`]: 'already-done',
    [`join ${channel} org2`]: 'done',
    [`deploy ${cc} org1`]: 'already-done',
    [`deploy ${cc} org2`]: 'done',
  });
  const q = await fabkit([
    'chaincode',
    'query',
    cc,
    '-C',
    channel,
    '-c',
    '{"Args":["query","a"]}',
    '--home',
    path.join(work, 'org2'),
    '--json',
  ]);
  expect(JSON.parse(q.stdout)).toMatchObject({ payload: '100' });
});
