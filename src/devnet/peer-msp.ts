/**
 * The peer's local MSP classification (NodeOUs): how the devnet makes a re-enrolled bootstrap
 * admin an admin of its peer without restarting the peer or growing admincerts/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';

/** The OU Fabric CA writes for an identity of type "admin" (it writes OU=<type> into every cert it issues). */
export const ADMIN_OU = 'admin';

/** The identity types the peer's local MSP tells apart, each the OU Fabric CA writes for that type. */
const NODE_OUS = {
  ClientOUIdentifier: 'client',
  PeerOUIdentifier: 'peer',
  AdminOUIdentifier: ADMIN_OU,
  OrdererOUIdentifier: 'orderer',
};

/**
 * Pure: the peer's local MSP config.yaml. A Fabric 2.5 peer reads its local MSP only at start,
 * so an admin listed in admincerts/ later needs a restart; an identity classified as admin by
 * its OU is an admin the moment its cert is issued. admincerts/ still counts (the first
 * enrollment's cert is propagated that way, as before). Channel MSPs are not touched: they stay
 * pre-NodeOU, as on AMB.
 */
export function peerNodeOusYaml(caCertRelative: string): string {
  const ou = (id: string) => ({ Certificate: caCertRelative, OrganizationalUnitIdentifier: id });
  return yaml.dump(
    {
      NodeOUs: {
        Enable: true,
        ...Object.fromEntries(Object.entries(NODE_OUS).map(([k, v]) => [k, ou(v)])),
      },
    },
    { lineWidth: -1 },
  );
}

/** Writes config.yaml into the peer's MSP, naming its one CA cert as the certifier. */
export function writePeerNodeOus(peerMspDir: string): void {
  const cacerts = fs.readdirSync(path.join(peerMspDir, 'cacerts')).filter((f) => f.endsWith('.pem'));
  if (cacerts.length !== 1 || cacerts[0] === undefined)
    throw new Error(`expected one CA cert in ${peerMspDir}/cacerts, found ${cacerts.length}`);
  fs.writeFileSync(path.join(peerMspDir, 'config.yaml'), peerNodeOusYaml(`cacerts/${cacerts[0]}`));
}

/** True when the peer classifies identities by OU (devnets made before this have no config.yaml). */
export function peerClassifiesByOu(peerMspDir: string): boolean {
  return fs.existsSync(path.join(peerMspDir, 'config.yaml'));
}

/** Pure: the OUs of a certificate's subject, as Fabric reads them. */
export function organizationalUnits(subject: string): string[] {
  return subject
    .split('\n')
    .flatMap((line) => (line.startsWith('OU=') ? line.slice(3).split('+OU=') : []))
    .map((ou) => ou.trim());
}
