/** The devnet's crypto material: member identities from each member's CA, the orderer org from cryptogen, the TLS chain. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import type { Executor } from '../runtime/command-spec';
import { caRootCert, REGISTRAR_ID } from './ca';
import type { DevnetLayout, MemberLayout } from './layout';
import { runStep } from './tools';

/** Runs the Go fabric-ca-client with the password in FABRIC_CA_CLIENT_URL, never in argv. */
async function caClient(
  tools: Executor,
  member: MemberLayout,
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
      args: [...args, '--tls.certfiles', caRootCert(member)],
      env: { FABRIC_CA_CLIENT_HOME: home, ...secretEnv },
    },
    what,
  );
}

function caUrl(member: MemberLayout, user: string, password: string): string {
  return `https://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${member.caPort}`;
}

export function onlyFile(dir: string): string {
  const files = fs.readdirSync(dir).filter((f) => !f.startsWith('.'));
  if (files.length !== 1 || files[0] === undefined)
    throw new Error(`expected exactly one file in ${dir}, found ${files.length}`);
  return path.join(dir, files[0]);
}

function writeFile(file: string, contents: string | Buffer, mode = 0o644): void {
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
  member: MemberLayout,
  memberId: string,
  registrarPassword: string,
  peerName: string,
  peerSecret: string,
): Promise<void> {
  const caname = ['--caname', memberId];
  const registrarMsp = path.join(member.registrarHome, 'msp');
  await caClient(
    tools,
    member,
    member.registrarHome,
    ['enroll', ...caname, '-M', registrarMsp],
    { FABRIC_CA_CLIENT_URL: caUrl(member, REGISTRAR_ID, registrarPassword) },
    `Enrolling the devnet registrar of ${member.name}`,
  );
  writeFile(path.join(registrarMsp, 'admincerts', 'cert.pem'), fs.readFileSync(registrarCert(member)));

  await caClient(
    tools,
    member,
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
      `https://127.0.0.1:${member.caPort}`,
    ],
    { FABRIC_CA_CLIENT_ID_SECRET: peerSecret },
    `Registering the peer of ${member.name}`,
  );

  const peerHome = path.dirname(member.peerMspDir);
  await caClient(
    tools,
    member,
    peerHome,
    ['enroll', ...caname, '-M', member.peerMspDir],
    { FABRIC_CA_CLIENT_URL: caUrl(member, peerName, peerSecret) },
    `Enrolling the peer of ${member.name}`,
  );
  writeFile(path.join(member.peerMspDir, 'admincerts', 'registrar.pem'), fs.readFileSync(registrarCert(member)));

  const tlsTmp = `${member.peerTlsDir}.enroll`;
  await caClient(
    tools,
    member,
    peerHome,
    ['enroll', ...caname, '-M', tlsTmp, '--enrollment.profile', 'tls', '--csr.hosts', '127.0.0.1,localhost'],
    { FABRIC_CA_CLIENT_URL: caUrl(member, peerName, peerSecret) },
    `Enrolling the peer TLS identity of ${member.name}`,
  );
  writeFile(path.join(member.peerTlsDir, 'server.crt'), fs.readFileSync(path.join(tlsTmp, 'signcerts', 'cert.pem')));
  writeFile(
    path.join(member.peerTlsDir, 'server.key'),
    fs.readFileSync(onlyFile(path.join(tlsTmp, 'keystore'))),
    0o600,
  );
  writeFile(path.join(member.peerTlsDir, 'ca.crt'), fs.readFileSync(onlyFile(path.join(tlsTmp, 'tlscacerts'))));
  fs.rmSync(tlsTmp, { recursive: true, force: true });

  const root = fs.readFileSync(caRootCert(member));
  writeFile(path.join(member.orgMspDir, 'cacerts', 'ca.pem'), root);
  writeFile(path.join(member.orgMspDir, 'tlscacerts', 'ca.pem'), root);
  writeFile(path.join(member.orgMspDir, 'admincerts', 'registrar.pem'), fs.readFileSync(registrarCert(member)));
}

/** The orderer org with cryptogen: NodeOUs off, TLS SANs for 127.0.0.1 and localhost. */
export async function makeOrdererCrypto(tools: Executor, layout: DevnetLayout): Promise<void> {
  const config = {
    OrdererOrgs: [
      {
        Name: 'Orderer',
        Domain: 'orderer.devnet',
        EnableNodeOUs: false,
        Specs: [{ Hostname: 'orderer0', SANS: ['localhost', '127.0.0.1'] }],
      },
    ],
  };
  const configFile = path.join(layout.artifactsDir, 'crypto-config.yaml');
  writeFile(configFile, yaml.dump(config));
  await runStep(
    tools,
    {
      tool: 'cryptogen',
      args: ['generate', '--config', configFile, '--output', path.join(layout.privateDir, 'crypto')],
      env: {},
    },
    'Generating the orderer crypto',
  );
}

/** One PEM bundle that verifies every devnet endpoint, like AMB's managedblockchain-tls-chain.pem. */
export function writeTlsChain(layout: DevnetLayout): void {
  const parts = layout.members.map((m) => fs.readFileSync(caRootCert(m), 'utf8').trim());
  parts.push(fs.readFileSync(ordererTlsCaCert(layout), 'utf8').trim());
  writeFile(layout.tlsChainFile, `${parts.join('\n')}\n`);
}

export function ordererTlsCaCert(layout: DevnetLayout): string {
  const cert = fs.readdirSync(layout.orderer.tlsCaDir).find((f) => f.endsWith('-cert.pem'));
  if (!cert) throw new Error(`no TLS CA certificate in ${layout.orderer.tlsCaDir}`);
  return path.join(layout.orderer.tlsCaDir, cert);
}
