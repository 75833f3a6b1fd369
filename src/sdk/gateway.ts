/**
 * A fabric-network 2.2 Gateway for this member: the admin's X.509 identity (admin MSP
 * signcerts + keystore) in an in-memory wallet, a connection profile built from the profile
 * (see connection-profile.ts), discovery off unless asked for, and the gateway always
 * disconnected afterwards.
 *
 * fabric-network / fabric-common are loaded lazily: fabric-common's config parses
 * process.argv with nconf/yargs when first loaded (see src/ca/ca-client.ts).
 */
import type { Channel, IdentityContext } from 'fabric-common';
import type { Gateway, Network, X509Identity } from 'fabric-network';
import { assertChannelReady } from '../config/channel-ready';
import type { Profile } from '../config/resolve';
import { FabkitError } from '../errors';
import { readMsp } from '../msp/write';
import { redactSecret } from '../redact';
import type { ConnectionProfile } from './connection-profile';
import { connectionProfileOf } from './connection-profile';
import { routeSdkLogging } from './sdk-logging';

export interface GatewayOptions {
  readonly channelId: string;
  /** Imported members whose peers the gateway must know (e.g. the endorsing members); default: none. */
  readonly members?: readonly string[];
  /** Use the peers' discovery service (default false: the peers of the connection profile only). */
  readonly discovery?: boolean;
}

/** What a transaction needs from a connected gateway. */
export interface SdkSession {
  readonly profile: Profile;
  readonly gateway: Gateway;
  readonly network: Network;
  readonly channel: Channel;
  readonly identity: IdentityContext;
  readonly connectionProfile: ConnectionProfile;
}

const WALLET_LABEL = 'admin';

/** The admin identity of the profile, as a fabric-network X.509 wallet identity. Never log it. */
export async function adminIdentityOf(profile: Profile): Promise<X509Identity> {
  const msp = await readMsp(profile.paths.mspDir);
  return {
    type: 'X.509',
    mspId: profile.member.mspId,
    credentials: { certificate: msp.certPem, privateKey: msp.keyPem },
  };
}

function connectFailed(profile: Profile, channelId: string, error: unknown, key: string): FabkitError {
  const raw = redactSecret(error instanceof Error ? error.message : String(error), key);
  return new FabkitError(
    'GATEWAY_CONNECT_FAILED',
    `Could not connect a fabric-network gateway for member ${profile.member.id} on channel ${channelId}: ${raw}`,
    {
      hint: 'Check the admin MSP (fabkit msp verify), the peer and orderer endpoints in fabkit.yaml, and that the channel exists.',
      details: { memberId: profile.member.id, channelId },
    },
  );
}

async function connect(
  options: GatewayOptions,
  ccp: ConnectionProfile,
  identity: X509Identity,
  home: string,
): Promise<Gateway> {
  routeSdkLogging(home); // before fabric-network is loaded: see sdk-logging.ts
  const { Gateway: GatewayClass, Wallets } = await import('fabric-network');
  const wallet = await Wallets.newInMemoryWallet();
  await wallet.put(WALLET_LABEL, identity);
  const gateway = new GatewayClass();
  await gateway.connect(ccp as unknown as Record<string, unknown>, {
    wallet,
    identity: WALLET_LABEL,
    discovery: { enabled: options.discovery === true, asLocalhost: ccp['x-fabkit'].discovery.asLocalhost },
  });
  return gateway;
}

/**
 * Connects a gateway for `profile` on `options.channelId`, runs `action`, and always
 * disconnects. The connection profile holds this member's peers, the peers of
 * `options.members`, the ordering service, and the channel.
 */
export async function withGateway<T>(
  profile: Profile,
  options: GatewayOptions,
  action: (session: SdkSession) => Promise<T>,
): Promise<T> {
  assertChannelReady(profile, options.channelId);
  const ccp = await connectionProfileOf(profile, { members: options.members ?? [], channels: [options.channelId] });
  const session = await open(profile, options, ccp);
  try {
    return await action(session);
  } finally {
    session.gateway.disconnect();
  }
}

async function open(profile: Profile, options: GatewayOptions, ccp: ConnectionProfile): Promise<SdkSession> {
  const identity = await adminIdentityOf(profile);
  let gateway: Gateway | undefined;
  try {
    gateway = await connect(options, ccp, identity, profile.home);
    const network = await gateway.getNetwork(options.channelId);
    const context = gateway.identityContext;
    if (context === undefined) throw new Error('the gateway has no identity context');
    return { profile, gateway, network, channel: network.getChannel(), identity: context, connectionProfile: ccp };
  } catch (error) {
    gateway?.disconnect();
    throw connectFailed(profile, options.channelId, error, identity.credentials.privateKey);
  }
}
