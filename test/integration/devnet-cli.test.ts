/** `fabkit devnet up|down|status` as a user runs them: idempotence, clear errors, clean teardown. */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fabkit, SHARED_BASE_PORT, sharedDevnet } from '../helpers/devnet';
import { groupHasLiveMembers } from '../../src/devnet/processes';
import { isListening } from '../../src/devnet/ports';

jest.setTimeout(120_000);

describe('fabkit devnet', () => {
  it('reports "already running" (exit 0) when up runs twice, and leaves the network intact', async () => {
    const { dir } = sharedDevnet();
    const again = await fabkit(['devnet', 'up', '--dir', dir, '--base-port', String(SHARED_BASE_PORT)]);
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
    expect(network.OrderingServiceEndpoint).toBe(`127.0.0.1:${SHARED_BASE_PORT}`);
    expect(network.Members).toHaveLength(2);
    for (const m of network.Members) {
      expect(m.Id).toMatch(/^m-[A-Z0-9]{26}$/);
      expect(m.AdminUsername).toBe('AdminUser');
      expect(m.CaEndpoint).toMatch(/^127\.0\.0\.1:\d+$/);
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
    expect(fs.readFileSync(network.TlsChainPath, 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
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

  it('runs side by side on another base port, and down leaves no process and no listener', async () => {
    const base = SHARED_BASE_PORT + 3000;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-second-'));
    const up = await fabkit(['devnet', 'up', '--dir', dir, '--base-port', String(base), '--members', '1', '--json']);
    expect(up.exitCode).toBe(0);
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
