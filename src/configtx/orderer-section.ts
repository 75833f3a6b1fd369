/**
 * Pure: turns an application channel's configtx.yaml into one for `configtxgen -outputBlock` on a
 * network without a system channel: no Consortium, channel capabilities, and the Orderer section
 * (etcdraft consenters, the orderer org) the channel's genesis block must carry.
 */
import type { ConfigtxDoc } from './types';

export interface OrdererSectionInput {
  readonly mspId: string;
  /** The orderer org's MSP folder, as configtxgen sees it. */
  readonly mspDir: string;
  /** Each consenter's host, port and TLS certificate file (as configtxgen sees it). */
  readonly consenters: readonly { readonly host: string; readonly port: number; readonly tlsCert: string }[];
  /** BatchSize.MaxMessageCount and BatchTimeout of the new channel. */
  readonly batch?: { readonly maxMessageCount: number; readonly timeout: string };
}

/** A new channel cuts a block at 10 transactions or after 250 ms. */
export const DEFAULT_CHANNEL_BATCH = { maxMessageCount: 10, timeout: '250ms' } as const;

const sig = (rule: string): { Type: 'Signature'; Rule: string } => ({ Type: 'Signature', Rule: rule });
const meta = (rule: string): { Type: 'ImplicitMeta'; Rule: string } => ({ Type: 'ImplicitMeta', Rule: rule });

/** configtxgen's Orderer section for an etcdraft ordering service of `input.consenters`. */
export function ordererSection(input: OrdererSectionInput): Record<string, unknown> {
  const batch = input.batch ?? DEFAULT_CHANNEL_BATCH;
  const addresses = input.consenters.map((c) => `${c.host}:${c.port}`);
  return {
    OrdererType: 'etcdraft',
    Addresses: addresses,
    BatchTimeout: batch.timeout,
    BatchSize: { MaxMessageCount: batch.maxMessageCount, AbsoluteMaxBytes: '10 MB', PreferredMaxBytes: '2 MB' },
    EtcdRaft: {
      Consenters: input.consenters.map((c) => ({
        Host: c.host,
        Port: c.port,
        ClientTLSCert: c.tlsCert,
        ServerTLSCert: c.tlsCert,
      })),
      Options: {
        TickInterval: '500ms',
        ElectionTick: 10,
        HeartbeatTick: 1,
        MaxInflightBlocks: 5,
        SnapshotIntervalSize: '16 MB',
      },
    },
    Organizations: [
      {
        Name: input.mspId,
        ID: input.mspId,
        MSPDir: input.mspDir,
        Policies: {
          Readers: sig(`OR('${input.mspId}.member')`),
          Writers: sig(`OR('${input.mspId}.member')`),
          Admins: sig(`OR('${input.mspId}.admin')`),
        },
        OrdererEndpoints: addresses,
      },
    ],
    Policies: {
      Readers: meta('ANY Readers'),
      Writers: meta('ANY Writers'),
      Admins: meta('MAJORITY Admins'),
      BlockValidation: meta('ANY Writers'),
    },
    Capabilities: { V2_0: true },
  };
}

/** Every profile of `doc` without its Consortium, with channel capability V2_0 and the Orderer section. */
export function withOrdererSection(doc: ConfigtxDoc, input: OrdererSectionInput): ConfigtxDoc {
  const profiles = Object.fromEntries(
    Object.entries(doc.Profiles).map(([name, profile]) => {
      const rest = Object.fromEntries(Object.entries(profile).filter(([k]) => k !== 'Consortium'));
      return [name, { ...rest, Capabilities: { V2_0: true }, Orderer: ordererSection(input) }];
    }),
  );
  // The Consortium key is gone: configtxgen's -outputBlock reads the profile without it.
  return { ...doc, Profiles: profiles as unknown as ConfigtxDoc['Profiles'] };
}
