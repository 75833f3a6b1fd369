import * as yaml from 'js-yaml';
import { anchorPeersOf, sameAnchorPeers, withAnchorPeers } from '../../src/configtx/anchor-peers';
import { buildConfigtx, defaultProfileName, dumpConfigtx, policiesFor } from '../../src/configtx/build';
import { loadConfigtxSkeletons } from '../../src/configtx/templates';
import { parseSkeletons } from '../../src/configtx/skeleton';
import { validateConfigtxInput } from '../../src/configtx/validate';
import type { ChannelConfigJson, ConfigGroupJson } from '../../src/configtx/anchor-peers';
import type { ConfigtxInput, ConfigtxSkeletonTexts } from '../../src/configtx/types';
import { thrown } from '../helpers/thrown';

const A = 'm-AAAAAAAAAAAAAAAAAAAAAAAAAA';
const B = 'm-BBBBBBBBBBBBBBBBBBBBBBBBBB';
const C = 'm-CCCCCCCCCCCCCCCCCCCCCCCC33';
const skeletons = loadConfigtxSkeletons();

const sig = (rule: string): { Type: string; Rule: string } => ({ Type: 'Signature', Rule: rule });
const meta = (rule: string): { Type: string; Rule: string } => ({ Type: 'ImplicitMeta', Rule: rule });
const META_RWA = { Readers: meta('ANY Readers'), Writers: meta('ANY Writers'), Admins: meta('MAJORITY Admins') };
const LIFECYCLE = { LifecycleEndorsement: meta('MAJORITY Endorsement'), Endorsement: meta('MAJORITY Endorsement') };

const fullOrg = (id: string, mspDir: string): Record<string, unknown> => ({
  Name: id,
  ID: id,
  MSPDir: mspDir,
  Policies: {
    Readers: sig(`OR('${id}.member')`),
    Writers: sig(`OR('${id}.member')`),
    Admins: sig(`OR('${id}.admin')`),
    Endorsement: sig(`OR('${id}.member')`),
  },
});
const minimalOrg = (id: string, mspDir: string): Record<string, unknown> => ({ Name: id, ID: id, MSPDir: mspDir });

const input = (over: Partial<ConfigtxInput> = {}): ConfigtxInput => ({
  orgs: [{ memberId: A, mspDir: '/opt/home/admin-msp' }],
  capability: 'V2_0',
  policies: 'full',
  ...over,
});
const build = (over: Partial<ConfigtxInput> = {}): ReturnType<typeof buildConfigtx> =>
  buildConfigtx(input(over), skeletons);

describe('buildConfigtx: full policies', () => {
  it('one member, V2_0: the whole document', () => {
    expect(build()).toEqual({
      Organizations: [fullOrg(A, '/opt/home/admin-msp')],
      Profiles: {
        OneOrgChannel: {
          Consortium: 'AWSSystemConsortium',
          Policies: META_RWA,
          Application: {
            Organizations: [fullOrg(A, '/opt/home/admin-msp')],
            Policies: { ...META_RWA, ...LIFECYCLE },
            Capabilities: { V2_0: true },
          },
        },
      },
    });
  });

  it('one member, V1_4_2: no lifecycle policies, V1_4_2 capability', () => {
    const doc = build({ capability: 'V1_4_2' });
    expect(doc.Profiles.OneOrgChannel?.Application).toEqual({
      Organizations: [fullOrg(A, '/opt/home/admin-msp')],
      Policies: META_RWA,
      Capabilities: { V1_4_2: true },
    });
  });

  it('two members: TwoOrgChannel, orgs in the order given, each policy naming its own member', () => {
    const doc = build({
      orgs: [
        { memberId: A, mspDir: '/opt/home/admin-msp' },
        { memberId: B, mspDir: '/opt/home/org2-msp' },
      ],
    });
    const orgs = [fullOrg(A, '/opt/home/admin-msp'), fullOrg(B, '/opt/home/org2-msp')];
    expect(doc).toEqual({
      Organizations: orgs,
      Profiles: {
        TwoOrgChannel: {
          Consortium: 'AWSSystemConsortium',
          Policies: META_RWA,
          Application: { Organizations: orgs, Policies: { ...META_RWA, ...LIFECYCLE }, Capabilities: { V2_0: true } },
        },
      },
    });
  });

  it('three members: MultiOrgChannel', () => {
    const orgs = [A, B, C].map((id, i) => ({ memberId: id, mspDir: `/home/ec2-user/org${i + 1}-msp` }));
    const doc = build({ orgs, capability: 'V1_4_2' });
    const expected = [A, B, C].map((id, i) => fullOrg(id, `/home/ec2-user/org${i + 1}-msp`));
    expect(doc).toEqual({
      Organizations: expected,
      Profiles: {
        MultiOrgChannel: {
          Consortium: 'AWSSystemConsortium',
          Policies: META_RWA,
          Application: { Organizations: expected, Policies: META_RWA, Capabilities: { V1_4_2: true } },
        },
      },
    });
  });

  it('returns distinct objects: the top-level and profile orgs are not shared', () => {
    const doc = build();
    expect(doc.Organizations[0]).not.toBe(doc.Profiles.OneOrgChannel?.Application.Organizations[0]);
    expect(dumpConfigtx(doc)).not.toMatch(/[&*]ref_/);
  });
});

describe('buildConfigtx: minimal policies (the tutorial file, Fabric 1.x tools)', () => {
  it('one member: no Policies anywhere', () => {
    expect(build({ policies: 'minimal', capability: 'V1_4_2' })).toEqual({
      Organizations: [minimalOrg(A, '/opt/home/admin-msp')],
      Profiles: {
        OneOrgChannel: {
          Consortium: 'AWSSystemConsortium',
          Application: { Organizations: [minimalOrg(A, '/opt/home/admin-msp')], Capabilities: { V1_4_2: true } },
        },
      },
    });
  });

  it('two members, with anchor peers', () => {
    const doc = build({
      policies: 'minimal',
      capability: 'V1_4_2',
      orgs: [
        { memberId: A, mspDir: '/opt/home/admin-msp', anchorPeers: [{ host: 'peer1.example.com', port: 30003 }] },
        { memberId: B, mspDir: '/opt/home/org2-msp' },
      ],
    });
    const orgs = [
      { ...minimalOrg(A, '/opt/home/admin-msp'), AnchorPeers: [{ Host: 'peer1.example.com', Port: 30003 }] },
      minimalOrg(B, '/opt/home/org2-msp'),
    ];
    expect(doc).toEqual({
      Organizations: orgs,
      Profiles: {
        TwoOrgChannel: {
          Consortium: 'AWSSystemConsortium',
          Application: { Organizations: orgs, Capabilities: { V1_4_2: true } },
        },
      },
    });
  });
});

describe('buildConfigtx: anchor peers, names, consortium', () => {
  it('writes AnchorPeers after Policies when given', () => {
    const doc = build({
      orgs: [
        {
          memberId: A,
          mspDir: '/m',
          anchorPeers: [
            { host: 'nd-1.example.com', port: 30003 },
            { host: '10.0.0.7', port: 7051 },
          ],
        },
      ],
    });
    const org = doc.Organizations[0];
    expect(org).toEqual({
      ...fullOrg(A, '/m'),
      AnchorPeers: [
        { Host: 'nd-1.example.com', Port: 30003 },
        { Host: '10.0.0.7', Port: 7051 },
      ],
    });
    expect(Object.keys(org ?? {})).toEqual(['Name', 'ID', 'MSPDir', 'Policies', 'AnchorPeers']);
  });

  it.each([undefined, []])('omits the AnchorPeers key (no placeholder) for anchorPeers %p', (anchorPeers) => {
    const doc = build({ orgs: [{ memberId: A, mspDir: '/m', ...(anchorPeers === undefined ? {} : { anchorPeers }) }] });
    expect(doc.Organizations[0]).not.toHaveProperty('AnchorPeers');
    expect(doc.Profiles.OneOrgChannel?.Application.Organizations[0]).not.toHaveProperty('AnchorPeers');
    expect(dumpConfigtx(doc)).not.toContain('AnchorPeers');
  });

  it('consortium: AWSSystemConsortium by default, or as given', () => {
    expect(build().Profiles.OneOrgChannel?.Consortium).toBe('AWSSystemConsortium');
    expect(build({ consortium: 'SampleConsortium' }).Profiles.OneOrgChannel?.Consortium).toBe('SampleConsortium');
  });

  it('profile name: the default per org count, or as given', () => {
    expect([1, 2, 3, 7].map(defaultProfileName)).toEqual([
      'OneOrgChannel',
      'TwoOrgChannel',
      'MultiOrgChannel',
      'MultiOrgChannel',
    ]);
    expect(Object.keys(build({ profileName: 'Joint.Channel-1' }).Profiles)).toEqual(['Joint.Channel-1']);
  });
});

describe('policiesFor', () => {
  it('minimal for Fabric 1.x tools, full for 2.x and later', () => {
    expect(policiesFor({ major: 1 })).toBe('minimal');
    expect(policiesFor({ major: 2 })).toBe('full');
    expect(policiesFor({ major: 3 })).toBe('full');
  });

  it.each([0, -1, 2.5, Number.NaN])('rejects major %p', (major) => {
    const e = thrown(() => policiesFor({ major }));
    expect(e.code).toBe('INVALID_FABRIC_VERSION');
    expect(e.message).toContain('whole number');
  });
});

describe('dumpConfigtx', () => {
  it('writes the header comment and YAML that loads back to the same document', () => {
    const doc = build({
      orgs: [
        { memberId: A, mspDir: '/opt/home/admin-msp' },
        { memberId: B, mspDir: '/opt/home/org 2/msp' },
      ],
    });
    const text = dumpConfigtx(doc);
    expect(text.split('\n')[0]).toBe(`# Generated by fabkit for members ${A}, ${B} (profile TwoOrgChannel).`);
    expect(yaml.load(text)).toEqual(doc);
    expect(text).toContain(`Rule: OR('${A}.admin')`);
  });

  it('says "member" for one member', () => {
    expect(dumpConfigtx(build()).split('\n')[0]).toBe(`# Generated by fabkit for member ${A} (profile OneOrgChannel).`);
  });

  it("the minimal one-member file has the tutorial's shape (without the empty anchor-peer placeholder)", () => {
    expect(dumpConfigtx(build({ policies: 'minimal', capability: 'V1_4_2' })))
      .toBe(`# Generated by fabkit for member ${A} (profile OneOrgChannel).
Organizations:
  - Name: ${A}
    ID: ${A}
    MSPDir: /opt/home/admin-msp
Profiles:
  OneOrgChannel:
    Consortium: AWSSystemConsortium
    Application:
      Organizations:
        - Name: ${A}
          ID: ${A}
          MSPDir: /opt/home/admin-msp
      Capabilities:
        V1_4_2: true
`);
  });
});

describe('buildConfigtx: validation', () => {
  const fails = (over: Partial<ConfigtxInput>): ReturnType<typeof thrown> => thrown(() => build(over));

  it('rejects an empty org list', () => {
    const e = fails({ orgs: [] });
    expect([e.code, e.kind, e.details?.rule]).toEqual(['CONFIGTX_NO_ORGS', 'usage', 'no-orgs']);
    expect(e.message).toBe('The organization list is invalid: it must name at least one member');
    expect(e.hint).toContain('at least one member');
  });

  it.each<[string, string, RegExp]>([
    ['m-abc', 'format', /exactly 26 uppercase letters or digits/],
    ['Org1MSP', 'prefix', /must start with "m-"/],
    ['', 'empty', /must not be empty/],
  ])('rejects member ID %p (%s) with the existing validator', (memberId, rule, reason) => {
    const e = fails({ orgs: [{ memberId, mspDir: '/m' }] });
    expect([e.code, e.details?.rule]).toEqual(['INVALID_MEMBER_ID', rule]);
    expect(e.message).toMatch(reason);
    expect(e.message).toContain('of organization 1');
  });

  it('rejects a duplicate member ID', () => {
    const e = fails({
      orgs: [
        { memberId: A, mspDir: '/a' },
        { memberId: B, mspDir: '/b' },
        { memberId: A, mspDir: '/c' },
      ],
    });
    expect([e.code, e.details?.rule]).toEqual(['CONFIGTX_DUPLICATE_MEMBER', 'unique-member']);
    expect(e.message).toBe(
      `Member ID "${A}" is invalid: it is listed more than once (organizations 1 and 3); each member can be in a channel only once`,
    );
  });

  it.each<[string, string, RegExp]>([
    ['admin-msp', 'absolute', /must be an absolute path/],
    ['./admin-msp', 'absolute', /must be an absolute path/],
    ['', 'empty', /must not be empty/],
  ])('rejects MSP directory %p', (mspDir, rule, reason) => {
    const e = fails({ orgs: [{ memberId: A, mspDir }] });
    expect([e.code, e.details?.rule]).toEqual(['INVALID_MSP_DIR', rule]);
    expect(e.message).toMatch(reason);
    expect(e.message).toContain(`organization 1 (${A})`);
    expect(e.hint).toMatch(/\/opt\/home|admin-msp/);
  });

  it.each<[{ host: string; port: number }, string, RegExp]>([
    [{ host: 'peer.example.com', port: 0 }, 'port-range', /out of range/],
    [{ host: 'peer.example.com', port: 70000 }, 'port-range', /out of range/],
    [{ host: 'peer.example.com', port: 7051.5 }, 'port', /not a number/],
    [{ host: '', port: 7051 }, 'host-empty', /host is empty/],
    [{ host: 'bad host', port: 7051 }, 'whitespace', /whitespace/],
    [{ host: 'bad_host!', port: 7051 }, 'host', /not a valid host name/],
  ])('rejects anchor peer %p', (peer, rule, reason) => {
    const e = fails({ orgs: [{ memberId: A, mspDir: '/m', anchorPeers: [peer] }] });
    expect([e.code, e.details?.rule]).toEqual(['INVALID_ANCHOR_PEER', rule]);
    expect(e.message).toMatch(reason);
    expect(e.message).toContain(`of organization 1 (${A})`);
  });

  it('rejects a repeated anchor peer', () => {
    const peer = { host: 'peer.example.com', port: 7051 };
    const e = fails({ orgs: [{ memberId: A, mspDir: '/m', anchorPeers: [peer, { ...peer }] }] });
    expect([e.code, e.details?.rule]).toEqual(['INVALID_ANCHOR_PEER', 'unique']);
    expect(e.message).toContain('listed more than once');
  });

  it.each<[Partial<ConfigtxInput>, string, string, RegExp]>([
    [{ profileName: '' }, 'INVALID_PROFILE_NAME', 'empty', /must not be empty/],
    [{ profileName: 'My Channel' }, 'INVALID_PROFILE_NAME', 'charset', /only letters, digits/],
    [{ consortium: 'AWS System' }, 'INVALID_CONSORTIUM', 'charset', /only letters, digits/],
    [{ capability: 'V1_1' as never }, 'INVALID_CAPABILITY', 'known', /one of V1_2, V1_4_2, V2_0/],
    [{ policies: 'some' as never }, 'INVALID_POLICY_FORM', 'known', /one of minimal, full/],
    [
      { policies: 'minimal', capability: 'V2_0' },
      'INVALID_POLICY_FORM',
      'lifecycle-needs-full',
      /LifecycleEndorsement and Endorsement/,
    ],
  ])('rejects %p', (over, code, rule, reason) => {
    const e = fails(over);
    expect([e.code, e.details?.rule]).toEqual([code, rule]);
    expect(e.message).toMatch(reason);
    expect(e.hint).toBeTruthy();
  });

  it("reports every broken rule at once, with the first one's code", () => {
    const e = fails({ orgs: [{ memberId: 'm-x', mspDir: 'rel' }], consortium: 'a b' });
    expect(e.code).toBe('INVALID_MEMBER_ID');
    expect(e.message).toMatch(/^The configtx input has 3 problems: /);
    expect((e.details?.issues as { code: string }[]).map((i) => i.code)).toEqual([
      'INVALID_MEMBER_ID',
      'INVALID_MSP_DIR',
      'INVALID_CONSORTIUM',
    ]);
  });

  it('validateConfigtxInput returns the issues without throwing', () => {
    expect(validateConfigtxInput(input())).toEqual([]);
    expect(validateConfigtxInput(input({ orgs: [] })).map((i) => i.rule)).toEqual(['no-orgs']);
  });
});

describe('skeletons', () => {
  const broken = (over: Partial<ConfigtxSkeletonTexts>): ReturnType<typeof thrown> =>
    thrown(() => parseSkeletons({ ...skeletons, ...over }));

  it('the packaged skeletons parse', () => {
    expect(() => parseSkeletons(skeletons)).not.toThrow();
  });

  it.each<[Partial<ConfigtxSkeletonTexts>, RegExp]>([
    [{ organization: 'Name: [' }, /organization\.yaml is invalid: it is not valid YAML/],
    [
      { organization: 'Name: ~\nID: ~\nMSPDir: ~\nPolicies: {Admins: {Type: Signature, Rule: "OR(\'x.admin\')"}}' },
      /organization\.yaml is invalid: Policies\.Admins\.Rule/,
    ],
    [{ channelProfile: 'Consortium: AWSSystemConsortium' }, /channel-profile\.yaml is invalid: Consortium/],
    [
      { lifecyclePolicies: 'Endorsement: {Type: Other, Rule: x}' },
      /lifecycle-policies\.yaml is invalid: Endorsement\.Type/,
    ],
  ])('broken skeleton %#: a CONFIGTX_TEMPLATE_INVALID failure', (over, message) => {
    const e = broken(over);
    expect([e.code, e.kind]).toEqual(['CONFIGTX_TEMPLATE_INVALID', 'failure']);
    expect(e.message).toMatch(message);
  });

  it('extra keys in a skeleton pass through to the document', () => {
    const channelProfile = `${skeletons.channelProfile}\nCapabilities: {V2_0: true}\n`;
    const doc = buildConfigtx(input(), { ...skeletons, channelProfile });
    expect(doc.Profiles.OneOrgChannel?.Capabilities).toEqual({ V2_0: true });
  });
});

describe('anchor-peer config edit', () => {
  const org = (values: Record<string, unknown> = {}): ConfigGroupJson => ({
    groups: {},
    mod_policy: 'Admins',
    policies: {},
    values: { MSP: { mod_policy: 'Admins', value: { type: 0 }, version: '0' }, ...values },
    version: '0',
  });
  const channel = (orgs: Record<string, ConfigGroupJson>): ChannelConfigJson => ({
    channel_group: {
      groups: { Application: { groups: orgs, mod_policy: 'Admins', policies: {}, values: {}, version: '1' } },
      values: {},
      version: '0',
    },
    sequence: '3',
  });
  const anchorValue = (peers: { host: string; port: number }[], version = '0'): ConfigGroupJson['values'] => ({
    AnchorPeers: { mod_policy: 'Admins', value: { anchor_peers: peers }, version },
  });
  const P1 = { host: 'nd-1.m-a.example.com', port: 30003 };
  const P2 = { host: 'nd-2.m-a.example.com', port: 30003 };

  it('adds AnchorPeers with mod_policy Admins and version "0", leaving the input alone', () => {
    const config = channel({ [A]: org(), [B]: org() });
    const before = structuredClone(config);
    const updated = withAnchorPeers(config, A, [P1]);
    expect(config).toEqual(before);
    expect(updated).toEqual(channel({ [A]: org(anchorValue([P1])), [B]: org() }));
  });

  it("replaces existing anchor peers, keeping the value's version (compute_update bumps it)", () => {
    const updated = withAnchorPeers(channel({ [A]: org(anchorValue([P1], '2')) }), A, [P2, P1]);
    expect(updated).toEqual(channel({ [A]: org(anchorValue([P2, P1], '2')) }));
  });

  it('an empty list removes the AnchorPeers value', () => {
    expect(withAnchorPeers(channel({ [A]: org(anchorValue([P1])) }), A, [])).toEqual(channel({ [A]: org() }));
  });

  it('anchorPeersOf reads them back, [] when none; sameAnchorPeers ignores order', () => {
    const config = channel({ [A]: org(anchorValue([P1, P2])), [B]: org() });
    expect(anchorPeersOf(config, A)).toEqual([P1, P2]);
    expect(anchorPeersOf(config, B)).toEqual([]);
    expect(sameAnchorPeers(anchorPeersOf(config, A), [P2, P1])).toBe(true);
    expect(sameAnchorPeers(anchorPeersOf(config, A), [P1])).toBe(false);
    expect(sameAnchorPeers(anchorPeersOf(config, A), [P1, { ...P2, port: 7051 }])).toBe(false);
    expect(anchorPeersOf(withAnchorPeers(config, B, [P2]), B)).toEqual([P2]);
  });

  it('throws ORG_NOT_IN_CHANNEL when the member is not in the Application group', () => {
    for (const read of [
      (): unknown => anchorPeersOf(channel({ [B]: org() }), A),
      (): unknown => withAnchorPeers(channel({ [B]: org() }), A, [P1]),
    ]) {
      const e = thrown(read);
      expect([e.code, e.kind, e.details?.rule]).toEqual(['ORG_NOT_IN_CHANNEL', 'usage', 'org-in-channel']);
      expect(e.message).toBe(`Member "${A}" is not an organization of the channel's Application group (it has ${B})`);
    }
  });

  it('throws CHANNEL_CONFIG_INVALID for a config without an Application group', () => {
    const e = thrown(() => anchorPeersOf({ channel_group: { groups: {} } }, A));
    expect([e.code, e.kind]).toEqual(['CHANNEL_CONFIG_INVALID', 'failure']);
    expect(e.message).toContain('channel_group.groups.Application');
  });

  it('validates the member ID and the anchor peers', () => {
    const config = channel({ [A]: org() });
    expect(thrown(() => withAnchorPeers(config, 'm-bad', [P1])).code).toBe('INVALID_MEMBER_ID');
    const e = thrown(() => withAnchorPeers(config, A, [{ host: 'h', port: 99999 }]));
    expect([e.code, e.details?.rule]).toEqual(['INVALID_ANCHOR_PEER', 'port-range']);
  });
});
