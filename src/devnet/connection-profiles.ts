/** The fabric style's hand-outs: connection-<org>.json/.yaml in test-network's format, and network.json's orderer fields. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import type { NetworkFile } from '../config/network-file';
import type { OrdererAdminTarget } from '../fabric-cli/osnadmin';
import type { DevnetLayout, MemberLayout } from './layout';
import { ORDERER_MSP } from './layout';
import { writeJsonAtomic } from './state';

const ORDERER_NAME = 'orderer0.orderer.devnet';

/** The host a hand-out names: test-network's `localhost` for 127.0.0.1, else the resource's own loopback address. */
function clientHost(host: string): string {
  return host === '127.0.0.1' ? 'localhost' : host;
}

/** The devnet's own osnadmin identity (the orderer admin's TLS client certificate). */
export function devnetOrdererAdmin(layout: DevnetLayout): OrdererAdminTarget {
  const t = (f: string): string => path.join(layout.orderer.adminTlsDir, f);
  return {
    endpoint: `${layout.orderer.host}:${layout.orderer.adminPort}`,
    caFile: layout.tlsChainFile,
    clientCert: t('client.crt'),
    clientKey: t('client.key'),
  };
}

/** network.json's fabric-style fields: the orderer admin and the orderer org (paths absolute). */
export function fabricNetworkFields(layout: DevnetLayout): Pick<NetworkFile, 'Style' | 'OrdererAdmin' | 'OrdererOrg'> {
  const admin = devnetOrdererAdmin(layout);
  const o = layout.orderer;
  return {
    Style: 'fabric',
    OrdererAdmin: { Endpoint: admin.endpoint, TlsCertPath: admin.clientCert, TlsKeyPath: admin.clientKey },
    OrdererOrg: {
      MspId: ORDERER_MSP,
      MspPath: path.join(o.cryptoDir, 'msp'),
      Consenters: [{ Endpoint: `${o.host}:${o.port}`, TlsCertPath: path.join(o.tlsDir, 'server.crt') }],
    },
  };
}

/** test-network's organization key: org1 → Org1. */
function orgKey(member: MemberLayout): string {
  return member.name.charAt(0).toUpperCase() + member.name.slice(1);
}

/**
 * Pure: one org's connection profile as test-network writes it (name, version, client,
 * organizations, peers, certificateAuthorities), plus an `orderers` section, which
 * test-network's own files lack and fabkit needs to reach the ordering service.
 */
export function connectionProfile(
  layout: DevnetLayout,
  member: MemberLayout,
  mspId: string,
  tlsPem: string,
): Record<string, unknown> {
  const peer = `peer0.${member.domain}`;
  const ca = `ca.${member.domain}`;
  const grpc = (name: string): Record<string, string> => ({
    'ssl-target-name-override': name,
    hostnameOverride: name,
  });
  return {
    name: `devnet-${member.name}`,
    version: '1.0.0',
    client: { organization: orgKey(member), connection: { timeout: { peer: { endorser: '300' } } } },
    organizations: {
      [orgKey(member)]: { mspid: mspId, peers: [peer], certificateAuthorities: [ca], orderers: [ORDERER_NAME] },
    },
    peers: {
      [peer]: {
        url: `grpcs://${clientHost(member.peerHost)}:${member.peerPort}`,
        tlsCACerts: { pem: tlsPem },
        grpcOptions: grpc(peer),
      },
    },
    certificateAuthorities: {
      [ca]: {
        url: `https://${clientHost(member.caHost)}:${member.caPort}`,
        caName: mspId,
        tlsCACerts: { pem: [tlsPem] },
        httpOptions: { verify: false },
      },
    },
    orderers: {
      [ORDERER_NAME]: {
        url: `grpcs://${clientHost(layout.orderer.host)}:${layout.orderer.port}`,
        tlsCACerts: { pem: tlsPem },
        grpcOptions: grpc(ORDERER_NAME),
      },
    },
  };
}

/** organizations/peerOrganizations/<org>/connection-<org>.json and .yaml, for every member. */
export function writeConnectionProfiles(layout: DevnetLayout, memberIds: readonly string[]): void {
  const tlsPem = fs.readFileSync(layout.tlsChainFile, 'utf8');
  layout.members.forEach((m, i) => {
    const doc = connectionProfile(layout, m, memberIds[i] ?? '', tlsPem);
    writeJsonAtomic(path.join(m.orgDir, `connection-${m.name}.json`), doc);
    fs.writeFileSync(path.join(m.orgDir, `connection-${m.name}.yaml`), yaml.dump(doc, { lineWidth: -1 }));
  });
}
