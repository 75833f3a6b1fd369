/**
 * The AMB API layer against moto's server mode (PyPI moto[server], pinned in scripts/moto.sh):
 * a third-party implementation of the Managed Blockchain API, not a double written for fabkit.
 * Tutorial steps 1, 5 and 8.1-8.3 through fabkit's functions and through the built CLI, then
 * `fabkit init --network-id --member-id` from the API.
 *
 * What moto 5.2.5 models, and how this test works within it:
 * - Only Fabric "1.2" networks (CreateNetwork with "2.2" is a BadRequestException), STARTER or
 *   STANDARD editions. Networks, members and nodes are AVAILABLE at once: no CREATING, so the
 *   waits here end on their first poll (CREATING/CREATE_FAILED are covered by the unit tests).
 * - Accounts are separate backends chosen by the access key (unknown keys -> 123456789012). A
 *   network lives in its creator's backend only, and an approved invitation is stored in the
 *   proposer's backend whatever its Principal (the Principal is only checked to be 12 digits).
 *   So the "invited account" is played by the same credentials: the AMB guide's own proof of
 *   concept ("invite your own account to simulate a multi-account network").
 * - CreateMember and CreateNode need LogPublishingConfiguration (moto answers HTTP 500 without
 *   it); fabkit always sends it (CloudWatch logs off), which real AMB accepts too.
 * - Proposals come back without Actions, proposer or dates; ListProposalVotes lists the votes of
 *   every proposal of the network, not just the one asked for.
 * - Endpoints moto returns: orderer.<n>…:30001, ca.<m>.<n>…:30002, and peers <nd>.<n>.<m>…:30003
 *   (network and member swapped compared with real AMB's nd-….m-….n-…).
 * The TLS chain for `init` is put into moto's S3 at s3://us-east-1.managedblockchain/etc/….
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import execa from 'execa';
import * as yaml from 'js-yaml';
import {
  CreateNetworkCommand,
  GetMemberCommand,
  GetNetworkCommand,
  GetNodeCommand,
  ListMembersCommand,
  ManagedBlockchainClient,
} from '@aws-sdk/client-managedblockchain';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { connectAmb } from '../../src/amb/client';
import type { AmbConnection } from '../../src/amb/client';
import { acceptInvitation, listInvitations } from '../../src/amb/invitations';
import { createNode } from '../../src/amb/nodes';
import { getProposal, listProposals, proposeInvite } from '../../src/amb/proposals';
import { exportBundle } from '../../src/bundle/export';
import { makeMemberHome, ORG2_ID } from '../helpers/bundle-fixture';
import { fabkit, ROOT } from '../helpers/devnet';
import { makeTestPki } from '../helpers/test-pki';
import { rejected } from '../helpers/thrown';

jest.setTimeout(240_000);

const REGION = 'us-east-1';
/** moto's default account, which unknown access keys map to. */
const MOTO_ACCOUNT = '123456789012';
const AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_SESSION_TOKEN: 'testing',
  AWS_REGION: REGION,
  AWS_DEFAULT_REGION: REGION,
  AWS_CONFIG_FILE: '/nonexistent/aws-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const PASSWORD = 'Moto1Passw0rd';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** The endpoints as moto itself returns them, read with the plain SDK. */
async function motoView(
  sdk: ManagedBlockchainClient,
  networkId: string,
  memberId: string,
  nodeId: string,
): Promise<Record<'orderer' | 'ca' | 'peer' | 'peerEvent', string | undefined>> {
  const network = (await sdk.send(new GetNetworkCommand({ NetworkId: networkId }))).Network ?? {};
  const member = (await sdk.send(new GetMemberCommand({ NetworkId: networkId, MemberId: memberId }))).Member ?? {};
  const node =
    (await sdk.send(new GetNodeCommand({ NetworkId: networkId, MemberId: memberId, NodeId: nodeId }))).Node ?? {};
  const peer = node.FrameworkAttributes?.Fabric ?? {};
  return {
    orderer: network.FrameworkAttributes?.Fabric?.OrderingServiceEndpoint,
    ca: member.FrameworkAttributes?.Fabric?.CaEndpoint,
    peer: peer.PeerEndpoint,
    peerEvent: peer.PeerEventEndpoint,
  };
}

describe('AMB API layer against moto (server mode)', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-moto-'));
  const pidFile = path.join(work, 'moto.pid');
  const savedEnv = { ...process.env };
  let endpoint = '';
  let sdk: ManagedBlockchainClient;
  let conn: AmbConnection;
  let networkId = '';
  let member1 = '';
  let member2 = '';
  let member3 = '';
  let chainPem = '';

  /** The built CLI, with the dummy credentials and the moto endpoint. */
  const cli = (args: readonly string[], env: Record<string, string> = {}) =>
    fabkit([...args, '--region', REGION, '--endpoint-url', endpoint], { ...AWS_ENV, ...env });

  beforeAll(async () => {
    await execa('bash', [path.join(ROOT, 'scripts', 'moto.sh'), 'install'], { stdio: 'inherit' });
    const port = await freePort();
    await execa('bash', [path.join(ROOT, 'scripts', 'moto.sh'), 'start', String(port), pidFile], { stdio: 'inherit' });
    endpoint = `http://127.0.0.1:${port}`;
    Object.assign(process.env, AWS_ENV);
    sdk = new ManagedBlockchainClient({ region: REGION, endpoint });
    conn = await connectAmb({ region: REGION, endpointUrl: endpoint });
    const key = path.join(work, 'tls-root.key');
    const pem = path.join(work, 'tls-root.pem');
    await execa('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      pem,
      '-days',
      '2',
      '-subj',
      '/CN=moto-amb-tls-root',
    ]);
    chainPem = fs.readFileSync(pem, 'utf8');
    const s3 = new S3Client({ region: REGION, endpoint, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: `${REGION}.managedblockchain` }));
    await s3.send(
      new PutObjectCommand({
        Bucket: `${REGION}.managedblockchain`,
        Key: 'etc/managedblockchain-tls-chain.pem',
        Body: chainPem,
      }),
    );
    s3.destroy();
  });

  afterAll(async () => {
    conn?.close();
    sdk?.destroy();
    for (const k of Object.keys(AWS_ENV)) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
    await execa('bash', [path.join(ROOT, 'scripts', 'moto.sh'), 'stop', pidFile], { reject: false, stdio: 'inherit' });
    if (!process.env.FABKIT_KEEP_DEVNET) fs.rmSync(work, { recursive: true, force: true });
  });

  it('step 1 (by hand, as the network creator): CreateNetwork with member org1 (moto: Fabric 1.2 only)', async () => {
    const refused = await sdk
      .send(
        new CreateNetworkCommand({
          Name: 'too-new',
          Framework: 'HYPERLEDGER_FABRIC',
          FrameworkVersion: '2.2',
          FrameworkConfiguration: { Fabric: { Edition: 'STARTER' } },
          VotingPolicy: {
            ApprovalThresholdPolicy: {
              ThresholdPercentage: 50,
              ProposalDurationInHours: 24,
              ThresholdComparator: 'GREATER_THAN',
            },
          },
          MemberConfiguration: {
            Name: 'org1',
            FrameworkConfiguration: { Fabric: { AdminUsername: 'AdminUser', AdminPassword: PASSWORD } },
          },
        }),
      )
      .then(
        () => undefined,
        (e: Error) => e.name,
      );
    expect(refused).toBe('BadRequestException');
    const out = await sdk.send(
      new CreateNetworkCommand({
        Name: 'MyTestNetwork',
        Framework: 'HYPERLEDGER_FABRIC',
        FrameworkVersion: '1.2',
        FrameworkConfiguration: { Fabric: { Edition: 'STARTER' } },
        VotingPolicy: {
          ApprovalThresholdPolicy: {
            ThresholdPercentage: 50,
            ProposalDurationInHours: 24,
            ThresholdComparator: 'GREATER_THAN',
          },
        },
        MemberConfiguration: {
          Name: 'org1',
          FrameworkConfiguration: { Fabric: { AdminUsername: 'AdminUser', AdminPassword: PASSWORD } },
          LogPublishingConfiguration: { Fabric: { CaLogs: { Cloudwatch: { Enabled: false } } } },
        },
      }),
    );
    networkId = out.NetworkId ?? '';
    member1 = out.MemberId ?? '';
    expect(networkId).toMatch(/^n-[A-Z0-9]{26}$/);
    expect(member1).toMatch(/^m-[A-Z0-9]{26}$/);
  });

  it('step 5 through createNode: AVAILABLE on the first poll; --ensure then reports it as existing', async () => {
    const progress: string[] = [];
    const created = await createNode(conn.api, {
      networkId,
      memberId: member1,
      region: conn.region,
      onProgress: (l) => progress.push(l),
    });
    expect(created.outcome).toBe('created');
    expect(created.node).toMatchObject({
      status: 'AVAILABLE',
      instanceType: 'bc.t3.small',
      availabilityZone: 'us-east-1a',
    });
    expect(progress.some((l) => l.includes(': AVAILABLE after'))).toBe(true);
    const again = await createNode(conn.api, { networkId, memberId: member1, region: conn.region, ensure: true });
    expect(again).toMatchObject({ outcome: 'already-exists', node: { id: created.node.id } });
    const refused = await rejected(
      createNode(conn.api, { networkId, memberId: member1, region: conn.region, instanceType: 'bc.m5.large' }),
    );
    expect(refused.code).toBe('AMB_INVALID_REQUEST');
    expect(refused.message).toContain('not supported with STARTER Edition');
  });

  it('steps 8.1-8.3 through the functions: invite (own account), proposer votes YES, accept as org2', async () => {
    const proposed = await proposeInvite(conn.api, {
      networkId,
      memberId: member1,
      accounts: [MOTO_ACCOUNT],
      description: 'org2',
      voteYes: true,
    });
    expect(proposed).toMatchObject({
      action: 'invite',
      targets: [MOTO_ACCOUNT],
      proposerVote: 'YES',
      status: 'APPROVED',
    });
    const shown = await getProposal(conn.api, { networkId, proposalId: proposed.proposalId });
    expect(shown).toMatchObject({ id: proposed.proposalId, status: 'APPROVED', yesVotes: 1, outstandingVotes: 0 });
    expect(shown.votes).toEqual([{ memberId: member1, memberName: 'org1', vote: 'YES' }]);
    expect((await listProposals(conn.api, { networkId })).map((p) => p.id)).toContain(proposed.proposalId);
    const pending = (await listInvitations(conn.api)).filter(
      (i) => i.status === 'PENDING' && i.networkId === networkId,
    );
    expect(pending).toHaveLength(1);
    const weak = await rejected(
      acceptInvitation(conn.api, {
        invitationId: pending[0]?.id ?? '',
        memberName: 'org2',
        adminUser: 'AdminUser',
        password: 'weak',
      }),
    );
    expect(weak.code).toBe('INVALID_ADMIN_PASSWORD');
    const accepted = await acceptInvitation(conn.api, {
      invitationId: pending[0]?.id ?? '',
      memberName: 'org2',
      adminUser: 'Admin2',
      password: PASSWORD,
      intervalMs: 50,
    });
    expect(accepted).toMatchObject({
      outcome: 'created',
      networkId,
      memberName: 'org2',
      adminUser: 'Admin2',
      status: 'AVAILABLE',
    });
    member2 = accepted.memberId;
    const members = await sdk.send(new ListMembersCommand({ NetworkId: networkId }));
    expect(members.Members?.map((m) => m.Name).sort()).toEqual(['org1', 'org2']);
    const used = await rejected(
      acceptInvitation(conn.api, {
        invitationId: pending[0]?.id ?? '',
        memberName: 'org2b',
        adminUser: 'AdminUser',
        password: PASSWORD,
      }),
    );
    expect(used.code).toBe('INVITATION_NOT_PENDING');
  });

  it('the CLI has the AMB commands (registerAmbCommands wired into src/cli/main.ts)', async () => {
    const help = await fabkit(['--help']);
    expect(help.stdout).toMatch(/^\s+node\b/m);
    expect(help.stdout).toMatch(/^\s+proposal\b/m);
    expect(help.stdout).toMatch(/^\s+invitation\b/m);
    const vote = await fabkit(['proposal', 'vote', '--help']);
    expect(vote.stdout).toContain('--vote <YES|NO>');
    expect(vote.stdout).toContain('--endpoint-url');
  });

  it('steps 8.1-8.3 through the CLI: invite another account, both members vote, accept as org3', async () => {
    const invite = await cli([
      'proposal',
      'invite',
      '--account',
      '210987654321',
      '--network-id',
      networkId,
      '--member-id',
      member1,
      '--description',
      'org3',
      '--json',
    ]);
    expect(invite.stderr).not.toContain('error');
    expect(invite.exitCode).toBe(0);
    const proposed = JSON.parse(invite.stdout) as { proposalId: string; proposerVote?: string; note: string };
    expect(proposed.proposerVote).toBeUndefined();
    expect(proposed.note).toContain('proposing member must vote too');

    const vote1 = await cli([
      'proposal',
      'vote',
      proposed.proposalId,
      '--vote',
      'yes',
      '--network-id',
      networkId,
      '--member-id',
      member1,
      '--json',
    ]);
    expect(vote1.exitCode).toBe(0);
    expect(JSON.parse(vote1.stdout)).toMatchObject({
      ok: true,
      vote: 'YES',
      status: 'IN_PROGRESS',
      yesVotes: 1,
      outstandingVotes: 1,
    });
    const twice = await cli([
      'proposal',
      'vote',
      proposed.proposalId,
      '--vote',
      'YES',
      '--network-id',
      networkId,
      '--member-id',
      member1,
      '--json',
    ]);
    expect(twice.exitCode).toBe(1);
    expect(JSON.parse(twice.stdout)).toMatchObject({ ok: false, error: { code: 'AMB_ALREADY_EXISTS' } });
    const vote2 = await cli([
      'proposal',
      'vote',
      proposed.proposalId,
      'yes',
      '--network-id',
      networkId,
      '--member-id',
      member2,
    ]);
    expect(vote2.exitCode).toBe(0);
    expect(vote2.stdout).toContain(`member ${member2} voted YES on ${proposed.proposalId}`);
    expect(vote2.stdout).toContain(`proposal ${proposed.proposalId}: APPROVED`);

    const show = await cli(['proposal', 'show', proposed.proposalId, '--network-id', networkId, '--json']);
    expect(JSON.parse(show.stdout)).toMatchObject({
      ok: true,
      id: proposed.proposalId,
      status: 'APPROVED',
      yesVotes: 2,
    });
    const list = await cli(['proposal', 'list', '--network-id', networkId]);
    expect(list.stdout).toContain(proposed.proposalId);

    const invitations = await cli(['invitation', 'list', '--json']);
    const pending = (
      JSON.parse(invitations.stdout) as { invitations: { id: string; status: string; networkId: string }[] }
    ).invitations.filter((i) => i.status === 'PENDING' && i.networkId === networkId);
    expect(pending).toHaveLength(1);
    const invitationId = pending[0]?.id ?? '';

    const weak = await cli(['invitation', 'accept', invitationId, '--member-name', 'org3', '--json'], {
      FABKIT_ADMIN_PASSWORD: 'weakpass',
    });
    expect(weak.exitCode).toBe(2);
    expect(JSON.parse(weak.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_ADMIN_PASSWORD' } });
    expect(`${weak.stdout}${weak.stderr}`).not.toContain('weakpass');
    const noPassword = await fabkit(
      ['invitation', 'accept', invitationId, '--member-name', 'org3', '--region', REGION, '--endpoint-url', endpoint],
      { ...AWS_ENV, FABKIT_ADMIN_PASSWORD: '' },
    );
    expect(noPassword.exitCode).toBe(2);
    expect(noPassword.stderr).toContain('[PASSWORD_MISSING]');

    const accept = await cli(['invitation', 'accept', invitationId, '--member-name', 'org3', '--json'], {
      FABKIT_ADMIN_PASSWORD: PASSWORD,
    });
    expect(accept.exitCode).toBe(0);
    expect(`${accept.stdout}${accept.stderr}`).not.toContain(PASSWORD);
    const accepted = JSON.parse(accept.stdout) as { memberId: string; status: string; next: string };
    expect(accepted.status).toBe('AVAILABLE');
    member3 = accepted.memberId;
    expect(accepted.next).toBe(`fabkit init --network-id ${networkId} --member-id ${member3}`);
  });

  it('the CLI rejects an invitation, and refuses bad IDs (exit 2) and unknown ones (exit 1)', async () => {
    const proposed = await proposeInvite(conn.api, {
      networkId,
      memberId: member1,
      accounts: ['210987654321'],
      voteYes: true,
    });
    await cli([
      'proposal',
      'vote',
      proposed.proposalId,
      '--vote',
      'YES',
      '--network-id',
      networkId,
      '--member-id',
      member2,
    ]);
    const invitation = (await listInvitations(conn.api)).find(
      (i) => i.status === 'PENDING' && i.networkId === networkId,
    );
    expect(invitation).toBeDefined();
    const reject = await cli(['invitation', 'reject', invitation?.id ?? '', '--json']);
    expect(reject.exitCode).toBe(0);
    expect((await listInvitations(conn.api)).find((i) => i.id === invitation?.id)?.status).toBe('REJECTED');

    const badAccount = await cli([
      'proposal',
      'invite',
      '1234-5678-9012',
      '--network-id',
      networkId,
      '--member-id',
      member1,
    ]);
    expect(badAccount.exitCode).toBe(2);
    expect(badAccount.stderr).toContain('[INVALID_ACCOUNT_ID]');
    const badMember = await cli(['node', 'create', '--network-id', networkId, '--member-id', 'm-123']);
    expect(badMember.exitCode).toBe(2);
    expect(badMember.stderr).toContain('[INVALID_MEMBER_ID]');
    const unknown = await cli([
      'proposal',
      'show',
      'p-AAAAAAAAAAAAAAAAAAAAAAAAAA',
      '--network-id',
      networkId,
      '--json',
    ]);
    expect(unknown.exitCode).toBe(1);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ ok: false, error: { code: 'AMB_NOT_FOUND' } });
    const down = await fabkit(
      ['invitation', 'list', '--region', REGION, '--endpoint-url', 'http://127.0.0.1:1', '--json'],
      AWS_ENV,
    );
    expect(down.exitCode).toBe(1);
    expect(JSON.parse(down.stdout)).toMatchObject({ ok: false, error: { code: 'AMB_UNREACHABLE' } });
  });

  it('step 5 through the CLI: node create for org3; re-running reports it as existing; --another makes one more', async () => {
    const create = await cli(['node', 'create', '--network-id', networkId, '--member-id', member3, '--json']);
    expect(create.exitCode).toBe(0);
    const created = JSON.parse(create.stdout) as {
      outcome: string;
      node: { id: string; status: string; peerEndpoint: string };
    };
    expect(created).toMatchObject({ outcome: 'created', node: { status: 'AVAILABLE' } });
    const again = await cli(['node', 'create', '--network-id', networkId, '--member-id', member3]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain(`already exists: node ${created.node.id} (AVAILABLE)`);
    const another = await cli([
      'node',
      'create',
      '--network-id',
      networkId,
      '--member-id',
      member1,
      '--another',
      '--json',
    ]);
    expect(another.exitCode).toBe(0);
    expect(JSON.parse(another.stdout)).toMatchObject({ outcome: 'created', memberId: member1 });
  });

  it('fabkit init --network-id --member-id writes the endpoints moto returns, and later commands use the profile', async () => {
    const home = path.join(work, 'org3-home');
    const init = await cli(['init', '--home', home, '--network-id', networkId, '--member-id', member3, '--json']);
    expect(init.stderr).not.toContain('error');
    expect(init.exitCode).toBe(0);
    expect(JSON.parse(init.stdout)).toMatchObject({ ok: true, outcome: 'created', memberId: member3 });

    const nodes = await createNode(conn.api, { networkId, memberId: member3, region: REGION, ensure: true });
    const moto = await motoView(sdk, networkId, member3, nodes.node.id);
    const written = yaml.load(fs.readFileSync(path.join(home, 'fabkit.yaml'), 'utf8')) as Record<string, any>;
    expect(written).toMatchObject({
      target: 'amb',
      network: { id: networkId, name: 'MyTestNetwork', fabricVersion: '1.2', orderingServiceEndpoint: moto.orderer },
      member: { id: member3, name: 'org3', caEndpoint: moto.ca, adminUser: 'AdminUser' },
      peers: [{ id: nodes.node.id, endpoint: moto.peer, eventEndpoint: moto.peerEvent }],
      tls: {
        chainFile: 'managedblockchain-tls-chain.pem',
        source: { kind: 's3', location: `s3://${REGION}.managedblockchain/etc/managedblockchain-tls-chain.pem` },
      },
      aws: { region: REGION, endpointUrl: endpoint },
    });
    expect(moto.peer).toMatch(/:30003$/);
    expect(fs.readFileSync(path.join(home, 'managedblockchain-tls-chain.pem'), 'utf8')).toBe(chainPem);

    // the profile now gives network, member, region and endpoint: no flags needed
    const fromProfile = await fabkit(['node', 'create', '--home', home, '--ensure', '--json'], AWS_ENV);
    expect(fromProfile.exitCode).toBe(0);
    expect(JSON.parse(fromProfile.stdout)).toMatchObject({
      outcome: 'already-exists',
      memberId: member3,
      node: { id: nodes.node.id },
    });
    const again = await cli(['init', '--home', home, '--network-id', networkId, '--member-id', member3]);
    expect(again.stdout).toContain('already initialized');
    const dockerHome = path.join(work, 'org3-docker-home');
    expect(
      (
        await cli([
          'init',
          '--home',
          dockerHome,
          '--network-id',
          networkId,
          '--member-id',
          member3,
          '--runtime',
          'docker',
        ])
      ).exitCode,
    ).toBe(0);
    expect(yaml.load(fs.readFileSync(path.join(dockerHome, 'fabkit.yaml'), 'utf8'))).toMatchObject({
      runtime: { kind: 'docker', containerHome: '/opt/home' },
    });
  });

  it('fabkit onboard runs the invited side (accept, node, init) and stops at enroll with the steps done; a re-run skips them', async () => {
    const proposed = await proposeInvite(conn.api, {
      networkId,
      memberId: member1,
      accounts: [MOTO_ACCOUNT],
      voteYes: true,
    });
    await cli([
      'proposal',
      'vote',
      proposed.proposalId,
      '--vote',
      'YES',
      '--network-id',
      networkId,
      '--member-id',
      member2,
    ]);
    const invitation = (await listInvitations(conn.api)).find(
      (i) => i.status === 'PENDING' && i.networkId === networkId,
    );
    expect(invitation).toBeDefined();
    const home = path.join(work, 'org4-home');
    const missing = await cli(['onboard', '--home', home, '--member-name', 'org4', '--json'], {
      FABKIT_ADMIN_PASSWORD: PASSWORD,
    });
    expect(missing.exitCode).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ ok: false, error: { code: 'INVITATION_ID_MISSING' } });
    const args = [
      'onboard',
      '--home',
      home,
      '--invitation-id',
      invitation?.id ?? '',
      '--member-name',
      'org4',
      '--timeout',
      '5',
      '--json',
    ];
    const first = await cli(args, { FABKIT_ADMIN_PASSWORD: PASSWORD });
    // moto's CA endpoint is a name that does not resolve here, so the Fabric steps cannot run against moto.
    expect(first.exitCode).toBe(1);
    expect(`${first.stdout}${first.stderr}`).not.toContain(PASSWORD);
    const failed = JSON.parse(first.stdout) as {
      error: { code: string; message: string; details: { steps: { step: string; outcome: string }[] } };
    };
    expect(failed.error.code).toBe('CA_UNREACHABLE');
    expect(failed.error.details.steps.map((st) => [st.step, st.outcome])).toEqual([
      ['accept invitation', 'done'],
      ['create peer node', 'done'],
      ['init profile', 'done'],
    ]);
    expect((await listInvitations(conn.api)).find((i) => i.id === invitation?.id)?.status).toBe('ACCEPTED');
    const written = yaml.load(fs.readFileSync(path.join(home, 'fabkit.yaml'), 'utf8')) as Record<string, any>;
    expect(written).toMatchObject({
      target: 'amb',
      network: { id: networkId },
      member: { name: 'org4' },
      peers: [{ endpoint: expect.stringMatching(/:30003$/) }],
    });
    const second = await cli(args, { FABKIT_ADMIN_PASSWORD: PASSWORD });
    const again = JSON.parse(second.stdout) as typeof failed;
    expect(again.error.details.steps.map((st) => st.outcome)).toEqual(['already-done', 'already-done', 'already-done']);
  });

  it("member import asks the AMB API whether the bundle's member exists on the network", async () => {
    const pki = await makeTestPki();
    const home = path.join(work, 'org4-home');
    const bundles: Record<string, string> = {};
    for (const [id, name] of [
      [member3, 'org3'],
      [ORG2_ID, 'ghost'],
    ] as const) {
      const from = await makeMemberHome(path.join(work, `bundle-${name}`), id, name, pki);
      bundles[name] = (await exportBundle(from.profile, { out: path.join(work, `${name}.bundle.json`) })).file;
    }
    const known = await fabkit(['member', 'import', bundles.org3 ?? '', '--home', home, '--json'], AWS_ENV);
    expect(known.exitCode).toBe(0);
    expect(JSON.parse(known.stdout)).toMatchObject({ outcome: 'imported', memberCheck: 'confirmed' });
    const ghost = await fabkit(['member', 'import', bundles.ghost ?? '', '--home', home, '--json'], AWS_ENV);
    expect(ghost.exitCode).toBe(1);
    expect(JSON.parse(ghost.stdout)).toMatchObject({ ok: false, error: { code: 'BUNDLE_MEMBER_UNKNOWN' } });
    expect(fs.existsSync(path.join(home, 'members', ORG2_ID))).toBe(false);
  });
});
