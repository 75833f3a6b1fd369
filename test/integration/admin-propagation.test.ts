/**
 * AMB's admin semantics on the devnet, judged by the real peer CLI: a cert that is not the
 * member's propagated admin cannot create a channel; the bootstrap admin's cert can only once
 * the devnet has propagated it (the watcher is paused to hold that moment deterministically).
 * And the fabric-samples habit: an application that enrolls the bootstrap admin into a fresh
 * wallet on every run and submits at once works every run, with the peer never restarted and
 * the admin sets bounded.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import FabricCAServices from 'fabric-ca-client';
import { Gateway, Wallets } from 'fabric-network';
import type { X509Identity } from 'fabric-network';
import { ADMINS_KEPT_PER_SUBJECT } from '../../src/devnet/system-channel';
import { connectionProfileOf, loadProfile } from '../../src/index';
import { adminPassword, fabkit, readNetwork, sharedDevnet } from '../helpers/devnet';
import type { MemberCli } from '../helpers/fabric-cli';
import { bin, enrollAdmin, memberCli, must, ordererArgs, waitUntil, writeConfigtx } from '../helpers/fabric-cli';

jest.setTimeout(300_000);

const CC = path.resolve(__dirname, '..', '..', 'chaincode', 'example02');

async function tryCreate(cli: MemberCli, channel: string): Promise<{ exitCode: number; stderr: string }> {
  writeConfigtx(cli, [{ memberId: cli.memberId, mspDir: cli.mspDir }], 'V1_4_2');
  await must(cli, 'configtxgen', [
    '-outputCreateChannelTx',
    `${channel}.tx`,
    '-profile',
    'Channel',
    '-channelID',
    channel,
  ]);
  return bin(cli, 'peer', [
    'channel',
    'create',
    '-c',
    channel,
    '-f',
    `${channel}.tx`,
    '--outputBlock',
    `${channel}.block`,
    ...ordererArgs(cli),
  ]);
}

function pidOf(name: string): number {
  const state = JSON.parse(fs.readFileSync(path.join(sharedDevnet().dir, 'state.json'), 'utf8')) as {
    processes: { name: string; pid: number }[];
  };
  const proc = state.processes.find((p) => p.name === name);
  if (!proc) throw new Error(`no ${name} in state.json`);
  return proc.pid;
}
const watcherPid = (): number => pidOf('admin-watcher');

interface AdminRecord {
  memberId: string;
  fingerprint: string;
  ms: number;
  peer?: 'ou' | 'admincerts';
}
const adminRecords = (): AdminRecord[] => {
  const file = path.join(sharedDevnet().dir, 'admins.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as AdminRecord[]) : [];
};

describe('admin propagation (AMB semantics)', () => {
  it('refuses channel creation before propagation, and accepts it after', async () => {
    const m2 = memberCli(1, 'member2-propagation');
    // The member's first admin cert reaches its peer through admincerts/ and one restart (AMB's
    // delay, emulated); later ones carry OU=admin, which the peer classifies at once (no restart).
    const peerMsp = path.join(sharedDevnet().dir, 'private', 'orgs', 'org2', 'peer', 'msp');
    const first =
      !adminRecords().some((a) => a.memberId === m2.cli.memberId) || !fs.existsSync(path.join(peerMsp, 'config.yaml'));
    const pid = watcherPid();
    process.kill(pid, 'SIGSTOP');
    try {
      await enrollAdmin(m2.cli, m2.caEndpoint, m2.user, m2.password);
      const refused = await tryCreate(m2.cli, 'beforepropagation');
      expect(refused.exitCode).not.toBe(0);
      expect(refused.stderr).toMatch(/implicit policy evaluation failed|signature set did not satisfy policy/);
      const peerAnswer = await bin(m2.cli, 'peer', ['chaincode', 'list', '--installed']);
      if (first) expect(peerAnswer.exitCode).not.toBe(0);
      else expect(peerAnswer.exitCode).toBe(0);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const accepted = await waitUntil('propagation of the member 2 admin', 60_000, async () => {
      const r = await tryCreate(m2.cli, 'afterpropagation');
      return r.exitCode === 0 ? r : undefined;
    });
    expect(accepted.value.exitCode).toBe(0);
    const admins = JSON.parse(fs.readFileSync(path.join(sharedDevnet().dir, 'admins.json'), 'utf8')) as {
      memberId: string;
      ms: number;
    }[];
    expect(admins.some((a) => a.memberId === m2.cli.memberId)).toBe(true);
  });

  it('refuses channel creation signed by a registered user that is not the admin', async () => {
    const m1 = memberCli(0, 'member1-nonadmin');
    await enrollAdmin(m1.cli, m1.caEndpoint, m1.user, m1.password);
    // Register and enroll an ordinary user with the bootstrap admin as registrar.
    const userMsp = path.join(m1.cli.home, 'user-msp');
    await must(
      m1.cli,
      'fabric-ca-client',
      [
        'register',
        '--id.name',
        'plainuser',
        '--id.type',
        'client',
        '--id.affiliation',
        'org1',
        '-u',
        `https://${m1.caEndpoint}`,
        '--tls.certfiles',
        m1.cli.tlsChain,
        '-M',
        m1.cli.mspDir,
      ],
      { FABRIC_CA_CLIENT_ID_SECRET: 'PlainUser1pw' },
    );
    await must(m1.cli, 'fabric-ca-client', ['enroll', '--tls.certfiles', m1.cli.tlsChain, '-M', userMsp], {
      FABRIC_CA_CLIENT_URL: `https://plainuser:PlainUser1pw@${m1.caEndpoint}`,
    });
    // The CLI only loads an MSP with admincerts, so list the user's own cert there, as a confused user might.
    fs.mkdirSync(path.join(userMsp, 'admincerts'), { recursive: true });
    fs.copyFileSync(path.join(userMsp, 'signcerts', 'cert.pem'), path.join(userMsp, 'admincerts', 'cert.pem'));
    const asUser: MemberCli = { ...m1.cli, mspDir: userMsp };
    const refused = await tryCreate(asUser, 'notanadmin');
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toMatch(/implicit policy evaluation failed|signature set did not satisfy policy/);
  });
});

describe('an application that enrolls the bootstrap admin into a fresh wallet on every run (fabric-samples style)', () => {
  const { dir } = sharedDevnet();
  const net = readNetwork(dir);
  const member = net.Members[0];
  const tag = crypto.randomBytes(3).toString('hex');
  const home = path.join(dir, 'homes', `fresh-wallet-${tag}`);
  const channel = `freshwallet-${tag}`;
  const name = `freshcc_${tag}`;
  const orgDir = path.join(dir, 'private', 'orgs', member?.Name ?? 'org1');
  const admincertsOf = (msp: string): string[] =>
    fs.readdirSync(path.join(orgDir, msp, 'admincerts')).filter((f) => f.startsWith(`${member?.AdminUsername}-`));

  async function ok(args: string[]): Promise<Record<string, unknown>> {
    const r = await fabkit([...args, '--json']);
    if (r.exitCode !== 0) throw new Error(`fabkit ${args.join(' ')} exited ${r.exitCode}:\n${r.stderr}`);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }

  /** One run of the application: enroll into a fresh in-memory wallet, connect with discovery, submit at once. */
  async function appRun(i: number): Promise<{ cert: string; key: string; root: string }> {
    const { profile } = loadProfile(home);
    const ccp = await connectionProfileOf(profile, { members: [], channels: [channel] });
    const ca = Object.values(ccp.certificateAuthorities)[0];
    if (!ca || !member) throw new Error('no CA in the connection profile');
    const services = new FabricCAServices(ca.url, { trustedRoots: [...ca.tlsCACerts.pem], verify: true }, ca.caName);
    const enrollment = await services.enroll({
      enrollmentID: member.AdminUsername,
      enrollmentSecret: adminPassword(dir, member.Id),
    });
    const wallet = await Wallets.newInMemoryWallet();
    const identity: X509Identity = {
      credentials: { certificate: enrollment.certificate, privateKey: enrollment.key.toBytes() },
      mspId: member.Id,
      type: 'X.509',
    };
    await wallet.put('admin', identity);
    const gateway = new Gateway();
    await gateway.connect(ccp as unknown as Record<string, unknown>, {
      wallet,
      identity: 'admin',
      discovery: { enabled: true, asLocalhost: ccp['x-fabkit'].discovery.asLocalhost },
    });
    try {
      const contract = (await gateway.getNetwork(channel)).getContract(name);
      await contract.submitTransaction('invoke', 'a', 'b', '1');
      expect((await contract.evaluateTransaction('query', 'a')).toString()).toBe(String(99 - i));
    } finally {
      gateway.disconnect();
    }
    return { cert: enrollment.certificate, key: enrollment.key.toBytes(), root: enrollment.rootCertificate };
  }

  beforeAll(async () => {
    await ok(['init', '--home', home, '--from-devnet', dir, '--member', member?.Name ?? 'org1']);
    await ok(['enroll', '--home', home]);
    await ok(['channel', 'create', channel, '--lifecycle', '2.x', '--home', home]);
    await ok([
      'chaincode',
      'deploy',
      name,
      '-C',
      channel,
      '-p',
      CC,
      '-c',
      '{"Args":["init","a","100","b","200"]}',
      '--home',
      home,
    ]);
  });

  // Skipped: needs the peer's admin-by-OU classification, which is off (FABKIT_DEVNET_ADMIN_BY_OU, see
  // src/devnet/crypto.ts) until `fabkit enroll` also waits for the ordering service; with the
  // admincerts path every run restarts the peer and the application fails with 14 UNAVAILABLE.
  const byOu = process.env.FABKIT_DEVNET_ADMIN_BY_OU === '1';
  if (!byOu)
    process.stderr.write(
      'admin-propagation: the fresh-wallet test is skipped: it needs a devnet started with FABKIT_DEVNET_ADMIN_BY_OU=1 (the peer classifies admins by OU), which is opt-in until `fabkit enroll` also waits for the ordering service\n',
    );
  const runOrSkip = byOu ? it : it.skip;
  runOrSkip(
    'succeeds on every run; the peer is never restarted; each new cert is an admin by its OU; the admin sets stay bounded',
    async () => {
      const peerPid = pidOf(`peer-${member?.Name ?? 'org1'}`);
      const runs = ADMINS_KEPT_PER_SUBJECT + 2;
      const runsDone: { cert: string; key: string; root: string }[] = [];
      for (let i = 0; i < runs; i += 1) runsDone.push(await appRun(i));
      const fingerprints = runsDone.map(({ cert }) =>
        crypto.createHash('sha256').update(new crypto.X509Certificate(cert).raw).digest('hex'),
      );
      const recorded = await waitUntil("the watcher to record every run's cert", 120_000, async () => {
        const records = adminRecords().filter((a) => fingerprints.includes(a.fingerprint));
        return records.length === runs ? records : undefined;
      });
      expect(recorded.value.map((r) => r.peer)).toEqual(Array(runs).fill('ou'));
      expect(pidOf(`peer-${member?.Name ?? 'org1'}`)).toBe(peerPid);
      expect(admincertsOf('peer/msp').length).toBeLessThanOrEqual(ADMINS_KEPT_PER_SUBJECT);
      expect(admincertsOf('msp').length).toBeLessThanOrEqual(ADMINS_KEPT_PER_SUBJECT);
      // The newest cert is an admin of the peer at once (listing installed chaincode is local-MSP Admins only).
      const newest = runsDone[runsDone.length - 1];
      if (!newest) throw new Error('no run');
      const m1 = memberCli(0, `fresh-wallet-${tag}`);
      const msp = path.join(m1.cli.home, 'newest-msp');
      for (const [sub, file, text] of [
        ['signcerts', 'cert.pem', newest.cert],
        ['admincerts', 'cert.pem', newest.cert],
        ['cacerts', 'ca.pem', newest.root],
        ['keystore', 'key_sk', newest.key],
      ] as const) {
        fs.mkdirSync(path.join(msp, sub), { recursive: true });
        fs.writeFileSync(path.join(msp, sub, file), text);
      }
      const listed = await bin({ ...m1.cli, mspDir: msp }, 'peer', ['chaincode', 'list', '--installed']);
      expect(listed.exitCode).toBe(0);
    },
  );
});
