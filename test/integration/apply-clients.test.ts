/**
 * Issue 13's acceptance client: on a two-member AND channel that one `fabkit apply` made, with no
 * other fabkit step in between, third-party discovery-based clients submit and evaluate: fabric-network
 * with discovery on (asLocalhost false), and @hyperledger/fabric-gateway over @grpc/grpc-js (the peer's
 * gateway finds the other member's endorser through discovery; run as its own Node process, as its ESM-only
 * dependency does not load under jest). Each is given only member 2's own peer.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import execa from 'execa';
import { Gateway, Wallets } from 'fabric-network';
import { connectionProfileOf, loadProfile } from '../../src/index';
import { adminIdentityOf } from '../../src/sdk/gateway';
import { fabkit, ROOT, sharedDevnet } from '../helpers/devnet';
import { waitUntil } from '../helpers/fabric-cli';

jest.setTimeout(600_000);

const { dir } = sharedDevnet();
const tag = crypto.randomBytes(3).toString('hex');
const work = path.join(dir, 'homes', `apply-cl-${tag}`);
const channel = `apcl-${tag}`;
const cc = `apclcc_${tag}`;
const h1 = path.join(work, 'org1');
const h2 = path.join(work, 'org2');

beforeAll(async () => {
  fs.mkdirSync(work, { recursive: true });
  const file = path.join(work, 'network.yaml');
  fs.writeFileSync(
    file,
    [
      `devnet: ${dir}`,
      'members:',
      '  - { name: org1, home: org1 }',
      '  - { name: org2, home: org2 }',
      'channels:',
      `  - { name: ${channel}, members: [org1, org2], lifecycle: "2.x" }`,
      'chaincode:',
      `  - { name: ${cc}, channel: ${channel}, path: ${path.join(ROOT, 'chaincode', 'example02')}, policy: "AND(org1, org2)", init: ["init", "a", "100", "b", "200"] }`,
    ].join('\n'),
  );
  const r = await fabkit(['apply', file, '--json']);
  if (r.exitCode !== 0) throw new Error(`fabkit apply exited ${r.exitCode}:\n${r.stdout}\n${r.stderr}`);
});

it('fabric-network with discovery on (asLocalhost false), given only member 2 and its peer: submit and evaluate', async () => {
  const { profile } = loadProfile(h2);
  const ccp = await connectionProfileOf(profile, { members: [] });
  expect(ccp['x-fabkit'].discovery.asLocalhost).toBe(false);
  const wallet = await Wallets.newInMemoryWallet();
  await wallet.put('admin', await adminIdentityOf(profile));
  const gateway = new Gateway();
  await gateway.connect(ccp as unknown as Record<string, unknown>, {
    wallet,
    identity: 'admin',
    discovery: { enabled: true, asLocalhost: false },
  });
  try {
    const contract = (await gateway.getNetwork(channel)).getContract(cc);
    await contract.submitTransaction('invoke', 'a', 'b', '10');
    expect((await contract.evaluateTransaction('query', 'a')).toString()).toBe('90');
  } finally {
    gateway.disconnect();
  }
});

it('@hyperledger/fabric-gateway on @grpc/grpc-js, given only member 2 and its peer: submit and evaluate', async () => {
  const { profile } = loadProfile(h2);
  const peer = profile.peers[0];
  if (!peer) throw new Error('member 2 has no peer');
  const identity = await adminIdentityOf(profile);
  const keys = fs.mkdtempSync(path.join(work, 'gw-'));
  fs.writeFileSync(path.join(keys, 'cert.pem'), identity.credentials.certificate);
  fs.writeFileSync(path.join(keys, 'key.pem'), identity.credentials.privateKey, { mode: 0o600 });
  const r = await execa(
    process.execPath,
    [
      path.join(ROOT, 'test', 'helpers', 'gateway-client.js'),
      peer.endpoint.address,
      profile.tls.chainFile,
      identity.mspId,
      path.join(keys, 'cert.pem'),
      path.join(keys, 'key.pem'),
      channel,
      cc,
      'invoke',
      'b',
      'a',
      '5',
    ],
    { reject: false, cwd: ROOT },
  );
  fs.rmSync(keys, { recursive: true, force: true });
  if (r.exitCode !== 0) throw new Error(`gateway client exited ${r.exitCode}:\n${r.stderr}`);
  expect(JSON.parse(r.stdout)).toEqual({ a: '95', b: '205' });
  // Member 1's peer commits it too (polled: the gateway reported member 2's peer's commit).
  await waitUntil("member 1's peer to show a = 95", 30_000, async () => {
    const q = await fabkit([
      'chaincode',
      'query',
      cc,
      '-C',
      channel,
      '-c',
      '{"Args":["query","a"]}',
      '--home',
      h1,
      '--json',
    ]);
    return q.exitCode === 0 && (JSON.parse(q.stdout) as { payload?: string }).payload === '95' ? true : undefined;
  });
});
