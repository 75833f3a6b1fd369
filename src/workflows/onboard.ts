/**
 * Tutorial step 8 from the invited member's side, in one idempotent run: accept the invitation
 * (creating the member), create a peer node, write the profile from the AMB API, enroll the
 * admin, check with doctor, and export the bundle for the channel creator. Every step that is
 * already done is reported as such, so a run that stopped half-way can simply be run again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ambNetworkSource } from '../amb/source';
import { acceptInvitation, listInvitations } from '../amb/invitations';
import { createNode } from '../amb/nodes';
import type { AmbConnection } from '../amb/client';
import { ambSettings, withAmbConnection } from '../amb/client';
import { exportBundle } from '../bundle/export';
import { profilePathOf } from '../config/home-layout';
import { loadProfile } from '../config/load';
import type { Profile } from '../config/resolve';
import { FabkitError, usageError } from '../errors';
import type { Executor } from '../runtime/command-spec';
import { assertInvitationId } from '../validate/ids';
import { assertAdminPassword } from '../validate/password';
import type { StepReport } from './step-report';
import { step } from './step-report';
import { doctor } from './doctor';
import { enrollAdmin } from './enroll';
import { initProfile } from './init';

export interface OnboardOptions {
  readonly home: string;
  /** The invitation to accept; not needed once the home has a profile. */
  readonly invitationId?: string;
  readonly memberName?: string;
  readonly adminUser?: string;
  /** The new member's admin password: used to create the member and to enroll. Never logged. */
  readonly password: string;
  readonly region?: string;
  readonly endpointUrl?: string;
  readonly instanceType?: string;
  readonly availabilityZone?: string;
  readonly bundleOut?: string;
  readonly executorOf: (profile: Profile) => Executor;
  readonly onProgress?: (line: string) => void;
  readonly recognizeTimeoutMs?: number;
}

export interface OnboardResult {
  readonly memberId: string;
  readonly networkId: string;
  readonly bundleFile: string | undefined;
  readonly steps: StepReport[];
}

interface Ids {
  networkId: string;
  memberId: string;
  region: string;
}

function existingProfile(home: string): Profile | undefined {
  return fs.existsSync(profilePathOf(home)) ? loadProfile(home).profile : undefined;
}

/** Everything the AMB steps need is checked before the first call. */
function validate(o: OnboardOptions, profile: Profile | undefined): void {
  if (!profile) {
    if (!o.invitationId)
      throw usageError(
        'INVITATION_ID_MISSING',
        `${o.home} has no fabkit.yaml yet, so onboarding starts by accepting an invitation: pass --invitation-id in-…`,
        'List your invitations with `fabkit invitation list`.',
      );
    assertInvitationId(o.invitationId);
    if (!o.memberName)
      throw usageError(
        'MEMBER_NAME_MISSING',
        'Pass --member-name: the name other members will see for your member',
        'e.g. --member-name org2',
      );
  }
  assertAdminPassword(o.password);
}

function withAmb<T>(
  o: OnboardOptions,
  profile: Profile | undefined,
  fn: (conn: AmbConnection) => Promise<T>,
): Promise<T> {
  const settings = ambSettings(
    { region: o.region, endpointUrl: o.endpointUrl },
    { region: profile?.aws?.region, endpointUrl: profile?.aws?.endpointUrl },
  );
  return withAmbConnection(settings, fn);
}

async function acceptStep(
  o: OnboardOptions,
  profile: Profile | undefined,
  steps: StepReport[],
): Promise<Ids | undefined> {
  let ids: Ids | undefined;
  await step(
    steps,
    'accept invitation',
    async () => {
      if (profile) return { outcome: 'already-done', detail: `member ${profile.member.id} (${profile.member.name})` };
      return withAmb(o, profile, async (conn) => {
        const invitation = (await listInvitations(conn.api)).find((i) => i.id === o.invitationId);
        if (invitation?.status === 'ACCEPTED') {
          throw new FabkitError(
            'INVITATION_ALREADY_ACCEPTED',
            `Invitation ${o.invitationId ?? ''} was already accepted, but ${o.home} has no profile for the member it created`,
            {
              kind: 'usage',
              hint: 'Write the profile with `fabkit init --network-id n-… --member-id m-…` (get-member shows the IDs), then run `fabkit onboard` again.',
            },
          );
        }
        const r = await acceptInvitation(conn.api, {
          invitationId: o.invitationId ?? '',
          memberName: o.memberName ?? '',
          adminUser: o.adminUser ?? 'AdminUser',
          password: o.password,
          onProgress: o.onProgress,
        });
        ids = { networkId: r.networkId, memberId: r.memberId, region: conn.region };
        return { outcome: 'done', detail: `member ${r.memberId} on ${r.networkId}` };
      });
    },
    o.onProgress,
  );
  return ids;
}

async function nodeStep(
  o: OnboardOptions,
  profile: Profile | undefined,
  ids: Ids | undefined,
  steps: StepReport[],
): Promise<void> {
  await step(
    steps,
    'create peer node',
    async () => {
      if (profile?.target === 'devnet')
        return { outcome: 'skipped', detail: 'devnet: its peers come with the network' };
      return withAmb(o, profile, async (conn) => {
        const networkId = ids?.networkId ?? profile?.network.id ?? '';
        const memberId = ids?.memberId ?? profile?.member.id ?? '';
        const r = await createNode(conn.api, {
          networkId,
          memberId,
          region: conn.region,
          instanceType: o.instanceType,
          availabilityZone: o.availabilityZone,
          ensure: true,
          onProgress: o.onProgress,
        });
        return { outcome: r.outcome === 'created' ? 'done' : 'already-done', detail: `${r.node.id} ${r.node.status}` };
      });
    },
    o.onProgress,
  );
}

async function initStep(
  o: OnboardOptions,
  profile: Profile | undefined,
  ids: Ids | undefined,
  steps: StepReport[],
): Promise<Profile> {
  await step(
    steps,
    'init profile',
    async () => {
      if (profile) return { outcome: 'already-done', detail: profile.profilePath };
      return withAmb(o, profile, async (conn) => {
        const r = await initProfile(o.home, {
          kind: 'amb',
          source: ambNetworkSource(conn.api),
          networkId: ids?.networkId ?? '',
          memberId: ids?.memberId ?? '',
          region: conn.region,
          endpointUrl: o.endpointUrl,
        });
        return { outcome: 'done', detail: r.profilePath };
      });
    },
    o.onProgress,
  );
  return loadProfile(o.home).profile;
}

/** `fabkit onboard`: the invited member's whole side, each step skipped when already done. A failure names the steps already done. */
export async function onboard(o: OnboardOptions): Promise<OnboardResult> {
  const home = path.resolve(o.home);
  const opts = { ...o, home };
  const before = existingProfile(home);
  validate(opts, before);
  const steps: StepReport[] = [];
  try {
    return await runSteps(opts, before, steps);
  } catch (error) {
    if (!(error instanceof FabkitError)) throw error;
    const done = steps.map((s) => `${s.step}: ${s.outcome}`).join(', ');
    throw new FabkitError(
      error.code,
      `onboard stopped${done ? ` after ${done}` : ' at its first step'}: ${error.message}`,
      {
        kind: error.kind,
        hint: `${error.hint ?? ''} Steps already done are skipped when you run \`fabkit onboard\` again.`.trim(),
        cause: error,
        details: { ...error.details, steps },
      },
    );
  }
}

async function runSteps(o: OnboardOptions, before: Profile | undefined, steps: StepReport[]): Promise<OnboardResult> {
  const ids = await acceptStep(o, before, steps);
  await nodeStep(o, before, ids, steps);
  const profile = await initStep(o, before, ids, steps);
  const executor = o.executorOf(profile);
  await step(
    steps,
    'enroll admin',
    async () => {
      const r = await enrollAdmin(profile, {
        password: o.password,
        executor,
        recognizeTimeoutMs: o.recognizeTimeoutMs,
        onProgress: o.onProgress,
      });
      return { outcome: r.outcome === 'enrolled' ? 'done' : 'already-done', detail: r.subject };
    },
    o.onProgress,
  );
  await step(
    steps,
    'doctor',
    async () => {
      const report = await doctor(profile, executor);
      const failed = report.checks.filter((c) => c.status === 'fail');
      if (!report.ok)
        throw new FabkitError(
          'DOCTOR_FAILED',
          `doctor found problems: ${failed.map((c) => `${c.id}: ${c.detail}`).join('; ')}`,
          { hint: 'Run `fabkit doctor` for the full report, fix what it names, and run `fabkit onboard` again.' },
        );
      return { outcome: 'done', detail: `${report.checks.length} checks passed` };
    },
    o.onProgress,
  );
  let bundleFile: string | undefined;
  await step(
    steps,
    'export bundle',
    async () => {
      const r = await exportBundle(profile, { out: o.bundleOut });
      bundleFile = r.file;
      return { outcome: r.outcome === 'unchanged' ? 'already-done' : 'done', detail: r.file };
    },
    o.onProgress,
  );
  return { memberId: profile.member.id, networkId: profile.network.id, bundleFile, steps };
}
