/** Channel participation (issue 14): osnadmin builders and parsers, the orderer section, the fabric-style devnet's hand-outs, and the profile's orderer admin. */
import * as yaml from 'js-yaml';
import { devnetHomeCopies, profileFromDevnet } from '../../src/config/from-devnet';
import type { NetworkFile } from '../../src/config/network-file';
import { formatZodIssues, resolveProfile } from '../../src/config/resolve';
import { profileFileSchema } from '../../src/config/schema';
import { ordererSection, withOrdererSection } from '../../src/configtx/orderer-section';
import type { ConfigtxDoc } from '../../src/configtx/types';
import { connectionProfile } from '../../src/devnet/connection-profiles';
import { nodeOuConfig } from '../../src/devnet/fabric-crypto';
import { planLayout } from '../../src/devnet/layout';
import { channelParticipationEnv } from '../../src/devnet/nodes';
import {
  isAlreadyJoined,
  osnadminError,
  osnadminJoinSpec,
  osnadminListSpec,
  parseChannelInfoBody,
  parseChannelListBody,
  parseOsnadminOutput,
} from '../../src/fabric-cli/osnadmin';
import { describeNetworkKind, detectNetworkKind, ordererAdminTargets } from '../../src/workflows/channel/participation';
import type { Executor } from '../../src/runtime/command-spec';

const target = {
  endpoint: 'o:7053',
  caFile: '/h/chain.pem',
  clientCert: '/h/oa/client.crt',
  clientKey: '/h/oa/client.key',
};

describe('osnadmin builders', () => {
  it('join names the block and the mutual-TLS identity by path, never a key in argv', () => {
    expect(osnadminJoinSpec(target, 'ch1', '/h/ch1.block')).toEqual({
      tool: 'osnadmin',
      args: [
        'channel',
        'join',
        '--channelID',
        'ch1',
        '--config-block',
        '/h/ch1.block',
        '-o',
        'o:7053',
        '--ca-file',
        '/h/chain.pem',
        '--client-cert',
        '/h/oa/client.crt',
        '--client-key',
        '/h/oa/client.key',
      ],
      env: {},
    });
  });

  it('list, for all channels or one', () => {
    expect(osnadminListSpec(target).args.slice(0, 3)).toEqual(['channel', 'list', '-o']);
    expect(osnadminListSpec(target, 'ch1').args.slice(0, 4)).toEqual(['channel', 'list', '--channelID', 'ch1']);
  });
});

describe('osnadmin output', () => {
  it.each([
    ['Status: 201\n{"name":"ch1","status":"active"}\n', 201, { name: 'ch1', status: 'active' }],
    ['Status: 404\n', 404, ''],
    [
      'Status: 405\n{\n\t"error": "cannot join: channel already exists"\n}\n',
      405,
      { error: 'cannot join: channel already exists' },
    ],
    ['garbage', undefined, 'garbage'],
  ])('parses %j', (out, status, body) => {
    expect(parseOsnadminOutput(out)).toEqual({ status, body });
  });

  it('recognizes "already joined" and error texts', () => {
    const r = parseOsnadminOutput('Status: 405\n{"error":"cannot join: channel already exists"}');
    expect(isAlreadyJoined(r)).toBe(true);
    expect(osnadminError(r)).toBe('cannot join: channel already exists');
    expect(isAlreadyJoined(parseOsnadminOutput('Status: 400\n{"error":"bad block"}'))).toBe(false);
  });

  it('reads the channel list with and without a system channel', () => {
    expect(
      parseChannelListBody({
        systemChannel: null,
        channels: [
          { name: 'a', url: '/x' },
          { name: 'b', url: '/y' },
        ],
      }),
    ).toEqual({ systemChannel: undefined, channels: ['a', 'b'] });
    expect(parseChannelListBody({ systemChannel: { name: 'sys' }, channels: null })).toEqual({
      systemChannel: 'sys',
      channels: [],
    });
    expect(parseChannelListBody('not json')).toEqual({ systemChannel: undefined, channels: [] });
  });

  it('reads one channel', () => {
    expect(
      parseChannelInfoBody({ name: 'a', url: '/x', consensusRelation: 'consenter', status: 'active', height: 3 }),
    ).toEqual({ name: 'a', status: 'active', consensusRelation: 'consenter', height: 3 });
    expect(parseChannelInfoBody('')).toBeUndefined();
  });
});

describe('orderer section of a channel genesis block', () => {
  const input = {
    mspId: 'OrdererMSP',
    mspDir: '/h/orderer-org/msp',
    consenters: [{ host: '127.0.0.1', port: 7050, tlsCert: '/h/orderer-org/consenters/orderer0.crt' }],
  };

  it('is etcdraft with the consenters, the orderer org and V2_0', () => {
    const o = ordererSection(input) as Record<string, any>;
    expect(o.OrdererType).toBe('etcdraft');
    expect(o.Addresses).toEqual(['127.0.0.1:7050']);
    expect(o.EtcdRaft.Consenters).toEqual([
      {
        Host: '127.0.0.1',
        Port: 7050,
        ClientTLSCert: input.consenters[0]?.tlsCert,
        ServerTLSCert: input.consenters[0]?.tlsCert,
      },
    ]);
    expect(o.Organizations[0]).toMatchObject({ ID: 'OrdererMSP', MSPDir: '/h/orderer-org/msp' });
    expect(o.Policies.BlockValidation).toEqual({ Type: 'ImplicitMeta', Rule: 'ANY Writers' });
  });

  it('replaces the Consortium of every profile', () => {
    const doc = {
      Organizations: [],
      Profiles: {
        OneOrgChannel: { Consortium: 'AWSSystemConsortium', Application: { Organizations: [], Capabilities: {} } },
      },
    } as unknown as ConfigtxDoc;
    const out = withOrdererSection(doc, input).Profiles.OneOrgChannel as Record<string, unknown>;
    expect(out.Consortium).toBeUndefined();
    expect(out.Capabilities).toEqual({ V2_0: true });
    expect(out.Orderer).toBeDefined();
  });
});

describe('fabric-style devnet', () => {
  const layout = planLayout({ dir: '/tmp/dn', members: 2, basePort: 7050, adminUser: 'AdminUser', style: 'fabric' });

  it('lays out organizations/ as test-network does', () => {
    const m = layout.members[0]!;
    expect(m.orgMspDir).toBe('/tmp/dn/organizations/peerOrganizations/org1.devnet/msp');
    expect(m.peerMspDir).toBe('/tmp/dn/organizations/peerOrganizations/org1.devnet/peers/peer0.org1.devnet/msp');
    expect(m.adminMspDir).toBe('/tmp/dn/organizations/peerOrganizations/org1.devnet/users/Admin@org1.devnet/msp');
    expect(layout.orderer.cryptoDir).toBe('/tmp/dn/organizations/ordererOrganizations/orderer.devnet');
  });

  it('keeps the AMB style the default, and refuses an unknown style', () => {
    expect(planLayout({ dir: '/tmp/dn', members: 1, basePort: 7050, adminUser: 'A' }).style).toBe('amb');
    expect(() =>
      planLayout({ dir: '/tmp/dn', members: 1, basePort: 7050, adminUser: 'A', style: 'kube' as never }),
    ).toThrow('--style "kube" is invalid');
  });

  it('runs the orderer without a system channel, its admin listener with mutual TLS', () => {
    expect(channelParticipationEnv(layout)).toMatchObject({
      ORDERER_GENERAL_BOOTSTRAPMETHOD: 'none',
      ORDERER_CHANNELPARTICIPATION_ENABLED: 'true',
      ORDERER_ADMIN_TLS_ENABLED: 'true',
      ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED: 'true',
      ORDERER_ADMIN_TLS_CLIENTROOTCAS: `[${layout.tlsChainFile}]`,
    });
  });

  it('writes NodeOU config.yaml naming the CA cert for every OU', () => {
    const doc = nodeOuConfig('cacerts/ca.pem') as { NodeOUs: Record<string, any> };
    expect(doc.NodeOUs.Enable).toBe(true);
    expect(
      ['Client', 'Peer', 'Admin', 'Orderer'].map((k) => doc.NodeOUs[`${k}OUIdentifier`].OrganizationalUnitIdentifier),
    ).toEqual(['client', 'peer', 'admin', 'orderer']);
  });

  it("writes connection-<org>.json in test-network's format, plus orderers", () => {
    const cp = connectionProfile(layout, layout.members[0]!, 'm-ORG1', 'PEM') as Record<string, any>;
    expect(cp).toMatchObject({
      name: 'devnet-org1',
      version: '1.0.0',
      client: { organization: 'Org1' },
      organizations: {
        Org1: { mspid: 'm-ORG1', peers: ['peer0.org1.devnet'], certificateAuthorities: ['ca.org1.devnet'] },
      },
      peers: {
        'peer0.org1.devnet': {
          url: 'grpcs://localhost:7062',
          tlsCACerts: { pem: 'PEM' },
          grpcOptions: { 'ssl-target-name-override': 'peer0.org1.devnet', hostnameOverride: 'peer0.org1.devnet' },
        },
      },
      certificateAuthorities: {
        'ca.org1.devnet': {
          url: 'https://localhost:7060',
          caName: 'm-ORG1',
          tlsCACerts: { pem: ['PEM'] },
          httpOptions: { verify: false },
        },
      },
      orderers: { 'orderer0.orderer.devnet': { url: 'grpcs://localhost:7050' } },
    });
    expect(yaml.load(yaml.dump(cp))).toEqual(cp);
  });
});

const NET: NetworkFile = {
  NetworkId: 'n-6EAJ5VPL3FFMHFY3GAGWXJYOA4',
  Name: 'devnet',
  Framework: 'HYPERLEDGER_FABRIC',
  FrameworkVersion: '2.5.9',
  OrderingServiceEndpoint: '127.0.0.1:7050',
  TlsChainPath: '/dn/devnet-tls-chain.pem',
  CredentialsPath: '/dn/credentials.json',
  Style: 'fabric',
  OrdererAdmin: { Endpoint: '127.0.0.1:7051', TlsCertPath: '/dn/oa/client.crt', TlsKeyPath: '/dn/oa/client.key' },
  OrdererOrg: {
    MspId: 'OrdererMSP',
    MspPath: '/dn/ord/msp',
    Consenters: [{ Endpoint: '127.0.0.1:7050', TlsCertPath: '/dn/ord/server.crt' }],
  },
  Members: [
    {
      Id: 'm-6EAJ5VPL3FFMHFY3GAGWXJYOA4',
      Name: 'org1',
      CaEndpoint: '127.0.0.1:7060',
      AdminUsername: 'AdminUser',
      AdminMspPath: '/dn/admin/msp',
    },
  ],
  Nodes: [
    {
      Id: 'nd-6EAJ5VPL3FFMHFY3GAGWXJYOA4',
      MemberId: 'm-6EAJ5VPL3FFMHFY3GAGWXJYOA4',
      PeerEndpoint: '127.0.0.1:7062',
      PeerEventEndpoint: '127.0.0.1:7062',
    },
  ],
};

describe('init --from-devnet on a fabric-style devnet', () => {
  it('writes network.systemChannel false, the orderer admin and org as paths inside the home', () => {
    const file = profileFromDevnet(NET, 'org1', '/home/x');
    expect(file.network).toMatchObject({
      systemChannel: false,
      ordererAdmin: {
        endpoint: '127.0.0.1:7051',
        tlsCert: 'orderer-admin/client.crt',
        tlsKey: 'orderer-admin/client.key',
      },
      ordererOrg: { mspId: 'OrdererMSP', mspDir: 'orderer-org/msp' },
    });
  });

  it('copies the Admin MSP, the orderer admin identity (key 0600) and the orderer org', () => {
    expect(devnetHomeCopies(NET, NET.Members[0]!, 'admin-msp')).toEqual([
      { from: '/dn/admin/msp', to: 'admin-msp' },
      { from: '/dn/oa/client.crt', to: 'orderer-admin/client.crt' },
      { from: '/dn/oa/client.key', to: 'orderer-admin/client.key', mode: 0o600 },
      { from: '/dn/ord/msp', to: 'orderer-org/msp' },
      { from: '/dn/ord/server.crt', to: 'orderer-org/consenters/orderer0.crt' },
    ]);
    const { Style, OrdererAdmin, OrdererOrg, ...amb } = NET;
    void [Style, OrdererAdmin, OrdererOrg];
    expect(devnetHomeCopies(amb, NET.Members[0]!, 'admin-msp')).toEqual([]);
    expect(profileFromDevnet(amb, 'org1', '/h').network.ordererAdmin).toBeUndefined();
  });
});

describe('profile: network.ordererAdmin', () => {
  const base = profileFromDevnet(NET, 'org1', '/home/x');

  it('resolves the paths against the home', () => {
    const p = resolveProfile(profileFileSchema.parse(base), '/home/x');
    expect(p.network.ordererAdmin).toEqual({
      endpoint: expect.objectContaining({ address: '127.0.0.1:7051' }),
      tlsCert: '/home/x/orderer-admin/client.crt',
      tlsKey: '/home/x/orderer-admin/client.key',
    });
    expect(p.network.systemChannel).toBe(false);
    expect(ordererAdminTargets(p)).toEqual([
      {
        endpoint: '127.0.0.1:7051',
        caFile: p.tls.chainFile,
        clientCert: '/home/x/orderer-admin/client.crt',
        clientKey: '/home/x/orderer-admin/client.key',
      },
    ]);
  });

  it('names the missing or wrong field', () => {
    const bad = { ...base, network: { ...base.network, ordererAdmin: { endpoint: 'nope', tlsCert: 'c' } } };
    const r = profileFileSchema.safeParse(bad);
    expect(r.success).toBe(false);
    const lines = r.success ? [] : formatZodIssues(r.error);
    expect(lines.some((l) => l.startsWith('network.ordererAdmin.endpoint:'))).toBe(true);
    expect(lines).toContain('network.ordererAdmin.tlsKey: is required');
  });
});

describe('network kind', () => {
  const noCalls: Executor = {
    kind: 'local',
    run: () => Promise.reject(new Error('no call expected')),
    version: () => Promise.resolve(undefined),
  };
  const answering = (stdout: string, exitCode = 0): Executor => ({
    ...noCalls,
    run: () => Promise.resolve({ exitCode, stdout, stderr: '', durationMs: 1 }),
  });
  const fileOf = (network: Record<string, unknown>) =>
    resolveProfile(profileFileSchema.parse({ ...profileFromDevnet(NET, 'org1', '/h'), network }), '/h');
  const { systemChannel, ...unknownKind } = profileFromDevnet(NET, 'org1', '/h').network;
  void systemChannel;

  it('is the system channel without an orderer admin, asking nobody', async () => {
    const { ordererAdmin, ordererOrg, ...amb } = unknownKind;
    void [ordererAdmin, ordererOrg];
    const r = await detectNetworkKind(fileOf(amb), { executor: noCalls });
    expect(r).toEqual({ kind: 'system-channel', source: 'no-orderer-admin' });
    expect(describeNetworkKind(r)).toMatch(/^system channel/);
  });

  it('asks the orderer when the profile does not say', async () => {
    const p = fileOf(unknownKind);
    const none = await detectNetworkKind(p, {
      executor: answering('Status: 200\n{"systemChannel":null,"channels":[{"name":"a"}]}'),
    });
    expect(none).toEqual({ kind: 'channel-participation', source: 'orderer', ordererChannels: ['a'] });
    const sys = await detectNetworkKind(p, {
      executor: answering('Status: 200\n{"systemChannel":{"name":"s"},"channels":[]}'),
    });
    expect(sys.kind).toBe('system-channel');
  });

  it('refuses an orderer admin the orderer refuses, naming the file', async () => {
    await expect(
      detectNetworkKind(fileOf(unknownKind), {
        executor: answering(
          'Error: Get "https://127.0.0.1:7051/participation/v1/channels": remote error: tls: certificate required',
          1,
        ),
      }),
    ).rejects.toMatchObject({
      code: 'ORDERER_ADMIN_REFUSED',
      message: expect.stringContaining('/h/orderer-admin/client.crt'),
    });
  });
});
