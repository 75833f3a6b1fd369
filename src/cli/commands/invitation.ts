/** `fabkit invitation list|accept|reject`: invitations sent to this AWS account (tutorial step 8.3). */
import type { Command } from 'commander';
import {
  acceptInvitationFor,
  listInvitationsFor,
  newAdminPassword,
  PASSWORD_ENV,
  rejectInvitationFor,
} from '../../index';
import type { AcceptInvitationResult, InvitationInfo } from '../../index';
import type { AmbFlags } from '../amb-flags';
import { ambTargetOf, withAmbOptions } from '../amb-flags';
import { parseSeconds } from '../flags';
import type { Run } from '../flags';
import { table } from '../output';
import { secretPrompt } from '../prompt';

interface AcceptFlags extends AmbFlags {
  readonly memberName: string;
  readonly adminUser: string;
  readonly description?: string;
  readonly wait: boolean;
  readonly timeout: string;
}

function renderInvitations(invitations: readonly InvitationInfo[]): string {
  return invitations.length === 0
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
      ]);
}

function renderAccepted(result: AcceptInvitationResult): string {
  return [
    `created member ${result.memberId} (${result.memberName}, ${result.status}) in network ${result.networkId}`,
    `  CA         ${result.caEndpoint ?? '-'}`,
    `  admin      ${result.adminUser}`,
    `  next       ${result.next}`,
  ].join('\n');
}

export function registerInvitationCommands(program: Command, run: Run): void {
  const invitation = program
    .command('invitation')
    .description('invitations to join AMB networks, sent to this AWS account (tutorial step 8.3)');
  withAmbOptions(invitation.command('list'), 'none')
    .description('list the invitations of this AWS account in the region')
    .action(async (o: AmbFlags) =>
      run(async (out) => {
        const invitations = await listInvitationsFor(ambTargetOf(o));
        out.result({ ok: true, invitations }, () => renderInvitations(invitations));
      }, Boolean(o.json)),
    );
  withAmbOptions(invitation.command('accept'), 'none')
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
    .action(async (invitationId: string, o: AcceptFlags) =>
      run(async (out) => {
        const timeoutMs = parseSeconds(o.timeout, '--timeout');
        const who = { adminUser: o.adminUser, memberName: o.memberName };
        const password = await newAdminPassword(who, process.env, secretPrompt());
        const result = await acceptInvitationFor(ambTargetOf(o), {
          invitationId,
          ...who,
          password,
          description: o.description,
          wait: o.wait,
          timeoutMs,
          onProgress: (line) => out.progress(line),
        });
        out.result({ ok: true, ...result }, () => renderAccepted(result));
      }, Boolean(o.json)),
    );
  withAmbOptions(invitation.command('reject'), 'none')
    .description('reject an invitation sent to this account')
    .argument('<invitation-id>', 'the invitation (in-…)')
    .action(async (invitationId: string, o: AmbFlags) =>
      run(async (out) => {
        const result = await rejectInvitationFor(ambTargetOf(o), { invitationId });
        out.result({ ok: true, ...result }, () => `rejected invitation ${result.invitationId}`);
      }, Boolean(o.json)),
    );
}
