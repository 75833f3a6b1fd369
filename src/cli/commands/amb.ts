import type { Command } from 'commander';
import {
  acceptInvitation,
  ambSettings,
  connectAmb,
  createNode,
  DEFAULT_INSTANCE_TYPE,
  FabkitError,
  getProposal,
  isFabkitError,
  listInvitations,
  listProposals,
  loadProfile,
  PASSWORD_ENV,
  proposeInvite,
  proposeRemove,
  rejectInvitation,
  usageError,
  vote,
} from '../../index';
import type { AmbConnection, Profile, ProposalInfo, ProposeResult } from '../../index';
import { homeOf } from '../context';
import type { Output } from '../output';
import { table } from '../output';
import { secretPrompt } from '../prompt';

type Run = (action: (out: Output) => Promise<void>, json: boolean) => Promise<void>;

const collect = (v: string, all: string[]): string[] => [...all, v];

interface AmbFlags {
  home?: string;
  region?: string;
  endpointUrl?: string;
  networkId?: string;
  memberId?: string;
  json?: boolean;
}

const HOME_HELP =
  'member home whose fabkit.yaml gives the network and member IDs and aws settings (default: $FABKIT_HOME, else the current directory)';
const SETTINGS_HELP = `
AWS settings: --region / --endpoint-url win, then aws.region / aws.endpointUrl in fabkit.yaml, then the
AWS SDK's own chain (AWS_REGION, AWS_PROFILE, ~/.aws/config, AWS_ENDPOINT_URL_MANAGEDBLOCKCHAIN, …).
Credentials always come from the AWS SDK's chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, roles).`;

function common(cmd: Command, ids: 'network' | 'member' | 'none'): Command {
  cmd
    .option('--home <dir>', HOME_HELP)
    .option('--region <region>', 'AWS region of the network, e.g. us-east-1')
    .option('--endpoint-url <url>', 'Managed Blockchain API endpoint (e.g. http://127.0.0.1:5000 for moto)');
  if (ids !== 'none') cmd.option('--network-id <n-…>', "network ID (default: the profile's)");
  if (ids === 'member') cmd.option('--member-id <m-…>', "this account's member that acts (default: the profile's)");
  return cmd.option('--json', 'machine-readable output').addHelpText('after', SETTINGS_HELP);
}

/** The home's profile if it has one; AMB commands also work before `fabkit init` (IDs from flags). */
function optionalProfile(flags: AmbFlags): Profile | undefined {
  try {
    return loadProfile(homeOf(flags)).profile;
  } catch (error) {
    if (isFabkitError(error) && error.code === 'PROFILE_NOT_FOUND') return undefined;
    throw error;
  }
}

function networkIdOf(flags: AmbFlags, profile: Profile | undefined): string {
  const id = flags.networkId ?? profile?.network.id;
  if (id === undefined)
    throw usageError(
      'NETWORK_ID_MISSING',
      'No network ID: pass --network-id n-…, or run in a member home with a fabkit.yaml (--home)',
    );
  return id;
}

function memberIdOf(flags: AmbFlags, profile: Profile | undefined): string {
  const id = flags.memberId ?? profile?.member.id;
  if (id === undefined)
    throw usageError(
      'MEMBER_ID_MISSING',
      'No member ID: pass --member-id m-…, or run in a member home with a fabkit.yaml (--home)',
    );
  return id;
}

/** Connects with flags > profile > SDK chain, runs `fn`, and always frees the client. */
async function withAmb<T>(
  flags: AmbFlags,
  fn: (conn: AmbConnection, profile: Profile | undefined) => Promise<T>,
): Promise<T> {
  const profile = optionalProfile(flags);
  const conn = await connectAmb(ambSettings({ region: flags.region, endpointUrl: flags.endpointUrl }, profile?.aws));
  try {
    return await fn(conn, profile);
  } finally {
    conn.close();
  }
}

function seconds(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw usageError('INVALID_TIMEOUT', `${flag} "${value}" is invalid: it must be a positive number of seconds`);
  return n * 1000;
}

const secs = (ms: number | undefined): string => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)}s`);

function renderProposed(r: ProposeResult): string {
  const voteLine =
    r.proposerVote === undefined
      ? `  note: ${r.note}`
      : `  member ${r.proposerMemberId} voted ${r.proposerVote}; status ${r.status ?? '-'}`;
  return `proposal ${r.proposalId} created: ${r.action} ${r.targets.join(', ')}\n${voteLine}`;
}

function renderProposal(p: ProposalInfo): string {
  const actions = [...p.invitations.map((a) => `invite account ${a}`), ...p.removals.map((m) => `remove member ${m}`)];
  const lines = [
    `proposal ${p.id}: ${p.status}`,
    `  network    ${p.networkId}`,
    `  proposed   ${p.proposedByMemberName ?? '-'} (${p.proposedByMemberId ?? '-'})`,
    `  actions    ${actions.length > 0 ? actions.join('; ') : '-'}`,
    `  votes      YES ${p.yesVotes ?? '-'}, NO ${p.noVotes ?? '-'}, outstanding ${p.outstandingVotes ?? '-'}`,
    `  expires    ${p.expiresAt ?? '-'}`,
  ];
  if (p.description) lines.push(`  about      ${p.description}`);
  if (p.votes && p.votes.length > 0)
    lines.push(
      '',
      table([
        ['VOTER', 'MEMBER ID', 'VOTE'],
        ...p.votes.map((v) => [v.memberName ?? '-', v.memberId ?? '-', v.vote ?? '-']),
      ]),
    );
  return lines.join('\n');
}

function registerNodeCommands(program: Command, run: Run): void {
  const node = program.command('node').description('peer nodes of your AMB member (tutorial step 5)');
  common(node.command('create'), 'member')
    .description('create a peer node for the member and wait until it is AVAILABLE')
    .option('--instance-type <type>', 'AMB instance type', DEFAULT_INSTANCE_TYPE)
    .option('--availability-zone <az>', 'availability zone (default: <region>a, e.g. us-east-1a)')
    .option(
      '--ensure',
      'the default: if the member already has an AVAILABLE node, report it ("already exists"); if one is CREATING, wait for it',
    )
    .option('--another', 'create one more node even if the member has one, as `aws managedblockchain create-node` does')
    .option('--no-wait', 'return right after CreateNode instead of waiting for AVAILABLE')
    .option('--timeout <seconds>', 'how long to wait for AVAILABLE', '1800')
    .addHelpText(
      'after',
      '\nRe-running is safe: an existing node is reported, not duplicated, unless --another is given.',
    )
    .action(
      async (
        o: AmbFlags & {
          instanceType: string;
          availabilityZone?: string;
          another?: boolean;
          wait: boolean;
          timeout: string;
        },
      ) =>
        run(async (out) => {
          const timeoutMs = seconds(o.timeout, '--timeout');
          const result = await withAmb(o, (conn, profile) =>
            createNode(conn.api, {
              networkId: networkIdOf(o, profile),
              memberId: memberIdOf(o, profile),
              region: conn.region,
              instanceType: o.instanceType,
              availabilityZone: o.availabilityZone,
              ensure: !o.another,
              wait: o.wait,
              timeoutMs,
              onProgress: (line) => out.progress(line),
            }),
          );
          out.result({ ok: true, ...result }, () =>
            [
              `${result.outcome === 'already-exists' ? 'already exists' : result.outcome === 'awaited-existing' ? 'existing node now available' : 'created'}: node ${result.node.id} (${result.node.status})`,
              `  member     ${result.memberId}`,
              `  type       ${result.node.instanceType ?? '-'} in ${result.node.availabilityZone ?? '-'}`,
              `  peer       ${result.node.peerEndpoint ?? '-'}`,
              `  events     ${result.node.peerEventEndpoint ?? '-'}`,
              `  waited     ${secs(result.waitedMs)}`,
            ].join('\n'),
          );
        }, Boolean(o.json)),
    );
}

function registerProposalCreate(proposal: Command, run: Run, action: 'invite' | 'remove'): void {
  const cmd =
    action === 'invite'
      ? proposal
          .command('invite')
          .argument('[account...]', 'AWS account ID(s) to invite (12 digits each); or --account')
          .description('propose inviting AWS accounts to create members (tutorial step 8.1)')
          .option('--account <id>', 'AWS account ID to invite (repeatable)', collect, [] as string[])
      : proposal
          .command('remove')
          .argument('[member-id...]', 'member ID(s) to remove (m-…); or --member')
          .description('propose removing members of other accounts from the network')
          .option('--member <m-…>', 'member ID to remove (repeatable)', collect, [] as string[]);
  common(cmd, 'member')
    .option('--description <text>', 'shown to the other members (at most 128 characters)')
    .option('--vote-yes', "also cast the proposing member's YES vote (AMB does not count it by itself)")
    .addHelpText(
      'after',
      '\nThe proposing member must vote too: AMB does not assume a YES from the proposer. Use --vote-yes, or `fabkit proposal vote`.',
    )
    .action(
      async (
        positional: string[],
        o: AmbFlags & { description?: string; voteYes?: boolean; account?: string[]; member?: string[] },
      ) =>
        run(async (out) => {
          const targets = [...positional, ...(o.account ?? []), ...(o.member ?? [])];
          if (targets.length === 0)
            throw usageError(
              'NO_TARGETS',
              action === 'invite'
                ? 'Say which AWS account to invite: --account 123456789012'
                : 'Say which member to remove: --member m-…',
            );
          const result = await withAmb(o, (conn, profile) => {
            const base = {
              networkId: networkIdOf(o, profile),
              memberId: memberIdOf(o, profile),
              description: o.description,
              voteYes: o.voteYes,
              onProgress: (line: string) => out.progress(line),
            };
            return action === 'invite'
              ? proposeInvite(conn.api, { ...base, accounts: targets })
              : proposeRemove(conn.api, { ...base, memberIds: targets });
          });
          out.result({ ok: true, ...result }, () => renderProposed(result));
        }, Boolean(o.json)),
    );
}

function registerProposalCommands(program: Command, run: Run): void {
  const proposal = program
    .command('proposal')
    .description('network proposals: invite accounts, remove members, vote (tutorial step 8.1-8.2)');
  registerProposalCreate(proposal, run, 'invite');
  registerProposalCreate(proposal, run, 'remove');
  common(proposal.command('vote'), 'member')
    .description('vote YES or NO on a proposal as a member of this account')
    .argument('<proposal-id>', 'the proposal (p-…)')
    .argument('[vote]', 'yes or no (or --vote)')
    .option('--vote <YES|NO>', 'your vote')
    .action(async (proposalId: string, positional: string | undefined, o: AmbFlags & { vote?: string }) =>
      run(async (out) => {
        const choice = positional ?? o.vote;
        if (choice === undefined)
          throw usageError(
            'VOTE_MISSING',
            `Say how member votes on ${proposalId}: yes or no`,
            `e.g. fabkit proposal vote ${proposalId} yes`,
          );
        const result = await withAmb(o, (conn, profile) =>
          vote(conn.api, {
            networkId: networkIdOf(o, profile),
            proposalId,
            voterMemberId: memberIdOf(o, profile),
            vote: choice.toUpperCase(),
          }),
        );
        out.result(
          { ok: true, ...result },
          () => `member ${result.voterMemberId} voted ${result.vote} on ${result.id}\n${renderProposal(result)}`,
        );
      }, Boolean(o.json)),
    );
  common(proposal.command('list'), 'network')
    .description("list the network's proposals")
    .action(async (o: AmbFlags) =>
      run(async (out) => {
        const proposals = await withAmb(o, (conn, profile) =>
          listProposals(conn.api, { networkId: networkIdOf(o, profile) }),
        );
        out.result({ ok: true, proposals }, () =>
          proposals.length === 0
            ? 'no proposals'
            : table([
                ['PROPOSAL', 'STATUS', 'PROPOSED BY', 'EXPIRES', 'DESCRIPTION'],
                ...proposals.map((p) => [
                  p.id,
                  p.status,
                  p.proposedByMemberName ?? p.proposedByMemberId ?? '-',
                  p.expiresAt ?? '-',
                  p.description ?? '',
                ]),
              ]),
        );
      }, Boolean(o.json)),
    );
  common(proposal.command('show'), 'network')
    .description('show a proposal: actions, vote counts and the votes cast')
    .argument('<proposal-id>', 'the proposal (p-…)')
    .action(async (proposalId: string, o: AmbFlags) =>
      run(async (out) => {
        const result = await withAmb(o, (conn, profile) =>
          getProposal(conn.api, { networkId: networkIdOf(o, profile), proposalId }),
        );
        out.result({ ok: true, ...result }, () => renderProposal(result));
      }, Boolean(o.json)),
    );
}

/** The new member's admin password: $FABKIT_ADMIN_PASSWORD, else asked twice on a terminal. Never argv. */
export async function newAdminPassword(adminUser: string, memberName: string): Promise<string> {
  const fromEnv = process.env[PASSWORD_ENV];
  if (fromEnv) return fromEnv;
  const prompt = secretPrompt();
  if (prompt) {
    const first = await prompt(`New CA admin password for ${adminUser} of member ${memberName}: `);
    const again = await prompt('Repeat it: ');
    if (first !== again)
      throw usageError(
        'PASSWORD_MISMATCH',
        'The two passwords typed differ',
        'Run the command again and type the same password twice.',
      );
    if (first) return first;
  }
  throw new FabkitError('PASSWORD_MISSING', `No admin password for the new member ${memberName}`, {
    kind: 'usage',
    hint: `Set ${PASSWORD_ENV} (it is never read from the command line), or run in a terminal to be prompted.`,
  });
}

function registerInvitationCommands(program: Command, run: Run): void {
  const invitation = program
    .command('invitation')
    .description('invitations to join AMB networks, sent to this AWS account (tutorial step 8.3)');
  common(invitation.command('list'), 'none')
    .description('list the invitations of this AWS account in the region')
    .action(async (o: AmbFlags) =>
      run(async (out) => {
        const invitations = await withAmb(o, (conn) => listInvitations(conn.api));
        out.result({ ok: true, invitations }, () =>
          invitations.length === 0
            ? 'no invitations'
            : table([
                ['INVITATION', 'STATUS', 'NETWORK', 'NAME', 'FABRIC', 'EXPIRES'],
                ...invitations.map((i) => [
                  i.id,
                  i.status,
                  i.networkId ?? '-',
                  i.networkName ?? '-',
                  i.frameworkVersion ?? '-',
                  i.expiresAt ?? '-',
                ]),
              ]),
        );
      }, Boolean(o.json)),
    );
  common(invitation.command('accept'), 'none')
    .description("accept an invitation: create this account's member of the network and wait until it is AVAILABLE")
    .argument('<invitation-id>', 'the invitation (in-…)')
    .requiredOption('--member-name <name>', 'the member name other members see, e.g. org2')
    .option('--admin-user <name>', "the bootstrap admin of the member's CA", 'AdminUser')
    .option('--description <text>', 'member description')
    .option('--no-wait', 'return right after CreateMember instead of waiting for AVAILABLE')
    .option('--timeout <seconds>', 'how long to wait for AVAILABLE', '1800')
    .addHelpText(
      'after',
      `\nThe new admin password comes from $${PASSWORD_ENV} or a prompt; never from the command line. It must be 8-32 characters with an upper-case letter, a lower-case letter and a digit, and no ' " / \\ @ % or spaces.`,
    )
    .action(
      async (
        invitationId: string,
        o: AmbFlags & { memberName: string; adminUser: string; description?: string; wait: boolean; timeout: string },
      ) =>
        run(async (out) => {
          const timeoutMs = seconds(o.timeout, '--timeout');
          const password = await newAdminPassword(o.adminUser, o.memberName);
          const result = await withAmb(o, (conn) =>
            acceptInvitation(conn.api, {
              invitationId,
              memberName: o.memberName,
              adminUser: o.adminUser,
              password,
              description: o.description,
              wait: o.wait,
              timeoutMs,
              onProgress: (line) => out.progress(line),
            }),
          );
          out.result({ ok: true, ...result }, () =>
            [
              `created member ${result.memberId} (${result.memberName}, ${result.status}) in network ${result.networkId}`,
              `  CA         ${result.caEndpoint ?? '-'}`,
              `  admin      ${result.adminUser}`,
              `  next       ${result.next}`,
            ].join('\n'),
          );
        }, Boolean(o.json)),
    );
  common(invitation.command('reject'), 'none')
    .description('reject an invitation sent to this account')
    .argument('<invitation-id>', 'the invitation (in-…)')
    .action(async (invitationId: string, o: AmbFlags) =>
      run(async (out) => {
        const result = await withAmb(o, (conn) => rejectInvitation(conn.api, { invitationId }));
        out.result({ ok: true, ...result }, () => `rejected invitation ${result.invitationId}`);
      }, Boolean(o.json)),
    );
}

/** `fabkit node …`, `fabkit proposal …` and `fabkit invitation …`: the Managed Blockchain API. */
export function registerAmbCommands(program: Command, run: Run): void {
  registerNodeCommands(program, run);
  registerProposalCommands(program, run);
  registerInvitationCommands(program, run);
}
