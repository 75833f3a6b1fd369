/** An endorsement policy as chaincode steps take it: a shorthand expanded over the channel's members, or parsed; checked; formatted. */
import type { PolicyAst } from '../../policy';
import { assertValidPolicy, formatPolicy, resolvePolicy } from '../../policy';

/** Parses a policy or a shorthand (all-members, any-member, majority) against the channel's members; unknown members are refused. */
export function policyFor(text: string, channelMembers: readonly string[]): { ast: PolicyAst; text: string } {
  const ast = resolvePolicy(text, channelMembers);
  assertValidPolicy(ast, { knownMemberIds: channelMembers });
  return { ast, text: formatPolicy(ast) };
}
