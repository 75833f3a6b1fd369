import type { Endorser } from '../../src/policy/satisfy';
import type { PrincipalRole } from '../../src/policy/ast';
import { checkEndorsements, describeMissing } from '../../src/policy/satisfy';
import { parsePolicy } from '../../src/policy/parse';

const peer = (mspId: string): Endorser => ({ mspId, role: 'peer' });
const as = (mspId: string, role: PrincipalRole): Endorser => ({ mspId, role });

describe('checkEndorsements', () => {
  it.each<[string, Endorser[], boolean, string[]]>([
    ["AND('m-A.member','m-B.member')", [peer('m-A'), peer('m-B')], true, []],
    ["AND('m-A.member','m-B.member')", [peer('m-B'), peer('m-A')], true, []],
    ["AND('m-A.member','m-B.member')", [peer('m-A')], false, ['m-B']],
    ["AND('m-A.member','m-B.member')", [], false, ['m-A', 'm-B']],
    ["AND('m-A.member','m-B.member')", [peer('m-A'), peer('m-C')], false, ['m-B']],
    ["OR('m-A.member','m-B.member')", [peer('m-B')], true, []],
    ["OR('m-A.member','m-B.member')", [], false, ['m-A']],
    ["OR('m-A.member','m-B.member')", [peer('m-C')], false, ['m-A']],
    ["OutOf(2,'m-A.member','m-B.member','m-C.member')", [peer('m-C'), peer('m-A')], true, []],
    ["OutOf(2,'m-A.member','m-B.member','m-C.member')", [peer('m-C')], false, ['m-A']],
    ["OutOf(2,'m-A.member','m-B.member','m-C.member')", [], false, ['m-A', 'm-B']],
    ["OutOf(3,'m-A.member','m-B.member','m-C.member','m-D.member')", [peer('m-B')], false, ['m-A', 'm-C']],
    // a peer signature counts as .member and .peer
    ["AND('m-A.peer','m-B.member')", [peer('m-A'), peer('m-B')], true, []],
    // ... but not as .admin or .client
    ["AND('m-A.admin')", [peer('m-A')], false, ['m-A']],
    ["AND('m-A.client')", [peer('m-A')], false, ['m-A']],
    ["AND('m-A.admin')", [as('m-A', 'admin')], true, []],
    ["AND('m-A.member')", [as('m-A', 'client')], true, []],
    // a plain member identity does not satisfy a .peer principal
    ["AND('m-A.peer')", [as('m-A', 'member')], false, ['m-A']],
    // nested: the cheapest way out is reported
    ["OR(AND('m-A.member','m-B.member'),'m-C.member')", [], false, ['m-C']],
    ["OR(AND('m-A.member','m-B.member'),'m-C.member')", [peer('m-A')], false, ['m-B']],
    // Fabric lets m-B's one signature count in only one of the ORs, so m-B alone is not enough
    ["AND(OR('m-A.member','m-B.member'),OR('m-B.member','m-C.member'))", [], false, ['m-A', 'm-C']],
    // ... and adding m-A does not help: the first OR consumes both m-A's and m-B's signatures
    ["AND(OR('m-A.member','m-B.member'),OR('m-B.member','m-C.member'))", [peer('m-B')], false, ['m-B']],
    ["AND(OR('m-A.member','m-B.member'),OR('m-B.member','m-C.member'))", [peer('m-A'), peer('m-B')], false, ['m-B']],
    ["AND(OR('m-A.member','m-B.member'),OR('m-B.member','m-C.member'))", [peer('m-B'), peer('m-C')], true, []],
    ["AND(OR('m-A.member','m-B.member'),OR('m-B.member','m-C.member'))", [peer('m-B'), peer('m-B')], true, []],
    ["AND(OR('m-A.member','m-B.member'),OR('m-C.member','m-D.member'))", [peer('m-D')], false, ['m-A']],
    ["OutOf(2,AND('m-A.member','m-B.member'),'m-C.member','m-D.member')", [peer('m-A')], false, ['m-B', 'm-C']],
    ["OutOf(2,AND('m-A.member','m-B.member'),'m-C.member','m-D.member')", [peer('m-A'), peer('m-B')], false, ['m-C']],
    // one more endorsement from each listed member is enough, even with Fabric's signature consumption
    ["OutOf(2,OR('m-A.member','m-B.member'),AND('m-C.member','m-A.member'),'m-D.member')", [], false, ['m-A', 'm-D']],
    // each signature satisfies only one principal, as in Fabric
    ["AND('m-A.member','m-A.member')", [peer('m-A')], false, ['m-A']],
    ["AND('m-A.member','m-A.member','m-A.member')", [], false, ['m-A']],
    ["AND('m-A.member','m-A.member')", [peer('m-A'), peer('m-A')], true, []],
    ["AND('m-A.member','m-A.peer')", [peer('m-A')], false, ['m-A']],
  ])('%s with %j', (text, endorsers, satisfied, missing) => {
    const result = checkEndorsements(parsePolicy(text), endorsers);
    expect(result).toEqual({ satisfied, missing, satisfiable: true });
  });

  it('follows Fabric: an OR keeps every signature its satisfied branches used', () => {
    // Fabric's cauthdsl evaluates both branches of the OR, consuming m-A's and m-B's
    // signatures, so the second 'm-A.member' finds no unused signature.
    const ast = parsePolicy("AND(OR('m-A.member','m-B.member'),'m-A.member')");
    expect(checkEndorsements(ast, [peer('m-A'), peer('m-B')])).toEqual({
      satisfied: false,
      missing: ['m-A'],
      satisfiable: true,
    });
    expect(checkEndorsements(ast, [peer('m-A'), peer('m-A')])).toMatchObject({ satisfied: true });
  });

  it('reports an unsatisfiable policy', () => {
    expect(checkEndorsements(parsePolicy("OutOf(3,'m-A.member','m-B.member')"), [peer('m-A'), peer('m-B')])).toEqual({
      satisfied: false,
      missing: [],
      satisfiable: false,
    });
  });

  it('OutOf(0, ...) is always satisfied', () => {
    expect(checkEndorsements(parsePolicy("OutOf(0,'m-A.member')"), [])).toEqual({
      satisfied: true,
      missing: [],
      satisfiable: true,
    });
  });

  it('finds a minimal set in larger networks and falls back gracefully beyond 16 members', () => {
    const ids = Array.from({ length: 20 }, (_, i) => `m-${String(i).padStart(2, '0')}`);
    const all = parsePolicy(`AND(${ids.map((id) => `'${id}.member'`).join(',')})`);
    const result = checkEndorsements(all, ids.slice(0, 18).map(peer));
    expect(result).toEqual({ satisfied: false, missing: ['m-18', 'm-19'], satisfiable: true });

    const majority = parsePolicy(`OutOf(11,${ids.map((id) => `'${id}.member'`).join(',')})`);
    expect(checkEndorsements(majority, ids.slice(0, 9).map(peer)).missing).toHaveLength(2);
  });

  it('adding the reported members always satisfies the policy', () => {
    const policies = [
      "OR(AND('m-A.member','m-B.member'),AND('m-C.member','m-D.member'))",
      "OutOf(2,OR('m-A.member','m-B.member'),AND('m-C.member','m-A.member'),'m-D.member')",
      "AND('m-A.member',OutOf(2,'m-B.member','m-C.member','m-D.member'))",
    ];
    const ids = ['m-A', 'm-B', 'm-C', 'm-D'];
    for (const text of policies) {
      const ast = parsePolicy(text);
      for (let mask = 0; mask < 16; mask += 1) {
        const endorsers = ids.filter((_, i) => (mask & (1 << i)) !== 0).map(peer);
        const result = checkEndorsements(ast, endorsers);
        if (result.satisfied) continue;
        expect(checkEndorsements(ast, [...endorsers, ...result.missing.map(peer)]).satisfied).toBe(true);
        // and no smaller set would do
        for (const dropped of result.missing) {
          const fewer = result.missing.filter((m) => m !== dropped);
          const smaller = checkEndorsements(ast, [...endorsers, ...fewer.map(peer)]);
          expect(smaller.satisfied).toBe(false);
        }
      }
    }
  });
});

describe('describeMissing', () => {
  it.each<[string[], string]>([
    [[], 'no endorsement is missing'],
    [['m-XYZ'], 'missing endorsement from m-XYZ'],
    [['m-A', 'm-B'], 'missing endorsements from m-A and m-B'],
    [['m-A', 'm-B', 'm-C'], 'missing endorsements from m-A, m-B and m-C'],
  ])('%j', (missing, text) => {
    expect(describeMissing(missing)).toBe(text);
  });
});
