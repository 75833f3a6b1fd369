/**
 * From a bundle file to a `MemberBundle` of the right shape (types only): size, JSON syntax,
 * format version and field types. Whether the content is intact and trustworthy is verify.ts.
 *
 * SECURITY: messages quote no bundle text beyond short field values.
 */
import * as fs from 'node:fs/promises';
import { z } from 'zod';
import { formatIssuePath } from '../config/resolve';
import { FabkitError } from '../errors';
import { quote } from '../validate/issue';
import type { MemberBundle } from './format';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_FAMILY } from './format';

/** Far above any real bundle (a few certificates), low enough to refuse a wrong file quickly. */
export const MAX_BUNDLE_BYTES = 1024 * 1024;

const EXPORT_HINT =
  'Ask the member to send the file written by `fabkit member export` again, unchanged (for example as an e-mail attachment, not pasted text).';

function malformed(source: string, reason: string, details?: Record<string, unknown>): FabkitError {
  return new FabkitError('BUNDLE_MALFORMED', `Member bundle ${source} is malformed: ${reason}`, {
    kind: 'usage',
    hint: EXPORT_HINT,
    details: { file: source, ...details },
  });
}

function truncated(source: string, reason: string): FabkitError {
  return new FabkitError('BUNDLE_TRUNCATED', `Member bundle ${source} is truncated: ${reason}`, {
    kind: 'usage',
    hint: EXPORT_HINT,
    details: { file: source },
  });
}

function errnoOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as NodeJS.ErrnoException).code : undefined;
}

/** Reads a bundle file, refusing missing, unreadable and oversized files. */
export async function readBundleFile(file: string): Promise<string> {
  const stat = await fs.stat(file).catch((error: unknown) => {
    if (errnoOf(error) === 'ENOENT') {
      throw new FabkitError('BUNDLE_NOT_FOUND', `Member bundle ${file} does not exist`, {
        kind: 'usage',
        hint: 'Pass the path of the .json file the member made with `fabkit member export`.',
        details: { file },
      });
    }
    throw new FabkitError(
      'BUNDLE_UNREADABLE',
      `Member bundle ${file} cannot be read (${errnoOf(error) ?? 'unknown error'})`,
      { kind: 'usage', hint: 'Check the path and its permissions.', details: { file } },
    );
  });
  if (!stat.isFile())
    throw new FabkitError('BUNDLE_UNREADABLE', `Member bundle ${file} is not a regular file`, {
      kind: 'usage',
      hint: 'Pass the .json file itself, not a folder.',
      details: { file },
    });
  if (stat.size > MAX_BUNDLE_BYTES) {
    throw malformed(
      file,
      `it is ${stat.size} bytes long, more than the ${MAX_BUNDLE_BYTES} bytes a member bundle can have`,
      { size: stat.size },
    );
  }
  return fs.readFile(file, 'utf8');
}

/** Where V8 says the syntax error is, if it says. */
function errorPosition(message: string): number | undefined {
  const match = /at position (\d+)/.exec(message);
  return match === null ? undefined : Number(match[1]);
}

function syntaxError(text: string, source: string, error: unknown): FabkitError {
  const message = error instanceof Error ? error.message : String(error);
  const position = errorPosition(message);
  const atEnd = /end of JSON input/i.test(message) || (position !== undefined && position >= text.trimEnd().length);
  if (atEnd) return truncated(source, `the JSON ends after ${text.length} characters, in the middle of the document`);
  if (/^\s*-----BEGIN /.test(text)) return malformed(source, 'it is a PEM file, not the JSON bundle');
  const where = position === undefined ? '' : ` at line ${text.slice(0, position).split('\n').length}`;
  return malformed(source, `it is not valid JSON${where}`, position === undefined ? {} : { position });
}

function parseJson(text: string, source: string): unknown {
  if (text.trim() === '') throw truncated(source, 'the file is empty');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw syntaxError(text, source, error);
  }
}

function checkFormat(data: unknown, source: string): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw malformed(source, 'the JSON document is not an object');
  const format = (data as { format?: unknown }).format;
  if (format === BUNDLE_FORMAT) return;
  if (typeof format === 'string' && format.startsWith(BUNDLE_FORMAT_FAMILY)) {
    throw new FabkitError(
      'BUNDLE_UNSUPPORTED_FORMAT',
      `Member bundle ${source} has format ${quote(format)}: this fabkit reads only ${quote(BUNDLE_FORMAT)}`,
      {
        kind: 'usage',
        hint: 'Use the same fabkit version on both sides, or ask the member to export with a fabkit that writes this format.',
        details: { file: source, format },
      },
    );
  }
  throw malformed(
    source,
    `its "format" field is ${format === undefined ? 'missing' : 'not a fabkit member bundle format'}: expected ${quote(BUNDLE_FORMAT)}`,
  );
}

const str = z.string();
const list = z.array(str);

const bundleSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  memberId: str,
  memberName: str,
  fabricVersion: str,
  createdAt: str,
  peerEndpoints: list,
  adminCerts: list.min(1),
  caCerts: list.min(1),
  tlsRootCerts: list.min(1),
  manifest: z.strictObject({ format: str, digestAlgorithm: str, signer: str, entries: z.record(str, str) }),
  signature: z.strictObject({ algorithm: str, value: str }),
});

/** Parses bundle text into the bundle shape; BUNDLE_TRUNCATED, BUNDLE_MALFORMED or BUNDLE_UNSUPPORTED_FORMAT otherwise. */
export function parseBundleText(text: string, source: string): MemberBundle {
  const data = parseJson(text.replace(/^\uFEFF/, ''), source);
  checkFormat(data, source);
  const result = bundleSchema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
  throw malformed(source, issues.join('; '), { issues });
}
