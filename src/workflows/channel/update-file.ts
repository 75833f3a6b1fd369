/**
 * Pure: the self-describing channel update file that `channel add-member` writes and
 * `sign-update` / `submit-update` read: the channel, the config it was built on, the update
 * envelope (which carries the signatures), each signer, and what the update changes in words.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { formatIssuePath } from '../../config/resolve';
import { FabkitError } from '../../errors';
import type { ConfigGroup, DecodedConfigUpdate, SignerIdentity } from '../../fabric-cli/fabric-messages';
import { decodeConfigUpdateEnvelope, decodeMspValue } from '../../fabric-cli/fabric-messages';

export const UPDATE_FILE_FORMAT = 'fabkit-channel-update/1';

const signerSchema = z.object({
  memberId: z.string(),
  subject: z.string(),
  fingerprint: z.string(),
});

const updateFileSchema = z.object({
  format: z.literal(UPDATE_FILE_FORMAT),
  kind: z.literal('add-member'),
  channelId: z.string().min(1),
  memberId: z.string().min(1),
  base: z.object({ configBlock: z.number().int().nonnegative(), sequence: z.number().int().nonnegative() }),
  createdBy: z.string(),
  createdAt: z.string(),
  summary: z.array(z.string()),
  signatures: z.array(signerSchema),
  envelope: z.string().min(1),
});

/** The update file's content. `envelope` is the base64 common.Envelope; its signatures are the truth, `signatures` a readable copy. */
export type UpdateFile = z.infer<typeof updateFileSchema>;
export type UpdateSigner = z.infer<typeof signerSchema>;

function invalid(file: string, why: string): FabkitError {
  return new FabkitError('UPDATE_FILE_INVALID', `${file} is not a fabkit channel update file: ${why}`, {
    kind: 'usage',
    hint: 'Use the file `fabkit channel add-member` wrote (and other admins signed), unchanged.',
    details: { file },
  });
}

/** Parses and checks an update file's text: its shape, and that the envelope is a config update of its channel. */
export function parseUpdateFile(text: string, file: string): { update: UpdateFile; decoded: DecodedConfigUpdate } {
  let data: unknown;
  try {
    data = JSON.parse(text) as unknown;
  } catch {
    throw invalid(file, 'it is not JSON');
  }
  const r = updateFileSchema.safeParse(data);
  if (!r.success) throw invalid(file, r.error.issues.map((i) => `${formatIssuePath(i.path)}: ${i.message}`).join('; '));
  let decoded: DecodedConfigUpdate;
  try {
    decoded = decodeConfigUpdateEnvelope(Buffer.from(r.data.envelope, 'base64'));
  } catch (e) {
    throw invalid(file, `its envelope does not decode (${(e as Error).message})`);
  }
  if (decoded.channelId !== r.data.channelId)
    throw invalid(file, `its envelope updates channel ${decoded.channelId}, not ${r.data.channelId}`);
  return { update: r.data, decoded };
}

export function formatUpdateFile(update: UpdateFile): string {
  return `${JSON.stringify(update, null, 2)}\n`;
}

/** A signer as the file lists it: MSP ID, certificate subject, SHA-256 fingerprint of the certificate. */
export function describeSigner(s: SignerIdentity): UpdateSigner {
  try {
    const cert = new X509Certificate(s.certPem);
    return { memberId: s.mspId, subject: cert.subject.replace(/\n/g, ', '), fingerprint: cert.fingerprint256 };
  } catch {
    const digest = createHash('sha256').update(s.certPem).digest('hex');
    return { memberId: s.mspId, subject: '(unreadable certificate)', fingerprint: digest };
  }
}

/** The update file with its readable signer list recomputed from the envelope's signatures. */
export function withSigners(update: UpdateFile, decoded: DecodedConfigUpdate): UpdateFile {
  return { ...update, signatures: decoded.signatures.map((s) => describeSigner(s.signer)) };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function sortedKeys(m: ReadonlyMap<string, unknown>): string[] {
  return [...m.keys()].sort();
}

function describeOrg(id: string, org: ConfigGroup): string[] {
  const lines: string[] = [];
  const mspValue = org.values.get('MSP');
  if (mspValue) {
    const msp = decodeMspValue(mspValue.value);
    lines.push(
      `  MSP ${msp.name}: ${plural(msp.admins.length, 'admin cert')}, ${plural(msp.rootCerts.length, 'CA cert')}, ${plural(msp.tlsRootCerts.length, 'TLS root cert')}${msp.nodeOus ? ', NodeOUs' : ''}`,
    );
  }
  const policies = sortedKeys(org.policies);
  lines.push(`  policies of ${id}: ${policies.join(', ') || '(none)'}`);
  const others = sortedKeys(org.values).filter((v) => v !== 'MSP');
  if (others.length > 0) lines.push(`  values of ${id}: ${others.join(', ')}`);
  return lines;
}

/**
 * What a config update changes, in words, from the update itself (not from what its author
 * claims): application members added or removed, and the policies and values it writes.
 */
export function describeUpdate(decoded: DecodedConfigUpdate): string[] {
  const readApp = decoded.readSet.groups.get('Application');
  const writeApp = decoded.writeSet.groups.get('Application');
  const lines: string[] = [];
  if (!writeApp) return [`updates channel ${decoded.channelId} outside its Application group`];
  const before = new Set(readApp?.groups.keys() ?? []);
  const after = new Set(writeApp.groups.keys());
  for (const id of [...after].sort()) {
    if (before.has(id)) continue;
    lines.push(`adds member ${id} to the Application group of channel ${decoded.channelId}`);
    lines.push(...describeOrg(id, writeApp.groups.get(id) as ConfigGroup));
  }
  for (const id of [...before].sort())
    if (!after.has(id)) lines.push(`removes member ${id} from the Application group of channel ${decoded.channelId}`);
  const appPolicies = sortedKeys(writeApp.policies);
  if (appPolicies.length > 0) lines.push(`rewrites Application policies: ${appPolicies.join(', ')}`);
  const appValues = sortedKeys(writeApp.values);
  if (appValues.length > 0) lines.push(`rewrites Application values: ${appValues.join(', ')}`);
  const modPolicy = readApp?.modPolicy || writeApp.modPolicy || 'Admins';
  if (writeApp.version !== (readApp?.version ?? 0))
    lines.push(`needs /Channel/Application/${modPolicy} (the Application group's mod policy)`);
  const outside = sortedKeys(decoded.writeSet.groups).filter((g) => g !== 'Application');
  if (outside.length > 0) lines.push(`also writes channel groups: ${outside.join(', ')}`);
  return lines;
}
