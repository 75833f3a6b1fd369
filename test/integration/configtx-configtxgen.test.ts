/**
 * The configtx.yaml that fabkit generates, judged by Fabric's own configtxgen and configtxlator
 * (2.5.9, from the fabkit cache). Needs no running network: only the binaries and MSP folders
 * with real certificates (the TEST PKI), laid out pre-NodeOU as on AMB (cacerts/ + admincerts/).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import execa from 'execa';
import type { AppCapability, ConfigtxInput } from '../../src/configtx/types';
import type { ChannelConfigJson, ConfigGroupJson } from '../../src/configtx/anchor-peers';
import { anchorPeersOf, withAnchorPeers } from '../../src/configtx/anchor-peers';
import { buildConfigtx, defaultProfileName, dumpConfigtx } from '../../src/configtx/build';
import { loadConfigtxSkeletons } from '../../src/configtx/templates';
import { expectedInstall } from '../../src/runtime/fabric-install';
import type { Endpoint } from '../../src/validate/endpoint';
import type { TestPki } from '../helpers/test-pki';
import { makeTestPki } from '../helpers/test-pki';

/** configtxlator JSON is deep and loosely typed. */
type Json = Record<string, any>;

const MEMBERS = [
  'm-AAAAAAAAAAAAAAAAAAAAAAAAA1',
  'm-BBBBBBBBBBBBBBBBBBBBBBBBB2',
  'm-CCCCCCCCCCCCCCCCCCCCCCCCC3',
] as const;
const skeletons = loadConfigtxSkeletons();

let pki: TestPki;
let work: string;
let mspDirs: string[];

interface Run {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function tool(name: 'configtxgen' | 'configtxlator', args: readonly string[], cfgDir = work): Promise<Run> {
  const r = await execa(path.join(expectedInstall().binDir, name), [...args], {
    reject: false,
    cwd: work,
    timeout: 60_000,
    extendEnv: false,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', FABRIC_CFG_PATH: cfgDir },
  });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

async function must(name: 'configtxgen' | 'configtxlator', args: readonly string[], cfgDir?: string): Promise<Run> {
  const r = await tool(name, args, cfgDir);
  if (r.exitCode !== 0)
    throw new Error(`${name} ${args.join(' ')} failed (${r.exitCode}):\n${r.stderr.split('\n').slice(-6).join('\n')}`);
  return r;
}

/** A pre-NodeOU MSP folder: cacerts/ and admincerts/, plus intermediatecerts/ and signcerts/ when given. */
function writeMsp(
  dir: string,
  parts: { cacert: string; admin: string; intermediate?: string; signcert?: string },
): string {
  const put = (sub: string, pem: string | undefined): void => {
    if (pem === undefined) return;
    fs.mkdirSync(path.join(dir, sub), { recursive: true });
    fs.writeFileSync(path.join(dir, sub, 'cert.pem'), pem);
  };
  put('cacerts', parts.cacert);
  put('admincerts', parts.admin);
  put('intermediatecerts', parts.intermediate);
  put('signcerts', parts.signcert);
  return dir;
}

beforeAll(async () => {
  pki = await makeTestPki();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-configtx-'));
  mspDirs = [
    // The tutorial's admin-msp (own member: signcerts too) and org2-msp (cacerts + admincerts only).
    writeMsp(path.join(work, 'admin-msp'), {
      cacert: pki.rootCa.certPem,
      admin: pki.admin.certPem,
      signcert: pki.admin.certPem,
    }),
    writeMsp(path.join(work, 'org2-msp'), { cacert: pki.otherRootCa.certPem, admin: pki.foreign.certPem }),
    writeMsp(path.join(work, 'org3-msp'), {
      cacert: pki.rootCa.certPem,
      intermediate: pki.intermediateCa.certPem,
      admin: pki.viaIntermediate.certPem,
    }),
  ];
}, 120_000);

afterAll(() => {
  pki?.cleanup();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Builds, dumps and writes configtx.yaml into a fresh folder; returns the folder. */
function writeConfigtx(name: string, input: ConfigtxInput): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'configtx.yaml'), dumpConfigtx(buildConfigtx(input, skeletons)));
  return dir;
}

async function createChannelTx(dir: string, profile: string, channelId: string): Promise<Run & { tx: string }> {
  const tx = path.join(dir, `${channelId}.tx`);
  const r = await tool(
    'configtxgen',
    ['-configPath', dir, '-profile', profile, '-channelID', channelId, '-outputCreateChannelTx', tx],
    dir,
  );
  return { ...r, tx };
}

const orgsFor = (count: number, anchors: readonly (readonly Endpoint[])[] = []): ConfigtxInput['orgs'] =>
  MEMBERS.slice(0, count).map((memberId, i) => ({
    memberId,
    mspDir: mspDirs[i] ?? '',
    ...(anchors[i] ? { anchorPeers: anchors[i] } : {}),
  }));

const ANCHOR_A: Endpoint[] = [{ host: 'nd-ANCHOR1.m-a.n-x.managedblockchain.us-east-1.amazonaws.com', port: 30003 }];
const ANCHOR_B: Endpoint[] = [
  { host: '127.0.0.1', port: 27051 },
  { host: 'peer1.org2.example.com', port: 7051 },
];

interface Case {
  readonly name: string;
  readonly count: number;
  readonly capability: AppCapability;
  readonly consortium?: string;
  readonly anchors?: readonly Endpoint[][];
}

describe('configtxgen 2.5.9 accepts every full configtx.yaml', () => {
  const cases: Case[] = [
    { name: '1 member, V1_4_2', count: 1, capability: 'V1_4_2' },
    { name: '1 member, V1_2 (AMB Fabric 1.2 networks)', count: 1, capability: 'V1_2' },
    { name: '1 member, V2_0, anchor peer', count: 1, capability: 'V2_0', anchors: [ANCHOR_A] },
    { name: '2 members, V1_4_2, anchor peers', count: 2, capability: 'V1_4_2', anchors: [ANCHOR_A, ANCHOR_B] },
    { name: '2 members, V2_0', count: 2, capability: 'V2_0' },
    {
      name: '3 members, V1_4_2, consortium SampleConsortium',
      count: 3,
      capability: 'V1_4_2',
      consortium: 'SampleConsortium',
    },
    { name: '3 members, V2_0, anchor peers on two', count: 3, capability: 'V2_0', anchors: [[], ANCHOR_B, ANCHOR_A] },
  ];

  it.each(cases)('$name', async (c) => {
    const profile = defaultProfileName(c.count);
    const channelId = `ch${c.count}-${c.capability.toLowerCase().replace('_', '')}`;
    const input: ConfigtxInput = {
      orgs: orgsFor(c.count, c.anchors),
      capability: c.capability,
      policies: 'full',
      ...(c.consortium ? { consortium: c.consortium } : {}),
    };
    const dir = writeConfigtx(`full-${channelId}`, input);
    const created = await createChannelTx(dir, profile, channelId);
    expect({ exitCode: created.exitCode, stderr: created.exitCode === 0 ? '' : created.stderr }).toEqual({
      exitCode: 0,
      stderr: '',
    });
    expect(created.stderr).toContain('Writing new channel tx');

    const decoded = JSON.parse(
      (await must('configtxgen', ['-inspectChannelCreateTx', created.tx], dir)).stdout,
    ) as Json;
    expect(decoded.payload.header.channel_header).toMatchObject({ channel_id: channelId, type: 2 });
    const update = decoded.payload.data.config_update as Json;
    expect(update.channel_id).toBe(channelId);
    const app = update.write_set.groups.Application as Json;
    expect(Object.keys(app.groups as Json).sort()).toEqual([...MEMBERS.slice(0, c.count)].sort());
    expect(update.write_set.values.Consortium.value).toEqual({ name: c.consortium ?? 'AWSSystemConsortium' });
    expect(app.values.Capabilities.value).toEqual({ capabilities: { [c.capability]: {} } });
    const lifecycle = c.capability === 'V2_0' ? ['Endorsement', 'LifecycleEndorsement'] : [];
    expect(Object.keys(app.policies as Json).sort()).toEqual(['Admins', 'Readers', 'Writers', ...lifecycle].sort());
    expect(app.policies.Admins.policy).toEqual({ type: 3, value: { rule: 'MAJORITY', sub_policy: 'Admins' } });
    if (c.capability === 'V2_0') {
      expect(app.policies.LifecycleEndorsement.policy).toEqual({
        type: 3,
        value: { rule: 'MAJORITY', sub_policy: 'Endorsement' },
      });
    }
    // The create tx names the orgs only: their MSPs and anchor peers come from the consortium
    // and from a later config update, not from this file.
    for (const org of Object.values(app.groups as Json)) expect(org.values).toEqual({});
  });
});

describe('configtxgen -printOrg reads the top-level Organizations', () => {
  it("prints each member's org group with its MSP and member-derived policies, but not its anchor peers", async () => {
    const dir = writeConfigtx('print-org', { orgs: orgsFor(3, [ANCHOR_A]), capability: 'V2_0', policies: 'full' });
    for (const memberId of MEMBERS) {
      const org = JSON.parse(
        (await must('configtxgen', ['-configPath', dir, '-printOrg', memberId], dir)).stdout,
      ) as Json;
      expect(org.values.MSP.value.config.name).toBe(memberId);
      expect(Object.keys(org.values as Json)).toEqual(['MSP']);
      expect(Object.keys(org.policies as Json).sort()).toEqual(['Admins', 'Endorsement', 'Readers', 'Writers']);
      expect(org.policies.Admins.policy.value.identities).toEqual([
        { principal: { msp_identifier: memberId, role: 'ADMIN' }, principal_classification: 'ROLE' },
      ]);
      expect(org.policies.Readers.policy.value.identities).toEqual([
        { principal: { msp_identifier: memberId, role: 'MEMBER' }, principal_classification: 'ROLE' },
      ]);
    }
  });
});

describe('configtxgen 2.5.9 rejects the minimal (no policies) form', () => {
  it.each([1, 2])('%d member(s): "no policies defined", no tx written', async (count) => {
    const dir = writeConfigtx(`minimal-${count}`, {
      orgs: orgsFor(count, [ANCHOR_A]),
      capability: 'V1_4_2',
      policies: 'minimal',
    });
    const created = await createChannelTx(dir, defaultProfileName(count), `minimal${count}`);
    expect(created.exitCode).toBe(1);
    expect(created.stderr).toContain('error adding policies to channel group: no policies defined');
    expect(fs.existsSync(created.tx)).toBe(false);
  });
});

describe('the anchor-peer config edit, judged by configtxgen and configtxlator', () => {
  const orgGroup = async (dir: string, memberId: string): Promise<ConfigGroupJson> =>
    JSON.parse((await must('configtxgen', ['-configPath', dir, '-printOrg', memberId], dir)).stdout) as ConfigGroupJson;

  /** A channel config with the two members' real org groups, as configtxlator decodes one. */
  async function channelConfig(dir: string): Promise<ChannelConfigJson> {
    const groups = { [MEMBERS[0]]: await orgGroup(dir, MEMBERS[0]), [MEMBERS[1]]: await orgGroup(dir, MEMBERS[1]) };
    return {
      channel_group: {
        groups: { Application: { groups, mod_policy: 'Admins', policies: {}, values: {}, version: '1' } },
        mod_policy: 'Admins',
        policies: {},
        values: {},
        version: '0',
      },
      sequence: '1',
    };
  }

  async function encode(name: string, config: ChannelConfigJson): Promise<string> {
    fs.writeFileSync(path.join(work, `${name}.json`), JSON.stringify(config));
    await must('configtxlator', [
      'proto_encode',
      '--input',
      `${name}.json`,
      '--type',
      'common.Config',
      '--output',
      `${name}.pb`,
    ]);
    return `${name}.pb`;
  }

  async function decode(file: string, type: string): Promise<Json> {
    await must('configtxlator', ['proto_decode', '--input', file, '--type', type, '--output', `${file}.json`]);
    return JSON.parse(fs.readFileSync(path.join(work, `${file}.json`), 'utf8')) as Json;
  }

  async function computeUpdate(from: string, to: string, out: string): Promise<Json> {
    await must('configtxlator', [
      'compute_update',
      '--channel_id',
      'ch',
      '--original',
      from,
      '--updated',
      to,
      '--output',
      out,
    ]);
    return decode(out, 'common.ConfigUpdate');
  }

  it('writes the same AnchorPeers value as configtxgen -outputAnchorPeersUpdate', async () => {
    const dir = writeConfigtx('anchors-fabric', { orgs: orgsFor(2, [ANCHOR_B]), capability: 'V2_0', policies: 'full' });
    const file = path.join(dir, 'anchors.tx');
    await must(
      'configtxgen',
      [
        '-configPath',
        dir,
        '-profile',
        'TwoOrgChannel',
        '-channelID',
        'ch',
        '-asOrg',
        MEMBERS[0],
        '-outputAnchorPeersUpdate',
        file,
      ],
      dir,
    );
    const envelope = await decode(path.relative(work, file), 'common.Envelope');
    const fabricValue = envelope.payload.data.config_update.write_set.groups.Application.groups[MEMBERS[0]].values
      .AnchorPeers as Json;
    const ours = withAnchorPeers(await channelConfig(dir), MEMBERS[0], ANCHOR_B);
    expect(ours.channel_group?.groups?.Application?.groups?.[MEMBERS[0]]?.values?.AnchorPeers).toEqual(fabricValue);
    expect(fabricValue).toEqual({ mod_policy: 'Admins', value: { anchor_peers: ANCHOR_B }, version: '0' });
  });

  it('encodes as common.Config; compute_update adds the value, then bumps its version on a change', async () => {
    const dir = writeConfigtx('anchors-update', { orgs: orgsFor(2), capability: 'V2_0', policies: 'full' });
    const original = await channelConfig(dir);
    const first = withAnchorPeers(original, MEMBERS[0], ANCHOR_A);
    const [originalPb, firstPb] = [await encode('original', original), await encode('first', first)];

    const add = await computeUpdate(originalPb, firstPb, 'add.pb');
    const added = add.write_set.groups.Application.groups[MEMBERS[0]] as Json;
    expect(added.version).toBe('1');
    expect(added.values.AnchorPeers).toEqual({ mod_policy: 'Admins', value: { anchor_peers: ANCHOR_A }, version: '0' });
    expect(add.write_set.groups.Application.groups[MEMBERS[1]]).toBeUndefined();

    // Read back through configtxlator: the caller's idempotence check sees the peers it set.
    const roundTrip = (await decode(firstPb, 'common.Config')) as ChannelConfigJson;
    expect(anchorPeersOf(roundTrip, MEMBERS[0])).toEqual(ANCHOR_A);
    expect(anchorPeersOf(roundTrip, MEMBERS[1])).toEqual([]);

    const committed = structuredClone(roundTrip);
    const org = committed.channel_group?.groups?.Application?.groups?.[MEMBERS[0]];
    if (org?.values?.AnchorPeers === undefined) throw new Error('no AnchorPeers after the round trip');
    org.version = '1';
    org.values.AnchorPeers.version = '0';
    const change = await computeUpdate(
      await encode('committed', committed),
      await encode('second', withAnchorPeers(committed, MEMBERS[0], ANCHOR_B)),
      'change.pb',
    );
    const changed = change.write_set.groups.Application.groups[MEMBERS[0]] as Json;
    expect(changed.version).toBe('1');
    expect(changed.values.AnchorPeers).toEqual({
      mod_policy: 'Admins',
      value: { anchor_peers: ANCHOR_B },
      version: '1',
    });
  });
});
