/** The member home and profile a command works in, and the runtime that runs Fabric's tools for it. */
import { executorOf as libraryExecutorOf, loadProfile, resolveHome } from '../index';
import type { ChannelDeps, Executor, Profile } from '../index';
import type { Output } from './output';

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

/** What a channel or chaincode step needs from the CLI: the profile's runtime and a progress sink. */
export function depsOf(profile: Profile, out: Output): ChannelDeps {
  return { executor: executorOf(profile), onProgress: (line) => out.progress(line) };
}
