/**
 * Finding the home directory, and reading / writing `<home>/fabkit.yaml`. The parsing and
 * serializing are pure (`parseProfileText`, `serializeProfile`); only `loadProfile` and
 * `saveProfile` touch the file system.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { FabkitError, usageError } from '../errors';
import { quote } from '../validate/issue';
import type { Profile, ProfileIssue } from './resolve';
import { profileIssues, resolveProfile } from './resolve';
import type { ProfileFile } from './schema';
import { PROFILE_FILE_NAME, profilePathOf, profileTempPathOf } from './home-layout';
import { profileFileSchema } from './schema';

export const HOME_ENV = 'FABKIT_HOME';

export interface HomeOptions {
  /** The --home flag, if given. */
  readonly home?: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** The member's home directory, absolute: the --home flag wins, then $FABKIT_HOME, then the current directory. Pure. */
export function resolveHome(opts: HomeOptions): string {
  if (opts.home !== undefined) {
    if (opts.home.trim() === '')
      throw usageError(
        'INVALID_HOME',
        '--home "" is invalid: it must name a directory',
        "Pass the member's home directory, e.g. --home /home/ec2-user.",
      );
    return path.resolve(opts.cwd, opts.home);
  }
  const fromEnv = opts.env[HOME_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return path.resolve(opts.cwd, fromEnv);
  return path.resolve(opts.cwd);
}

// ---------------------------------------------------------------- pure parse / serialize

function invalidProfile(file: string, issues: readonly ProfileIssue[]): FabkitError {
  const lines = issues.map((i) => `  ${i.path}: ${i.message}`);
  const hints = [...new Set(issues.map((i) => i.hint).filter((h): h is string => h !== undefined))];
  const noun = issues.length === 1 ? 'problem' : 'problems';
  return new FabkitError('PROFILE_INVALID', `Profile ${file} has ${issues.length} ${noun}:\n${lines.join('\n')}`, {
    kind: 'usage',
    hint: [...hints, `Fix the fields listed in ${file}.`].join(' '),
    details: { file, issues },
  });
}

/** Validates an already-parsed document; throws PROFILE_INVALID (usage) listing every problem with its field path. */
export function validateProfileData(data: unknown, file: string): ProfileFile {
  const result = profileFileSchema.safeParse(data);
  if (result.success) return result.data;
  throw invalidProfile(file, profileIssues(result.error));
}

/** Parses the text of fabkit.yaml. `file` names it in messages. */
export function parseProfileText(text: string, file: string): ProfileFile {
  let data: unknown;
  try {
    data = yaml.load(text, { filename: file, schema: yaml.CORE_SCHEMA });
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      const line = error.mark.line + 1;
      const column = error.mark.column + 1;
      throw new FabkitError(
        'PROFILE_INVALID',
        `Profile ${file} is not valid YAML: line ${line}, column ${column}: ${error.reason}`,
        {
          kind: 'usage',
          hint: `Fix the YAML syntax at line ${line} of ${file} (indent with spaces, and quote values containing ":" or "#").`,
          details: { file, line, column, reason: error.reason },
          cause: error,
        },
      );
    }
    throw error;
  }
  if (data === undefined || data === null) {
    throw new FabkitError('PROFILE_INVALID', `Profile ${file} is empty`, {
      kind: 'usage',
      hint: `Write the profile (it starts with "version: 1"), or create it with: fabkit init --home ${path.dirname(file)} … --force`,
      details: { file },
    });
  }
  return validateProfileData(data, file);
}

/** Drops undefined fields, so the YAML holds only what is set. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    );
  }
  return value;
}

const HEADER =
  '# fabkit member profile: everything fabkit needs to act as this member.\n# Relative paths are relative to the directory holding this file.\n';

/** The YAML text of a profile (validated first; fields in schema order, defaults written out). */
export function serializeProfile(file: ProfileFile): string {
  const valid = validateProfileData(file, PROFILE_FILE_NAME);
  return HEADER + yaml.dump(withoutUndefined(valid), { lineWidth: -1, noRefs: true, quotingType: '"' });
}

// ---------------------------------------------------------------- I/O

export interface LoadedProfile {
  /** Absolute path of the fabkit.yaml read. */
  readonly path: string;
  /** As written (defaults filled in). */
  readonly file: ProfileFile;
  /** Resolved against the home. */
  readonly profile: Profile;
}

function errnoOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as NodeJS.ErrnoException).code : undefined;
}

/** Reads, validates and resolves `<home>/fabkit.yaml`. `home` is made absolute against the current directory. */
export function loadProfile(home: string): LoadedProfile {
  const root = path.resolve(home);
  const file = profilePathOf(root);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') {
      throw new FabkitError('PROFILE_NOT_FOUND', `No profile at ${file}`, {
        kind: 'usage',
        hint: `Create one with: fabkit init --home ${root} …, or point at another home with --home or $${HOME_ENV}.`,
        details: { file, home: root },
      });
    }
    throw new FabkitError(
      'PROFILE_UNREADABLE',
      `Cannot read profile ${file}: ${error instanceof Error ? error.message : String(error)}`,
      {
        hint: `Check that ${file} is a readable file.`,
        cause: error,
        details: { file },
      },
    );
  }
  const parsed = parseProfileText(text, file);
  return { path: file, file: parsed, profile: resolveProfile(parsed, root) };
}

export interface SaveOptions {
  /** Replace an existing fabkit.yaml. */
  readonly force?: boolean;
}

/** Puts `tmp` at `target` without replacing an existing file (hard link; falls back to check + rename where links are unsupported). */
function placeExclusive(tmp: string, target: string): void {
  try {
    fs.linkSync(tmp, target);
    return;
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'EEXIST') throw profileExists(target);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV') throw error;
  }
  if (fs.existsSync(target)) throw profileExists(target);
  fs.renameSync(tmp, target);
}

function profileExists(file: string): FabkitError {
  return usageError(
    'PROFILE_EXISTS',
    `Profile ${file} already exists; not overwriting it`,
    'Pass --force to replace it, or choose another home with --home.',
    { file },
  );
}

/**
 * Writes `<home>/fabkit.yaml` atomically (temporary file in the same directory, then
 * link/rename), creating the home if needed. Refuses to replace an existing profile unless
 * `force`. Returns the path written.
 */
export function saveProfile(home: string, file: ProfileFile, options: SaveOptions = {}): string {
  const root = path.resolve(home);
  const target = profilePathOf(root);
  const text = serializeProfile(file); // validate before touching the disk
  if (options.force !== true && fs.existsSync(target)) throw profileExists(target);
  fs.mkdirSync(root, { recursive: true });
  const tmp = profileTempPathOf(root, `${process.pid}.${randomBytes(4).toString('hex')}`);
  try {
    const fd = fs.openSync(tmp, 'wx', 0o644);
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (options.force === true) fs.renameSync(tmp, target);
    else placeExclusive(tmp, target);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return target;
}

/** For messages: the home and where it came from. */
export function describeHome(opts: HomeOptions): string {
  const home = resolveHome(opts);
  if (opts.home !== undefined) return `${quote(home)} (from --home)`;
  const fromEnv = opts.env[HOME_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return `${quote(home)} (from $${HOME_ENV})`;
  return `${quote(home)} (the current directory)`;
}
