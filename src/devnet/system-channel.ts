/** AMB's admin propagation on the ordering service: a member's new admin cert added to its org in the system channel's consortium. */
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { channelFetchSpec, channelSignSpec, channelUpdateSpec } from '../fabric-cli/channel-commands';
import { configOfBlock, writeUpdateEnvelope } from '../fabric-cli/config-update';
import type { ConfigJson } from '../fabric-cli/config-update';
import type { Executor } from '../runtime/command-spec';
import { CONSORTIUM, ORDERER_MSP, SYSTEM_CHANNEL } from './layout';
import type { DevnetLayout, MemberLayout } from './layout';
import { devnetTarget } from './nodes';
import { runStep } from './tools';

/**
 * How many certs of one subject (one identity, re-enrolled) stay consortium admins: the newest
 * ones. Applications that enroll the bootstrap admin into a fresh wallet on every run would
 * otherwise add one cert per run for ever; a few are kept so that a home enrolled a little
 * earlier (another machine of the member) still creates channels.
 */
export const ADMINS_KEPT_PER_SUBJECT = 4;

function subjectOf(base64Pem: string): string | undefined {
  try {
    return new X509Certificate(Buffer.from(base64Pem, 'base64')).subject;
  } catch {
    return undefined; // not a certificate this code can read: never counted, never removed
  }
}

/**
 * Pure: the system channel config with `certPem` added to the admins of `memberId`'s org in
 * AWSSystemConsortium, dropping the oldest certs of the same subject beyond `keep` (the list is
 * in propagation order; other subjects, such as the devnet's registrar, are never touched).
 * Returns undefined when the cert is already there.
 */
export function withConsortiumAdmin(
  config: ConfigJson,
  memberId: string,
  certPem: string,
  keep = ADMINS_KEPT_PER_SUBJECT,
): ConfigJson | undefined {
  const updated = structuredClone(config) as ConfigJson;
  const org = updated.channel_group?.groups?.Consortiums?.groups?.[CONSORTIUM]?.groups?.[memberId];
  if (!org) throw new Error(`member ${memberId} is not in ${CONSORTIUM}`);
  const mspConfig = org.values.MSP.value.config as { admins?: string[] };
  const encoded = Buffer.from(certPem).toString('base64');
  const admins = mspConfig.admins ?? [];
  if (admins.some((a) => Buffer.from(a, 'base64').toString().trim() === certPem.trim())) return undefined;
  const subject = subjectOf(encoded);
  const same = subject === undefined ? [] : admins.filter((a) => subjectOf(a) === subject);
  const dropped = new Set(same.slice(0, Math.max(same.length - (keep - 1), 0)));
  mspConfig.admins = [...admins.filter((a) => !dropped.has(a)), encoded];
  return updated;
}

/**
 * Adds a cert to a member's admins in the system channel consortium (and drops the oldest of the
 * same subject beyond ADMINS_KEPT_PER_SUBJECT), as AMB does after an enrollment of the member's admin. The org's MSP value is modifiable by the org's own
 * admins, so the devnet's registrar (the placeholder admin) signs; the orderer admin submits.
 * Only channels created afterwards see the change, as Fabric copies consortium orgs on create.
 */
export async function addConsortiumAdmin(
  tools: Executor,
  layout: DevnetLayout,
  member: MemberLayout,
  memberId: string,
  certPem: string,
): Promise<'added' | 'already-present'> {
  const work = fs.mkdtempSync(path.join(layout.privateDir, 'sysupdate-'));
  try {
    const io = { executor: tools, scratch: work, toolPath: (p: string) => p };
    const block = path.join(work, 'config.block');
    const asOrdererAdmin = devnetTarget(layout, ORDERER_MSP, layout.orderer.adminMspDir);
    // The orderer may answer SERVICE_UNAVAILABLE for a while after a restart: retried within the step's bound.
    await runStep(
      tools,
      channelFetchSpec(asOrdererAdmin, SYSTEM_CHANNEL, 'config', block),
      'Fetching the system channel config',
      { toOrderer: true },
    );
    const original = await configOfBlock(io, block);
    const updated = withConsortiumAdmin(original, memberId, certPem);
    if (!updated) return 'already-present';
    const envelope = await writeUpdateEnvelope(io, SYSTEM_CHANNEL, original, updated);
    await runStep(
      tools,
      channelSignSpec(devnetTarget(layout, memberId, path.join(member.registrarHome, 'msp')), envelope),
      `Signing the update as ${memberId}'s current admin`,
    );
    await runStep(
      tools,
      channelUpdateSpec(asOrdererAdmin, SYSTEM_CHANNEL, envelope),
      'Submitting the system channel update',
      { toOrderer: true },
    );
    return 'added';
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
