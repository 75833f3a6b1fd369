/** What every command shares: the Run seam to main, the common options and their help text, and flag parsers. */
import type { Command } from 'commander';
import { usageError } from '../index';
import type { Lifecycle } from '../index';
import type { CommandStatus } from './exit-codes';
import type { Output } from './output';

/** A command's work: prints through `out`, throws on error, returns `failed` when its result is a failure. */
export type Action = (out: Output) => Promise<CommandStatus | void>;
/** How a command runs its action; main's implementation turns the outcome into the exit code. */
export type Run = (action: Action, json: boolean) => Promise<void>;

/** The options every command that works in a member home takes. */
export interface HomeFlags {
  readonly home?: string;
  readonly json?: boolean;
}

export const HOME_HELP = 'member home (default: $FABKIT_HOME, else the current directory)';
export const JSON_HELP = 'machine-readable output';

/** Adds `--json`. */
export const withJson = (cmd: Command): Command => cmd.option('--json', JSON_HELP);

/** Adds `--home` and `--json`. */
export const withHome = (cmd: Command): Command => withJson(cmd.option('--home <dir>', HOME_HELP));

/** The argument parser of a repeatable option: `--peer a --peer b` → ['a', 'b']. */
export const collect = (value: string, all: string[]): string[] => [...all, value];

/** A positive number of seconds from a flag, in milliseconds; a usage error naming the flag otherwise. */
export function parseSeconds(value: string, flag = '--timeout'): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw usageError(
      'INVALID_TIMEOUT',
      `${flag} "${value}" is invalid: it must be a positive number of seconds`,
      `e.g. ${flag} 120`,
    );
  return n * 1000;
}

/** `--lifecycle 1.x|2.x`, or undefined when not given. */
export function parseLifecycle(value: string | undefined): Lifecycle | undefined {
  if (value === undefined || value === '1.x' || value === '2.x') return value;
  throw usageError(
    'INVALID_LIFECYCLE',
    `--lifecycle "${value}" is not a chaincode lifecycle: use 1.x (install/instantiate, capability V1_4_2) or 2.x (approve/commit, V2_0)`,
  );
}
