/** The fabric style's crypto (test-network's shape): NodeOU MSPs from each member's CA, the org Admin enrolled with the admin OU, the orderer org with NodeOUs and an admin mutual-TLS identity. */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import type { Executor } from '../runtime/command-spec';
import { caRootCert, REGISTRAR_ID } from './ca';
import { certHosts } from './addresses';
import {
  caClient,
  caUrl,
  onlyFile,
  runOrdererCryptogen,
  readTlsPki,
  setTlsCas,
  writeEndpointTls,
  writeFile,
} from './crypto';
import type { DevnetLayout, MemberLayout } from './layout';
import { issueEndpointCert, tlsChainPem } from './tls-pki';

/** Pure: an MSP's config.yaml with NodeOUs enabled, every OU identifier naming `caCert` (relative to the MSP). */
export function nodeOuConfig(caCert: string): Record<string, unknown> {
  const ou = (name: string): Record<string, string> => ({ Certificate: caCert, OrganizationalUnitIdentifier: name });
  return {
    NodeOUs: {
      Enable: true,
      ClientOUIdentifier: ou('client'),
      PeerOUIdentifier: ou('peer'),
      AdminOUIdentifier: ou('admin'),
      OrdererOUIdentifier: ou('orderer'),
    },
  };
}

/** Writes <msp>/config.yaml naming the MSP's only cacerts file. */
function writeNodeOuConfig(mspDir: string): void {
  const caCert = path
    .relative(mspDir, onlyFile(path.join(mspDir, 'cacerts')))
    .split(path.sep)
    .join('/');
  writeFile(path.join(mspDir, 'config.yaml'), yaml.dump(nodeOuConfig(caCert)));
}

/** The org admin's enrollment name on its CA (test-network's org1admin). */
export function orgAdminName(member: MemberLayout): string {
  return `${member.name}admin`;
}

/**
 * One member in the fabric style: the devnet registrar, the peer (type peer) and the org admin
 * (type admin) from the member's CA, all NodeOU MSPs without admincerts, laid out as
 * test-network does under organizations/peerOrganizations/<org>/.
 */
export async function makeFabricMemberCrypto(
  tools: Executor,
  layout: DevnetLayout,
  member: MemberLayout,
  memberId: string,
  registrarPassword: string,
  peerSecret: string,
): Promise<void> {
  const caname = ['--caname', memberId];
  const url = ['-u', `https://${member.caHost}:${member.caPort}`];
  await caClient(
    tools,
    layout,
    member.registrarHome,
    ['enroll', ...caname, '-M', path.join(member.registrarHome, 'msp')],
    { FABRIC_CA_CLIENT_URL: caUrl(member, REGISTRAR_ID, registrarPassword) },
    `Enrolling the devnet registrar of ${member.name}`,
  );
  const peerName = `peer0.${member.domain}`;
  const adminName = orgAdminName(member);
  const adminSecret = randomBytes(18).toString('base64url');
  for (const [name, type, secret] of [
    [peerName, 'peer', peerSecret],
    [adminName, 'admin', adminSecret],
  ] as const) {
    await caClient(
      tools,
      layout,
      member.registrarHome,
      ['register', ...caname, '--id.name', name, '--id.type', type, '--id.affiliation', member.name, ...url],
      { FABRIC_CA_CLIENT_ID_SECRET: secret },
      `Registering the ${type} of ${member.name}`,
    );
  }
  const pki = readTlsPki(layout);
  for (const [name, secret, mspDir] of [
    [peerName, peerSecret, member.peerMspDir],
    [adminName, adminSecret, member.adminMspDir],
  ] as const) {
    await caClient(
      tools,
      layout,
      path.dirname(mspDir),
      ['enroll', ...caname, '-M', mspDir],
      { FABRIC_CA_CLIENT_URL: caUrl(member, name, secret) },
      `Enrolling ${name}`,
    );
    writeNodeOuConfig(mspDir);
    setTlsCas(mspDir, pki);
    fs.rmSync(path.join(mspDir, 'IssuerPublicKey'), { force: true });
    fs.rmSync(path.join(mspDir, 'IssuerRevocationPublicKey'), { force: true });
    fs.rmSync(path.join(mspDir, 'user'), { recursive: true, force: true });
  }
  writeEndpointTls(member.peerTlsDir, issueEndpointCert(pki, peerName, certHosts(member.peerHost, peerName)), pki);
  writeFile(path.join(member.orgMspDir, 'cacerts', 'ca.pem'), fs.readFileSync(caRootCert(member)));
  setTlsCas(member.orgMspDir, pki);
  writeNodeOuConfig(member.orgMspDir);
  // test-network's other hand-outs: the CA's root (ca/) and the TLS root (tlsca/).
  writeFile(path.join(member.orgDir, 'ca', `ca.${member.domain}-cert.pem`), fs.readFileSync(caRootCert(member)));
  writeFile(path.join(member.orgDir, 'tlsca', `tlsca.${member.domain}-cert.pem`), tlsChainPem(pki));
}

/**
 * The orderer org in the fabric style: cryptogen with NodeOUs into organizations/, every TLS
 * certificate from the devnet's TLS PKI, and the orderer admin's mutual-TLS client identity
 * (users/Admin@orderer.devnet/tls: client.crt, client.key 0600, ca.crt the TLS chain).
 */
export async function makeFabricOrdererCrypto(tools: Executor, layout: DevnetLayout): Promise<void> {
  const o = layout.orderer;
  await runOrdererCryptogen(tools, layout, { nodeOUs: true, output: layout.organizationsDir });
  const pki = readTlsPki(layout);
  const cn = 'orderer0.orderer.devnet';
  writeEndpointTls(o.tlsDir, issueEndpointCert(pki, cn, certHosts(o.host, cn)), pki);
  const admin = issueEndpointCert(pki, 'admin.orderer.devnet', ['localhost']);
  fs.rmSync(o.adminTlsDir, { recursive: true, force: true });
  writeFile(path.join(o.adminTlsDir, 'client.crt'), admin.certPem);
  writeFile(path.join(o.adminTlsDir, 'client.key'), admin.keyPem, 0o600);
  writeFile(path.join(o.adminTlsDir, 'ca.crt'), tlsChainPem(pki));
  for (const msp of [path.join(o.cryptoDir, 'msp'), o.mspDir, o.adminMspDir]) {
    setTlsCas(msp, pki);
    fs.rmSync(path.join(msp, 'admincerts'), { recursive: true, force: true });
  }
  fs.rmSync(o.tlsCaDir, { recursive: true, force: true });
}
