/**
 * Does a set of endorsements satisfy a policy, and if not, whose endorsement is missing?
 *
 * Evaluation follows Fabric's cauthdsl: each signature can satisfy only one principal,
 * gates evaluate every sub-rule in order against a copy of the "used" marks and keep the
 * marks of each sub-rule that succeeds, and a gate passes when at least n sub-rules pass.
 * A signature satisfies `<msp>.member` if it comes from that MSP, and `<msp>.<role>` if it
 * also has that role — so an endorsing peer counts as both `.member` and `.peer`. Pure.
 */
import type { PolicyAst, PrincipalNode, PrincipalRole } from './ast';
import { mspIdsOf } from './ast';

/** One signature: pass one entry per endorsing peer (or other signing identity). */
export interface Endorser {
  readonly mspId: string;
  readonly role: PrincipalRole;
}

export interface SatisfyResult {
  readonly satisfied: boolean;
  /**
   * When not satisfied: a smallest set of member IDs (in order of first appearance in the
   * policy) whose endorsement, added to the given ones, would satisfy the policy.
   */
  readonly missing: readonly string[];
  /** False when no endorsements at all could satisfy the policy (e.g. OutOf(3) over 2 rules). */
  readonly satisfiable: boolean;
}

/** Above this many distinct members the exact search gives way to a greedy one. */
const EXACT_SEARCH_LIMIT = 16;

/**
 * How hypothetical endorsements from extra members are modelled: `one` appends a single
 * signature per member that satisfies any of that member's principals (and is consumed
 * like a real one); `unlimited` lets that member satisfy every one of its principals.
 */
type ExtraMode = 'one' | 'unlimited';

interface Signature {
  readonly mspId: string;
  /** `any`: a hypothetical signature with whatever role the principal asks for. */
  readonly role: PrincipalRole | 'any';
}

function matches(p: PrincipalNode, s: Signature): boolean {
  return p.mspId === s.mspId && (p.role === 'member' || s.role === 'any' || p.role === s.role);
}

function evaluate(
  ast: PolicyAst,
  signatures: readonly Signature[],
  used: boolean[],
  unlimited: ReadonlySet<string>,
): boolean {
  if (ast.kind === 'principal') {
    if (unlimited.has(ast.mspId)) return true;
    const index = signatures.findIndex((s, i) => used[i] !== true && matches(ast, s));
    if (index < 0) return false;
    used[index] = true;
    return true;
  }
  let verified = 0;
  for (const rule of ast.rules) {
    const trial = [...used];
    if (evaluate(rule, signatures, trial, unlimited)) {
      verified += 1;
      trial.forEach((mark, i) => (used[i] = mark));
    }
  }
  return verified >= ast.n;
}

function passes(ast: PolicyAst, endorsers: readonly Endorser[], extra: readonly string[], mode: ExtraMode): boolean {
  const signatures: Signature[] =
    mode === 'one' ? [...endorsers, ...extra.map((mspId) => ({ mspId, role: 'any' as const }))] : [...endorsers];
  return evaluate(
    ast,
    signatures,
    signatures.map(() => false),
    new Set(mode === 'unlimited' ? extra : []),
  );
}

/** All k-element subsets of items, in lexicographic order of indices. */
function* combinations<T>(items: readonly T[], k: number, start = 0): Generator<T[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= items.length - k; i += 1) {
    const head = items[i] as T;
    for (const tail of combinations(items, k - 1, i + 1)) yield [head, ...tail];
  }
}

function exactMissing(
  ast: PolicyAst,
  endorsers: readonly Endorser[],
  members: readonly string[],
  mode: ExtraMode,
): string[] | undefined {
  for (let k = 1; k <= members.length; k += 1) {
    for (const subset of combinations(members, k)) if (passes(ast, endorsers, subset, mode)) return subset;
  }
  return undefined;
}

/** Start from every member and drop each one that is not needed: minimal by inclusion. */
function greedyMissing(
  ast: PolicyAst,
  endorsers: readonly Endorser[],
  members: readonly string[],
  mode: ExtraMode,
): string[] | undefined {
  if (!passes(ast, endorsers, members, mode)) return undefined;
  let chosen = [...members];
  for (const member of members) {
    const without = chosen.filter((m) => m !== member);
    if (passes(ast, endorsers, without, mode)) chosen = without;
  }
  return chosen;
}

function findMissing(
  ast: PolicyAst,
  endorsers: readonly Endorser[],
  members: readonly string[],
  mode: ExtraMode,
): string[] | undefined {
  return members.length <= EXACT_SEARCH_LIMIT
    ? exactMissing(ast, endorsers, members, mode)
    : greedyMissing(ast, endorsers, members, mode);
}

/**
 * `missing` prefers members for which one more endorsement each is enough. When some member
 * must endorse more than once (e.g. `AND('m-A.member','m-A.member')` with one signature from
 * m-A), that member is listed once and needs further endorsements from distinct peers.
 */
export function checkEndorsements(ast: PolicyAst, endorsers: readonly Endorser[]): SatisfyResult {
  if (passes(ast, endorsers, [], 'one')) return { satisfied: true, missing: [], satisfiable: true };
  const members = mspIdsOf(ast);
  if (!passes(ast, endorsers, members, 'unlimited')) return { satisfied: false, missing: [], satisfiable: false };
  const missing = findMissing(ast, endorsers, members, 'one') ??
    findMissing(ast, endorsers, members, 'unlimited') ?? [...members];
  return { satisfied: false, missing, satisfiable: true };
}

/** e.g. `missing endorsement from m-A` or `missing endorsements from m-A and m-B`. */
export function describeMissing(missing: readonly string[]): string {
  if (missing.length === 0) return 'no endorsement is missing';
  const last = missing[missing.length - 1] ?? '';
  const list = missing.length === 1 ? last : `${missing.slice(0, -1).join(', ')} and ${last}`;
  return `missing endorsement${missing.length === 1 ? '' : 's'} from ${list}`;
}
