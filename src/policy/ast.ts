/**
 * Endorsement policy AST, mirroring Fabric's SignaturePolicy: a principal (SignedBy) or an
 * n-out-of gate over sub-rules. AND is n-of-n and OR is 1-of-n; `op` remembers which
 * operator was written so formatting reproduces it.
 */
export const PRINCIPAL_ROLES = ['member', 'admin', 'peer', 'client'] as const;
export type PrincipalRole = (typeof PRINCIPAL_ROLES)[number];

export type GateOp = 'AND' | 'OR' | 'OutOf';

export interface PrincipalNode {
  readonly kind: 'principal';
  readonly mspId: string;
  readonly role: PrincipalRole;
}

export interface NOutOfNode {
  readonly kind: 'nOutOf';
  readonly op: GateOp;
  readonly n: number;
  readonly rules: readonly PolicyAst[];
}

export type PolicyAst = PrincipalNode | NOutOfNode;

export function principal(mspId: string, role: PrincipalRole = 'member'): PrincipalNode {
  return { kind: 'principal', mspId, role };
}

export function and(...rules: PolicyAst[]): NOutOfNode {
  return { kind: 'nOutOf', op: 'AND', n: rules.length, rules };
}

export function or(...rules: PolicyAst[]): NOutOfNode {
  return { kind: 'nOutOf', op: 'OR', n: 1, rules };
}

export function outOf(n: number, ...rules: PolicyAst[]): NOutOfNode {
  return { kind: 'nOutOf', op: 'OutOf', n, rules };
}

export function isPrincipalRole(value: string): value is PrincipalRole {
  return (PRINCIPAL_ROLES as readonly string[]).includes(value);
}

/** Every principal in the tree, left to right. */
export function principalsOf(ast: PolicyAst): PrincipalNode[] {
  return ast.kind === 'principal' ? [ast] : ast.rules.flatMap(principalsOf);
}

/** Distinct MSP IDs in order of first appearance. */
export function mspIdsOf(ast: PolicyAst): string[] {
  return [...new Set(principalsOf(ast).map((p) => p.mspId))];
}
