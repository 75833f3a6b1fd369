/**
 * Issue 13 point 2 on the devnet: `channel create` and `channel join` set each member's anchor
 * peers, so a third-party client that relies on service discovery (fabric-network with
 * discovery on, given only its own member's peers) submits and evaluates on a two-member AND
 * channel with no other fabkit step; and on the 2.x lifecycle the member whose approval makes
 * the majority commits and initializes without having imported the other's bundle.
 *
 * One suite, two devnet styles (issue 14): the AMB style (the shared devnet; members enroll, and
 * create/join add the anchor peers with a config update) and the fabric style (a devnet this file
 * starts: NodeOU Admin MSPs from organizations/, no enroll; the channel is created through
 * osnadmin and its genesis block already carries both members' anchor peers, so create and join
 * find them set).
 */
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { Gateway, Wallets } from 'fabric-network';
import { connectionProfileOf, loadProfile } from '../../src/index';
import { adminIdentityOf } from '../../src/sdk/gateway';
import { fabkit, readNetwork, styleDevnet } from '../helpers/devnet';
import type { DevnetStyle } from '../helpers/devnet';

jest.setTimeout(300_000);

const CC = path.resolve(__dirname, '..', '..', 'chaincode', 'example02');
const INIT = '{"Args":["init","a","100","b","200"]}';

async function ok(args: string[]): Promise<Record<string, unknown>> {
  const r = await fabkit([...args, '--json']);
  if (r.exitCode !== 0) throw new Error(`fabkit ${args.join(' ')} exited ${r.exitCode}:\n${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** A fabric-network gateway for member 2 that knows only member 2's own peer and discovers the rest. */
async function discoveryGateway(home: string): Promise<Gateway> {
  const { profile } = loadProfile(home);
  const ccp = await connectionProfileOf(profile, { members: [] });
  const wallet = await Wallets.newInMemoryWallet();
  await wallet.put('admin', await adminIdentityOf(profile));
  const gateway = new Gateway();
  await gateway.connect(ccp as unknown as Record<string, unknown>, {
    wallet,
    identity: 'admin',
    discovery: { enabled: true, asLocalhost: ccp['x-fabkit'].discovery.asLocalhost },
  });
  return gateway;
}

describe.each<[DevnetStyle]>([['amb'], ['fabric']])('anchor peers and discovery on the %s-style devnet', (style) => {
  const tag = crypto.randomBytes(3).toString('hex');
  const channel = `disc-${tag}`;
  const name = `disccc_${tag}`;
  let devnet: { dir: string; stop: () => Promise<void> } | undefined;
  let dir = '';
  let m1 = '';
  let m2 = '';
  let h1 = '';
  let h2 = '';
  let AND = '';

  afterAll(async () => {
    await devnet?.stop();
  });

  beforeAll(async () => {
    devnet = await styleDevnet(style);
    dir = devnet.dir;
    const net = readNetwork(dir);
    m1 = net.Members[0]?.Id ?? '';
    m2 = net.Members[1]?.Id ?? '';
    h1 = path.join(dir, 'homes', `disc-${tag}-m1`);
    h2 = path.join(dir, 'homes', `disc-${tag}-m2`);
    AND = `AND('${m1}.member','${m2}.member')`;
    for (const [home, member] of [
      [h1, 'org1'],
      [h2, 'org2'],
    ] as const) {
      await ok(['init', '--home', home, '--from-devnet', dir, '--member', member]);
      // fabric style: init copied the org's Admin MSP (admin by its OU); there is nothing to enroll.
      if (style === 'amb') await ok(['enroll', '--home', home]);
    }
    const bundle = path.join(dir, 'homes', `disc-${tag}-m2.bundle.json`);
    await ok(['member', 'export', '--home', h2, '--out', bundle]);
    await ok(['member', 'import', bundle, '--home', h1]);
  });

  it('create and join set both anchor peers; a re-run keeps them', async () => {
    const created = await ok(['channel', 'create', channel, '--member', m2, '--lifecycle', '2.x', '--home', h1]);
    // fabric style: the genesis block carries both members' anchor peers already.
    const set = style === 'amb' ? 'updated' : 'already-set';
    expect(created).toMatchObject({ join: { anchorPeers: { outcome: set, memberId: m1 } } });
    const joined = await ok(['channel', 'join', channel, '--home', h2]);
    expect(joined).toMatchObject({ anchorPeers: { outcome: set, memberId: m2 } });
    const again = await ok(['channel', 'join', channel, '--home', h2]);
    expect(again).toMatchObject({ anchorPeers: { outcome: 'already-set' } });
    const show = (await ok(['channel', 'show', channel, '--home', h2])) as { anchorPeers: Record<string, unknown[]> };
    expect(show.anchorPeers[m1]).toHaveLength(1);
    expect(show.anchorPeers[m2]).toHaveLength(1);
  });

  it('2.x: member 1 approves; member 2, which never imported member 1, makes the majority and commits and inits', async () => {
    const first = await ok(['chaincode', 'deploy', name, '-C', channel, '-p', CC, '-c', INIT, '-P', AND, '--home', h1]);
    expect(first).toMatchObject({ ready: false });
    const second = await ok([
      'chaincode',
      'deploy',
      name,
      '-C',
      channel,
      '-p',
      CC,
      '-c',
      INIT,
      '-P',
      AND,
      '--home',
      h2,
    ]);
    expect(second).toMatchObject({ ready: true });
    expect((second.steps as { outcome: string }[]).map((s) => s.outcome)).toEqual(['done', 'done', 'done', 'done']);
  });

  it('a discovery-based fabric-network client submits and evaluates under AND with no other fabkit step', async () => {
    const gateway = await discoveryGateway(h2);
    try {
      const contract = (await gateway.getNetwork(channel)).getContract(name);
      await contract.submitTransaction('invoke', 'a', 'b', '10');
      expect((await contract.evaluateTransaction('query', 'a')).toString()).toBe('90');
    } finally {
      gateway.disconnect();
    }
    // Both members see the new value through fabkit too (member 2 plans its endorsers from the anchor peers).
    for (const home of [h1, h2]) {
      const r = await ok(['chaincode', 'query', name, '-C', channel, '-c', '{"Args":["query","a"]}', '--home', home]);
      expect(String(r.payload)).toBe('90');
    }
  });
});
