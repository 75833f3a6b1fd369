/**
 * An endorsement policy from the text a user wrote to the form every step passes on: its
 * syntax is checked before anything goes to the network, then it is resolved against the
 * channel's members and formatted, once.
 */
import type { PolicyAst } from '../../policy/ast';
import type { PolicyShorthand } from '../../policy/shorthand';
import { assertValidPolicy } from '../../policy/validate';
import { expandShorthand, isPolicyShorthand } from '../../policy/shorthand';
import { formatPolicy } from '../../policy/format';
import { mspIdsOf } from '../../policy/ast';
import { parsePolicy } from '../../policy/parse';

/** A policy as written, syntax-checked: a shorthand still to expand over the channel's members, or a parsed expression. */
export type PolicyInput = { readonly shorthand: PolicyShorthand } | { readonly ast: PolicyAst };

/** An endorsement policy resolved against a channel: what deploy and invoke pass on instead of text. */
export interface ResolvedPolicy {
  readonly ast: PolicyAst;
  /** Canonical text, e.g. AND('m-A.member','m-B.member'). */
  readonly text: string;
  /** The member IDs it names, in order of first appearance. */
  readonly members: string[];
}

/** Recognizes a shorthand or parses the expression; a syntax error is a usage error, thrown before any network call. */
export function parsePolicyInput(text: string): PolicyInput {
  const trimmed = text.trim();
  return isPolicyShorthand(trimmed) ? { shorthand: trimmed } : { ast: parsePolicy(text) };
}

/** Expands a shorthand over the channel's members, refuses members not in the channel, and formats the policy. */
export function resolvePolicyOn(input: PolicyInput, channelMembers: readonly string[]): ResolvedPolicy {
  const ast = 'shorthand' in input ? expandShorthand(input.shorthand, channelMembers) : input.ast;
  assertValidPolicy(ast, { knownMemberIds: channelMembers });
  return { ast, text: formatPolicy(ast), members: mspIdsOf(ast) };
}

/** A policy fabkit recorded when it deployed the chaincode (canonical, and checked then). */
export function recordedPolicy(text: string): ResolvedPolicy {
  const ast = parsePolicy(text);
  return { ast, text, members: mspIdsOf(ast) };
}

/** Parses a policy or a shorthand (all-members, any-member, majority) against the channel's members; unknown members are refused. */
export function policyFor(text: string, channelMembers: readonly string[]): ResolvedPolicy {
  return resolvePolicyOn(parsePolicyInput(text), channelMembers);
}
