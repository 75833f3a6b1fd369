/**
 * A profile for one member of a fabkit devnet, from the devnet's network.json. Reading the
 * file is `readNetworkFile`; everything else is pure.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NetworkFile, NetworkMember } from './network-file';
import { FabkitError, usageError } from '../errors';
import { quote } from '../validate/issue';
import { profileIssues } from './resolve';
import type { ProfileFile, ProfileFileInput } from './schema';
import { profileFileSchema } from './schema';

export const NETWORK_FILE_NAME = 'network.json';

/** Reads network.json from a devnet directory (or from the file itself). */
export function readNetworkFile(dirOrFile: string): NetworkFile {
  const resolved = path.resolve(dirOrFile);
  const file = resolved.endsWith('.json') ? resolved : path.join(resolved, NETWORK_FILE_NAME);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new FabkitError('DEVNET_NOT_FOUND', `No devnet network file at ${file}`, {
      kind: 'usage',
      hint: `Start a devnet with: fabkit devnet up --dir ${path.dirname(file)}, or pass the directory it runs in.`,
      cause: error,
      details: { file },
    });
  }
  try {
    return JSON.parse(text) as NetworkFile;
  } catch (error) {
    throw new FabkitError(
      'DEVNET_INVALID',
      `Devnet network file ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      {
        hint: 'Restart the devnet (fabkit devnet down, then up) to rewrite it.',
        cause: error,
        details: { file },
      },
    );
  }
}

function describeMembers(network: NetworkFile): string {
  return network.Members.map((m) => `${m.Name} (${m.Id})`).join(', ');
}

/** The member named by `selector`: an exact member ID, else a name (case-insensitive). */
export function selectDevnetMember(network: NetworkFile, selector: string): NetworkMember {
  const byId = network.Members.find((m) => m.Id === selector);
  if (byId !== undefined) return byId;
  const byName = network.Members.filter((m) => m.Name.toLowerCase() === selector.toLowerCase());
  const only = byName[0];
  if (byName.length === 1 && only !== undefined) return only;
  const available = describeMembers(network);
  const names = network.Members.map((m) => m.Name).join(', ');
  throw usageError(
    'UNKNOWN_MEMBER',
    byName.length > 1
      ? `Member name ${quote(selector)} matches ${byName.length} members of devnet network ${network.NetworkId}: ${byName.map((m) => m.Id).join(', ')}`
      : `No member ${quote(selector)} in devnet network ${network.NetworkId}; its members are ${available === '' ? '(none)' : available}`,
    byName.length > 1
      ? 'Select the member by its ID ("m-…") instead.'
      : `Pass one of the names (${names}) or a member ID.`,
    { selector, available: network.Members.map((m) => ({ name: m.Name, id: m.Id })) },
  );
}

/** Inside the home: where init puts what a fabric-style devnet hands out (relative paths, as the profile says them). */
const HOME_FILES = {
  ordererAdminCert: 'orderer-admin/client.crt',
  ordererAdminKey: 'orderer-admin/client.key',
  ordererMsp: 'orderer-org/msp',
  consenterCert: (i: number): string => `orderer-org/consenters/orderer${i}.crt`,
} as const;

/** The profile's network fields of a fabric-style devnet: no system channel, the orderer admin and org. */
function fabricNetworkOf(network: NetworkFile): Partial<ProfileFileInput['network']> {
  if (network.Style !== 'fabric' || !network.OrdererAdmin || !network.OrdererOrg) return {};
  return {
    systemChannel: false,
    ordererAdmin: {
      endpoint: network.OrdererAdmin.Endpoint,
      tlsCert: HOME_FILES.ordererAdminCert,
      tlsKey: HOME_FILES.ordererAdminKey,
    },
    ordererOrg: {
      mspId: network.OrdererOrg.MspId,
      mspDir: HOME_FILES.ordererMsp,
      consenters: network.OrdererOrg.Consenters.map((c, i) => ({
        endpoint: c.Endpoint,
        tlsCert: HOME_FILES.consenterCert(i),
      })),
    },
  };
}

/** One copy `init` makes into the home: a file or a folder, `to` relative to the home; `mode` for a secret. */
export interface HomeCopy {
  readonly from: string;
  readonly to: string;
  readonly mode?: number;
}

/**
 * Pure: what `init --from-devnet` copies into the home from a fabric-style devnet: the member's
 * Admin MSP (NodeOU: config.yaml, no admincerts) as `mspDir`, the orderer admin's TLS client
 * identity (key 0600), the orderer org's MSP and each consenter's TLS certificate. None for the AMB style.
 */
export function devnetHomeCopies(network: NetworkFile, member: NetworkMember, mspDir: string): HomeCopy[] {
  if (network.Style !== 'fabric' || !network.OrdererAdmin || !network.OrdererOrg) return [];
  return [
    ...(member.AdminMspPath === undefined ? [] : [{ from: member.AdminMspPath, to: mspDir }]),
    { from: network.OrdererAdmin.TlsCertPath, to: HOME_FILES.ordererAdminCert },
    { from: network.OrdererAdmin.TlsKeyPath, to: HOME_FILES.ordererAdminKey, mode: 0o600 },
    { from: network.OrdererOrg.MspPath, to: HOME_FILES.ordererMsp },
    ...network.OrdererOrg.Consenters.map((c, i) => ({ from: c.TlsCertPath, to: HOME_FILES.consenterCert(i) })),
  ];
}

/** The written profile of one devnet member (target "devnet"). `home` is where the profile will live. */
export function profileFromDevnet(network: NetworkFile, memberSelector: string, home: string): ProfileFile {
  const member = selectDevnetMember(network, memberSelector);
  const nodes = network.Nodes.filter((n) => n.MemberId === member.Id);
  const chainFile = path.resolve(home, network.TlsChainPath); // absolute in network.json; resolve() only guards a relative one
  const input: ProfileFileInput = {
    version: 1,
    target: 'devnet',
    network: {
      id: network.NetworkId,
      name: network.Name,
      fabricVersion: network.FrameworkVersion,
      orderingServiceEndpoint: network.OrderingServiceEndpoint,
      ...fabricNetworkOf(network),
    },
    member: {
      id: member.Id,
      name: member.Name,
      caEndpoint: member.CaEndpoint,
      caName: member.Id, // the devnet names each member's CA after the member ID
      adminUser: member.AdminUsername,
      // The fabric style hands out NodeOU MSPs: admins by OU, no admincerts.
      ...(network.Style === 'fabric' ? { nodeOUs: true } : {}),
    },
    peers: nodes.map((n) => ({
      id: n.Id,
      endpoint: n.PeerEndpoint,
      ...(n.PeerEventEndpoint === '' ? {} : { eventEndpoint: n.PeerEventEndpoint }),
      ...(n.ChaincodeLogPath === undefined ? {} : { chaincodeLog: n.ChaincodeLogPath }),
    })),
    tls: {
      chainFile,
      source: { kind: 'file', location: chainFile },
    },
  };
  const result = profileFileSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = profileIssues(result.error).map((i) => `  ${i.path}: ${i.message}`);
  throw new FabkitError(
    'DEVNET_INVALID',
    `The devnet network file does not describe a usable profile for member ${member.Name} (${member.Id}):\n${lines.join('\n')}`,
    {
      hint: 'Restart the devnet (fabkit devnet down, then up) to rewrite network.json.',
      details: { member: member.Id },
    },
  );
}
