/**
 * Semantic checks on a parsed endorsement policy: members must be known, OutOf thresholds
 * must be satisfiable, and `.peer`/`.client` principals get a warning because they only
 * work for MSPs with NodeOUs enabled. Pure.
 */
import type { FabkitError } from '../errors';
import { isFabkitError } from '../errors';
import type { ValidationIssue } from '../validate/issue';
import { assertNoIssues, makeIssue, quote, warningsOf } from '../validate/issue';
import type { PolicyAst } from './ast';
import { principalsOf } from './ast';
import { formatPolicy } from './format';
import { parsePolicy } from './parse';

export interface PolicyValidationOptions {
  /** Member (MSP) IDs allowed in principals. When omitted, membership is not checked. */
  readonly knownMemberIds?: readonly string[];
}

function subjectOf(ast: PolicyAst): string {
  return `Policy ${quote(formatPolicy(ast))}`;
}

function unknownMemberIssues(ast: PolicyAst, known: readonly string[]): ValidationIssue[] {
  const subject = subjectOf(ast);
  const unknown = [...new Set(principalsOf(ast).map((p) => p.mspId))].filter((id) => !known.includes(id));
  const knownText = known.length === 0 ? 'no members are known' : `known members are ${known.join(', ')}`;
  return unknown.map((mspId) =>
    makeIssue({
      code: 'UNKNOWN_POLICY_MEMBER',
      rule: 'known-member',
      subject,
      reason: `it names member "${mspId}", which is not a known member (${knownText})`,
      hint:
        known.length === 0
          ? 'Check the member IDs of the network before writing the policy.'
          : `Use one of: ${known.join(', ')}.`,
      details: { mspId, knownMemberIds: [...known] },
    }),
  );
}

function thresholdIssues(ast: PolicyAst, subject: string): ValidationIssue[] {
  if (ast.kind === 'principal') return [];
  const own =
    ast.n >= 1 && ast.n <= ast.rules.length
      ? []
      : [
          makeIssue({
            code: 'INVALID_POLICY_THRESHOLD',
            rule: 'threshold',
            subject,
            reason: `OutOf(${ast.n}, ...) must require between 1 and ${ast.rules.length} of its ${ast.rules.length} rule${ast.rules.length === 1 ? '' : 's'}`,
            hint:
              ast.n < 1
                ? 'A threshold of 0 is always satisfied; use at least 1.'
                : `Lower the count to at most ${ast.rules.length}, or add rules.`,
            details: { n: ast.n, rules: ast.rules.length },
          }),
        ];
  return [...own, ...ast.rules.flatMap((r) => thresholdIssues(r, subject))];
}

function roleWarnings(ast: PolicyAst): ValidationIssue[] {
  const subject = subjectOf(ast);
  const flagged = principalsOf(ast).filter((p) => p.role === 'peer' || p.role === 'client');
  const distinct = [...new Map(flagged.map((p) => [`${p.mspId}.${p.role}`, p])).values()];
  return distinct.map((p) =>
    makeIssue({
      code: 'POLICY_ROLE_NEEDS_NODEOUS',
      rule: 'node-ou-role',
      severity: 'warning',
      subject,
      reason: `principal '${p.mspId}.${p.role}' can only be satisfied if the MSP of ${p.mspId} has NodeOUs enabled`,
      hint: `Use '${p.mspId}.member' unless you know ${p.mspId} issues identities with NodeOUs.`,
      details: { mspId: p.mspId, role: p.role },
    }),
  );
}

/** All errors and warnings for a parsed policy. */
export function validatePolicy(ast: PolicyAst, options: PolicyValidationOptions = {}): ValidationIssue[] {
  const known = options.knownMemberIds;
  return [
    ...(known === undefined ? [] : unknownMemberIssues(ast, known)),
    ...thresholdIssues(ast, subjectOf(ast)),
    ...roleWarnings(ast),
  ];
}

/** Throws a usage FabkitError on any error issue; returns the warnings. */
export function assertValidPolicy(ast: PolicyAst, options: PolicyValidationOptions = {}): ValidationIssue[] {
  const issues = validatePolicy(ast, options);
  assertNoIssues(subjectOf(ast), issues);
  return warningsOf(issues);
}

export type PolicyCheck =
  | { readonly ok: true; readonly ast: PolicyAst; readonly issues: readonly ValidationIssue[] }
  | { readonly ok: false; readonly ast: PolicyAst | undefined; readonly issues: readonly ValidationIssue[] };

function syntaxIssue(error: FabkitError): ValidationIssue {
  return {
    code: error.code,
    rule: 'syntax',
    severity: 'error',
    message: error.message,
    reason: error.message,
    hint: error.hint ?? '',
    details: error.details ?? {},
  };
}

/** Parses and validates text without throwing; `ok` is true when there are no errors (warnings allowed). */
export function checkPolicy(text: string, options: PolicyValidationOptions = {}): PolicyCheck {
  let ast: PolicyAst;
  try {
    ast = parsePolicy(text);
  } catch (error) {
    if (isFabkitError(error)) return { ok: false, ast: undefined, issues: [syntaxIssue(error)] };
    throw error;
  }
  const issues = validatePolicy(ast, options);
  return issues.some((i) => i.severity === 'error') ? { ok: false, ast, issues } : { ok: true, ast, issues };
}
