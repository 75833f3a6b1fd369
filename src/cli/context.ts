import { FabkitError, loadProfile, LocalExecutor, resolveHome } from '../index';
import type { Executor, Profile } from '../index';

export interface HomeFlag { readonly home?: string }

export function homeOf(flags: HomeFlag): string {
  return resolveHome({ home: flags.home, env: process.env, cwd: process.cwd() });
}

export function profileOf(flags: HomeFlag): Profile {
  return loadProfile(homeOf(flags)).profile;
}

/** The runtime that runs the peer CLI for this profile. */
export function executorOf(profile: Profile): Executor {
  if (profile.runtime.kind === 'docker') {
    throw new FabkitError('RUNTIME_NOT_AVAILABLE', 'The docker runtime (the fabric-tools cli container) is not available in this version of fabkit yet', {
      kind: 'usage', hint: 'Set runtime.kind: local in fabkit.yaml (with the Fabric binaries installed), or pass --no-wait.',
    });
  }
  return new LocalExecutor({ binDir: profile.runtime.binDir });
}
