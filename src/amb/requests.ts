/**
 * The AMB requests of fabkit's node, proposal and invitation commands, each in one call against an
 * AmbTarget: the IDs and settings are resolved (request, then the home's profile, then the SDK's
 * chain) and checked before the API is called, and the client is always freed afterwards.
 */
import { withAmbConnection } from './client';
import type { AcceptInvitationOptions, AcceptInvitationResult, InvitationInfo } from './invitations';
import { acceptInvitation, listInvitations, rejectInvitation } from './invitations';
import type { CreateNodeOptions, CreateNodeResult } from './nodes';
import { createNode } from './nodes';
import type { ProposalInfo, ProposalSummaryInfo, ProposeOptions, ProposeResult, Vote } from './proposals';
import { getProposal, listProposals, proposeInvite, proposeRemove, vote } from './proposals';
import type { AmbTarget } from './session';
import { requireMemberId, requireNetworkId, resolveAmbTarget } from './session';

/** What a proposal asks for: accounts to invite or members to remove. */
export type ProposalRequest = Omit<ProposeOptions, 'networkId' | 'memberId'> &
  (
    | { readonly action: 'invite'; readonly accounts: readonly string[] }
    | { readonly action: 'remove'; readonly memberIds: readonly string[] }
  );

/** Tutorial step 5 for the target's member: create (or, with `ensure`, find) a peer node; see createNode. */
export async function createNodeFor(
  target: AmbTarget,
  o: Omit<CreateNodeOptions, 'networkId' | 'memberId' | 'region'>,
): Promise<CreateNodeResult> {
  const t = resolveAmbTarget(target);
  const ids = { networkId: requireNetworkId(t), memberId: requireMemberId(t) };
  return withAmbConnection(t.settings, (conn) => createNode(conn.api, { ...o, ...ids, region: conn.region }));
}

/** Tutorial step 8.1: the target's member proposes inviting accounts or removing members. */
export async function proposeFor(target: AmbTarget, o: ProposalRequest): Promise<ProposeResult> {
  const t = resolveAmbTarget(target);
  const ids = { networkId: requireNetworkId(t), memberId: requireMemberId(t) };
  return withAmbConnection(t.settings, (conn) =>
    o.action === 'invite' ? proposeInvite(conn.api, { ...o, ...ids }) : proposeRemove(conn.api, { ...o, ...ids }),
  );
}

/** Tutorial step 8.2: the target's member votes YES or NO; resolves the proposal as it stands afterwards. */
export async function voteFor(
  target: AmbTarget,
  o: { readonly proposalId: string; readonly vote: string },
): Promise<ProposalInfo & { readonly voterMemberId: string; readonly vote: Vote }> {
  const t = resolveAmbTarget(target);
  const ids = { networkId: requireNetworkId(t), voterMemberId: requireMemberId(t) };
  return withAmbConnection(t.settings, (conn) => vote(conn.api, { ...o, ...ids }));
}

/** The proposals of the target's network. */
export async function listProposalsFor(target: AmbTarget): Promise<ProposalSummaryInfo[]> {
  const t = resolveAmbTarget(target);
  const networkId = requireNetworkId(t);
  return withAmbConnection(t.settings, (conn) => listProposals(conn.api, { networkId }));
}

/** A proposal of the target's network with its actions, counts and votes. */
export async function getProposalFor(
  target: AmbTarget,
  o: { readonly proposalId: string; readonly votes?: boolean },
): Promise<ProposalInfo> {
  const t = resolveAmbTarget(target);
  const networkId = requireNetworkId(t);
  return withAmbConnection(t.settings, (conn) => getProposal(conn.api, { ...o, networkId }));
}

/** The invitations of this AWS account in the target's region. */
export async function listInvitationsFor(target: AmbTarget): Promise<InvitationInfo[]> {
  return withAmbConnection(resolveAmbTarget(target).settings, (conn) => listInvitations(conn.api));
}

/** Tutorial step 8.3: accept an invitation by creating this account's member; see acceptInvitation. */
export async function acceptInvitationFor(
  target: AmbTarget,
  o: AcceptInvitationOptions,
): Promise<AcceptInvitationResult> {
  return withAmbConnection(resolveAmbTarget(target).settings, (conn) => acceptInvitation(conn.api, o));
}

/** Rejects an invitation sent to this account. */
export async function rejectInvitationFor(
  target: AmbTarget,
  o: { readonly invitationId: string },
): Promise<{ readonly invitationId: string; readonly status: 'REJECTED' }> {
  return withAmbConnection(resolveAmbTarget(target).settings, (conn) => rejectInvitation(conn.api, o));
}
