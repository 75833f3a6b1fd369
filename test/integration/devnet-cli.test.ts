/** `fabkit devnet up|down|status` as a user runs them: idempotence, clear errors, clean teardown. */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import execa from 'execa';
import {
  adminPassword,
  fabkit,
  readNetwork,
  SHARED_ADDRESS_BLOCK,
  SHARED_ADDRESS_FLAGS,
  SHARED_BASE_PORT,
  sharedDevnet,
  sharedUsesHosts,
} from '../helpers/devnet';
import { waitUntil } from '../helpers/fabric-cli';
import { groupHasLiveMembers } from '../../src/devnet/processes';
import { isListening } from '../../src/devnet/ports';

jest.setTimeout(120_000);

describe('fabkit devnet', () => {
  it('reports "already running" (exit 0) when up runs twice, and leaves the network intact', async () => {
    const { dir } = sharedDevnet();
    const hosts = sharedUsesHosts() ? ['--hosts'] : [];
    const again = await fabkit(['devnet', 'up', '--dir', dir, ...SHARED_ADDRESS_FLAGS, ...hosts]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain(`devnet already running in ${dir}`);
    const status = await fabkit(['devnet', 'status', '--dir', dir, '--json']);
    expect(status.exitCode).toBe(0);
    const parsed = JSON.parse(status.stdout) as {
      running: boolean;
      processes: { name: string; up: boolean }[];
      endpoints: { up: boolean }[];
    };
    expect(parsed.running).toBe(true);
    expect(parsed.processes.map((p) => p.name).sort()).toEqual([
      'admin-watcher',
      'ca-org1',
      'ca-org2',
      'orderer',
      'peer-org1',
      'peer-org2',
    ]);
    expect(parsed.endpoints).toHaveLength(13);
  });

  it('writes network.json with AMB field names and a 0600 credentials file', () => {
    const { dir } = sharedDevnet();
    const network = JSON.parse(fs.readFileSync(path.join(dir, 'network.json'), 'utf8')) as {
      NetworkId: string;
      OrderingServiceEndpoint: string;
      TlsChainPath: string;
      Members: { Id: string; AdminUsername: string; CaEndpoint: string }[];
      Nodes: { Id: string }[];
    };
    expect(network.NetworkId).toMatch(/^n-[A-Z0-9]{26}$/);
    // AMB-shaped: the orderer's own address (or name, with --hosts) on AMB's role port 30001.
    const shape = (prefix: string, port: number): RegExp =>
      sharedUsesHosts()
        ? new RegExp(`^${prefix}n-[a-z0-9]{26}\\.managedblockchain\\.us-east-1\\.amazonaws\\.com:${port}$`)
        : new RegExp(`^127\\.\\d+\\.\\d+\\.\\d+:${port}$`);
    expect(network.OrderingServiceEndpoint).toMatch(shape('orderer\\.', 30001));
    if (!sharedUsesHosts()) expect(network.OrderingServiceEndpoint).toBe(`${SHARED_ADDRESS_BLOCK}:30001`);
    expect(network.Members).toHaveLength(2);
    for (const m of network.Members) {
      expect(m.Id).toMatch(/^m-[A-Z0-9]{26}$/);
      expect(m.AdminUsername).toBe('AdminUser');
      expect(m.CaEndpoint).toMatch(shape('ca\\.m-[a-z0-9]{26}\\.', 30002));
    }
    for (const n of network.Nodes) expect(n.Id).toMatch(/^nd-[A-Z0-9]{26}$/);
    expect(fs.statSync(path.join(dir, 'credentials.json')).mode & 0o777).toBe(0o600);
    const creds = JSON.parse(fs.readFileSync(path.join(dir, 'credentials.json'), 'utf8')) as Record<
      string,
      { AdminPassword: string }
    >;
    for (const c of Object.values(creds)) {
      // AMB's rules: 8-32 characters, upper, lower, digit, none of ' " / \ @ % or space.
      expect(c.AdminPassword).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)[^'"/\\@% ]{8,32}$/);
    }
    // The TLS PKI: a root and an intermediate, none of them a member CA.
    expect(fs.readFileSync(network.TlsChainPath, 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });

  it('writes the documents aws managedblockchain get-network/get-member/get-node/list-* print, and init reads them', async () => {
    const { dir } = sharedDevnet();
    const net = readNetwork(dir);
    const amb = path.join(dir, 'amb');
    const doc = (file: string): any => JSON.parse(fs.readFileSync(path.join(amb, file), 'utf8'));
    const network = doc('get-network.json').Network;
    expect(network).toMatchObject({
      Id: net.NetworkId,
      Framework: 'HYPERLEDGER_FABRIC',
      FrameworkVersion: '2.5',
      FrameworkAttributes: { Fabric: { OrderingServiceEndpoint: net.OrderingServiceEndpoint, Edition: 'STARTER' } },
      Status: 'AVAILABLE',
      VotingPolicy: { ApprovalThresholdPolicy: { ThresholdComparator: 'GREATER_THAN' } },
    });
    expect(network.Arn).toBe(`arn:aws:managedblockchain:us-east-1::networks/${net.NetworkId}`);
    expect(Number.isNaN(Date.parse(network.CreationDate))).toBe(false);
    expect(doc('list-members.json').Members.map((m: { Id: string }) => m.Id)).toEqual(net.Members.map((m) => m.Id));
    for (const m of net.Members) {
      expect(doc(`get-member-${m.Id}.json`).Member.FrameworkAttributes.Fabric).toEqual({
        AdminUsername: m.AdminUsername,
        CaEndpoint: m.CaEndpoint,
      });
      const [summary] = doc(`list-nodes-${m.Id}.json`).Nodes;
      const node = doc(`get-node-${summary.Id}.json`).Node;
      expect(node).toMatchObject({ MemberId: m.Id, NetworkId: net.NetworkId, Status: 'AVAILABLE', StateDB: 'LevelDB' });
      expect(node.FrameworkAttributes.Fabric.PeerEndpoint).toBe(
        net.Nodes.find((n) => n.MemberId === m.Id)?.PeerEndpoint,
      );
    }
    const member = net.Members[1];
    const home = fs.mkdtempSync(path.join(dir, 'docs-home-'));
    const init = await fabkit([
      'init',
      '--home',
      home,
      '--from-amb-documents',
      amb,
      '--member-id',
      member?.Id ?? '',
      '--tls-chain',
      net.TlsChainPath,
      '--json',
    ]);
    expect(init.exitCode).toBe(0);
    const profile = fs.readFileSync(path.join(home, 'fabkit.yaml'), 'utf8');
    expect(profile).toContain(`caEndpoint: ${member?.CaEndpoint}`);
    expect(profile).toContain(`orderingServiceEndpoint: ${net.OrderingServiceEndpoint}`);
    expect(profile).toContain(net.Nodes.find((n) => n.MemberId === member?.Id)?.PeerEndpoint ?? 'none');
    const doctor = await fabkit(['doctor', '--home', home, '--json']);
    const checks = (JSON.parse(doctor.stdout) as { checks: { id: string; status: string }[] }).checks;
    expect(checks.filter((c) => c.id === 'ca' || c.id.startsWith('tls')).map((c) => c.status)).toEqual(
      expect.arrayContaining(['pass']),
    );
    expect(checks.filter((c) => (c.id === 'ca' || c.id.startsWith('tls')) && c.status !== 'pass')).toEqual([]);
  });

  it('refuses to start on a busy port with an error naming the port (exit 1)', async () => {
    const base = SHARED_BASE_PORT + 2000;
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(base + 12, '127.0.0.1', resolve));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-busy-'));
    try {
      const r = await fabkit(['devnet', 'up', '--dir', dir, '--base-port', String(base), '--members', '1']);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(`Port ${base + 12} on 127.0.0.1 is already in use`);
      expect(r.stderr).toContain('--base-port');
      expect(fs.existsSync(path.join(dir, 'state.json'))).toBe(false);
    } finally {
      blocker.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad options with exit code 2', async () => {
    const r = await fabkit(['devnet', 'up', '--dir', '/tmp/unused', '--members', '0']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--members 0 is invalid');
  });

  it('refuses a FABKIT_DEVNET_ADMIN_PASSWORD that AMB would refuse, before anything starts (exit 2)', async () => {
    const dir = path.join(os.tmpdir(), `fabkit-badpw-${process.pid}`);
    for (const bad of ['short', 'Passw0rd%Percent']) {
      const r = await fabkit(['devnet', 'up', '--dir', dir, '--base-port', String(SHARED_BASE_PORT + 2500)], {
        FABKIT_DEVNET_ADMIN_PASSWORD: bad,
      });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain('FABKIT_DEVNET_ADMIN_PASSWORD is invalid');
      expect(r.stderr + r.stdout).not.toContain(bad);
      expect(fs.existsSync(dir)).toBe(false);
    }
  });

  let envScript = '';
  let envHome = '';
  it("devnet env prints step 6.2's exports; pasted into a shell, the bare peer binary lists channels", async () => {
    const { dir, binDir } = sharedDevnet();
    const net = readNetwork(dir);
    const member = net.Members[0];
    if (!member) throw new Error('no member');
    const home = fs.mkdtempSync(path.join(dir, 'env-home-'));
    envHome = home;
    const env = await fabkit(['devnet', 'env', 'org1', '--dir', dir, '--home', home]);
    expect(env.exitCode).toBe(0);
    const names = env.stdout.split('\n').map((l) => /^export ([A-Z_]+)=/.exec(l)?.[1]);
    expect(names).toEqual([
      'CORE_PEER_TLS_ENABLED',
      'CORE_PEER_TLS_ROOTCERT_FILE',
      'CORE_PEER_LOCALMSPID',
      'CORE_PEER_MSPCONFIGPATH',
      'CORE_PEER_ADDRESS',
      'ORDERER',
      'FABRIC_CFG_PATH',
      'PATH',
    ]);
    expect(env.stdout).toContain(`export CORE_PEER_LOCALMSPID='${member.Id}'`);
    expect(env.stdout).toContain(`export CORE_PEER_MSPCONFIGPATH='${path.join(home, 'admin-msp')}'`);
    // Step 4 by hand (the Go client; the password in FABRIC_CA_CLIENT_URL, not argv), then step 6.2 pasted.
    const url = `https://${member.AdminUsername}:${encodeURIComponent(adminPassword(dir, member.Id))}@${member.CaEndpoint}`;
    const enroll = await execa(
      path.join(binDir, 'fabric-ca-client'),
      ['enroll', '--tls.certfiles', net.TlsChainPath, '-M', path.join(home, 'admin-msp')],
      { reject: false, env: { FABRIC_CA_CLIENT_HOME: home, FABRIC_CA_CLIENT_URL: url } },
    );
    expect(enroll.exitCode).toBe(0);
    fs.mkdirSync(path.join(home, 'admin-msp', 'admincerts'));
    fs.copyFileSync(
      path.join(home, 'admin-msp', 'signcerts', 'cert.pem'),
      path.join(home, 'admin-msp', 'admincerts', 'cert.pem'),
    );
    const script = `${env.stdout}\ncd /\nwhich peer\npeer channel list`;
    envScript = script;
    const listed = await waitUntil('peer channel list with the pasted exports', 60_000, async () => {
      const r = await execa('bash', ['-c', script], {
        reject: false,
        extendEnv: false,
        env: { PATH: '/usr/bin:/bin', HOME: home },
      });
      return r.exitCode === 0 && r.stdout.includes('Channels peers has joined') ? r : undefined;
    });
    expect(listed.value.stdout.split('\n')[0]).toBe(path.join(binDir, 'peer'));
  });

  it('up restarts exactly what died (a peer, the orderer, a CA, each killed by PID), keeping the ledgers', async () => {
    const { dir } = sharedDevnet();
    const listChannels = async (): Promise<string[]> => {
      const r = await waitUntil('peer channel list', 60_000, async () => {
        const x = await execa('bash', ['-c', envScript], {
          reject: false,
          extendEnv: false,
          env: { PATH: '/usr/bin:/bin', HOME: envHome },
        });
        return x.exitCode === 0 ? x : undefined;
      });
      return r.value.stdout
        .split('\n')
        .slice(2)
        .filter((l) => l !== '')
        .sort();
    };
    // Once the peer takes the new admin (an admin-only call), the watcher's peer restart is over.
    await waitUntil('the peer to recognize the admin', 60_000, async () => {
      const x = await execa('bash', ['-c', `${envScript} >/dev/null && peer chaincode list --installed`], {
        reject: false,
        extendEnv: false,
        env: { PATH: '/usr/bin:/bin', HOME: envHome },
      });
      return x.exitCode === 0 ? true : undefined;
    });
    const before = await listChannels();
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')) as {
      processes: { name: string; pid: number; startTicks: number }[];
    };
    const victims = ['peer-org1', 'orderer', 'ca-org2'];
    for (const name of victims) {
      const p = state.processes.find((x) => x.name === name);
      if (!p) throw new Error(`no ${name}`);
      expect(p.startTicks).toBeGreaterThan(0);
      process.kill(p.pid, 'SIGKILL');
    }
    await waitUntil('the killed processes to be gone', 10_000, async () => {
      const s = await fabkit(['devnet', 'status', '--dir', dir, '--json']);
      const down = (JSON.parse(s.stdout) as { processes: { name: string; up: boolean }[] }).processes.filter(
        (p) => !p.up,
      );
      return down.length === victims.length ? true : undefined;
    });
    const hosts = sharedUsesHosts() ? ['--hosts'] : [];
    const up = await fabkit(['devnet', 'up', '--dir', dir, ...SHARED_ADDRESS_FLAGS, ...hosts]);
    expect(up.exitCode).toBe(0);
    expect(up.stdout).toContain('devnet restarted');
    expect(up.stdout).toContain('(restarted: ca-org2, orderer, peer-org1)');
    const status = await fabkit(['devnet', 'status', '--dir', dir]);
    expect(status.exitCode).toBe(0);
    const after = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')) as typeof state;
    for (const p of after.processes) {
      const old = state.processes.find((x) => x.name === p.name);
      if (victims.includes(p.name)) expect(p.pid).not.toBe(old?.pid);
      else expect(p).toEqual(old);
    }
    expect(await listChannels()).toEqual(before);
  });

  it('runs side by side on another base port, and down leaves no process and no listener', async () => {
    const base = SHARED_BASE_PORT + 3000;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-second-'));
    const up = await fabkit([
      'devnet',
      'up',
      '--dir',
      dir,
      '--base-port',
      String(base),
      '--members',
      '1',
      '--batch-size',
      '10',
      '--batch-timeout',
      '1s',
      '--json',
    ]);
    expect(up.exitCode).toBe(0);
    // The orderer runs with the batch options (configtxgen read them into the genesis block).
    const configtx = fs.readFileSync(path.join(dir, 'private', 'artifacts', 'configtx.yaml'), 'utf8');
    expect(configtx).toMatch(/BatchTimeout: 1s/);
    expect(configtx).toMatch(/MaxMessageCount: 10/);
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')) as { processes: { pid: number }[] };
    expect(state.processes).toHaveLength(4);
    const ports = [base, base + 1, base + 2, base + 10, base + 11, base + 12, base + 13, base + 14];
    for (const port of ports) expect(await isListening(port)).toBe(true);
    const down = await fabkit(['devnet', 'down', '--dir', dir, '--purge', '--json']);
    expect(down.exitCode).toBe(0);
    expect((JSON.parse(down.stdout) as { outcome: string }).outcome).toBe('stopped');
    for (const p of state.processes) expect(groupHasLiveMembers(p.pid)).toBe(false);
    for (const port of ports) expect(await isListening(port)).toBe(false);
    expect(fs.existsSync(dir)).toBe(false);
    const again = await fabkit(['devnet', 'down', '--dir', dir]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('no devnet running');
  });
});
