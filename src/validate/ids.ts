/**
 * Validators for Fabric and Amazon Managed Blockchain identifiers. Pure: each returns a list
 * of issues (one per broken rule); each `assert*` throws a usage FabkitError naming them all.
 */
import type { ValidationIssue } from './issue';
import { assertNoIssues, makeIssue } from './issue';
import type { Rule, RuleSet } from './rules';
import { runRules, subjectOf } from './rules';

// ---------------------------------------------------------------- Fabric channel ID

/** Fabric: `^[a-z][a-z0-9.-]*$`, fewer than 250 characters. */
export const CHANNEL_ID_MAX_LENGTH = 249;

/** Best-effort repair of a channel ID, offered in hints. Returns undefined if nothing usable is left. */
export function suggestChannelId(value: string): string | undefined {
  const fixed = value
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, CHANNEL_ID_MAX_LENGTH);
  return fixed === '' || fixed === value ? undefined : fixed;
}

function channelHint(base: string) {
  return (value: string): string => {
    const suggestion = suggestChannelId(value);
    return suggestion === undefined ? base : `${base} For example "${suggestion}".`;
  };
}

const CHANNEL_ID: RuleSet = {
  code: 'INVALID_CHANNEL_ID',
  label: 'Channel ID',
  example: 'mychannel',
  rules: [
    {
      rule: 'start',
      broken: (v) => !/^[a-z]/.test(v),
      reason: () => 'it must start with a lowercase letter',
      hint: channelHint('Start the channel ID with a lowercase letter (a-z).'),
    },
    {
      rule: 'charset',
      broken: (v) => !/^[a-z0-9.-]*$/.test(v),
      reason: () => 'it must use only lowercase letters, digits, "." and "-"',
      hint: channelHint(
        'Use only lowercase letters, digits, "." and "-"; replace other characters such as "_" or spaces with "-".',
      ),
    },
    {
      rule: 'length',
      broken: (v) => v.length > CHANNEL_ID_MAX_LENGTH,
      reason: (v) => `it must be fewer than 250 characters (it has ${v.length})`,
      hint: () => `Shorten the channel ID to at most ${CHANNEL_ID_MAX_LENGTH} characters.`,
    },
  ],
};

export function validateChannelId(value: string): ValidationIssue[] {
  return runRules(CHANNEL_ID, value);
}
export function assertChannelId(value: string): void {
  assertNoIssues(subjectOf(CHANNEL_ID, value), validateChannelId(value));
}

// ---------------------------------------------------------------- AMB resource IDs

export type AmbIdKind = 'member' | 'network' | 'node' | 'proposal' | 'invitation';

interface AmbIdSpec {
  readonly prefix: string;
  readonly code: string;
  readonly label: string;
}

const AMB_ID_SPECS: Readonly<Record<AmbIdKind, AmbIdSpec>> = {
  member: { prefix: 'm-', code: 'INVALID_MEMBER_ID', label: 'Member ID' },
  network: { prefix: 'n-', code: 'INVALID_NETWORK_ID', label: 'Network ID' },
  node: { prefix: 'nd-', code: 'INVALID_NODE_ID', label: 'Node ID' },
  proposal: { prefix: 'p-', code: 'INVALID_PROPOSAL_ID', label: 'Proposal ID' },
  invitation: { prefix: 'in-', code: 'INVALID_INVITATION_ID', label: 'Invitation ID' },
};

const AMB_SUFFIX = /^[A-Z0-9]{26}$/;
const EXAMPLE_SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Which AMB ID kind a value is, if it is a well-formed AMB ID of any kind. */
export function ambIdKindOf(value: string): AmbIdKind | undefined {
  const kinds = Object.keys(AMB_ID_SPECS) as AmbIdKind[];
  return kinds.find(
    (k) => value.startsWith(AMB_ID_SPECS[k].prefix) && AMB_SUFFIX.test(value.slice(AMB_ID_SPECS[k].prefix.length)),
  );
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const withArticle = (s: string): string => `${/^[aeiou]/i.test(s) ? 'an' : 'a'} ${lowerFirst(s)}`;

function ambHint(kind: AmbIdKind, value: string): string {
  const spec = AMB_ID_SPECS[kind];
  const base = `Copy the ${lowerFirst(spec.label)} from the AWS console or \`aws managedblockchain\` output; it looks like "${spec.prefix}${EXAMPLE_SUFFIX}".`;
  const other = ambIdKindOf(value);
  if (other !== undefined && other !== kind)
    return `"${value}" looks like ${withArticle(AMB_ID_SPECS[other].label)}, not ${withArticle(spec.label)}. ${base}`;
  const upper = value.toUpperCase().replace(spec.prefix.toUpperCase(), spec.prefix);
  if (upper !== value && ambIdKindOf(upper) === kind) return `AMB IDs use uppercase letters: try "${upper}".`;
  return base;
}

function ambRuleSet(kind: AmbIdKind): RuleSet {
  const spec = AMB_ID_SPECS[kind];
  const hint = (v: string): string => ambHint(kind, v);
  const rules: Rule[] = [
    {
      rule: 'prefix',
      broken: (v) => !v.startsWith(spec.prefix),
      reason: () => `it must start with "${spec.prefix}"`,
      hint,
    },
    {
      rule: 'format',
      broken: (v) => v.startsWith(spec.prefix) && !AMB_SUFFIX.test(v.slice(spec.prefix.length)),
      reason: (v) =>
        `it must have exactly 26 uppercase letters or digits after "${spec.prefix}" (it has ${v.length - spec.prefix.length} characters there)`,
      hint,
    },
  ];
  return { code: spec.code, label: spec.label, example: `${spec.prefix}${EXAMPLE_SUFFIX}`, rules };
}

export function validateAmbId(kind: AmbIdKind, value: string): ValidationIssue[] {
  return runRules(ambRuleSet(kind), value);
}
export function assertAmbId(kind: AmbIdKind, value: string): void {
  assertNoIssues(subjectOf(ambRuleSet(kind), value), validateAmbId(kind, value));
}

export const validateMemberId = (value: string): ValidationIssue[] => validateAmbId('member', value);
export const validateNetworkId = (value: string): ValidationIssue[] => validateAmbId('network', value);
export const validateNodeId = (value: string): ValidationIssue[] => validateAmbId('node', value);
export const validateProposalId = (value: string): ValidationIssue[] => validateAmbId('proposal', value);
export const validateInvitationId = (value: string): ValidationIssue[] => validateAmbId('invitation', value);
export const assertMemberId = (value: string): void => assertAmbId('member', value);
export const assertNetworkId = (value: string): void => assertAmbId('network', value);
export const assertNodeId = (value: string): void => assertAmbId('node', value);
export const assertProposalId = (value: string): void => assertAmbId('proposal', value);
export const assertInvitationId = (value: string): void => assertAmbId('invitation', value);

// ---------------------------------------------------------------- AWS account ID

const ACCOUNT_ID: RuleSet = {
  code: 'INVALID_ACCOUNT_ID',
  label: 'AWS account ID',
  example: '123456789012',
  rules: [
    {
      rule: 'charset',
      broken: (v) => !/^\d*$/.test(v),
      reason: () => 'it must contain only digits',
      hint: () =>
        'Use the 12-digit account number (e.g. from `aws sts get-caller-identity`), without dashes or spaces.',
    },
    {
      rule: 'length',
      broken: (v) => v.length !== 12,
      reason: (v) => `it must be exactly 12 digits long (it has ${v.length} characters)`,
      hint: () => 'AWS account IDs are exactly 12 digits; keep any leading zeros.',
    },
  ],
};

export function validateAccountId(value: string): ValidationIssue[] {
  return runRules(ACCOUNT_ID, value);
}
export function assertAccountId(value: string): void {
  assertNoIssues(subjectOf(ACCOUNT_ID, value), validateAccountId(value));
}

// ---------------------------------------------------------------- MSP ID

/** The MSP ID form Fabric's policy language accepts in principals. */
export const MSP_ID_PATTERN = /^[a-zA-Z0-9.-]+$/;

const MSP_ID: RuleSet = {
  code: 'INVALID_MSP_ID',
  label: 'MSP ID',
  example: 'Org1MSP',
  rules: [
    {
      rule: 'charset',
      broken: (v) => !MSP_ID_PATTERN.test(v),
      reason: () => 'it must use only letters, digits, "." and "-"',
      hint: () =>
        'Use the MSP ID exactly as configured for the organization; on AMB it is the member ID, e.g. "m-ABCDEFGHIJKLMNOPQRSTUVWXYZ".',
    },
  ],
};

export function validateMspId(value: string): ValidationIssue[] {
  return runRules(MSP_ID, value);
}
export function assertMspId(value: string): void {
  assertNoIssues(subjectOf(MSP_ID, value), validateMspId(value));
}

// ---------------------------------------------------------------- chaincode name, version, label

/**
 * Fabric's validators (lifecycle and lscc) check only the characters of names, versions and
 * labels. A peer keeps each installed package in one file, though: `<label>.<sha256 hex>.tar.gz`
 * (2.x) and `<name>.<version>` (1.x), and a file name has at most 255 bytes, so a longer one
 * fails inside the peer ("file name too long"). With fabkit's default label `<name>_<version>`
 * both fit when the label does.
 */
export const CHAINCODE_LABEL_MAX_LENGTH = 255 - '.'.length - 64 - '.tar.gz'.length;
/** The longest name that still leaves room for `_<version>` in the default label. */
export const CHAINCODE_NAME_MAX_LENGTH = CHAINCODE_LABEL_MAX_LENGTH - 2;
/** The longest version that still leaves room for `<name>_` in the default label. */
export const CHAINCODE_VERSION_MAX_LENGTH = CHAINCODE_LABEL_MAX_LENGTH - 2;

function lengthRule(max: number, hint: string): Rule {
  return {
    rule: 'length',
    broken: (v) => v.length > max,
    reason: (v) => `it must be at most ${max} characters (it has ${v.length})`,
    hint: () =>
      `${hint} A peer keeps an installed package in a file named after it, and file names have at most 255 bytes.`,
  };
}

/** Fabric (lifecycle and lscc): `^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*$`, and a length bound (above). */
const CHAINCODE_NAME: RuleSet = {
  code: 'INVALID_CHAINCODE_NAME',
  label: 'Chaincode name',
  example: 'basic',
  rules: [
    {
      rule: 'format',
      broken: (v) => !/^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*$/.test(v),
      reason: () =>
        'it must be letters and digits, optionally joined by single "-" or "_" characters, and must not start or end with "-" or "_"',
      hint: () => 'Use a name such as "basic", "asset-transfer" or "asset_transfer".',
    },
    lengthRule(CHAINCODE_NAME_MAX_LENGTH, 'Shorten the chaincode name.'),
  ],
};

export function validateChaincodeName(value: string): ValidationIssue[] {
  return runRules(CHAINCODE_NAME, value);
}
export function assertChaincodeName(value: string): void {
  assertNoIssues(subjectOf(CHAINCODE_NAME, value), validateChaincodeName(value));
}

/** Fabric (lifecycle and lscc): `^[A-Za-z0-9_.+-]+$`, and a length bound (above). */
const CHAINCODE_VERSION: RuleSet = {
  code: 'INVALID_CHAINCODE_VERSION',
  label: 'Chaincode version',
  example: '1.0',
  rules: [
    {
      rule: 'charset',
      broken: (v) => !/^[A-Za-z0-9_.+-]+$/.test(v),
      reason: () => 'it must use only letters, digits, "_", ".", "+" and "-"',
      hint: () => 'Use a version such as "1.0", "2.1.0-rc1" or "1.0+build.7".',
    },
    lengthRule(CHAINCODE_VERSION_MAX_LENGTH, 'Shorten the chaincode version.'),
  ],
};

export function validateChaincodeVersion(value: string): ValidationIssue[] {
  return runRules(CHAINCODE_VERSION, value);
}
export function assertChaincodeVersion(value: string): void {
  assertNoIssues(subjectOf(CHAINCODE_VERSION, value), validateChaincodeVersion(value));
}

/** A name and a version that are each valid must also fit together in the default label `<name>_<version>`. */
export function validateChaincodeNameVersion(name: string, version: string): ValidationIssue[] {
  const label = `${name}_${version}`;
  if (label.length <= CHAINCODE_LABEL_MAX_LENGTH) return [];
  return [
    makeIssue({
      code: CHAINCODE_VERSION.code,
      rule: 'length',
      subject: subjectOf(CHAINCODE_VERSION, version),
      reason: `with the name, as the package label "<name>_<version>", it must be at most ${CHAINCODE_LABEL_MAX_LENGTH} characters (it has ${label.length})`,
      hint: 'Shorten the chaincode name or the version. A peer keeps an installed package in a file named after it, and file names have at most 255 bytes.',
      details: { name, version },
    }),
  ];
}
export function assertChaincodeNameVersion(name: string, version: string): void {
  assertNoIssues(subjectOf(CHAINCODE_VERSION, version), validateChaincodeNameVersion(name, version));
}

/** Fabric 2.x lifecycle package label: `^[[:alnum:]][[:alnum:]_.+-]*$`, and a length bound (above). */
const CHAINCODE_LABEL: RuleSet = {
  code: 'INVALID_CHAINCODE_LABEL',
  label: 'Chaincode package label',
  example: 'basic_1.0',
  rules: [
    {
      rule: 'start',
      broken: (v) => !/^[A-Za-z0-9]/.test(v),
      reason: () => 'it must start with a letter or digit',
      hint: () => 'Start the label with a letter or digit, e.g. "basic_1.0".',
    },
    {
      rule: 'charset',
      broken: (v) => !/^[A-Za-z0-9_.+-]*$/.test(v),
      reason: () => 'it must use only letters, digits, "_", ".", "+" and "-"',
      hint: () =>
        'Use the form <name>_<version>, e.g. "basic_1.0"; ":" is not allowed because the package ID is "<label>:<hash>".',
    },
    lengthRule(CHAINCODE_LABEL_MAX_LENGTH, 'Shorten the label.'),
  ],
};

export function validateChaincodeLabel(value: string): ValidationIssue[] {
  return runRules(CHAINCODE_LABEL, value);
}
export function assertChaincodeLabel(value: string): void {
  assertNoIssues(subjectOf(CHAINCODE_LABEL, value), validateChaincodeLabel(value));
}
