/**
 * The chaincode source folder as the Fabric tools see it. The local runtime reads it where it is.
 * The cli container sees only the home, so a folder outside it (the tutorial's `-p
 * chaincode/example02`, relative to where fabkit runs) is copied first into the home's scratch
 * area, <artifactsDir>/.chaincode-src/<folder>-<hash of its path>/, afresh each time it is
 * packaged or installed, and the tools read the copy.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Profile } from '../../config/resolve';

/** Under the home, or not (then the container cannot see it). */
function insideHome(profile: Profile, dir: string): boolean {
  const relative = path.relative(profile.home, dir);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

/** Where a source folder outside the home is copied to (stable for one folder, so repeated runs reuse the place). */
export function stagedSourceDir(profile: Profile, sourceDir: string): string {
  const key = createHash('sha256').update(path.resolve(sourceDir)).digest('hex').slice(0, 12);
  return path.join(profile.paths.artifactsDir, '.chaincode-src', `${path.basename(sourceDir)}-${key}`);
}

/**
 * The path to give the Fabric tools for `sourceDir` (absolute, host side): itself for the local
 * runtime and for a folder under the home; for the docker runtime and a folder outside the home,
 * the container path of a fresh copy under the home.
 */
export function sourceForTools(profile: Profile, sourceDir: string): string {
  const absolute = path.resolve(sourceDir);
  if (profile.runtime.kind !== 'docker' || insideHome(profile, absolute)) return profile.toolPath(absolute);
  const staged = stagedSourceDir(profile, absolute);
  fs.rmSync(staged, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(staged), { recursive: true });
  fs.cpSync(absolute, staged, { recursive: true, dereference: true });
  return profile.toolPath(staged);
}
