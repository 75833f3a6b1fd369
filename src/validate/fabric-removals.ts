/**
 * What Fabric 3.x removed and fabkit must refuse up front on a 3.x network: the ordering system
 * channel (channel creation with `peer channel create`) and the 1.x chaincode lifecycle
 * (`peer chaincode install/instantiate/upgrade/list`). Pure: a version in, an error or nothing out.
 * Sources: Fabric's release_notes/v3.0.0.md ("Removals") and docs/fabric-3.md.
 */
import { usageError } from '../errors';

/** The network's Fabric version, as the profile states it (network.fabricVersion). */
export interface FabricLine {
  readonly major: number;
  readonly minor: number;
}

const text = (f: FabricLine): string => `${f.major}.${f.minor}`;

/** Fabric 3.0 removed the system channel, the consortium, solo/kafka and the 1.x chaincode lifecycle. */
export function isFabric3OrLater(fabric: FabricLine): boolean {
  return fabric.major >= 3;
}

/**
 * Throws LEGACY_LIFECYCLE_REMOVED when `fabric` is 3.x or later: `action` (e.g. "chaincode
 * instantiate") needs the 1.x lifecycle, which Fabric 3.0 removed from the peer and its CLI.
 */
export function assertLegacyLifecycleAvailable(fabric: FabricLine, action: string): void {
  if (!isFabric3OrLater(fabric)) return;
  throw usageError(
    'LEGACY_LIFECYCLE_REMOVED',
    `${action} needs the 1.x chaincode lifecycle (peer chaincode install/instantiate), which Fabric 3.0 removed; this network runs Fabric ${text(fabric)}`,
    'Use the 2.x lifecycle (--lifecycle 2.x: package, install, approve, commit) on a channel whose application capability is V2_0 or V2_5.',
    { fabricVersion: text(fabric), rule: 'legacy-lifecycle' },
  );
}

/**
 * Throws SYSTEM_CHANNEL_REMOVED when `fabric` is 3.x or later: `action` creates a channel by
 * sending a channel creation transaction to the ordering system channel, which Fabric 3.0 removed
 * (its orderer answers NOT_FOUND). Channels are created through the orderers' channel
 * participation API instead (configtxgen -outputBlock, then osnadmin channel join).
 */
export function assertSystemChannelAvailable(fabric: FabricLine, action: string): void {
  if (!isFabric3OrLater(fabric)) return;
  throw usageError(
    'SYSTEM_CHANNEL_REMOVED',
    `${action} creates the channel through the ordering system channel (configtxgen -outputCreateChannelTx, peer channel create), which Fabric 3.0 removed; this network runs Fabric ${text(fabric)}`,
    "Create the channel through the orderers' channel participation API (a genesis block from configtxgen -outputBlock, joined to every orderer with osnadmin channel join), then join this member's peers with `fabkit channel join`.",
    { fabricVersion: text(fabric), rule: 'system-channel' },
  );
}
