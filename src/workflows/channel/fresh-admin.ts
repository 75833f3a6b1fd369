/** A channel create refused because the just-enrolled admin is not yet known to the ordering service: wait for its propagation, bounded. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Profile } from '../../config/resolve';
import { parseCert } from '../../msp/cert';

/** How recent an admin cert must be for a refusal to mean "not propagated yet" rather than "not an admin". */
export const FRESH_ADMIN_MS = 10 * 60_000;
/** How long a create waits for the ordering service to learn a fresh admin (AMB: "a minute or two"). */
export const FRESH_ADMIN_WAIT_MS = 120_000;

/** Pure: the orderer's refusal of a channel create signed by a cert that is not (yet) an admin of the member. */
export function refusedAsNotAdmin(stderr: string): boolean {
  return /implicit policy evaluation failed - 0 sub-policies were satisfied.*'Admins'/.test(stderr);
}

/**
 * True when the profile's admin cert was issued in the last FRESH_ADMIN_MS: the peers may already
 * treat it as an admin while the ordering service's copy of the member is still being updated.
 */
export function adminIsFresh(profile: Profile, now = Date.now()): boolean {
  try {
    const dir = path.join(profile.paths.mspDir, 'signcerts');
    const file = fs.readdirSync(dir).find((f) => f.endsWith('.pem'));
    if (file === undefined) return false;
    return now - parseCert(fs.readFileSync(path.join(dir, file), 'utf8')).notBefore.getTime() < FRESH_ADMIN_MS;
  } catch {
    return false;
  }
}
