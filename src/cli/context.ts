/** The member home and profile a command works in, and the runtime that runs Fabric's tools for it. */
import { dockerExecutorOf, loadProfile, LocalExecutor, resolveHome, withCommandLog } from '../index';
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

/** The runtime that runs the peer CLI for this profile: the fabric-tools `cli` container (DOCKER_HOST is honoured), or local binaries. */
export function executorOf(profile: Profile): Executor {
  const executor =
    profile.runtime.kind === 'docker'
      ? dockerExecutorOf(profile)
      : new LocalExecutor({ binDir: profile.runtime.binDir });
  return process.env.FABKIT_VERBOSE === '1'
    ? withCommandLog(executor, (line) => process.stderr.write(`${line}\n`))
    : executor;
}

/** What a channel or chaincode step needs from the CLI: the profile's runtime and a progress sink. */
export function depsOf(profile: Profile, out: Output): ChannelDeps {
  return { executor: executorOf(profile), onProgress: (line) => out.progress(line) };
}
