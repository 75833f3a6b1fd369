/**
 * Named endorsement policies over a list of member IDs, each principal `<id>.member`:
 * `all-members` (AND), `any-member` (OR) and `majority` (OutOf(floor(n/2)+1, ...)). Pure.
 */
import { usageError } from '../errors';
import type { PolicyAst } from './ast';
import { and, or, outOf, principal } from './ast';
import { parsePolicy } from './parse';

export const POLICY_SHORTHANDS = ['all-members', 'any-member', 'majority'] as const;
export type PolicyShorthand = (typeof POLICY_SHORTHANDS)[number];

export function isPolicyShorthand(value: string): value is PolicyShorthand {
  return (POLICY_SHORTHANDS as readonly string[]).includes(value);
}

/** Expands a shorthand; duplicate member IDs are dropped, order is kept. */
export function expandShorthand(shorthand: PolicyShorthand, memberIds: readonly string[]): PolicyAst {
  const ids = [...new Set(memberIds)];
  if (ids.length === 0) {
    throw usageError(
      'POLICY_NO_MEMBERS',
      `Policy shorthand "${shorthand}" is invalid: it needs at least one member ID`,
      'Pass the member IDs of the channel.',
    );
  }
  const principals = ids.map((id) => principal(id, 'member'));
  switch (shorthand) {
    case 'all-members':
      return and(...principals);
    case 'any-member':
      return or(...principals);
    case 'majority':
      return outOf(Math.floor(ids.length / 2) + 1, ...principals);
  }
}

/** A shorthand name is expanded; anything else is parsed as a signature-policy expression. */
export function resolvePolicy(input: string, memberIds: readonly string[]): PolicyAst {
  const trimmed = input.trim();
  return isPolicyShorthand(trimmed) ? expandShorthand(trimmed, memberIds) : parsePolicy(input);
}
