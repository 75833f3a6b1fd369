/** The fabkit command line: registers the commands, runs the one asked for, and decides the exit code. */
import { Command, CommanderError } from 'commander';
import { registerApplyCommand } from './commands/apply';
import { registerChaincodeCommands } from './commands/chaincode';
import { registerChannelCommands } from './commands/channel';
import { registerCliContainer } from './commands/cli-container';
import { registerConnectionProfileCommand } from './commands/connection-profile';
import { registerDevnet } from './commands/devnet';
import { registerIdentityCommands } from './commands/identity';
import { registerInvitationCommands } from './commands/invitation';
import { registerMemberCommands } from './commands/member';
import { registerNodeCommands } from './commands/node';
import { registerOnboardCommand } from './commands/onboard';
import { registerProposalCommands } from './commands/proposal';
import { ambMemberExists } from '../index';
import { exitCodeOfError, exitCodeOfStatus } from './exit-codes';
import type { Run } from './flags';
import { makeOutput, reportError } from './output';
import { endQuietlyOnClosedPipe } from './pipes';

/** Runs the fabkit CLI; resolves the exit code. The only place that decides exit codes (through exit-codes.ts). */
export async function main(argv: readonly string[]): Promise<number> {
  endQuietlyOnClosedPipe(process.stdout, process.stderr);
  let exitCode = 0;
  const program = new Command('fabkit')
    .description(
      'Hyperledger Fabric client setup and channel work for Amazon Managed Blockchain members, and a local AMB-shaped devnet',
    )
    .option('--verbose', 'show each Fabric command fabkit runs, with exit code and duration (stderr)')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  program.hook('preAction', () => {
    if (program.opts<{ verbose?: boolean }>().verbose) process.env.FABKIT_VERBOSE = '1';
  });
  const run: Run = async (action, json) => {
    const out = makeOutput(json);
    try {
      exitCode = exitCodeOfStatus(await action(out));
    } catch (error) {
      out.endProgress();
      exitCode = reportError(error, json);
    }
  };
  registerDevnet(program, run);
  registerIdentityCommands(program, run);
  registerChannelCommands(program, run);
  registerChaincodeCommands(program, run);
  // (an arrow, so that registering the commands does not load the library: see scripts/bundle-cli.js)
  registerMemberCommands(program, run, { memberExists: (profile) => ambMemberExists(profile) });
  registerCliContainer(program, run);
  registerNodeCommands(program, run);
  registerProposalCommands(program, run);
  registerInvitationCommands(program, run);
  registerConnectionProfileCommand(program, run);
  registerOnboardCommand(program, run);
  registerApplyCommand(program, run);
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    // Commander has printed its own message for a command line it rejected (or its help).
    if (error instanceof CommanderError) return exitCodeOfError(error);
    return reportError(error, argv.includes('--json'));
  }
  return exitCode;
}
