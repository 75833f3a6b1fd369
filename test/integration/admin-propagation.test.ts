/**
 * AMB's admin semantics on the devnet, judged by the real peer CLI: a cert that is not the
 * member's propagated admin cannot create a channel; the bootstrap admin's cert can only once
 * the devnet has propagated it (the watcher is paused to hold that moment deterministically).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sharedDevnet } from '../helpers/devnet';
import type { MemberCli } from '../helpers/fabric-cli';
import { bin, enrollAdmin, memberCli, must, ordererArgs, waitUntil, writeConfigtx } from '../helpers/fabric-cli';

jest.setTimeout(180_000);

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

function watcherPid(): number {
  const state = JSON.parse(fs.readFileSync(path.join(sharedDevnet().dir, 'state.json'), 'utf8')) as {
    processes: { name: string; pid: number }[];
  };
  const watcher = state.processes.find((p) => p.name === 'admin-watcher');
  if (!watcher) throw new Error('no admin watcher in state.json');
  return watcher.pid;
}

describe('admin propagation (AMB semantics)', () => {
  it('refuses channel creation before propagation, and accepts it after', async () => {
    const m2 = memberCli(1, 'member2-propagation');
    const pid = watcherPid();
    process.kill(pid, 'SIGSTOP');
    try {
      await enrollAdmin(m2.cli, m2.caEndpoint, m2.user, m2.password);
      const refused = await tryCreate(m2.cli, 'beforepropagation');
      expect(refused.exitCode).not.toBe(0);
      expect(refused.stderr).toMatch(/implicit policy evaluation failed|signature set did not satisfy policy/);
      const peerRefused = await bin(m2.cli, 'peer', ['chaincode', 'list', '--installed']);
      expect(peerRefused.exitCode).not.toBe(0);
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
