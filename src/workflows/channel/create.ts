import * as fs from 'node:fs';
import type { Profile } from '../../config/resolve';
import { buildConfigtx, dumpConfigtx, loadConfigtxSkeletons, policiesFor } from '../../configtx';
import type { AppCapability, ConfigtxOrgInput } from '../../configtx';
import { readImportedMember } from '../../bundle/members';
import { usageError } from '../../errors';
import { sweepLeftovers } from '../../msp/staging';
import { channelCreateSpec, classifyFailure, createChannelTxSpec } from '../../fabric-cli/channel-commands';
import { cliFailure, mustRun } from '../../runtime/run-spec';
import { waitFor } from '../../runtime/wait-for';
import { parseEndpoint } from '../../validate/endpoint';
import { assertMemberId } from '../../validate/ids';
import { decodeConfigBlock, fetchBlock, summarizeConfig } from './config';
import type { ChannelConfigSummary } from './config';
import type { ChannelDeps } from './context';
import { assertChannelReady, channelFiles, targetOf } from './context';
import type { JoinResult } from './join';
import { joinChannel } from './join';

export type Lifecycle = '1.x' | '2.x';

export interface CreateOptions {
  readonly channelId: string;
  /** Other members (imported with `fabkit member import`) to put in the channel. */
  readonly members?: readonly string[];
  /** Chaincode lifecycle the channel is for: 1.x → V1_4_2, 2.x → V2_0. Default: by the network's Fabric version. */
  readonly lifecycle?: Lifecycle;
  /** Join this member's peers afterwards (default true). */
  readonly join?: boolean;
  readonly timeoutMs?: number;
}

export interface CreateResult {
  readonly channelId: string;
  readonly outcome: 'created' | 'already-exists';
  readonly members: string[];
  readonly capability: AppCapability | undefined;
  readonly configtxFile: string | undefined;
  readonly txFile: string | undefined;
  readonly blockFile: string;
  readonly join: JoinResult | undefined;
  readonly createMs: number;
}

/**
 * The application capability for a lifecycle on a network of this Fabric version: V2_0 for
 * 2.x (which needs a 2.x network); for 1.x, V1_2 on 1.2/1.3 networks and V1_4_2 from 1.4 on.
 */
export function capabilityOf(
  lifecycle: Lifecycle,
  fabric: { major: number; minor: number } = { major: 2, minor: 0 },
): AppCapability {
  if (lifecycle === '2.x') {
    if (fabric.major < 2) {
      throw usageError(
        'LIFECYCLE_NOT_SUPPORTED',
        `The 2.x chaincode lifecycle needs Fabric 2.x; this network runs Fabric ${fabric.major}.${fabric.minor}`,
        'Use --lifecycle 1.x (install/instantiate) on this network.',
      );
    }
    return 'V2_0';
  }
  return fabric.major === 1 && fabric.minor < 4 ? 'V1_2' : 'V1_4_2';
}

/** Validates the other members and finds their imported MSPs; nothing runs before this passes. */
async function otherOrgs(profile: Profile, members: readonly string[]): Promise<ConfigtxOrgInput[]> {
  const unique = [...new Set(members)];
  for (const id of unique) {
    assertMemberId(id);
    if (id === profile.member.id)
      throw usageError(
        'SELF_AS_MEMBER',
        `--member ${id} is this member itself`,
        'List only the other members; this member is always in the channels it creates.',
      );
  }
  return Promise.all(
    unique.map(async (id) => {
      const m = await readImportedMember(profile, id);
      return {
        memberId: id,
        mspDir: profile.toolPath(m.mspDir),
        anchorPeers: m.peerEndpoints.slice(0, 1).map((e) => parseEndpoint(e)),
      };
    }),
  );
}

async function configtxgenPolicies(deps: ChannelDeps): Promise<'minimal' | 'full'> {
  const version = await deps.executor.version('configtxgen');
  // `Version: 2.5.9` (some builds print v2.5.9); when unknown, assume a 2.x tool, which needs the full form.
  return policiesFor({ major: Number(/(\d+)\.\d+/.exec(version ?? '')?.[1] ?? 2) });
}

/** Writes configtx.yaml and the channel creation tx with the real configtxgen. */
async function writeChannelTx(
  profile: Profile,
  deps: ChannelDeps,
  channelId: string,
  orgs: ConfigtxOrgInput[],
  capability: AppCapability,
): Promise<{ configtx: string; tx: string }> {
  const files = channelFiles(profile, channelId);
  const doc = buildConfigtx({ orgs, capability, policies: await configtxgenPolicies(deps) }, loadConfigtxSkeletons());
  fs.mkdirSync(files.dir, { recursive: true });
  fs.writeFileSync(files.configtx, dumpConfigtx(doc));
  const profileName = Object.keys(doc.Profiles)[0] ?? '';
  deps.onProgress?.(`configtxgen: ${profileName} for ${orgs.map((o) => o.memberId).join(', ')} (${capability})`);
  await mustRun(
    deps.executor,
    createChannelTxSpec(profile.toolPath(files.dir), profileName, channelId, profile.toolPath(files.tx)),
    `Generating the channel transaction for ${channelId}`,
    {
      hint: `configtxgen rejected ${files.configtx}; the stderr tail says which part.`,
    },
  );
  return { configtx: files.configtx, tx: files.tx };
}

/** Polls until block 0 of the channel can be fetched from the ordering service. */
async function waitForGenesis(
  profile: Profile,
  deps: ChannelDeps,
  channelId: string,
  timeoutMs: number,
): Promise<string> {
  const { genesisBlock } = channelFiles(profile, channelId);
  const tmp = `${genesisBlock}.partial`;
  await waitFor(
    async () =>
      (await fetchBlock(profile, deps, targetOf(profile), channelId, 'oldest', tmp)) === 'fetched' ? true : undefined,
    {
      what: `block 0 of ${channelId} to be fetchable`,
      timeoutMs,
      intervalMs: 200,
      onProgress: ({ elapsedMs }) =>
        deps.onProgress?.(`waiting for block 0 of ${channelId} (${(elapsedMs / 1000).toFixed(0)}s)`),
    },
  );
  fs.renameSync(tmp, genesisBlock);
  return genesisBlock;
}

async function submitCreate(
  profile: Profile,
  deps: ChannelDeps,
  channelId: string,
  tx: string,
  timeoutMs: number,
): Promise<'created' | 'already-exists'> {
  const files = channelFiles(profile, channelId);
  const spec = channelCreateSpec(
    targetOf(profile),
    channelId,
    profile.toolPath(tx),
    profile.toolPath(`${files.genesisBlock}.created`),
    Math.ceil(timeoutMs / 1000),
  );
  deps.onProgress?.(`creating ${channelId} on ${profile.network.orderer.address}`);
  const r = await deps.executor.run(spec, { timeoutMs: timeoutMs + 10_000 });
  fs.rmSync(`${files.genesisBlock}.created`, { force: true });
  if (r.exitCode === 0) return 'created';
  // A timeout (or a race with another creator) may still have created it: look before failing.
  if (
    (await fetchBlock(profile, deps, targetOf(profile), channelId, 'oldest', `${files.genesisBlock}.partial`)) ===
    'fetched'
  )
    return 'already-exists';
  throw cliFailure(
    `Creating channel ${channelId}`,
    spec,
    r,
    classifyFailure(r.stderr) === 'forbidden'
      ? "The ordering service did not accept this member's admin: check `fabkit doctor`, and that every --member is in the network's consortium."
      : undefined,
  );
}

async function describeBlock(
  profile: Profile,
  deps: ChannelDeps,
  channelId: string,
  block: string,
): Promise<ChannelConfigSummary> {
  const scratch = channelFiles(profile, channelId).scratch('genesis');
  try {
    return summarizeConfig(channelId, await decodeConfigBlock(profile, deps, block, scratch));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Tutorial step 6 (and 8.5–8.8): configtx.yaml → channel tx → create → block 0 → join this member's peers. */
export async function createChannel(
  profile: Profile,
  deps: ChannelDeps,
  options: CreateOptions,
): Promise<CreateResult> {
  const start = Date.now();
  const { channelId } = options;
  assertChannelReady(profile, channelId);
  const orgs = [
    {
      memberId: profile.member.id,
      mspDir: profile.toolPath(profile.paths.mspDir),
      anchorPeers: profile.peers.slice(0, 1).map((p) => p.endpoint),
    },
    ...(await otherOrgs(profile, options.members ?? [])),
  ];
  const capability = capabilityOf(
    options.lifecycle ?? (profile.network.fabricVersion.major >= 2 ? '2.x' : '1.x'),
    profile.network.fabricVersion,
  );
  const files = channelFiles(profile, channelId);
  await sweepLeftovers(files.dir, { channelScratch: true }); // what an interrupted run left
  const timeoutMs = options.timeoutMs ?? 60_000;
  const join = async (): Promise<JoinResult | undefined> =>
    options.join === false ? undefined : joinChannel(profile, deps, { channelId, timeoutMs });
  if (
    (await fetchBlock(profile, deps, targetOf(profile), channelId, 'oldest', `${files.genesisBlock}.partial`)) ===
    'fetched'
  ) {
    fs.renameSync(`${files.genesisBlock}.partial`, files.genesisBlock);
    deps.onProgress?.(`channel ${channelId} already exists; block 0 saved to ${files.genesisBlock}`);
    const actual = await describeBlock(profile, deps, channelId, files.genesisBlock);
    return {
      channelId,
      outcome: 'already-exists',
      members: actual.members,
      capability: actual.applicationCapabilities[0] as AppCapability | undefined,
      configtxFile: undefined,
      txFile: undefined,
      blockFile: files.genesisBlock,
      join: await join(),
      createMs: Date.now() - start,
    };
  }
  const { configtx, tx } = await writeChannelTx(profile, deps, channelId, orgs, capability);
  const outcome = await submitCreate(profile, deps, channelId, tx, timeoutMs);
  const blockFile = await waitForGenesis(profile, deps, channelId, timeoutMs);
  const createMs = Date.now() - start;
  return {
    channelId,
    outcome,
    members: orgs.map((o) => o.memberId),
    capability,
    configtxFile: configtx,
    txFile: tx,
    blockFile,
    join: await join(),
    createMs,
  };
}
