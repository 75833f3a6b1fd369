/**
 * Pure: the chaincode definitions a transaction commits, read from its public writes: the 2.x
 * lifecycle's `_lifecycle` fields (sequence, version, endorsement policy, init required) and the
 * 1.x lifecycle's `lscc` ChaincodeData (version, endorsement policy).
 */
import type { PolicyAst, PrincipalRole } from '../policy/ast';
import { formatPolicy } from '../policy/format';
import type { WireMessage } from './proto-wire';
import { bytesOf, decodeWire, listOf, messageOf, numberOf, stringOf } from './proto-wire';

export interface ChaincodeDefinition {
  readonly name: string;
  readonly lifecycle: '1.x' | '2.x';
  readonly version: string;
  /** 2.x only: the definition's sequence number. */
  readonly sequence?: number;
  /** The signature policy as text, or `channel config policy <path>` for a reference. */
  readonly policy?: string;
  /** 2.x only. */
  readonly initRequired?: boolean;
}

interface PublicWrite {
  readonly namespace: string;
  readonly key: string;
  readonly value: Buffer;
}

/** Every public write of an endorser transaction (the `data` of its payload). */
function publicWritesOf(txBytes: Buffer): PublicWrite[] {
  const out: PublicWrite[] = [];
  for (const action of listOf(decodeWire(txBytes), 1)) {
    const cap = decodeWire(bytesOf(decodeWire(action), 2));
    const chaincodeAction = messageOf(messageOf(messageOf(cap, 2), 1), 2);
    for (const ns of listOf(messageOf(chaincodeAction, 1), 2)) {
      const nsm = decodeWire(ns);
      for (const w of listOf(messageOf(nsm, 2), 3)) {
        const write = decodeWire(w);
        if (numberOf(write, 2) !== 0) continue; // a delete
        out.push({ namespace: stringOf(nsm, 1), key: stringOf(write, 1), value: bytesOf(write, 3) });
      }
    }
  }
  return out;
}

const ROLES: Readonly<Record<number, PrincipalRole>> = { 0: 'member', 1: 'admin', 2: 'client', 3: 'peer' };

function ruleOf(rule: WireMessage, principals: readonly (PolicyAst | undefined)[]): PolicyAst | undefined {
  if (rule.has(1)) return principals[numberOf(rule, 1)];
  const gate = messageOf(rule, 2);
  const rules = listOf(gate, 2).map((r) => ruleOf(decodeWire(r), principals));
  if (rules.some((r) => r === undefined)) return undefined;
  const n = numberOf(gate, 1);
  const op = n === rules.length ? 'AND' : n === 1 ? 'OR' : 'OutOf';
  return { kind: 'nOutOf', op, n, rules: rules as PolicyAst[] };
}

/** common.SignaturePolicyEnvelope → policy text; undefined when it uses principals other than MSP roles. */
export function signaturePolicyText(envelope: Buffer): string | undefined {
  const env = decodeWire(envelope);
  const principals = listOf(env, 3).map((p): PolicyAst | undefined => {
    const mp = decodeWire(p);
    if (numberOf(mp, 1) !== 0) return undefined; // not a ROLE principal
    const role = decodeWire(bytesOf(mp, 2));
    const r = ROLES[numberOf(role, 2)];
    return r ? { kind: 'principal', mspId: stringOf(role, 1), role: r } : undefined;
  });
  const ast = ruleOf(messageOf(env, 2), principals);
  if (!ast) return undefined;
  try {
    return formatPolicy(ast);
  } catch {
    return undefined;
  }
}

/** peer.ApplicationPolicy (the 2.x validation parameter) → policy text. */
function applicationPolicyText(value: Buffer): string | undefined {
  const ap = decodeWire(value);
  if (ap.has(1)) return signaturePolicyText(bytesOf(ap, 1));
  const ref = stringOf(ap, 2);
  return ref ? `channel config policy ${ref}` : undefined;
}

const LIFECYCLE_FIELD = /^namespaces\/fields\/([^/]+)\/(Sequence|EndorsementInfo|ValidationInfo)$/;

function v2Definitions(writes: readonly PublicWrite[]): ChaincodeDefinition[] {
  const byName = new Map<string, { sequence?: number; version?: string; initRequired?: boolean; policy?: string }>();
  for (const w of writes) {
    const m = w.namespace === '_lifecycle' ? LIFECYCLE_FIELD.exec(w.key) : null;
    if (!m?.[1] || !m[2]) continue;
    const def = byName.get(m[1]) ?? {};
    const state = decodeWire(w.value); // lifecycle.StateData
    if (m[2] === 'Sequence') def.sequence = numberOf(state, 1);
    else if (m[2] === 'EndorsementInfo') {
      const info = decodeWire(bytesOf(state, 2));
      def.version = stringOf(info, 1);
      def.initRequired = numberOf(info, 2) === 1;
    } else def.policy = applicationPolicyText(bytesOf(decodeWire(bytesOf(state, 2)), 2));
    byName.set(m[1], def);
  }
  return [...byName.entries()]
    .filter(([, d]) => d.sequence !== undefined && d.version !== undefined)
    .map(([name, d]) => ({
      name,
      lifecycle: '2.x' as const,
      version: d.version ?? '',
      sequence: d.sequence,
      policy: d.policy,
      initRequired: d.initRequired,
    }));
}

function v1Definitions(writes: readonly PublicWrite[]): ChaincodeDefinition[] {
  return writes
    .filter((w) => w.namespace === 'lscc' && !w.key.includes('~'))
    .map((w) => {
      const data = decodeWire(w.value); // ccprovider.ChaincodeData
      const policy = bytesOf(data, 5);
      return {
        name: stringOf(data, 1) || w.key,
        lifecycle: '1.x' as const,
        version: stringOf(data, 2),
        policy: policy.length > 0 ? signaturePolicyText(policy) : undefined,
      };
    });
}

/** The chaincode definitions an endorser transaction's payload data commits (none for other transactions). */
export function chaincodeDefinitionsOf(txBytes: Buffer): ChaincodeDefinition[] {
  let writes: PublicWrite[];
  try {
    writes = publicWritesOf(txBytes);
  } catch {
    return [];
  }
  return [...v2Definitions(writes), ...v1Definitions(writes)];
}
