/**
 * `fabkit chaincode deploy`: tutorial step 7 in one idempotent command. Everything is checked
 * and resolved once (a Plan: the channel's config, the lifecycle, the policy), then each step
 * the member can do runs, and what other members still have to do is said in words.
 */
import { assertChannelReady } from '../../config/channel-ready';
import type { Profile } from '../../config/resolve';
import { FabkitError, usageError } from '../../errors';
import type { DefinitionV2 } from '../../fabric-cli/chaincode-commands';
import type { FabricLine } from '../../validate/fabric-removals';
import { assertLegacyLifecycleAvailable } from '../../validate/fabric-removals';
import { assertChaincodeLabel } from '../../validate/ids';
import type { ChannelConfigSummary } from '../channel/config';
import type { ChannelMemberPeer } from '../channel/member-peers';
import { channelMemberPeers } from '../channel/member-peers';
import { readChannelConfig } from '../channel/config';
import type { ChannelDeps } from '../channel/peer-cli';
import { targetOf } from '../channel/peer-cli';
import type { Lifecycle } from '../lifecycle';
import type { StepReport } from '../step-report';
import { step } from '../step-report';
import { parseCtor } from './ctor';
import { deployCommand, versionText } from './follow-up';
import type { DeployRecord } from './deploy-record';
import { readRecord, writeRecord } from './deploy-record';
import { runInvoke } from './invoke';
import type { ResolvedPolicy } from './policy-plan';
import { parsePolicyInput, resolvePolicyOn } from './policy-plan';
import { assertChaincodeRef, assertChaincodeSource } from './source';
import { quotingChaincodeLog } from './chaincode-log';
import { proveStarts } from './start-probe';
import { installV1, instantiateV1 } from './v1';
import { approveCommittedV2, approveV2, commitV2, installV2, nextSequence, queryCommitted } from './v2';

export interface DeployOptions {
  readonly channelId: string;
  readonly name: string;
  readonly version?: string;
  /** Host path of the chaincode folder (Go or Node). */
  readonly path: string;
  /** Init args as the peer CLI takes them (-c); on 2.x their presence makes the definition init-required. */
  readonly ctor?: string;
  /** Endorsement policy or shorthand (all-members, any-member, majority). */
  readonly policy?: string;
  /** Default: from the channel's Application capability (V2_0 or V2_5 → 2.x, else 1.x; 1.x is refused on Fabric 3.x). */
  readonly lifecycle?: Lifecycle;
  readonly label?: string;
  readonly peers?: readonly string[];
  readonly timeoutMs?: number;
}

export interface DeployResult {
  readonly channelId: string;
  readonly name: string;
  readonly version: string;
  readonly lifecycle: Lifecycle;
  readonly policy: string | undefined;
  readonly sequence: number | undefined;
  readonly packageId: string | undefined;
  /** True once the chaincode is usable on the channel (instantiated, or committed and initialized). */
  readonly ready: boolean;
  readonly steps: StepReport[];
  /** What other members still have to do, in words. */
  readonly othersToDo: string[];
}

/** The application capabilities that enable the 2.x lifecycle: V2_0, and V2_5 (which implies it; Fabric 2.5/3.x networks use it). */
const LIFECYCLE_V2_CAPABILITIES = ['V2_0', 'V2_5'];

/**
 * The lifecycle to use on a channel: the one wanted, else 2.x when the channel's application
 * capability enables it, else 1.x. On a Fabric 3.x network (`fabric`), 1.x is refused: its
 * peers no longer have the 1.x lifecycle.
 */
export function lifecycleOfChannel(
  channel: ChannelConfigSummary,
  wanted: Lifecycle | undefined,
  fabric?: FabricLine,
): Lifecycle {
  const v2 = channel.applicationCapabilities.some((c) => LIFECYCLE_V2_CAPABILITIES.includes(c));
  if (wanted === '2.x' && !v2) {
    throw usageError(
      'LIFECYCLE_NOT_ENABLED',
      `Channel ${channel.channelId} has application capabilities ${channel.applicationCapabilities.join(', ') || '(none)'}: the 2.x lifecycle needs V2_0 (or V2_5)`,
      'Use --lifecycle 1.x (install/instantiate) on this channel, or create a channel with --lifecycle 2.x.',
    );
  }
  const lifecycle = wanted ?? (v2 ? '2.x' : '1.x');
  if (lifecycle === '1.x' && fabric !== undefined)
    assertLegacyLifecycleAvailable(
      fabric,
      `Channel ${channel.channelId} (application capabilities ${channel.applicationCapabilities.join(', ') || '(none)'})`,
    );
  return lifecycle;
}

interface Plan {
  readonly channel: ChannelConfigSummary;
  readonly lifecycle: Lifecycle;
  /** The policy given, resolved against the channel's members. */
  readonly policy: ResolvedPolicy | undefined;
  readonly ctor: string | undefined;
  readonly version: string;
  readonly sourceDir: string;
}

/** Everything is validated before anything is installed: names, init args, source, policy against the channel's members. */
async function plan(profile: Profile, deps: ChannelDeps, o: DeployOptions): Promise<Plan> {
  if (o.lifecycle === '1.x')
    assertLegacyLifecycleAvailable(profile.network.fabricVersion, 'chaincode deploy --lifecycle 1.x');
  assertChannelReady(profile, o.channelId);
  const version = o.version ?? '1';
  assertChaincodeRef(o.name, version);
  if (o.label !== undefined) assertChaincodeLabel(o.label);
  const ctor = o.ctor === undefined ? undefined : parseCtor(o.ctor);
  const sourceDir = assertChaincodeSource(o.path);
  const policy = o.policy === undefined ? undefined : parsePolicyInput(o.policy);
  const channel = await readChannelConfig(profile, deps, targetOf(profile), o.channelId);
  const lifecycle = lifecycleOfChannel(channel, o.lifecycle, profile.network.fabricVersion);
  return { channel, lifecycle, policy: policy && resolvePolicyOn(policy, channel.members), ctor, version, sourceDir };
}

function othersToDo(profile: Profile, p: Plan, what: string): string[] {
  const others = (p.policy?.members ?? p.channel.members).filter((m) => m !== profile.member.id);
  return others.map((m) => `${m}: ${what}`);
}

async function deployV1(
  profile: Profile,
  deps: ChannelDeps,
  o: DeployOptions,
  p: Plan,
  steps: StepReport[],
): Promise<DeployResult> {
  const ref = { channelId: o.channelId, name: o.name };
  const timeoutMs = o.timeoutMs ?? 120_000;
  await installV1(profile, deps, { ref, version: p.version, sourceDir: p.sourceDir, peers: o.peers }, steps);
  await instantiateV1(
    profile,
    deps,
    {
      ref,
      version: p.version,
      sourceDir: p.sourceDir,
      ctor: p.ctor ?? '{"Args":[]}',
      policy: p.policy?.text,
      peers: o.peers,
      timeoutMs,
    },
    steps,
  );
  const record: DeployRecord = {
    name: o.name,
    channelId: o.channelId,
    lifecycle: '1.x',
    version: p.version,
    policy: p.policy?.text ?? readRecord(profile, o.channelId, o.name)?.policy,
  };
  writeRecord(profile, record);
  return {
    channelId: o.channelId,
    name: o.name,
    version: p.version,
    lifecycle: '1.x',
    policy: record.policy,
    sequence: undefined,
    packageId: undefined,
    ready: true,
    steps,
    othersToDo: othersToDo(
      profile,
      p,
      `install ${o.name} ${versionText(p.version)} on its peers unless they have it (\`${deployCommand({ name: o.name, channelId: o.channelId, version: p.version, path: o.path })}\` on its machine)`,
    ),
  };
}

/**
 * The endorsement policy a 2.x chaincode actually has: the one given, else the channel's default
 * Endorsement policy, which fabkit's configtx defines as MAJORITY of the members' Endorsement
 * (each OR('<id>.member')), i.e. OutOf(n/2+1, …). Invoke picks its endorsers from it.
 */
function effectivePolicyV2(p: Plan): ResolvedPolicy {
  return p.policy ?? resolvePolicyOn({ shorthand: 'majority' }, p.channel.members);
}

async function initV2(
  profile: Profile,
  deps: ChannelDeps,
  o: DeployOptions,
  p: Plan & { readonly effectivePolicy: ResolvedPolicy; readonly known: readonly ChannelMemberPeer[] },
  d: DefinitionV2,
  steps: StepReport[],
): Promise<boolean> {
  if (!d.initRequired || p.ctor === undefined) return true;
  const record = readRecord(profile, o.channelId, o.name);
  if (record?.initDone && record.sequence === d.sequence) {
    await step(
      steps,
      `init ${o.name}`,
      async () => ({ outcome: 'already-done', detail: 'initialized' }),
      deps.onProgress,
    );
    return true;
  }
  await step(
    steps,
    `init ${o.name}`,
    async () => {
      try {
        // Init is the chaincode's first start: a launch failure quotes its lines (devnet).
        const r = await quotingChaincodeLog(profile, o.name, () =>
          runInvoke(profile, deps, {
            channelId: o.channelId,
            name: o.name,
            ctor: p.ctor ?? '',
            isInit: true,
            policy: p.effectivePolicy,
            knownPeers: p.known,
          }),
        );
        return { outcome: 'done', detail: `tx ${r.txId ?? '?'}` };
      } catch (error) {
        if (
          error instanceof FabkitError &&
          /already initialized/.test(String(error.details?.stderrTail ?? error.message))
        )
          return { outcome: 'already-done', detail: 'initialized' };
        throw error;
      }
    },
    deps.onProgress,
  );
  return true;
}

/** What other members still have to do after this member's 2.x deploy, each with a command that works when pasted. */
function todoV2(
  profile: Profile,
  o: DeployOptions,
  p: Plan,
  state: { committed: boolean; waitingFor: string[]; approved: Record<string, boolean>; label: string },
): string[] {
  const command = deployCommand({
    name: o.name,
    channelId: o.channelId,
    version: p.version,
    path: o.path,
    policy: p.policy?.text,
    ctor: p.ctor,
  });
  if (!state.committed && state.waitingFor.length === 0)
    return [
      'a member that knows a peer of each approving member (from their anchor peers on the channel, or their bundles) runs `fabkit chaincode deploy` again to commit and initialize',
    ];
  if (state.waitingFor.length > 0)
    return state.waitingFor.map(
      (m) => `${m}: install and approve (\`${command}\` on its machine); then the definition can be committed`,
    );
  // Members that approved the committed definition deployed it with fabkit, so they installed it too.
  return othersToDo(
    profile,
    p,
    `install ${state.label} on its peers so that they can endorse (\`${command}\` on its machine)`,
  ).filter((line) => !state.approved[line.slice(0, line.indexOf(':'))]);
}

/** Init (which proves the chaincode starts), or, without Init, a first query once this run committed it. */
async function readyV2(
  profile: Profile,
  deps: ChannelDeps,
  o: DeployOptions,
  p: Plan & { readonly effectivePolicy: ResolvedPolicy; readonly known: readonly ChannelMemberPeer[] },
  d: DefinitionV2,
  steps: StepReport[],
  justCommitted: boolean,
): Promise<boolean> {
  const ready = await initV2(profile, deps, o, p, d, steps);
  if (justCommitted && !d.initRequired) await proveStarts(profile, deps, d, steps);
  return ready;
}

/** Approve and commit, or "already done" when the committed definition has this version. */
async function approveAndCommit(
  profile: Profile,
  deps: ChannelDeps,
  d: DefinitionV2,
  o: {
    alreadyCommitted: boolean;
    packageId: string;
    timeoutMs: number;
    steps: StepReport[];
    known: readonly ChannelMemberPeer[];
  },
): Promise<{ committed: boolean; waitingFor: string[] }> {
  if (o.alreadyCommitted) {
    // A member that joined after the commit (channel add-member) approves the committed sequence now.
    await step(
      o.steps,
      `approve and commit ${d.name} ${versionText(d.version)}`,
      async () =>
        (await approveCommittedV2(profile, deps, d, o.packageId))
          ? { outcome: 'done', detail: `approved the definition committed at sequence ${d.sequence}` }
          : { outcome: 'already-done', detail: `committed at sequence ${d.sequence}` },
      deps.onProgress,
    );
    return { committed: true, waitingFor: [] };
  }
  await approveV2(profile, deps, d, o.packageId, o.steps);
  return commitV2(profile, deps, d, o.timeoutMs, o.steps, o.known);
}

async function deployV2(
  profile: Profile,
  deps: ChannelDeps,
  o: DeployOptions,
  p: Plan,
  steps: StepReport[],
): Promise<DeployResult> {
  const ref = { channelId: o.channelId, name: o.name };
  const label = o.label ?? `${o.name}_${p.version}`;
  const packageId = await installV2(profile, deps, { ref, label, sourceDir: p.sourceDir, peers: o.peers }, steps);
  const seq = nextSequence(await queryCommitted(profile, deps, ref), p.version);
  const d: DefinitionV2 = {
    ...ref,
    version: p.version,
    sequence: seq.sequence,
    initRequired: p.ctor !== undefined,
    policy: p.policy?.text,
  };
  // Other members' peers from the channel's config, so this member can commit and init without their bundles.
  const known = channelMemberPeers(profile, p.channel);
  const { committed, waitingFor } = await approveAndCommit(profile, deps, d, {
    alreadyCommitted: seq.committed,
    packageId,
    timeoutMs: o.timeoutMs ?? 120_000,
    steps,
    known,
  });
  const effectivePolicy = effectivePolicyV2(p);
  const ready =
    committed && (await readyV2(profile, deps, o, { ...p, effectivePolicy, known }, d, steps, !seq.committed));
  writeRecord(profile, {
    name: o.name,
    channelId: o.channelId,
    lifecycle: '2.x',
    version: p.version,
    sequence: seq.sequence,
    policy: effectivePolicy.text,
    initRequired: d.initRequired,
    initDone: ready && d.initRequired,
    packageId,
  });
  const approved = committed ? ((await queryCommitted(profile, deps, ref))?.approvals ?? {}) : {};
  const todo = todoV2(profile, o, p, { committed, waitingFor, approved, label });
  return {
    channelId: o.channelId,
    name: o.name,
    version: p.version,
    lifecycle: '2.x',
    policy: p.policy?.text,
    sequence: seq.sequence,
    packageId,
    ready,
    steps,
    othersToDo: todo,
  };
}

/**
 * Tutorial step 7 (8.10–8.11 for several members) in one idempotent command: the lifecycle is
 * picked from the channel's capability, each step this member can do is done or reported as
 * already done, and what other members still have to do is said in words.
 */
export async function deployChaincode(profile: Profile, deps: ChannelDeps, o: DeployOptions): Promise<DeployResult> {
  const p = await plan(profile, deps, o);
  const steps: StepReport[] = [];
  return p.lifecycle === '1.x' ? deployV1(profile, deps, o, p, steps) : deployV2(profile, deps, o, p, steps);
}
