/**
 * Tutorial step 8.3, the invitee's side: list invitations, accept one by creating a member
 * (CreateMember with the invitation ID), or reject one. The admin password is validated
 * before any API call and never appears in results, messages or details.
 */
import type { Invitation, Member } from '@aws-sdk/client-managedblockchain';
import { FabkitError, usageError } from '../errors';
import { assertInvitationId, assertNetworkId } from '../validate/ids';
import { assertAdminPassword } from '../validate/password';
import type { AmbApi } from './api';
import * as api from './api';
import type { StatusWaitOptions } from './wait';
import { waitForStatus } from './wait';

/** AMB takes minutes to create a member; 30 minutes bounds the wait. */
export const MEMBER_CREATE_TIMEOUT_MS = 30 * 60_000;

export interface InvitationInfo {
  readonly id: string;
  readonly status: string;
  readonly networkId: string | undefined;
  readonly networkName: string | undefined;
  readonly framework: string | undefined;
  readonly frameworkVersion: string | undefined;
  readonly networkStatus: string | undefined;
  readonly createdAt: string | undefined;
  readonly expiresAt: string | undefined;
  readonly arn: string | undefined;
}

export interface AcceptInvitationOptions extends StatusWaitOptions {
  readonly invitationId: string;
  /** The member name other members will see, e.g. org2. */
  readonly memberName: string;
  /** The bootstrap admin of the new member's CA, e.g. AdminUser. */
  readonly adminUser: string;
  readonly password: string;
  readonly description?: string | undefined;
  /** Wait until the member is AVAILABLE (default true). */
  readonly wait?: boolean | undefined;
}

export interface AcceptInvitationResult {
  readonly outcome: 'created';
  readonly invitationId: string;
  readonly networkId: string;
  readonly networkName: string | undefined;
  readonly memberId: string;
  readonly memberName: string;
  readonly adminUser: string;
  readonly status: string;
  readonly caEndpoint: string | undefined;
  readonly waitedMs: number | undefined;
  /** The command that writes this member's profile. */
  readonly next: string;
}

const iso = (d: Date | undefined): string | undefined =>
  d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;

export function invitationInfoOf(i: Invitation): InvitationInfo {
  const n = i.NetworkSummary;
  return {
    id: i.InvitationId ?? '',
    status: i.Status ?? 'UNKNOWN',
    networkId: n?.Id,
    networkName: n?.Name,
    framework: n?.Framework,
    frameworkVersion: n?.FrameworkVersion,
    networkStatus: n?.Status,
    createdAt: iso(i.CreationDate),
    expiresAt: iso(i.ExpirationDate),
    arn: i.Arn,
  };
}

/** The invitations sent to this AWS account (in the client's region). */
export async function listInvitations(client: AmbApi): Promise<InvitationInfo[]> {
  return (await api.listInvitations(client)).map(invitationInfoOf);
}

interface NameRule {
  readonly broken: (v: string) => boolean;
  readonly reason: string;
}

const MEMBER_NAME_RULES: readonly NameRule[] = [
  { broken: (v) => v.length < 1 || v.length > 64, reason: 'it must be 1 to 64 characters long' },
  { broken: (v) => !/^[a-zA-Z0-9-]*$/.test(v), reason: 'it must use only letters, digits and "-"' },
  {
    broken: (v) => /^[-0-9]/.test(v) || /-$/.test(v) || v.includes('--'),
    reason: 'it must not start with a digit or "-", end with "-", or contain "--"',
  },
];

const ADMIN_USER_RULES: readonly NameRule[] = [
  { broken: (v) => v.length < 1 || v.length > 16, reason: 'it must be 1 to 16 characters long' },
  {
    broken: (v) => !/^[a-zA-Z][a-zA-Z0-9]*$/.test(v),
    reason: 'it must start with a letter and use only letters and digits',
  },
];

function checkName(value: string, rules: readonly NameRule[], code: string, label: string, hint: string): void {
  const broken = rules.filter((r) => r.broken(value)).map((r) => r.reason);
  if (broken.length > 0)
    throw usageError(code, `${label} ${JSON.stringify(value)} is invalid: ${broken.join('; ')}`, hint);
}

async function pendingInvitation(client: AmbApi, invitationId: string): Promise<InvitationInfo> {
  const all = await listInvitations(client);
  const found = all.find((i) => i.id === invitationId);
  if (found === undefined) {
    throw new FabkitError(
      'INVITATION_NOT_FOUND',
      `Invitation ${invitationId} was not found among this account's ${all.length} invitation(s)`,
      {
        hint: 'List them with `fabkit invitation list`; invitations are per AWS account and region (--region).',
        details: { invitationId },
      },
    );
  }
  if (found.status !== 'PENDING') {
    throw new FabkitError(
      'INVITATION_NOT_PENDING',
      `Invitation ${invitationId} is ${found.status}, not PENDING: it cannot be accepted`,
      {
        hint: 'Only a PENDING invitation can be accepted; ask a member of the network for a new invitation proposal.',
        details: { invitationId, status: found.status },
      },
    );
  }
  if (found.networkId === undefined)
    throw new FabkitError('AMB_RESPONSE_INVALID', `Invitation ${invitationId} names no network`, {
      hint: 'Retry; if it persists, accept it in the AMB console.',
    });
  assertNetworkId(found.networkId);
  return found;
}

function waitForMember(client: AmbApi, networkId: string, memberId: string, options: StatusWaitOptions) {
  return waitForStatus<Member>(
    {
      what: `member ${memberId}`,
      read: () => api.getMember(client, networkId, memberId),
      statusOf: (m) => m.Status,
      target: 'AVAILABLE',
      terminal: ['CREATE_FAILED', 'DELETING', 'DELETED', 'INACCESSIBLE_ENCRYPTION_KEY'],
      failure: (_m, status) =>
        new FabkitError('MEMBER_CREATE_FAILED', `Member ${memberId} of network ${networkId} is ${status}`, {
          hint: 'AMB gives no reason in GetMember; check the AMB console, delete the member if needed, and ask for a new invitation.',
          details: { networkId, memberId, status },
        }),
      defaultTimeoutMs: MEMBER_CREATE_TIMEOUT_MS,
      hint: `AMB may still be creating it: check later with \`aws managedblockchain get-member --network-id ${networkId} --member-id ${memberId}\`.`,
    },
    options,
  );
}

/** Accepts an invitation by creating this account's member (CreateMember with the invitation ID). */
export async function acceptInvitation(client: AmbApi, o: AcceptInvitationOptions): Promise<AcceptInvitationResult> {
  assertAdminPassword(o.password);
  assertInvitationId(o.invitationId);
  checkName(
    o.memberName,
    MEMBER_NAME_RULES,
    'INVALID_MEMBER_NAME',
    'Member name',
    'Use a name such as "org2": letters, digits and single hyphens, starting with a letter.',
  );
  checkName(
    o.adminUser,
    ADMIN_USER_RULES,
    'INVALID_ADMIN_USER',
    'Admin user name',
    'Use a name such as "AdminUser": a letter, then letters and digits, at most 16 characters.',
  );
  const invitation = await pendingInvitation(client, o.invitationId);
  const networkId = invitation.networkId ?? '';
  const out = await api.createMember(
    client,
    {
      NetworkId: networkId,
      InvitationId: o.invitationId,
      MemberConfiguration: {
        Name: o.memberName,
        ...(o.description ? { Description: o.description } : {}),
        FrameworkConfiguration: { Fabric: { AdminUsername: o.adminUser, AdminPassword: o.password } },
        LogPublishingConfiguration: { Fabric: { CaLogs: { Cloudwatch: { Enabled: false } } } },
      },
    },
    o.password,
  );
  const memberId = out.MemberId;
  if (!memberId)
    throw new FabkitError(
      'AMB_RESPONSE_INVALID',
      `CreateMember for invitation ${o.invitationId} answered without a member ID`,
      { hint: `Check with \`aws managedblockchain list-members --network-id ${networkId}\` before retrying.` },
    );
  o.onProgress?.(`created member ${memberId} (${o.memberName}) in network ${networkId}`);
  const waited = o.wait === false ? undefined : await waitForMember(client, networkId, memberId, o);
  const member = waited?.value ?? (await api.getMember(client, networkId, memberId));
  return {
    outcome: 'created',
    invitationId: o.invitationId,
    networkId,
    networkName: invitation.networkName,
    memberId,
    memberName: o.memberName,
    adminUser: o.adminUser,
    status: member.Status ?? 'UNKNOWN',
    caEndpoint: member.FrameworkAttributes?.Fabric?.CaEndpoint,
    waitedMs: waited?.elapsedMs,
    next: `fabkit init --network-id ${networkId} --member-id ${memberId}`,
  };
}

/** Rejects an invitation sent to this account. */
export async function rejectInvitation(
  client: AmbApi,
  o: { readonly invitationId: string },
): Promise<{ readonly invitationId: string; readonly status: 'REJECTED' }> {
  assertInvitationId(o.invitationId);
  await api.rejectInvitation(client, o.invitationId);
  return { invitationId: o.invitationId, status: 'REJECTED' };
}
