/** The Amazon Managed Blockchain API layer: client, errors, network source, nodes, proposals, invitations. */
export type { AmbApi, AmbCommand } from './api';
export { ambSettings, connectAmb, createAmbClient } from './client';
export type { AmbConnection, AmbSettings } from './client';
export { ambError, isTransientAmbError } from './errors';
export type { AmbErrorContext } from './errors';
export { ambNetworkSource, ambNodeOf } from './source';
export { profileFromAmbSource } from './profile';
export type { AmbProfileRequest } from './profile';
export { createNode, waitForNode, nodeInfoOf, DEFAULT_INSTANCE_TYPE, NODE_CREATE_TIMEOUT_MS } from './nodes';
export type { AmbNodeInfo, CreateNodeOptions, CreateNodeResult } from './nodes';
export {
  proposeInvite,
  proposeRemove,
  vote,
  listProposals,
  getProposal,
  assertVote,
  proposalInfoOf,
  VOTE_VALUES,
  PROPOSAL_DESCRIPTION_MAX_LENGTH,
} from './proposals';
export type {
  Vote,
  ProposalInfo,
  ProposalSummaryInfo,
  ProposalVoteInfo,
  ProposeOptions,
  ProposeResult,
} from './proposals';
export {
  listInvitations,
  acceptInvitation,
  rejectInvitation,
  invitationInfoOf,
  MEMBER_CREATE_TIMEOUT_MS,
} from './invitations';
export type { InvitationInfo, AcceptInvitationOptions, AcceptInvitationResult } from './invitations';
export { waitForStatus } from './wait';
export type { StatusWaitOptions, StatusWaitResult, StatusWatch } from './wait';
export { memberCheckWith, ambMemberExists } from './members';
export { withAmbConnection } from './client';
export { resolveAmbTarget, requireNetworkId, requireMemberId } from './session';
export type { AmbTarget, ResolvedAmbTarget } from './session';
export {
  createNodeFor,
  proposeFor,
  voteFor,
  listProposalsFor,
  getProposalFor,
  listInvitationsFor,
  acceptInvitationFor,
  rejectInvitationFor,
} from './requests';
export type { ProposalRequest } from './requests';
