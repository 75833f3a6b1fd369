/**
 * Pure: checks a configtx input before anything is built. Every broken rule becomes one issue
 * (stable `code`, `rule`, a message naming the value and the rule, and a hint);
 * `assertConfigtxInput` throws them as one usage FabkitError.
 */
import * as path from 'node:path';
import { usageError } from '../errors';
import type { Endpoint } from '../validate/endpoint';
import { checkEndpoint, formatEndpoint } from '../validate/endpoint';
import { validateMemberId } from '../validate/ids';
import type { ValidationIssue } from '../validate/issue';
import { errorsOf, makeIssue, quote } from '../validate/issue';
import type { ConfigtxInput, ConfigtxOrgInput } from './types';
import { APP_CAPABILITIES, POLICY_FORMS } from './types';

/** Profile and consortium names: a YAML key / Fabric name without spaces or odd characters. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const orgLabel = (index: number, memberId: unknown): string =>
  typeof memberId === 'string' && memberId !== ''
    ? `organization ${index + 1} (${memberId})`
    : `organization ${index + 1}`;

function memberIdIssues(org: ConfigtxOrgInput, index: number): ValidationIssue[] {
  const id = typeof org.memberId === 'string' ? org.memberId : '';
  return validateMemberId(id).map((issue) =>
    makeIssue({
      code: issue.code,
      rule: issue.rule,
      reason: issue.reason,
      hint: issue.hint,
      subject: `Member ID ${quote(id)} of organization ${index + 1}`,
      details: { ...(issue.details ?? {}), org: index + 1 },
    }),
  );
}

function mspDirIssues(org: ConfigtxOrgInput, index: number): ValidationIssue[] {
  const dir = typeof org.mspDir === 'string' ? org.mspDir : '';
  const subject = `MSP directory ${quote(dir)} of ${orgLabel(index, org.memberId)}`;
  const base = { code: 'INVALID_MSP_DIR', subject, details: { value: dir, org: index + 1 } };
  if (dir === '') {
    return [
      makeIssue({
        ...base,
        rule: 'empty',
        reason: 'it must not be empty',
        hint: 'Pass the folder holding the member\'s cacerts/ and admincerts/, e.g. "/opt/home/admin-msp".',
      }),
    ];
  }
  if (path.posix.isAbsolute(dir)) return [];
  return [
    makeIssue({
      ...base,
      rule: 'absolute',
      reason:
        'it must be an absolute path (configtxgen would resolve a relative path against the folder of configtx.yaml, not the current folder)',
      hint: 'Pass the full path as the Fabric tool sees it: the host path for the local runtime, or /opt/home/… inside the docker cli container.',
    }),
  ];
}

/** Anchor peers of one org: each a valid host:port, none repeated. Shared with the channel-config edit. */
export function anchorPeerIssues(peers: readonly Endpoint[], where: string): ValidationIssue[] {
  const seen = new Set<string>();
  return peers.flatMap((peer) => {
    const text = formatEndpoint({ host: String(peer.host), port: peer.port });
    const subject = `Anchor peer ${quote(text)} of ${where}`;
    const found = checkEndpoint(text).issues.map((issue) =>
      makeIssue({
        code: 'INVALID_ANCHOR_PEER',
        rule: issue.rule,
        subject,
        reason: issue.reason,
        hint: issue.hint,
        details: { value: text },
      }),
    );
    if (seen.has(text)) {
      found.push(
        makeIssue({
          code: 'INVALID_ANCHOR_PEER',
          rule: 'unique',
          subject,
          reason: 'it is listed more than once',
          hint: 'List each anchor peer once.',
          details: { value: text },
        }),
      );
    }
    seen.add(text);
    return found;
  });
}

function orgIssues(org: ConfigtxOrgInput, index: number): ValidationIssue[] {
  const anchors = org.anchorPeers ?? [];
  return [
    ...memberIdIssues(org, index),
    ...mspDirIssues(org, index),
    ...anchorPeerIssues(anchors, orgLabel(index, org.memberId)),
  ];
}

function duplicateIssues(orgs: readonly ConfigtxOrgInput[]): ValidationIssue[] {
  const ids = orgs.map((o) => o.memberId);
  const repeated = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  return repeated.map((id) => {
    const positions = ids.flatMap((other, i) => (other === id ? [i + 1] : []));
    return makeIssue({
      code: 'CONFIGTX_DUPLICATE_MEMBER',
      rule: 'unique-member',
      subject: `Member ID ${quote(id)}`,
      reason: `it is listed more than once (organizations ${positions.join(' and ')}); each member can be in a channel only once`,
      hint: 'List each member once.',
      details: { value: id, orgs: positions },
    });
  });
}

function orgListIssues(orgs: readonly ConfigtxOrgInput[] | undefined): ValidationIssue[] {
  if (!Array.isArray(orgs) || orgs.length === 0) {
    return [
      makeIssue({
        code: 'CONFIGTX_NO_ORGS',
        rule: 'no-orgs',
        subject: 'The organization list',
        reason: 'it must name at least one member',
        hint: 'Pass at least one member (its member ID and MSP directory) to put in the channel.',
      }),
    ];
  }
  return [...orgs.flatMap(orgIssues), ...duplicateIssues(orgs)];
}

function nameIssues(code: string, label: string, value: string | undefined, example: string): ValidationIssue[] {
  if (value === undefined || (typeof value === 'string' && NAME_PATTERN.test(value))) return [];
  const text = String(value);
  const rule = text === '' ? 'empty' : 'charset';
  const reason =
    rule === 'empty'
      ? 'it must not be empty'
      : 'it must start with a letter or digit and use only letters, digits, "_", "." and "-"';
  return [
    makeIssue({
      code,
      rule,
      subject: `${label} ${quote(text)}`,
      reason,
      hint: `Use a name such as "${example}", or leave it out for the default.`,
      details: { value: text },
    }),
  ];
}

function formIssues(input: ConfigtxInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (!APP_CAPABILITIES.includes(input.capability)) {
    issues.push(
      makeIssue({
        code: 'INVALID_CAPABILITY',
        rule: 'known',
        subject: `Application capability ${quote(String(input.capability))}`,
        reason: `it must be one of ${APP_CAPABILITIES.join(', ')}`,
        hint: 'Use V2_0 for the Fabric 2.x chaincode lifecycle, V1_4_2 for the 1.x lifecycle (V1_2 on Fabric 1.2/1.3 networks).',
      }),
    );
  }
  if (!POLICY_FORMS.includes(input.policies)) {
    issues.push(
      makeIssue({
        code: 'INVALID_POLICY_FORM',
        rule: 'known',
        subject: `Policy form ${quote(String(input.policies))}`,
        reason: `it must be one of ${POLICY_FORMS.join(', ')}`,
        hint: 'Use policiesFor(<configtxgen version>): minimal for Fabric 1.x tools, full for 2.x.',
      }),
    );
  } else if (input.policies === 'minimal' && input.capability === 'V2_0') {
    issues.push(
      makeIssue({
        code: 'INVALID_POLICY_FORM',
        rule: 'lifecycle-needs-full',
        subject: 'Policy form "minimal" with capability V2_0',
        reason:
          'the V2_0 lifecycle needs the LifecycleEndorsement and Endorsement application policies, which only the full form writes',
        hint: 'Use the full policy form (Fabric 2.x tools) with V2_0, or V1_4_2 with the minimal form.',
      }),
    );
  }
  return issues;
}

export function validateConfigtxInput(input: ConfigtxInput): ValidationIssue[] {
  return [
    ...orgListIssues(input.orgs),
    ...nameIssues('INVALID_PROFILE_NAME', 'Profile name', input.profileName, 'OneOrgChannel'),
    ...nameIssues('INVALID_CONSORTIUM', 'Consortium name', input.consortium, 'AWSSystemConsortium'),
    ...formIssues(input),
  ];
}

/**
 * Throws one usage FabkitError for the issues' errors: the code and `details.rule` of the
 * first, a message listing every one, the hints joined.
 */
export function throwIssues(issues: readonly ValidationIssue[], what: string): void {
  const errors = errorsOf(issues);
  const first = errors[0];
  if (first === undefined) return;
  const message =
    errors.length === 1
      ? first.message
      : `${what} has ${errors.length} problems: ${errors.map((e) => e.message).join('; ')}`;
  throw usageError(first.code, message, [...new Set(errors.map((e) => e.hint))].join(' '), {
    rule: first.rule,
    issues: errors.map((e) => ({ code: e.code, rule: e.rule, message: e.message, hint: e.hint, ...(e.details ?? {}) })),
  });
}

export function assertConfigtxInput(input: ConfigtxInput): void {
  throwIssues(validateConfigtxInput(input), 'The configtx input');
}
