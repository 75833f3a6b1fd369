import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveProfile } from '../../src/config/resolve';
import type { ProfileFile } from '../../src/config/schema';
import { asLocalhostFor, buildConnectionProfile, connectionProfileOf } from '../../src/sdk/connection-profile';
import type { ConnectionProfileInput } from '../../src/sdk/connection-profile';

const A = 'm-AAAAAAAAAAAAAAAAAAAAAAAAAA';
const B = 'm-BBBBBBBBBBBBBBBBBBBBBBBBBB';
const NET = 'n-NNNNNNNNNNNNNNNNNNNNNNNNNN';
const CHAIN = '-----BEGIN CERTIFICATE-----\nCHAIN\n-----END CERTIFICATE-----\n';
const CHAIN_B = '-----BEGIN CERTIFICATE-----\nCHAIN-B\n-----END CERTIFICATE-----\n';

const ambHost = (node: string, member: string): string =>
  `${node}.${member.toLowerCase()}.${NET.toLowerCase()}.managedblockchain.us-east-1.amazonaws.com`;
const PEER_A = ambHost('nd-PEERA', A);
const PEER_B = ambHost('nd-PEERB', B);
const CA_A = `ca.${A.toLowerCase()}.${NET.toLowerCase()}.managedblockchain.us-east-1.amazonaws.com`;
const ORDERER = `orderer.${NET.toLowerCase()}.managedblockchain.us-east-1.amazonaws.com`;

const grpc = (host: string): Record<string, string | number> => ({
  'ssl-target-name-override': host,
  hostnameOverride: host,
  'request-timeout': 30_000,
});

function ambInput(extra: Partial<ConnectionProfileInput> = {}): ConnectionProfileInput {
  return {
    networkId: NET,
    target: 'amb',
    member: {
      memberId: A,
      peers: [{ host: PEER_A, port: 30003 }],
      tlsChainPem: CHAIN,
      ca: { endpoint: { host: CA_A, port: 30002 }, caName: A, tlsChainPem: CHAIN },
    },
    orderer: { endpoint: { host: ORDERER, port: 30001 }, tlsChainPem: CHAIN },
    ...extra,
  };
}

describe('buildConnectionProfile', () => {
  it('one member on AMB: its peer, the orderer, its CA; no channels; asLocalhost false', () => {
    expect(buildConnectionProfile(ambInput())).toEqual({
      name: `${NET}-${A}`,
      version: '1.0.0',
      client: { organization: A },
      organizations: { [A]: { mspid: A, peers: [`${PEER_A}:30003`], certificateAuthorities: [`${CA_A}:30002`] } },
      peers: {
        [`${PEER_A}:30003`]: { url: `grpcs://${PEER_A}:30003`, tlsCACerts: { pem: CHAIN }, grpcOptions: grpc(PEER_A) },
      },
      orderers: {
        [`${ORDERER}:30001`]: {
          url: `grpcs://${ORDERER}:30001`,
          tlsCACerts: { pem: CHAIN },
          grpcOptions: grpc(ORDERER),
        },
      },
      certificateAuthorities: {
        [`${CA_A}:30002`]: {
          url: `https://${CA_A}:30002`,
          caName: A,
          tlsCACerts: { pem: [CHAIN] },
          httpOptions: { verify: true },
        },
      },
      'x-fabkit': { target: 'amb', networkId: NET, discovery: { asLocalhost: false } },
    });
  });

  it("two members: the imported member's peers with its own TLS chain, and a channel listing every peer", () => {
    const ccp = buildConnectionProfile(
      ambInput({
        importedMembers: [
          {
            memberId: B,
            peers: [
              { host: PEER_B, port: 30003 },
              { host: PEER_B.replace('nd-PEERB', 'nd-PEERB2'), port: 30003 },
            ],
            tlsChainPem: CHAIN_B,
          },
        ],
        channels: ['mychannel'],
      }),
    );
    const peerB2 = PEER_B.replace('nd-PEERB', 'nd-PEERB2');
    expect(ccp.organizations).toEqual({
      [A]: { mspid: A, peers: [`${PEER_A}:30003`], certificateAuthorities: [`${CA_A}:30002`] },
      [B]: { mspid: B, peers: [`${PEER_B}:30003`, `${peerB2}:30003`] },
    });
    expect(ccp.peers).toEqual({
      [`${PEER_A}:30003`]: { url: `grpcs://${PEER_A}:30003`, tlsCACerts: { pem: CHAIN }, grpcOptions: grpc(PEER_A) },
      [`${PEER_B}:30003`]: { url: `grpcs://${PEER_B}:30003`, tlsCACerts: { pem: CHAIN_B }, grpcOptions: grpc(PEER_B) },
      [`${peerB2}:30003`]: { url: `grpcs://${peerB2}:30003`, tlsCACerts: { pem: CHAIN_B }, grpcOptions: grpc(peerB2) },
    });
    const roles = { endorsingPeer: true, chaincodeQuery: true, ledgerQuery: true, eventSource: true };
    expect(ccp.channels).toEqual({
      mychannel: {
        orderers: [`${ORDERER}:30001`],
        peers: { [`${PEER_A}:30003`]: roles, [`${PEER_B}:30003`]: roles, [`${peerB2}:30003`]: roles },
      },
    });
    expect(Object.keys(ccp.certificateAuthorities)).toEqual([`${CA_A}:30002`]);
  });

  it('devnet: IP endpoints share a host and are told apart by port; asLocalhost false; no caName when the profile has none', () => {
    const ccp = buildConnectionProfile({
      networkId: NET,
      target: 'devnet',
      member: {
        memberId: A,
        peers: [{ host: '127.0.0.1', port: 27062 }],
        tlsChainPem: CHAIN,
        ca: { endpoint: { host: '127.0.0.1', port: 27060 }, caName: undefined, tlsChainPem: CHAIN },
      },
      orderer: { endpoint: { host: '127.0.0.1', port: 27050 }, tlsChainPem: CHAIN },
      importedMembers: [{ memberId: B, peers: [{ host: '127.0.0.1', port: 27072 }], tlsChainPem: CHAIN }],
    });
    expect(ccp.organizations[A]?.peers).toEqual(['127.0.0.1:27062']);
    expect(ccp.organizations[B]?.peers).toEqual(['127.0.0.1:27072']);
    expect(ccp.peers['127.0.0.1:27072']).toEqual({
      url: 'grpcs://127.0.0.1:27072',
      tlsCACerts: { pem: CHAIN },
      grpcOptions: grpc('127.0.0.1'),
    });
    expect(ccp.certificateAuthorities).toEqual({
      '127.0.0.1:27060': {
        url: 'https://127.0.0.1:27060',
        tlsCACerts: { pem: [CHAIN] },
        httpOptions: { verify: true },
      },
    });
    expect(ccp.channels).toBeUndefined();
    expect(ccp['x-fabkit']).toEqual({ target: 'devnet', networkId: NET, discovery: { asLocalhost: false } });
  });

  it('brackets IPv6 hosts in names and URLs', () => {
    const ccp = buildConnectionProfile(
      ambInput({
        member: {
          memberId: A,
          peers: [{ host: '::1', port: 7051 }],
          tlsChainPem: CHAIN,
          ca: { endpoint: { host: '::1', port: 7054 }, caName: undefined, tlsChainPem: CHAIN },
        },
      }),
    );
    expect(ccp.peers['[::1]:7051']).toEqual({
      url: 'grpcs://[::1]:7051',
      tlsCACerts: { pem: CHAIN },
      grpcOptions: grpc('::1'),
    });
  });

  it('refuses a member listed twice', () => {
    expect(() =>
      buildConnectionProfile(ambInput({ importedMembers: [{ memberId: A, peers: [], tlsChainPem: CHAIN }] })),
    ).toThrow(expect.objectContaining({ code: 'DUPLICATE_MEMBER' }));
  });

  it('asLocalhost never, the devnet included (with discovery on, true breaks every transaction there)', () => {
    expect([asLocalhostFor('devnet'), asLocalhostFor('amb'), asLocalhostFor('fabric')]).toEqual([false, false, false]);
  });
});

describe('connectionProfileOf (reads the TLS chain and the imported members)', () => {
  let home: string;

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-ccp-'));
    fs.writeFileSync(path.join(home, 'tls-chain.pem'), CHAIN);
    const memberDir = path.join(home, 'members', B);
    fs.mkdirSync(path.join(memberDir, 'msp'), { recursive: true });
    fs.writeFileSync(path.join(memberDir, 'tls-root.pem'), CHAIN_B);
    fs.writeFileSync(
      path.join(memberDir, 'member.json'),
      JSON.stringify({
        memberId: B,
        name: 'org2',
        peerEndpoints: [`${PEER_B}:30003`],
        fabricVersion: '2.2',
        importedAt: '2025-01-01T00:00:00.000Z',
        bundleCreatedAt: '2025-01-01T00:00:00.000Z',
        manifestDigest: 'x',
        fingerprints: { adminCerts: [], caCerts: [], tlsRootCerts: [] },
      }),
    );
  });

  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  function profile(target: 'amb' | 'devnet'): ReturnType<typeof resolveProfile> {
    const file = {
      version: 1,
      target,
      network: { id: NET, fabricVersion: '2.2', orderingServiceEndpoint: `${ORDERER}:30001` },
      member: { id: A, name: 'org1', caEndpoint: `${CA_A}:30002`, caName: A, adminUser: 'AdminUser' },
      peers: [{ id: 'nd-PEERA', endpoint: `${PEER_A}:30003` }],
      tls: { chainFile: 'tls-chain.pem' },
      paths: { mspDir: 'admin-msp', membersDir: 'members', artifactsDir: 'channel-artifacts' },
      runtime: { kind: 'local', containerName: 'cli', containerHome: '/opt/home' },
    } as unknown as ProfileFile;
    return resolveProfile(file, home);
  }

  it('includes every imported member by default, with its own TLS chain', async () => {
    const ccp = await connectionProfileOf(profile('amb'));
    expect(ccp).toEqual(
      buildConnectionProfile(
        ambInput({ importedMembers: [{ memberId: B, peers: [{ host: PEER_B, port: 30003 }], tlsChainPem: CHAIN_B }] }),
      ),
    );
  });

  it('includes only the members asked for (none, or this member only), and the channels', async () => {
    const ccp = await connectionProfileOf(profile('devnet'), { members: [A], channels: ['ch1'] });
    expect(Object.keys(ccp.organizations)).toEqual([A]);
    expect(Object.keys(ccp.channels ?? {})).toEqual(['ch1']);
    expect(ccp['x-fabkit'].discovery.asLocalhost).toBe(false);
  });

  it('MEMBER_NOT_IMPORTED for a member asked for that is not imported', async () => {
    await expect(
      connectionProfileOf(profile('amb'), { members: ['m-CCCCCCCCCCCCCCCCCCCCCCCCCC'] }),
    ).rejects.toMatchObject({ code: 'MEMBER_NOT_IMPORTED' });
  });

  it("TLS_CHAIN_MISSING when the profile's chain file is gone", async () => {
    fs.rmSync(path.join(home, 'tls-chain.pem'));
    await expect(connectionProfileOf(profile('amb'))).rejects.toMatchObject({ code: 'TLS_CHAIN_MISSING' });
  });
});
