import * as fs from 'node:fs';
import * as path from 'node:path';
import execa from 'execa';
import { waitFor } from '../../src/runtime/wait-for';
import { adminPassword, readNetwork, sharedDevnet } from './devnet';

/**
 * Drives the real Go binaries (fabric-ca-client, configtxgen, peer) the way the AMB tutorial
 * does by hand, so that the devnet is judged by Fabric's own tools rather than fabkit code.
 */
export interface MemberCli {
  readonly binDir: string;
  readonly home: string;
  readonly memberId: string;
  readonly peer: string;
  readonly orderer: string;
  readonly tlsChain: string;
  readonly mspDir: string;
}

export interface Run {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function bin(
  cli: MemberCli,
  name: string,
  args: readonly string[],
  env: Record<string, string> = {},
  timeout = 120_000,
): Promise<Run> {
  const r = await execa(path.join(cli.binDir, name), [...args], {
    reject: false,
    cwd: cli.home,
    timeout,
    extendEnv: false,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      FABRIC_CFG_PATH: cli.home,
      CORE_PEER_TLS_ENABLED: 'true',
      CORE_PEER_TLS_ROOTCERT_FILE: cli.tlsChain,
      CORE_PEER_LOCALMSPID: cli.memberId,
      CORE_PEER_MSPCONFIGPATH: cli.mspDir,
      CORE_PEER_ADDRESS: cli.peer,
      FABRIC_CA_CLIENT_HOME: path.join(cli.home, '.fabric-ca-client'),
      ...env,
    },
  });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export async function must(
  cli: MemberCli,
  name: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<Run> {
  const r = await bin(cli, name, args, env);
  if (r.exitCode !== 0)
    throw new Error(
      `${name} ${args.slice(0, 3).join(' ')} failed (${r.exitCode}):\n${r.stderr.split('\n').slice(-8).join('\n')}`,
    );
  return r;
}

export const ordererArgs = (cli: MemberCli): string[] => ['-o', cli.orderer, '--tls', '--cafile', cli.tlsChain];

/** Tutorial step 4: enroll with the password in FABRIC_CA_CLIENT_URL (kept out of argv), then copy signcerts to admincerts. */
export async function enrollAdmin(cli: MemberCli, caEndpoint: string, user: string, password: string): Promise<void> {
  await must(cli, 'fabric-ca-client', ['enroll', '--tls.certfiles', cli.tlsChain, '-M', cli.mspDir], {
    FABRIC_CA_CLIENT_URL: `https://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${caEndpoint}`,
  });
  fs.mkdirSync(path.join(cli.mspDir, 'admincerts'), { recursive: true });
  fs.copyFileSync(path.join(cli.mspDir, 'signcerts', 'cert.pem'), path.join(cli.mspDir, 'admincerts', 'cert.pem'));
}

/** Tutorial step 6.1: a configtx.yaml for a channel of the given members (policies included, as 2.x configtxgen needs). */
export function writeConfigtx(
  cli: MemberCli,
  orgs: readonly { memberId: string; mspDir: string }[],
  appCapability: 'V1_4_2' | 'V2_0',
): void {
  const sig = (rule: string): string => `{Type: Signature, Rule: "${rule}"}`;
  const meta = (rule: string): string => `{Type: ImplicitMeta, Rule: "${rule}"}`;
  const orgYaml = orgs
    .map(
      (o, i) => `  - &Org${i}
    Name: ${o.memberId}
    ID: ${o.memberId}
    MSPDir: ${o.mspDir}
    Policies:
      Readers: ${sig(`OR('${o.memberId}.member')`)}
      Writers: ${sig(`OR('${o.memberId}.member')`)}
      Admins: ${sig(`OR('${o.memberId}.admin')`)}
      Endorsement: ${sig(`OR('${o.memberId}.member')`)}`,
    )
    .join('\n');
  const lifecycle =
    appCapability === 'V2_0'
      ? `\n        LifecycleEndorsement: ${meta('MAJORITY Endorsement')}\n        Endorsement: ${meta('MAJORITY Endorsement')}`
      : '';
  const text = `Organizations:
${orgYaml}
Profiles:
  Channel:
    Policies:
      Readers: ${meta('ANY Readers')}
      Writers: ${meta('ANY Writers')}
      Admins: ${meta('MAJORITY Admins')}
    Consortium: AWSSystemConsortium
    Application:
      Organizations: [${orgs.map((_, i) => `*Org${i}`).join(', ')}]
      Policies:
        Readers: ${meta('ANY Readers')}
        Writers: ${meta('ANY Writers')}
        Admins: ${meta('MAJORITY Admins')}${lifecycle}
      Capabilities: {${appCapability}: true}
`;
  fs.writeFileSync(path.join(cli.home, 'configtx.yaml'), text);
}

/** The project's own bounded poll (src/runtime/wait-for), with the test's naming. */
export async function waitUntil<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<{ value: T; ms: number }> {
  const r = await waitFor(probe, { what, timeoutMs, intervalMs: 100, maxIntervalMs: 1000 });
  return { value: r.value, ms: r.elapsedMs };
}

/** A member's client home for driving the Go binaries by hand (the peer CLI needs a core.yaml there). */
export function memberCli(
  index: number,
  homeName: string,
): { cli: MemberCli; caEndpoint: string; user: string; password: string } {
  const dn = sharedDevnet();
  const net = readNetwork(dn.dir);
  const member = net.Members[index];
  const node = net.Nodes.find((n) => n.MemberId === member?.Id);
  if (!member || !node) throw new Error(`no member ${index}`);
  const home = path.join(dn.dir, 'clients', homeName);
  fs.mkdirSync(home, { recursive: true });
  fs.copyFileSync(path.join(path.dirname(dn.binDir), 'config', 'core.yaml'), path.join(home, 'core.yaml'));
  return {
    cli: {
      binDir: dn.binDir,
      home,
      memberId: member.Id,
      peer: node.PeerEndpoint,
      orderer: net.OrderingServiceEndpoint,
      tlsChain: net.TlsChainPath,
      mspDir: path.join(home, 'admin-msp'),
    },
    caEndpoint: member.CaEndpoint,
    user: member.AdminUsername,
    password: adminPassword(dn.dir, member.Id),
  };
}
