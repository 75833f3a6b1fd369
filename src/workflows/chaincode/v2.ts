/** The 2.x chaincode lifecycle: package and install on each peer, approve for this member, commit once enough approved. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { channelFiles, packageFileOf } from '../../config/home-layout';
import { selectPeers } from '../../config/peers';
import type { Profile } from '../../config/resolve';
import { FabkitError } from '../../errors';
import type {
  ChaincodeRef,
  CommittedChaincode,
  CommittedDefinition,
  DefinitionV2,
  EndorsingPeer,
} from '../../fabric-cli/chaincode-commands';
import {
  approveSpec,
  queryApprovedSpec,
  checkCommitReadinessSpec,
  commitSpec,
  installV2Spec,
  listInstalledV1Spec,
  parseChaincodeListV1,
  parseCommitReadiness,
  parseQueryAllCommitted,
  parseQueryCommitted,
  parseQueryInstalled,
  queryAllCommittedSpec,
  queryCommittedSpec,
  queryInstalledSpec,
} from '../../fabric-cli/chaincode-commands';
import { mustRun } from '../../fabric-cli/failure';
import { isFabric3OrLater } from '../../validate/fabric-removals';
import { assertChaincodeLabel, assertChaincodeName } from '../../validate/ids';
import { waitFor } from '../../runtime/wait-for';
import type { ChannelMemberPeer } from '../channel/member-peers';
import type { ChannelDeps } from '../channel/peer-cli';
import { targetOf } from '../channel/peer-cli';
import type { Lifecycle } from '../lifecycle';
import type { StepReport } from '../step-report';
import { step } from '../step-report';
import { bundleChaincode, writeV2Package } from './bundle';
import { quotingChaincodeLog } from './chaincode-log';
import { endorsingPeerOf } from './endorsers';
import { versionText } from './follow-up';

/** The committed definition, or undefined when the chaincode is not defined on the channel. */
export async function queryCommitted(
  profile: Profile,
  deps: ChannelDeps,
  ref: ChaincodeRef,
): Promise<CommittedDefinition | undefined> {
  assertChaincodeName(ref.name);
  const spec = queryCommittedSpec(targetOf(profile), ref);
  const r = await deps.executor.run(spec);
  if (r.exitCode !== 0 && /namespace \S+ is not defined|404/.test(r.stderr)) return undefined;
  return parseQueryCommitted(
    (await mustRun(deps.executor, spec, `Querying the committed definition of ${ref.name}`)).stdout,
  );
}

/** Every chaincode committed on the channel, as `peer lifecycle chaincode querycommitted -C <channel>` lists them. */
export async function listCommitted(
  profile: Profile,
  deps: ChannelDeps,
  channelId: string,
): Promise<CommittedChaincode[]> {
  const spec = queryAllCommittedSpec(targetOf(profile), channelId);
  return parseQueryAllCommitted(
    (await mustRun(deps.executor, spec, `Listing the chaincode committed on ${channelId}`)).stdout,
  );
}

/** package (once, kept under the channel's artifacts) and install on each peer; skips peers that have the label. Returns the package ID. */
export async function installV2(
  profile: Profile,
  deps: ChannelDeps,
  d: { ref: ChaincodeRef; label: string; sourceDir: string; peers?: readonly string[] },
  steps: StepReport[],
): Promise<string> {
  const pkg = channelFiles(profile, d.ref.channelId).chaincodePackage(d.label);
  let packageId = '';
  for (const peer of selectPeers(profile, d.peers)) {
    const t = targetOf(profile, peer);
    await step(
      steps,
      `install ${d.label} on ${peer}`,
      async () => {
        const installed = () =>
          mustRun(deps.executor, queryInstalledSpec(t), `Listing chaincode installed on ${peer}`).then((r) =>
            parseQueryInstalled(r.stdout).find((p) => p.label === d.label),
          );
        const existing = await installed();
        if (existing) {
          packageId = existing.packageId;
          return { outcome: 'already-done', detail: existing.packageId };
        }
        let bundled = '';
        if (!fs.existsSync(pkg)) {
          const code = await bundleChaincode(d.sourceDir);
          await writeV2Package(pkg, code, d.label);
          bundled = ` (${code.language}, ${code.dependencies})`;
        }
        // A 2.x install builds the package: a build failure quotes the builder's lines (devnet).
        await quotingChaincodeLog(profile, d.ref.name, () =>
          mustRun(deps.executor, installV2Spec(t, profile.toolPath(pkg)), `Installing ${d.label} on ${peer}`, {
            timeoutMs: 300_000,
          }),
        );
        packageId = (await installed())?.packageId ?? '';
        return { outcome: 'done', detail: `${packageId}${bundled}` };
      },
      deps.onProgress,
    );
  }
  return packageId;
}

/** The sequence the definition needs: 1 when undefined, the committed one when it matches, else the next. */
export function nextSequence(
  committed: CommittedDefinition | undefined,
  version: string,
): { sequence: number; committed: boolean } {
  if (!committed) return { sequence: 1, committed: false };
  if (committed.version === version) return { sequence: committed.sequence, committed: true };
  return { sequence: committed.sequence + 1, committed: false };
}

export async function approvals(
  profile: Profile,
  deps: ChannelDeps,
  d: DefinitionV2,
): Promise<Record<string, boolean>> {
  const r = await mustRun(
    deps.executor,
    checkCommitReadinessSpec(targetOf(profile), d),
    `Checking commit readiness of ${d.name}`,
  );
  return parseCommitReadiness(r.stdout);
}

export async function approveV2(
  profile: Profile,
  deps: ChannelDeps,
  d: DefinitionV2,
  packageId: string,
  steps: StepReport[],
): Promise<void> {
  await step(
    steps,
    `approve ${d.name} ${versionText(d.version)} seq ${d.sequence} for ${profile.member.id}`,
    async () => {
      if ((await approvals(profile, deps, d))[profile.member.id])
        return { outcome: 'already-done', detail: 'approved' };
      await mustRun(
        deps.executor,
        approveSpec(targetOf(profile), d, packageId),
        `Approving ${d.name} for ${profile.member.id}`,
        {
          hint: 'Every member approves the same name, version, sequence, policy and init-required setting.',
        },
      );
      return { outcome: 'done', detail: '' };
    },
    deps.onProgress,
  );
}

/**
 * A member that joined after the definition was committed (e.g. added with `channel add-member`)
 * approves the committed sequence, so that its peers run the package it installed. Resolves
 * false when this member has approved that sequence already.
 */
export async function approveCommittedV2(
  profile: Profile,
  deps: ChannelDeps,
  d: DefinitionV2,
  packageId: string,
): Promise<boolean> {
  const mine = await deps.executor.run(queryApprovedSpec(targetOf(profile), d.channelId, d.name, d.sequence));
  if (mine.exitCode === 0) return false;
  await mustRun(
    deps.executor,
    approveSpec(targetOf(profile), d, packageId),
    `Approving ${d.name} for ${profile.member.id}`,
    {
      hint: 'A member approving a committed definition approves exactly its version, sequence, policy and init-required setting.',
    },
  );
  return true;
}

/** Whether this member approved the definition's sequence at this version (`peer lifecycle chaincode queryapproved`; it exits non-zero when there is no approval). */
export async function hasApproved(
  profile: Profile,
  deps: ChannelDeps,
  d: { readonly channelId: string; readonly name: string; readonly sequence: number; readonly version: string },
): Promise<boolean> {
  const r = await deps.executor.run(queryApprovedSpec(targetOf(profile), d.channelId, d.name, d.sequence));
  if (r.exitCode !== 0) return false;
  try {
    return (JSON.parse(r.stdout) as { version?: string }).version === d.version;
  } catch {
    return false;
  }
}

/** One endorsing peer of each member whose peer this member knows (itself, imported members, anchor peers in the channel config). */
async function reachablePeers(
  profile: Profile,
  members: readonly string[],
  known: readonly ChannelMemberPeer[],
): Promise<(EndorsingPeer & { memberId: string })[]> {
  const found = await Promise.all(
    members.map((m) =>
      endorsingPeerOf(profile, m, known).catch((error: unknown) => {
        if (error instanceof FabkitError && error.code === 'MEMBER_NOT_IMPORTED') return undefined;
        throw error;
      }),
    ),
  );
  return found.filter((p): p is EndorsingPeer & { memberId: string } => p !== undefined);
}

export interface CommitOutcome {
  readonly committed: boolean;
  readonly waitingFor: string[];
}

/**
 * Commits once a majority of the channel's members approved (the default LifecycleEndorsement),
 * with one peer of each approving member as endorser (imported, or an anchor peer from the
 * channel's config: `known`); otherwise reports who still has to approve.
 */
export async function commitV2(
  profile: Profile,
  deps: ChannelDeps,
  d: DefinitionV2,
  timeoutMs: number,
  steps: StepReport[],
  known: readonly ChannelMemberPeer[] = [],
): Promise<CommitOutcome> {
  let waitingFor: string[] = [];
  const report = await step(
    steps,
    `commit ${d.name} ${versionText(d.version)} seq ${d.sequence}`,
    async () => {
      const current = await approvals(profile, deps, d);
      const approved = Object.keys(current).filter((m) => current[m]);
      waitingFor = Object.keys(current).filter((m) => !current[m]);
      if (approved.length * 2 <= Object.keys(current).length) {
        return {
          outcome: 'waiting',
          detail: `needs approval from ${waitingFor.join(', ')} (each runs \`fabkit chaincode deploy\` with the same definition)`,
        };
      }
      const reachable = await reachablePeers(profile, approved, known);
      if (reachable.length * 2 <= Object.keys(current).length) {
        const unknown = approved.filter((m) => !reachable.some((p) => p.memberId === m));
        return {
          outcome: 'waiting',
          detail: `approved by a majority, but this member knows no peer of ${unknown.join(', ')}: they set their anchor peers (\`fabkit channel anchor-peers\`), or this member imports their bundles, then runs \`fabkit chaincode deploy\` again`,
        };
      }
      const peers = reachable;
      await mustRun(deps.executor, commitSpec(targetOf(profile), d, peers), `Committing ${d.name}`, {
        timeoutMs: timeoutMs + 30_000,
      });
      await waitFor(
        async () => ((await queryCommitted(profile, deps, d))?.sequence === d.sequence ? true : undefined),
        {
          what: `${d.name} seq ${d.sequence} to be committed on ${d.channelId}`,
          timeoutMs,
          intervalMs: 250,
        },
      );
      return { outcome: 'done', detail: `endorsed by ${peers.map((p) => p.address).join(', ')}` };
    },
    deps.onProgress,
  );
  return { committed: report.outcome === 'done', waitingFor: report.outcome === 'done' ? [] : waitingFor };
}

/** What the first peer has installed: 1.x name/version pairs and 2.x packages (label, package ID). */
export async function listInstalled(
  profile: Profile,
  deps: ChannelDeps,
): Promise<{ name: string; version: string; lifecycle: Lifecycle }[]> {
  const t = targetOf(profile);
  // Fabric 3.x peers have no 1.x lifecycle (and their CLI no `peer chaincode list`): nothing to list.
  const v1 = isFabric3OrLater(profile.network.fabricVersion)
    ? []
    : parseChaincodeListV1(
        (await mustRun(deps.executor, listInstalledV1Spec(t), 'Listing 1.x chaincode installed')).stdout,
      );
  const v2 = parseQueryInstalled(
    (await mustRun(deps.executor, queryInstalledSpec(t), 'Listing 2.x chaincode installed')).stdout,
  );
  return [
    ...v1.map((c) => ({ ...c, lifecycle: '1.x' as const })),
    ...v2.map((p) => ({ name: p.label, version: p.packageId, lifecycle: '2.x' as const })),
  ];
}

/** A 2.x package with the chaincode's dependencies (what `peer lifecycle chaincode package` writes, plus node_modules or vendor/) into `out` (default <artifactsDir>/<label>.tgz); an existing file is kept. */
export async function packageChaincode(
  profile: Profile,
  deps: ChannelDeps,
  o: { label: string; sourceDir: string; out?: string },
): Promise<{ outcome: 'packaged' | 'already-packaged'; file: string; label: string }> {
  assertChaincodeLabel(o.label);
  const file = path.resolve(o.out ?? packageFileOf(profile, o.label));
  if (fs.existsSync(file)) return { outcome: 'already-packaged', file, label: o.label };
  await writeV2Package(file, await bundleChaincode(o.sourceDir), o.label);
  return { outcome: 'packaged', file, label: o.label };
}
