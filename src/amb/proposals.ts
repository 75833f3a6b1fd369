/**
 * Tutorial step 8.1–8.2: proposals to invite AWS accounts or remove members, and votes on them.
 * AMB does not count a proposal's creator as a YES vote: the proposing member must vote too.
 * `voteYes` casts that vote right after creating the proposal. Every ID is validated first.
 */
import type { Proposal, ProposalSummary, VoteSummary } from '@aws-sdk/client-managedblockchain';
import { FabkitError, isFabkitError, usageError } from '../errors';
import { assertAccountId, assertMemberId, assertNetworkId, assertProposalId } from '../validate/ids';
import type { AmbApi } from './api';
import * as api from './api';

export const VOTE_VALUES = ['YES', 'NO'] as const;
export type Vote = (typeof VOTE_VALUES)[number];
/** AMB's limit on a proposal description. */
export const PROPOSAL_DESCRIPTION_MAX_LENGTH = 128;

export interface ProposalSummaryInfo {
  readonly id: string;
  readonly status: string;
  readonly description: string | undefined;
  readonly proposedByMemberId: string | undefined;
  readonly proposedByMemberName: string | undefined;
  readonly createdAt: string | undefined;
  readonly expiresAt: string | undefined;
}

export interface ProposalVoteInfo {
  readonly memberId: string | undefined;
  readonly memberName: string | undefined;
  readonly vote: string | undefined;
}

export interface ProposalInfo extends ProposalSummaryInfo {
  readonly networkId: string;
  /** AWS accounts the proposal invites. */
  readonly invitations: string[];
  /** Member IDs the proposal removes. */
  readonly removals: string[];
  readonly yesVotes: number | undefined;
  readonly noVotes: number | undefined;
  readonly outstandingVotes: number | undefined;
  /** Present when the votes were listed (getProposal). */
  readonly votes?: ProposalVoteInfo[];
}

export interface ProposeOptions {
  readonly networkId: string;
  /** The member in this account that makes (and, with voteYes, votes on) the proposal. */
  readonly memberId: string;
  readonly description?: string | undefined;
  /** Cast the proposer's YES vote right away (AMB does not assume it). */
  readonly voteYes?: boolean | undefined;
  readonly onProgress?: (line: string) => void;
}

export interface ProposeResult {
  readonly proposalId: string;
  readonly networkId: string;
  readonly proposerMemberId: string;
  readonly action: 'invite' | 'remove';
  /** Accounts invited, or member IDs to remove. */
  readonly targets: string[];
  /** The proposer's vote, if cast here. */
  readonly proposerVote: Vote | undefined;
  /** The proposal's status after the vote (when one was cast). */
  readonly status: string | undefined;
  /** What the user still has to do, in words. */
  readonly note: string;
}

const iso = (d: Date | undefined): string | undefined =>
  d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;

function summaryOf(p: ProposalSummary | Proposal): ProposalSummaryInfo {
  return {
    id: p.ProposalId ?? '',
    status: p.Status ?? 'UNKNOWN',
    description: p.Description,
    proposedByMemberId: p.ProposedByMemberId,
    proposedByMemberName: p.ProposedByMemberName,
    createdAt: iso(p.CreationDate),
    expiresAt: iso(p.ExpirationDate),
  };
}

export function proposalInfoOf(p: Proposal, networkId: string): ProposalInfo {
  return {
    ...summaryOf(p),
    networkId: p.NetworkId ?? networkId,
    invitations: (p.Actions?.Invitations ?? []).map((i) => i.Principal ?? ''),
    removals: (p.Actions?.Removals ?? []).map((r) => r.MemberId ?? ''),
    yesVotes: p.YesVoteCount,
    noVotes: p.NoVoteCount,
    outstandingVotes: p.OutstandingVoteCount,
  };
}

const voteOf = (v: VoteSummary): ProposalVoteInfo => ({ memberId: v.MemberId, memberName: v.MemberName, vote: v.Vote });

function checkPropose(o: ProposeOptions, targets: readonly string[], what: string): void {
  assertNetworkId(o.networkId);
  assertMemberId(o.memberId);
  if (targets.length === 0)
    throw usageError('PROPOSAL_EMPTY', `A proposal needs at least one ${what}`, `Name the ${what}(s) to act on.`);
  if (o.description !== undefined && o.description.length > PROPOSAL_DESCRIPTION_MAX_LENGTH) {
    throw usageError(
      'INVALID_DESCRIPTION',
      `The proposal description is invalid: it must be at most ${PROPOSAL_DESCRIPTION_MAX_LENGTH} characters (it has ${o.description.length})`,
      'Shorten the description.',
    );
  }
}

export function assertVote(value: string): asserts value is Vote {
  if (!(VOTE_VALUES as readonly string[]).includes(value)) {
    throw usageError(
      'INVALID_VOTE',
      `Vote "${value}" is invalid: it must be YES or NO`,
      'Pass --vote YES or --vote NO.',
    );
  }
}

async function propose(
  client: AmbApi,
  o: ProposeOptions,
  action: 'invite' | 'remove',
  targets: string[],
): Promise<ProposeResult> {
  const actions =
    action === 'invite'
      ? { Invitations: targets.map((Principal) => ({ Principal })) }
      : { Removals: targets.map((MemberId) => ({ MemberId })) };
  const out = await api.createProposal(client, {
    NetworkId: o.networkId,
    MemberId: o.memberId,
    Actions: actions,
    ...(o.description ? { Description: o.description } : {}),
  });
  const proposalId = out.ProposalId;
  if (!proposalId)
    throw new FabkitError(
      'AMB_RESPONSE_INVALID',
      `CreateProposal for network ${o.networkId} answered without a proposal ID`,
      { hint: 'List the proposals (fabkit proposal list) before retrying, so as not to propose twice.' },
    );
  o.onProgress?.(`created proposal ${proposalId} (${action} ${targets.join(', ')})`);
  const base = { proposalId, networkId: o.networkId, proposerMemberId: o.memberId, action, targets };
  if (!o.voteYes) {
    return {
      ...base,
      proposerVote: undefined,
      status: 'IN_PROGRESS',
      note: `The proposing member must vote too: AMB does not count the proposer's YES. Vote with: fabkit proposal vote ${proposalId} --vote YES --member-id ${o.memberId}`,
    };
  }
  try {
    await api.voteOnProposal(client, o.networkId, proposalId, o.memberId, 'YES');
  } catch (error) {
    if (!isFabkitError(error)) throw error;
    throw new FabkitError(
      error.code,
      `Proposal ${proposalId} was created, but member ${o.memberId}'s YES vote failed: ${error.message}`,
      {
        kind: error.kind,
        hint: `Vote again with: fabkit proposal vote ${proposalId} --vote YES. ${error.hint ?? ''}`.trim(),
        details: { ...error.details, proposalId },
        cause: error,
      },
    );
  }
  const proposal = await api.getProposal(client, o.networkId, proposalId);
  return {
    ...base,
    proposerVote: 'YES',
    status: proposal.Status,
    note: `Member ${o.memberId} voted YES on its own proposal (AMB requires the proposer's vote too).`,
  };
}

/** Proposes inviting AWS accounts (12 digits each) to create members of the network. */
export async function proposeInvite(
  client: AmbApi,
  o: ProposeOptions & { readonly accounts: readonly string[] },
): Promise<ProposeResult> {
  checkPropose(o, o.accounts, 'AWS account ID');
  o.accounts.forEach(assertAccountId);
  return propose(client, o, 'invite', [...o.accounts]);
}

/** Proposes removing members (of other accounts; a member of your own account can be deleted directly). */
export async function proposeRemove(
  client: AmbApi,
  o: ProposeOptions & { readonly memberIds: readonly string[] },
): Promise<ProposeResult> {
  checkPropose(o, o.memberIds, 'member ID');
  o.memberIds.forEach(assertMemberId);
  return propose(client, o, 'remove', [...o.memberIds]);
}

/** Votes on a proposal as a member of this account; resolves the proposal as it stands afterwards. */
export async function vote(
  client: AmbApi,
  o: { readonly networkId: string; readonly proposalId: string; readonly voterMemberId: string; readonly vote: string },
): Promise<ProposalInfo & { readonly voterMemberId: string; readonly vote: Vote }> {
  assertNetworkId(o.networkId);
  assertProposalId(o.proposalId);
  assertMemberId(o.voterMemberId);
  assertVote(o.vote);
  await api.voteOnProposal(client, o.networkId, o.proposalId, o.voterMemberId, o.vote);
  const proposal = await api.getProposal(client, o.networkId, o.proposalId);
  return { ...proposalInfoOf(proposal, o.networkId), voterMemberId: o.voterMemberId, vote: o.vote };
}

export async function listProposals(client: AmbApi, o: { readonly networkId: string }): Promise<ProposalSummaryInfo[]> {
  assertNetworkId(o.networkId);
  return (await api.listProposals(client, o.networkId)).map(summaryOf);
}

/** A proposal with its actions, counts and (unless `votes: false`) the votes cast. */
export async function getProposal(
  client: AmbApi,
  o: { readonly networkId: string; readonly proposalId: string; readonly votes?: boolean },
): Promise<ProposalInfo> {
  assertNetworkId(o.networkId);
  assertProposalId(o.proposalId);
  const info = proposalInfoOf(await api.getProposal(client, o.networkId, o.proposalId), o.networkId);
  if (o.votes === false) return info;
  return { ...info, votes: (await api.listProposalVotes(client, o.networkId, o.proposalId)).map(voteOf) };
}
