import { capabilityOf } from '../../src/workflows/channel/create';
import { thrown } from '../helpers/thrown';
import {
  channelCreateSpec,
  channelFetchSpec,
  channelJoinSpec,
  channelListSpec,
  channelSignSpec,
  channelUpdateSpec,
  computeUpdateSpec,
  createChannelTxSpec,
  genesisBlockSpec,
  parseChannelInfo,
  parseChannelList,
  protoDecodeSpec,
} from '../../src/fabric-cli/channel-commands';
import type { CliTarget, OrdererTarget } from '../../src/fabric-cli/channel-commands';

const M1 = 'm-AAAAAAAAAAAAAAAAAAAAAAAAAA';
const target: CliTarget = {
  identity: { mspId: M1, mspDir: '/opt/home/admin-msp', tlsChainFile: '/opt/home/managedblockchain-tls-chain.pem' },
  orderer: 'orderer.n-x.managedblockchain.us-east-1.amazonaws.com:30001',
  ordererTlsCa: '/opt/home/managedblockchain-tls-chain.pem',
  peer: 'nd-x.m-x.n-x.managedblockchain.us-east-1.amazonaws.com:30003',
};
const ordererFlags = ['-o', target.orderer, '--tls', '--cafile', target.ordererTlsCa];
const env = {
  CORE_PEER_TLS_ENABLED: 'true',
  CORE_PEER_TLS_ROOTCERT_FILE: '/opt/home/managedblockchain-tls-chain.pem',
  CORE_PEER_LOCALMSPID: M1,
  CORE_PEER_MSPCONFIGPATH: '/opt/home/admin-msp',
  CORE_PEER_ADDRESS: target.peer,
  FABRIC_LOGGING_SPEC: 'warning',
};

describe('channel command builders (tutorial step 6, as data)', () => {
  it('peer channel create: the tutorial command with --outputBlock and a timeout', () => {
    expect(channelCreateSpec(target, 'mychannel', '/opt/home/mychannel.pb', '/opt/home/mychannel.block', 45)).toEqual({
      tool: 'peer',
      env,
      args: [
        'channel',
        'create',
        '-c',
        'mychannel',
        '-f',
        '/opt/home/mychannel.pb',
        '--outputBlock',
        '/opt/home/mychannel.block',
        '--timeout',
        '45s',
        ...ordererFlags,
      ],
    });
  });

  it('peer channel fetch / join / list / update', () => {
    expect(channelFetchSpec(target, 'mychannel', 'oldest', '/opt/home/b').args).toEqual([
      'channel',
      'fetch',
      'oldest',
      '/opt/home/b',
      '-c',
      'mychannel',
      ...ordererFlags,
    ]);
    expect(channelFetchSpec(target, 'mychannel', 7, '/opt/home/b').args.slice(0, 3)).toEqual(['channel', 'fetch', '7']);
    expect(channelJoinSpec(target, '/opt/home/mychannel.block')).toEqual({
      tool: 'peer',
      env,
      args: ['channel', 'join', '-b', '/opt/home/mychannel.block'],
    });
    expect(channelListSpec(target).args).toEqual(['channel', 'list']);
    expect(channelUpdateSpec(target, 'mychannel', '/opt/home/e.pb').args).toEqual([
      'channel',
      'update',
      '-c',
      'mychannel',
      '-f',
      '/opt/home/e.pb',
      ...ordererFlags,
    ]);
  });

  it('commands for the ordering service alone (the devnet as orderer admin): no CORE_PEER_ADDRESS, exact argv', () => {
    const ordererAdmin: OrdererTarget = {
      identity: { mspId: 'OrdererMSP', mspDir: '/d/orderer-admin/msp', tlsChainFile: '/d/tls-chain.pem' },
      orderer: '127.0.0.1:27051',
      ordererTlsCa: '/d/tls-chain.pem',
    };
    const adminEnv = {
      CORE_PEER_TLS_ENABLED: 'true',
      CORE_PEER_TLS_ROOTCERT_FILE: '/d/tls-chain.pem',
      CORE_PEER_LOCALMSPID: 'OrdererMSP',
      CORE_PEER_MSPCONFIGPATH: '/d/orderer-admin/msp',
      FABRIC_LOGGING_SPEC: 'warning',
    };
    const flags = ['-o', '127.0.0.1:27051', '--tls', '--cafile', '/d/tls-chain.pem'];
    expect(channelFetchSpec(ordererAdmin, 'systemchannel', 'config', '/d/w/config.block')).toEqual({
      tool: 'peer',
      env: adminEnv,
      args: ['channel', 'fetch', 'config', '/d/w/config.block', '-c', 'systemchannel', ...flags],
    });
    expect(channelSignSpec(ordererAdmin, '/d/w/envelope.pb')).toEqual({
      tool: 'peer',
      env: adminEnv,
      args: ['channel', 'signconfigtx', '-f', '/d/w/envelope.pb'],
    });
    expect(channelUpdateSpec(ordererAdmin, 'systemchannel', '/d/w/envelope.pb')).toEqual({
      tool: 'peer',
      env: adminEnv,
      args: ['channel', 'update', '-c', 'systemchannel', '-f', '/d/w/envelope.pb', ...flags],
    });
    expect(channelSignSpec(target, '/opt/home/e.pb')).toEqual({
      tool: 'peer',
      env,
      args: ['channel', 'signconfigtx', '-f', '/opt/home/e.pb'],
    });
  });

  it('configtxgen -outputBlock: a genesis block from <configDir>/configtx.yaml, no env', () => {
    expect(genesisBlockSpec('/d/artifacts', 'SystemGenesis', 'systemchannel', '/d/artifacts/genesis.block')).toEqual({
      tool: 'configtxgen',
      env: {},
      args: [
        '-configPath',
        '/d/artifacts',
        '-profile',
        'SystemGenesis',
        '-channelID',
        'systemchannel',
        '-outputBlock',
        '/d/artifacts/genesis.block',
      ],
    });
  });

  it('configtxgen and configtxlator take explicit paths and no env', () => {
    expect(createChannelTxSpec('/opt/home/ch', 'OneOrgChannel', 'mychannel', '/opt/home/ch/mychannel.tx')).toEqual({
      tool: 'configtxgen',
      env: {},
      args: [
        '-configPath',
        '/opt/home/ch',
        '-profile',
        'OneOrgChannel',
        '-channelID',
        'mychannel',
        '-outputCreateChannelTx',
        '/opt/home/ch/mychannel.tx',
      ],
    });
    expect(protoDecodeSpec('common.Block', 'in', 'out').args).toEqual([
      'proto_decode',
      '--type',
      'common.Block',
      '--input',
      'in',
      '--output',
      'out',
    ]);
    expect(computeUpdateSpec('c', 'a', 'b', 'o').args).toEqual([
      'compute_update',
      '--channel_id',
      'c',
      '--original',
      'a',
      '--updated',
      'b',
      '--output',
      'o',
    ]);
  });

  it('no spec carries anything secret-looking in argv or env', () => {
    const specs = [
      channelCreateSpec(target, 'c', 't', 'b'),
      channelJoinSpec(target, 'b'),
      channelFetchSpec(target, 'c', 'config', 'f'),
    ];
    for (const spec of specs) expect(JSON.stringify(spec)).not.toMatch(/password|secret|priv_sk|BEGIN/i);
  });
});

describe('interpreting peer output', () => {
  it('parses peer channel list', () => {
    expect(parseChannelList('Channels peers has joined: \nmychannel\nour.channel-2\n')).toEqual([
      'mychannel',
      'our.channel-2',
    ]);
    expect(parseChannelList('Channels peers has joined: \n')).toEqual([]);
    expect(parseChannelList('something else')).toEqual([]);
  });

  it('parses peer channel getinfo', () => {
    expect(
      parseChannelInfo('Blockchain info: {"height":3,"currentBlockHash":"abc","previousBlockHash":"def"}'),
    ).toEqual({ height: 3, currentBlockHash: 'abc' });
    expect(parseChannelInfo('Error: x')).toBeUndefined();
  });
});

describe('the application capability a channel gets', () => {
  it.each([
    ['1.x', { major: 1, minor: 2 }, 'V1_2'],
    ['1.x', { major: 1, minor: 4 }, 'V1_4_2'],
    ['1.x', { major: 2, minor: 2 }, 'V1_4_2'],
    ['2.x', { major: 2, minor: 5 }, 'V2_0'],
  ] as const)('%s lifecycle on Fabric %o → %s', (lifecycle, fabric, expected) => {
    expect(capabilityOf(lifecycle, fabric)).toBe(expected);
  });

  it('refuses the 2.x lifecycle on a Fabric 1.x network before anything runs', () => {
    expect(thrown(() => capabilityOf('2.x', { major: 1, minor: 4 }))).toMatchObject({
      code: 'LIFECYCLE_NOT_SUPPORTED',
      kind: 'usage',
    });
  });
});
