/** Where each devnet resource listens (one loopback address per resource with AMB's role ports, or 127.0.0.1 with --base-port offsets) and its AMB-shaped DNS name (pure). */
import { usageError } from '../errors';

/** AMB's role ports (amb-facts.md): every resource has its own DNS name and listens on its role's port. */
export const AMB_PORTS = { orderer: 30001, ca: 30002, peer: 30003, peerEvents: 30004 } as const;

/**
 * The ports of what AMB does not expose (admin, operations, chaincode listener), on the
 * resource's own address next to its role port.
 */
const SIDE_PORTS = { ordererAdmin: 30005, ordererOps: 30006, caOps: 30007, peerChaincode: 30008, peerOps: 30009 };

/** The first address a devnet uses when neither --address-block nor --base-port is given. */
export const DEFAULT_ADDRESS_BLOCK = '127.0.30.1';
export const DEFAULT_BASE_PORT = 7050;

/** The region in the devnet's AMB-shaped names (AMB supports only us-east-1 for Fabric). */
export const DEVNET_REGION = 'us-east-1';

/**
 * How a devnet is addressed. `block`: one loopback address per resource, from `first` on (the
 * orderer, then each member's CA and peer), all on AMB's role ports. `base-port`: everything on
 * 127.0.0.1, ports from `basePort` on (for machines where only 127.0.0.1 can be bound).
 */
export type Addressing =
  { readonly mode: 'block'; readonly first: string } | { readonly mode: 'base-port'; readonly basePort: number };

export interface Listener {
  readonly host: string;
  readonly port: number;
}

export interface OrdererAddresses {
  readonly host: string;
  readonly port: number;
  readonly adminPort: number;
  readonly opsPort: number;
}

export interface MemberAddresses {
  readonly caHost: string;
  readonly caPort: number;
  readonly caOpsPort: number;
  readonly peerHost: string;
  readonly peerPort: number;
  readonly peerChaincodePort: number;
  readonly peerOpsPort: number;
}

export interface DevnetAddresses {
  readonly orderer: OrdererAddresses;
  readonly members: readonly MemberAddresses[];
}

/** Addresses a devnet with this many members takes from its first one: the orderer, then a CA and a peer per member. */
export const addressesPerDevnet = (members: number): number => 1 + 2 * members;

/** Pure: the addressing the options ask for (--base-port wins only when given; both is a usage error). */
export function addressingOf(options: { readonly addressBlock?: string; readonly basePort?: number }): Addressing {
  if (options.basePort !== undefined && options.addressBlock !== undefined) {
    throw usageError(
      'INVALID_OPTION',
      '--address-block and --base-port cannot be used together',
      'Use --address-block (one loopback address per resource, AMB role ports) or, where only 127.0.0.1 can be bound, --base-port.',
    );
  }
  if (options.basePort !== undefined) return { mode: 'base-port', basePort: options.basePort };
  return { mode: 'block', first: normalizeBlock(options.addressBlock ?? DEFAULT_ADDRESS_BLOCK) };
}

/** `127.0.36` means `127.0.36.1`; anything else must be a 127.x.y.z address. */
function normalizeBlock(block: string): string {
  const octets = block.split('.');
  const full = octets.length === 3 ? [...octets, '1'] : octets;
  const valid =
    full.length === 4 &&
    full.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255) &&
    full[0] === '127' &&
    Number(full[3]) >= 1;
  if (!valid) {
    throw usageError(
      'INVALID_OPTION',
      `--address-block "${block}" is invalid: use a loopback address such as 127.0.30.1 (or 127.0.30, meaning 127.0.30.1)`,
      'Linux routes all of 127.0.0.0/8 to the loopback interface; the devnet takes consecutive addresses from this one.',
    );
  }
  return full.map(Number).join('.');
}

/** Pure: checks the addressing fits the members (addresses within one /24, ports within 1024..65535). */
export function validateAddressing(addressing: Addressing, members: number): void {
  if (addressing.mode === 'block') {
    const last = Number(addressing.first.split('.')[3]) + addressesPerDevnet(members) - 1;
    if (last > 254) {
      throw usageError(
        'INVALID_OPTION',
        `--address-block ${addressing.first} is invalid for ${members} member(s): the devnet takes ${addressesPerDevnet(members)} consecutive addresses, which must end at .254 or below`,
      );
    }
    return;
  }
  const base = addressing.basePort;
  const top = base + 10 + 10 * members;
  if (!Number.isInteger(base) || base < 1024 || top > 65535) {
    throw usageError(
      'INVALID_OPTION',
      `--base-port ${base} is invalid: the devnet uses ports base..base+${10 + 10 * members}, which must lie within 1024..65535`,
    );
  }
}

function nthAddress(first: string, n: number): string {
  const octets = first.split('.').map(Number);
  return [...octets.slice(0, 3), (octets[3] ?? 0) + n].join('.');
}

/**
 * Pure: where each resource listens. Block mode: orderer at the first address, member i's CA at
 * first+1+2i and its peer at first+2+2i, on the role ports. Base-port mode: 127.0.0.1; orderer
 * base, admin base+1, operations base+2; member i from base+10+10i: CA, CA operations, peer, peer
 * chaincode listener, peer operations.
 */
export function allocateAddresses(addressing: Addressing, members: number): DevnetAddresses {
  validateAddressing(addressing, members);
  if (addressing.mode === 'base-port') {
    const b = addressing.basePort;
    const host = '127.0.0.1';
    return {
      orderer: { host, port: b, adminPort: b + 1, opsPort: b + 2 },
      members: Array.from({ length: members }, (_, i) => {
        const p = b + 10 + 10 * i;
        return {
          caHost: host,
          caPort: p,
          caOpsPort: p + 1,
          peerHost: host,
          peerPort: p + 2,
          peerChaincodePort: p + 3,
          peerOpsPort: p + 4,
        };
      }),
    };
  }
  const at = (n: number): string => nthAddress(addressing.first, n);
  return {
    orderer: {
      host: at(0),
      port: AMB_PORTS.orderer,
      adminPort: SIDE_PORTS.ordererAdmin,
      opsPort: SIDE_PORTS.ordererOps,
    },
    members: Array.from({ length: members }, (_, i) => ({
      caHost: at(1 + 2 * i),
      caPort: AMB_PORTS.ca,
      caOpsPort: SIDE_PORTS.caOps,
      peerHost: at(2 + 2 * i),
      peerPort: AMB_PORTS.peer,
      peerChaincodePort: SIDE_PORTS.peerChaincode,
      peerOpsPort: SIDE_PORTS.peerOps,
    })),
  };
}

/** Every address and port a devnet listens on, in a stable order. */
export function allListeners(addresses: DevnetAddresses): Listener[] {
  const o = addresses.orderer;
  return [
    { host: o.host, port: o.port },
    { host: o.host, port: o.adminPort },
    { host: o.host, port: o.opsPort },
    ...addresses.members.flatMap((m) => [
      { host: m.caHost, port: m.caPort },
      { host: m.caHost, port: m.caOpsPort },
      { host: m.peerHost, port: m.peerPort },
      { host: m.peerHost, port: m.peerChaincodePort },
      { host: m.peerHost, port: m.peerOpsPort },
    ]),
  ];
}

/** host:port (IPv4 or a DNS name). */
export const hostPort = (host: string, port: number): string => `${host}:${port}`;

export interface AmbNameIds {
  readonly networkId: string;
  readonly members: readonly { readonly memberId: string; readonly nodeId: string }[];
}

export interface AmbNames {
  readonly orderer: string;
  readonly members: readonly { readonly ca: string; readonly peer: string }[];
}

/**
 * Pure: the DNS names AMB gives each resource (tutorial: ResourceID.MemberID.NetworkID.
 * managedblockchain.<region>.amazonaws.com), lower-case as AMB prints them:
 * orderer.n-….managedblockchain…, ca.m-….n-….managedblockchain…, nd-….m-….n-….managedblockchain….
 */
export function ambNames(ids: AmbNameIds, region = DEVNET_REGION): AmbNames {
  const suffix = `${ids.networkId}.managedblockchain.${region}.amazonaws.com`.toLowerCase();
  return {
    orderer: `orderer.${suffix}`,
    members: ids.members.map((m) => ({
      ca: `ca.${m.memberId.toLowerCase()}.${suffix}`,
      peer: `${m.nodeId.toLowerCase()}.${m.memberId.toLowerCase()}.${suffix}`,
    })),
  };
}

/** What a TLS certificate of a resource names: its address (and localhost on 127.0.0.1), and its AMB-shaped DNS name. */
export function certHosts(host: string, dnsName: string): string[] {
  return [host, ...(host === '127.0.0.1' ? ['localhost'] : []), dnsName];
}

/** The endpoints clients are given (network.json, the AMB documents, devnet env). */
export interface ClientEndpoints {
  readonly orderer: string;
  readonly members: readonly { readonly ca: string; readonly peer: string; readonly peerEvents: string }[];
}

/**
 * Pure: the endpoints a client uses. With `byName` (the names resolve: `devnet up --hosts`) the
 * AMB-shaped DNS names; otherwise the addresses, which every certificate names as well. The peer
 * event endpoint is the peer's own (Fabric 2 serves events on the peer port); in block mode
 * nothing listens on AMB's 30004.
 */
export function clientEndpoints(addresses: DevnetAddresses, names: AmbNames, byName: boolean): ClientEndpoints {
  const pick = (host: string, name: string | undefined): string => (byName && name ? name : host);
  return {
    orderer: hostPort(pick(addresses.orderer.host, names.orderer), addresses.orderer.port),
    members: addresses.members.map((m, i) => {
      const peer = hostPort(pick(m.peerHost, names.members[i]?.peer), m.peerPort);
      return { ca: hostPort(pick(m.caHost, names.members[i]?.ca), m.caPort), peer, peerEvents: peer };
    }),
  };
}

/** Pure: the /etc/hosts lines that make the names resolve to the addresses (one per resource). */
export function hostsLines(addresses: DevnetAddresses, names: AmbNames): string[] {
  return [
    `${addresses.orderer.host} ${names.orderer}`,
    ...addresses.members.flatMap((m, i) => {
      const n = names.members[i];
      return n ? [`${m.caHost} ${n.ca}`, `${m.peerHost} ${n.peer}`] : [];
    }),
  ];
}
