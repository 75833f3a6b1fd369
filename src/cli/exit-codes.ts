/** fabkit's exit codes, decided here only: 0 success (also "already done"), 1 failure, 2 bad usage or input. */
import { CommanderError } from 'commander';
import { isFabkitError } from '../index';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** What a command's action returns beyond its output: `failed` when it ran but its result is a failure (a check failed). */
export type CommandStatus = 'ok' | 'failed';

/** The exit code of a command that ran to its end. */
export function exitCodeOfStatus(status: CommandStatus | void): number {
  return status === 'failed' ? EXIT_FAILURE : EXIT_OK;
}

/** The exit code of an error: a usage error or a rejected command line is 2, anything else 1; --help and --version are 0. */
export function exitCodeOfError(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  return isFabkitError(error) && error.kind === 'usage' ? EXIT_USAGE : EXIT_FAILURE;
}
