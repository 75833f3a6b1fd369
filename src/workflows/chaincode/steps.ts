/**
 * The single chaincode steps (`fabkit chaincode install | instantiate | upgrade | approve |
 * commit`), for users who run the lifecycle by hand. Each validates first, then calls the same
 * building blocks as `deploy`, so "already done" is detected the same way.
 */
import type { Profile } from '../../config/resolve';
import { usageError } from '../../errors';
import type { ChaincodeRef, DefinitionV2 } from '../../fabric-cli/chaincode-commands';
import { assertLegacyLifecycleAvailable } from '../../validate/fabric-removals';
import { assertChaincodeLabel } from '../../validate/ids';
import { readChannelConfig } from '../channel/config';
import type { ChannelConfigSummary } from '../channel/config';
import type { ChannelDeps } from '../channel/peer-cli';
import { targetOf } from '../channel/peer-cli';
import type { Lifecycle } from '../lifecycle';
import type { StepReport } from '../step-report';
import { parseCtor } from './ctor';
import { lifecycleOfChannel } from './deploy';
import { parsePolicyInput, resolvePolicyOn } from './policy-plan';
import { assertChaincodeRef, assertChaincodeSource } from './source';
import { installV1, instantiatedV1, instantiateV1 } from './v1';
import { approveV2, commitV2, installV2, nextSequence, queryCommitted } from './v2';

export interface StepOptions {
  readonly channelId: string;
  readonly name: string;
  readonly version: string;
  /** Host path of the chaincode folder (Go or Node) (install, approve). */
  readonly path?: string;
  /** Init args; on 2.x their presence makes the definition init-required. */
  readonly ctor?: string;
  readonly policy?: string;
  readonly label?: string;
  readonly peers?: readonly string[];
  readonly lifecycle?: Lifecycle;
  readonly timeoutMs?: number;
}

/** The channel's config, and the policy (if any) resolved against its members. */
interface ChannelPlan {
  readonly channel: ChannelConfigSummary;
  readonly policy: string | undefined;
}

/** Name, version and the policy's syntax are checked first; then the channel's config is read and the policy resolved. */
async function channelOf(profile: Profile, deps: ChannelDeps, o: StepOptions): Promise<ChannelPlan> {
  assertChaincodeRef(o.name, o.version);
  if (o.label !== undefined) assertChaincodeLabel(o.label);
  const policy = o.policy === undefined ? undefined : parsePolicyInput(o.policy);
  const channel = await readChannelConfig(profile, deps, targetOf(profile), o.channelId);
  return { channel, policy: policy && resolvePolicyOn(policy, channel.members).text };
}

const refOf = (o: StepOptions): ChaincodeRef => ({ channelId: o.channelId, name: o.name });
const labelOf = (o: StepOptions): string => o.label ?? `${o.name}_${o.version}`;

/** The 2.x definition these options describe, at the sequence the committed one implies. */
async function definitionOf(
  profile: Profile,
  deps: ChannelDeps,
  o: StepOptions,
  policy: string | undefined,
): Promise<{ d: DefinitionV2; committed: boolean }> {
  const seq = nextSequence(await queryCommitted(profile, deps, refOf(o)), o.version);
  return {
    d: { ...refOf(o), version: o.version, sequence: seq.sequence, initRequired: o.ctor !== undefined, policy },
    committed: seq.committed,
  };
}

/** Install on this member's peers: 1.x by name and version, 2.x as a package (label); peers that have it are skipped. */
export async function installChaincode(
  profile: Profile,
  deps: ChannelDeps,
  o: StepOptions,
): Promise<{ lifecycle: Lifecycle; packageId: string | undefined; steps: StepReport[] }> {
  if (o.lifecycle === '1.x')
    assertLegacyLifecycleAvailable(profile.network.fabricVersion, 'chaincode install --lifecycle 1.x');
  const sourceDir = assertChaincodeSource(o.path ?? '');
  // An install takes no policy: it is not checked here.
  const { channel } = await channelOf(profile, deps, { ...o, policy: undefined });
  const lifecycle = lifecycleOfChannel(channel, o.lifecycle, profile.network.fabricVersion);
  const steps: StepReport[] = [];
  if (lifecycle === '1.x') {
    await installV1(profile, deps, { ref: refOf(o), version: o.version, sourceDir, peers: o.peers }, steps);
    return { lifecycle, packageId: undefined, steps };
  }
  return {
    lifecycle,
    packageId: await installV2(profile, deps, { ref: refOf(o), label: labelOf(o), sourceDir, peers: o.peers }, steps),
    steps,
  };
}

/** 1.x: instantiate, or upgrade an instantiated chaincode to `version`. */
export async function instantiateChaincode(
  profile: Profile,
  deps: ChannelDeps,
  o: StepOptions & { upgrade: boolean },
): Promise<{ steps: StepReport[] }> {
  assertLegacyLifecycleAvailable(profile.network.fabricVersion, `chaincode ${o.upgrade ? 'upgrade' : 'instantiate'}`);
  const ctor = parseCtor(o.ctor ?? '{"Args":[]}');
  const { policy } = await channelOf(profile, deps, o);
  if (o.upgrade && !(await instantiatedV1(profile, deps, o.channelId)).some((c) => c.name === o.name)) {
    throw usageError(
      'NOT_INSTANTIATED',
      `${o.name} is not instantiated on ${o.channelId}, so there is nothing to upgrade`,
      `Run \`fabkit chaincode instantiate ${o.name}\` first.`,
    );
  }
  const steps: StepReport[] = [];
  await instantiateV1(
    profile,
    deps,
    { ref: refOf(o), version: o.version, sourceDir: o.path ?? '', ctor, policy, timeoutMs: o.timeoutMs ?? 120_000 },
    steps,
  );
  return { steps };
}

/** 2.x: install when needed, then approve the definition for this member. */
export async function approveChaincode(
  profile: Profile,
  deps: ChannelDeps,
  o: StepOptions,
): Promise<{ sequence: number; packageId: string; steps: StepReport[] }> {
  const { channel, policy } = await channelOf(profile, deps, o);
  lifecycleOfChannel(channel, '2.x');
  const steps: StepReport[] = [];
  const packageId = await installV2(
    profile,
    deps,
    { ref: refOf(o), label: labelOf(o), sourceDir: assertChaincodeSource(o.path ?? ''), peers: o.peers },
    steps,
  );
  const { d } = await definitionOf(profile, deps, o, policy);
  await approveV2(profile, deps, d, packageId, steps);
  return { sequence: d.sequence, packageId, steps };
}

/** 2.x: commit once enough members approved; "already committed" when the committed definition has this version. */
export async function commitChaincode(
  profile: Profile,
  deps: ChannelDeps,
  o: StepOptions,
): Promise<{
  committed: boolean;
  alreadyCommitted: boolean;
  sequence: number;
  waitingFor: string[];
  steps: StepReport[];
}> {
  const { policy } = await channelOf(profile, deps, o);
  const { d, committed } = await definitionOf(profile, deps, o, policy);
  const steps: StepReport[] = [];
  const r = committed
    ? { committed: true, waitingFor: [] }
    : await commitV2(profile, deps, d, o.timeoutMs ?? 120_000, steps);
  return { committed: r.committed, alreadyCommitted: committed, sequence: d.sequence, waitingFor: r.waitingFor, steps };
}
