/**
 * Pure builders of the peer, configtxgen and configtxlator invocations behind tutorial step 6
 * (and 8.5–8.9): data in, CommandSpec out, no file system or processes. Every path is already
 * the path the tool sees (host path for the local runtime, /opt/home/… in the cli container).
 */
import type { CommandSpec } from '../runtime/command-spec';
import type { PeerIdentity } from './peer-env';
import { peerEnv } from './peer-env';

/** Who runs a command that talks to the ordering service (or to nobody, as signconfigtx), and against which orderer. */
export interface OrdererTarget {
  readonly identity: PeerIdentity;
  /** Ordering service endpoint, host:port. */
  readonly orderer: string;
  /** TLS root the orderer's cert chains to (AMB: the same chain pem as the peers). */
  readonly ordererTlsCa: string;
  /** The peer (CORE_PEER_ADDRESS); these commands do not need one. */
  readonly peer?: string;
}

/** Who runs the command, against which orderer and peer. */
export interface CliTarget extends OrdererTarget {
  /** The peer this command talks to (CORE_PEER_ADDRESS). */
  readonly peer: string;
}

export type BlockSelector = 'oldest' | 'newest' | 'config' | number;

const ordererFlags = (t: OrdererTarget): string[] => ['-o', t.orderer, '--tls', '--cafile', t.ordererTlsCa];
const peerSpec = (t: OrdererTarget, args: string[]): CommandSpec => ({
  tool: 'peer',
  args,
  env: peerEnv(t.identity, t.peer),
});

/** `peer channel create`: submits the channel creation tx and writes block 0. */
export function channelCreateSpec(
  t: OrdererTarget,
  channelId: string,
  txFile: string,
  outputBlock: string,
  timeoutSeconds = 30,
): CommandSpec {
  return peerSpec(t, [
    'channel',
    'create',
    '-c',
    channelId,
    '-f',
    txFile,
    '--outputBlock',
    outputBlock,
    '--timeout',
    `${timeoutSeconds}s`,
    ...ordererFlags(t),
  ]);
}

/** `peer channel fetch <which>` from the ordering service. */
export function channelFetchSpec(
  t: OrdererTarget,
  channelId: string,
  which: BlockSelector,
  outFile: string,
): CommandSpec {
  return peerSpec(t, ['channel', 'fetch', String(which), outFile, '-c', channelId, ...ordererFlags(t)]);
}

export function channelJoinSpec(t: CliTarget, blockFile: string): CommandSpec {
  return peerSpec(t, ['channel', 'join', '-b', blockFile]);
}

export function channelListSpec(t: CliTarget): CommandSpec {
  return peerSpec(t, ['channel', 'list']);
}

export function channelGetInfoSpec(t: CliTarget, channelId: string): CommandSpec {
  return peerSpec(t, ['channel', 'getinfo', '-c', channelId]);
}

/** `peer channel signconfigtx`: signs the envelope file in place with the target's identity (local, no network). */
export function channelSignSpec(t: OrdererTarget, envelopeFile: string): CommandSpec {
  return peerSpec(t, ['channel', 'signconfigtx', '-f', envelopeFile]);
}

export function channelUpdateSpec(t: OrdererTarget, channelId: string, envelopeFile: string): CommandSpec {
  return peerSpec(t, ['channel', 'update', '-c', channelId, '-f', envelopeFile, ...ordererFlags(t)]);
}

/** `configtxgen -outputCreateChannelTx`, reading `<configDir>/configtx.yaml`. */
export function createChannelTxSpec(
  configDir: string,
  profileName: string,
  channelId: string,
  outFile: string,
): CommandSpec {
  return {
    tool: 'configtxgen',
    args: [
      '-configPath',
      configDir,
      '-profile',
      profileName,
      '-channelID',
      channelId,
      '-outputCreateChannelTx',
      outFile,
    ],
    env: {},
  };
}

/** `configtxgen -outputBlock`: a genesis block (the devnet's system channel), reading `<configDir>/configtx.yaml`. */
export function genesisBlockSpec(
  configDir: string,
  profileName: string,
  channelId: string,
  outFile: string,
): CommandSpec {
  return {
    tool: 'configtxgen',
    args: ['-configPath', configDir, '-profile', profileName, '-channelID', channelId, '-outputBlock', outFile],
    env: {},
  };
}

export type ProtoType = 'common.Block' | 'common.Config' | 'common.ConfigUpdate' | 'common.Envelope';

/** configtxlator writes with --output: opening /dev/stdout fails on the pipe a Node child gets. */
export function protoDecodeSpec(type: ProtoType, input: string, output: string): CommandSpec {
  return {
    tool: 'configtxlator',
    args: ['proto_decode', '--type', type, '--input', input, '--output', output],
    env: {},
  };
}

export function protoEncodeSpec(type: ProtoType, input: string, output: string): CommandSpec {
  return {
    tool: 'configtxlator',
    args: ['proto_encode', '--type', type, '--input', input, '--output', output],
    env: {},
  };
}

export function computeUpdateSpec(channelId: string, original: string, updated: string, output: string): CommandSpec {
  return {
    tool: 'configtxlator',
    args: [
      'compute_update',
      '--channel_id',
      channelId,
      '--original',
      original,
      '--updated',
      updated,
      '--output',
      output,
    ],
    env: {},
  };
}

/** The channel IDs in `peer channel list` output ("Channels peers has joined:" then one per line). */
export function parseChannelList(stdout: string): string[] {
  const lines = stdout.split('\n').map((l) => l.trim());
  const start = lines.findIndex((l) => /^Channels peers has joined/i.test(l));
  return (start < 0 ? [] : lines.slice(start + 1)).filter((l) => /^[a-z][a-z0-9.-]*$/.test(l));
}

/** The height and block hashes `peer channel getinfo` prints as `Blockchain info: {…}`. */
export function parseChannelInfo(stdout: string): { height: number; currentBlockHash: string } | undefined {
  const match = /Blockchain info:\s*(\{.*\})/.exec(stdout);
  if (!match?.[1]) return undefined;
  const info = JSON.parse(match[1]) as { height?: number; currentBlockHash?: string };
  return { height: info.height ?? 0, currentBlockHash: info.currentBlockHash ?? '' };
}

/** `configtxgen -printOrg`: the org's config group (MSP, policies) as configtxlator JSON on stdout, from `<configDir>/configtx.yaml`. */
export function printOrgSpec(configDir: string, orgId: string): CommandSpec {
  return { tool: 'configtxgen', args: ['-configPath', configDir, '-printOrg', orgId], env: {} };
}
