/** `fabkit proposal invite|remove|vote|list|show`: network proposals and votes (tutorial steps 8.1-8.2). */
import type { Command } from 'commander';
import { getProposalFor, listProposalsFor, proposeFor, usageError, voteFor } from '../../index';
import type { ProposalInfo, ProposeResult } from '../../index';
import type { AmbFlags } from '../amb-flags';
import { ambTargetOf, withAmbOptions } from '../amb-flags';
import { collect } from '../flags';
import type { Run } from '../flags';
import { table } from '../output';

interface ProposeFlags extends AmbFlags {
  readonly description?: string;
  readonly voteYes?: boolean;
  readonly account?: string[];
  readonly member?: string[];
}

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
  withAmbOptions(cmd, 'member')
    .option('--description <text>', 'shown to the other members (at most 128 characters)')
    .option('--vote-yes', "also cast the proposing member's YES vote (AMB does not count it by itself)")
    .addHelpText(
      'after',
      '\nThe proposing member must vote too: AMB does not assume a YES from the proposer. Use --vote-yes, or `fabkit proposal vote`.',
    )
    .action(async (positional: string[], o: ProposeFlags) =>
      run(async (out) => {
        const targets = [...positional, ...(o.account ?? []), ...(o.member ?? [])];
        if (targets.length === 0)
          throw usageError(
            'NO_TARGETS',
            action === 'invite'
              ? 'Say which AWS account to invite: --account 123456789012'
              : 'Say which member to remove: --member m-…',
          );
        const base = {
          description: o.description,
          voteYes: o.voteYes,
          onProgress: (line: string) => out.progress(line),
        };
        const result = await proposeFor(
          ambTargetOf(o),
          action === 'invite' ? { ...base, action, accounts: targets } : { ...base, action, memberIds: targets },
        );
        out.result({ ok: true, ...result }, () => renderProposed(result));
      }, Boolean(o.json)),
    );
}

export function registerProposalCommands(program: Command, run: Run): void {
  const proposal = program
    .command('proposal')
    .description('network proposals: invite accounts, remove members, vote (tutorial step 8.1-8.2)');
  registerProposalCreate(proposal, run, 'invite');
  registerProposalCreate(proposal, run, 'remove');
  withAmbOptions(proposal.command('vote'), 'member')
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
        const result = await voteFor(ambTargetOf(o), { proposalId, vote: choice.toUpperCase() });
        out.result(
          { ok: true, ...result },
          () => `member ${result.voterMemberId} voted ${result.vote} on ${result.id}\n${renderProposal(result)}`,
        );
      }, Boolean(o.json)),
    );
  withAmbOptions(proposal.command('list'), 'network')
    .description("list the network's proposals")
    .action(async (o: AmbFlags) =>
      run(async (out) => {
        const proposals = await listProposalsFor(ambTargetOf(o));
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
  withAmbOptions(proposal.command('show'), 'network')
    .description('show a proposal: actions, vote counts and the votes cast')
    .argument('<proposal-id>', 'the proposal (p-…)')
    .action(async (proposalId: string, o: AmbFlags) =>
      run(async (out) => {
        const result = await getProposalFor(ambTargetOf(o), { proposalId });
        out.result({ ok: true, ...result }, () => renderProposal(result));
      }, Boolean(o.json)),
    );
}
