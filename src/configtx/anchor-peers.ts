/**
 * Pure: the JSON edit behind an anchor-peer config update. Works on a channel config as
 * `configtxlator proto_decode --type common.Config` writes it; the caller then encodes the
 * original and the edited config and lets `configtxlator compute_update` make the update.
 *
 * Versions: an existing AnchorPeers value keeps its version (compute_update bumps it in the
 * write set); a new one starts at "0", as configtxgen writes it.
 */
import { FabkitError, usageError } from '../errors';
import type { Endpoint } from '../validate/endpoint';
import { validateMemberId } from '../validate/ids';
import type { ValidationIssue } from '../validate/issue';
import { makeIssue, quote } from '../validate/issue';
import { anchorPeerIssues, throwIssues } from './validate';

export interface ConfigValueJson {
  mod_policy: string;
  value: unknown;
  version: string;
  [key: string]: unknown;
}

export interface ConfigGroupJson {
  groups?: Record<string, ConfigGroupJson>;
  values?: Record<string, ConfigValueJson>;
  policies?: Record<string, unknown>;
  mod_policy?: string;
  version?: string;
  [key: string]: unknown;
}

/** A decoded common.Config (only the parts read here are typed). */
export interface ChannelConfigJson {
  channel_group?: ConfigGroupJson;
  sequence?: string;
  [key: string]: unknown;
}

interface AnchorPeersValueJson {
  anchor_peers?: { host?: string; port?: number }[];
}

function configError(message: string): FabkitError {
  return new FabkitError('CHANNEL_CONFIG_INVALID', message, {
    hint: 'Pass the channel config decoded with `configtxlator proto_decode --type common.Config` (for a config block, its data.data[0].payload.data.config).',
  });
}

function applicationOrg(config: ChannelConfigJson, memberId: string): ConfigGroupJson {
  const application = config.channel_group?.groups?.Application;
  if (application === undefined)
    throw configError(
      'The channel config has no channel_group.groups.Application group: it is not an application channel config',
    );
  const org = application.groups?.[memberId];
  if (org !== undefined) return org;
  const present = Object.keys(application.groups ?? {});
  throw usageError(
    'ORG_NOT_IN_CHANNEL',
    `Member ${quote(memberId)} is not an organization of the channel's Application group (it has ${present.length === 0 ? 'none' : present.join(', ')})`,
    'Check the member ID and the channel: only a member of the channel can set its anchor peers. Add the member to the channel first.',
    { rule: 'org-in-channel', memberId, orgs: present },
  );
}

function memberIdIssues(memberId: string): ValidationIssue[] {
  return validateMemberId(memberId).map((issue) =>
    makeIssue({
      code: issue.code,
      rule: issue.rule,
      subject: `Member ID ${quote(memberId)}`,
      reason: issue.reason,
      hint: issue.hint,
      details: issue.details,
    }),
  );
}

/** The org's anchor peers in the channel config; [] when it has none. */
export function anchorPeersOf(config: ChannelConfigJson, memberId: string): Endpoint[] {
  const value = applicationOrg(config, memberId).values?.AnchorPeers?.value as AnchorPeersValueJson | null | undefined;
  const peers = value?.anchor_peers ?? [];
  if (!Array.isArray(peers)) throw configError(`The AnchorPeers value of ${memberId} has no anchor_peers list`);
  return peers.map((p) => ({ host: p.host ?? '', port: p.port ?? 0 }));
}

/** Same anchor peers, in any order. */
export function sameAnchorPeers(a: readonly Endpoint[], b: readonly Endpoint[]): boolean {
  const key = (list: readonly Endpoint[]): string =>
    list
      .map((p) => `${p.host}\n${p.port}`)
      .sort()
      .join('\n\n');
  return a.length === b.length && key(a) === key(b);
}

/**
 * A copy of `config` in which `memberId`'s org has exactly `peers` as anchor peers, in
 * `channel_group.groups.Application.groups.<memberId>.values.AnchorPeers`. An empty list
 * removes the value. The input is not modified. Compare with `anchorPeersOf` first to skip
 * an update that would change nothing.
 */
export function withAnchorPeers(
  config: ChannelConfigJson,
  memberId: string,
  peers: readonly Endpoint[],
): ChannelConfigJson {
  throwIssues([...memberIdIssues(memberId), ...anchorPeerIssues(peers, memberId)], 'The anchor-peer update');
  const updated = structuredClone(config);
  const org = applicationOrg(updated, memberId);
  const { AnchorPeers: existing, ...others } = org.values ?? {};
  if (peers.length === 0) {
    org.values = others;
    return updated;
  }
  org.values = {
    ...others,
    AnchorPeers: {
      mod_policy: existing?.mod_policy || 'Admins',
      value: { anchor_peers: peers.map((p) => ({ host: p.host, port: p.port })) },
      version: existing?.version ?? '0',
    },
  };
  return updated;
}
