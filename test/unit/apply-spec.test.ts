/** The apply file's schema and the policy rewrite by member name, and the DAG runner's ordering and failure handling. */
import { parseApplySpec } from '../../src/index';
import { runDag } from '../../src/workflows/apply/dag';
import type { DagEvent, DagStep } from '../../src/workflows/apply/dag';
import { policyWithIds } from '../../src/workflows/apply/spec';
import { thrown } from '../helpers/thrown';

const GOOD = `
devnet: .devnet
members:
  - { name: org1, home: homes/org1 }
  - { name: org2, bundle: org2.json }
channels:
  - { name: ch1, members: [org1, org2], lifecycle: 2.x }
chaincode:
  - { name: mycc, channel: ch1, path: cc, policy: "AND(org1, org2)", init: ["init", "a", "100"] }
`;

describe('parseApplySpec', () => {
  it('accepts the file of the issue', () => {
    const s = parseApplySpec(GOOD, 'apply.yaml');
    expect(s.members).toHaveLength(2);
    expect(s.chaincode[0]?.init).toEqual(['init', 'a', '100']);
  });

  it.each([
    ['an unknown field', GOOD.replace('lifecycle: 2.x', 'lifecycel: 2.x'), 'channels[0]'],
    ['a bad lifecycle', GOOD.replace('lifecycle: 2.x', 'lifecycle: 3.x'), 'channels[0].lifecycle'],
    ['a member with neither home nor bundle', GOOD.replace(', home: homes/org1', ''), 'members[0]'],
    ['init args that are not text', GOOD.replace('"100"', '[1]'), 'chaincode[0].init[2]'],
    ['no members', 'members: []', 'members'],
  ])('refuses %s with the field path (usage error)', (_what, text, field) => {
    const e = thrown(() => parseApplySpec(text, 'apply.yaml'));
    expect(e).toMatchObject({ code: 'APPLY_SPEC_INVALID', kind: 'usage' });
    expect(String((e as Error).message)).toContain(`apply.yaml: ${field}:`);
  });
});

describe('policyWithIds', () => {
  const ids: Record<string, string> = { org1: 'm-A', org2: 'm-B' };
  it('rewrites names and IDs, keeps quoted principals and operators', () => {
    expect(policyWithIds("AND(org1, OR(org2, 'm-C.admin'))", (n) => ids[n]).text).toBe(
      "AND('m-A.member', OR('m-B.member', 'm-C.admin'))",
    );
    expect(policyWithIds('OutOf(1, org1, org2)', (n) => ids[n]).text).toBe("OutOf(1, 'm-A.member', 'm-B.member')");
  });
  it('reports unknown names', () => {
    expect(policyWithIds('AND(org1, org3)', (n) => ids[n]).unknown).toEqual(['org3']);
  });
});

describe('runDag', () => {
  const step = (id: string, needs: string[], log: string[], fail = false, done = false): DagStep => ({
    id,
    needs,
    check: async () => done,
    run: async () => {
      log.push(`start ${id}`);
      await new Promise((r) => setImmediate(r));
      log.push(`end ${id}`);
      if (fail) throw new Error(`${id} broke`);
      return 'ok';
    },
  });

  it('runs independent steps concurrently and dependents after what they need', async () => {
    const log: string[] = [];
    const r = await runDag([step('a', [], log), step('b', [], log), step('c', ['a', 'b'], log)]);
    expect(log.slice(0, 2)).toEqual(['start a', 'start b']);
    expect(log.indexOf('start c')).toBeGreaterThan(log.indexOf('end b'));
    expect(r.map((x) => x.outcome)).toEqual(['done', 'done', 'done']);
  });

  it('a failure stops its dependents only; independent steps finish', async () => {
    const log: string[] = [];
    const r = await runDag([step('a', [], log, true), step('b', ['a'], log), step('c', [], log)]);
    expect(r.map((x) => [x.id, x.outcome])).toEqual([
      ['a', 'failed'],
      ['b', 'not-started'],
      ['c', 'done'],
    ]);
    expect(r[0]?.error).toMatchObject({ code: 'UNEXPECTED', message: 'a broke' });
  });

  it('plan runs only checks: done steps are already-done, the rest would-do, nothing runs', async () => {
    const log: string[] = [];
    const r = await runDag(
      [step('a', [], log, false, true), step('b', ['a'], log), step('c', ['b'], log, false, true)],
      {
        plan: true,
      },
    );
    expect(r.map((x) => x.outcome)).toEqual(['already-done', 'would-do', 'would-do']);
    expect(log).toEqual([]);
  });

  it('reports its events: planned first (every step and its needs), started only for steps that run, finished for each', async () => {
    const events: DagEvent[] = [];
    await runDag([step('a', [], [], false, true), step('b', ['a'], [], true), step('c', ['b'], [])], {
      onEvent: (e) => events.push(e),
    });
    expect(
      events.map((e) =>
        e.kind === 'finished'
          ? `${e.step.id} ${e.step.outcome}`
          : e.kind === 'planned'
            ? 'planned'
            : `${e.id} ${e.kind}`,
      ),
    ).toEqual(['planned', 'a already-done', 'b started', 'b failed', 'c not-started']);
    expect(events[0]).toEqual({
      kind: 'planned',
      steps: [
        { id: 'a', needs: [] },
        { id: 'b', needs: ['a'] },
        { id: 'c', needs: ['b'] },
      ],
    });
  });

  it('refuses a cycle', async () => {
    await expect(runDag([step('a', ['b'], []), step('b', ['a'], [])])).rejects.toThrow(/cycle/);
  });
});
