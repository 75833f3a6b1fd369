/**
 * The shape every validator returns: a list of issues, one per broken rule, instead of
 * throwing on the first. `assertNoIssues` turns the errors among them into one usage error.
 */
import { usageError } from '../errors';

export type IssueSeverity = 'error' | 'warning';

export interface ValidationIssue {
  /** Stable code for scripts, shared by every rule of one validator, e.g. INVALID_CHANNEL_ID. */
  readonly code: string;
  /** Stable name of the rule broken, e.g. `charset`, `length`. */
  readonly rule: string;
  readonly severity: IssueSeverity;
  /** Full sentence naming the value and the rule, e.g. `Channel ID "a_b" is invalid: it must ...`. */
  readonly message: string;
  /** The rule alone, e.g. `it must use only lowercase letters, digits, "." and "-"`. */
  readonly reason: string;
  /** What to do about it. */
  readonly hint: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface IssueSpec {
  readonly code: string;
  readonly rule: string;
  /** What is being described, already naming the value, e.g. `Channel ID "a_b"`. */
  readonly subject: string;
  readonly reason: string;
  readonly hint: string;
  readonly severity?: IssueSeverity;
  readonly details?: Readonly<Record<string, unknown>>;
}

export function makeIssue(spec: IssueSpec): ValidationIssue {
  const severity = spec.severity ?? 'error';
  const message =
    severity === 'error' ? `${spec.subject} is invalid: ${spec.reason}` : `${spec.subject}: ${spec.reason}`;
  const base = { code: spec.code, rule: spec.rule, severity, message, reason: spec.reason, hint: spec.hint };
  return spec.details === undefined ? base : { ...base, details: spec.details };
}

const MAX_QUOTED = 200; // long enough for AMB endpoints (~130 characters)

/** Quotes a value for a message (JSON escaping, so control characters and quotes stay visible); long values are shortened. */
export function quote(value: string): string {
  if (value.length <= MAX_QUOTED) return JSON.stringify(value);
  return `${JSON.stringify(`${value.slice(0, MAX_QUOTED)}…`)} (${value.length} characters)`;
}

export function errorsOf(issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues.filter((i) => i.severity === 'error');
}

export function warningsOf(issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues.filter((i) => i.severity === 'warning');
}

/**
 * Throws one usage FabkitError if any issue is an error. The code and rule are those of
 * the first error; the message lists every broken rule; all issues go into details.
 */
export function assertNoIssues(subject: string, issues: readonly ValidationIssue[]): void {
  const errors = errorsOf(issues);
  const first = errors[0];
  if (first === undefined) return;
  const message =
    errors.length === 1 ? first.message : `${subject} is invalid: ${errors.map((e) => e.reason).join('; ')}`;
  const hint = [...new Set(errors.map((e) => e.hint))].join(' ');
  throw usageError(first.code, message, hint, {
    rule: first.rule,
    issues: errors.map((e) => ({ code: e.code, rule: e.rule, message: e.message, hint: e.hint, ...(e.details ?? {}) })),
  });
}
