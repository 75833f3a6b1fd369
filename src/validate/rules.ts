/** A tiny rule runner shared by the identifier validators: each broken rule becomes one issue. */
import type { ValidationIssue } from './issue';
import { makeIssue, quote } from './issue';

export interface Rule {
  readonly rule: string;
  readonly broken: (value: string) => boolean;
  readonly reason: (value: string) => string;
  readonly hint: (value: string) => string;
}

export interface RuleSet {
  readonly code: string;
  /** Human name of the thing, e.g. `Channel ID`. */
  readonly label: string;
  /** Example of a valid value, used in the hint for an empty value. */
  readonly example: string;
  readonly rules: readonly Rule[];
}

export function subjectOf(set: RuleSet, value: string): string {
  return `${set.label} ${quote(value)}`;
}

/** Runs every rule; an empty value yields a single `empty` issue. */
export function runRules(set: RuleSet, value: string): ValidationIssue[] {
  const subject = subjectOf(set, value);
  if (value === '') {
    return [
      makeIssue({
        code: set.code,
        rule: 'empty',
        subject,
        reason: 'it must not be empty',
        hint: `Pass a ${set.label}, e.g. "${set.example}".`,
      }),
    ];
  }
  return set.rules
    .filter((r) => r.broken(value))
    .map((r) =>
      makeIssue({
        code: set.code,
        rule: r.rule,
        subject,
        reason: r.reason(value),
        hint: r.hint(value),
        details: { value },
      }),
    );
}
