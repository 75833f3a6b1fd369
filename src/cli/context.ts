/** What every command derives from its flags: the home, its profile, and the executor for it. */
import { executorOf as libraryExecutorOf, loadProfile, resolveHome } from '../index';
import type { Executor, Profile } from '../index';

export interface HomeFlag {
  readonly home?: string;
}

export function homeOf(flags: HomeFlag): string {
  return resolveHome({ home: flags.home, env: process.env, cwd: process.cwd() });
}

export function profileOf(flags: HomeFlag): Profile {
  return loadProfile(homeOf(flags)).profile;
}

/** The profile's executor (library `executorOf`); with `--verbose` it logs each Fabric command to stderr. */
export function executorOf(profile: Profile): Executor {
  return libraryExecutorOf(profile, {
    commandLog: process.env.FABKIT_VERBOSE === '1' ? (line: string) => process.stderr.write(`${line}\n`) : undefined,
  });
}
