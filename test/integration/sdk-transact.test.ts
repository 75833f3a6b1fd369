/**
 * The SDK path (src/sdk) on the devnet: sdkQuery / sdkInvoke through a fabric-network 2.2
 * gateway, judged against the Go example02 deployed with the Go peer CLI on a two-member channel
 * under AND(member1, member2). Proves that a transaction that cannot satisfy the policy is
 * refused before anything reaches the ordering service (the channel height does not move),
 * and that the same transaction submitted without the policy check is invalidated by Fabric.
 * Also the 2.x `--isInit` call on a one-member channel with --init-required.
 */
import { vendoredGoChaincode } from '../helpers/go-chaincode';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadProfile } from '../../src/config/load';
import type { Profile } from '../../src/config/resolve';
import type { FabkitError } from '../../src/errors';
import { connectionProfileOf } from '../../src/sdk/connection-profile';
import { sdkInvoke, sdkInvokeAll } from '../../src/sdk/invoke';
import { sdkQuery } from '../../src/sdk/query';
import { fabkit, readNetwork, sharedDevnet } from '../helpers/devnet';
import type { MemberCli } from '../helpers/fabric-cli';
import { bin, must, ordererArgs, waitUntil } from '../helpers/fabric-cli';
import { rejected } from '../helpers/thrown';

jest.setTimeout(300_000);

const suffix = randomBytes(4).toString('hex');
const CHANNEL = `sdk-${suffix}`;
const CHANNEL_2X = `sdk2-${suffix}`;
const CC = `sdkcc-${suffix}`;

const { dir, binDir } = sharedDevnet();
const net = readNetwork(dir);
const home1 = path.join(dir, 'homes', `sdk-${suffix}-org1`);
const home2 = path.join(dir, 'homes', `sdk-${suffix}-org2`);
const m1 = net.Members[0]?.Id ?? '';
const m2 = net.Members[1]?.Id ?? '';
const POLICY = `AND('${m1}.member','${m2}.member')`;

async function cli(args: readonly string[]): Promise<Record<string, unknown>> {
  const r = await fabkit([...args, '--json']);
  if (r.exitCode !== 0) throw new Error(`fabkit ${args.join(' ')} failed (${r.exitCode}):\n${r.stderr}\n${r.stdout}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** The Go peer CLI acting as the member of `home` (its admin MSP, its first peer). */
function peerCli(home: string, memberIndex: number): MemberCli {
  const member = net.Members[memberIndex];
  const node = net.Nodes.find((n) => n.MemberId === member?.Id);
  if (!member || !node) throw new Error(`no member ${memberIndex}`);
  const cfg = path.join(home, 'peer-cli');
  fs.mkdirSync(cfg, { recursive: true });
  fs.copyFileSync(path.join(path.dirname(binDir), 'config', 'core.yaml'), path.join(cfg, 'core.yaml'));
  return {
    binDir,
    home: cfg,
    memberId: member.Id,
    peer: node.PeerEndpoint,
    orderer: net.OrderingServiceEndpoint,
    tlsChain: net.TlsChainPath,
    mspDir: path.join(home, 'admin-msp'),
  };
}

/** Transaction IDs of block `n` of `channel`, fetched and decoded with the Go tools. */
async function blockTxIds(c: MemberCli, channel: string, n: number): Promise<string[]> {
  const file = path.join(c.home, `${channel}_${n}.block`);
  await must(c, 'peer', ['channel', 'fetch', String(n), file, '-c', channel, ...ordererArgs(c)]);
  await must(c, 'configtxlator', [
    'proto_decode',
    '--type',
    'common.Block',
    '--input',
    file,
    '--output',
    `${file}.json`,
  ]);
  const block = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8')) as {
    data: { data: { payload: { header: { channel_header: { tx_id: string } } } }[] };
  };
  return block.data.data.map((d) => d.payload.header.channel_header.tx_id);
}

const query = (c: MemberCli, channel: string, cc: string): Promise<string> =>
  must(c, 'peer', ['chaincode', 'query', '-C', channel, '-n', cc, '-c', '{"Args":["query","a"]}']).then((r) =>
    r.stdout.trim(),
  );

async function height(c: MemberCli, channel: string): Promise<number> {
  const r = await must(c, 'peer', ['channel', 'getinfo', '-c', channel]);
  const info = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { height: number };
  return info.height;
}

describe('sdkQuery / sdkInvoke (fabric-network 2.2) on the devnet', () => {
  let profile1: Profile;
  let peer1: MemberCli;
  let peer2: MemberCli;

  beforeAll(async () => {
    for (const [home, member] of [
      [home1, 'org1'],
      [home2, 'org2'],
    ] as const) {
      await cli(['init', '--home', home, '--from-devnet', dir, '--member', member]);
      await cli(['enroll', '--home', home]);
    }
    const bundle = path.join(dir, 'homes', `sdk-${suffix}-org2.bundle.json`);
    await cli(['member', 'export', '--home', home2, '--out', bundle]);
    await cli(['member', 'import', bundle, '--home', home1]);
    await cli(['channel', 'create', CHANNEL, '--member', m2, '--lifecycle', '1.x', '--home', home1]);
    await cli(['channel', 'join', CHANNEL, '--home', home2]);
    profile1 = loadProfile(home1).profile;
    peer1 = peerCli(home1, 0);
    peer2 = peerCli(home2, 1);
    // The Go example02, vendored by hand: the devnet's peers build offline, as AMB's do.
    const goCc = await vendoredGoChaincode(path.join(dir, 'homes', `sdk-${suffix}-cc`));
    for (const c of [peer1, peer2])
      await must(c, 'peer', ['chaincode', 'install', '-n', CC, '-v', 'v0', '-l', 'golang', '-p', goCc]);
    await must(peer1, 'peer', [
      'chaincode',
      'instantiate',
      ...ordererArgs(peer1),
      '-C',
      CHANNEL,
      '-n',
      CC,
      '-v',
      'v0',
      '-c',
      '{"Args":["init","a","100","b","200"]}',
      '-P',
      POLICY,
    ]);
    // Both peers must have the instantiation (and a running chaincode) before the SDK endorses on them.
    for (const c of [peer1, peer2]) {
      await waitUntil(`${CC} answering on ${c.peer}`, 120_000, async () =>
        (
          await bin(c, 'peer', ['chaincode', 'query', '-C', CHANNEL, '-n', CC, '-c', '{"Args":["query","a"]}'])
        ).stdout.trim() === '100'
          ? true
          : undefined,
      );
    }
  });

  it('the connection profile of member 1 lists both members, their peers and the channel', async () => {
    const ccp = await connectionProfileOf(profile1, { channels: [CHANNEL] });
    expect(Object.keys(ccp.organizations).sort()).toEqual([m1, m2].sort());
    expect(ccp.organizations[m2]?.peers).toEqual([peer2.peer]);
    expect(Object.keys(ccp.channels?.[CHANNEL]?.peers ?? {}).sort()).toEqual([peer1.peer, peer2.peer].sort());
    expect(ccp['x-fabkit'].discovery.asLocalhost).toBe(false);
  });

  it("sdkQuery returns 100 from member 1's peer", async () => {
    const r = await sdkQuery(profile1, { channelId: CHANNEL, chaincode: CC, args: ['query', 'a'] });
    expect(r).toEqual({ payload: '100', peer: peer1.peer });
  });

  it("with discovery on and the profile's asLocalhost (false), fabric-network endorses and commits VALID", async () => {
    const r = await sdkInvoke(profile1, {
      channelId: CHANNEL,
      chaincode: CC,
      args: ['invoke', 'b', 'a', '10'],
      endorsingMembers: [m1, m2],
      policy: POLICY,
      discovery: true,
    });
    expect(r.validationCode).toBe('VALID');
    // Back to a=100 for the tests below.
    expect((await sdkQuery(profile1, { channelId: CHANNEL, chaincode: CC, args: ['query', 'a'] })).payload).toBe('110');
    const back = await sdkInvoke(profile1, {
      channelId: CHANNEL,
      chaincode: CC,
      args: ['invoke', 'a', 'b', '10'],
      endorsingMembers: [m1, m2],
      policy: POLICY,
      discovery: true,
    });
    expect(back.validationCode).toBe('VALID');
  });

  it('sdkInvoke endorsed by both members commits VALID, and a query then returns 90', async () => {
    const before = await height(peer1, CHANNEL);
    const r = await sdkInvoke(profile1, {
      channelId: CHANNEL,
      chaincode: CC,
      args: ['invoke', 'a', 'b', '10'],
      endorsingMembers: [m1, m2],
      policy: POLICY,
    });
    expect(r.validationCode).toBe('VALID');
    expect(r.txId).toMatch(/^[0-9a-f]{64}$/);
    expect(r.blockNumber).toBe(before);
    expect(r.endorsements).toEqual([
      { memberId: m1, peer: peer1.peer, status: 200, message: '' },
      { memberId: m2, peer: peer2.peer, status: 200, message: '' },
    ]);
    expect((await sdkQuery(profile1, { channelId: CHANNEL, chaincode: CC, args: ['query', 'a'] })).payload).toBe('90');
    await waitUntil("member 2's peer to commit the block", 30_000, async () =>
      (await query(peer2, CHANNEL, CC)) === '90' ? true : undefined,
    );
  });

  it('sdkInvoke endorsed by member 1 only, with the policy: POLICY_NOT_SATISFIED naming member 2, and nothing is submitted', async () => {
    const before = await height(peer1, CHANNEL);
    const error = await rejected(
      sdkInvoke(profile1, {
        channelId: CHANNEL,
        chaincode: CC,
        args: ['invoke', 'a', 'b', '10'],
        endorsingMembers: [m1],
        policy: POLICY,
      }),
    );
    expect(error).toMatchObject({ code: 'POLICY_NOT_SATISFIED', details: { missing: [m2], endorsers: [m1] } });
    expect(error.message).toContain(`missing endorsement from ${m2}`);
    // Any transaction sent to the orderer (valid or not) is committed in a block. Order a marker transaction
    // behind it: the next block must hold the marker alone, and the height grows by exactly that block.
    expect(await query(peer1, CHANNEL, CC)).toBe('90');
    const marker = await sdkInvoke(profile1, {
      channelId: CHANNEL,
      chaincode: CC,
      args: ['invoke', 'b', 'a', '0'],
      endorsingMembers: [m1, m2],
    });
    expect(marker.blockNumber).toBe(before);
    expect(await blockTxIds(peer1, CHANNEL, before)).toEqual([marker.txId]);
    expect(await height(peer1, CHANNEL)).toBe(before + 1);
    expect(await query(peer1, CHANNEL, CC)).toBe('90');
  });

  it('sdkInvoke endorsed by member 1 only, without a policy: submitted, and Fabric invalidates it (ENDORSEMENT_POLICY_FAILURE)', async () => {
    const error = await rejected(
      sdkInvoke(profile1, { channelId: CHANNEL, chaincode: CC, args: ['invoke', 'a', 'b', '10'] }),
    );
    expect(error).toMatchObject({ code: 'TX_INVALIDATED', details: { validationCode: 'ENDORSEMENT_POLICY_FAILURE' } });
    const txId = String(error.details?.txId);
    expect(txId).toMatch(/^[0-9a-f]{64}$/);
    expect(error.message).toContain(txId);
    expect(await query(peer1, CHANNEL, CC)).toBe('90');
  });

  it('sdkInvokeAll: 40 concurrent invokes over one gateway each get their commit event (none times out), and the ledger moves by the VALID ones', async () => {
    const before = Number(await query(peer1, CHANNEL, CC));
    const request = {
      channelId: CHANNEL,
      chaincode: CC,
      args: ['invoke', 'a', 'b', '1'],
      endorsingMembers: [m1, m2],
      policy: POLICY,
      commitTimeoutMs: 30_000,
    };
    const results = await sdkInvokeAll(
      profile1,
      Array.from({ length: 40 }, () => request),
    );
    const codes = results.map((r) =>
      r.status === 'fulfilled'
        ? r.value.validationCode
        : String((r.reason as FabkitError).details?.validationCode ?? (r.reason as FabkitError).code),
    );
    // All read and write keys a and b: one per block is VALID, the others MVCC_READ_CONFLICT. Any other code (TIMEOUT) is a lost event.
    expect(codes.filter((c) => c !== 'VALID' && c !== 'MVCC_READ_CONFLICT')).toEqual([]);
    const valid = codes.filter((c) => c === 'VALID').length;
    expect(valid).toBeGreaterThanOrEqual(1);
    expect(Number(await query(peer1, CHANNEL, CC))).toBe(before - valid);
  });

  it("a failing endorsement is reported with member, peer and the peer's message, before anything is submitted", async () => {
    const before = await height(peer1, CHANNEL);
    const error = await rejected(
      sdkInvoke(profile1, {
        channelId: CHANNEL,
        chaincode: CC,
        args: ['invoke', 'a', 'nosuchkey', '1'],
        endorsingMembers: [m1, m2],
      }),
    );
    expect(error).toMatchObject({ code: 'ENDORSEMENT_FAILED' });
    const message = error.message;
    expect(message).toContain(`member ${m1} peer ${peer1.peer}: status 500`);
    expect(message).toContain(`member ${m2} peer ${peer2.peer}: status 500`);
    expect(message).toContain('nosuchkey');
    expect(await height(peer1, CHANNEL)).toBe(before);
  });

  it("sdkQuery reports a chaincode error as QUERY_FAILED with the peer's message", async () => {
    const error = await rejected(
      sdkQuery(profile1, { channelId: CHANNEL, chaincode: CC, args: ['query', 'nosuchkey'] }),
    );
    expect(error).toMatchObject({ code: 'QUERY_FAILED' });
    expect(error.message).toContain('nosuchkey');
  });

  it('2.x lifecycle: sdkInvoke with isInit initializes a chaincode defined with --init-required', async () => {
    await cli(['channel', 'create', CHANNEL_2X, '--lifecycle', '2.x', '--home', home1]);
    const label = `${CC}_1`;
    const pkg = path.join(peer1.home, `${CC}.tgz`);
    await must(peer1, 'peer', [
      'lifecycle',
      'chaincode',
      'package',
      pkg,
      '--path',
      await vendoredGoChaincode(path.join(dir, 'homes', `sdk-${suffix}-cc`)),
      '--lang',
      'golang',
      '--label',
      label,
    ]);
    await must(peer1, 'peer', ['lifecycle', 'chaincode', 'install', pkg]);
    const installed = await must(peer1, 'peer', ['lifecycle', 'chaincode', 'queryinstalled']);
    const packageId = new RegExp(`Package ID: (${label}:[0-9a-f]+),`).exec(installed.stdout)?.[1] ?? '';
    const common = ['-C', CHANNEL_2X, '-n', CC, '-v', '1', '--sequence', '1', '--init-required'];
    await must(peer1, 'peer', [
      'lifecycle',
      'chaincode',
      'approveformyorg',
      ...ordererArgs(peer1),
      ...common,
      '--package-id',
      packageId,
      '--waitForEvent',
    ]);
    await must(peer1, 'peer', [
      'lifecycle',
      'chaincode',
      'commit',
      ...ordererArgs(peer1),
      ...common,
      '--peerAddresses',
      peer1.peer,
      '--tlsRootCertFiles',
      peer1.tlsChain,
    ]);
    const notYet = await rejected(
      sdkInvoke(profile1, { channelId: CHANNEL_2X, chaincode: CC, args: ['invoke', 'a', 'b', '10'] }),
    );
    expect(notYet).toMatchObject({ code: 'ENDORSEMENT_FAILED' });
    expect(notYet.message).toMatch(/not been initialized/);
    const init = await sdkInvoke(profile1, {
      channelId: CHANNEL_2X,
      chaincode: CC,
      args: ['init', 'a', '100', 'b', '200'],
      isInit: true,
    });
    expect(init.validationCode).toBe('VALID');
    expect((await sdkQuery(profile1, { channelId: CHANNEL_2X, chaincode: CC, args: ['query', 'a'] })).payload).toBe(
      '100',
    );
    const again = await rejected(
      sdkInvoke(profile1, { channelId: CHANNEL_2X, chaincode: CC, args: ['init', 'a', '1', 'b', '2'], isInit: true }),
    );
    expect(again).toMatchObject({ code: 'ENDORSEMENT_FAILED' });
    expect(again.message).toMatch(/already initialized/);
  });
});
