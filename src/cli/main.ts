import { Command, CommanderError } from 'commander';
import { registerDevnet } from './commands/devnet';
import { registerAmbCommands } from './commands/amb';
import { registerChaincodeCommands } from './commands/chaincode';
import { registerChannelCommands } from './commands/channel';
import { registerCliContainer } from './commands/cli-container';
import { registerConnectionProfileCommand } from './commands/connection-profile';
import { registerIdentityCommands } from './commands/identity';
import { registerMemberCommands } from './commands/member';
import { registerOnboardCommand } from './commands/onboard';
import { ambMemberExists } from '../index';
import { makeOutput, reportError } from './output';
import type { Output } from './output';

/** Runs the fabkit CLI; resolves the exit code. The only place that decides exit codes. */
export async function main(argv: readonly string[]): Promise<number> {
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
  const run = async (action: (out: Output) => Promise<void>, json: boolean): Promise<void> => {
    const out = makeOutput(json);
    try {
      await action(out);
    } catch (error) {
      out.endProgress();
      exitCode = reportError(error, json);
    }
  };
  registerDevnet(program, run);
  registerIdentityCommands(program, run);
  registerChannelCommands(program, run);
  registerChaincodeCommands(program, run);
  registerMemberCommands(program, run, { memberExists: ambMemberExists });
  registerCliContainer(program, run);
  registerAmbCommands(program, run);
  registerConnectionProfileCommand(program, run);
  registerOnboardCommand(program, run);
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    return reportError(error, argv.includes('--json'));
  }
  return exitCode || (typeof process.exitCode === 'number' ? process.exitCode : 0);
}
