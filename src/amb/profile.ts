/**
 * `fabkit init --network-id … --member-id …` without endpoint flags: the profile of a member
 * as the AMB API describes it. Works over any AmbNetworkSource (the API, or a test double).
 */
import type { AmbNetworkSource } from '../config/amb-source';
import { profileFromAmb } from '../config/amb-source';
import type { ProfileFile } from '../config/schema';
import { assertMemberId, assertNetworkId } from '../validate/ids';

export interface AmbProfileRequest {
  readonly networkId: string;
  readonly memberId: string;
  /** The region the API was asked in; it also names the regional TLS chain bucket. */
  readonly region: string;
  /** Kept in the profile (aws.endpointUrl) so later commands reach the same API. */
  readonly endpointUrl?: string | undefined;
  /** Overrides where the TLS chain comes from: a file, an https:// or an s3:// location. */
  readonly tlsChain?: string | undefined;
}

function tlsOverride(tlsChain: string): ProfileFile['tls'] {
  const remote = /^(s3|https):\/\//i.exec(tlsChain);
  if (remote === null) return { chainFile: tlsChain };
  const name =
    tlsChain
      .replace(/[?#].*$/, '')
      .split('/')
      .pop() || 'tls-chain.pem';
  return { chainFile: name, source: { kind: remote[1]?.toLowerCase() === 's3' ? 's3' : 'https', location: tlsChain } };
}

/** Reads network, member and nodes (IDs validated first) and builds the "amb" profile. */
export async function profileFromAmbSource(source: AmbNetworkSource, request: AmbProfileRequest): Promise<ProfileFile> {
  assertNetworkId(request.networkId);
  assertMemberId(request.memberId);
  const network = await source.getNetwork(request.networkId);
  const member = await source.getMember(request.networkId, request.memberId);
  const nodes = await source.listNodes(request.networkId, request.memberId);
  const file = profileFromAmb(network, member, nodes, request.region);
  return {
    ...file,
    ...(request.tlsChain === undefined || request.tlsChain === '' ? {} : { tls: tlsOverride(request.tlsChain) }),
    aws: { region: request.region, ...(request.endpointUrl === undefined ? {} : { endpointUrl: request.endpointUrl }) },
  };
}
