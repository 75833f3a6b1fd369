/** A channel's config from the ordering service: fetch a block, decode it, summarize it, submit an update. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { channelFiles } from '../../config/home-layout';
import type { Profile } from '../../config/resolve';
import { FabkitError } from '../../errors';
import type { BlockSelector, CliTarget } from '../../fabric-cli/channel-commands';
import { channelFetchSpec, channelSignSpec, channelUpdateSpec } from '../../fabric-cli/channel-commands';
import type { ConfigJson } from '../../fabric-cli/config-update';
import { configOfBlock, writeUpdateEnvelope } from '../../fabric-cli/config-update';
import { classifyFailure, cliFailure, mustRun, runRetryingUnavailable } from '../../fabric-cli/failure';
import type { ChannelDeps } from './peer-cli';
import { targetOf } from './peer-cli';

export type { ConfigJson } from '../../fabric-cli/config-update';

const FETCH_TIMEOUT_MS = 60_000;
/** How long a config update is submitted again while the ordering service is not ready. */
const UPDATE_RETRY_MS = 60_000;

/**
 * Fetches a block from the ordering service into `outFile` (a host path). Resolves 'not-found'
 * when the channel does not exist; any other failure throws. While the ordering service answers
 * SERVICE_UNAVAILABLE, the fetch is run again for up to `boundMs`.
 */
export async function fetchBlock(
  profile: Profile,
  deps: ChannelDeps,
  target: CliTarget,
  channelId: string,
  which: BlockSelector,
  outFile: string,
  boundMs = FETCH_TIMEOUT_MS,
): Promise<'fetched' | 'not-found'> {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const spec = channelFetchSpec(target, channelId, which, profile.toolPath(outFile));
  const result = await runRetryingUnavailable(deps.executor, spec, {
    boundMs,
    timeoutMs: FETCH_TIMEOUT_MS,
    onProgress: deps.onProgress,
  });
  if (result.exitCode === 0 && fs.existsSync(outFile)) return 'fetched';
  if (classifyFailure(result.stderr) === 'not-found') return 'not-found';
  throw cliFailure(
    `Fetching the ${String(which)} block of channel ${channelId}`,
    spec,
    result,
    'Check that the ordering service endpoint and the TLS chain in fabkit.yaml are right, and that this member is in the channel.',
  );
}

/** Decodes a block file with configtxlator and returns the channel config it carries. */
export async function decodeConfigBlock(
  profile: Profile,
  deps: ChannelDeps,
  blockFile: string,
  scratch: string,
): Promise<ConfigJson> {
  return configOfBlock({ executor: deps.executor, scratch, toolPath: profile.toolPath }, blockFile);
}

export interface ChannelConfigSummary {
  readonly channelId: string;
  /** Member (MSP) IDs of the channel's application orgs. */
  readonly members: string[];
  /** Application capabilities, e.g. ['V2_0'] or ['V1_4_2']. */
  readonly applicationCapabilities: string[];
  readonly anchorPeers: Record<string, { host: string; port: number }[]>;
  readonly config: ConfigJson;
}

const get = (value: ConfigJson | undefined, ...keys: string[]): unknown =>
  keys.reduce<unknown>((v, k) => (v as ConfigJson | undefined)?.[k], value);

export function summarizeConfig(channelId: string, config: ConfigJson): ChannelConfigSummary {
  const app = get(config, 'channel_group', 'groups', 'Application') as ConfigJson | undefined;
  const orgs = (get(app, 'groups') ?? {}) as Record<string, ConfigJson>;
  const anchorPeers: Record<string, { host: string; port: number }[]> = {};
  for (const [id, org] of Object.entries(orgs))
    anchorPeers[id] = (get(org, 'values', 'AnchorPeers', 'value', 'anchor_peers') ?? []) as {
      host: string;
      port: number;
    }[];
  return {
    channelId,
    members: Object.keys(orgs).sort(),
    applicationCapabilities: Object.keys(
      (get(app, 'values', 'Capabilities', 'value', 'capabilities') ?? {}) as object,
    ).sort(),
    anchorPeers,
    config,
  };
}

/** The channel's current config (members, capabilities, anchor peers), from the ordering service. */
/** `fabkit channel show`: the channel's members, capabilities and anchor peers, read as this member's admin. */
export function showChannel(profile: Profile, deps: ChannelDeps, channelId: string): Promise<ChannelConfigSummary> {
  return readChannelConfig(profile, deps, targetOf(profile), channelId);
}

export async function readChannelConfig(
  profile: Profile,
  deps: ChannelDeps,
  target: CliTarget,
  channelId: string,
): Promise<ChannelConfigSummary> {
  const scratch = channelFiles(profile, channelId).scratch('config');
  try {
    const block = path.join(scratch, 'config.block');
    if ((await fetchBlock(profile, deps, target, channelId, 'config', block)) === 'not-found') {
      throw new FabkitError(
        'CHANNEL_NOT_FOUND',
        `Channel ${channelId} does not exist on the ordering service ${profile.network.orderer.address}`,
        {
          hint: 'Check the channel name, or create it with `fabkit channel create`.',
        },
      );
    }
    return summarizeConfig(channelId, await decodeConfigBlock(profile, deps, block, scratch));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The config a local block file carries (block 0 of a channel this run just created: no fetch). */
export async function configOfBlockFile(
  profile: Profile,
  deps: ChannelDeps,
  channelId: string,
  blockFile: string,
): Promise<ChannelConfigSummary> {
  const scratch = channelFiles(profile, channelId).scratch('config');
  try {
    return summarizeConfig(channelId, await decodeConfigBlock(profile, deps, blockFile, scratch));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Submits the difference between two channel configs as a config update signed by this
 * member's admin: encode both, compute_update, wrap in an envelope, sign, update.
 */
export async function submitConfigUpdate(
  profile: Profile,
  deps: ChannelDeps,
  target: CliTarget,
  channelId: string,
  original: ConfigJson,
  updated: ConfigJson,
): Promise<void> {
  const scratch = channelFiles(profile, channelId).scratch('update');
  try {
    const envelope = profile.toolPath(
      await writeUpdateEnvelope(
        { executor: deps.executor, scratch, toolPath: profile.toolPath },
        channelId,
        original,
        updated,
      ),
    );
    await mustRun(deps.executor, channelSignSpec(target, envelope), `Signing the update as ${profile.member.id}`);
    await mustRun(deps.executor, channelUpdateSpec(target, channelId, envelope), `Updating channel ${channelId}`, {
      hint: "A config update must satisfy the channel's mod policy: an org's own values need that org's admin.",
      retryUnavailableMs: UPDATE_RETRY_MS,
      onProgress: deps.onProgress,
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
