/** The `fabkit apply` file: members, channels and chaincode as data, checked with field-path errors before anything runs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { z } from 'zod';
import { formatIssuePath } from '../../config/resolve';
import { usageError } from '../../errors';

const name = z.string().min(1, 'must not be empty');

const memberSchema = z
  .object({
    /** The member's name (org1) or ID (m-…): how the rest of the file refers to it. */
    name,
    /** The member's home on this machine (fabkit.yaml; written from `devnet` when absent). */
    home: z.string().min(1).optional(),
    /** For a member whose home is elsewhere: its bundle file (`fabkit member export`). */
    bundle: z.string().min(1).optional(),
  })
  .strict()
  .refine((m) => (m.home === undefined) !== (m.bundle === undefined), {
    message: 'give exactly one of home (a member on this machine) or bundle (a member elsewhere)',
  });

const channelSchema = z
  .object({
    name,
    /** Members by name or ID; the first one with a home creates the channel. */
    members: z.array(name).min(1, 'must list at least one member'),
    lifecycle: z.enum(['1.x', '2.x']).optional(),
  })
  .strict();

const chaincodeSchema = z
  .object({
    name,
    channel: name,
    /** The Node chaincode folder, relative to this file. */
    path: name,
    version: z.string().min(1).optional(),
    /** AND(org1, org2): members by name or ID; or a shorthand (all-members, any-member, majority). */
    policy: z.string().min(1).optional(),
    /** Init call: function and arguments, e.g. ["init", "a", "100", "b", "200"]. */
    init: z.array(z.string()).optional(),
  })
  .strict();

export const applySpecSchema = z
  .object({
    /** A devnet directory (network.json): member profiles are written from it. */
    devnet: z.string().min(1).optional(),
    members: z.array(memberSchema).min(1, 'must list at least one member'),
    channels: z.array(channelSchema).default([]),
    chaincode: z.array(chaincodeSchema).default([]),
  })
  .strict();

/** The file as written, schema-checked (names are not resolved yet). */
export type ApplySpecFile = z.infer<typeof applySpecSchema>;

/** Refuses the file with the field's path in the message (exit 2). */
export function specError(file: string, field: string, message: string): Error {
  return usageError(
    'APPLY_SPEC_INVALID',
    `${file}: ${field}: ${message}`,
    `Correct ${field} in ${file}; nothing was done.`,
  );
}

/** Parses and schema-checks the text of an apply file. */
export function parseApplySpec(text: string, file: string): ApplySpecFile {
  let data: unknown;
  try {
    data = yaml.load(text);
  } catch (error) {
    throw specError(file, '(top level)', `not valid YAML: ${(error as Error).message.split('\n')[0] ?? ''}`);
  }
  const r = applySpecSchema.safeParse(data ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    throw specError(file, formatIssuePath(issue?.path ?? []), issue?.message ?? 'invalid');
  }
  return r.data;
}

/** Reads an apply file; paths in it are taken relative to its folder. */
export function readApplySpec(file: string): { spec: ApplySpecFile; baseDir: string; file: string } {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (error) {
    throw usageError(
      'APPLY_FILE_MISSING',
      `Cannot read ${abs}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      'Give the path of an apply file (YAML).',
    );
  }
  return { spec: parseApplySpec(text, abs), baseDir: path.dirname(abs), file: abs };
}

/**
 * Rewrites a policy that names members by name or ID (AND(org1, org2)) to Fabric's form
 * (AND('m-A.member','m-B.member')); quoted principals are kept. Returns the unknown names.
 */
export function policyWithIds(
  text: string,
  idOf: (nameOrId: string) => string | undefined,
): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const out = text.replace(/'[^']*'|[A-Za-z][\w.-]*/g, (token, offset: number) => {
    if (token.startsWith("'")) return token;
    const rest = text.slice(offset + token.length);
    if (/^\s*\(/.test(rest)) return token; // AND( OR( OutOf(
    const id = idOf(token);
    if (id === undefined) {
      unknown.push(token);
      return token;
    }
    return `'${id}.member'`;
  });
  return { text: out, unknown };
}
