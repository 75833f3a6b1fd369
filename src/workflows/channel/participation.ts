/**
 * Channels on a network without a system channel: which kind of network the profile talks to,
 * and the orderers' side of a channel through their channel participation API (osnadmin join,
 * then list until the channel is active), always through the profile's Executor.
 */
import type { OrdererAdmin, Profile } from '../../config/resolve';
import { FabkitError, usageError } from '../../errors';
import { classifyFailure, errorLine } from '../../fabric-cli/failure';
import type { OrdererAdminTarget, OrdererChannelInfo, OsnadminResponse } from '../../fabric-cli/osnadmin';
import {
  isAlreadyJoined,
  osnadminError,
  osnadminJoinSpec,
  osnadminListSpec,
  parseChannelInfoBody,
  parseChannelListBody,
  parseOsnadminOutput,
} from '../../fabric-cli/osnadmin';
import type { CommandSpec, RunResult } from '../../runtime/command-spec';
import { stderrTail } from '../../runtime/stderr-tail';
import { waitFor } from '../../runtime/wait-for';
import type { ChannelDeps } from './peer-cli';

/** How channels are created: through the system channel (AMB), or through channel participation (osnadmin). */
export type NetworkKind = 'system-channel' | 'channel-participation';

export interface NetworkKindResult {
  readonly kind: NetworkKind;
  /** Where fabkit learned it: the profile's network.systemChannel, the orderer's answer, or no orderer admin configured. */
  readonly source: 'profile' | 'orderer' | 'no-orderer-admin';
  /** The orderers' channels, when the orderer was asked. */
  readonly ordererChannels?: readonly string[];
}

/** Human text for doctor and progress lines. */
export function describeNetworkKind(r: NetworkKindResult): string {
  const kind =
    r.kind === 'system-channel'
      ? 'system channel (channels are created with a channel creation transaction, as on AMB)'
      : 'no system channel (channels are created through the orderers’ channel participation API, osnadmin)';
  const from =
    r.source === 'profile'
      ? 'as fabkit.yaml says (network.systemChannel)'
      : r.source === 'orderer'
        ? 'as the orderer’s admin endpoint reports'
        : 'no orderer admin is configured (network.ordererAdmin)';
  return `${kind}; ${from}`;
}

/** The orderer admin endpoints to act on: each consenter's own, else the profile's ordererAdmin endpoint (once each). */
export function ordererAdminTargets(profile: Profile): OrdererAdminTarget[] {
  const admin = requireOrdererAdmin(profile);
  const endpoints = [
    ...new Set([
      ...(profile.network.ordererOrg?.consenters ?? []).map((c) => (c.adminEndpoint ?? admin.endpoint).address),
      admin.endpoint.address,
    ]),
  ];
  return endpoints.map((endpoint) => ({
    endpoint,
    caFile: profile.toolPath(profile.tls.chainFile),
    clientCert: profile.toolPath(admin.tlsCert),
    clientKey: profile.toolPath(admin.tlsKey),
  }));
}

function requireOrdererAdmin(profile: Profile): OrdererAdmin {
  const admin = profile.network.ordererAdmin;
  if (admin === undefined)
    throw usageError(
      'ORDERER_ADMIN_MISSING',
      'This network has no system channel, and fabkit.yaml has no network.ordererAdmin (the orderer admin endpoint and TLS client identity osnadmin needs)',
      'Add network.ordererAdmin: { endpoint: "host:port", tlsCert: <file>, tlsKey: <file> } to fabkit.yaml (fabkit init --from-devnet writes it for a fabric-style devnet).',
    );
  return admin;
}

/** Runs osnadmin; a TLS or connection failure is an error naming the identity files, never a silent "no". */
async function osnadmin(
  profile: Profile,
  deps: ChannelDeps,
  spec: CommandSpec,
  endpoint: string,
): Promise<OsnadminResponse> {
  const r = await deps.executor.run(spec, { timeoutMs: 30_000 });
  const response = parseOsnadminOutput(r.stdout);
  if (r.exitCode === 0 && response.status !== undefined) return response;
  throw osnadminFailure(profile.network.ordererAdmin, endpoint, r);
}

/** The error for an osnadmin call that got no HTTP answer: nothing listening, or the TLS identity refused. */
function osnadminFailure(admin: OrdererAdmin | undefined, endpoint: string, r: RunResult): FabkitError {
  // osnadmin prints its own errors on stdout.
  const output = `${r.stderr}\n${r.stdout}`;
  const line = errorLine(output) ?? stderrTail(output, 1);
  const tail = line ? `: ${line}` : '';
  const details = { endpoint, tlsCert: admin?.tlsCert, exitCode: r.exitCode, stderrTail: stderrTail(output) };
  if (classifyFailure(output) === 'unreachable' && !/certificate|tls|x509/i.test(output))
    return new FabkitError(
      'ORDERER_ADMIN_UNREACHABLE',
      `Nothing answered at the orderer admin endpoint ${endpoint} (network.ordererAdmin.endpoint)${tail}`,
      {
        hint: 'Check network.ordererAdmin.endpoint in fabkit.yaml (the orderer’s Admin.ListenAddress) and that the orderer runs.',
        details,
      },
    );
  return new FabkitError(
    'ORDERER_ADMIN_REFUSED',
    `The orderer admin endpoint ${endpoint} refused the orderer admin identity ${admin?.tlsCert ?? ''} (key ${admin?.tlsKey ?? ''})${tail}`,
    {
      hint: 'The orderer accepts only a TLS client certificate its Admin.TLS.ClientRootCAs trust: check network.ordererAdmin.tlsCert and tlsKey (a matching pair from the orderer admin) and tls.chainFile.',
      details,
    },
  );
}

/**
 * Which kind of network this is: the profile's network.systemChannel when set; else, without an
 * orderer admin, the system channel path (AMB); else what `osnadmin channel list` reports. With
 * `verify`, the orderer admin identity is checked even when the profile says the kind.
 */
export async function detectNetworkKind(
  profile: Profile,
  deps: ChannelDeps,
  options: { verify?: boolean } = {},
): Promise<NetworkKindResult> {
  const said = profile.network.systemChannel;
  if (said === true) return { kind: 'system-channel', source: 'profile' };
  if (said === undefined && profile.network.ordererAdmin === undefined)
    return { kind: 'system-channel', source: 'no-orderer-admin' };
  if (said === false && !options.verify) return { kind: 'channel-participation', source: 'profile' };
  const [first] = ordererAdminTargets(profile);
  if (first === undefined) return { kind: 'channel-participation', source: 'profile' };
  const list = await osnadmin(profile, deps, osnadminListSpec(first), first.endpoint);
  const view = parseChannelListBody(list.body);
  return {
    kind: said === false || view.systemChannel === undefined ? 'channel-participation' : 'system-channel',
    source: said === false ? 'profile' : 'orderer',
    ordererChannels: view.channels,
  };
}

/** One orderer's view of one channel; undefined when it does not have the channel (404). */
export async function ordererChannelInfo(
  profile: Profile,
  deps: ChannelDeps,
  target: OrdererAdminTarget,
  channelId: string,
): Promise<OrdererChannelInfo | undefined> {
  const r = await osnadmin(profile, deps, osnadminListSpec(target, channelId), target.endpoint);
  if (r.status === 404) return undefined;
  if (r.status !== 200)
    throw new FabkitError(
      'ORDERER_ADMIN_FAILED',
      `osnadmin channel list --channelID ${channelId} at ${target.endpoint} answered ${r.status}: ${osnadminError(r)}`,
      { details: { endpoint: target.endpoint, status: r.status } },
    );
  return parseChannelInfoBody(r.body);
}

export interface OrdererJoin {
  readonly endpoint: string;
  readonly outcome: 'joined' | 'already-joined';
  readonly status: string | undefined;
  readonly height: number | undefined;
}

/**
 * Every orderer joins the channel from its genesis block (`blockFile` as the tool sees it), unless
 * it already has it; then each is polled until it reports the channel active.
 */
export async function joinOrderers(
  profile: Profile,
  deps: ChannelDeps,
  channelId: string,
  blockFile: string,
  timeoutMs: number,
): Promise<OrdererJoin[]> {
  return Promise.all(
    ordererAdminTargets(profile).map(async (target) => {
      let outcome: OrdererJoin['outcome'] = 'already-joined';
      if ((await ordererChannelInfo(profile, deps, target, channelId)) === undefined) {
        deps.onProgress?.(`osnadmin channel join ${channelId} on ${target.endpoint}`);
        const r = await osnadmin(profile, deps, osnadminJoinSpec(target, channelId, blockFile), target.endpoint);
        if (r.status === 201) outcome = 'joined';
        else if (!isAlreadyJoined(r))
          throw new FabkitError(
            'ORDERER_JOIN_FAILED',
            `The orderer at ${target.endpoint} did not join ${channelId}: ${r.status ?? ''} ${osnadminError(r)}`,
            {
              hint: 'The orderer rejected the genesis block: its message says why (an orderer that is not a consenter of the block, or a different block for an existing channel).',
              details: { endpoint: target.endpoint, status: r.status },
            },
          );
      }
      const { value } = await waitFor(
        async () => {
          const info = await ordererChannelInfo(profile, deps, target, channelId);
          return info?.status === 'active' ? info : undefined;
        },
        {
          what: `${channelId} to be active on the orderer at ${target.endpoint}`,
          timeoutMs,
          intervalMs: 200,
          onProgress: ({ elapsedMs }) =>
            deps.onProgress?.(
              `waiting for ${channelId} on ${target.endpoint} to be active (${(elapsedMs / 1000).toFixed(0)}s)`,
            ),
        },
      );
      return { endpoint: target.endpoint, outcome, status: value.status, height: value.height };
    }),
  );
}
