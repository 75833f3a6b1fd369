/**
 * `fabkit chaincode deploy`: tutorial step 7 in one idempotent command. Everything is checked
 * and resolved once (a Plan: the channel's config, the lifecycle, the policy), then each step
 * the member can do runs, and what other members still have to do is said in words.
 */
import { assertChannelReady } from '../../config/channel-ready';
import type { Profile } from '../../config/resolve';
import { FabkitError, usageError } from '../../errors';
import type { DefinitionV2 } from '../../fabric-cli/chaincode-commands';
import { assertChaincodeLabel } from '../../validate/ids';
import type { ChannelConfigSummary } from '../channel/config';
import { readChannelConfig } from '../channel/config';
import type { ChannelDeps } from '../channel/peer-cli';
import { targetOf } from '../channel/peer-cli';
import type { Lifecycle } from '../lifecycle';
import type { StepReport } from '../step-report';
import { step } from '../step-report';
import { parseCtor } from './ctor';
import type { DeployRecord } from './deploy-record';
import { readRecord, writeRecord } from './deploy-record';
import { runInvoke } from './invoke';
import type { ResolvedPolicy } from './policy-plan';
import { parsePolicyInput, resolvePolicyOn } from './policy-plan';
import { assertChaincodeRef, assertChaincodeSource } from './source';
import { installV1, instantiateV1 } from './v1';
import { approveCommittedV2, approveV2, commitV2, installV2, nextSequence, queryCommitted } from './v2';

export interface DeployOptions {
  readonly channelId: string;
  readonly name: string;
  readonly version?: string;
  /** Host path of the Node chaincode folder. */
  readonly path: string;
  /** Init args as the peer CLI takes them (-c); on 2.x their presence makes the definition init-required. */
  readonly ctor?: string;
  /** Endorsement policy or shorthand (all-members, any-member, majority). */
  readonly policy?: string;
  /** Default: from the channel's Application capability (V2_0 → 2.x, else 1.x). */
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

export function lifecycleOfChannel(channel: ChannelConfigSummary, wanted: Lifecycle | undefined): Lifecycle {
  const v2 = channel.applicationCapabilities.includes('V2_0');
  if (wanted === '2.x' && !v2) {
    throw usageError(
      'LIFECYCLE_NOT_ENABLED',
      `Channel ${channel.channelId} has application capabilities ${channel.applicationCapabilities.join(', ') || '(none)'}: the 2.x lifecycle needs V2_0`,
      'Use --lifecycle 1.x (install/instantiate) on this channel, or create a channel with --lifecycle 2.x.',
    );
  }
  return wanted ?? (v2 ? '2.x' : '1.x');
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
  assertChannelReady(profile, o.channelId);
  const version = o.version ?? '1';
  assertChaincodeRef(o.name, version);
  if (o.label !== undefined) assertChaincodeLabel(o.label);
  const ctor = o.ctor === undefined ? undefined : parseCtor(o.ctor);
  const sourceDir = assertChaincodeSource(o.path);
  const policy = o.policy === undefined ? undefined : parsePolicyInput(o.policy);
  const channel = await readChannelConfig(profile, deps, targetOf(profile), o.channelId);
  const lifecycle = lifecycleOfChannel(channel, o.lifecycle);
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
      `install ${o.name}:${p.version} on its peers (fabkit chaincode deploy ${o.name} --channel ${o.channelId} --version ${p.version} on its machine)`,
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
  p: Plan & { readonly effectivePolicy: ResolvedPolicy },
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
        const r = await runInvoke(profile, deps, {
          channelId: o.channelId,
          name: o.name,
          ctor: p.ctor ?? '',
          isInit: true,
          policy: p.effectivePolicy,
        });
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

async function deployV2(
  profile: Profile,
  deps: ChannelDeps,
  o: DeployOptions,
  p: Plan,
  steps: StepReport[],
): Promise<DeployResult> {
  const ref = { channelId: o.channelId, name: o.name };
  const timeoutMs = o.timeoutMs ?? 120_000;
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
  let waitingFor: string[] = [];
  let committed = seq.committed;
  if (seq.committed) {
    await step(
      steps,
      `approve and commit ${o.name} v${p.version}`,
      async () =>
        (await approveCommittedV2(profile, deps, d, packageId))
          ? { outcome: 'done', detail: `approved the definition committed at sequence ${seq.sequence}` }
          : { outcome: 'already-done', detail: `committed at sequence ${seq.sequence}` },
      deps.onProgress,
    );
  } else {
    await approveV2(profile, deps, d, packageId, steps);
    const c = await commitV2(profile, deps, d, timeoutMs, steps);
    waitingFor = c.waitingFor;
    committed = c.committed;
  }
  const effectivePolicy = effectivePolicyV2(p);
  const ready = committed && (await initV2(profile, deps, o, { ...p, effectivePolicy }, d, steps));
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
  const todo =
    !committed && waitingFor.length === 0
      ? [
          "the member that imported every approving member's bundle (the channel creator) runs `fabkit chaincode deploy` again to commit and initialize",
        ]
      : waitingFor.length > 0
        ? waitingFor.map(
            (m) =>
              `${m}: install and approve (fabkit chaincode deploy ${o.name} --channel ${o.channelId} --version ${p.version}${p.policy ? ` --policy "${p.policy.text}"` : ''}${p.ctor ? ` -c '${p.ctor}'` : ''} on its machine); then the definition can be committed`,
          )
        : othersToDo(
            profile,
            p,
            `install ${label} on its peers so that they can endorse (fabkit chaincode deploy … on its machine)`,
          );
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
