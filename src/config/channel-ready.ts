/** Whether a profile can do channel work at all: a valid channel ID, an enrolled admin, at least one peer. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { usageError } from '../errors';
import { assertChannelId } from '../validate/ids';
import type { Profile } from './resolve';

/** Validates a channel ID and that the admin MSP exists, before anything runs. */
export function assertChannelReady(profile: Profile, channelId: string): void {
  assertChannelId(channelId);
  if (!fs.existsSync(path.join(profile.paths.mspDir, 'signcerts'))) {
    throw usageError(
      'NOT_ENROLLED',
      `There is no admin MSP at ${profile.paths.mspDir}: channel work needs the member's enrolled admin`,
      'Run `fabkit enroll` first.',
    );
  }
  if (profile.peers.length === 0)
    throw usageError(
      'NO_PEERS',
      `The profile ${profile.profilePath} lists no peers`,
      "Add the member's peer endpoints under peers: in fabkit.yaml.",
    );
}
