import type {
  CreateMemberCommandOutput,
  GetMemberCommandOutput,
  InvitationStatus,
  ListInvitationsCommandOutput,
  MemberStatus,
} from '@aws-sdk/client-managedblockchain';
import { acceptInvitation, listInvitations, rejectInvitation } from '../../src/amb/invitations';
import { AmbApiTestDouble, FAST, IDS, META, notFound, serviceError } from '../doubles/amb-api-double';
import { rejected } from '../helpers/thrown';

const PASSWORD = 'Passw0rdX9';

function invitations(status: InvitationStatus = 'PENDING'): ListInvitationsCommandOutput {
  return {
    Invitations: [
      {
        InvitationId: IDS.invitation,
        CreationDate: new Date('2026-01-05T10:00:00Z'),
        ExpirationDate: new Date('2026-01-12T10:00:00Z'),
        Status: status,
        NetworkSummary: {
          Id: IDS.network,
          Name: 'MyTestNetwork',
          Framework: 'HYPERLEDGER_FABRIC',
          FrameworkVersion: '2.2',
          Status: 'AVAILABLE',
          CreationDate: new Date('2026-01-01T00:00:00Z'),
        },
        Arn: `arn:aws:managedblockchain:us-east-1:210987654321:invitations/${IDS.invitation}`,
      },
    ],
    $metadata: META,
  };
}

const createdMember: CreateMemberCommandOutput = { MemberId: IDS.member2, $metadata: META };

function member(status: MemberStatus): GetMemberCommandOutput {
  return {
    Member: {
      NetworkId: IDS.network,
      Id: IDS.member2,
      Name: 'org2',
      Status: status,
      CreationDate: new Date('2026-01-05T11:00:00Z'),
      FrameworkAttributes: {
        Fabric: {
          AdminUsername: 'AdminUser',
          CaEndpoint: `ca.${IDS.member2.toLowerCase()}.${IDS.network.toLowerCase()}.managedblockchain.us-east-1.amazonaws.com:30002`,
        },
      },
    },
    $metadata: META,
  };
}

const accept = {
  invitationId: IDS.invitation,
  memberName: 'org2',
  adminUser: 'AdminUser',
  password: PASSWORD,
  ...FAST,
};

describe('acceptInvitation', () => {
  it('creates the member with the invitation ID and waits until it is AVAILABLE', async () => {
    const api = new AmbApiTestDouble()
      .on('ListInvitationsCommand', invitations())
      .on('CreateMemberCommand', createdMember)
      .on('GetMemberCommand', member('CREATING'), member('AVAILABLE'));
    const progress: string[] = [];
    const result = await acceptInvitation(api, { ...accept, onProgress: (l) => progress.push(l) });
    expect(api.names()).toEqual([
      'ListInvitationsCommand',
      'CreateMemberCommand',
      'GetMemberCommand',
      'GetMemberCommand',
    ]);
    expect(api.calls[1]?.input).toEqual({
      NetworkId: IDS.network,
      InvitationId: IDS.invitation,
      MemberConfiguration: {
        Name: 'org2',
        FrameworkConfiguration: { Fabric: { AdminUsername: 'AdminUser', AdminPassword: PASSWORD } },
        LogPublishingConfiguration: { Fabric: { CaLogs: { Cloudwatch: { Enabled: false } } } },
      },
    });
    expect(result).toMatchObject({
      outcome: 'created',
      networkId: IDS.network,
      networkName: 'MyTestNetwork',
      memberId: IDS.member2,
      status: 'AVAILABLE',
      next: `fabkit init --network-id ${IDS.network} --member-id ${IDS.member2}`,
    });
    expect(result.caEndpoint).toContain(':30002');
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(progress.join('\n')).not.toContain(PASSWORD);
    expect(progress.map((l) => l.replace(/ after .*/, ''))).toEqual([
      `created member ${IDS.member2} (org2) in network ${IDS.network}`,
      `waiting for member ${IDS.member2}: CREATING`,
      `member ${IDS.member2}: AVAILABLE`,
    ]);
  });

  it('reports CREATE_FAILED as MEMBER_CREATE_FAILED', async () => {
    const api = new AmbApiTestDouble()
      .on('ListInvitationsCommand', invitations())
      .on('CreateMemberCommand', createdMember)
      .on('GetMemberCommand', member('CREATE_FAILED'));
    expect((await rejected(acceptInvitation(api, accept))).code).toBe('MEMBER_CREATE_FAILED');
  });

  it.each([
    ['too short', 'Ab1'],
    ['without a digit', 'Password'],
    ['with an @', 'Passw0rd@x'],
    ['with a space', 'Passw0rd x'],
  ])('refuses a password %s before any API call, without printing it', async (_what, password) => {
    const api = new AmbApiTestDouble();
    const e = await rejected(acceptInvitation(api, { ...accept, password }));
    expect(e.code).toBe('INVALID_ADMIN_PASSWORD');
    expect(e.kind).toBe('usage');
    expect(JSON.stringify(e.toJSON())).not.toContain(password);
    expect(api.calls).toHaveLength(0);
  });

  it.each([
    ['a bad invitation ID', { invitationId: 'i-XL9MDD6LVWWDNA9FF94Y4TFTE' }, 'INVALID_INVITATION_ID'],
    ['a proposal ID as invitation ID', { invitationId: IDS.proposal }, 'INVALID_INVITATION_ID'],
    ['a member name starting with a digit', { memberName: '2org' }, 'INVALID_MEMBER_NAME'],
    ['a member name with a space', { memberName: 'org 2' }, 'INVALID_MEMBER_NAME'],
    ['an admin user with a dash', { adminUser: 'admin-user' }, 'INVALID_ADMIN_USER'],
  ])('refuses %s before any API call', async (_what, override, code) => {
    const api = new AmbApiTestDouble();
    const e = await rejected(acceptInvitation(api, { ...accept, ...override }));
    expect(e.code).toBe(code);
    expect(api.calls).toHaveLength(0);
  });

  it('refuses an invitation that is no longer PENDING, without calling CreateMember', async () => {
    const api = new AmbApiTestDouble().on('ListInvitationsCommand', invitations('EXPIRED'));
    const e = await rejected(acceptInvitation(api, accept));
    expect(e.code).toBe('INVITATION_NOT_PENDING');
    expect(e.message).toContain('is EXPIRED');
    expect(api.names()).toEqual(['ListInvitationsCommand']);
  });

  it('says when this account has no such invitation', async () => {
    const api = new AmbApiTestDouble().on('ListInvitationsCommand', { Invitations: [], $metadata: META });
    expect((await rejected(acceptInvitation(api, accept))).code).toBe('INVITATION_NOT_FOUND');
  });

  it('keeps the password out of a CreateMember error, even if the API echoes it', async () => {
    const api = new AmbApiTestDouble()
      .on('ListInvitationsCommand', invitations())
      .on('CreateMemberCommand', serviceError('InvalidRequestException', `bad AdminPassword ${PASSWORD}`, 400));
    const e = await rejected(acceptInvitation(api, accept));
    expect(e.code).toBe('AMB_INVALID_REQUEST');
    expect(JSON.stringify(e.toJSON())).not.toContain(PASSWORD);
    expect(e.message).not.toContain(PASSWORD);
  });
});

describe('listInvitations / rejectInvitation', () => {
  it('lists invitations with their network', async () => {
    const api = new AmbApiTestDouble().on('ListInvitationsCommand', invitations());
    expect(await listInvitations(api)).toEqual([
      {
        id: IDS.invitation,
        status: 'PENDING',
        networkId: IDS.network,
        networkName: 'MyTestNetwork',
        framework: 'HYPERLEDGER_FABRIC',
        frameworkVersion: '2.2',
        networkStatus: 'AVAILABLE',
        createdAt: '2026-01-05T10:00:00.000Z',
        expiresAt: '2026-01-12T10:00:00.000Z',
        arn: `arn:aws:managedblockchain:us-east-1:210987654321:invitations/${IDS.invitation}`,
      },
    ]);
  });

  it('rejects an invitation', async () => {
    const api = new AmbApiTestDouble().on('RejectInvitationCommand', { $metadata: META });
    expect(await rejectInvitation(api, { invitationId: IDS.invitation })).toEqual({
      invitationId: IDS.invitation,
      status: 'REJECTED',
    });
    expect(api.calls).toEqual([{ name: 'RejectInvitationCommand', input: { InvitationId: IDS.invitation } }]);
  });

  it('maps an unknown invitation to AMB_NOT_FOUND, and a bad ID to a usage error with no call', async () => {
    const api = new AmbApiTestDouble().on(
      'RejectInvitationCommand',
      notFound(`InvitationId ${IDS.invitation} not found.`),
    );
    expect((await rejected(rejectInvitation(api, { invitationId: IDS.invitation }))).code).toBe('AMB_NOT_FOUND');
    const idle = new AmbApiTestDouble();
    expect((await rejected(rejectInvitation(idle, { invitationId: 'in-bad' }))).code).toBe('INVALID_INVITATION_ID');
    expect(idle.calls).toHaveLength(0);
  });
});
