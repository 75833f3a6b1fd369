/**
 * A channel's ledger archived to a folder: every block from 0 streamed through the deliver
 * service over one connection and written as `blocks/<number>.block` (common.Block) plus
 * `manifest.json` (heights, header hashes, the configs' members and orderer orgs, the chaincode
 * definitions committed); resumable.
 * Verified offline (hash chain, data hashes, orderer signatures, the manifest) and summarized.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Profile } from '../../config/resolve';
import { FabkitError, usageError } from '../../errors';
import type { ConfigOrgs } from '../../fabric-cli/block-contents';
import type { ChaincodeDefinition } from '../../fabric-cli/chaincode-definitions';
import { blockSignaturesOf, configOrgsOf, summarizeTx, txValidationCodes } from '../../fabric-cli/block-contents';
import type { DecodedBlock } from '../../fabric-cli/fabric-messages';
import {
  blockDataHash,
  blockHeaderBytes,
  blockHeaderHash,
  decodeBlock,
  encodeBlock,
  HEADER_TYPE,
  signatureVerifies,
} from '../../fabric-cli/fabric-messages';
import { deliverBlocks } from '../../sdk/deliver';
import { isIssuedByAny } from '../../msp/cert';

export const ARCHIVE_FORMAT = 'fabkit-archive/1';
const MANIFEST = 'manifest.json';

export interface ArchiveBlockEntry {
  readonly number: number;
  readonly file: string;
  readonly headerHash: string;
  readonly previousHash: string;
  readonly dataHash: string;
  readonly txs: number;
}

export interface ArchiveConfigEntry extends ConfigOrgs {
  readonly block: number;
}

/** A chaincode definition committed by a valid transaction (2.x commit, 1.x instantiate or upgrade). */
export type ArchiveChaincodeEntry = ChaincodeDefinition & { readonly block: number; readonly txId: string };

export interface ArchiveManifest {
  readonly format: typeof ARCHIVE_FORMAT;
  readonly channelId: string;
  readonly height: number;
  readonly lastConfigBlock: number;
  readonly updatedAt: string;
  readonly configs: ArchiveConfigEntry[];
  /** Absent in archives written before definitions were recorded; rebuilt from the blocks on resume. */
  readonly chaincodes?: ArchiveChaincodeEntry[];
  readonly blocks: ArchiveBlockEntry[];
}

const blockFileName = (n: number): string => `blocks/${String(n).padStart(12, '0')}.block`;

function readManifest(dir: string): ArchiveManifest | undefined {
  const file = path.join(dir, MANIFEST);
  if (!fs.existsSync(file)) return undefined;
  try {
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as ArchiveManifest;
    if (m.format !== ARCHIVE_FORMAT || !Array.isArray(m.blocks) || !Array.isArray(m.configs)) throw new Error('format');
    return m;
  } catch {
    throw new FabkitError('ARCHIVE_MANIFEST_INVALID', `${file} is not a fabkit archive manifest`, {
      hint: 'Archive into an empty folder, or into one an earlier `fabkit channel archive` wrote.',
    });
  }
}

function writeManifest(dir: string, m: ArchiveManifest): void {
  const tmp = path.join(dir, `${MANIFEST}.tmp-${process.pid}`);
  fs.writeFileSync(tmp, `${JSON.stringify(m, null, 1)}\n`);
  fs.renameSync(tmp, path.join(dir, MANIFEST));
}

/** The chaincode definitions the block's valid transactions commit. */
function definitionsOf(block: DecodedBlock): ArchiveChaincodeEntry[] {
  const codes = txValidationCodes(block);
  return block.data.flatMap((data, k) => {
    if ((codes[k] ?? 0) !== 0) return [];
    const tx = summarizeTx(data);
    return tx.definitions.map((d) => ({ block: block.number, txId: tx.txId, ...d }));
  });
}

/** The definitions recorded in the block files an older manifest lists. */
function definitionsFromFiles(dir: string, blocks: readonly ArchiveBlockEntry[]): ArchiveChaincodeEntry[] {
  return blocks.flatMap((b) => definitionsOf(decodeBlock(fs.readFileSync(path.join(dir, b.file)))));
}

/** The manifest entry of one block, and the config it carries when it is a config block. */
function entryOf(block: DecodedBlock): { entry: ArchiveBlockEntry; config?: ArchiveConfigEntry } {
  const entry = {
    number: block.number,
    file: blockFileName(block.number),
    headerHash: blockHeaderHash(block).toString('hex'),
    previousHash: block.previousHash.toString('hex'),
    dataHash: block.dataHash.toString('hex'),
    txs: block.data.length,
  };
  const first = block.data[0];
  const tx = first && block.data.length === 1 ? summarizeTx(first) : undefined;
  if (tx?.type === HEADER_TYPE.CONFIG && tx.channelGroup)
    return { entry, config: { block: block.number, ...configOrgsOf(tx.channelGroup) } };
  return { entry };
}

export interface ArchiveResult {
  readonly channelId: string;
  readonly dir: string;
  readonly from: number;
  readonly height: number;
  readonly added: number;
  readonly ms: number;
}

/**
 * Archives channel `channelId` into `out`: streams the blocks it lacks (all of them the first
 * time) over one deliver connection, writes each as a protobuf file, then the manifest.
 */
export async function archiveChannel(
  profile: Profile,
  options: { channelId: string; out: string; onProgress?: (line: string) => void },
): Promise<ArchiveResult> {
  const started = Date.now();
  fs.mkdirSync(path.join(options.out, 'blocks'), { recursive: true });
  const previous = readManifest(options.out);
  if (previous && previous.channelId !== options.channelId)
    throw usageError(
      'ARCHIVE_OTHER_CHANNEL',
      `${options.out} holds an archive of channel ${previous.channelId}, not ${options.channelId}`,
      'Archive each channel into its own folder.',
    );
  const blocks = [...(previous?.blocks ?? [])];
  const configs = [...(previous?.configs ?? [])];
  const chaincodes = previous ? [...(previous.chaincodes ?? definitionsFromFiles(options.out, blocks))] : [];
  const from = blocks.length;
  await deliverBlocks(profile, options.channelId, from, (delivered) => {
    const block: DecodedBlock = delivered;
    if (block.number !== blocks.length)
      throw new FabkitError('DELIVER_OUT_OF_ORDER', `Expected block ${blocks.length}, the peer sent ${block.number}`);
    const { entry, config } = entryOf(block);
    fs.writeFileSync(path.join(options.out, entry.file), encodeBlock(block));
    blocks.push(entry);
    if (config) configs.push(config);
    chaincodes.push(...definitionsOf(block));
    if (blocks.length % 100 === 0) options.onProgress?.(`archived ${blocks.length} blocks`);
  });
  writeManifest(options.out, {
    format: ARCHIVE_FORMAT,
    channelId: options.channelId,
    height: blocks.length,
    lastConfigBlock: configs.at(-1)?.block ?? 0,
    updatedAt: new Date().toISOString(),
    configs,
    chaincodes,
    blocks,
  });
  return {
    channelId: options.channelId,
    dir: options.out,
    from,
    height: blocks.length,
    added: blocks.length - from,
    ms: Date.now() - started,
  };
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly channelId: string;
  readonly blocks: number;
  /** The first block that fails, and why. */
  readonly failure?: { block: number; reason: string };
  readonly ms: number;
}

/** Why the block's orderer signatures fail under `config`, or undefined when one verifies. */
function signatureProblem(block: DecodedBlock, config: ConfigOrgs | undefined): string | undefined {
  const sigs = blockSignaturesOf(block);
  if (sigs.length === 0) return block.number === 0 ? undefined : 'it carries no orderer signature';
  if (!config) return 'no config is in force before it';
  const header = blockHeaderBytes(block);
  const problems: string[] = [];
  for (const s of sigs) {
    const org = config.ordererOrgs.find((o) => o.mspId === s.signer.mspId);
    if (!org) problems.push(`${s.signer.mspId} is not an orderer org of the config in force`);
    else if (!isIssuedByAny(s.signer.certPem, org.rootCerts))
      problems.push(`the signer's certificate does not chain to ${org.mspId}'s CA`);
    else if (!signatureVerifies(s.signer.certPem, Buffer.concat([s.signedBytesPrefix, header]), s.signature))
      problems.push(`the orderer signature of ${org.mspId} does not verify`);
    else return undefined;
  }
  return problems.join('; ');
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The first chaincode definition the manifest lists wrongly (older manifests list none: nothing to check). */
function definitionsProblem(
  listed: readonly ArchiveChaincodeEntry[] | undefined,
  read: readonly ArchiveChaincodeEntry[],
): { block: number; reason: string } | undefined {
  if (!listed || sameJson(listed, read)) return undefined;
  const first = listed.find((c, k) => !sameJson(c, read[k])) ?? read[listed.length];
  return { block: first?.block ?? 0, reason: "the manifest's chaincode definitions do not match the blocks" };
}

/** Where the manifest's own totals (height, configs, chaincode definitions) disagree with the blocks read. */
function manifestProblem(
  manifest: ArchiveManifest,
  configs: readonly ArchiveConfigEntry[],
  chaincodes: readonly ArchiveChaincodeEntry[],
): { block: number; reason: string } | undefined {
  const n = manifest.blocks.length;
  if (manifest.height !== n)
    return { block: n, reason: `the manifest says height ${manifest.height}, it lists ${n} blocks` };
  if (!sameJson(configs, manifest.configs))
    return { block: configs.at(-1)?.block ?? 0, reason: "the manifest's configs do not match the config blocks" };
  const definitions = definitionsProblem(manifest.chaincodes, chaincodes);
  if (definitions) return definitions;
  if (manifest.lastConfigBlock !== (configs.at(-1)?.block ?? 0))
    return { block: manifest.lastConfigBlock, reason: 'the manifest names another last config block' };
  return undefined;
}

/**
 * Checks an archive offline: each block's number, data_hash, previous_hash (against the previous
 * header's hash), orderer signature (against the orderer orgs of the config in force), and its
 * manifest entry; then the manifest's heights and configs. Stops at the first block that fails.
 */
export function verifyArchive(dir: string): VerifyResult {
  const started = Date.now();
  const manifest = readManifest(dir);
  if (!manifest)
    throw usageError('NOT_AN_ARCHIVE', `${dir} has no ${MANIFEST}`, 'Give the folder `fabkit channel archive` wrote.');
  let previous: DecodedBlock | undefined;
  let config: ConfigOrgs | undefined;
  const configs: ArchiveConfigEntry[] = [];
  const chaincodes: ArchiveChaincodeEntry[] = [];
  const fail = (block: number, reason: string): VerifyResult => ({
    ok: false,
    channelId: manifest.channelId,
    blocks: manifest.blocks.length,
    failure: { block, reason },
    ms: Date.now() - started,
  });
  for (const [i, listed] of manifest.blocks.entries()) {
    const file = path.join(dir, blockFileName(i));
    if (!fs.existsSync(file)) return fail(i, `its file ${blockFileName(i)} is missing`);
    let block: DecodedBlock;
    try {
      block = decodeBlock(fs.readFileSync(file));
    } catch (e) {
      return fail(i, `its file does not decode as a block (${(e as Error).message})`);
    }
    if (block.number !== i) return fail(i, `its header says block ${block.number}`);
    if (!blockDataHash(block).equals(block.dataHash)) return fail(i, 'its data_hash does not match its data');
    if (previous && !blockHeaderHash(previous).equals(block.previousHash))
      return fail(i, `its previous_hash is not the header hash of block ${i - 1}`);
    const own = entryOf(block);
    const inForce = i === 0 ? own.config : config;
    const sig = signatureProblem(block, inForce);
    if (sig) return fail(i, sig);
    if (!sameJson(own.entry, listed)) return fail(i, 'its manifest entry does not match the block');
    if (own.config) {
      config = own.config;
      configs.push(own.config);
    }
    chaincodes.push(...definitionsOf(block));
    previous = block;
  }
  const n = manifest.blocks.length;
  const problem = manifestProblem(manifest, configs, chaincodes);
  if (problem) return fail(problem.block, problem.reason);
  return { ok: true, channelId: manifest.channelId, blocks: n, ms: Date.now() - started };
}

export interface ArchiveSummary {
  readonly channelId: string;
  readonly blocks: number;
  readonly transactions: number;
  readonly valid: number;
  readonly invalid: number;
  readonly configBlocks: number;
  /** Writes of valid transactions, per chaincode. */
  readonly writes: Record<string, number>;
  readonly firstTx?: string;
  readonly lastTx?: string;
  readonly members: string[];
  /** The last definition of each chaincode (from the manifest). */
  readonly chaincodes: ArchiveChaincodeEntry[];
}

/** What an archive holds: blocks, transactions (valid and invalid), writes per chaincode, the time span. */
export function summarizeArchive(dir: string): ArchiveSummary {
  const manifest = readManifest(dir);
  if (!manifest)
    throw usageError('NOT_AN_ARCHIVE', `${dir} has no ${MANIFEST}`, 'Give the folder `fabkit channel archive` wrote.');
  let [transactions, valid, first, last] = [0, 0, Infinity, -Infinity];
  const writes: Record<string, number> = {};
  for (const listed of manifest.blocks) {
    const block = decodeBlock(fs.readFileSync(path.join(dir, listed.file)));
    const codes = txValidationCodes(block);
    for (const [k, entry] of block.data.entries()) {
      const tx = summarizeTx(entry);
      transactions++;
      if (tx.timestamp > 0) [first, last] = [Math.min(first, tx.timestamp), Math.max(last, tx.timestamp)];
      if ((codes[k] ?? 0) !== 0) continue;
      valid++;
      for (const [ns, count] of Object.entries(tx.writes)) writes[ns] = (writes[ns] ?? 0) + count;
    }
  }
  const iso = (s: number): string | undefined => (Number.isFinite(s) ? new Date(s * 1000).toISOString() : undefined);
  return {
    channelId: manifest.channelId,
    blocks: manifest.blocks.length,
    transactions,
    valid,
    invalid: transactions - valid,
    configBlocks: manifest.configs.length,
    writes,
    firstTx: iso(first),
    lastTx: iso(last),
    members: manifest.configs.at(-1)?.members ?? [],
    chaincodes: [
      ...new Map(
        (manifest.chaincodes ?? definitionsFromFiles(dir, manifest.blocks)).map((c) => [c.name, c] as const),
      ).values(),
    ],
  };
}
