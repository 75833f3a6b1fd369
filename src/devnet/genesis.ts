/** The devnet's system-channel configtx.yaml (consortium AWSSystemConsortium with every member), built as data. */
import * as path from 'node:path';
import { CONSORTIUM, ORDERER_MSP } from './layout';
import type { DevnetLayout } from './layout';

export const GENESIS_PROFILE = 'DevnetSystemChannel';

const sig = (rule: string): { Type: string; Rule: string } => ({ Type: 'Signature', Rule: rule });
const meta = (rule: string): { Type: string; Rule: string } => ({ Type: 'ImplicitMeta', Rule: rule });

/** An org as configtxgen reads it. Pre-NodeOU: `.member` and `.admin` principals only. */
export function memberOrg(memberId: string, mspDir: string): Record<string, unknown> {
  return {
    Name: memberId,
    ID: memberId,
    MSPDir: mspDir,
    Policies: {
      Readers: sig(`OR('${memberId}.member')`),
      Writers: sig(`OR('${memberId}.member')`),
      Admins: sig(`OR('${memberId}.admin')`),
      Endorsement: sig(`OR('${memberId}.member')`),
    },
  };
}

/**
 * Pure: the devnet's own configtx.yaml for the system channel genesis block. A single-node
 * etcdraft orderer; every member in AWSSystemConsortium; blocks cut as `layout.orderer.batch` says
 * (by default one per transaction, within 250 ms).
 */
export function genesisConfigtx(layout: DevnetLayout, memberIds: readonly string[]): Record<string, unknown> {
  const o = layout.orderer;
  const tlsCert = path.join(o.tlsDir, 'server.crt');
  const ordererOrg = {
    Name: 'OrdererOrg',
    ID: ORDERER_MSP,
    MSPDir: path.join(o.cryptoDir, 'msp'),
    Policies: {
      Readers: sig(`OR('${ORDERER_MSP}.member')`),
      Writers: sig(`OR('${ORDERER_MSP}.member')`),
      Admins: sig(`OR('${ORDERER_MSP}.admin')`),
    },
    OrdererEndpoints: [`${o.host}:${o.port}`],
  };
  const orgs = layout.members.map((m, i) => memberOrg(memberIds[i] ?? '', m.orgMspDir));
  return {
    Profiles: {
      [GENESIS_PROFILE]: {
        Policies: { Readers: meta('ANY Readers'), Writers: meta('ANY Writers'), Admins: meta('MAJORITY Admins') },
        Capabilities: { V2_0: true },
        Orderer: {
          OrdererType: 'etcdraft',
          Addresses: [`${o.host}:${o.port}`],
          BatchTimeout: o.batch.timeout,
          BatchSize: { MaxMessageCount: o.batch.maxMessageCount, AbsoluteMaxBytes: '10 MB', PreferredMaxBytes: '2 MB' },
          EtcdRaft: {
            Consenters: [{ Host: o.host, Port: o.port, ClientTLSCert: tlsCert, ServerTLSCert: tlsCert }],
            Options: {
              TickInterval: '500ms',
              ElectionTick: 10,
              HeartbeatTick: 1,
              MaxInflightBlocks: 5,
              SnapshotIntervalSize: '16 MB',
            },
          },
          Organizations: [ordererOrg],
          Policies: {
            Readers: meta('ANY Readers'),
            Writers: meta('ANY Writers'),
            Admins: meta('MAJORITY Admins'),
            BlockValidation: meta('ANY Writers'),
          },
          Capabilities: { V2_0: true },
        },
        Consortiums: { [CONSORTIUM]: { Organizations: orgs } },
      },
    },
  };
}
