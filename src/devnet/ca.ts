/** Each member's fabric-ca-server: its environment, first-time init, and the long-running process. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import type { Executor } from '../runtime/command-spec';
import type { FabricInstall } from '../runtime/fabric-install';
import { tool } from '../runtime/fabric-install';
import type { MemberLayout } from './layout';
import type { ProcessSpec } from './processes';
import { runStep } from './tools';

export const REGISTRAR_ID = 'devnet-registrar';

const REGISTRAR_ATTRS = {
  'hf.Registrar.Roles': '*',
  'hf.Registrar.DelegateRoles': '*',
  'hf.Revoker': true,
  'hf.IntermediateCA': true,
  'hf.GenCRL': true,
  'hf.Registrar.Attributes': '*',
  'hf.AffiliationMgr': true,
};

export function caEnv(member: MemberLayout, memberId: string, opsPort = member.caOpsPort): Record<string, string> {
  return {
    FABRIC_CA_SERVER_HOME: member.caHome,
    FABRIC_CA_SERVER_ADDRESS: member.caHost,
    FABRIC_CA_SERVER_PORT: String(member.caPort),
    FABRIC_CA_SERVER_CA_NAME: memberId,
    FABRIC_CA_SERVER_CSR_CN: `ca.${member.name}.devnet`,
    FABRIC_CA_SERVER_CSR_HOSTS: member.caHost === '127.0.0.1' ? '127.0.0.1,localhost' : member.caHost,
    FABRIC_CA_SERVER_TLS_ENABLED: 'true',
    // The CA serves a certificate of the devnet's TLS PKI, not one from its own CA (as on AMB).
    FABRIC_CA_SERVER_TLS_CERTFILE: path.join(member.caTlsDir, 'server.crt'),
    FABRIC_CA_SERVER_TLS_KEYFILE: path.join(member.caTlsDir, 'server.key'),
    FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS: `${member.caHost}:${opsPort}`,
    FABRIC_CA_SERVER_METRICS_PROVIDER: 'disabled',
  };
}

/**
 * First-time set-up of a member's CA: `init` with the bootstrap admin (password in env, never
 * argv), then add the devnet's private registrar identity and the member's affiliation to the
 * config, and drop the DB so that `start` loads both identities fresh.
 */
export async function initCa(
  tools: Executor,
  member: MemberLayout,
  memberId: string,
  admin: { user: string; password: string },
  registrarPassword: string,
  /** fabric style: the bootstrap admin is registered with type admin, so its certificates carry the admin OU. */
  adminOu = false,
): Promise<void> {
  fs.mkdirSync(member.caHome, { recursive: true, mode: 0o700 });
  // FABRIC_CA_SERVER_HOME (in caEnv) is where init writes, whatever the working directory.
  await runStep(
    tools,
    {
      tool: 'fabric-ca-server',
      args: ['init'],
      env: { ...caEnv(member, memberId), FABRIC_CA_SERVER_BOOT: `${admin.user}:${admin.password}` },
    },
    `Initialising the CA of ${member.name}`,
  );
  const configFile = path.join(member.caHome, 'fabric-ca-server-config.yaml');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- fabric-ca's config file is edited as loose YAML
  const config = yaml.load(fs.readFileSync(configFile, 'utf8')) as Record<string, any>;
  const boot = config.registry.identities[0];
  if (adminOu && boot) boot.type = 'admin';
  config.registry.identities.push({
    name: REGISTRAR_ID,
    pass: registrarPassword,
    type: 'client',
    affiliation: '',
    attrs: REGISTRAR_ATTRS,
  });
  config.affiliations = { ...(config.affiliations ?? {}), [member.name]: config.affiliations?.[member.name] ?? [] };
  fs.writeFileSync(configFile, yaml.dump(config, { lineWidth: -1 }), { mode: 0o600 });
  fs.rmSync(path.join(member.caHome, 'fabric-ca-server.db'), { force: true });
}

export function caProcess(
  install: FabricInstall,
  member: MemberLayout,
  memberId: string,
  logsDir: string,
): ProcessSpec {
  return {
    name: `ca-${member.name}`,
    command: tool(install, 'fabric-ca-server'),
    args: ['start'],
    env: caEnv(member, memberId),
    cwd: member.caHome,
    logFile: path.join(logsDir, `ca-${member.name}.log`),
  };
}

export function caRootCert(member: MemberLayout): string {
  return path.join(member.caHome, 'ca-cert.pem');
}
