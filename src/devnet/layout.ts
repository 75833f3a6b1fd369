/** The devnet's layout: every path and port of a devnet directory, computed from its options (pure). */
import * as path from 'node:path';
import { usageError } from '../errors';
import { addressingOf, allocateAddresses, allListeners, validateAddressing } from './addresses';
import type { Addressing, Listener } from './addresses';

/** Resolved devnet options (the CLI's flags after defaults). */
export interface DevnetOptions {
  readonly dir: string;
  readonly members: number;
  /** --base-port: everything on 127.0.0.1 from this port on (where extra loopback addresses cannot be bound). */
  readonly basePort?: number;
  /** --address-block: the first loopback address (one per resource, AMB role ports); the default when basePort is unset. */
  readonly addressBlock?: string;
  /** --hosts: make the AMB-shaped names resolve with a marked /etc/hosts block, and give clients those names. */
  readonly hosts?: boolean;
  readonly adminUser: string;
  /** The orderer's BatchSize.MaxMessageCount (default 1: a block per transaction). Read when the devnet is created. */
  readonly batchSize?: number;
  /** The orderer's BatchTimeout, e.g. 250ms or 2s (default 250ms). Read when the devnet is created. */
  readonly batchTimeout?: string;
  /**
   * `amb` (default): AMB-shaped (system channel, pre-NodeOU MSPs, admin propagation). `fabric`:
   * shaped as fabric-samples' test-network (NodeOU MSPs, channel participation, organizations/).
   */
  readonly style?: DevnetStyle;
}

export const DEVNET_STYLES = ['amb', 'fabric'] as const;
export type DevnetStyle = (typeof DEVNET_STYLES)[number];

/** A development network: a block per transaction, cut at once. */
export const DEFAULT_BATCH = { maxMessageCount: 1, timeout: '250ms' } as const;
export const MAX_BATCH_SIZE = 10_000;

export { DEFAULT_ADDRESS_BLOCK, DEFAULT_BASE_PORT } from './addresses';
export const MAX_MEMBERS = 9;
export const SYSTEM_CHANNEL = 'systemchannel';
export const CONSORTIUM = 'AWSSystemConsortium';
export const ORDERER_MSP = 'OrdererMSP';

export interface OrdererLayout {
  readonly host: string;
  readonly port: number;
  readonly adminPort: number;
  readonly opsPort: number;
  readonly home: string;
  readonly cryptoDir: string;
  readonly mspDir: string;
  readonly tlsDir: string;
  readonly adminMspDir: string;
  readonly tlsCaDir: string;
  /** fabric style: the orderer admin's mutual-TLS client identity (client.crt, client.key, ca.crt). */
  readonly adminTlsDir: string;
  /** How the orderer cuts blocks (the genesis block's BatchSize.MaxMessageCount and BatchTimeout). */
  readonly batch: { readonly maxMessageCount: number; readonly timeout: string };
}

export interface MemberLayout {
  readonly index: number;
  readonly name: string;
  readonly caHost: string;
  readonly caPort: number;
  readonly caOpsPort: number;
  readonly peerHost: string;
  readonly peerPort: number;
  readonly peerChaincodePort: number;
  readonly peerOpsPort: number;
  /** fabric-ca-server home. */
  readonly caHome: string;
  /** The org MSP that goes into the consortium (cacerts, tlscacerts, admincerts). */
  readonly orgMspDir: string;
  /** The devnet's own registrar identity: fabric-ca-client home, and its MSP with admincerts. */
  readonly registrarHome: string;
  readonly peerMspDir: string;
  readonly peerTlsDir: string;
  readonly peerHome: string;
  /** The CA's TLS certificate and key (server.crt, server.key), issued by the devnet's TLS PKI. */
  readonly caTlsDir: string;
  /** fabric style: the org admin's MSP (users/Admin@<org>/msp), enrolled with the admin OU. */
  readonly adminMspDir: string;
  /** fabric style: the org's folder under organizations/peerOrganizations/ and its DNS-like name. */
  readonly orgDir: string;
  readonly domain: string;
}

export interface DevnetLayout {
  readonly dir: string;
  /** Loopback address per resource (AMB role ports), or 127.0.0.1 with base-port offsets. */
  readonly addressing: Addressing;
  readonly networkFile: string;
  readonly credentialsFile: string;
  readonly stateFile: string;
  readonly adminsFile: string;
  readonly tlsChainFile: string;
  /** The devnet's TLS PKI (root and intermediate certificates and keys), apart from every member CA. */
  readonly tlsPkiDir: string;
  readonly logsDir: string;
  readonly privateDir: string;
  readonly artifactsDir: string;
  readonly buildersDir: string;
  readonly style: DevnetStyle;
  /** fabric style: test-network's organizations/ tree (peerOrganizations/, ordererOrganizations/). */
  readonly organizationsDir: string;
  readonly orderer: OrdererLayout;
  readonly members: readonly MemberLayout[];
}

/** Every address and port a devnet with these options listens on, in a stable order. */
export function layoutListeners(layout: DevnetLayout): Listener[] {
  return allListeners({ orderer: layout.orderer, members: layout.members });
}

/** Every port a devnet with these options listens on, in a stable order. */
export function allPorts(layout: DevnetLayout): number[] {
  return layoutListeners(layout).map((l) => l.port);
}

/** --batch-size and --batch-timeout: what configtxgen and the orderer accept, within sensible bounds. */
function validateBatch(options: DevnetOptions): void {
  const size = options.batchSize ?? DEFAULT_BATCH.maxMessageCount;
  if (!Number.isInteger(size) || size < 1 || size > MAX_BATCH_SIZE) {
    throw usageError(
      'INVALID_OPTION',
      `--batch-size ${options.batchSize} is invalid: use a whole number of transactions per block from 1 to ${MAX_BATCH_SIZE}`,
    );
  }
  const timeout = options.batchTimeout ?? DEFAULT_BATCH.timeout;
  const t = /^(\d{1,6})(ms|s)$/.exec(timeout);
  if (!t || Number(t[1]) === 0 || Number(t[1]) * (t[2] === 's' ? 1000 : 1) > 60_000) {
    throw usageError(
      'INVALID_OPTION',
      `--batch-timeout "${timeout}" is invalid: use a duration from 1ms to 60s, such as 250ms or 2s`,
    );
  }
}

export function validateDevnetOptions(options: DevnetOptions): void {
  if (!Number.isInteger(options.members) || options.members < 1 || options.members > MAX_MEMBERS) {
    throw usageError(
      'INVALID_OPTION',
      `--members ${options.members} is invalid: use a whole number from 1 to ${MAX_MEMBERS}`,
    );
  }
  validateAddressing(addressingOf(options), options.members);
  validateBatch(options);
  if (options.style !== undefined && !DEVNET_STYLES.includes(options.style)) {
    throw usageError(
      'INVALID_OPTION',
      `--style "${String(options.style)}" is invalid: use one of ${DEVNET_STYLES.map((x) => `"${x}"`).join(', ')}`,
    );
  }
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(options.adminUser)) {
    throw usageError(
      'INVALID_OPTION',
      `--admin-user "${options.adminUser}" is invalid: use 1-64 letters, digits, ".", "_" or "-"`,
    );
  }
}

/** Pure: where everything of a devnet lives, and where it listens (addresses.ts allocates those). */
export function planLayout(options: DevnetOptions): DevnetLayout {
  validateDevnetOptions(options);
  const dir = path.resolve(options.dir);
  const priv = path.join(dir, 'private');
  const style = options.style ?? 'amb';
  const organizationsDir = path.join(dir, 'organizations');
  // fabric style: cryptogen writes the orderer org into organizations/, as test-network's users find it.
  const ordererCrypto = path.join(
    style === 'fabric' ? organizationsDir : path.join(priv, 'crypto'),
    'ordererOrganizations',
    'orderer.devnet',
  );
  const ordererNode = path.join(ordererCrypto, 'orderers', 'orderer0.orderer.devnet');
  const addressing = addressingOf(options);
  const addresses = allocateAddresses(addressing, options.members);
  const members: MemberLayout[] = [];
  for (let i = 0; i < options.members; i += 1) {
    const name = `org${i + 1}`;
    const at = addresses.members[i];
    if (!at) throw new Error(`no addresses for member ${i + 1}`);
    const domain = `${name}.devnet`;
    const orgDir = path.join(organizationsDir, 'peerOrganizations', domain);
    const peerDir = path.join(orgDir, 'peers', `peer0.${domain}`);
    const privOrg = path.join(priv, 'orgs', name);
    const org = style === 'fabric' ? orgDir : privOrg;
    members.push({
      index: i,
      name,
      ...at,
      caHome: path.join(priv, 'ca', name),
      orgMspDir: path.join(org, 'msp'),
      registrarHome: path.join(privOrg, 'registrar'),
      peerMspDir: style === 'fabric' ? path.join(peerDir, 'msp') : path.join(org, 'peer', 'msp'),
      peerTlsDir: style === 'fabric' ? path.join(peerDir, 'tls') : path.join(org, 'peer', 'tls'),
      peerHome: path.join(priv, 'nodes', `peer-${name}`),
      caTlsDir: path.join(privOrg, 'ca-tls'),
      adminMspDir: path.join(orgDir, 'users', `Admin@${domain}`, 'msp'),
      orgDir,
      domain,
    });
  }
  return {
    dir,
    addressing,
    networkFile: path.join(dir, 'network.json'),
    credentialsFile: path.join(dir, 'credentials.json'),
    stateFile: path.join(dir, 'state.json'),
    adminsFile: path.join(dir, 'admins.json'),
    tlsChainFile: path.join(dir, 'devnet-tls-chain.pem'),
    tlsPkiDir: path.join(priv, 'tls-pki'),
    logsDir: path.join(dir, 'logs'),
    privateDir: priv,
    artifactsDir: path.join(priv, 'artifacts'),
    buildersDir: path.join(priv, 'builders'),
    style,
    organizationsDir,
    orderer: {
      ...addresses.orderer,
      home: path.join(priv, 'nodes', 'orderer0'),
      cryptoDir: ordererCrypto,
      mspDir: path.join(ordererNode, 'msp'),
      tlsDir: path.join(ordererNode, 'tls'),
      adminMspDir: path.join(ordererCrypto, 'users', 'Admin@orderer.devnet', 'msp'),
      tlsCaDir: path.join(ordererCrypto, 'tlsca'),
      adminTlsDir: path.join(ordererCrypto, 'users', 'Admin@orderer.devnet', 'tls'),
      batch: {
        maxMessageCount: options.batchSize ?? DEFAULT_BATCH.maxMessageCount,
        timeout: options.batchTimeout ?? DEFAULT_BATCH.timeout,
      },
    },
    members,
  };
}
