/** The devnet's address allocation: one loopback address per resource on AMB's role ports, --base-port offsets, AMB-shaped names, and the endpoints clients get. */
import { ambDocuments } from '../../src/devnet/amb-documents';
import {
  addressingOf,
  allListeners,
  allocateAddresses,
  ambNames,
  AMB_PORTS,
  certHosts,
  clientEndpoints,
  DEFAULT_ADDRESS_BLOCK,
  hostsLines,
} from '../../src/devnet/addresses';
import { planLayout } from '../../src/devnet/layout';
import { FabkitError } from '../../src/errors';

const ids = {
  networkId: 'n-MWY63ZJZU5HGNCMBQER7IN6OIU',
  members: [
    { name: 'org1', memberId: 'm-K46ICRRXJRCGRNNS4ES4XUUS5A', nodeId: 'nd-6EAJ5VA43JGGNPXOUZP7Y47E4Y', adminUser: 'A' },
    { name: 'org2', memberId: 'm-J46DNSFRTVCCLONS9DT5TTLS2A', nodeId: 'nd-AAAAAAAAAAAAAAAAAAAAAAAAAA', adminUser: 'A' },
  ],
};

function usageErrorOf(fn: () => unknown): FabkitError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FabkitError);
    expect((error as FabkitError).kind).toBe('usage');
    return error as FabkitError;
  }
  throw new Error('expected a usage error');
}

describe('devnet addresses', () => {
  it('by default gives each resource its own loopback address with AMB role ports', () => {
    const a = allocateAddresses(addressingOf({}), 2);
    expect(DEFAULT_ADDRESS_BLOCK).toBe('127.0.30.1');
    expect(a.orderer).toMatchObject({ host: '127.0.30.1', port: AMB_PORTS.orderer });
    expect(a.members).toEqual([
      expect.objectContaining({ caHost: '127.0.30.2', caPort: 30002, peerHost: '127.0.30.3', peerPort: 30003 }),
      expect.objectContaining({ caHost: '127.0.30.4', caPort: 30002, peerHost: '127.0.30.5', peerPort: 30003 }),
    ]);
    const listeners = allListeners(a).map((l) => `${l.host}:${l.port}`);
    expect(new Set(listeners).size).toBe(listeners.length);
  });

  it('takes a block as a.b.c (meaning a.b.c.1) or a first address, and keeps two devnets apart', () => {
    expect(addressingOf({ addressBlock: '127.0.36' })).toEqual({ mode: 'block', first: '127.0.36.1' });
    const one = allListeners(allocateAddresses(addressingOf({ addressBlock: '127.0.36.1' }), 9));
    const two = allListeners(allocateAddresses(addressingOf({ addressBlock: '127.0.36.101' }), 9));
    const taken = new Set(one.map((l) => `${l.host}:${l.port}`));
    expect(two.filter((l) => taken.has(`${l.host}:${l.port}`))).toEqual([]);
    expect(new Set(one.map((l) => l.host)).size).toBe(1 + 2 * 9);
  });

  it('keeps --base-port on 127.0.0.1 with the old offsets', () => {
    const layout = planLayout({ dir: '/tmp/dn', members: 1, basePort: 7050, adminUser: 'AdminUser' });
    expect(layout.addressing).toEqual({ mode: 'base-port', basePort: 7050 });
    expect(layout.orderer).toMatchObject({ host: '127.0.0.1', port: 7050, adminPort: 7051, opsPort: 7052 });
    expect(layout.members[0]).toMatchObject({
      caHost: '127.0.0.1',
      caPort: 7060,
      peerHost: '127.0.0.1',
      peerPort: 7062,
    });
  });

  it.each([
    [{ addressBlock: '10.0.0.1' }, '--address-block "10.0.0.1" is invalid'],
    [{ addressBlock: '127.0.300' }, '--address-block "127.0.300" is invalid'],
    [{ addressBlock: '127.0.0.0' }, '--address-block "127.0.0.0" is invalid'],
    [{ addressBlock: '127.0.36.251' }, 'must end at .254 or below'],
    [{ addressBlock: '127.0.36.1', basePort: 7050 }, 'cannot be used together'],
  ])('refuses %j', (change, message) => {
    const e = usageErrorOf(() => planLayout({ dir: '/tmp/dn', members: 2, adminUser: 'AdminUser', ...change }));
    expect(e.message).toContain(message);
  });

  it('names each resource as AMB does (lower-case), and every certificate carries the address and the name', () => {
    const names = ambNames(ids);
    const suffix = 'n-mwy63zjzu5hgncmbqer7in6oiu.managedblockchain.us-east-1.amazonaws.com';
    expect(names.orderer).toBe(`orderer.${suffix}`);
    expect(names.members[0]).toEqual({
      ca: `ca.m-k46icrrxjrcgrnns4es4xuus5a.${suffix}`,
      peer: `nd-6eaj5va43jggnpxouzp7y47e4y.m-k46icrrxjrcgrnns4es4xuus5a.${suffix}`,
    });
    expect(certHosts('127.0.36.1', names.orderer)).toEqual(['127.0.36.1', names.orderer]);
    expect(certHosts('127.0.0.1', names.orderer)).toEqual(['127.0.0.1', 'localhost', names.orderer]);
  });

  it('gives clients the names only when they resolve (--hosts), else the addresses; hosts lines map one to the other', () => {
    const a = allocateAddresses(addressingOf({ addressBlock: '127.0.36' }), 2);
    const names = ambNames(ids);
    expect(clientEndpoints(a, names, false)).toEqual({
      orderer: '127.0.36.1:30001',
      members: [
        { ca: '127.0.36.2:30002', peer: '127.0.36.3:30003', peerEvents: '127.0.36.3:30003' },
        { ca: '127.0.36.4:30002', peer: '127.0.36.5:30003', peerEvents: '127.0.36.5:30003' },
      ],
    });
    expect(clientEndpoints(a, names, true).members[1]?.ca).toBe(`${names.members[1]?.ca}:30002`);
    expect(hostsLines(a, names)).toEqual([
      `127.0.36.1 ${names.orderer}`,
      `127.0.36.2 ${names.members[0]?.ca}`,
      `127.0.36.3 ${names.members[0]?.peer}`,
      `127.0.36.4 ${names.members[1]?.ca}`,
      `127.0.36.5 ${names.members[1]?.peer}`,
    ]);
  });

  it('writes the same endpoints into the AMB documents', () => {
    const layout = planLayout({ dir: '/tmp/dn', members: 2, addressBlock: '127.0.36', adminUser: 'AdminUser' });
    const byIp = ambDocuments(layout, ids, new Date(0));
    const byName = ambDocuments(layout, ids, new Date(0), true);
    const network = (d: Record<string, unknown>): unknown =>
      (d['amb/get-network.json'] as { Network: { FrameworkAttributes: unknown } }).Network.FrameworkAttributes;
    expect(network(byIp)).toEqual({ Fabric: { OrderingServiceEndpoint: '127.0.36.1:30001', Edition: 'STARTER' } });
    expect(network(byName)).toEqual({
      Fabric: { OrderingServiceEndpoint: `${ambNames(ids).orderer}:30001`, Edition: 'STARTER' },
    });
    const node = byName[`amb/get-node-${ids.members[0]?.nodeId}.json`] as {
      Node: { FrameworkAttributes: { Fabric: { PeerEndpoint: string } } };
    };
    expect(node.Node.FrameworkAttributes.Fabric.PeerEndpoint).toBe(`${ambNames(ids).members[0]?.peer}:30003`);
  });
});
