import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import execa from 'execa';
import * as yaml from 'js-yaml';
import type {
  GetMemberCommandOutput,
  GetNetworkCommandOutput,
  GetNodeCommandOutput,
  ListNodesCommandOutput,
} from '@aws-sdk/client-managedblockchain';
import { profileFromAmbSource } from '../../src/amb/profile';
import { ambNetworkSource } from '../../src/amb/source';
import { initProfile } from '../../src/workflows/init';
import { accessDenied, AmbApiTestDouble, IDS, META } from '../doubles/amb-api-double';
import { rejected } from '../helpers/thrown';

const N = IDS.network.toLowerCase();
const M = IDS.member.toLowerCase();
const ORDERER = `orderer.${N}.managedblockchain.us-east-1.amazonaws.com:30001`;
const CA = `ca.${M}.${N}.managedblockchain.us-east-1.amazonaws.com:30002`;
const PEER = `${IDS.node.toLowerCase()}.${M}.${N}.managedblockchain.us-east-1.amazonaws.com`;

const network: GetNetworkCommandOutput = {
  Network: {
    Id: IDS.network,
    Name: 'MyTestNetwork',
    Framework: 'HYPERLEDGER_FABRIC',
    FrameworkVersion: '2.2',
    FrameworkAttributes: { Fabric: { OrderingServiceEndpoint: ORDERER, Edition: 'STARTER' } },
    VpcEndpointServiceName: `com.amazonaws.us-east-1.managedblockchain.${N}`,
    Status: 'AVAILABLE',
    CreationDate: new Date('2026-01-01T00:00:00Z'),
    VotingPolicy: {
      ApprovalThresholdPolicy: {
        ThresholdPercentage: 50,
        ProposalDurationInHours: 24,
        ThresholdComparator: 'GREATER_THAN',
      },
    },
  },
  $metadata: META,
};
const member: GetMemberCommandOutput = {
  Member: {
    NetworkId: IDS.network,
    Id: IDS.member,
    Name: 'org1',
    Status: 'AVAILABLE',
    FrameworkAttributes: { Fabric: { AdminUsername: 'AdminUser', CaEndpoint: CA } },
  },
  $metadata: META,
};
const nodes: ListNodesCommandOutput = {
  Nodes: [
    { Id: IDS.node2, Status: 'CREATING', InstanceType: 'bc.t3.small', AvailabilityZone: 'us-east-1b' },
    { Id: IDS.node, Status: 'AVAILABLE', InstanceType: 'bc.t3.small', AvailabilityZone: 'us-east-1a' },
  ],
  $metadata: META,
};
const node: GetNodeCommandOutput = {
  Node: {
    NetworkId: IDS.network,
    MemberId: IDS.member,
    Id: IDS.node,
    Status: 'AVAILABLE',
    FrameworkAttributes: { Fabric: { PeerEndpoint: `${PEER}:30003`, PeerEventEndpoint: `${PEER}:30004` } },
  },
  $metadata: META,
};

function recorded(): AmbApiTestDouble {
  return new AmbApiTestDouble()
    .on('GetNetworkCommand', network)
    .on('GetMemberCommand', member)
    .on('ListNodesCommand', nodes)
    .on('GetNodeCommand', node);
}

describe('ambNetworkSource', () => {
  it('maps GetNetwork, GetMember and the nodes; GetNode only for AVAILABLE nodes', async () => {
    const api = recorded();
    const source = ambNetworkSource(api);
    expect(await source.getNetwork(IDS.network)).toEqual({
      id: IDS.network,
      name: 'MyTestNetwork',
      frameworkVersion: '2.2',
      orderingServiceEndpoint: ORDERER,
    });
    expect(await source.getMember(IDS.network, IDS.member)).toEqual({
      id: IDS.member,
      name: 'org1',
      caEndpoint: CA,
      adminUsername: 'AdminUser',
    });
    expect(await source.listNodes(IDS.network, IDS.member)).toEqual([
      { id: IDS.node2, status: 'CREATING', peerEndpoint: '', peerEventEndpoint: '' },
      { id: IDS.node, status: 'AVAILABLE', peerEndpoint: `${PEER}:30003`, peerEventEndpoint: `${PEER}:30004` },
    ]);
    expect(api.calls.filter((c) => c.name === 'GetNodeCommand').map((c) => c.input)).toEqual([
      { NetworkId: IDS.network, MemberId: IDS.member, NodeId: IDS.node },
    ]);
  });

  it('refuses a network of another framework', async () => {
    const api = new AmbApiTestDouble().on('GetNetworkCommand', {
      Network: { ...network.Network, Framework: 'ETHEREUM' },
      $metadata: META,
    });
    expect((await rejected(ambNetworkSource(api).getNetwork(IDS.network))).code).toBe('AMB_NOT_FABRIC');
  });

  it('validates IDs before any call', async () => {
    const api = new AmbApiTestDouble();
    expect((await rejected(ambNetworkSource(api).getMember(IDS.network, 'm-nope'))).code).toBe('INVALID_MEMBER_ID');
    expect((await rejected(ambNetworkSource(api).listNodes('n-nope', IDS.member))).code).toBe('INVALID_NETWORK_ID');
    expect(api.calls).toHaveLength(0);
  });
});

describe('profileFromAmbSource', () => {
  it('builds the amb profile with the region and endpoint URL in aws', async () => {
    const file = await profileFromAmbSource(ambNetworkSource(recorded()), {
      networkId: IDS.network,
      memberId: IDS.member,
      region: 'us-east-1',
      endpointUrl: 'http://127.0.0.1:5000',
    });
    expect(file).toMatchObject({
      target: 'amb',
      network: { id: IDS.network, name: 'MyTestNetwork', fabricVersion: '2.2', orderingServiceEndpoint: ORDERER },
      member: { id: IDS.member, name: 'org1', caEndpoint: CA, adminUser: 'AdminUser' },
      peers: [{ id: IDS.node, endpoint: `${PEER}:30003`, eventEndpoint: `${PEER}:30004` }],
      tls: {
        chainFile: 'managedblockchain-tls-chain.pem',
        source: { kind: 's3', location: 's3://us-east-1.managedblockchain/etc/managedblockchain-tls-chain.pem' },
      },
      aws: { region: 'us-east-1', endpointUrl: 'http://127.0.0.1:5000' },
    });
  });

  it('refuses bad IDs before any call, and passes access denied through', async () => {
    const idle = new AmbApiTestDouble();
    expect(
      (
        await rejected(
          profileFromAmbSource(ambNetworkSource(idle), {
            networkId: IDS.network,
            memberId: '123456789012',
            region: 'us-east-1',
          }),
        )
      ).code,
    ).toBe('INVALID_MEMBER_ID');
    expect(idle.calls).toHaveLength(0);
    const denied = new AmbApiTestDouble().on(
      'GetNetworkCommand',
      accessDenied('not authorized to perform: managedblockchain:GetNetwork'),
    );
    expect(
      (
        await rejected(
          profileFromAmbSource(ambNetworkSource(denied), {
            networkId: IDS.network,
            memberId: IDS.member,
            region: 'us-east-1',
          }),
        )
      ).code,
    ).toBe('AMB_ACCESS_DENIED');
  });

  it('reports a member without AVAILABLE nodes', async () => {
    const api = new AmbApiTestDouble()
      .on('GetNetworkCommand', network)
      .on('GetMemberCommand', member)
      .on('ListNodesCommand', { Nodes: [{ Id: IDS.node2, Status: 'CREATING' }], $metadata: META });
    expect(
      (
        await rejected(
          profileFromAmbSource(ambNetworkSource(api), {
            networkId: IDS.network,
            memberId: IDS.member,
            region: 'us-east-1',
          }),
        )
      ).code,
    ).toBe('NO_AVAILABLE_PEERS');
  });
});

describe('initProfile from the AMB API', () => {
  it('writes fabkit.yaml with the endpoints the API gave, and the TLS chain given by --tls-chain', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-amb-init-'));
    try {
      const pem = path.join(dir, 'chain.pem');
      await execa('openssl', [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        pem,
        '-days',
        '1',
        '-subj',
        '/CN=test-tls-root',
      ]);
      const home = path.join(dir, 'home');
      const result = await initProfile(home, {
        kind: 'amb',
        source: ambNetworkSource(recorded()),
        networkId: IDS.network,
        memberId: IDS.member,
        region: 'us-east-1',
        tlsChain: pem,
      });
      expect(result.outcome).toBe('created');
      const written = yaml.load(fs.readFileSync(path.join(home, 'fabkit.yaml'), 'utf8')) as Record<string, any>;
      expect(written.network.orderingServiceEndpoint).toBe(ORDERER);
      expect(written.member.caEndpoint).toBe(CA);
      expect(written.peers).toEqual([{ id: IDS.node, endpoint: `${PEER}:30003`, eventEndpoint: `${PEER}:30004` }]);
      expect(written.aws).toEqual({ region: 'us-east-1' });
      expect(fs.readFileSync(result.tlsChainFile, 'utf8')).toContain('BEGIN CERTIFICATE');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
