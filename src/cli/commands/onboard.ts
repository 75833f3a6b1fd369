/** `fabkit onboard`: the invited member's side of tutorial step 8 in one idempotent run. */
import type { Command } from 'commander';
import { onboard, onboardPassword } from '../../index';
import { executorOf, homeOf } from '../context';
import { HOME_HELP, JSON_HELP, parseSeconds } from '../flags';
import type { HomeFlags, Run } from '../flags';
import { stepsTable } from '../output';
import { secretPrompt } from '../prompt';

interface Flags extends HomeFlags {
  invitationId?: string;
  memberName?: string;
  adminUser: string;
  region?: string;
  endpointUrl?: string;
  instanceType?: string;
  availabilityZone?: string;
  out?: string;
  timeout: string;
}

export function registerOnboardCommand(program: Command, run: Run): void {
  program
    .command('onboard')
    .description(
      "the invited member's side of tutorial step 8 in one go: accept the invitation, create a peer node, init, enroll, doctor, export the bundle (steps already done are skipped)",
    )
    .option('--home <dir>', HOME_HELP)
    .option('--invitation-id <in-…>', 'the invitation to accept (not needed once the home has a profile)')
    .option('--member-name <name>', 'the name other members will see, e.g. org2')
    .option('--admin-user <name>', "the new member's CA bootstrap admin", 'AdminUser')
    .option('--region <region>')
    .option('--endpoint-url <url>', 'Managed Blockchain API endpoint (e.g. moto)')
    .option('--instance-type <type>', 'peer node instance type (default bc.t3.small)')
    .option('--availability-zone <az>')
    .option('--out <file>', 'where to write the bundle (default <home>/member-bundle-<memberId>.json)')
    .option('--timeout <seconds>', 'bound for the admin-recognized wait', '300')
    .option('--json', JSON_HELP)
    .addHelpText(
      'after',
      "\nThe admin password comes from $FABKIT_ADMIN_PASSWORD (or a devnet's credentials file, or a prompt); never from the command line.",
    )
    .action(async (o: Flags) =>
      run(async (out) => {
        const recognizeTimeoutMs = parseSeconds(o.timeout, '--timeout');
        const home = homeOf(o);
        const who = { adminUser: o.adminUser, memberName: o.memberName ?? '' };
        const password = await onboardPassword(home, who, process.env, secretPrompt());
        const r = await onboard({
          home,
          password,
          invitationId: o.invitationId,
          memberName: o.memberName,
          adminUser: o.adminUser,
          region: o.region,
          endpointUrl: o.endpointUrl,
          instanceType: o.instanceType,
          availabilityZone: o.availabilityZone,
          bundleOut: o.out,
          executorOf,
          onProgress: (line) => out.progress(line),
          recognizeTimeoutMs,
        });
        out.result(
          { ok: true, ...r },
          () =>
            `${stepsTable(r.steps)}\n\nsend ${r.bundleFile ?? 'the bundle'} to the channel creator; both of you can compare fingerprints with \`fabkit member show\``,
        );
      }, Boolean(o.json)),
    );
}
