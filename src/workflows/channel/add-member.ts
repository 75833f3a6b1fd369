/**
 * Adding an invited member to an existing channel: build the config update (add-member), let
 * each member's admin sign it on its own home (sign-update), and submit it once the channel's
 * /Channel/Application/Admins policy is satisfied (submit-update).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertChannelReady } from '../../config/channel-ready';
import { channelFiles } from '../../config/home-layout';
import type { Profile } from '../../config/resolve';
import { buildConfigtx, dumpConfigtx, policiesFor } from '../../configtx/build';
import { loadConfigtxSkeletons } from '../../configtx/templates';
import type { AppCapability } from '../../configtx/types';
import { importBundle } from '../../bundle/import';
import { readImportedMember } from '../../bundle/members';
import { FabkitError, usageError } from '../../errors';
import { channelSignSpec, channelUpdateSpec, printOrgSpec } from '../../fabric-cli/channel-commands';
import type { ConfigJson } from '../../fabric-cli/config-update';
import { configOfBlock, writeUpdateEnvelope } from '../../fabric-cli/config-update';
import { configSignatureVerifies, decodeBlock } from '../../fabric-cli/fabric-messages';
import type { DecodedConfigUpdate } from '../../fabric-cli/fabric-messages';
import { mustRun } from '../../fabric-cli/failure';
import { waitFor } from '../../runtime/wait-for';
import { assertMemberId } from '../../validate/ids';
import type { AdminsPolicyCheck } from './admins-policy';
import { checkAdminsPolicy } from './admins-policy';
import { fetchBlock, summarizeConfig } from './config';
import type { ChannelDeps } from './peer-cli';
import { targetOf } from './peer-cli';
import type { UpdateFile, UpdateSigner } from './update-file';
import {
  describeSigner,
  describeUpdate,
  formatUpdateFile,
  parseUpdateFile,
  UPDATE_FILE_FORMAT,
  withSigners,
} from './update-file';

/** The channel's current config with the number of the block that carries it and its sequence. */
interface CurrentConfig {
  readonly config: ConfigJson;
  readonly configBlock: number;
  readonly sequence: number;
}

async function currentConfig(
  profile: Profile,
  deps: ChannelDeps,
  channelId: string,
  scratch: string,
): Promise<CurrentConfig> {
  const block = path.join(scratch, 'config.block');
  if ((await fetchBlock(profile, deps, targetOf(profile), channelId, 'config', block)) === 'not-found')
    throw new FabkitError('CHANNEL_NOT_FOUND', `Channel ${channelId} does not exist on the ordering service`, {
      hint: 'Check the channel name.',
    });
  const config = await configOfBlock({ executor: deps.executor, scratch, toolPath: profile.toolPath }, block);
  return { config, configBlock: decodeBlock(fs.readFileSync(block)).number, sequence: Number(config.sequence ?? 0) };
}

async function withScratch<T>(profile: Profile, channelId: string, prefix: string, f: (dir: string) => Promise<T>) {
  const scratch = channelFiles(profile, channelId).scratch(prefix);
  try {
    return await f(scratch);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function capabilityOfConfig(config: ConfigJson): AppCapability {
  const caps = Object.keys(config.channel_group?.groups?.Application?.values?.Capabilities?.value?.capabilities ?? {});
  if (caps.includes('V2_0')) return 'V2_0';
  return caps.includes('V1_2') ? 'V1_2' : 'V1_4_2';
}

/** The new member's org group as configtxgen builds it from fabkit's configtx (MSP from the imported bundle, its policies). */
async function orgGroupOf(profile: Profile, deps: ChannelDeps, memberId: string, config: ConfigJson, scratch: string) {
  const member = await readImportedMember(profile, memberId);
  const version = await deps.executor.version('configtxgen');
  const policies = policiesFor({ major: Number(/(\d+)\.\d+/.exec(version ?? '')?.[1] ?? 2) });
  const doc = buildConfigtx(
    { orgs: [{ memberId, mspDir: profile.toolPath(member.mspDir) }], capability: capabilityOfConfig(config), policies },
    loadConfigtxSkeletons(),
  );
  fs.writeFileSync(path.join(scratch, 'configtx.yaml'), dumpConfigtx(doc));
  const r = await mustRun(
    deps.executor,
    printOrgSpec(profile.toolPath(scratch), memberId),
    `Building the org of ${memberId}`,
  );
  return JSON.parse(r.stdout) as ConfigJson;
}

export interface AddMemberOptions {
  readonly channelId: string;
  /** A member imported earlier with `fabkit member import`. */
  readonly memberId?: string;
  /** The invited member's bundle; imported first (as `fabkit member import` does). */
  readonly bundleFile?: string;
  /** Where to write the update file (default `<artifactsDir>/<channel>/add-<memberId>.update.json`). */
  readonly out?: string;
  /** Sign the update as this member's admin right away (default true). */
  readonly sign?: boolean;
  readonly now?: Date;
}

export interface AddMemberResult {
  readonly outcome: 'written' | 'already-member';
  readonly channelId: string;
  readonly memberId: string;
  readonly file?: string;
  readonly base?: UpdateFile['base'];
  readonly summary: string[];
  readonly signatures: UpdateSigner[];
  readonly policy?: AdminsPolicyCheck;
}

/**
 * Builds the config update that adds an invited member's org to a channel's Application group
 * and writes it as one self-describing update file, signed by this member's admin (unless
 * `sign: false`). A member already in the channel is "already-member" and writes nothing.
 */
export async function addMember(
  profile: Profile,
  deps: ChannelDeps,
  options: AddMemberOptions,
): Promise<AddMemberResult> {
  assertChannelReady(profile, options.channelId);
  if ((options.memberId === undefined) === (options.bundleFile === undefined))
    throw usageError(
      'ADD_MEMBER_WHO',
      'Give exactly one of --member <id> and --bundle <file>',
      'Name the member to add.',
    );
  const memberId = options.memberId ?? (await importBundle(profile, options.bundleFile as string)).memberId;
  assertMemberId(memberId);
  if (memberId === profile.member.id)
    throw usageError('SELF_AS_MEMBER', `${memberId} is this member itself`, 'Name the invited member to add.');
  await readImportedMember(profile, memberId); // refuses a member not imported, before any Fabric command
  const channelId = options.channelId;
  return withScratch(profile, channelId, 'add-member', async (scratch) => {
    const current = await currentConfig(profile, deps, channelId, scratch);
    if (summarizeConfig(channelId, current.config).members.includes(memberId))
      return { outcome: 'already-member', channelId, memberId, summary: [], signatures: [] };
    const org = await orgGroupOf(profile, deps, memberId, current.config, scratch);
    const updated = structuredClone(current.config);
    updated.channel_group.groups.Application.groups[memberId] = org;
    const envelopeFile = await writeUpdateEnvelope(
      { executor: deps.executor, scratch, toolPath: profile.toolPath },
      channelId,
      current.config,
      updated,
    );
    if (options.sign !== false)
      await mustRun(
        deps.executor,
        channelSignSpec(targetOf(profile), profile.toolPath(envelopeFile)),
        `Signing the update as ${profile.member.id}`,
      );
    const built = draft(channelId, memberId, current, profile.member.id, fs.readFileSync(envelopeFile), options.now);
    const { decoded } = parseUpdateFile(JSON.stringify(built), '(new update)');
    const update = withSigners({ ...built, summary: describeUpdate(decoded) }, decoded);
    const file = options.out ?? path.join(channelFiles(profile, channelId).dir, `add-${memberId}.update.json`);
    writeAtomic(file, formatUpdateFile(update));
    return {
      outcome: 'written',
      channelId,
      memberId,
      file,
      base: update.base,
      summary: update.summary,
      signatures: update.signatures,
      policy: checkAdminsPolicy(
        current.config,
        decoded.signatures.map((s) => s.signer),
      ),
    };
  });
}

function draft(
  channelId: string,
  memberId: string,
  current: CurrentConfig,
  by: string,
  envelope: Buffer,
  now = new Date(),
): UpdateFile {
  return {
    format: UPDATE_FILE_FORMAT,
    kind: 'add-member',
    channelId,
    memberId,
    base: { configBlock: current.configBlock, sequence: current.sequence },
    createdBy: by,
    createdAt: now.toISOString(),
    summary: [],
    signatures: [],
    envelope: envelope.toString('base64'),
  };
}

function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** This member admin's certificate (the one `peer channel signconfigtx` signs with). */
function adminCertOf(profile: Profile): string {
  const dir = path.join(profile.paths.mspDir, 'signcerts');
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.pem'));
  if (!file)
    throw new FabkitError('NO_ADMIN_CERT', `No admin certificate in ${dir}`, { hint: 'Run `fabkit enroll` first.' });
  return fs.readFileSync(path.join(dir, file), 'utf8');
}

function readUpdate(file: string): { update: UpdateFile; decoded: DecodedConfigUpdate } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw usageError(
      'UPDATE_FILE_UNREADABLE',
      `Cannot read the update file ${file}: ${(e as Error).message}`,
      'Check the path.',
    );
  }
  return parseUpdateFile(text, file);
}

/** Signatures in the envelope that do not verify over the update (a tampered file). */
function assertSignaturesVerify(file: string, decoded: DecodedConfigUpdate): void {
  const bad = decoded.signatures.filter((s) => !configSignatureVerifies(decoded, s));
  if (bad.length > 0)
    throw new FabkitError(
      'UPDATE_SIGNATURE_INVALID',
      `${file}: the signature of ${bad.map((s) => s.signer.mspId).join(', ')} does not verify over the update it carries`,
      { hint: 'The file was changed after signing; build the update again with `fabkit channel add-member`.' },
    );
}

export interface SignUpdateResult {
  readonly outcome: 'signed' | 'already-signed';
  readonly file: string;
  readonly channelId: string;
  readonly memberId: string;
  readonly summary: string[];
  readonly signatures: UpdateSigner[];
}

/**
 * Shows what an update changes (from the update itself) and adds this member admin's signature
 * to the update file; an admin who has signed already gets "already-signed".
 */
export async function signUpdate(
  profile: Profile,
  deps: ChannelDeps,
  options: { file: string },
): Promise<SignUpdateResult> {
  const { update, decoded } = readUpdate(options.file);
  assertSignaturesVerify(options.file, decoded);
  const summary = describeUpdate(decoded);
  const base = { file: options.file, channelId: update.channelId, memberId: update.memberId, summary };
  const mine = adminCertOf(profile);
  const me = describeSigner({ mspId: profile.member.mspId, certPem: mine });
  if (
    decoded.signatures.some((s) => {
      const d = describeSigner(s.signer);
      return d.memberId === me.memberId && d.fingerprint === me.fingerprint;
    })
  )
    return { ...base, outcome: 'already-signed', signatures: update.signatures };
  deps.onProgress?.(`signing the update of ${update.channelId} as ${profile.member.id}:\n${summary.join('\n')}`);
  const signed = await withScratch(profile, update.channelId, 'sign-update', async (scratch) => {
    const envelopeFile = path.join(scratch, 'envelope.pb');
    fs.writeFileSync(envelopeFile, Buffer.from(update.envelope, 'base64'));
    await mustRun(
      deps.executor,
      channelSignSpec(targetOf(profile), profile.toolPath(envelopeFile)),
      `Signing the update as ${profile.member.id}`,
    );
    return fs.readFileSync(envelopeFile);
  });
  const next = parseUpdateFile(JSON.stringify({ ...update, envelope: signed.toString('base64') }), options.file);
  const written = withSigners(next.update, next.decoded);
  writeAtomic(options.file, formatUpdateFile(written));
  return { ...base, outcome: 'signed', signatures: written.signatures };
}

export interface SubmitUpdateResult {
  readonly outcome: 'submitted' | 'already-applied';
  readonly file: string;
  readonly channelId: string;
  readonly memberId: string;
  readonly policy: AdminsPolicyCheck;
  readonly members: string[];
}

/**
 * Submits a signed update with `peer channel update` (which adds this member admin's signature)
 * once the channel's Application Admins policy is satisfied; refuses before sending anything
 * when signatures are missing (naming whose) or when the channel config moved on since the
 * update was built. Waits until the channel config carries the new member.
 */
export async function submitUpdate(
  profile: Profile,
  deps: ChannelDeps,
  options: { file: string },
): Promise<SubmitUpdateResult> {
  const { update, decoded } = readUpdate(options.file);
  assertSignaturesVerify(options.file, decoded);
  const channelId = update.channelId;
  const mine = adminCertOf(profile);
  return withScratch(profile, channelId, 'submit-update', async (scratch) => {
    const current = await currentConfig(profile, deps, channelId, scratch);
    const members = summarizeConfig(channelId, current.config).members;
    const signers = [...decoded.signatures.map((s) => s.signer), { mspId: profile.member.mspId, certPem: mine }];
    const policy = checkAdminsPolicy(current.config, signers);
    const base = { file: options.file, channelId, memberId: update.memberId, policy, members };
    if (members.includes(update.memberId) && current.sequence > update.base.sequence)
      return { ...base, outcome: 'already-applied' };
    if (current.sequence !== update.base.sequence || current.configBlock !== update.base.configBlock)
      throw new FabkitError(
        'UPDATE_STALE',
        `The update was built on config block ${update.base.configBlock} (sequence ${update.base.sequence}) of ${channelId}, but the channel's config is now block ${current.configBlock} (sequence ${current.sequence}): the orderer would refuse it`,
        { hint: 'Build the update again with `fabkit channel add-member` and collect the signatures again.' },
      );
    if (!policy.satisfied)
      throw new FabkitError(
        'UPDATE_SIGNATURES_MISSING',
        `The update needs ${policy.policy}: signed by ${policy.signedBy.join(', ') || 'nobody'} (counting this member's signature, added on submit); missing ${policy.needed - policy.signedBy.length} more of: ${policy.missing.join(', ')}`,
        {
          kind: 'failure',
          hint: `Send ${options.file} to the admins of ${policy.missing.join(', ')} to run \`fabkit channel sign-update\`. Nothing was sent.`,
          details: { missing: policy.missing, signedBy: policy.signedBy, needed: policy.needed },
        },
      );
    const envelopeFile = path.join(scratch, 'envelope.pb');
    fs.writeFileSync(envelopeFile, Buffer.from(update.envelope, 'base64'));
    await mustRun(
      deps.executor,
      channelUpdateSpec(targetOf(profile), channelId, profile.toolPath(envelopeFile)),
      `Updating channel ${channelId}`,
      {
        retryUnavailableMs: 60_000,
        onProgress: deps.onProgress,
      },
    );
    const { value: after } = await waitFor(
      async () => {
        const now = await withScratch(profile, channelId, 'config', (d) => currentConfig(profile, deps, channelId, d));
        const ids = summarizeConfig(channelId, now.config).members;
        return ids.includes(update.memberId) ? ids : undefined;
      },
      { what: `the update of ${channelId} to be committed`, timeoutMs: 60_000, intervalMs: 300 },
    );
    return { ...base, outcome: 'submitted', members: after };
  });
}
