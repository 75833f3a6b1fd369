/** The one environment fabkit starts processes with: PATH and HOME from its own, plus what the caller passes. */

/**
 * Only PATH and HOME are taken from fabkit's own environment, so stray CORE_*, ORDERER_*,
 * FABRIC_* (or any other) variables of the user's shell cannot leak into a Fabric process.
 * Pass `extendEnv: false` to execa / spawn with it. `extra` wins over PATH and HOME.
 */
export function cleanEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...extra };
}
