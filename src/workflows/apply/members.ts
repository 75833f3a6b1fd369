/** The members of an apply file resolved to IDs (from their homes, the devnet's network.json, or their bundles), before anything runs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBundleText } from '../../bundle/parse';
import { profilePathOf } from '../../config/home-layout';
import { loadProfile } from '../../config/load';
import type { NetworkFile } from '../../config/network-file';
import type { ApplySpecFile } from './spec';
import { specError } from './spec';

export interface ApplyMember {
  /** As the file names it. */
  readonly key: string;
  readonly id: string;
  /** Absolute home on this machine, or undefined for a member given by its bundle. */
  readonly home: string | undefined;
  /** Absolute bundle file of a member elsewhere. */
  readonly bundle: string | undefined;
  /** True when the home has no fabkit.yaml yet (apply writes it from the devnet). */
  readonly needsInit: boolean;
}

function readNetworkFile(devnetDir: string, file: string): NetworkFile {
  const f = fs.statSync(devnetDir, { throwIfNoEntry: false })?.isDirectory()
    ? path.join(devnetDir, 'network.json')
    : devnetDir;
  try {
    return JSON.parse(fs.readFileSync(f, 'utf8')) as NetworkFile;
  } catch (error) {
    throw specError(file, 'devnet', `cannot read ${f}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** Resolves every member to its ID; a member that cannot be resolved is refused with its field path. */
export function resolveMembers(
  spec: ApplySpecFile,
  baseDir: string,
  file: string,
): { members: ApplyMember[]; devnetDir: string | undefined } {
  const devnetDir = spec.devnet === undefined ? undefined : path.resolve(baseDir, spec.devnet);
  const net = devnetDir === undefined ? undefined : readNetworkFile(devnetDir, file);
  const members = spec.members.map((m, i): ApplyMember => {
    if (m.bundle !== undefined) {
      const bundle = path.resolve(baseDir, m.bundle);
      let text: string;
      try {
        text = fs.readFileSync(bundle, 'utf8');
      } catch (error) {
        throw specError(
          file,
          `members[${i}].bundle`,
          `cannot read ${bundle}: ${(error as NodeJS.ErrnoException).code ?? ''}`,
        );
      }
      let id: string;
      try {
        id = parseBundleText(text, bundle).memberId;
      } catch (error) {
        throw specError(file, `members[${i}].bundle`, (error as Error).message);
      }
      return { key: m.name, id, home: undefined, bundle, needsInit: false };
    }
    const home = path.resolve(baseDir, m.home ?? '');
    if (fs.existsSync(profilePathOf(home))) {
      const id = loadProfile(home).profile.member.id;
      return { key: m.name, id, home, bundle: undefined, needsInit: false };
    }
    const found = net?.Members.find((x) => x.Name === m.name || x.Id === m.name);
    if (!found)
      throw specError(
        file,
        `members[${i}]`,
        net
          ? `no member named ${m.name} in the devnet ${devnetDir ?? ''}`
          : `${home} has no fabkit.yaml and the file names no devnet to write it from`,
      );
    return { key: m.name, id: found.Id, home, bundle: undefined, needsInit: true };
  });
  const seen = new Set<string>();
  members.forEach((m, i) => {
    if (seen.has(m.id)) throw specError(file, `members[${i}]`, `${m.key} (${m.id}) is listed twice`);
    seen.add(m.id);
  });
  return { members, devnetDir };
}

/** The member a name or ID refers to. */
export function memberNamed(members: readonly ApplyMember[], nameOrId: string): ApplyMember | undefined {
  return members.find((m) => m.key === nameOrId || m.id === nameOrId);
}
