/** The orderer and peer processes of the devnet: their environment and config files (started by processes.ts). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import type { FabricInstall } from '../runtime/fabric-install';
import { tool } from '../runtime/fabric-install';
import type { DevnetLayout, MemberLayout } from './layout';
import { ORDERER_MSP } from './layout';
import type { ProcessSpec } from './processes';
import type { CliTarget, OrdererTarget } from '../fabric-cli/channel-commands';

export const GENESIS_BLOCK = 'system-genesis.block';

export function ordererProcess(install: FabricInstall, layout: DevnetLayout): ProcessSpec {
  const o = layout.orderer;
  const configDir = path.join(o.home, 'config');
  fs.mkdirSync(configDir, { recursive: true, mode: 0o700 });
  fs.copyFileSync(path.join(install.configDir, 'orderer.yaml'), path.join(configDir, 'orderer.yaml'));
  const tls = (f: string): string => path.join(o.tlsDir, f);
  return {
    name: 'orderer',
    command: tool(install, 'orderer'),
    args: [],
    cwd: o.home,
    logFile: path.join(layout.logsDir, 'orderer.log'),
    env: {
      FABRIC_CFG_PATH: configDir,
      FABRIC_LOGGING_SPEC: 'info',
      ORDERER_GENERAL_LISTENADDRESS: o.host,
      ORDERER_GENERAL_LISTENPORT: String(o.port),
      ORDERER_GENERAL_LOCALMSPID: ORDERER_MSP,
      ORDERER_GENERAL_LOCALMSPDIR: o.mspDir,
      ORDERER_GENERAL_TLS_ENABLED: 'true',
      ORDERER_GENERAL_TLS_CERTIFICATE: tls('server.crt'),
      ORDERER_GENERAL_TLS_PRIVATEKEY: tls('server.key'),
      ORDERER_GENERAL_TLS_ROOTCAS: `[${tls('ca.crt')}]`,
      ...(layout.style === 'fabric' ? channelParticipationEnv(layout) : systemChannelEnv(layout)),
      ORDERER_FILELEDGER_LOCATION: path.join(o.home, 'ledger'),
      ORDERER_CONSENSUS_WALDIR: path.join(o.home, 'etcdraft', 'wal'),
      ORDERER_CONSENSUS_SNAPDIR: path.join(o.home, 'etcdraft', 'snapshot'),
      ORDERER_OPERATIONS_LISTENADDRESS: `${o.host}:${o.opsPort}`,
      ORDERER_ADMIN_LISTENADDRESS: `${o.host}:${o.adminPort}`,
      ORDERER_METRICS_PROVIDER: 'disabled',
    },
  };
}

/** AMB style: the orderer starts from the system channel's genesis block. */
function systemChannelEnv(layout: DevnetLayout): Record<string, string> {
  return {
    ORDERER_GENERAL_BOOTSTRAPMETHOD: 'file',
    ORDERER_GENERAL_BOOTSTRAPFILE: path.join(layout.artifactsDir, GENESIS_BLOCK),
  };
}

/**
 * fabric style: no system channel (BootstrapMethod none), channels joined through the channel
 * participation API on the Admin listener, which requires mutual TLS with a client certificate
 * of the devnet's TLS PKI (the chain file lists its root and intermediate).
 */
export function channelParticipationEnv(layout: DevnetLayout): Record<string, string> {
  const tls = (f: string): string => path.join(layout.orderer.tlsDir, f);
  return {
    ORDERER_GENERAL_BOOTSTRAPMETHOD: 'none',
    ORDERER_CHANNELPARTICIPATION_ENABLED: 'true',
    ORDERER_ADMIN_TLS_ENABLED: 'true',
    ORDERER_ADMIN_TLS_CERTIFICATE: tls('server.crt'),
    ORDERER_ADMIN_TLS_PRIVATEKEY: tls('server.key'),
    ORDERER_ADMIN_TLS_ROOTCAS: `[${layout.tlsChainFile}]`,
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED: 'true',
    ORDERER_ADMIN_TLS_CLIENTROOTCAS: `[${layout.tlsChainFile}]`,
  };
}

/**
 * Fabric's stock core.yaml with the two settings env vars cannot express: no Docker endpoint,
 * and the devnet's external builders (Go and Node, both offline, as on AMB). Pure: text in, text out.
 */
export function patchCoreYaml(stock: string, buildersDir: string): string {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Fabric's core.yaml is edited as loose YAML
  const doc = yaml.load(stock) as Record<string, any>;
  if (doc.vm) delete doc.vm.endpoint;
  doc.chaincode.externalBuilders = BUILDERS.map((b) => ({
    name: `devnet-${b}`,
    path: path.join(buildersDir, b),
    // HOME: the Go build cache (and node's); FABKIT_CHAINCODE_LOG: where the builders copy their
    // lines (the peer keeps only exit statuses in its errors); nothing else, so that no builder can download.
    propagateEnvironment: ['HOME', CHAINCODE_LOG_ENV],
  }));
  return yaml.dump(doc, { lineWidth: -1 });
}

/** The variable that tells the devnet's builders where to copy their lines (build, launch, the chaincode's own output). */
export const CHAINCODE_LOG_ENV = 'FABKIT_CHAINCODE_LOG';

/** One file per peer with its builders' and chaincodes' lines, each tagged with the step and chaincode. */
export function chaincodeLogFile(layout: DevnetLayout, member: MemberLayout): string {
  return path.join(layout.logsDir, `chaincode-${member.name}.log`);
}

/** The builders under templates/devnet/builders, by folder name. */
export const BUILDERS = ['golang', 'node'] as const;

export function writePeerConfig(install: FabricInstall, layout: DevnetLayout, member: MemberLayout): string {
  const configDir = path.join(member.peerHome, 'config');
  fs.mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const stock = fs.readFileSync(path.join(install.configDir, 'core.yaml'), 'utf8');
  fs.writeFileSync(path.join(configDir, 'core.yaml'), patchCoreYaml(stock, layout.buildersDir));
  return configDir;
}

export function peerProcess(
  install: FabricInstall,
  layout: DevnetLayout,
  member: MemberLayout,
  memberId: string,
  nodeId: string,
): ProcessSpec {
  const addr = `${member.peerHost}:${member.peerPort}`;
  const tls = (f: string): string => path.join(member.peerTlsDir, f);
  return {
    name: `peer-${member.name}`,
    command: tool(install, 'peer'),
    args: ['node', 'start'],
    cwd: member.peerHome,
    logFile: path.join(layout.logsDir, `peer-${member.name}.log`),
    env: {
      FABRIC_CFG_PATH: path.join(member.peerHome, 'config'),
      FABRIC_LOGGING_SPEC: 'info',
      CORE_PEER_ID: nodeId,
      CORE_PEER_ADDRESS: addr,
      CORE_PEER_LISTENADDRESS: addr,
      CORE_PEER_CHAINCODEADDRESS: `${member.peerHost}:${member.peerChaincodePort}`,
      CORE_PEER_CHAINCODELISTENADDRESS: `${member.peerHost}:${member.peerChaincodePort}`,
      CORE_PEER_GOSSIP_BOOTSTRAP: addr,
      CORE_PEER_GOSSIP_ENDPOINT: addr,
      CORE_PEER_GOSSIP_EXTERNALENDPOINT: addr,
      CORE_PEER_GOSSIP_USELEADERELECTION: 'false',
      CORE_PEER_GOSSIP_ORGLEADER: 'true',
      CORE_PEER_LOCALMSPID: memberId,
      CORE_PEER_MSPCONFIGPATH: member.peerMspDir,
      CORE_PEER_TLS_ENABLED: 'true',
      CORE_PEER_TLS_CERT_FILE: tls('server.crt'),
      CORE_PEER_TLS_KEY_FILE: tls('server.key'),
      CORE_PEER_TLS_ROOTCERT_FILE: layout.tlsChainFile,
      CORE_PEER_FILESYSTEMPATH: path.join(member.peerHome, 'data'),
      CORE_LEDGER_SNAPSHOTS_ROOTDIR: path.join(member.peerHome, 'snapshots'),
      CORE_OPERATIONS_LISTENADDRESS: `${member.peerHost}:${member.peerOpsPort}`,
      CORE_METRICS_PROVIDER: 'disabled',
      CORE_CHAINCODE_STARTUPTIMEOUT: '300s',
      CORE_CHAINCODE_EXECUTETIMEOUT: '60s',
      CORE_CHAINCODE_INSTALLTIMEOUT: '600s',
      [CHAINCODE_LOG_ENV]: chaincodeLogFile(layout, member),
    },
  };
}

/**
 * Who the devnet's own peer CLI calls run as (readiness probes, admin propagation): an MSP of
 * the devnet, against its orderer, and a member's peer when the call needs one. The peer CLI's
 * core.yaml is the install's stock one (the tools Executor's FABRIC_CFG_PATH).
 */
export function devnetTarget(layout: DevnetLayout, mspId: string, mspDir: string): OrdererTarget;
export function devnetTarget(layout: DevnetLayout, mspId: string, mspDir: string, peer: MemberLayout): CliTarget;
export function devnetTarget(
  layout: DevnetLayout,
  mspId: string,
  mspDir: string,
  peer?: MemberLayout,
): OrdererTarget | CliTarget {
  return {
    identity: { mspId, mspDir, tlsChainFile: layout.tlsChainFile },
    orderer: `${layout.orderer.host}:${layout.orderer.port}`,
    ordererTlsCa: layout.tlsChainFile,
    ...(peer === undefined ? {} : { peer: `${peer.peerHost}:${peer.peerPort}` }),
  };
}
