/**
 * The Managed Blockchain operations fabkit uses, each a typed call over an injected `{ send }`
 * (a ManagedBlockchainClient, or a test double that answers recorded SDK outputs). Every call
 * maps failures to FabkitErrors (errors.ts); list calls follow NextToken to the end.
 */
import type {
  CreateMemberCommand,
  CreateNodeCommand,
  CreateProposalCommand,
  GetMemberCommand,
  GetNetworkCommand,
  GetNodeCommand,
  GetProposalCommand,
  ListInvitationsCommand,
  ListNodesCommand,
  ListProposalsCommand,
  ListProposalVotesCommand,
  RejectInvitationCommand,
  VoteOnProposalCommand,
} from '@aws-sdk/client-managedblockchain';
import { loadAmbSdk } from '../runtime/lazy';
import type {
  CreateMemberInput,
  CreateMemberOutput,
  CreateNodeInput,
  CreateNodeOutput,
  CreateProposalInput,
  CreateProposalOutput,
  Invitation,
  ListInvitationsOutput,
  ListNodesOutput,
  ListProposalsOutput,
  ListProposalVotesOutput,
  Member,
  Network,
  Node,
  NodeSummary,
  Proposal,
  ProposalSummary,
  VoteSummary,
  VoteValue,
} from '@aws-sdk/client-managedblockchain';
import type { AmbErrorContext } from './errors';
import { ambError } from './errors';

/** The commands fabkit sends. */
export type AmbCommand =
  | CreateMemberCommand
  | CreateNodeCommand
  | CreateProposalCommand
  | GetMemberCommand
  | GetNetworkCommand
  | GetNodeCommand
  | GetProposalCommand
  | ListInvitationsCommand
  | ListNodesCommand
  | ListProposalsCommand
  | ListProposalVotesCommand
  | RejectInvitationCommand
  | VoteOnProposalCommand;

/** What fabkit needs of a ManagedBlockchainClient: its `send`. Tests pass a double that records commands. */
export interface AmbApi {
  send(command: AmbCommand): Promise<unknown>;
}

/** Pages are followed up to this many, so a misbehaving server cannot loop us forever. */
const MAX_PAGES = 100;

async function call<O>(api: AmbApi, command: AmbCommand, ctx: AmbErrorContext): Promise<O> {
  try {
    return (await api.send(command)) as O;
  } catch (error) {
    throw ambError(error, ctx);
  }
}

async function allPages<O extends { NextToken?: string | undefined }, T>(
  page: (token: string | undefined) => Promise<O>,
  items: (out: O) => readonly T[] | undefined,
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  for (let i = 0; i < MAX_PAGES; i += 1) {
    const out = await page(token);
    all.push(...(items(out) ?? []));
    token = out.NextToken;
    if (!token) break;
  }
  return all;
}

const networkWhat = (networkId: string): string => `network ${networkId}`;
const memberWhat = (networkId: string, memberId: string): string => `member ${memberId} of network ${networkId}`;

export async function getNetwork(api: AmbApi, networkId: string): Promise<Network> {
  const out = await call<{ Network?: Network }>(api, new (loadAmbSdk().GetNetworkCommand)({ NetworkId: networkId }), {
    operation: 'GetNetwork',
    what: networkWhat(networkId),
  });
  return out.Network ?? {};
}

export async function getMember(api: AmbApi, networkId: string, memberId: string): Promise<Member> {
  const out = await call<{ Member?: Member }>(
    api,
    new (loadAmbSdk().GetMemberCommand)({ NetworkId: networkId, MemberId: memberId }),
    { operation: 'GetMember', what: memberWhat(networkId, memberId) },
  );
  return out.Member ?? {};
}

export function listNodes(api: AmbApi, networkId: string, memberId: string): Promise<NodeSummary[]> {
  const ctx = { operation: 'ListNodes', what: `nodes of ${memberWhat(networkId, memberId)}` };
  return allPages(
    (token) =>
      call<ListNodesOutput>(
        api,
        new (loadAmbSdk().ListNodesCommand)({ NetworkId: networkId, MemberId: memberId, NextToken: token }),
        ctx,
      ),
    (o) => o.Nodes,
  );
}

export async function getNode(api: AmbApi, networkId: string, memberId: string, nodeId: string): Promise<Node> {
  const out = await call<{ Node?: Node }>(
    api,
    new (loadAmbSdk().GetNodeCommand)({ NetworkId: networkId, MemberId: memberId, NodeId: nodeId }),
    { operation: 'GetNode', what: `node ${nodeId} of ${memberWhat(networkId, memberId)}` },
  );
  return out.Node ?? {};
}

export function createNode(api: AmbApi, input: CreateNodeInput): Promise<CreateNodeOutput> {
  return call<CreateNodeOutput>(api, new (loadAmbSdk().CreateNodeCommand)(input), {
    operation: 'CreateNode',
    what: `a ${input.NodeConfiguration?.InstanceType ?? ''} node in ${input.NodeConfiguration?.AvailabilityZone ?? ''} for ${memberWhat(input.NetworkId ?? '', input.MemberId ?? '')}`,
  });
}

export function createProposal(api: AmbApi, input: CreateProposalInput): Promise<CreateProposalOutput> {
  return call<CreateProposalOutput>(api, new (loadAmbSdk().CreateProposalCommand)(input), {
    operation: 'CreateProposal',
    what: `a proposal by ${memberWhat(input.NetworkId ?? '', input.MemberId ?? '')}`,
  });
}

export async function voteOnProposal(
  api: AmbApi,
  networkId: string,
  proposalId: string,
  voterMemberId: string,
  vote: VoteValue,
): Promise<void> {
  await call<unknown>(
    api,
    new (loadAmbSdk().VoteOnProposalCommand)({
      NetworkId: networkId,
      ProposalId: proposalId,
      VoterMemberId: voterMemberId,
      Vote: vote,
    }),
    {
      operation: 'VoteOnProposal',
      what: `a ${vote} vote by member ${voterMemberId} on proposal ${proposalId} of network ${networkId}`,
    },
  );
}

export async function getProposal(api: AmbApi, networkId: string, proposalId: string): Promise<Proposal> {
  const out = await call<{ Proposal?: Proposal }>(
    api,
    new (loadAmbSdk().GetProposalCommand)({ NetworkId: networkId, ProposalId: proposalId }),
    { operation: 'GetProposal', what: `proposal ${proposalId} of network ${networkId}` },
  );
  return out.Proposal ?? {};
}

export function listProposals(api: AmbApi, networkId: string): Promise<ProposalSummary[]> {
  const ctx = { operation: 'ListProposals', what: `proposals of network ${networkId}` };
  return allPages(
    (token) =>
      call<ListProposalsOutput>(
        api,
        new (loadAmbSdk().ListProposalsCommand)({ NetworkId: networkId, NextToken: token }),
        ctx,
      ),
    (o) => o.Proposals,
  );
}

export function listProposalVotes(api: AmbApi, networkId: string, proposalId: string): Promise<VoteSummary[]> {
  const ctx = { operation: 'ListProposalVotes', what: `votes on proposal ${proposalId} of network ${networkId}` };
  return allPages(
    (token) =>
      call<ListProposalVotesOutput>(
        api,
        new (loadAmbSdk().ListProposalVotesCommand)({ NetworkId: networkId, ProposalId: proposalId, NextToken: token }),
        ctx,
      ),
    (o) => o.ProposalVotes,
  );
}

export function listInvitations(api: AmbApi): Promise<Invitation[]> {
  const ctx = { operation: 'ListInvitations', what: 'invitations of this AWS account' };
  return allPages(
    (token) => call<ListInvitationsOutput>(api, new (loadAmbSdk().ListInvitationsCommand)({ NextToken: token }), ctx),
    (o) => o.Invitations,
  );
}

export function createMember(api: AmbApi, input: CreateMemberInput, password: string): Promise<CreateMemberOutput> {
  return call<CreateMemberOutput>(api, new (loadAmbSdk().CreateMemberCommand)(input), {
    operation: 'CreateMember',
    what: `member ${input.MemberConfiguration?.Name ?? ''} of network ${input.NetworkId} (invitation ${input.InvitationId})`,
    secret: password,
  });
}

export async function rejectInvitation(api: AmbApi, invitationId: string): Promise<void> {
  await call<unknown>(api, new (loadAmbSdk().RejectInvitationCommand)({ InvitationId: invitationId }), {
    operation: 'RejectInvitation',
    what: `invitation ${invitationId}`,
  });
}
