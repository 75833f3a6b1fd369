/** A peer call only an admin may make, and how to read its answer: is the enrolled admin recognized yet? */
import type { CommandSpec } from '../runtime/command-spec';
import type { PeerIdentity } from './peer-env';
import { peerEnv } from './peer-env';

/**
 * Pure: a cheap admin-only call. Listing installed chaincode is checked against the peer's
 * local MSP Admins, so it succeeds only once the peer recognizes the identity as an admin.
 */
export function adminProbeSpec(identity: PeerIdentity, peerEndpoint: string): CommandSpec {
  return { tool: 'peer', args: ['chaincode', 'list', '--installed'], env: peerEnv(identity, peerEndpoint) };
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
