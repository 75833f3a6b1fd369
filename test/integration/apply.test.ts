/**
 * Issue 13's `fabkit apply` acceptance on the devnet: a two-member spec on both lifecycles
 * (channel, AND chaincode, SDK invoke, both members query 90), a second apply that changes
 * nothing, --plan on a half-applied network, and bad files refused before anything is done.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fabkit, ROOT, sharedDevnet } from '../helpers/devnet';

jest.setTimeout(600_000);

/** Each home's query of `a` on the chaincode returns `payload`. */
async function expectBothRead(cc: string, channel: string, homes: readonly string[], payload: string): Promise<void> {
  for (const home of homes) {
    const q = await fabkit([
      'chaincode',
      'query',
      cc,
      '-C',
      channel,
      '-c',
      '{"Args":["query","a"]}',
      '--home',
      home,
      '--json',
    ]);
    expect(JSON.parse(q.stdout)).toMatchObject({ payload });
  }
}

const { dir } = sharedDevnet();
const tag = crypto.randomBytes(3).toString('hex');
const work = path.join(dir, 'homes', `apply-${tag}`);
const CC = path.join(ROOT, 'chaincode', 'example02');

interface StepJson {
  id: string;
  outcome: string;
  seconds: number;
  error?: { code: string; message: string };
}
interface ApplyJson {
  ok: boolean;
  changed: boolean;
  plan: boolean;
  seconds: number;
  steps: StepJson[];
}

function specFor(lifecycle: string, extra = ''): string {
  return [
    `devnet: ${dir}`,
    'members:',
    `  - { name: org1, home: org1-${lifecycle} }`,
    `  - { name: org2, home: org2-${lifecycle} }`,
    'channels:',
    `  - { name: ap${lifecycle.replace('.', '')}-${tag}, members: [org1, org2], lifecycle: "${lifecycle}" }`,
    'chaincode:',
    `  - { name: apcc${lifecycle.replace('.', '')}_${tag}, channel: ap${lifecycle.replace('.', '')}-${tag}, path: ${CC}, policy: "AND(org1, org2)", init: ["init", "a", "100", "b", "200"] }`,
    extra,
  ].join('\n');
}

function write(name: string, text: string): string {
  fs.mkdirSync(work, { recursive: true });
  const file = path.join(work, name);
  fs.writeFileSync(file, text);
  return file;
}

async function apply(file: string, extra: string[] = []): Promise<{ code: number; json: ApplyJson; stderr: string }> {
  const r = await fabkit(['apply', file, '--json', ...extra]);
  return { code: r.exitCode ?? -1, json: JSON.parse(r.stdout || '{}') as ApplyJson, stderr: r.stderr };
}

const outcomes = (j: ApplyJson): Record<string, string> => Object.fromEntries(j.steps.map((s) => [s.id, s.outcome]));

describe.each([['2.x'], ['1.x']])('fabkit apply, two members, AND policy, %s lifecycle', (lifecycle) => {
  const channel = `ap${lifecycle.replace('.', '')}-${tag}`;
  const cc = `apcc${lifecycle.replace('.', '')}_${tag}`;
  const file = (): string => write(`spec-${lifecycle}.yaml`, specFor(lifecycle));

  it('--plan on nothing lists every step; apply brings it up; both members query 100, an SDK invoke, both query 90', async () => {
    const plan = await apply(file(), ['--plan']);
    expect(plan.code).toBe(0);
    expect(plan.json).toMatchObject({ plan: true, changed: true });
    expect(Object.values(outcomes(plan.json)).every((o) => o === 'would-do')).toBe(true);

    const first = await apply(file());
    if (first.code !== 0) throw new Error(JSON.stringify(first.json, null, 2) + first.stderr);
    expect(first.json).toMatchObject({ ok: true, changed: true });
    // A figure for the notes, not a timed assertion.
    console.log(
      `apply ${lifecycle}: ${first.json.seconds} s; ${first.json.steps.map((s) => `${s.id} ${s.seconds}`).join('; ')}`,
    );
    expect(first.json.steps.every((s) => typeof s.seconds === 'number')).toBe(true);

    const h1 = path.join(work, `org1-${lifecycle}`);
    const h2 = path.join(work, `org2-${lifecycle}`);
    await expectBothRead(cc, channel, [h1, h2], '100');
    const inv = await fabkit([
      'chaincode',
      'invoke',
      cc,
      '-C',
      channel,
      '-c',
      '{"Args":["invoke","a","b","10"]}',
      '--sdk',
      '--home',
      h1,
      '--json',
    ]);
    expect(inv.exitCode).toBe(0);
    await expectBothRead(cc, channel, [h1, h2], '90');
  });

  it('apply again: nothing to do, nothing changes', async () => {
    const again = await apply(file());
    expect(again.code).toBe(0);
    expect(again.json).toMatchObject({ ok: true, changed: false });
    expect(Object.values(outcomes(again.json)).every((o) => o === 'already-done')).toBe(true);
    const text = await fabkit(['apply', file()]);
    expect(text.stdout).toContain('nothing to do');
  });
});

it('--plan on a half-applied network lists exactly the missing steps', async () => {
  // The 2.x spec is applied; a second chaincode on the same channel is what is missing.
  const extra = `  - { name: apmore_${tag}, channel: ap2x-${tag}, path: ${CC}, policy: "AND(org1, org2)" }`;
  const plan = await apply(write('spec-half.yaml', specFor('2.x', extra)), ['--plan']);
  expect(plan.code).toBe(0);
  const wouldDo = plan.json.steps.filter((s) => s.outcome === 'would-do').map((s) => s.id);
  expect(wouldDo.sort()).toEqual([`deploy apmore_${tag} org1`, `deploy apmore_${tag} org2`]);
  expect(plan.json.steps.filter((s) => s.outcome !== 'would-do').every((s) => s.outcome === 'already-done')).toBe(true);
});

describe('a bad file is refused before anything is done (exit 2, the field path in the message)', () => {
  it.each([
    ['a bad field', specFor('2.x').replace('lifecycle: "2.x"', 'lifecycel: "2.x"'), 'channels[0]'],
    [
      'an unknown member in a policy',
      specFor('2.x').replace('AND(org1, org2)', 'AND(org1, org9)'),
      'chaincode[0].policy',
    ],
    ['a missing chaincode folder', specFor('2.x').replace(CC, path.join(work, 'no-such-cc')), 'chaincode[0].path'],
  ])('%s', async (_what, text, field) => {
    const bad = text.replace(/org([12])-2\.x/g, `bad-org$1`);
    const r = await fabkit(['apply', write('bad.yaml', bad), '--json']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout + r.stderr).toContain(`${field}:`);
    expect(fs.existsSync(path.join(work, 'bad-org1'))).toBe(false);
  });
});
