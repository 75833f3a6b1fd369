/**
 * Issue 14's acceptance on the modern-style devnet (`devnet up --style fabric`: NodeOU MSPs, no
 * system channel, orderer channel participation), through the built `fabkit` CLI: two members
 * init from the devnet (Admin MSPs from organizations/), doctor names the network kind, a channel
 * is created through osnadmin and joined by both, a 2.x chaincode with an AND policy is deployed,
 * invoked and queried (90 on both); each step re-run reports it already done. An orderer admin
 * identity the orderer refuses is named, and nothing is written. This file starts its own devnet
 * (base port FABKIT_INT_BASE_PORT + 50) and stops it afterwards.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fabkit, readNetwork, SHARED_BASE_PORT } from '../helpers/devnet';
import { makeTestPki } from '../helpers/test-pki';

jest.setTimeout(600_000);

const CC = path.resolve(__dirname, '..', '..', 'chaincode', 'example02');
const INIT = '{"Args":["init","a","100","b","200"]}';
const BASE_PORT = SHARED_BASE_PORT + 50;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-fabric-style-'));
const tag = crypto.randomBytes(3).toString('hex');
const h1 = path.join(dir, 'homes', 'm1');
const h2 = path.join(dir, 'homes', 'm2');
const CHANNEL = `fab-${tag}`;
const ANDCC = `andcc_${tag}`;

async function ok(args: string[]): Promise<Record<string, any>> {
  const r = await fabkit([...args, '--json']);
  if (r.exitCode !== 0) throw new Error(`fabkit ${args.join(' ')} exited ${r.exitCode}:\n${r.stderr}\n${r.stdout}`);
  return JSON.parse(r.stdout) as Record<string, any>;
}
const outcomes = (r: Record<string, any>): string[] => (r.steps as { outcome: string }[]).map((s) => s.outcome);
const query = async (home: string): Promise<string> =>
  String(
    (await ok(['chaincode', 'query', ANDCC, '-C', CHANNEL, '-c', '{"Args":["query","a"]}', '--home', home])).payload,
  );

let m1 = '';
let m2 = '';

beforeAll(async () => {
  const up = await ok(['devnet', 'up', '--dir', dir, '--base-port', String(BASE_PORT), '--style', 'fabric']);
  process.stderr.write(`fabric-style devnet up in ${(Number(up.totalMs) / 1000).toFixed(1)}s\n`);
  const net = readNetwork(dir);
  m1 = net.Members[0]?.Id ?? '';
  m2 = net.Members[1]?.Id ?? '';
});

afterAll(async () => {
  await fabkit(['devnet', 'down', '--dir', dir, '--purge']);
});

describe('devnet up --style fabric', () => {
  it('is shaped as test-network: organizations/, NodeOU MSPs without admincerts, connection-<org>.json', () => {
    const org1 = path.join(dir, 'organizations', 'peerOrganizations', 'org1.devnet');
    const files = (fs.readdirSync(path.join(dir, 'organizations'), { recursive: true }) as string[]).map(String);
    expect(files.filter((f) => f.split(path.sep).includes('admincerts'))).toEqual([]);
    expect(fs.readFileSync(path.join(org1, 'msp', 'config.yaml'), 'utf8')).toMatch(/Enable: true/);
    expect(fs.existsSync(path.join(org1, 'users', 'Admin@org1.devnet', 'msp', 'config.yaml'))).toBe(true);
    const cp = JSON.parse(fs.readFileSync(path.join(org1, 'connection-org1.json'), 'utf8'));
    expect(cp.organizations.Org1.mspid).toBe(m1);
    expect(cp.peers['peer0.org1.devnet'].url).toMatch(/^grpcs:\/\/localhost:\d+$/);
    expect(Object.keys(cp.orderers)).toEqual(['orderer0.orderer.devnet']);
    expect(fs.existsSync(path.join(org1, 'connection-org1.yaml'))).toBe(true);
    expect(readNetwork(dir).Style).toBe('fabric');
  });

  it('a second up keeps the style (status and restart read it from the state)', async () => {
    expect((await ok(['devnet', 'up', '--dir', dir, '--base-port', String(BASE_PORT)])).outcome).toBe(
      'already-running',
    );
    expect((await ok(['devnet', 'status', '--dir', dir])).running).toBe(true);
  });
});

describe('two members on a network without a system channel', () => {
  it('init: org1 from the devnet (it holds the orderer admin), org2 from its connection profile and Admin MSP (re-runs: already initialized)', async () => {
    expect((await ok(['init', '--home', h1, '--from-devnet', dir, '--member', 'org1'])).outcome).toBe('created');
    expect((await ok(['init', '--home', h1, '--from-devnet', dir, '--member', 'org1'])).outcome).toBe(
      'already-initialized',
    );
    expect(fs.statSync(path.join(h1, 'orderer-admin', 'client.key')).mode & 0o777).toBe(0o600);
    const org2 = path.join(dir, 'organizations', 'peerOrganizations', 'org2.devnet');
    const fromProfile = [
      'init',
      '--home',
      h2,
      '--from-connection-profile',
      path.join(org2, 'connection-org2.json'),
      '--msp',
      path.join(org2, 'users', 'Admin@org2.devnet', 'msp'),
    ];
    expect((await ok(fromProfile)).outcome).toBe('created');
    expect((await ok(fromProfile)).outcome).toBe('already-initialized');
    for (const home of [h1, h2]) {
      expect(fs.existsSync(path.join(home, 'admin-msp', 'config.yaml'))).toBe(true);
      expect(fs.existsSync(path.join(home, 'admin-msp', 'admincerts'))).toBe(false);
    }
  });

  it('enroll on a NodeOU network: a new cert with OU admin, config.yaml and no admincerts; the peer takes it as admin at once', async () => {
    const before = fs.readFileSync(
      path.join(h1, 'admin-msp', 'signcerts', fs.readdirSync(path.join(h1, 'admin-msp', 'signcerts'))[0] ?? ''),
      'utf8',
    );
    const r = await ok(['enroll', '--home', h1, '--force']);
    expect(r.outcome).toBe('enrolled');
    const signcerts = path.join(h1, 'admin-msp', 'signcerts');
    const cert = new crypto.X509Certificate(fs.readFileSync(path.join(signcerts, fs.readdirSync(signcerts)[0] ?? '')));
    expect(cert.toString()).not.toBe(before);
    expect(cert.subject).toMatch(/OU=admin/);
    expect(fs.readFileSync(path.join(h1, 'admin-msp', 'config.yaml'), 'utf8')).toMatch(/Enable: true/);
    expect(fs.existsSync(path.join(h1, 'admin-msp', 'admincerts'))).toBe(false);
    expect((await fabkit(['msp', 'verify', '--home', h1])).exitCode).toBe(0);
    expect((await ok(['enroll', '--home', h1])).outcome).toBe('already-enrolled');
  });

  it('doctor says which kind of network it found', async () => {
    const r = await ok(['doctor', '--home', h1]);
    const network = (r.checks as { id: string; status: string; detail: string }[]).find((c) => c.id === 'network');
    expect(network).toMatchObject({ status: 'pass', detail: expect.stringMatching(/^no system channel .*osnadmin/) });
    expect(r.ok).toBe(true);
  });

  it('creates the channel through osnadmin, and both join (re-runs: already done)', async () => {
    const bundle = path.join(dir, 'homes', 'm2.bundle.json');
    await ok(['member', 'export', '--home', h2, '--out', bundle]);
    await ok(['member', 'import', bundle, '--home', h1]);
    const created = await ok(['channel', 'create', CHANNEL, '--member', m2, '--home', h1]);
    expect(created).toMatchObject({
      outcome: 'created',
      network: 'channel-participation',
      members: [m1, m2],
      ordererJoins: [{ outcome: 'joined', status: 'active' }],
    });
    expect(created.txFile).toBeUndefined(); // no channel creation transaction: a genesis block
    process.stderr.write(`channel create via osnadmin: ${created.createMs} ms\n`);
    const again = await ok(['channel', 'create', CHANNEL, '--member', m2, '--home', h1]);
    expect(again).toMatchObject({ outcome: 'already-exists', ordererJoins: [{ outcome: 'already-joined' }] });
    expect((again.join.peers as { outcome: string }[]).map((p) => p.outcome)).toEqual(['already-joined']);
    const joined = await ok(['channel', 'join', CHANNEL, '--home', h2]);
    expect((joined.peers as { outcome: string }[]).map((p) => p.outcome)).toEqual(['joined']);
    const rejoin = await ok(['channel', 'join', CHANNEL, '--home', h2]);
    expect((rejoin.peers as { outcome: string }[]).map((p) => p.outcome)).toEqual(['already-joined']);
  });

  it("channel list and show include the orderers' view", async () => {
    // org2's home came from a connection profile: no orderer admin, so only its peers' view.
    const list2 = await ok(['channel', 'list', '--home', h2]);
    expect(list2.peers[0].channels).toContain(CHANNEL);
    expect(list2.orderers).toBeUndefined();
    const list = await ok(['channel', 'list', '--home', h1]);
    expect(list.peers[0].channels).toContain(CHANNEL);
    expect(list.orderers[0]).toMatchObject({ channels: expect.arrayContaining([CHANNEL]) });
    expect(list.orderers[0].systemChannel).toBeUndefined();
    const show = await ok(['channel', 'show', CHANNEL, '--home', h1]);
    expect(show.members).toEqual([m1, m2].sort());
    expect(show.orderers[0].channel).toMatchObject({ name: CHANNEL, status: 'active', consensusRelation: 'consenter' });
  });

  it('deploys a 2.x chaincode with AND, invokes, and both query 90 (re-run: already done)', async () => {
    const AND = `AND('${m1}.member','${m2}.member')`;
    const deploy = (home: string) =>
      ok(['chaincode', 'deploy', ANDCC, '-C', CHANNEL, '-p', CC, '-c', INIT, '--policy', AND, '--home', home]);
    expect((await deploy(h1)).ready).toBe(false);
    expect(await deploy(h2)).toMatchObject({ lifecycle: '2.x', ready: true });
    expect(outcomes(await deploy(h1)).every((o) => o === 'already-done')).toBe(true);
    const inv = await ok([
      'chaincode',
      'invoke',
      ANDCC,
      '-C',
      CHANNEL,
      '-c',
      '{"Args":["invoke","a","b","10"]}',
      '--home',
      h1,
    ]);
    expect(inv.validationCode).toBe('VALID');
    expect(await query(h1)).toBe('90');
    expect(await query(h2)).toBe('90');
  });

  it('refuses an orderer admin identity the orderer does not trust, naming the file, writing nothing', async () => {
    const h3 = path.join(dir, 'homes', 'm1-bad-admin');
    fs.cpSync(h1, h3, { recursive: true });
    fs.rmSync(path.join(h3, 'channel-artifacts'), { recursive: true, force: true });
    // A matching pair from a PKI the orderer's admin listener does not trust.
    const pki = await makeTestPki();
    fs.writeFileSync(path.join(h3, 'orderer-admin', 'client.crt'), pki.foreign.certPem);
    fs.writeFileSync(path.join(h3, 'orderer-admin', 'client.key'), pki.foreign.keyPem, { mode: 0o600 });
    pki.cleanup();
    const r = await fabkit(['channel', 'create', `bad-${tag}`, '--home', h3, '--json']);
    expect(r.exitCode).toBe(1);
    const err = JSON.parse(r.stdout).error as { code: string; message: string };
    expect(err.code).toBe('ORDERER_ADMIN_REFUSED');
    expect(err.message).toContain(path.join(h3, 'orderer-admin', 'client.crt'));
    expect(err.message).not.toContain('PRIVATE KEY');
    expect(fs.existsSync(path.join(h3, 'channel-artifacts'))).toBe(false);
  });
});
