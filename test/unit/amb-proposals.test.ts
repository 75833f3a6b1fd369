import type {
  CreateProposalCommandOutput,
  GetProposalCommandOutput,
  ListProposalsCommandOutput,
  ListProposalVotesCommandOutput,
  ProposalStatus,
  VoteOnProposalCommandOutput,
} from '@aws-sdk/client-managedblockchain';
import { getProposal, listProposals, proposeInvite, proposeRemove, vote } from '../../src/amb/proposals';
import { AmbApiTestDouble, IDS, META, notFound, serviceError } from '../doubles/amb-api-double';
import { rejected } from '../helpers/thrown';

const created: CreateProposalCommandOutput = { ProposalId: IDS.proposal, $metadata: META };
const voted: VoteOnProposalCommandOutput = { $metadata: META };

function proposal(status: ProposalStatus, yes: number, outstanding: number): GetProposalCommandOutput {
  return {
    Proposal: {
      ProposalId: IDS.proposal,
      NetworkId: IDS.network,
      Description: 'invite org2',
      Actions: { Invitations: [{ Principal: '210987654321' }] },
      ProposedByMemberId: IDS.member,
      ProposedByMemberName: 'org1',
      Status: status,
      CreationDate: new Date('2026-01-05T10:00:00Z'),
      ExpirationDate: new Date('2026-01-06T10:00:00Z'),
      YesVoteCount: yes,
      NoVoteCount: 0,
      OutstandingVoteCount: outstanding,
      Arn: `arn:aws:managedblockchain:us-east-1:123456789012:proposals/${IDS.proposal}`,
    },
    $metadata: META,
  };
}

const base = { networkId: IDS.network, memberId: IDS.member };

describe('proposeInvite / proposeRemove', () => {
  it('creates the invitation proposal and says the proposer still has to vote', async () => {
    const api = new AmbApiTestDouble().on('CreateProposalCommand', created);
    const result = await proposeInvite(api, { ...base, accounts: ['210987654321'], description: 'invite org2' });
    expect(api.calls).toEqual([
      {
        name: 'CreateProposalCommand',
        input: {
          NetworkId: IDS.network,
          MemberId: IDS.member,
          Actions: { Invitations: [{ Principal: '210987654321' }] },
          Description: 'invite org2',
        },
      },
    ]);
    expect(result).toMatchObject({
      proposalId: IDS.proposal,
      action: 'invite',
      targets: ['210987654321'],
      proposerVote: undefined,
      status: 'IN_PROGRESS',
    });
    expect(result.note).toMatch(/proposing member must vote too/);
    expect(result.note).toContain(`fabkit proposal vote ${IDS.proposal} --vote YES`);
  });

  it('with voteYes, votes YES as the proposer and reports the resulting status', async () => {
    const api = new AmbApiTestDouble()
      .on('CreateProposalCommand', created)
      .on('VoteOnProposalCommand', voted)
      .on('GetProposalCommand', proposal('APPROVED', 1, 0));
    const result = await proposeInvite(api, { ...base, accounts: ['210987654321'], voteYes: true });
    expect(api.names()).toEqual(['CreateProposalCommand', 'VoteOnProposalCommand', 'GetProposalCommand']);
    expect(api.calls[1]?.input).toEqual({
      NetworkId: IDS.network,
      ProposalId: IDS.proposal,
      VoterMemberId: IDS.member,
      Vote: 'YES',
    });
    expect(result).toMatchObject({ proposerVote: 'YES', status: 'APPROVED' });
    expect(result.note).toMatch(/voted YES on its own proposal/);
  });

  it("says the proposal exists when the proposer's vote fails", async () => {
    const api = new AmbApiTestDouble()
      .on('CreateProposalCommand', created)
      .on('VoteOnProposalCommand', serviceError('IllegalActionException', 'member cannot vote', 400));
    const e = await rejected(proposeInvite(api, { ...base, accounts: ['210987654321'], voteYes: true }));
    expect(e.code).toBe('AMB_ILLEGAL_ACTION');
    expect(e.message).toContain(`Proposal ${IDS.proposal} was created, but member ${IDS.member}'s YES vote failed`);
    expect(e.hint).toContain(`fabkit proposal vote ${IDS.proposal} --vote YES`);
    expect(e.details).toMatchObject({ proposalId: IDS.proposal });
  });

  it('creates a removal proposal', async () => {
    const api = new AmbApiTestDouble().on('CreateProposalCommand', created);
    await proposeRemove(api, { ...base, memberIds: [IDS.member2] });
    expect(api.calls[0]?.input.Actions).toEqual({ Removals: [{ MemberId: IDS.member2 }] });
  });

  it.each([
    [
      'an 11-digit account',
      (api: AmbApiTestDouble) => proposeInvite(api, { ...base, accounts: ['12345678901'] }),
      'INVALID_ACCOUNT_ID',
    ],
    [
      'an account with dashes',
      (api: AmbApiTestDouble) => proposeInvite(api, { ...base, accounts: ['1234-5678-9012'] }),
      'INVALID_ACCOUNT_ID',
    ],
    ['no account', (api: AmbApiTestDouble) => proposeInvite(api, { ...base, accounts: [] }), 'PROPOSAL_EMPTY'],
    [
      'a bad proposer member ID',
      (api: AmbApiTestDouble) => proposeInvite(api, { ...base, memberId: 'm-abc', accounts: ['210987654321'] }),
      'INVALID_MEMBER_ID',
    ],
    [
      'a bad member ID to remove',
      (api: AmbApiTestDouble) => proposeRemove(api, { ...base, memberIds: ['M-K46ICRRXJRCGRNNS4ES4XUUS5A'] }),
      'INVALID_MEMBER_ID',
    ],
    [
      'a description over 128 characters',
      (api: AmbApiTestDouble) =>
        proposeInvite(api, { ...base, accounts: ['210987654321'], description: 'x'.repeat(129) }),
      'INVALID_DESCRIPTION',
    ],
  ])('refuses %s before any API call', async (_what, run, code) => {
    const api = new AmbApiTestDouble();
    const e = await rejected(run(api));
    expect(e.code).toBe(code);
    expect(e.kind).toBe('usage');
    expect(api.calls).toHaveLength(0);
  });

  it('makes no call at all when an account is invalid (asserted on the double)', async () => {
    const api = new AmbApiTestDouble();
    await rejected(proposeInvite(api, { ...base, accounts: ['210987654321', 'abc'] }));
    expect(api.calls).toHaveLength(0);
  });
});

describe('vote', () => {
  it('votes and returns the proposal as it stands', async () => {
    const api = new AmbApiTestDouble()
      .on('VoteOnProposalCommand', voted)
      .on('GetProposalCommand', proposal('IN_PROGRESS', 1, 2));
    const result = await vote(api, {
      networkId: IDS.network,
      proposalId: IDS.proposal,
      voterMemberId: IDS.member2,
      vote: 'YES',
    });
    expect(result).toMatchObject({
      id: IDS.proposal,
      status: 'IN_PROGRESS',
      voterMemberId: IDS.member2,
      vote: 'YES',
      yesVotes: 1,
      outstandingVotes: 2,
      invitations: ['210987654321'],
    });
  });

  it.each([
    ['a lower-case vote', { vote: 'yes' }, 'INVALID_VOTE'],
    ['a bad proposal ID', { proposalId: 'p-123' }, 'INVALID_PROPOSAL_ID'],
    ['an invitation ID as proposal ID', { proposalId: IDS.invitation }, 'INVALID_PROPOSAL_ID'],
    ['a bad voter ID', { voterMemberId: 'org1' }, 'INVALID_MEMBER_ID'],
  ])('refuses %s before any API call', async (_what, override, code) => {
    const api = new AmbApiTestDouble();
    const e = await rejected(
      vote(api, {
        networkId: IDS.network,
        proposalId: IDS.proposal,
        voterMemberId: IDS.member,
        vote: 'YES',
        ...override,
      }),
    );
    expect(e.code).toBe(code);
    expect(api.calls).toHaveLength(0);
  });

  it('maps an unknown proposal to AMB_NOT_FOUND', async () => {
    const api = new AmbApiTestDouble().on('VoteOnProposalCommand', notFound(`Proposal ${IDS.proposal} not found.`));
    expect(
      (
        await rejected(
          vote(api, { networkId: IDS.network, proposalId: IDS.proposal, voterMemberId: IDS.member, vote: 'NO' }),
        )
      ).code,
    ).toBe('AMB_NOT_FOUND');
  });
});

describe('listProposals / getProposal', () => {
  it('follows NextToken across pages', async () => {
    const page1: ListProposalsCommandOutput = {
      Proposals: [{ ProposalId: IDS.proposal, Status: 'APPROVED', ProposedByMemberName: 'org1' }],
      NextToken: 't2',
      $metadata: META,
    };
    const page2: ListProposalsCommandOutput = {
      Proposals: [{ ProposalId: 'p-AAAAAAAAAAAAAAAAAAAAAAAAAA', Status: 'IN_PROGRESS' }],
      $metadata: META,
    };
    const api = new AmbApiTestDouble().on('ListProposalsCommand', page1, page2);
    const list = await listProposals(api, { networkId: IDS.network });
    expect(list.map((p) => [p.id, p.status])).toEqual([
      [IDS.proposal, 'APPROVED'],
      ['p-AAAAAAAAAAAAAAAAAAAAAAAAAA', 'IN_PROGRESS'],
    ]);
    expect(api.calls.map((c) => c.input.NextToken)).toEqual([undefined, 't2']);
  });

  it('shows a proposal with its votes', async () => {
    const votes: ListProposalVotesCommandOutput = {
      ProposalVotes: [{ Vote: 'YES', MemberName: 'org1', MemberId: IDS.member }],
      $metadata: META,
    };
    const api = new AmbApiTestDouble()
      .on('GetProposalCommand', proposal('APPROVED', 1, 0))
      .on('ListProposalVotesCommand', votes);
    const p = await getProposal(api, { networkId: IDS.network, proposalId: IDS.proposal });
    expect(p).toMatchObject({
      id: IDS.proposal,
      status: 'APPROVED',
      proposedByMemberName: 'org1',
      createdAt: '2026-01-05T10:00:00.000Z',
      votes: [{ memberId: IDS.member, memberName: 'org1', vote: 'YES' }],
    });
  });
});
