/** Whether a member ID exists on the network, asked of the AMB API (used to confirm an imported bundle's member). */
import type { Profile } from '../config/resolve';
import { FabkitError } from '../errors';
import type { AmbApi } from './api';
import { getMember } from './api';
import { ambSettings, connectAmb } from './client';

/**
 * The network check of `fabkit member import`: does the AMB API know this member on the
 * network? true / false, or undefined when the API cannot be asked (unreachable, no
 * credentials): the import then says "unknown" rather than failing.
 */
export function memberCheckWith(api: AmbApi, networkId: string): (memberId: string) => Promise<boolean | undefined> {
  return async (memberId) => {
    try {
      await getMember(api, networkId, memberId);
      return true;
    } catch (error) {
      if (error instanceof FabkitError && error.code === 'AMB_NOT_FOUND') return false;
      if (error instanceof FabkitError) return undefined;
      throw error;
    }
  };
}

/** The check for a profile on AMB (aws settings from the profile and the SDK chain); none for the devnet. */
export function ambMemberExists(profile: Profile): ((memberId: string) => Promise<boolean | undefined>) | undefined {
  if (profile.target !== 'amb') return undefined;
  return async (memberId) => {
    let conn;
    try {
      conn = await connectAmb(ambSettings({ region: profile.aws?.region, endpointUrl: profile.aws?.endpointUrl }));
    } catch {
      return undefined;
    }
    try {
      return await memberCheckWith(conn.api, profile.network.id)(memberId);
    } finally {
      conn.close();
    }
  };
}
