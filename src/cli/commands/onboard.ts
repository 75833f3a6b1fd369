import * as fs from 'node:fs';
import type { Command } from 'commander';
import { adminPassword, loadProfile, onboard, profilePathOf } from '../../index';
import { executorOf, homeOf } from '../context';
import type { Output } from '../output';
import { table } from '../output';
import { secretPrompt } from '../prompt';
import { newAdminPassword } from './amb';

type Run = (action: (out: Output) => Promise<void>, json: boolean) => Promise<void>;
interface Flags {
  home?: string;
  json?: boolean;
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

/** The password: the existing member's (env, devnet credentials or prompt), or a new one for the member the invitation creates. */
async function passwordFor(home: string, o: Flags): Promise<string> {
  if (fs.existsSync(profilePathOf(home)))
    return (await adminPassword(loadProfile(home).profile, process.env, secretPrompt())).password;
  return newAdminPassword(o.adminUser, o.memberName ?? '');
}

export function registerOnboardCommand(program: Command, run: Run): void {
  program
    .command('onboard')
    .description(
      "the invited member's side of tutorial step 8 in one go: accept the invitation, create a peer node, init, enroll, doctor, export the bundle (steps already done are skipped)",
    )
    .option('--home <dir>', 'member home (default: $FABKIT_HOME, else the current directory)')
    .option('--invitation-id <in-…>', 'the invitation to accept (not needed once the home has a profile)')
    .option('--member-name <name>', 'the name other members will see, e.g. org2')
    .option('--admin-user <name>', "the new member's CA bootstrap admin", 'AdminUser')
    .option('--region <region>')
    .option('--endpoint-url <url>', 'Managed Blockchain API endpoint (e.g. moto)')
    .option('--instance-type <type>', 'peer node instance type (default bc.t3.small)')
    .option('--availability-zone <az>')
    .option('--out <file>', 'where to write the bundle (default <home>/member-bundle-<memberId>.json)')
    .option('--timeout <seconds>', 'bound for the admin-recognized wait', '300')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      "\nThe admin password comes from $FABKIT_ADMIN_PASSWORD (or a devnet's credentials file, or a prompt); never from the command line.",
    )
    .action(async (o: Flags) =>
      run(async (out) => {
        const home = homeOf(o);
        const password = await passwordFor(home, o);
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
          recognizeTimeoutMs: Number(o.timeout) * 1000,
        });
        out.result(
          { ok: true, ...r },
          () =>
            `${table([['STEP', 'OUTCOME', 'SECONDS'], ...r.steps.map((s) => [s.step, `${s.outcome === 'already-done' ? 'already done' : s.outcome}${s.detail ? ` (${s.detail})` : ''}`, (s.ms / 1000).toFixed(1)])])}\n\nsend ${r.bundleFile ?? 'the bundle'} to the channel creator; both of you can compare fingerprints with \`fabkit member show\``,
        );
      }, Boolean(o.json)),
    );
}
