/**
 * AST → canonical Fabric signature-policy text: upper-case AND/OR, `OutOf`, single-quoted
 * principals, no spaces, e.g. `AND('m-A.member',OR('m-B.member','m-C.peer'))`. This is the
 * same shape Fabric itself prints for a SignaturePolicyEnvelope. Pure.
 */
import { usageError } from '../errors';
import { MSP_ID_PATTERN } from '../validate/ids';
import type { NOutOfNode, PolicyAst, PrincipalNode } from './ast';
import { isPrincipalRole } from './ast';

function formatPrincipal(node: PrincipalNode): string {
  if (!MSP_ID_PATTERN.test(node.mspId) || !isPrincipalRole(node.role)) {
    throw usageError(
      'INVALID_POLICY_PRINCIPAL',
      `Policy principal ${JSON.stringify(`${node.mspId}.${node.role}`)} is invalid: the MSP ID must use only letters, digits, "." and "-" and the role must be member, admin, peer or client`,
      "Build principals like principal('m-A', 'member').",
    );
  }
  return `'${node.mspId}.${node.role}'`;
}

/** AND/OR are kept only when n matches their meaning; anything else is written as OutOf. */
function formatGate(node: NOutOfNode): string {
  const inner = node.rules.map(formatPolicy).join(',');
  if (node.op === 'AND' && node.n === node.rules.length) return `AND(${inner})`;
  if (node.op === 'OR' && node.n === 1) return `OR(${inner})`;
  return `OutOf(${node.n},${inner})`;
}

export function formatPolicy(ast: PolicyAst): string {
  return ast.kind === 'principal' ? formatPrincipal(ast) : formatGate(ast);
}
