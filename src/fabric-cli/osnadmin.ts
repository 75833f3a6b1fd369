/** Pure builders of `osnadmin channel join|list` (the orderers' channel participation API) and parsers of their output. */
import type { CommandSpec } from '../runtime/command-spec';

/** The orderer admin endpoint and the mutual-TLS identity osnadmin presents to it (paths the tool sees). */
export interface OrdererAdminTarget {
  /** The orderer's admin listener, host:port. */
  readonly endpoint: string;
  /** TLS roots the admin listener's certificate chains to (--ca-file). */
  readonly caFile: string;
  readonly clientCert: string;
  /** A file path only: the key itself never enters argv. */
  readonly clientKey: string;
}

const adminFlags = (t: OrdererAdminTarget): string[] => [
  '-o',
  t.endpoint,
  '--ca-file',
  t.caFile,
  '--client-cert',
  t.clientCert,
  '--client-key',
  t.clientKey,
];

/** `osnadmin channel join`: the orderer joins the channel whose genesis (config) block is `blockFile`. */
export function osnadminJoinSpec(t: OrdererAdminTarget, channelId: string, blockFile: string): CommandSpec {
  return {
    tool: 'osnadmin',
    args: ['channel', 'join', '--channelID', channelId, '--config-block', blockFile, ...adminFlags(t)],
    env: {},
  };
}

/** `osnadmin channel list`: every channel of the orderer, or one channel's details with `channelId`. */
export function osnadminListSpec(t: OrdererAdminTarget, channelId?: string): CommandSpec {
  return {
    tool: 'osnadmin',
    args: ['channel', 'list', ...(channelId === undefined ? [] : ['--channelID', channelId]), ...adminFlags(t)],
    env: {},
  };
}

/** What osnadmin printed: the HTTP status line and the JSON body that follows it. */
export interface OsnadminResponse {
  readonly status: number | undefined;
  readonly body: unknown;
}

/** Parses `Status: 201\n{...}` (osnadmin's output); a body that is not JSON is kept as text. */
export function parseOsnadminOutput(stdout: string): OsnadminResponse {
  const match = /Status:\s*(\d{3})/.exec(stdout);
  const rest = match ? stdout.slice((match.index ?? 0) + match[0].length) : stdout;
  const text = rest.trim();
  let body: unknown = text;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: match?.[1] === undefined ? undefined : Number(match[1]), body };
}

/** One orderer's view of its channels (`osnadmin channel list`). */
export interface OrdererChannels {
  readonly systemChannel: string | undefined;
  readonly channels: string[];
}

export function parseChannelListBody(body: unknown): OrdererChannels {
  const b = (typeof body === 'object' && body !== null ? body : {}) as {
    systemChannel?: { name?: unknown } | null;
    channels?: { name?: unknown }[] | null;
  };
  const sys = b.systemChannel?.name;
  return {
    systemChannel: typeof sys === 'string' && sys !== '' ? sys : undefined,
    channels: (b.channels ?? []).map((c) => c.name).filter((n): n is string => typeof n === 'string'),
  };
}

/** One channel on one orderer (`osnadmin channel list --channelID`). */
export interface OrdererChannelInfo {
  readonly name: string;
  readonly status: string | undefined;
  readonly consensusRelation: string | undefined;
  readonly height: number | undefined;
}

export function parseChannelInfoBody(body: unknown): OrdererChannelInfo | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { name?: unknown; status?: unknown; consensusRelation?: unknown; height?: unknown };
  if (typeof b.name !== 'string') return undefined;
  return {
    name: b.name,
    status: typeof b.status === 'string' ? b.status : undefined,
    consensusRelation: typeof b.consensusRelation === 'string' ? b.consensusRelation : undefined,
    height: typeof b.height === 'number' ? b.height : undefined,
  };
}

/** The error text of a non-2xx answer (`{"error": "..."}`), or the body as text. */
export function osnadminError(response: OsnadminResponse): string {
  const b = response.body as { error?: unknown } | string;
  if (typeof b === 'object' && b !== null && typeof b.error === 'string') return b.error;
  return typeof b === 'string' ? b : JSON.stringify(b);
}

/** The orderer already has this channel (join answered 405 "channel already exists"). */
export function isAlreadyJoined(response: OsnadminResponse): boolean {
  return response.status === 405 && /already exists/i.test(osnadminError(response));
}
