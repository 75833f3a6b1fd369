import type { PolicyAst } from '../../src/policy/ast';
import { and, or, outOf, principal } from '../../src/policy/ast';
import { assertValidPolicy, checkPolicy, validatePolicy } from '../../src/policy/validate';
import { expandShorthand, isPolicyShorthand, resolvePolicy } from '../../src/policy/shorthand';
import { formatPolicy } from '../../src/policy/format';
import { parsePolicy } from '../../src/policy/parse';
import { thrown } from '../helpers/thrown';

const KNOWN = ['m-A', 'm-B', 'm-C'];
const codes = (ast: PolicyAst, options = { knownMemberIds: KNOWN }): Array<[string, string]> =>
  validatePolicy(ast, options).map((i) => [i.code, i.severity]);

describe('validatePolicy', () => {
  it.each([
    "AND('m-A.member','m-B.member')",
    "OR('m-A.admin','m-C.member')",
    "OutOf(2,'m-A.member','m-B.member','m-C.member')",
    "OutOf(3,'m-A.member','m-B.member','m-C.member')",
    "OutOf(1,'m-A.member')",
  ])('accepts %j with no issues', (text) => {
    expect(validatePolicy(parsePolicy(text), { knownMemberIds: KNOWN })).toEqual([]);
  });

  it('names an unknown member and lists the known ones', () => {
    const issues = validatePolicy(parsePolicy("AND('m-A.member','m-Z.member')"), { knownMemberIds: KNOWN });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'UNKNOWN_POLICY_MEMBER',
      rule: 'known-member',
      severity: 'error',
      message: `Policy "AND('m-A.member','m-Z.member')" is invalid: it names member "m-Z", which is not a known member (known members are m-A, m-B, m-C)`,
      hint: 'Use one of: m-A, m-B, m-C.',
      details: { mspId: 'm-Z', knownMemberIds: KNOWN },
    });
  });

  it('reports each unknown member once', () => {
    const ast = parsePolicy("OR('m-Y.member',AND('m-Z.member','m-Y.admin'),'m-A.member')");
    expect(validatePolicy(ast, { knownMemberIds: KNOWN }).map((i) => i.details?.['mspId'])).toEqual(['m-Y', 'm-Z']);
  });

  it('says when no members are known', () => {
    expect(validatePolicy(parsePolicy("OR('m-A.member')"), { knownMemberIds: [] })[0]?.reason).toBe(
      'it names member "m-A", which is not a known member (no members are known)',
    );
  });

  it('skips the membership check without a member list', () => {
    expect(validatePolicy(parsePolicy("OR('m-Z.member')"))).toEqual([]);
  });

  it.each<[string, number, number]>([
    ["OutOf(0,'m-A.member','m-B.member')", 0, 2],
    ["OutOf(3,'m-A.member','m-B.member')", 3, 2],
    ["AND('m-A.member',OutOf(2,'m-B.member'))", 2, 1],
  ])('refuses the threshold in %j', (text, n, rules) => {
    const issues = validatePolicy(parsePolicy(text), { knownMemberIds: KNOWN });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      code: 'INVALID_POLICY_THRESHOLD',
      rule: 'threshold',
      severity: 'error',
      details: { n, rules },
    });
  });

  it('explains the threshold rule', () => {
    const [issue] = validatePolicy(parsePolicy("OutOf(3,'m-A.member','m-B.member')"));
    expect(issue?.message).toBe(
      `Policy "OutOf(3,'m-A.member','m-B.member')" is invalid: OutOf(3, ...) must require between 1 and 2 of its 2 rules`,
    );
    expect(issue?.hint).toBe('Lower the count to at most 2, or add rules.');
    expect(validatePolicy(parsePolicy("OutOf(0,'m-A.member')"))[0]?.hint).toBe(
      'A threshold of 0 is always satisfied; use at least 1.',
    );
  });

  it('warns, without erroring, on .peer and .client principals', () => {
    const ast = parsePolicy("AND('m-A.peer','m-B.client','m-A.peer','m-C.admin')");
    const issues = validatePolicy(ast, { knownMemberIds: KNOWN });
    expect(issues.map((i) => [i.code, i.severity, i.details?.['mspId'], i.details?.['role']])).toEqual([
      ['POLICY_ROLE_NEEDS_NODEOUS', 'warning', 'm-A', 'peer'],
      ['POLICY_ROLE_NEEDS_NODEOUS', 'warning', 'm-B', 'client'],
    ]);
    expect(issues[0]?.message).toBe(
      `Policy "AND('m-A.peer','m-B.client','m-A.peer','m-C.admin')": principal 'm-A.peer' can only be satisfied if the MSP of m-A has NodeOUs enabled`,
    );
    expect(assertValidPolicy(ast, { knownMemberIds: KNOWN })).toEqual(issues);
  });

  it('combines errors and warnings', () => {
    expect(codes(parsePolicy("OutOf(4,'m-Q.peer','m-A.member')"))).toEqual([
      ['UNKNOWN_POLICY_MEMBER', 'error'],
      ['INVALID_POLICY_THRESHOLD', 'error'],
      ['POLICY_ROLE_NEEDS_NODEOUS', 'warning'],
    ]);
  });
});

describe('assertValidPolicy', () => {
  it('returns no warnings for a clean policy', () => {
    expect(assertValidPolicy(parsePolicy("AND('m-A.member','m-B.member')"), { knownMemberIds: KNOWN })).toEqual([]);
  });

  it('throws a usage error naming every problem', () => {
    const error = thrown(() =>
      assertValidPolicy(parsePolicy("OutOf(3,'m-A.member','m-Z.member')"), { knownMemberIds: KNOWN }),
    );
    expect(error.code).toBe('UNKNOWN_POLICY_MEMBER');
    expect(error.kind).toBe('usage');
    expect(error.message).toBe(
      `Policy "OutOf(3,'m-A.member','m-Z.member')" is invalid: it names member "m-Z", which is not a known member (known members are m-A, m-B, m-C); OutOf(3, ...) must require between 1 and 2 of its 2 rules`,
    );
    expect(error.hint).toBe('Use one of: m-A, m-B, m-C. Lower the count to at most 2, or add rules.');
  });
});

describe('checkPolicy', () => {
  it('returns the AST and warnings when valid', () => {
    const result = checkPolicy("OR('m-A.peer')", { knownMemberIds: KNOWN });
    expect(result.ok).toBe(true);
    expect(result.ast).toEqual(or(principal('m-A', 'peer')));
    expect(result.issues.map((i) => i.severity)).toEqual(['warning']);
  });

  it('turns a syntax error into an issue', () => {
    const result = checkPolicy("AND('m-A.member'");
    expect(result.ok).toBe(false);
    expect(result.ast).toBeUndefined();
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: 'INVALID_POLICY_SYNTAX',
        rule: 'syntax',
        severity: 'error',
        message: `Policy "AND('m-A.member'" is invalid at position 17: expected "," or ")"`,
        details: { position: 17, expected: '"," or ")"', found: null },
      }),
    ]);
  });

  it('reports semantic errors with the AST', () => {
    const result = checkPolicy("OR('m-Z.member')", { knownMemberIds: KNOWN });
    expect(result.ok).toBe(false);
    expect(result.ast).toEqual(or(principal('m-Z')));
  });
});

describe('shorthands', () => {
  const [A, B, C, D] = ['m-A', 'm-B', 'm-C', 'm-D'].map((id) => principal(id)) as [
    PolicyAst,
    PolicyAst,
    PolicyAst,
    PolicyAst,
  ];

  it.each<[string, string[], PolicyAst, string]>([
    ['all-members', ['m-A', 'm-B', 'm-C'], and(A, B, C), "AND('m-A.member','m-B.member','m-C.member')"],
    ['all-members', ['m-A'], and(A), "AND('m-A.member')"],
    ['any-member', ['m-A', 'm-B'], or(A, B), "OR('m-A.member','m-B.member')"],
    ['majority', ['m-A'], outOf(1, A), "OutOf(1,'m-A.member')"],
    ['majority', ['m-A', 'm-B'], outOf(2, A, B), "OutOf(2,'m-A.member','m-B.member')"],
    ['majority', ['m-A', 'm-B', 'm-C'], outOf(2, A, B, C), "OutOf(2,'m-A.member','m-B.member','m-C.member')"],
    [
      'majority',
      ['m-A', 'm-B', 'm-C', 'm-D'],
      outOf(3, A, B, C, D),
      "OutOf(3,'m-A.member','m-B.member','m-C.member','m-D.member')",
    ],
    ['majority', ['m-A', 'm-B', 'm-A'], outOf(2, A, B), "OutOf(2,'m-A.member','m-B.member')"],
  ])('%s over %j', (name, ids, ast, text) => {
    expect(isPolicyShorthand(name)).toBe(true);
    if (!isPolicyShorthand(name)) return;
    const expanded = expandShorthand(name, ids);
    expect(expanded).toEqual(ast);
    expect(formatPolicy(expanded)).toBe(text);
    expect(validatePolicy(expanded, { knownMemberIds: ids })).toEqual([]);
    expect(parsePolicy(text)).toEqual(expanded);
  });

  it('majority is floor(n/2)+1 for 1..9 members', () => {
    for (let n = 1; n <= 9; n += 1) {
      const ids = Array.from({ length: n }, (_, i) => `m-${i}`);
      const ast = expandShorthand('majority', ids);
      expect(ast).toMatchObject({ op: 'OutOf', n: Math.floor(n / 2) + 1 });
    }
  });

  it('needs at least one member', () => {
    expect(thrown(() => expandShorthand('any-member', []))).toMatchObject({
      code: 'POLICY_NO_MEMBERS',
      kind: 'usage',
      message: 'Policy shorthand "any-member" is invalid: it needs at least one member ID',
    });
  });

  it('resolvePolicy expands shorthands and parses everything else', () => {
    expect(resolvePolicy('all-members', ['m-A', 'm-B'])).toEqual(and(A, B));
    expect(resolvePolicy(' majority ', ['m-A', 'm-B', 'm-C'])).toEqual(outOf(2, A, B, C));
    expect(resolvePolicy("OR('m-C.member')", ['m-A'])).toEqual(or(C));
    expect(isPolicyShorthand('All-Members')).toBe(false);
    expect(() => resolvePolicy('everyone', ['m-A'])).toThrow(/expected AND, OR or OutOf, found "everyone"/);
  });
});
