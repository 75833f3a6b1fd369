/**
 * Issue 15, part 2, on the shared devnet: a channel of a few hundred blocks is archived over one
 * deliver stream, verified offline, damaged three ways (a block's data, a header, the manifest:
 * each fails naming the block), and archived again after new invokes (only the new blocks).
 * Figures (blocks per second archived and verified) are printed for the notes.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProfile } from '../../src/config/load';
import { sdkInvokeAll } from '../../src/sdk/invoke';
import { decodeBlock, encodeBlock } from '../../src/fabric-cli/fabric-messages';
import { fabkit, sharedDevnet } from '../helpers/devnet';

jest.setTimeout(900_000);

const CC_DIR = path.resolve(__dirname, '..', '..', 'chaincode', 'example02');
const { dir } = sharedDevnet();
const tag = crypto.randomBytes(3).toString('hex');
const home = path.join(dir, 'homes', `archive-${tag}`);
const channel = `arch-${tag}`;
const CC = `arc_${tag}`;
const out = path.join(dir, `archive-${tag}`);
const TXS = Number(process.env.FABKIT_ARCHIVE_TXS ?? 300);

async function ok(args: string[]): Promise<Record<string, unknown>> {
  const r = await fabkit([...args, '--json']);
  if (r.exitCode !== 0) throw new Error(`fabkit ${args.join(' ')} exited ${r.exitCode}:\n${r.stderr}\n${r.stdout}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

async function invokes(n: number): Promise<void> {
  const profile = loadProfile(home).profile;
  for (let done = 0; done < n; done += 50) {
    const batch = Array.from({ length: Math.min(50, n - done) }, () => ({
      channelId: channel,
      chaincode: CC,
      args: ['invoke', 'a', 'b', '1'],
      commitTimeoutMs: 60_000,
    }));
    await sdkInvokeAll(profile, batch); // some are MVCC conflicts (invalid): they still make blocks
  }
}

const verify = (d: string) => fabkit(['channel', 'verify-archive', d, '--json']);
const figures: string[] = [];

beforeAll(async () => {
  await ok(['init', '--home', home, '--from-devnet', dir, '--member', 'org1']);
  await ok(['enroll', '--home', home]);
  await ok(['channel', 'create', channel, '--lifecycle', '2.x', '--home', home]);
  await ok([
    'chaincode',
    'deploy',
    CC,
    '-C',
    channel,
    '-p',
    CC_DIR,
    '-c',
    '{"Args":["init","a","100000","b","0"]}',
    '--home',
    home,
  ]);
  await invokes(TXS);
});

afterAll(() => {
  if (figures.length > 0) process.stderr.write(`\narchive figures:\n${figures.join('\n')}\n`);
});

it('archives every block over one stream, verifies, summarizes', async () => {
  const t0 = Date.now();
  const r = await ok(['channel', 'archive', channel, '--out', out, '--home', home]);
  const ms = Date.now() - t0;
  const height = Number(r.height);
  expect(r).toMatchObject({ from: 0, added: height });
  expect(height).toBeGreaterThan(TXS / 2); // some invokes fail before ordering (endorsement conflicts)
  figures.push(
    `archive: ${height} blocks in ${(Number(r.ms) / 1000).toFixed(2)}s in-process (${((height * 1000) / Number(r.ms)).toFixed(0)} blocks/s), ${(ms / 1000).toFixed(2)}s wall with CLI start`,
  );
  const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
    blocks: { number: number }[];
    configs: { block: number; members: string[]; ordererOrgs: { mspId: string }[] }[];
    chaincodes: { name: string; lifecycle: string; version: string; sequence: number; policy?: string }[];
  };
  expect(manifest.blocks.map((b) => b.number)).toEqual(Array.from({ length: height }, (_, i) => i));
  expect(manifest.configs[0]).toMatchObject({ block: 0, members: [expect.stringMatching(/^m-/)] });
  expect(manifest.configs[0]?.ordererOrgs.length).toBeGreaterThan(0);
  // The deploy's commit is recorded as the chaincode's definition, with the policy the peer holds.
  const committed = await ok(['chaincode', 'querycommitted', CC, '-C', channel, '--home', home]);
  expect(manifest.chaincodes).toEqual([
    expect.objectContaining({ name: CC, lifecycle: '2.x', version: committed.version, sequence: 1 }),
  ]);
  expect(manifest.chaincodes[0]?.policy).toMatch(/^(AND|OR|OutOf)\(|^channel config policy \//);
  // The files are the blocks as the peer stores them: re-encoding a decoded file gives the same bytes.
  const b5 = fs.readFileSync(path.join(out, 'blocks', '000000000005.block'));
  expect(encodeBlock(decodeBlock(b5)).equals(b5)).toBe(true);

  const v0 = Date.now();
  const v = await verify(out);
  const vms = Date.now() - v0;
  expect(v.exitCode).toBe(0);
  const vr = JSON.parse(v.stdout) as { ok: boolean; blocks: number; ms: number };
  expect(vr).toMatchObject({ ok: true, blocks: height });
  figures.push(
    `verify: ${height} blocks in ${(vr.ms / 1000).toFixed(2)}s in-process (${((height * 1000) / Math.max(1, vr.ms)).toFixed(0)} blocks/s), ${(vms / 1000).toFixed(2)}s wall`,
  );

  const s = await ok(['channel', 'archive', '--summary', out]);
  expect(s).toMatchObject({ channelId: channel, blocks: height, chaincodes: [expect.objectContaining({ name: CC })] });
  expect(Number(s.valid) + Number(s.invalid)).toBe(s.transactions);
  expect(Number(s.valid)).toBeGreaterThan(0);
  expect((s.writes as Record<string, number>)[CC]).toBeGreaterThan(0);
  figures.push(
    `summary: ${JSON.stringify({ transactions: s.transactions, valid: s.valid, invalid: s.invalid, writes: s.writes })}`,
  );
});

describe('a damaged archive fails, naming the block', () => {
  const copy = (name: string): string => {
    const d = path.join(dir, `archive-${tag}-${name}`);
    fs.cpSync(out, d, { recursive: true });
    return d;
  };
  const failure = async (d: string) => {
    const r = await verify(d);
    expect(r.exitCode).toBe(1);
    return (JSON.parse(r.stdout) as { failure: { block: number; reason: string } }).failure;
  };
  const blockFile = (d: string, n: number): string => path.join(d, 'blocks', `${String(n).padStart(12, '0')}.block`);

  it('one byte of a transaction in block 12', async () => {
    const d = copy('data');
    const f = blockFile(d, 12);
    const block = decodeBlock(fs.readFileSync(f));
    const tx = Buffer.from(block.data[0] ?? Buffer.alloc(0));
    const at = Math.floor(tx.length / 2);
    tx[at] = (tx[at] ?? 0) ^ 0x01;
    fs.writeFileSync(f, encodeBlock({ ...block, data: [tx] }));
    expect(await failure(d)).toEqual({ block: 12, reason: 'its data_hash does not match its data' });
  });

  it('one byte of the header of block 23 (its previous_hash)', async () => {
    const d = copy('header');
    const f = blockFile(d, 23);
    const block = decodeBlock(fs.readFileSync(f));
    const prev = Buffer.from(block.previousHash);
    prev[0] = (prev[0] ?? 0) ^ 0x01;
    fs.writeFileSync(f, encodeBlock({ ...block, previousHash: prev }));
    expect(await failure(d)).toEqual({ block: 23, reason: 'its previous_hash is not the header hash of block 22' });
  });

  it('one byte of the manifest (the header hash listed for block 30)', async () => {
    const d = copy('manifest');
    const file = path.join(d, 'manifest.json');
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { blocks: { headerHash: string }[] };
    const entry = m.blocks[30] as { headerHash: string };
    entry.headerHash = (entry.headerHash[0] === '0' ? '1' : '0') + entry.headerHash.slice(1);
    fs.writeFileSync(file, JSON.stringify(m));
    expect(await failure(d)).toEqual({ block: 30, reason: 'its manifest entry does not match the block' });
  });

  it("the manifest's chaincode definition (another version) fails at the commit's block", async () => {
    const d = copy('definitions');
    const file = path.join(d, 'manifest.json');
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { chaincodes: { block: number; version: string }[] };
    const def = m.chaincodes[0] as { block: number; version: string };
    def.version = `${def.version}x`;
    fs.writeFileSync(file, JSON.stringify(m));
    expect(await failure(d)).toEqual({
      block: def.block,
      reason: "the manifest's chaincode definitions do not match the blocks",
    });
  });

  it('a raw byte flip anywhere in a block file also fails at that block', async () => {
    const d = copy('raw');
    const f = blockFile(d, 45);
    const bytes = fs.readFileSync(f);
    const at = Math.floor(bytes.length / 3);
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    fs.writeFileSync(f, bytes);
    expect((await failure(d)).block).toBe(45);
  });
});

it('archiving again after new invokes appends only the new blocks, and the whole still verifies', async () => {
  const before = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { height: number };
  const first = fs.statSync(path.join(out, 'blocks', '000000000001.block')).mtimeMs;
  await invokes(10);
  const r = await ok(['channel', 'archive', channel, '--out', out, '--home', home]);
  expect(r.from).toBe(before.height);
  expect(Number(r.added)).toBeGreaterThanOrEqual(1);
  expect(r.height).toBe(before.height + Number(r.added));
  expect(fs.statSync(path.join(out, 'blocks', '000000000001.block')).mtimeMs).toBe(first);
  expect(await ok(['channel', 'archive', channel, '--out', out, '--home', home])).toMatchObject({ added: 0 });
  expect((await verify(out)).exitCode).toBe(0);
});
