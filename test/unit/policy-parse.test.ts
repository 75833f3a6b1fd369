import type { PolicyAst, PrincipalRole } from '../../src/policy/ast';
import { and, or, outOf, principal, PRINCIPAL_ROLES } from '../../src/policy/ast';
import { formatPolicy } from '../../src/policy/format';
import { parsePolicy } from '../../src/policy/parse';
import { thrown } from '../helpers/thrown';

const A = principal('m-A');
const B = principal('m-B');
const C = principal('m-C');

describe('parsePolicy: accepted expressions', () => {
  it.each<[string, PolicyAst]>([
    ["AND('m-A.member','m-B.member')", and(A, B)],
    ["AND('m-A.member')", and(A)],
    ['OR("m-A.member", "m-B.admin")', or(A, principal('m-B', 'admin'))],
    ["and('m-A.member','m-B.member')", and(A, B)],
    ["And('m-A.member','m-B.member')", and(A, B)],
    ["or('m-A.member')", or(A)],
    ["Or('m-A.member','m-B.member')", or(A, B)],
    ["OutOf(2,'m-A.member','m-B.member','m-C.member')", outOf(2, A, B, C)],
    ["outof(1,'m-A.member')", outOf(1, A)],
    ["OUTOF(1,'m-A.member','m-B.member')", outOf(1, A, B)],
    [" \n AND ( 'm-A.member' ,\t'm-B.peer' ) \n", and(A, principal('m-B', 'peer'))],
    ['OR(\'m-A.client\',"m-B.member")', or(principal('m-A', 'client'), B)],
    ["OR('Org1MSP.member')", or(principal('Org1MSP'))],
    ["OR('org1.example.com.member')", or(principal('org1.example.com'))],
    ["OR('org1.member.admin')", or(principal('org1.member', 'admin'))],
    [
      "OutOf(2, 'm-A.member', AND('m-B.member', 'm-C.client'), OR('m-A.admin', OutOf(1, 'm-B.peer')))",
      outOf(
        2,
        A,
        and(B, principal('m-C', 'client')),
        or(principal('m-A', 'admin'), outOf(1, principal('m-B', 'peer'))),
      ),
    ],
    ["OutOf(0,'m-A.member')", outOf(0, A)],
    ["OutOf(5,'m-A.member')", outOf(5, A)],
    ["OutOf(007,'m-A.member')", outOf(7, A)],
  ])('parses %j', (text, ast) => {
    expect(parsePolicy(text)).toEqual(ast);
  });

  it('keeps the operator and derives n for AND/OR', () => {
    expect(parsePolicy("AND('m-A.member','m-B.member','m-C.member')")).toEqual({
      kind: 'nOutOf',
      op: 'AND',
      n: 3,
      rules: [
        { kind: 'principal', mspId: 'm-A', role: 'member' },
        { kind: 'principal', mspId: 'm-B', role: 'member' },
        { kind: 'principal', mspId: 'm-C', role: 'member' },
      ],
    });
    expect(parsePolicy("OR('m-A.member','m-B.member')")).toMatchObject({ op: 'OR', n: 1 });
    expect(parsePolicy("OutOf(2,'m-A.member','m-B.member')")).toMatchObject({ op: 'OutOf', n: 2 });
  });
});

describe('parsePolicy: refused expressions', () => {
  it.each<[string, string]>([
    ["AND('m-A.member'", `Policy "AND('m-A.member'" is invalid at position 17: expected "," or ")"`],
    ['', 'Policy "" is invalid at position 1: expected AND, OR or OutOf'],
    ['   ', 'Policy "   " is invalid at position 4: expected AND, OR or OutOf'],
    ["'m-A.member'", `Policy "'m-A.member'" is invalid at position 1: expected AND, OR or OutOf, found "'m-A.member'"`],
    ['m-A.member', 'Policy "m-A.member" is invalid at position 1: expected AND, OR or OutOf, found "m-A.member"'],
    [
      "aNd('m-A.member')",
      `Policy "aNd('m-A.member')" is invalid at position 1: expected AND, OR or OutOf, found "aNd"`,
    ],
    [
      "NOT('m-A.member')",
      `Policy "NOT('m-A.member')" is invalid at position 1: expected AND, OR or OutOf, found "NOT"`,
    ],
    [
      'AND()',
      `Policy "AND()" is invalid at position 5: expected a quoted principal such as 'm-A.member', or AND(, OR( or OutOf(, found ")"`,
    ],
    [
      "AND('m-A.member',)",
      `Policy "AND('m-A.member',)" is invalid at position 18: expected a quoted principal such as 'm-A.member', or AND(, OR( or OutOf(, found ")"`,
    ],
    [
      "AND('m-A.member' 'm-B.member')",
      `Policy "AND('m-A.member' 'm-B.member')" is invalid at position 18: expected "," or ")", found "'m-B.member'"`,
    ],
    ["AND('m-A.member'))", `Policy "AND('m-A.member'))" is invalid at position 18: expected end of input, found ")"`],
    [
      "AND('m-A.member') OR('m-B.member')",
      `Policy "AND('m-A.member') OR('m-B.member')" is invalid at position 19: expected end of input, found "OR"`,
    ],
    ["AND 'm-A.member'", `Policy "AND 'm-A.member'" is invalid at position 5: expected "(", found "'m-A.member'"`],
    ['AND', 'Policy "AND" is invalid at position 4: expected "("'],
    [
      'AND(m-A.member)',
      `Policy "AND(m-A.member)" is invalid at position 5: expected a quoted principal such as 'm-A.member', or AND(, OR( or OutOf(, found "m-A.member"`,
    ],
    [
      "OutOf('m-A.member','m-B.member')",
      `Policy "OutOf('m-A.member','m-B.member')" is invalid at position 7: expected a whole number (how many of the rules must be satisfied), found "'m-A.member'"`,
    ],
    [
      "OutOf(1.5,'m-A.member')",
      `Policy "OutOf(1.5,'m-A.member')" is invalid at position 7: expected a whole number (how many of the rules must be satisfied), found "1.5"`,
    ],
    [
      "OutOf(-1,'m-A.member')",
      `Policy "OutOf(-1,'m-A.member')" is invalid at position 7: expected a whole number (how many of the rules must be satisfied), found "-1"`,
    ],
    ['OutOf(1)', 'Policy "OutOf(1)" is invalid at position 8: expected ",", found ")"'],
    [
      'OutOf(1,)',
      `Policy "OutOf(1,)" is invalid at position 9: expected a quoted principal such as 'm-A.member', or AND(, OR( or OutOf(, found ")"`,
    ],
    [
      "AND('m-A.owner')",
      `Policy "AND('m-A.owner')" is invalid at position 5: expected a principal '<MSP ID>.<role>' with role member, admin, peer or client, found "'m-A.owner'"`,
    ],
    [
      "AND('m-A.Member')",
      `Policy "AND('m-A.Member')" is invalid at position 5: expected a principal '<MSP ID>.<role>' with role member, admin, peer or client, found "'m-A.Member'"`,
    ],
    [
      "AND('member')",
      `Policy "AND('member')" is invalid at position 5: expected a principal '<MSP ID>.<role>' with role member, admin, peer or client, found "'member'"`,
    ],
    [
      "AND('m A.member')",
      `Policy "AND('m A.member')" is invalid at position 5: expected a principal '<MSP ID>.<role>' with role member, admin, peer or client, found "'m A.member'"`,
    ],
    [
      "AND('.member')",
      `Policy "AND('.member')" is invalid at position 5: expected a principal '<MSP ID>.<role>' with role member, admin, peer or client, found "'.member'"`,
    ],
    [
      "AND('m-A.member)",
      `Policy "AND('m-A.member)" is invalid at position 17: expected a closing "'" to end the principal 'm-A.member)`,
    ],
    [
      'AND(\'m-A.member")',
      `Policy "AND('m-A.member\\")" is invalid at position 18: expected a closing "'" to end the principal 'm-A.member")`,
    ],
    [
      "AND('m-A.member'; 'm-B.member')",
      `Policy "AND('m-A.member'; 'm-B.member')" is invalid at position 17: expected "," or ")", found ";"`,
    ],
    [
      "AND('m-A.member') && x",
      `Policy "AND('m-A.member') && x" is invalid at position 19: expected end of input, found "&"`,
    ],
  ])('refuses %j', (text, message) => {
    const error = thrown(() => parsePolicy(text));
    expect(error.message).toBe(message);
    expect(error.code).toBe('INVALID_POLICY_SYNTAX');
    expect(error.kind).toBe('usage');
    expect(error.hint).toBeTruthy();
    expect(error.details?.['position']).toBe(Number(/at position (\d+)/.exec(message)?.[1]));
  });

  it('reports position, expected and found in details', () => {
    expect(thrown(() => parsePolicy("AND('m-A.member' x)")).details).toEqual({
      position: 18,
      expected: '"," or ")"',
      found: 'x',
    });
    expect(thrown(() => parsePolicy("AND('m-A.member'")).details).toEqual({
      position: 17,
      expected: '"," or ")"',
      found: null,
    });
  });

  it.each<[string, string]>([
    ["'m-A.member'", `A policy must be a gate, even for one principal: write "OR('m-A.member')".`],
    ['m-A.member', "Put principals in quotes: 'm-A.member'."],
    ["aNd('m-A.member')", 'Fabric accepts only these spellings: AND, And, and; OR, Or, or; OUTOF, OutOf, outof.'],
    ["AND('m-A.orderer')", "Orderers do not endorse: use member, admin, peer or client, e.g. 'm-A.member'."],
  ])('hint for %j', (text, hint) => {
    expect(thrown(() => parsePolicy(text)).hint).toBe(hint);
  });

  it('limits nesting depth', () => {
    const deep = (levels: number): string => `${'OR('.repeat(levels)}'m-A.member'${')'.repeat(levels)}`;
    expect(() => parsePolicy(deep(64))).not.toThrow();
    expect(thrown(() => parsePolicy(deep(65))).message).toContain('expected at most 64 levels of nesting');
  });
});

describe('formatPolicy', () => {
  it.each<[PolicyAst, string]>([
    [and(A, B), "AND('m-A.member','m-B.member')"],
    [or(A, principal('m-B', 'peer')), "OR('m-A.member','m-B.peer')"],
    [outOf(2, A, B, C), "OutOf(2,'m-A.member','m-B.member','m-C.member')"],
    [outOf(2, A, B), "OutOf(2,'m-A.member','m-B.member')"],
    [and(A, or(B, C)), "AND('m-A.member',OR('m-B.member','m-C.member'))"],
    [A, "'m-A.member'"],
  ])('formats %j', (ast, text) => {
    expect(formatPolicy(ast)).toBe(text);
  });

  it('writes inconsistent AND/OR thresholds as OutOf', () => {
    expect(formatPolicy({ kind: 'nOutOf', op: 'AND', n: 1, rules: [A, B] })).toBe("OutOf(1,'m-A.member','m-B.member')");
    expect(formatPolicy({ kind: 'nOutOf', op: 'OR', n: 2, rules: [A, B] })).toBe("OutOf(2,'m-A.member','m-B.member')");
  });

  it('refuses principals that cannot be written', () => {
    expect(thrown(() => formatPolicy(or(principal("m-A'"))))).toMatchObject({
      code: 'INVALID_POLICY_PRINCIPAL',
      kind: 'usage',
    });
    expect(
      thrown(() => formatPolicy(or({ kind: 'principal', mspId: 'm-A', role: 'orderer' as PrincipalRole }))),
    ).toMatchObject({ code: 'INVALID_POLICY_PRINCIPAL' });
  });

  it.each([
    ' and ( \'m-A.member\' , "m-B.peer" ) ',
    "outof(2,'m-A.member',or('m-B.member','m-C.admin'),'m-D.client')",
    "OR(AND('m-A.member','m-B.member'),AND('m-B.member','m-C.member'))",
  ])('format(parse(x)) is canonical and stable for %j', (text) => {
    const once = formatPolicy(parsePolicy(text));
    expect(once).not.toMatch(/\s|"/);
    expect(formatPolicy(parsePolicy(once))).toBe(once);
    expect(parsePolicy(once)).toEqual(parsePolicy(text));
  });
});

describe('round trips over generated policies', () => {
  // Small deterministic PRNG (mulberry32) so failures are reproducible.
  function prng(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const MSPS = ['m-A', 'm-B', 'm-C', 'Org1MSP', 'org2.example.com', 'm-ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
  const SPELLINGS = { AND: ['AND', 'And', 'and'], OR: ['OR', 'Or', 'or'], OutOf: ['OUTOF', 'OutOf', 'outof'] };

  function pick<T>(rand: () => number, items: readonly T[]): T {
    return items[Math.floor(rand() * items.length)] as T;
  }

  function gen(rand: () => number, depth: number): PolicyAst {
    const rules = Array.from({ length: 1 + Math.floor(rand() * 4) }, () =>
      depth < 3 && rand() < 0.35 ? gen(rand, depth + 1) : principal(pick(rand, MSPS), pick(rand, PRINCIPAL_ROLES)),
    );
    const kind = pick(rand, ['AND', 'OR', 'OutOf'] as const);
    if (kind === 'AND') return and(...rules);
    if (kind === 'OR') return or(...rules);
    return outOf(Math.floor(rand() * (rules.length + 2)), ...rules);
  }

  /** Writes an AST the way a human might: any accepted spelling, either quote, random spaces. */
  function scruffy(rand: () => number, ast: PolicyAst): string {
    const sp = (): string => pick(rand, ['', ' ', '  ', '\n', '\t ']);
    if (ast.kind === 'principal') {
      const q = pick(rand, ["'", '"']);
      return `${sp()}${q}${ast.mspId}.${ast.role}${q}${sp()}`;
    }
    const args = ast.rules.map((r) => scruffy(rand, r));
    if (ast.op === 'OutOf') args.unshift(`${sp()}${ast.n}${sp()}`);
    return `${sp()}${pick(rand, SPELLINGS[ast.op])}${sp()}(${args.join(',')})${sp()}`;
  }

  const rand = prng(0xfab);
  const cases = Array.from({ length: 300 }, () => gen(rand, 0));

  it('parse(format(ast)) equals ast', () => {
    for (const ast of cases) expect(parsePolicy(formatPolicy(ast))).toEqual(ast);
  });

  it('format(parse(x)) is stable', () => {
    for (const ast of cases) {
      const text = formatPolicy(ast);
      expect(formatPolicy(parsePolicy(text))).toBe(text);
    }
  });

  it('non-canonical spellings, quotes and spacing parse to the same AST', () => {
    for (const ast of cases) {
      const text = scruffy(rand, ast);
      expect(parsePolicy(text)).toEqual(ast);
      expect(formatPolicy(parsePolicy(text))).toBe(formatPolicy(ast));
    }
  });
});
