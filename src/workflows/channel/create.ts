/** Tutorial step 6 (and 8.5-8.8): configtx.yaml, the channel transaction, create, block 0, join this member's peers. */
import * as fs from 'node:fs';
import { assertChannelReady } from '../../config/channel-ready';
import type { ChannelFiles } from '../../config/home-layout';
import { channelFiles } from '../../config/home-layout';
import type { Profile } from '../../config/resolve';
import { buildConfigtx, dumpConfigtx, policiesFor } from '../../configtx/build';
import { loadConfigtxSkeletons } from '../../configtx/templates';
import type { AppCapability, ConfigtxOrgInput } from '../../configtx/types';
import { readImportedMember } from '../../bundle/members';
import { usageError } from '../../errors';
import { channelCreateSpec, createChannelTxSpec, genesisBlockSpec } from '../../fabric-cli/channel-commands';
import { withOrdererSection } from '../../configtx/orderer-section';
import type { NetworkKind, OrdererJoin } from './participation';
import { detectNetworkKind, joinOrderers } from './participation';
import { classifyFailure, cliFailure, mustRun, runRetryingUnavailable } from '../../fabric-cli/failure';
import { sweepLeftovers } from '../../staging';
import { waitFor } from '../../runtime/wait-for';
import { parseEndpoint } from '../../validate/endpoint';
import { assertLegacyLifecycleAvailable, assertSystemChannelAvailable } from '../../validate/fabric-removals';
import { assertMemberId } from '../../validate/ids';
import { decodeConfigBlock, fetchBlock, summarizeConfig } from './config';
import type { ChannelConfigSummary } from './config';
import type { Lifecycle } from '../lifecycle';
import type { JoinResult } from './join';
import { joinPeers } from './join';
import type { ChannelDeps } from './peer-cli';
import { targetOf } from './peer-cli';
import { adminIsFresh, FRESH_ADMIN_WAIT_MS, refusedAsNotAdmin } from './fresh-admin';

export interface CreateOptions {
  readonly channelId: string;
  /** Other members (imported with `fabkit member import`) to put in the channel. */
  readonly members?: readonly string[];
  /** Chaincode lifecycle the channel is for: 1.x → V1_4_2, 2.x → V2_0. Default: by the network's Fabric version. */
  readonly lifecycle?: Lifecycle;
  /** Join this member's peers afterwards (default true). */
  readonly join?: boolean;
  /** After the join, set this member's anchor peers when it has none on the channel (default true). */
  readonly anchorPeers?: boolean;
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
  /** How the channel was created: through the system channel, or channel participation (osnadmin). */
  readonly network: NetworkKind;
  /** channel participation: each orderer's join (joined now, or had it already). */
  readonly ordererJoins: readonly OrdererJoin[] | undefined;
}

/**
 * The application capability for a lifecycle on a network of this Fabric version: V2_0 for
 * 2.x (which needs a 2.x network); for 1.x, V1_2 on 1.2/1.3 networks and V1_4_2 from 1.4 on
 * (refused on 3.x networks, whose peers no longer have the 1.x lifecycle).
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
  assertLegacyLifecycleAvailable(fabric, 'A V1_4_2 channel (--lifecycle 1.x)');
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

/** One channel create: the member, where the peer CLI runs, and the channel's files (computed once). */
interface CreateRun {
  readonly profile: Profile;
  readonly deps: ChannelDeps;
  readonly channelId: string;
  readonly files: ChannelFiles;
}

/** Writes configtx.yaml and the channel creation tx with the real configtxgen. */
async function writeChannelTx(
  { profile, deps, channelId, files }: CreateRun,
  orgs: ConfigtxOrgInput[],
  capability: AppCapability,
): Promise<{ configtx: string; tx: string }> {
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

/**
 * channel participation: configtx.yaml with the orderer section, and the channel's genesis block
 * from `configtxgen -outputBlock` (written to `files.createdBlock`).
 */
async function writeGenesisBlock(
  { profile, deps, channelId, files }: CreateRun,
  orgs: ConfigtxOrgInput[],
  capability: AppCapability,
): Promise<string> {
  const orderer = profile.network.ordererOrg;
  if (orderer === undefined)
    throw usageError(
      'ORDERER_ORG_MISSING',
      'This network has no system channel, and fabkit.yaml has no network.ordererOrg (the orderer org MSP and consenters a channel genesis block needs)',
      'Add network.ordererOrg: { mspId, mspDir, consenters: [{ endpoint, tlsCert }] } to fabkit.yaml (fabkit init --from-devnet writes it for a fabric-style devnet).',
    );
  const base = buildConfigtx({ orgs, capability, policies: 'full' }, loadConfigtxSkeletons());
  const doc = withOrdererSection(base, {
    mspId: orderer.mspId,
    mspDir: profile.toolPath(orderer.mspDir),
    consenters: orderer.consenters.map((c) => ({
      host: c.endpoint.host,
      port: c.endpoint.port,
      tlsCert: profile.toolPath(c.tlsCert),
    })),
  });
  fs.mkdirSync(files.dir, { recursive: true });
  fs.writeFileSync(files.configtx, dumpConfigtx(doc));
  const profileName = Object.keys(doc.Profiles)[0] ?? '';
  deps.onProgress?.(`configtxgen -outputBlock: ${profileName} for ${orgs.map((o) => o.memberId).join(', ')}`);
  await mustRun(
    deps.executor,
    genesisBlockSpec(profile.toolPath(files.dir), profileName, channelId, profile.toolPath(files.createdBlock)),
    `Generating the genesis block of ${channelId}`,
    { hint: `configtxgen rejected ${files.configtx}; the stderr tail says which part.` },
  );
  return files.createdBlock;
}

/** Polls until block 0 of the channel can be fetched from the ordering service. */
async function waitForGenesis({ profile, deps, channelId, files }: CreateRun, timeoutMs: number): Promise<string> {
  const { genesisBlock, genesisPartial: tmp } = files;
  const deadline = Date.now() + timeoutMs;
  await waitFor(
    async () =>
      (await fetchBlock(profile, deps, targetOf(profile), channelId, 'oldest', tmp, deadline - Date.now())) ===
      'fetched'
        ? true
        : undefined,
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
  { profile, deps, channelId, files }: CreateRun,
  tx: string,
  timeoutMs: number,
): Promise<'created' | 'already-exists'> {
  const spec = channelCreateSpec(
    targetOf(profile),
    channelId,
    profile.toolPath(tx),
    profile.toolPath(files.createdBlock),
    Math.ceil(timeoutMs / 1000),
  );
  deps.onProgress?.(`creating ${channelId} on ${profile.network.orderer.address}`);
  const deadline = Date.now() + timeoutMs;
  // SERVICE_UNAVAILABLE: the orderer is not ready, or is busy with a concurrent create of this channel.
  const attempt = () =>
    runRetryingUnavailable(deps.executor, spec, {
      boundMs: timeoutMs,
      timeoutMs: timeoutMs + 10_000,
      onProgress: deps.onProgress,
    });
  let r = await attempt();
  if (r.exitCode !== 0 && refusedAsNotAdmin(r.stderr) && adminIsFresh(profile)) {
    // A just-enrolled admin: the ordering service learns it some time after the peers (AMB: a minute or two).
    deps.onProgress?.(
      'waiting for the ordering service to recognize the newly enrolled admin (on AMB, a minute or two)',
    );
    r = await waitFor(
      async () => {
        const again = await attempt();
        return again.exitCode !== 0 && refusedAsNotAdmin(again.stderr) ? undefined : again;
      },
      {
        what: 'the ordering service to recognize the admin',
        timeoutMs: FRESH_ADMIN_WAIT_MS,
        intervalMs: 500,
        maxIntervalMs: 5000,
      },
    )
      .then((w) => w.value)
      .catch(() => r);
  }
  if (r.exitCode === 0 && fs.existsSync(files.createdBlock)) {
    // What `peer channel create` wrote is block 0: no second fetch of it.
    fs.renameSync(files.createdBlock, files.genesisBlock);
    return 'created';
  }
  fs.rmSync(files.createdBlock, { force: true });
  if (r.exitCode === 0) return 'created';
  // A timeout (or a race with another creator) may still have created it: look before failing.
  const left = deadline - Date.now();
  if (
    (await fetchBlock(profile, deps, targetOf(profile), channelId, 'oldest', files.genesisPartial, left)) === 'fetched'
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
  { profile, deps, channelId, files }: CreateRun,
  block: string,
): Promise<ChannelConfigSummary> {
  const scratch = files.scratch('genesis');
  try {
    return summarizeConfig(channelId, await decodeConfigBlock(profile, deps, block, scratch));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** channel participation: genesis block → every orderer joins (active) → this member's peers join from the same block. */
async function createThroughParticipation(
  run: CreateRun,
  orgs: ConfigtxOrgInput[],
  capability: AppCapability,
  timeoutMs: number,
  options: CreateOptions,
  start: number,
): Promise<CreateResult> {
  const { profile, deps, channelId, files } = run;
  const block = await writeGenesisBlock(run, orgs, capability);
  const ordererJoins = await joinOrderers(profile, deps, channelId, profile.toolPath(block), timeoutMs);
  const fresh = ordererJoins.some((j) => j.outcome === 'joined');
  // Orderers that had the channel already hold its real block 0, not the one just generated.
  if (fresh) fs.renameSync(block, files.genesisBlock);
  else fs.rmSync(block, { force: true });
  const blockFile = fresh ? files.genesisBlock : await waitForGenesis(run, timeoutMs);
  const createMs = Date.now() - start;
  const join =
    options.join === false
      ? undefined
      : await joinPeers(profile, deps, files, { channelId, timeoutMs, anchorPeers: options.anchorPeers, fresh });
  return {
    channelId,
    outcome: fresh ? 'created' : 'already-exists',
    members: orgs.map((o) => o.memberId),
    capability,
    configtxFile: files.configtx,
    txFile: undefined,
    blockFile,
    join,
    createMs,
    network: 'channel-participation',
    ordererJoins,
  };
}

/** Tutorial step 6 (and 8.5–8.8): configtx.yaml → channel tx → create → block 0 → join this member's peers. */
export async function createChannel(
  profile: Profile,
  deps: ChannelDeps,
  options: CreateOptions,
): Promise<CreateResult> {
  const start = Date.now();
  const { channelId } = options;
  const fabric = profile.network.fabricVersion;
  const capability = capabilityOf(options.lifecycle ?? (fabric.major >= 2 ? '2.x' : '1.x'), fabric);
  assertChannelReady(profile, channelId);
  const run: CreateRun = { profile, deps, channelId, files: channelFiles(profile, channelId) };
  // Before anything is written: which path, and (channel participation) whether the orderer accepts our admin.
  const network = (await detectNetworkKind(profile, deps, { verify: true })).kind;
  const participation = network === 'channel-participation';
  if (!participation) assertSystemChannelAvailable(fabric, `Creating channel ${channelId}`);
  const { files } = run;
  const orgs = [
    {
      memberId: profile.member.id,
      mspDir: profile.toolPath(profile.paths.mspDir),
      anchorPeers: profile.peers.slice(0, 1).map((p) => p.endpoint),
    },
    ...(await otherOrgs(profile, options.members ?? [])),
  ];
  await sweepLeftovers(files.dir, { channelScratch: true }); // what an interrupted run left
  const timeoutMs = options.timeoutMs ?? 60_000;
  let fresh = false;
  const join = async (): Promise<JoinResult | undefined> =>
    options.join === false
      ? undefined
      : joinPeers(profile, deps, files, { channelId, timeoutMs, anchorPeers: options.anchorPeers, fresh });
  if (participation) return createThroughParticipation(run, orgs, capability, timeoutMs, options, start);
  // Create first: the ordering service refuses a channel that exists, and only then is block 0 fetched
  // (submitCreate). A new channel thus costs create, join and the anchor-peer update, with no look first.
  const { configtx, tx } = await writeChannelTx(run, orgs, capability);
  fs.rmSync(files.genesisBlock, { force: true }); // a block 0 kept from an earlier channel of this name is stale
  const outcome = await submitCreate(run, tx, timeoutMs);
  if (outcome === 'already-exists') {
    fs.renameSync(files.genesisPartial, files.genesisBlock);
    deps.onProgress?.(`channel ${channelId} already exists; block 0 saved to ${files.genesisBlock}`);
    const actual = await describeBlock(run, files.genesisBlock);
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
      network,
      ordererJoins: undefined,
    };
  }
  fresh = true;
  const blockFile = fs.existsSync(files.genesisBlock) ? files.genesisBlock : await waitForGenesis(run, timeoutMs);
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
    network,
    ordererJoins: undefined,
  };
}
