/**
 * The AMB target of a request: which network and member it acts for and which API it talks to.
 * Explicit values win, then the home's fabkit.yaml (when it has one: AMB commands also work before
 * `fabkit init`), then the AWS SDK's own chain for region and endpoint.
 */
import { loadProfile } from '../config/load';
import type { Profile } from '../config/resolve';
import { isFabkitError, usageError } from '../errors';
import type { AmbSettings } from './client';
import { ambSettings } from './client';

/** Where an AMB request goes and for whom; every field but `home` is optional. */
export interface AmbTarget {
  /** The member home whose fabkit.yaml gives the IDs and aws settings not given here. */
  readonly home: string;
  readonly region?: string | undefined;
  readonly endpointUrl?: string | undefined;
  readonly networkId?: string | undefined;
  /** The member of this account that acts. */
  readonly memberId?: string | undefined;
}

/** A target with the home's profile applied: what is known before any call. */
export interface ResolvedAmbTarget {
  readonly profile: Profile | undefined;
  readonly settings: AmbSettings;
  readonly networkId: string | undefined;
  readonly memberId: string | undefined;
}

/** The home's profile if it has one; any other problem with it (unreadable, invalid) is reported. */
function optionalProfile(home: string): Profile | undefined {
  try {
    return loadProfile(home).profile;
  } catch (error) {
    if (isFabkitError(error) && error.code === 'PROFILE_NOT_FOUND') return undefined;
    throw error;
  }
}

/** Applies the home's profile under the explicit values. Reads the profile; calls nothing. */
export function resolveAmbTarget(target: AmbTarget): ResolvedAmbTarget {
  const profile = optionalProfile(target.home);
  return {
    profile,
    settings: ambSettings({ region: target.region, endpointUrl: target.endpointUrl }, profile?.aws),
    networkId: target.networkId ?? profile?.network.id,
    memberId: target.memberId ?? profile?.member.id,
  };
}

/** The network ID of a resolved target; a usage error when neither the request nor the profile has one. */
export function requireNetworkId(target: ResolvedAmbTarget): string {
  if (target.networkId !== undefined) return target.networkId;
  throw usageError(
    'NETWORK_ID_MISSING',
    'No network ID: pass --network-id n-…, or run in a member home with a fabkit.yaml (--home)',
  );
}

/** The acting member's ID of a resolved target; a usage error when neither the request nor the profile has one. */
export function requireMemberId(target: ResolvedAmbTarget): string {
  if (target.memberId !== undefined) return target.memberId;
  throw usageError(
    'MEMBER_ID_MISSING',
    'No member ID: pass --member-id m-…, or run in a member home with a fabkit.yaml (--home)',
  );
}
