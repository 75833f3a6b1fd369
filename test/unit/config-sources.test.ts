import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AmbMember, AmbNetwork, AmbNode } from '../../src/config/amb-source';
import { ambTlsChainLocation, profileFromAmb } from '../../src/config/amb-source';
import { profileFromDevnet, readNetworkFile } from '../../src/config/from-devnet';
import type { ProfileFlags } from '../../src/config/from-flags';
import { ambRegionOf, nodeIdOfEndpoint, profileFromFlags } from '../../src/config/from-flags';
import { resolveProfile } from '../../src/config/resolve';
import type { NetworkFile } from '../../src/config/network-file';
import { FabkitError } from '../../src/errors';

const NETWORK_ID = 'n-ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ORG1 = 'm-AAAAAAAAAAAAAAAAAAAAAAAAA1';
const ORG2 = 'm-BBBBBBBBBBBBBBBBBBBBBBBBB2';
const NODE1 = 'nd-AAAAAAAAAAAAAAAAAAAAAAAAA1';
const NODE2 = 'nd-BBBBBBBBBBBBBBBBBBBBBBBBB2';

function caught(fn: () => unknown): FabkitError {
  try {
    fn();
  } catch (error) {
    if (error instanceof FabkitError) return error;
    throw error;
  }
  throw new Error('expected a FabkitError');
}

const devnet: NetworkFile = {
  NetworkId: NETWORK_ID,
  Name: 'devnet',
  Framework: 'HYPERLEDGER_FABRIC',
  FrameworkVersion: '2.5.9',
  OrderingServiceEndpoint: '127.0.0.1:7050',
  TlsChainPath: '/tmp/dn/tls-chain.pem',
  CredentialsPath: '/tmp/dn/credentials.json',
  Members: [
    { Id: ORG1, Name: 'org1', CaEndpoint: '127.0.0.1:7060', AdminUsername: 'AdminUser' },
    { Id: ORG2, Name: 'org2', CaEndpoint: '127.0.0.1:7070', AdminUsername: 'Admin2' },
  ],
  Nodes: [
    { Id: NODE1, MemberId: ORG1, PeerEndpoint: '127.0.0.1:7061', PeerEventEndpoint: '127.0.0.1:7061' },
    { Id: NODE2, MemberId: ORG2, PeerEndpoint: '127.0.0.1:7071', PeerEventEndpoint: '127.0.0.1:7071' },
  ],
};

describe('profileFromDevnet', () => {
  it('selects a member by name', () => {
    const file = profileFromDevnet(devnet, 'org2', '/home/u');
    expect(file).toEqual({
      version: 1,
      target: 'devnet',
      network: { id: NETWORK_ID, name: 'devnet', fabricVersion: '2.5.9', orderingServiceEndpoint: '127.0.0.1:7050' },
      member: { id: ORG2, name: 'org2', caEndpoint: '127.0.0.1:7070', caName: ORG2, adminUser: 'Admin2' },
      peers: [{ id: NODE2, endpoint: '127.0.0.1:7071', eventEndpoint: '127.0.0.1:7071' }],
      tls: { chainFile: '/tmp/dn/tls-chain.pem', source: { kind: 'file', location: '/tmp/dn/tls-chain.pem' } },
      paths: { mspDir: 'admin-msp', membersDir: 'members', artifactsDir: 'channel-artifacts' },
      runtime: { kind: 'local', containerName: 'cli', containerHome: '/opt/home' },
    });
  });

  it('selects a member by ID, and by name regardless of case', () => {
    expect(profileFromDevnet(devnet, ORG1, '/home/u').member.name).toBe('org1');
    expect(profileFromDevnet(devnet, 'ORG1', '/home/u').member.id).toBe(ORG1);
  });

  it('keeps the chain file absolute after resolving against the home', () => {
    expect(resolveProfile(profileFromDevnet(devnet, 'org1', '/home/u'), '/home/u').tls.chainFile).toBe(
      '/tmp/dn/tls-chain.pem',
    );
  });

  it("keeps a node's ChaincodeLogPath as the peer's chaincodeLog, absolute", () => {
    const withLog = {
      ...devnet,
      Nodes: devnet.Nodes.map((n) => ({ ...n, ChaincodeLogPath: `/dn/logs/chaincode-${n.MemberId}.log` })),
    };
    const file = profileFromDevnet(withLog, 'org1', '/home/u');
    expect(file.peers[0]?.chaincodeLog).toBe(`/dn/logs/chaincode-${ORG1}.log`);
    expect(resolveProfile(file, '/home/u').peers[0]?.chaincodeLog).toBe(`/dn/logs/chaincode-${ORG1}.log`);
    expect(profileFromDevnet(devnet, 'org1', '/home/u').peers[0]?.chaincodeLog).toBeUndefined();
  });

  it('lists the available names and IDs for an unknown member', () => {
    const error = caught(() => profileFromDevnet(devnet, 'org3', '/home/u'));
    expect(error.code).toBe('UNKNOWN_MEMBER');
    expect(error.kind).toBe('usage');
    expect(error.message).toBe(
      `No member "org3" in devnet network ${NETWORK_ID}; its members are org1 (${ORG1}), org2 (${ORG2})`,
    );
    expect(error.hint).toBe('Pass one of the names (org1, org2) or a member ID.');
  });

  it('reads network.json from a directory', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-devnet-'));
    try {
      fs.writeFileSync(path.join(dir, 'network.json'), JSON.stringify(devnet));
      expect(readNetworkFile(dir)).toEqual(devnet);
      expect(readNetworkFile(path.join(dir, 'network.json'))).toEqual(devnet);
      expect(caught(() => readNetworkFile(path.join(dir, 'nope'))).code).toBe('DEVNET_NOT_FOUND');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

const AMB_NET_HOST = 'n-abcdefghijklmnopqrstuvwxyz.managedblockchain.us-east-1.amazonaws.com';
const ambHost = (prefix: string): string => `${prefix}.${AMB_NET_HOST}`;

describe('profileFromFlags', () => {
  const flags: ProfileFlags = {
    networkId: NETWORK_ID,
    memberId: ORG1,
    memberName: 'org1',
    caEndpoint: `${ambHost('ca.m-aaaaaaaaaaaaaaaaaaaaaaaaa1')}:30002`,
    ordererEndpoint: `orderer.${AMB_NET_HOST}:30001`,
    peerEndpoints: [`${ambHost('nd-aaaaaaaaaaaaaaaaaaaaaaaaa1.m-aaaaaaaaaaaaaaaaaaaaaaaaa1')}:30003`],
    tlsChain: '/home/ec2-user/managedblockchain-tls-chain.pem',
  };

  it('builds an AMB profile, reading the region and node IDs from the host names', () => {
    const file = profileFromFlags(flags);
    expect(file.target).toBe('amb');
    expect(file.aws).toEqual({ region: 'us-east-1' });
    expect(file.peers).toEqual([{ id: NODE1, endpoint: flags.peerEndpoints[0] }]);
    expect(file.network.fabricVersion).toBe('2.2');
    expect(file.tls).toEqual({ chainFile: '/home/ec2-user/managedblockchain-tls-chain.pem' });
  });

  it('builds a plain Fabric profile for other hosts', () => {
    const file = profileFromFlags({
      ...flags,
      ordererEndpoint: '127.0.0.1:7050',
      caEndpoint: '127.0.0.1:7054',
      peerEndpoints: ['127.0.0.1:7051', '127.0.0.1:8051'],
      fabricVersion: '1.4',
      runtime: 'docker',
    });
    expect(file.target).toBe('fabric');
    expect(file.aws).toBeUndefined();
    expect(file.peers).toEqual([{ endpoint: '127.0.0.1:7051' }, { endpoint: '127.0.0.1:8051' }]);
    expect(file.runtime.kind).toBe('docker');
  });

  it('takes the chain file name from an s3:// location', () => {
    const file = profileFromFlags({ ...flags, tlsChain: ambTlsChainLocation('us-east-1') });
    expect(file.tls).toEqual({
      chainFile: 'managedblockchain-tls-chain.pem',
      source: { kind: 's3', location: 's3://us-east-1.managedblockchain/etc/managedblockchain-tls-chain.pem' },
    });
  });

  it('collects every problem into one usage error, named by flag', () => {
    const error = caught(() =>
      profileFromFlags({
        ...flags,
        networkId: 'n-abc',
        memberId: 'm-abc',
        memberName: '',
        caEndpoint: 'ca',
        ordererEndpoint: '127.0.0.1:7050',
        peerEndpoints: ['127.0.0.1:7051', '127.0.0.1'],
        fabricVersion: 'latest',
        runtime: 'podman',
        tlsChain: '',
      }),
    );
    expect(error.code).toBe('INVALID_FLAGS');
    expect(error.kind).toBe('usage');
    expect(error.message).toBe(
      [
        'The flags do not describe a valid profile (8 problems):',
        '  --network-id: "n-abc" is not a valid network ID: it must have exactly 26 uppercase letters or digits after "n-" (it has 3 characters there)',
        '  --fabric-version: "latest" is not a Fabric version: it must be major.minor or major.minor.patch, e.g. "2.2" or "2.5.9"',
        '  --member-id: "m-abc" is not a valid member ID: it must have exactly 26 uppercase letters or digits after "m-" (it has 3 characters there)',
        '  --member-name: must not be empty',
        '  --ca-endpoint: "ca" is not a valid endpoint: it must include a port, as host:port',
        '  --peer-endpoint (#2): "127.0.0.1" is not a valid endpoint: it must include a port, as host:port',
        '  --tls-chain: must not be empty',
        '  --runtime: the text "podman" is not allowed: use one of "local", "docker"',
      ].join('\n'),
    );
  });

  it('requires at least one peer and a node ID for AMB peers', () => {
    expect(caught(() => profileFromFlags({ ...flags, peerEndpoints: [] })).message).toBe(
      'The flags do not describe a valid profile (1 problem):\n  --peer-endpoint: is required: give it once per peer',
    );
    expect(caught(() => profileFromFlags({ ...flags, peerEndpoints: ['peer.example.com:30003'] })).message).toBe(
      'The flags do not describe a valid profile (1 problem):\n  --peer-endpoint "peer.example.com:30003": the node ID ("nd-…") cannot be read from this host name, and target "amb" needs it; AMB peer endpoints look like nd-….m-….n-….managedblockchain.<region>.amazonaws.com:30003',
    );
  });

  it('reads AMB host names', () => {
    expect(ambRegionOf(`orderer.${AMB_NET_HOST}:30001`)).toBe('us-east-1');
    expect(ambRegionOf('127.0.0.1:7050')).toBeUndefined();
    expect(nodeIdOfEndpoint(flags.peerEndpoints[0] ?? '')).toBe(NODE1);
    expect(nodeIdOfEndpoint('peer0.org1.example.com:7051')).toBeUndefined();
  });
});

describe('profileFromAmb', () => {
  const network: AmbNetwork = {
    id: NETWORK_ID,
    name: 'ourchain',
    frameworkVersion: '1.4',
    orderingServiceEndpoint: `orderer.${AMB_NET_HOST}:30001`,
  };
  const member: AmbMember = {
    id: ORG1,
    name: 'org1',
    caEndpoint: `${ambHost('ca.m-aaaaaaaaaaaaaaaaaaaaaaaaa1')}:30002`,
    adminUsername: 'admin',
  };
  const node = (id: string, status: string): AmbNode => ({
    id,
    peerEndpoint: `${ambHost(`${id.toLowerCase()}.m-aaaaaaaaaaaaaaaaaaaaaaaaa1`)}:30003`,
    peerEventEndpoint: `${ambHost(`${id.toLowerCase()}.m-aaaaaaaaaaaaaaaaaaaaaaaaa1`)}:30004`,
    status,
  });

  it('builds an AMB profile from the available nodes only', () => {
    const file = profileFromAmb(network, member, [node(NODE1, 'AVAILABLE'), node(NODE2, 'CREATING')], 'us-east-1');
    expect(file.target).toBe('amb');
    expect(file.network).toEqual({
      id: NETWORK_ID,
      name: 'ourchain',
      fabricVersion: '1.4',
      orderingServiceEndpoint: network.orderingServiceEndpoint,
    });
    expect(file.member).toEqual({ id: ORG1, name: 'org1', caEndpoint: member.caEndpoint, adminUser: 'admin' });
    expect(file.peers.map((p) => p.id)).toEqual([NODE1]);
    expect(file.peers[0]?.eventEndpoint).toMatch(/:30004$/);
    expect(file.tls).toEqual({
      chainFile: 'managedblockchain-tls-chain.pem',
      source: { kind: 's3', location: 's3://us-east-1.managedblockchain/etc/managedblockchain-tls-chain.pem' },
    });
    expect(file.aws).toEqual({ region: 'us-east-1' });
  });

  it('fails when no node is available, naming their statuses', () => {
    const error = caught(() => profileFromAmb(network, member, [node(NODE2, 'CREATING')], 'us-east-1'));
    expect(error.code).toBe('NO_AVAILABLE_PEERS');
    expect(error.message).toBe(
      `Member org1 (${ORG1}) has no AVAILABLE peer node: its peer nodes are ${NODE2} (CREATING)`,
    );
    expect(error.hint).toContain(`aws managedblockchain list-nodes --network-id ${NETWORK_ID} --member-id ${ORG1}`);
  });

  it('rejects an API answer it cannot use', () => {
    const error = caught(() =>
      profileFromAmb({ ...network, frameworkVersion: 'HLF2' }, member, [node(NODE1, 'AVAILABLE')], 'us-east-1'),
    );
    expect(error.code).toBe('AMB_RESPONSE_INVALID');
    expect(error.message).toContain('network.fabricVersion: "HLF2" is not a Fabric version');
  });
});
