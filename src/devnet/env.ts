/** `fabkit devnet env`: the shell exports of the tutorial's step 6.2 for one member, so the bare Go binaries run against the devnet. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FabkitError } from '../errors';
import { DEFAULT_PATHS } from '../config/home-layout';
import type { NetworkFile } from '../config/network-file';
import { resolveHome } from '../config/load';
import { expectedInstall } from '../runtime/fabric-install';
import { loadDevnet } from './load';

export interface DevnetEnvResult {
  readonly memberId: string;
  readonly memberName: string;
  /** In the order they are printed. */
  readonly vars: readonly { readonly name: string; readonly value: string }[];
  /** The same as `export` lines to paste into a shell (or eval). */
  readonly exports: string;
}

/**
 * The variables the tutorial's step 6.2 exports (CORE_PEER_TLS_ENABLED, CORE_PEER_TLS_ROOTCERT_FILE,
 * CORE_PEER_LOCALMSPID, CORE_PEER_MSPCONFIGPATH, CORE_PEER_ADDRESS, ORDERER), plus FABRIC_CFG_PATH
 * (a core.yaml for the peer CLI) and PATH with the devnet's binaries first. `member` is a member
 * name (org1) or ID (m-…); `home` is the member's home (default $FABKIT_HOME, else the current
 * directory), whose admin-msp/ is the MSP.
 */
export function devnetEnv(dir: string, member: string, home?: string): DevnetEnvResult {
  const dn = loadDevnet(dir);
  const index = dn.secrets.members.findIndex((m) => m.name === member || m.memberId === member);
  const layout = dn.layout.members[index];
  const secrets = dn.secrets.members[index];
  if (!layout || !secrets) {
    throw new FabkitError('DEVNET_MEMBER_UNKNOWN', `The devnet in ${dn.layout.dir} has no member "${member}"`, {
      kind: 'usage',
      hint: `Name one of: ${dn.secrets.members.map((m) => `${m.name} (${m.memberId})`).join(', ')}.`,
    });
  }
  // The endpoints clients are given (AMB-shaped names after `up --hosts`, else the addresses).
  const network = JSON.parse(fs.readFileSync(dn.layout.networkFile, 'utf8')) as NetworkFile;
  const peer = network.Nodes.find((n) => n.MemberId === secrets.memberId)?.PeerEndpoint;
  const install = expectedInstall();
  const mspDir = path.join(resolveHome({ home, env: process.env, cwd: process.cwd() }), DEFAULT_PATHS.mspDir);
  const vars = [
    { name: 'CORE_PEER_TLS_ENABLED', value: 'true' },
    { name: 'CORE_PEER_TLS_ROOTCERT_FILE', value: dn.layout.tlsChainFile },
    { name: 'CORE_PEER_LOCALMSPID', value: secrets.memberId },
    { name: 'CORE_PEER_MSPCONFIGPATH', value: mspDir },
    { name: 'CORE_PEER_ADDRESS', value: peer ?? `${layout.peerHost}:${layout.peerPort}` },
    { name: 'ORDERER', value: network.OrderingServiceEndpoint },
    { name: 'FABRIC_CFG_PATH', value: install.configDir },
    { name: 'PATH', value: `${install.binDir}:$PATH` },
  ];
  return { memberId: secrets.memberId, memberName: secrets.name, vars, exports: shellExports(vars) };
}

/** Pure: `export NAME=value` lines, single-quoted for the shell; PATH keeps `$PATH` expandable. */
export function shellExports(vars: DevnetEnvResult['vars']): string {
  const quote = (v: string): string => `'${v.replace(/'/g, `'\\''`)}'`;
  return vars
    .map(({ name, value }) =>
      name === 'PATH' && value.endsWith(':$PATH')
        ? `export PATH=${quote(value.slice(0, -':$PATH'.length))}:"$PATH"`
        : `export ${name}=${quote(value)}`,
    )
    .join('\n');
}
