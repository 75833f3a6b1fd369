/**
 * What the endorsing peers answered, judged before anything goes to the ordering service:
 * every targeted peer must have endorsed, all endorsements must agree, and (when a policy is
 * given) the endorsers must satisfy it. Pure: works on the plain objects fabric-common 2.2
 * returns from `Endorsement.send` (`{responses, errors}`), so it is unit-testable.
 */
import { FabkitError } from '../errors';
import type { PolicyAst } from '../policy/ast';
import { formatPolicy } from '../policy/format';
import { checkEndorsements, describeMissing } from '../policy/satisfy';

/** One proposal target: a peer (named by its host:port, as in the connection profile) of a member. */
export interface EndorsementTarget {
  readonly memberId: string;
  readonly peer: string;
}

/** A fabric-common ProposalResponse (the fields used here). */
export interface RawEndorsementResponse {
  readonly connection?: { readonly name?: string };
  readonly peer?: string;
  readonly response?: { readonly status?: number; readonly message?: string; readonly payload?: Uint8Array };
  readonly payload?: Uint8Array;
  readonly endorsement?: { readonly endorser?: Uint8Array; readonly signature?: Uint8Array } | null;
}

/** A fabric-common send error (fabric-common adds `connection` / `peer` to it). */
export interface RawEndorsementError {
  readonly message: string;
  readonly connection?: { readonly name?: string };
  readonly peer?: string;
}

export interface RawEndorsementResults {
  readonly responses: readonly RawEndorsementResponse[];
  readonly errors: readonly RawEndorsementError[];
}

/** The outcome for one target, as reported to the caller. `status` is 0 when the peer sent no response at all. */
export interface EndorsementRecord {
  readonly memberId: string;
  readonly peer: string;
  readonly status: number;
  readonly message: string;
}

export interface EndorsementOutcome extends EndorsementRecord {
  readonly endorsed: boolean;
  /** MSP ID in the endorser's signed identity (undefined when there is no endorsement). */
  readonly endorserMspId: string | undefined;
  /** ProposalResponsePayload bytes (what the endorsement signs). */
  readonly proposalResponsePayload: Uint8Array | undefined;
  /** The chaincode's response payload. */
  readonly result: Uint8Array | undefined;
}

export interface TransactionContext {
  readonly channelId: string;
  readonly chaincode: string;
}

// ---------------------------------------------------------------- SerializedIdentity

function readVarint(bytes: Uint8Array, start: number): { value: number; next: number } | undefined {
  let value = 0;
  for (let i = start, shift = 0; i < bytes.length && shift < 35; i += 1, shift += 7) {
    const b = bytes[i] ?? 0;
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return { value, next: i + 1 };
  }
  return undefined;
}

/** `mspid` (field 1) of a protobuf msp.SerializedIdentity; undefined if the bytes do not hold one. */
export function mspIdOfSerializedIdentity(bytes: Uint8Array): string | undefined {
  let pos = 0;
  while (pos < bytes.length) {
    const tag = readVarint(bytes, pos);
    if (tag === undefined) return undefined;
    const wireType = tag.value % 8;
    const field = Math.floor(tag.value / 8);
    const len = readVarint(bytes, tag.next);
    if (len === undefined) return undefined;
    if (wireType === 0) {
      pos = len.next;
      continue;
    }
    if (wireType !== 2 || len.next + len.value > bytes.length) return undefined;
    if (field === 1) return Buffer.from(bytes.subarray(len.next, len.next + len.value)).toString('utf8');
    pos = len.next + len.value;
  }
  return undefined;
}

// ---------------------------------------------------------------- classify

const nameOf = (r: { connection?: { name?: string }; peer?: string }): string | undefined =>
  r.connection?.name ?? r.peer;

function fromResponse(target: EndorsementTarget, r: RawEndorsementResponse): EndorsementOutcome {
  const status = r.response?.status ?? 0;
  const endorser = r.endorsement?.endorser;
  const endorsed = status >= 200 && status < 400 && endorser !== undefined && endorser.length > 0;
  return {
    ...target,
    status,
    message: r.response?.message ?? '',
    endorsed,
    endorserMspId: endorsed ? mspIdOfSerializedIdentity(endorser) : undefined,
    proposalResponsePayload: r.payload,
    result: r.response?.payload,
  };
}

const failed = (target: EndorsementTarget, message: string): EndorsementOutcome => ({
  ...target,
  status: 0,
  message,
  endorsed: false,
  endorserMspId: undefined,
  proposalResponsePayload: undefined,
  result: undefined,
});

/** One outcome per target, in target order, matched by peer name. */
export function classifyEndorsements(
  targets: readonly EndorsementTarget[],
  raw: RawEndorsementResults,
): EndorsementOutcome[] {
  return targets.map((target) => {
    const response = raw.responses.find((r) => nameOf(r) === target.peer);
    if (response !== undefined) return fromResponse(target, response);
    const error = raw.errors.find((e) => nameOf(e) === target.peer);
    return failed(target, error?.message ?? 'no response from the peer');
  });
}

export const recordOf = (o: EndorsementOutcome): EndorsementRecord => ({
  memberId: o.memberId,
  peer: o.peer,
  status: o.status,
  message: o.message,
});

// ---------------------------------------------------------------- checks (throw before anything is submitted)

const NOT_SUBMITTED = 'nothing was sent to the ordering service';

const describeFailure = (o: EndorsementOutcome): string =>
  `member ${o.memberId} peer ${o.peer}: ${o.status === 0 ? '' : `status ${o.status}: `}${o.message || '(no message)'}`;

/** ENDORSEMENT_FAILED naming each member, peer and the peer's message, unless every target endorsed. */
export function assertAllEndorsed(outcomes: readonly EndorsementOutcome[], ctx: TransactionContext): void {
  const failures = outcomes.filter((o) => !o.endorsed);
  if (failures.length === 0) return;
  throw new FabkitError(
    'ENDORSEMENT_FAILED',
    `Endorsement of ${ctx.chaincode} on channel ${ctx.channelId} failed on ${failures.map(describeFailure).join('; ')} (${NOT_SUBMITTED})`,
    {
      hint: "Check the arguments, and that the chaincode is installed on and instantiated/committed for that member's peer and the peer has joined the channel.",
      details: { ...ctx, endorsements: outcomes.map(recordOf) },
    },
  );
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean =>
  a !== undefined && b !== undefined && Buffer.from(a).equals(Buffer.from(b));

/** ENDORSEMENTS_DIFFER when the peers simulated different results (the transaction would be invalidated). */
export function assertEndorsementsAgree(outcomes: readonly EndorsementOutcome[], ctx: TransactionContext): void {
  const [first, ...rest] = outcomes;
  const differing = rest.filter((o) => !sameBytes(o.proposalResponsePayload, first?.proposalResponsePayload));
  if (first === undefined || differing.length === 0) return;
  throw new FabkitError(
    'ENDORSEMENTS_DIFFER',
    `The endorsements of ${ctx.chaincode} on channel ${ctx.channelId} do not agree: ${differing.map((o) => `${o.memberId} (${o.peer})`).join(', ')} returned a different result than ${first.memberId} (${first.peer}) (${NOT_SUBMITTED})`,
    {
      hint: 'The peers have different ledger state or chaincode versions; retry, or check that every peer runs the same chaincode.',
      details: { ...ctx, endorsements: outcomes.map(recordOf) },
    },
  );
}

/** The MSP that signed each endorsement (the target member when the identity cannot be decoded). */
export const endorserMspIds = (outcomes: readonly EndorsementOutcome[]): string[] =>
  outcomes.filter((o) => o.endorsed).map((o) => o.endorserMspId ?? o.memberId);

/** POLICY_NOT_SATISFIED naming the missing member(s), unless the endorsing peers satisfy `policy`. */
export function assertPolicySatisfied(
  policy: PolicyAst,
  outcomes: readonly EndorsementOutcome[],
  ctx: TransactionContext,
): void {
  const endorsers = endorserMspIds(outcomes);
  const result = checkEndorsements(
    policy,
    endorsers.map((mspId) => ({ mspId, role: 'peer' as const })),
  );
  if (result.satisfied) return;
  const text = formatPolicy(policy);
  const why = result.satisfiable ? describeMissing(result.missing) : 'no set of endorsements can satisfy it';
  throw new FabkitError(
    'POLICY_NOT_SATISFIED',
    `The endorsements from ${endorsers.join(', ') || 'no member'} do not satisfy the endorsement policy ${text}: ${why} (${NOT_SUBMITTED})`,
    {
      kind: 'usage',
      hint: result.satisfiable
        ? `Also have ${result.missing.join(', ')} endorse (add to the endorsing members; import the member first if needed).`
        : 'Check the policy.',
      details: { ...ctx, policy: text, missing: result.missing, endorsers, endorsements: outcomes.map(recordOf) },
    },
  );
}
