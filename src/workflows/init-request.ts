/**
 * `fabkit init` as asked: picks the profile's source (a devnet's network.json, the Managed
 * Blockchain API, or every endpoint given) and writes the profile with initProfile. The AMB client
 * is freed whatever happens.
 */
import { ambSettings, withAmbConnection } from '../amb/client';
import { ambDocumentsSource, networkIdOfDocuments, regionOfDocuments } from '../amb/documents';
import { ambNetworkSource } from '../amb/source';
import type { ProfileFlags } from '../config/from-flags';
import { usageError } from '../errors';
import type { InitResult, InitSource } from './init';
import { initProfile } from './init';

/** What `fabkit init` was given; every field is optional, the source is picked from which are set. */
export interface InitRequest {
  /** A devnet's network.json (or its directory); needs `member`. */
  readonly fromDevnet?: string | undefined;
  /** A folder of saved `aws managedblockchain get-network|get-member|list-nodes|get-node` output; needs `memberId`. */
  readonly fromAmbDocuments?: string | undefined;
  /** Which devnet member (org1, or m-…). */
  readonly member?: string | undefined;
  readonly networkId?: string | undefined;
  readonly memberId?: string | undefined;
  readonly memberName?: string | undefined;
  /** Given: every endpoint comes from the request. Not given (with the IDs): from the AMB API. */
  readonly caEndpoint?: string | undefined;
  readonly ordererEndpoint?: string | undefined;
  readonly peerEndpoints?: readonly string[] | undefined;
  /** A file, or an https:// or s3:// location of the TLS chain pem. */
  readonly tlsChain?: string | undefined;
  readonly fabricVersion?: string | undefined;
  /** `local` (default) or `docker`. */
  readonly runtime?: string | undefined;
  /** AWS region for the AMB API (default: the AWS SDK's chain). */
  readonly region?: string | undefined;
  /** Managed Blockchain API endpoint override, kept in the profile. */
  readonly endpointUrl?: string | undefined;
  /** Replace an existing profile for a different member. */
  readonly force?: boolean | undefined;
}

/** The source a request names, when it needs no network call (devnet or flags); undefined for the AMB API. */
export function localInitSource(r: InitRequest): InitSource | undefined {
  if (r.fromDevnet === undefined && r.networkId === undefined) {
    throw usageError(
      'INIT_SOURCE_MISSING',
      'fabkit init needs --from-devnet <network.json> --member <name|id>, or --network-id and --member-id (endpoints from the AMB API), or the network flags (--network-id, --member-id, --ca-endpoint, …)',
    );
  }
  if (r.fromDevnet !== undefined) {
    if (!r.member) throw usageError('INIT_MEMBER_MISSING', '--from-devnet needs --member <name|id>');
    return { kind: 'devnet', networkFile: r.fromDevnet, member: r.member, runtime: r.runtime };
  }
  if (r.memberId !== undefined && r.caEndpoint === undefined) return undefined;
  return { kind: 'flags', flags: profileFlagsOf(r) };
}

/** The flags source: every field the request gives; missing ones are reported by profileFromFlags, by flag. */
function profileFlagsOf(r: InitRequest): ProfileFlags {
  return {
    networkId: r.networkId ?? '',
    memberId: r.memberId ?? '',
    memberName: r.memberName ?? '',
    caEndpoint: r.caEndpoint ?? '',
    ordererEndpoint: r.ordererEndpoint ?? '',
    peerEndpoints: r.peerEndpoints ?? [],
    tlsChain: r.tlsChain ?? '',
    fabricVersion: r.fabricVersion,
    runtime: r.runtime,
  };
}

/** Writes <home>/fabkit.yaml from the source the request names; see initProfile for what is kept or replaced. */
export async function initHome(home: string, r: InitRequest): Promise<InitResult> {
  if (r.fromAmbDocuments !== undefined)
    return initProfile(home, documentsSource(r, r.fromAmbDocuments), { force: r.force });
  const local = localInitSource(r);
  if (local !== undefined) return initProfile(home, local, { force: r.force });
  return withAmbConnection(ambSettings({ region: r.region, endpointUrl: r.endpointUrl }), (conn) =>
    initProfile(
      home,
      {
        kind: 'amb',
        source: ambNetworkSource(conn.api),
        networkId: r.networkId ?? '',
        memberId: r.memberId ?? '',
        region: conn.region,
        endpointUrl: conn.endpointUrl,
        tlsChain: r.tlsChain,
        runtime: r.runtime,
      },
      { force: r.force },
    ),
  );
}

/** The AMB source over saved documents: the network ID and region default to what get-network.json says. */
function documentsSource(r: InitRequest, dir: string): InitSource {
  if (r.memberId === undefined) throw usageError('INIT_MEMBER_MISSING', '--from-amb-documents needs --member-id <m-…>');
  return {
    kind: 'amb',
    source: ambDocumentsSource(dir),
    networkId: r.networkId ?? networkIdOfDocuments(dir),
    memberId: r.memberId,
    region: r.region ?? regionOfDocuments(dir) ?? 'us-east-1',
    endpointUrl: r.endpointUrl,
    tlsChain: r.tlsChain,
    runtime: r.runtime,
  };
}
