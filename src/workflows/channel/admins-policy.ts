/**
 * Pure: whether a set of signers satisfies a channel config's /Channel/Application/Admins policy
 * (MAJORITY Admins by default), evaluated against the members the channel config lists, and
 * whose signatures are still missing.
 */
import { X509Certificate } from 'node:crypto';
import type { ConfigJson } from '../../fabric-cli/config-update';
import type { SignerIdentity } from '../../fabric-cli/fabric-messages';
import { isIssuedByAny, parseCert } from '../../msp/cert';

export interface AdminsPolicyCheck {
  /** The policy in words, e.g. "MAJORITY Admins of 3 members (2 needed)". */
  readonly policy: string;
  readonly satisfied: boolean;
  /** How many members' Admins must sign. */
  readonly needed: number;
  /** Members whose Admins policy the signers satisfy. */
  readonly signedBy: string[];
  /** Members whose admins have not signed (any `needed - signedBy.length` of them would do). */
  readonly missing: string[];
  /** Signers no member of the channel recognizes as its admin (their signature counts for nothing). */
  readonly unrecognized: SignerIdentity[];
}

const decodePem = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');

function sameCert(a: string, b: string): boolean {
  try {
    return new X509Certificate(a).raw.equals(new X509Certificate(b).raw);
  } catch {
    return false;
  }
}

interface OrgMsp {
  readonly admins: string[];
  readonly roots: string[];
  readonly adminOu?: string;
}

function orgMsp(org: ConfigJson): OrgMsp {
  const config = (org.values?.MSP?.value?.config ?? {}) as ConfigJson;
  const ous = config.fabric_node_ous as ConfigJson | undefined;
  return {
    admins: ((config.admins ?? []) as string[]).map(decodePem),
    roots: [...((config.root_certs ?? []) as string[]), ...((config.intermediate_certs ?? []) as string[])].map(
      decodePem,
    ),
    adminOu: ous?.enable ? String(ous.admin_ou_identifier?.organizational_unit_identifier ?? 'admin') : undefined,
  };
}

/** Whether the signer is an identity of `mspId` in `role` (ADMIN: listed in admincerts, or the admin OU with NodeOUs). */
function satisfiesPrincipal(signer: SignerIdentity, mspId: string, role: string, msp: OrgMsp): boolean {
  if (signer.mspId !== mspId || !isIssuedByAny(signer.certPem, msp.roots)) return false;
  if (role !== 'ADMIN') return true;
  if (msp.admins.some((a) => sameCert(a, signer.certPem))) return true;
  if (!msp.adminOu) return false;
  try {
    // Fabric CA writes its OUs as one multi-valued RDN ("OU=org1 + OU=admin"): read them as a list.
    return parseCert(signer.certPem).ous.includes(msp.adminOu);
  } catch {
    return false;
  }
}

/** Evaluates a SignaturePolicyEnvelope (configtxlator JSON) over distinct signers. */
function signaturePolicySatisfied(value: ConfigJson, signers: readonly SignerIdentity[], msps: Record<string, OrgMsp>) {
  const identities = (value.identities ?? []) as ConfigJson[];
  const matches = (index: number, s: SignerIdentity): boolean => {
    const p = identities[index];
    if (p?.principal_classification !== undefined && p.principal_classification !== 'ROLE') return false;
    const mspId = String(p?.principal?.msp_identifier ?? '');
    const msp = msps[mspId];
    return msp !== undefined && satisfiesPrincipal(s, mspId, String(p?.principal?.role ?? 'MEMBER'), msp);
  };
  // Each signer may be used once, as Fabric's evaluator does.
  const evaluate = (rule: ConfigJson, used: Set<number>): boolean => {
    if (rule.signed_by !== undefined) {
      const i = signers.findIndex((s, k) => !used.has(k) && matches(Number(rule.signed_by), s));
      if (i < 0) return false;
      used.add(i);
      return true;
    }
    const n = Number(rule.n_out_of?.n ?? 0);
    let ok = 0;
    for (const sub of (rule.n_out_of?.rules ?? []) as ConfigJson[]) if (evaluate(sub, used)) ok++;
    return ok >= n;
  };
  return evaluate((value.rule ?? {}) as ConfigJson, new Set());
}

function orgPolicySatisfied(
  org: ConfigJson,
  subPolicy: string,
  signers: readonly SignerIdentity[],
  msps: Record<string, OrgMsp>,
) {
  const policy = org.policies?.[subPolicy]?.policy as ConfigJson | undefined;
  if (!policy || Number(policy.type) !== 1) return false;
  return signaturePolicySatisfied((policy.value ?? {}) as ConfigJson, signers, msps);
}

function thresholdOf(rule: string, total: number): number {
  if (rule === 'ANY') return Math.min(1, total);
  if (rule === 'ALL') return total;
  return Math.floor(total / 2) + 1;
}

/**
 * Checks signers against the channel config's Application Admins policy. An ImplicitMeta policy
 * (the default) counts members whose own `<sub_policy>` the signers satisfy; a Signature policy
 * is evaluated directly (then `missing` lists the members it names that have not signed).
 */
export function checkAdminsPolicy(config: ConfigJson, signers: readonly SignerIdentity[]): AdminsPolicyCheck {
  const app = (config.channel_group?.groups?.Application ?? {}) as ConfigJson;
  const orgs = (app.groups ?? {}) as Record<string, ConfigJson>;
  const memberIds = Object.keys(orgs).sort();
  const msps: Record<string, OrgMsp> = Object.fromEntries(memberIds.map((id) => [id, orgMsp(orgs[id] ?? {})]));
  const isAdminOf = (s: SignerIdentity, id: string): boolean => {
    const msp = msps[id];
    return msp !== undefined && satisfiesPrincipal(s, id, 'ADMIN', msp);
  };
  const unrecognized = signers.filter((s) => !memberIds.some((id) => isAdminOf(s, id)));
  const adminsPolicy = app.policies?.Admins?.policy as ConfigJson | undefined;
  if (adminsPolicy && Number(adminsPolicy.type) === 1) {
    const satisfied = signaturePolicySatisfied((adminsPolicy.value ?? {}) as ConfigJson, signers, msps);
    const signedBy = memberIds.filter((id) => signers.some((s) => isAdminOf(s, id)));
    return {
      policy: 'a Signature policy over the members',
      satisfied,
      needed: satisfied ? signedBy.length : signedBy.length + 1,
      signedBy,
      missing: satisfied ? [] : memberIds.filter((id) => !signedBy.includes(id)),
      unrecognized,
    };
  }
  const rule = String(adminsPolicy?.value?.rule ?? 'MAJORITY');
  const sub = String(adminsPolicy?.value?.sub_policy ?? 'Admins');
  const needed = thresholdOf(rule, memberIds.length);
  const signedBy = memberIds.filter((id) => orgPolicySatisfied(orgs[id] ?? {}, sub, signers, msps));
  return {
    policy: `${rule} ${sub} of ${memberIds.length} member${memberIds.length === 1 ? '' : 's'} (${needed} needed)`,
    satisfied: signedBy.length >= needed,
    needed,
    signedBy,
    missing: memberIds.filter((id) => !signedBy.includes(id)),
    unrecognized,
  };
}
