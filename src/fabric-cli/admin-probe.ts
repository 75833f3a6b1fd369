/** A peer call only an admin may make, and how to read its answer: is the enrolled admin recognized yet? */
import type { CommandSpec } from '../runtime/command-spec';
import type { FabricLine } from '../validate/fabric-removals';
import { isFabric3OrLater } from '../validate/fabric-removals';
import type { PeerIdentity } from './peer-env';
import { peerEnv } from './peer-env';

/**
 * Pure: a cheap admin-only call. Listing installed chaincode is checked against the peer's
 * local MSP Admins, so it succeeds only once the peer recognizes the identity as an admin.
 * Fabric 1.x/2.x: `peer chaincode list --installed` (lscc, as on AMB). Fabric 3.x removed that
 * command with the 1.x lifecycle; there `peer lifecycle chaincode queryinstalled`, whose
 * default ACL (_lifecycle/QueryInstalledChaincodes) is also the local MSP's Admins.
 */
export function adminProbeSpec(identity: PeerIdentity, peerEndpoint: string, fabric?: FabricLine): CommandSpec {
  const args =
    fabric !== undefined && isFabric3OrLater(fabric)
      ? ['lifecycle', 'chaincode', 'queryinstalled']
      : ['chaincode', 'list', '--installed'];
  return { tool: 'peer', args, env: peerEnv(identity, peerEndpoint) };
}

/** Interprets the probe: recognized, refused as non-admin, or another problem (unreachable, bad MSP). */
export function interpretAdminProbe(exitCode: number, stderr: string): 'recognized' | 'not-admin' | 'error' {
  if (exitCode === 0) return 'recognized';
  if (
    /access denied|not satisfy|signature set did not satisfy|is not an admin|Failed verifying that proposal's creator satisfies local MSP principal/i.test(
      stderr,
    )
  )
    return 'not-admin';
  return 'error';
}
