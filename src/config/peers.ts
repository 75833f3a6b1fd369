/** This member's peers as a profile lists them: choosing some of them for a command. */
import { usageError } from '../errors';
import type { Profile } from './resolve';

/** The profile's peers, or the chosen subset; an unknown endpoint is a usage error. */
export function selectPeers(profile: Profile, chosen: readonly string[] | undefined): string[] {
  const known = profile.peers.map((p) => p.endpoint.address);
  if (!chosen || chosen.length === 0) return known;
  for (const peer of chosen) {
    if (!known.includes(peer)) {
      throw usageError(
        'UNKNOWN_PEER',
        `Peer ${peer} is not one of this member's peers (${known.join(', ')})`,
        'Pass one of the endpoints listed under peers: in fabkit.yaml, or add it there.',
      );
    }
  }
  return [...new Set(chosen)];
}
