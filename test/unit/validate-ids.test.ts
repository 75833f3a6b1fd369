import {
  ambIdKindOf,
  assertAccountId,
  assertChannelId,
  assertChaincodeNameVersion,
  assertMemberId,
  CHAINCODE_LABEL_MAX_LENGTH,
  CHAINCODE_NAME_MAX_LENGTH,
  CHAINCODE_VERSION_MAX_LENGTH,
  validateAccountId,
  validateAmbId,
  validateChaincodeLabel,
  validateChaincodeName,
  validateChaincodeNameVersion,
  validateChaincodeVersion,
  validateChannelId,
  validateInvitationId,
  validateMemberId,
  validateMspId,
  validateNetworkId,
  validateNodeId,
  validateProposalId,
} from '../../src/validate/ids';
import type { ValidationIssue } from '../../src/validate/issue';
import { thrown } from '../helpers/thrown';

const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXY2'; // 26
const rules = (issues: ValidationIssue[]): string[] => issues.map((i) => i.rule);

describe('validateChannelId', () => {
  it.each(['mychannel', 'our.channel-2', 'a', 'a'.repeat(249), 'x1.2-3'])('accepts %s', (id) => {
    expect(validateChannelId(id)).toEqual([]);
    expect(() => assertChannelId(id)).not.toThrow();
  });

  it.each<[string, string[]]>([
    ['MyChannel', ['start', 'charset']],
    ['myChannel', ['charset']],
    ['1abc', ['start']],
    ['a_b', ['charset']],
    ['-abc', ['start']],
    ['.abc', ['start']],
    ['my channel', ['charset']],
    ['a'.repeat(250), ['length']],
    ['A'.repeat(300), ['start', 'charset', 'length']],
    ['', ['empty']],
  ])('refuses %s (%j)', (id, expected) => {
    const issues = validateChannelId(id);
    expect(rules(issues)).toEqual(expected);
    for (const issue of issues) {
      expect(issue.code).toBe('INVALID_CHANNEL_ID');
      expect(issue.severity).toBe('error');
      expect(issue.hint.length).toBeGreaterThan(0);
    }
  });

  it('states the rule in the message and suggests a fix', () => {
    const [issue] = validateChannelId('my_channel');
    expect(issue?.message).toBe(
      'Channel ID "my_channel" is invalid: it must use only lowercase letters, digits, "." and "-"',
    );
    expect(issue?.hint).toContain('"my-channel"');
  });

  it('reports the length it found', () => {
    expect(validateChannelId('a'.repeat(250))[0]?.reason).toBe('it must be fewer than 250 characters (it has 250)');
  });

  it('assertChannelId throws a usage error naming the value and every rule', () => {
    const error = thrown(() => assertChannelId('My_Channel'));
    expect(error.code).toBe('INVALID_CHANNEL_ID');
    expect(error.kind).toBe('usage');
    expect(error.message).toBe(
      'Channel ID "My_Channel" is invalid: it must start with a lowercase letter; it must use only lowercase letters, digits, "." and "-"',
    );
    expect(error.hint).toContain('"my-channel"');
    expect(error.details?.['rule']).toBe('start');
    expect(error.details?.['issues']).toHaveLength(2);
  });

  it('assertChannelId with a single broken rule uses that issue message', () => {
    expect(thrown(() => assertChannelId('a_b')).message).toBe(
      'Channel ID "a_b" is invalid: it must use only lowercase letters, digits, "." and "-"',
    );
  });

  it('shortens very long values in messages', () => {
    const error = thrown(() => assertChannelId('a'.repeat(250)));
    expect(error.message).toContain('(250 characters)');
    expect(error.message).not.toContain('a'.repeat(201));
  });
});

describe('AMB IDs', () => {
  const table: Array<[string, (v: string) => ValidationIssue[], string, string]> = [
    ['member', validateMemberId, 'm-', 'INVALID_MEMBER_ID'],
    ['network', validateNetworkId, 'n-', 'INVALID_NETWORK_ID'],
    ['node', validateNodeId, 'nd-', 'INVALID_NODE_ID'],
    ['proposal', validateProposalId, 'p-', 'INVALID_PROPOSAL_ID'],
    ['invitation', validateInvitationId, 'in-', 'INVALID_INVITATION_ID'],
  ];

  describe.each(table)('%s ID', (_kind, validate, prefix, code) => {
    it('accepts prefix + 26 uppercase letters/digits', () => {
      expect(validate(`${prefix}${SUFFIX}`)).toEqual([]);
      expect(validate(`${prefix}${'0'.repeat(26)}`)).toEqual([]);
    });

    it.each<[string, string]>([
      [`${prefix}${SUFFIX.slice(1)}`, 'format'],
      [`${prefix}${SUFFIX}A`, 'format'],
      [`${prefix}${SUFFIX.toLowerCase()}`, 'format'],
      [`${prefix}${SUFFIX.slice(1)}_`, 'format'],
      [`${prefix.toUpperCase()}${SUFFIX}`, 'prefix'],
      [`x-${SUFFIX}`, 'prefix'],
      [SUFFIX, 'prefix'],
      ['', 'empty'],
    ])('refuses %s (%s)', (value, rule) => {
      const issues = validate(value);
      expect(rules(issues)).toEqual([rule]);
      expect(issues[0]?.code).toBe(code);
    });
  });

  it('explains the format and counts characters', () => {
    const [issue] = validateMemberId('m-ABC');
    expect(issue?.message).toBe(
      'Member ID "m-ABC" is invalid: it must have exactly 26 uppercase letters or digits after "m-" (it has 3 characters there)',
    );
  });

  it('suggests the uppercase form', () => {
    expect(validateMemberId(`m-${SUFFIX.toLowerCase()}`)[0]?.hint).toBe(
      `AMB IDs use uppercase letters: try "m-${SUFFIX}".`,
    );
  });

  it('recognises an ID of another kind', () => {
    expect(validateMemberId(`nd-${SUFFIX}`)[0]?.hint).toContain('looks like a node ID');
    expect(validateNetworkId(`nd-${SUFFIX}`)[0]?.rule).toBe('prefix');
    expect(ambIdKindOf(`in-${SUFFIX}`)).toBe('invitation');
    expect(ambIdKindOf('in-short')).toBeUndefined();
  });

  it('validateAmbId dispatches by kind', () => {
    expect(validateAmbId('node', `nd-${SUFFIX}`)).toEqual([]);
    expect(validateAmbId('node', `n-${SUFFIX}`)[0]?.code).toBe('INVALID_NODE_ID');
  });

  it('assertMemberId throws a usage error', () => {
    const error = thrown(() => assertMemberId('m-1'));
    expect(error).toMatchObject({ code: 'INVALID_MEMBER_ID', kind: 'usage' });
    expect(error.message).toContain('"m-1"');
  });
});

describe('validateAccountId', () => {
  it.each(['123456789012', '000000000001'])('accepts %s', (id) => expect(validateAccountId(id)).toEqual([]));
  it.each<[string, string[]]>([
    ['12345678901', ['length']],
    ['1234567890123', ['length']],
    ['1234-5678-9012', ['charset', 'length']],
    ['12345678901a', ['charset']],
    [' 23456789012', ['charset']],
    ['', ['empty']],
  ])('refuses %j (%j)', (id, expected) => {
    const issues = validateAccountId(id);
    expect(rules(issues)).toEqual(expected);
    expect(issues.every((i) => i.code === 'INVALID_ACCOUNT_ID')).toBe(true);
  });
  it('assertAccountId throws', () => {
    expect(thrown(() => assertAccountId('123')).message).toBe(
      'AWS account ID "123" is invalid: it must be exactly 12 digits long (it has 3 characters)',
    );
  });
});

describe('validateMspId', () => {
  it.each(['Org1MSP', `m-${SUFFIX}`, 'org1.example.com', 'A'])('accepts %s', (id) =>
    expect(validateMspId(id)).toEqual([]),
  );
  it.each<[string, string]>([
    ['Org1_MSP', 'charset'],
    ['Org 1', 'charset'],
    ["m-A'", 'charset'],
    ['', 'empty'],
  ])('refuses %j', (id, rule) => {
    expect(validateMspId(id).map((i) => [i.code, i.rule])).toEqual([['INVALID_MSP_ID', rule]]);
  });
});

describe('chaincode name, version and label', () => {
  it.each(['basic', 'asset-transfer', 'asset_transfer', 'a1', 'A-b_C-9', 'mycc'])('accepts name %s', (v) => {
    expect(validateChaincodeName(v)).toEqual([]);
  });
  it.each(['-basic', 'basic-', '_lifecycle', 'a--b', 'a-_b', 'a.b', 'my cc', 'a/b', ''])('refuses name %j', (v) => {
    const issues = validateChaincodeName(v);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.code).toBe('INVALID_CHAINCODE_NAME');
    expect(issues[0]?.rule).toBe(v === '' ? 'empty' : 'format');
  });

  it.each(['1', '1.0', '2.1.0-rc1', '1.0+build.7', 'v_2', '.', '-'])('accepts version %s', (v) => {
    expect(validateChaincodeVersion(v)).toEqual([]);
  });
  it.each(['1 0', '1:0', 'v/1', '1,0', ''])('refuses version %j', (v) => {
    expect(validateChaincodeVersion(v)[0]?.code).toBe('INVALID_CHAINCODE_VERSION');
  });

  it.each(['basic_1.0', 'basic', '1', 'a+b-c.d_e'])('accepts label %s', (v) => {
    expect(validateChaincodeLabel(v)).toEqual([]);
  });
  it.each<[string, string[]]>([
    ['_basic', ['start']],
    ['basic:1.0', ['charset']],
    ['basic 1', ['charset']],
    [':x', ['start', 'charset']],
    ['', ['empty']],
  ])('refuses label %j (%j)', (v, expected) => {
    const issues = validateChaincodeLabel(v);
    expect(rules(issues)).toEqual(expected);
    expect(issues.every((i) => i.code === 'INVALID_CHAINCODE_LABEL')).toBe(true);
  });
  it('bounds the lengths by the file a peer keeps an installed package in (255 bytes a name)', () => {
    // 2.x: `<label>.<64 hex>.tar.gz`; 1.x: `<name>.<version>`; the default label is `<name>_<version>`.
    expect(CHAINCODE_LABEL_MAX_LENGTH).toBe(255 - '.'.length - 64 - '.tar.gz'.length);
    expect(CHAINCODE_NAME_MAX_LENGTH).toBe(CHAINCODE_LABEL_MAX_LENGTH - 2);
    expect(CHAINCODE_VERSION_MAX_LENGTH).toBe(CHAINCODE_LABEL_MAX_LENGTH - 2);
  });

  it.each<[string, (v: string) => ValidationIssue[], number, string]>([
    ['name', validateChaincodeName, CHAINCODE_NAME_MAX_LENGTH, 'INVALID_CHAINCODE_NAME'],
    ['version', validateChaincodeVersion, CHAINCODE_VERSION_MAX_LENGTH, 'INVALID_CHAINCODE_VERSION'],
    ['label', validateChaincodeLabel, CHAINCODE_LABEL_MAX_LENGTH, 'INVALID_CHAINCODE_LABEL'],
  ])(
    'a %s of the longest length passes; one more character, or 300, is a length issue',
    (_what, validate, max, code) => {
      expect(validate('a'.repeat(max))).toEqual([]);
      for (const length of [max + 1, 300]) {
        const issues = validate('a'.repeat(length));
        expect(issues.map((i) => [i.code, i.rule])).toEqual([[code, 'length']]);
        expect(issues[0]?.message).toContain(`at most ${max} characters (it has ${length})`);
        expect(issues[0]?.hint).toMatch(/Shorten/);
      }
    },
  );

  it('a name and a version that fit alone but not together in the default label `<name>_<version>`', () => {
    const name = 'a'.repeat(100);
    expect(validateChaincodeNameVersion(name, '1'.repeat(82))).toEqual([]);
    const issues = validateChaincodeNameVersion(name, '1'.repeat(83));
    expect(issues.map((i) => [i.code, i.rule])).toEqual([['INVALID_CHAINCODE_VERSION', 'length']]);
    expect(issues[0]?.message).toContain('184');
    const error = thrown(() => assertChaincodeNameVersion(name, '1'.repeat(83)));
    expect(error.kind).toBe('usage');
    expect(error.hint).toContain('Shorten the chaincode name or the version');
  });

  it('explains why ":" is not allowed in labels', () => {
    expect(validateChaincodeLabel('basic:1')[0]?.hint).toContain('"<label>:<hash>"');
  });
});
