/** The devnet's crypto material: member identities from each member's CA, the orderer org from cryptogen, every endpoint's TLS from the TLS PKI. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import type { Executor } from '../runtime/command-spec';
import { certHosts } from './addresses';
import { caRootCert, REGISTRAR_ID } from './ca';
import type { DevnetLayout, MemberLayout } from './layout';
import { writePeerNodeOus } from './peer-msp';
import { issueEndpointCert, newTlsPki, tlsChainPem } from './tls-pki';
import type { TlsKeyPair, TlsPki } from './tls-pki';
import { runStep } from './tools';

/** Runs the Go fabric-ca-client with the password in FABRIC_CA_CLIENT_URL, never in argv. */
export async function caClient(
  tools: Executor,
  layout: DevnetLayout,
  home: string,
  args: string[],
  secretEnv: Record<string, string>,
  what: string,
): Promise<void> {
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  await runStep(
    tools,
    {
      tool: 'fabric-ca-client',
      args: [...args, '--tls.certfiles', layout.tlsChainFile],
      env: { FABRIC_CA_CLIENT_HOME: home, ...secretEnv },
    },
    what,
  );
}

export function caUrl(member: MemberLayout, user: string, password: string): string {
  return `https://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${member.caHost}:${member.caPort}`;
}

export function onlyFile(dir: string): string {
  const files = fs.readdirSync(dir).filter((f) => !f.startsWith('.'));
  if (files.length !== 1 || files[0] === undefined)
    throw new Error(`expected exactly one file in ${dir}, found ${files.length}`);
  return path.join(dir, files[0]);
}

export function writeFile(file: string, contents: string | Buffer, mode = 0o644): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, contents, { mode });
}

/** The devnet registrar's signing cert: the member's placeholder admin until the real admin enrolls. */
export function registrarCert(member: MemberLayout): string {
  return path.join(member.registrarHome, 'msp', 'signcerts', 'cert.pem');
}

/**
 * Enrolls the devnet registrar, registers and enrolls the peer (signing and TLS), and lays out
 * the org MSP for the consortium. The bootstrap admin (AdminUser) is NOT enrolled here: that
 * first enrollment is the member's own step, as on AMB.
 */
export async function makeMemberCrypto(
  tools: Executor,
  layout: DevnetLayout,
  member: MemberLayout,
  memberId: string,
  registrarPassword: string,
  peerName: string,
  peerSecret: string,
  /** The peer's AMB-shaped DNS name, which its TLS certificate names besides its address. */
  peerDnsName: string,
): Promise<void> {
  const caname = ['--caname', memberId];
  const registrarMsp = path.join(member.registrarHome, 'msp');
  await caClient(
    tools,
    layout,
    member.registrarHome,
    ['enroll', ...caname, '-M', registrarMsp],
    { FABRIC_CA_CLIENT_URL: caUrl(member, REGISTRAR_ID, registrarPassword) },
    `Enrolling the devnet registrar of ${member.name}`,
  );
  writeFile(path.join(registrarMsp, 'admincerts', 'cert.pem'), fs.readFileSync(registrarCert(member)));

  await caClient(
    tools,
    layout,
    member.registrarHome,
    [
      'register',
      ...caname,
      '--id.name',
      peerName,
      '--id.type',
      'peer',
      '--id.affiliation',
      member.name,
      '-u',
      `https://${member.caHost}:${member.caPort}`,
    ],
    { FABRIC_CA_CLIENT_ID_SECRET: peerSecret },
    `Registering the peer of ${member.name}`,
  );

  const peerHome = path.dirname(member.peerMspDir);
  await caClient(
    tools,
    layout,
    peerHome,
    ['enroll', ...caname, '-M', member.peerMspDir],
    { FABRIC_CA_CLIENT_URL: caUrl(member, peerName, peerSecret) },
    `Enrolling the peer of ${member.name}`,
  );
  writeFile(path.join(member.peerMspDir, 'admincerts', 'registrar.pem'), fs.readFileSync(registrarCert(member)));
  // Admin by OU (peer-msp.ts) is off: with it the peer accepts a re-enrolled admin before the
  // ordering service does, and `fabkit enroll`'s wait (peers only) returns too early for a channel
  // created at once by another member. Turn it on when that wait also covers the orderer.
  if (process.env.FABKIT_DEVNET_ADMIN_BY_OU === '1') writePeerNodeOus(member.peerMspDir);

  const pki = readTlsPki(layout);
  writeEndpointTls(
    member.peerTlsDir,
    issueEndpointCert(pki, `${peerName}.${member.name}.devnet`, certHosts(member.peerHost, peerDnsName)),
    pki,
  );

  writeFile(path.join(member.orgMspDir, 'cacerts', 'ca.pem'), fs.readFileSync(caRootCert(member)));
  setTlsCas(member.orgMspDir, pki);
  writeFile(path.join(member.orgMspDir, 'admincerts', 'registrar.pem'), fs.readFileSync(registrarCert(member)));
}

/**
 * The orderer org's MSPs from cryptogen (its TLS is replaced by the TLS PKI's afterwards):
 * NodeOUs off for the AMB style, on for the fabric style; written under `output`.
 */
export async function runOrdererCryptogen(
  tools: Executor,
  layout: DevnetLayout,
  options: { nodeOUs: boolean; output: string },
): Promise<void> {
  const config = {
    OrdererOrgs: [
      {
        Name: 'Orderer',
        Domain: 'orderer.devnet',
        EnableNodeOUs: options.nodeOUs,
        Specs: [{ Hostname: 'orderer0', SANS: ['localhost', '127.0.0.1'] }],
      },
    ],
  };
  const configFile = path.join(layout.artifactsDir, 'crypto-config.yaml');
  writeFile(configFile, yaml.dump(config));
  await runStep(
    tools,
    { tool: 'cryptogen', args: ['generate', '--config', configFile, '--output', options.output], env: {} },
    'Generating the orderer crypto',
  );
}

/** The orderer org with cryptogen (NodeOUs off), its endpoint TLS from the TLS PKI. */
export async function makeOrdererCrypto(tools: Executor, layout: DevnetLayout, ordererDnsName: string): Promise<void> {
  await runOrdererCryptogen(tools, layout, { nodeOUs: false, output: path.join(layout.privateDir, 'crypto') });
  // cryptogen made its own TLS CA; the devnet's endpoints all use the one TLS PKI instead.
  const pki = readTlsPki(layout);
  const o = layout.orderer;
  writeEndpointTls(o.tlsDir, issueEndpointCert(pki, 'orderer0.orderer.devnet', certHosts(o.host, ordererDnsName)), pki);
  for (const msp of [path.join(o.cryptoDir, 'msp'), o.mspDir, o.adminMspDir]) setTlsCas(msp, pki);
  fs.rmSync(o.tlsCaDir, { recursive: true, force: true });
}

const PKI_FILES = {
  root: ['root.crt', 'root.key'],
  intermediate: ['intermediate.crt', 'intermediate.key'],
} as const;

/**
 * First-time set-up of the TLS PKI: a new root and intermediate (kept in private/tls-pki), the
 * chain file clients trust (devnet-tls-chain.pem, like AMB's managedblockchain-tls-chain.pem),
 * and each member CA's TLS certificate. Peers and the orderer get theirs as their crypto is made.
 */
export function makeTlsPki(layout: DevnetLayout, caDnsNames: readonly string[]): void {
  const pki = newTlsPki();
  for (const [part, [cert, key]] of Object.entries(PKI_FILES)) {
    writeFile(path.join(layout.tlsPkiDir, cert), pki[part as keyof TlsPki].certPem);
    writeFile(path.join(layout.tlsPkiDir, key), pki[part as keyof TlsPki].keyPem, 0o600);
  }
  writeFile(layout.tlsChainFile, tlsChainPem(pki));
  for (const m of layout.members) {
    // The AMB style names each CA as AMB does; the fabric style as test-network does (its CN).
    const cn = `ca.${m.name}.devnet`;
    const hosts = certHosts(m.caHost, layout.style === 'fabric' ? cn : (caDnsNames[m.index] ?? cn));
    writeEndpointTls(m.caTlsDir, issueEndpointCert(pki, cn, hosts), pki);
  }
}

export function readTlsPki(layout: DevnetLayout): TlsPki {
  const read = ([cert, key]: readonly [string, string]): TlsKeyPair => ({
    certPem: fs.readFileSync(path.join(layout.tlsPkiDir, cert), 'utf8'),
    keyPem: fs.readFileSync(path.join(layout.tlsPkiDir, key), 'utf8'),
  });
  return { root: read(PKI_FILES.root), intermediate: read(PKI_FILES.intermediate) };
}

/** server.crt (the endpoint's own certificate only), server.key (0600), ca.crt (the TLS root). */
export function writeEndpointTls(dir: string, pair: TlsKeyPair, pki: TlsPki): void {
  writeFile(path.join(dir, 'server.crt'), pair.certPem);
  writeFile(path.join(dir, 'server.key'), pair.keyPem, 0o600);
  writeFile(path.join(dir, 'ca.crt'), pki.root.certPem);
}

/** An MSP's TLS trust: the TLS root in tlscacerts/, the intermediate in tlsintermediatecerts/. */
export function setTlsCas(mspDir: string, pki: TlsPki): void {
  for (const folder of ['tlscacerts', 'tlsintermediatecerts'])
    fs.rmSync(path.join(mspDir, folder), { recursive: true, force: true });
  writeFile(path.join(mspDir, 'tlscacerts', 'tls-root.pem'), pki.root.certPem);
  writeFile(path.join(mspDir, 'tlsintermediatecerts', 'tls-intermediate.pem'), pki.intermediate.certPem);
}
