/** `fabkit channel add-member | sign-update | submit-update`: adding a member to an existing channel with a config update signed by its admins. */
import type { Command } from 'commander';
import { addMember, signUpdate, submitUpdate } from '../../index';
import type { UpdateSigner } from '../../index';
import { depsOf, profileOf } from '../context';
import { withHome } from '../flags';
import type { HomeFlags, Run } from '../flags';

const signerLines = (signers: readonly UpdateSigner[]): string[] =>
  signers.map((s) => `  signed by ${s.memberId}  ${s.subject}`);

export function registerChannelUpdateCommands(channel: Command, run: Run): void {
  withHome(
    channel
      .command('add-member')
      .argument('<channelId>')
      .description(
        "write a config update adding an invited member to the channel, signed by this member's admin, for the other admins to sign",
      )
      .option('--member <m-…>', 'a member imported earlier with `fabkit member import`')
      .option('--bundle <file>', "the invited member's bundle (imported first)")
      .option('--out <file>', 'the update file (default <artifactsDir>/<channel>/add-<member>.update.json)')
      .option('--no-sign', "do not sign it as this member's admin"),
  ).action(
    async (channelId: string, o: HomeFlags & { member?: string; bundle?: string; out?: string; sign: boolean }) =>
      run(async (out) => {
        const profile = profileOf(o);
        const r = await addMember(profile, depsOf(profile, out), {
          channelId,
          memberId: o.member,
          bundleFile: o.bundle,
          out: o.out,
          sign: o.sign,
        });
        out.result({ ok: true, ...r }, () =>
          r.outcome === 'already-member'
            ? `${r.memberId} is already a member of ${channelId}`
            : [
                `wrote ${r.file} (built on config block ${r.base?.configBlock ?? '?'})`,
                ...r.summary.map((l) => `  ${l}`),
                ...signerLines(r.signatures),
                r.policy?.satisfied
                  ? '  the signatures satisfy the Admins policy: submit it with `fabkit channel submit-update`'
                  : `  ${r.policy?.policy ?? ''}: still needed from ${r.policy?.missing.join(', ') ?? '?'} (\`fabkit channel sign-update\`)`,
              ].join('\n'),
        );
      }, Boolean(o.json)),
  );

  withHome(
    channel
      .command('sign-update')
      .argument('<file>', 'the update file `fabkit channel add-member` wrote')
      .description("show what a channel update changes and add this member admin's signature to the file"),
  ).action(async (file: string, o: HomeFlags) =>
    run(async (out) => {
      const profile = profileOf(o);
      const r = await signUpdate(profile, depsOf(profile, out), { file });
      out.result({ ok: true, ...r }, () =>
        [
          `${r.outcome === 'signed' ? 'signed' : 'already signed'} the update of ${r.channelId}:`,
          ...r.summary.map((l) => `  ${l}`),
          ...signerLines(r.signatures),
        ].join('\n'),
      );
    }, Boolean(o.json)),
  );

  withHome(
    channel
      .command('submit-update')
      .argument('<file>', 'the signed update file')
      .description(
        "submit a signed channel update once the channel's Admins policy is satisfied; says whose signatures are missing first",
      ),
  ).action(async (file: string, o: HomeFlags) =>
    run(async (out) => {
      const profile = profileOf(o);
      const r = await submitUpdate(profile, depsOf(profile, out), { file });
      out.result({ ok: true, ...r }, () =>
        [
          r.outcome === 'submitted'
            ? `updated ${r.channelId}: ${r.memberId} added`
            : `${r.memberId} is already in ${r.channelId}`,
          `  members  ${r.members.join(', ')}`,
          `  next: the new member runs \`fabkit channel join ${r.channelId}\`, then the chaincode steps (2.x: deploy approves the committed definition and installs)`,
        ].join('\n'),
      );
    }, Boolean(o.json)),
  );
}
