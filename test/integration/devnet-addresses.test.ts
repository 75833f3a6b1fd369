/**
 * AMB-shaped endpoints: a second devnet on its own loopback addresses (AMB role ports) runs side
 * by side with the shared one; with --hosts its AMB-shaped names resolve and the Go binaries use
 * them; without names, the peer CLI and grpc-js (under fabric-network and fabric-gateway) can still
 * check a certificate against the name by a TLS server-name override, fabric-ca-client cannot (it
 * connects by address, which every certificate names too); `down` removes exactly its hosts block.
 */
import * as dns from 'node:dns/promises';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { fabkit, readNetwork, SECOND_ADDRESS_BLOCK, sharedDevnet, sharedUsesHosts } from '../helpers/devnet';
import { bin } from '../helpers/fabric-cli';
import type { MemberCli } from '../helpers/fabric-cli';
import { withoutBlock } from '../../src/devnet/hosts-file';
import { isListening } from '../../src/devnet/ports';

jest.setTimeout(180_000);

const HOSTS = process.env.FABKIT_HOSTS_FILE || '/etc/hosts';

interface UpJson {
  endpoints: { orderer: string; cas: string[]; peers: string[] };
  hostsFile?: string;
}

/** The address a name maps to in the devnet's own `hosts` lines. */
function addressOf(dir: string, name: string): string {
  const line = fs
    .readFileSync(path.join(dir, 'hosts'), 'utf8')
    .split('\n')
    .find((l) => l.endsWith(` ${name}`));
  if (!line) throw new Error(`no address for ${name}`);
  return line.split(' ')[0] ?? '';
}

const hostOf = (endpoint: string): string => endpoint.replace(/:\d+$/, '');

/** grpc-js (what fabric-network and fabric-gateway run on) connects and completes the TLS handshake. */
async function grpcHandshake(address: string, chain: Buffer, serverName?: string): Promise<string | undefined> {
  const options = serverName ? { 'grpc.ssl_target_name_override': serverName } : {};
  const client = new grpc.Client(address, grpc.credentials.createSsl(chain), options);
  try {
    await new Promise<void>((resolve, reject) =>
      client.waitForReady(Date.now() + 5000, (e) => (e ? reject(e) : resolve())),
    );
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    client.close();
  }
}

describe('devnet on AMB-shaped endpoints', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-amb-shaped-'));
  const withNames = sharedUsesHosts();
  const hostsBefore = fs.existsSync(HOSTS) ? fs.readFileSync(HOSTS, 'utf8') : '';
  let up: UpJson;
  let cli: MemberCli;

  afterAll(async () => {
    await fabkit(['devnet', 'down', '--dir', dir, '--purge']);
  });

  it('refuses a busy address:port of its block, naming it and --address-block', async () => {
    const caAddress = SECOND_ADDRESS_BLOCK.replace(/\d+$/, (d) => String(Number(d) + 1));
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(30002, caAddress, resolve));
    const busyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-busy-block-'));
    try {
      const r = await fabkit([
        'devnet',
        'up',
        '--dir',
        busyDir,
        '--address-block',
        SECOND_ADDRESS_BLOCK,
        '--members',
        '1',
      ]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(`Port 30002 on ${caAddress} is already in use`);
      expect(r.stderr).toContain('--address-block');
      expect(fs.existsSync(path.join(busyDir, 'state.json'))).toBe(false);
    } finally {
      blocker.close();
      fs.rmSync(busyDir, { recursive: true, force: true });
    }
  });

  it('runs a second devnet side by side on its own addresses, with the same role ports', async () => {
    const r = await fabkit([
      'devnet',
      'up',
      '--dir',
      dir,
      '--address-block',
      SECOND_ADDRESS_BLOCK,
      '--members',
      '1',
      ...(withNames ? ['--hosts'] : []),
      '--json',
    ]);
    expect(r.exitCode).toBe(0);
    up = JSON.parse(r.stdout) as UpJson;
    const shared = readNetwork(sharedDevnet().dir);
    const second = readNetwork(dir);
    // Both orderers on 30001, both CAs on 30002, both peers on 30003, each on its own address.
    for (const n of [shared, second]) {
      expect(n.OrderingServiceEndpoint).toMatch(/:30001$/);
      expect(n.Members[0]?.CaEndpoint).toMatch(/:30002$/);
      expect(n.Nodes[0]?.PeerEndpoint).toMatch(/:30003$/);
    }
    expect(second.OrderingServiceEndpoint).not.toBe(shared.OrderingServiceEndpoint);
    const status = await fabkit(['devnet', 'status', '--dir', sharedDevnet().dir]);
    expect(status.exitCode).toBe(0);
    const ordererAddress = withNames ? addressOf(dir, hostOf(up.endpoints.orderer)) : hostOf(up.endpoints.orderer);
    expect(ordererAddress).toBe(SECOND_ADDRESS_BLOCK);
    expect(await isListening(30001, ordererAddress)).toBe(true);
    // The AMB documents carry the same endpoints as network.json.
    const getNetwork = JSON.parse(fs.readFileSync(path.join(dir, 'amb', 'get-network.json'), 'utf8')) as {
      Network: { FrameworkAttributes: { Fabric: { OrderingServiceEndpoint: string } } };
    };
    expect(getNetwork.Network.FrameworkAttributes.Fabric.OrderingServiceEndpoint).toBe(second.OrderingServiceEndpoint);
    const home = path.join(dir, 'client');
    fs.mkdirSync(home, { recursive: true });
    fs.copyFileSync(
      path.join(path.dirname(sharedDevnet().binDir), 'config', 'core.yaml'),
      path.join(home, 'core.yaml'),
    );
    cli = {
      binDir: sharedDevnet().binDir,
      home,
      memberId: second.Members[0]?.Id ?? '',
      peer: second.Nodes[0]?.PeerEndpoint ?? '',
      orderer: second.OrderingServiceEndpoint,
      tlsChain: second.TlsChainPath,
      // The devnet's registrar is an admin of its peer: enough for channel list.
      mspDir: path.join(dir, 'private', 'orgs', 'org1', 'registrar', 'msp'),
    };
  });

  it('with --hosts: the AMB-shaped names resolve, and fabric-ca-client and the peer CLI use them', async () => {
    if (!withNames) {
      process.stderr.write(`skipped: ${HOSTS} is not writable (or FABKIT_INT_HOSTS=0), so the names cannot resolve\n`);
      return;
    }
    expect(up.hostsFile).toBe(HOSTS);
    expect(up.endpoints.orderer).toMatch(
      /^orderer\.n-[a-z0-9]{26}\.managedblockchain\.us-east-1\.amazonaws\.com:30001$/,
    );
    expect(up.endpoints.cas[0]).toMatch(
      /^ca\.m-[a-z0-9]{26}\.n-[a-z0-9]{26}\.managedblockchain\.us-east-1\.amazonaws\.com:30002$/,
    );
    expect(up.endpoints.peers[0]).toMatch(/^nd-[a-z0-9]{26}\.m-[a-z0-9]{26}\.n-[a-z0-9]{26}\.managedblockchain\./);
    const resolved = await dns.lookup(hostOf(up.endpoints.orderer), { family: 4 });
    expect(resolved.address).toBe(SECOND_ADDRESS_BLOCK);
    const cainfo = await bin(cli, 'fabric-ca-client', [
      'getcainfo',
      '-u',
      `https://${up.endpoints.cas[0] ?? ''}`,
      '--tls.certfiles',
      cli.tlsChain,
      '-M',
      path.join(cli.home, 'cainfo-msp'),
    ]);
    expect(cainfo.stderr).not.toContain('x509');
    expect(cainfo.exitCode).toBe(0);
    const list = await bin(cli, 'peer', ['channel', 'list']);
    expect(list.stderr).not.toContain('x509');
    expect(list.exitCode).toBe(0);
    expect(await grpcHandshake(up.endpoints.peers[0] ?? '', fs.readFileSync(cli.tlsChain))).toBeUndefined();
  });

  it('by address, with the TLS server name set to the AMB-shaped name: the peer CLI and grpc-js verify the name', async () => {
    const names = fs
      .readFileSync(path.join(dir, 'hosts'), 'utf8')
      .split('\n')
      .filter((l) => /^\d/.test(l))
      .map((l) => l.split(' ') as [string, string]);
    const [ordererIp, ordererName] = names[0] ?? ['', ''];
    const [peerIp, peerName] = names.find(([, n]) => n.startsWith('nd-')) ?? ['', ''];
    const byIp = { CORE_PEER_ADDRESS: `${peerIp}:30003` };
    // Every certificate names its address: no override needed.
    expect((await bin(cli, 'peer', ['channel', 'list'], byIp)).exitCode).toBe(0);
    const named = await bin(cli, 'peer', ['channel', 'list'], { ...byIp, CORE_PEER_TLS_SERVERHOSTOVERRIDE: peerName });
    expect(named.exitCode).toBe(0);
    const wrong = await bin(cli, 'peer', ['channel', 'list', '--connTimeout', '3s'], {
      ...byIp,
      CORE_PEER_TLS_SERVERHOSTOVERRIDE: 'nd-wrong.example.com',
    });
    expect(wrong.exitCode).not.toBe(0);
    expect(wrong.stderr).toContain('certificate is valid for');
    const fetchArgs = ['channel', 'fetch', 'config', path.join(cli.home, 'sys.block'), '-c', 'systemchannel'];
    const asOrdererAdmin = {
      CORE_PEER_LOCALMSPID: 'OrdererMSP',
      CORE_PEER_MSPCONFIGPATH: path.join(
        dir,
        'private',
        'crypto',
        'ordererOrganizations',
        'orderer.devnet',
        'users',
        'Admin@orderer.devnet',
        'msp',
      ),
    };
    const fetch = await bin(
      cli,
      'peer',
      [
        ...fetchArgs,
        '-o',
        `${ordererIp}:30001`,
        '--tls',
        '--cafile',
        cli.tlsChain,
        '--ordererTLSHostnameOverride',
        ordererName,
      ],
      asOrdererAdmin,
    );
    expect(fetch.stderr).not.toContain('x509');
    expect(fetch.exitCode).toBe(0);
    const chain = fs.readFileSync(cli.tlsChain);
    expect(await grpcHandshake(`${peerIp}:30003`, chain, peerName)).toBeUndefined();
    expect(await grpcHandshake(`${ordererIp}:30001`, chain, ordererName)).toBeUndefined();
    expect(await grpcHandshake(`${peerIp}:30003`, chain, 'nd-wrong.example.com')).toBeDefined();
    // fabric-ca-client has no server-name override: it connects by the address, which the CA's certificate names.
    const caIp = names.find(([, n]) => n.startsWith('ca.'))?.[0] ?? '';
    const cainfo = await bin(cli, 'fabric-ca-client', [
      'getcainfo',
      '-u',
      `https://${caIp}:30002`,
      '--tls.certfiles',
      cli.tlsChain,
      '-M',
      path.join(cli.home, 'cainfo-ip-msp'),
    ]);
    expect(cainfo.exitCode).toBe(0);
  });

  it('down removes exactly its hosts block and leaves every other line', async () => {
    const during = fs.existsSync(HOSTS) ? fs.readFileSync(HOSTS, 'utf8') : '';
    const networkId = readNetwork(dir).NetworkId;
    expect(during.includes(`# BEGIN fabkit devnet ${networkId} `)).toBe(withNames);
    const down = await fabkit(['devnet', 'down', '--dir', dir, '--json']);
    expect(down.exitCode).toBe(0);
    expect((JSON.parse(down.stdout) as { hostsBlock: string }).hostsBlock).toBe(withNames ? 'removed' : 'absent');
    const after = fs.existsSync(HOSTS) ? fs.readFileSync(HOSTS, 'utf8') : '';
    expect(after).not.toContain(networkId);
    // Lines outside the block, the shared devnet's block among them, are untouched.
    expect(after).toBe(withoutBlock(during, networkId).text);
    if (withNames) expect(during).not.toBe(hostsBefore);
  });
});
