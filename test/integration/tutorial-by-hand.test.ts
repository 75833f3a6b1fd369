/**
 * Issue 2's proof that the devnet is AMB-like: the tutorial's steps 4-7 run by hand with the
 * real Go binaries (fabric-ca-client, configtxgen, peer) against a devnet started by fabkit.
 * No fabkit code is on the client side here. As on AMB, the peers build chaincode offline, so
 * step 7 uses the tutorial's Go chaincode_example02 vendored by hand (step 7.1's `go mod vendor`),
 * and packages without their dependencies fail to install.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MemberCli } from '../helpers/fabric-cli';
import { sharedUsesHosts } from '../helpers/devnet';
import { GO_CHAINCODE, vendoredGoChaincode } from '../helpers/go-chaincode';
import { bin, enrollAdmin, memberCli, must, ordererArgs, waitUntil, writeConfigtx } from '../helpers/fabric-cli';

jest.setTimeout(240_000);

const NODE_CHAINCODE = path.resolve(__dirname, '..', '..', 'chaincode', 'example02');

async function createChannel(cli: MemberCli, channel: string): Promise<{ exitCode: number; stderr: string }> {
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

describe('tutorial steps 4-7 by hand on the devnet (real Go binaries)', () => {
  const m1 = memberCli(0, 'member1');
  const { cli } = m1;

  it('runs on AMB-shaped endpoints: each resource its own address (or AMB name, with devnet up --hosts) on AMB role ports', () => {
    const name = (prefix: string): string =>
      `${prefix}n-[a-z0-9]{26}\\.managedblockchain\\.us-east-1\\.amazonaws\\.com`;
    const shape = (prefix: string, port: number): RegExp =>
      new RegExp(`^(${sharedUsesHosts() ? name(prefix) : '127\\.\\d+\\.\\d+\\.\\d+'}):${port}$`);
    expect(cli.orderer).toMatch(shape('orderer\\.', 30001));
    expect(m1.caEndpoint).toMatch(shape('ca\\.m-[a-z0-9]{26}\\.', 30002));
    expect(cli.peer).toMatch(shape('nd-[a-z0-9]{26}\\.m-[a-z0-9]{26}\\.', 30003));
    expect(new Set([cli.orderer, m1.caEndpoint, cli.peer].map((e) => e.replace(/:\d+$/, ''))).size).toBe(3);
  });

  it('step 4: enrolls the bootstrap admin over verified TLS and waits until the network recognizes it', async () => {
    const enrollStart = Date.now();
    await enrollAdmin(cli, m1.caEndpoint, m1.user, m1.password);
    expect(fs.readFileSync(path.join(cli.mspDir, 'admincerts', 'cert.pem'), 'utf8')).toContain('BEGIN CERTIFICATE');
    writeConfigtx(cli, [{ memberId: cli.memberId, mspDir: cli.mspDir }], 'V1_4_2');
    // Recognized by the ordering service = it accepts a channel creation signed by this admin.
    const created = await waitUntil('the orderer to accept the new admin', 60_000, async () => {
      const r = await createChannel(cli, 'tutorial1x');
      return r.exitCode === 0 ? r : undefined;
    });
    // ...and by the peer: an admin-only call.
    await waitUntil('the peer to accept the new admin', 60_000, async () =>
      (await bin(cli, 'peer', ['chaincode', 'list', '--installed'])).exitCode === 0 ? true : undefined,
    );
    process.stderr.write(`admin recognized ${((Date.now() - enrollStart) / 1000).toFixed(1)}s after enroll started\n`);
    expect(fs.existsSync(path.join(cli.home, 'tutorial1x.block'))).toBe(true);
    expect(created.value.exitCode).toBe(0);
  });

  it('step 6: joins the peer to the one-member channel', async () => {
    await must(cli, 'peer', ['channel', 'join', '-b', 'tutorial1x.block']);
    const list = await must(cli, 'peer', ['channel', 'list']);
    expect(list.stdout.split('\n')).toContain('tutorial1x');
  });

  it('TLS: the member CA is no TLS root (as on AMB); the multi-certificate chain file is', async () => {
    const caCerts = path.join(cli.mspDir, 'cacerts');
    const memberCa = path.join(caCerts, fs.readdirSync(caCerts)[0] ?? '');
    expect(fs.readFileSync(cli.tlsChain, 'utf8').match(/BEGIN CERTIFICATE/g)?.length).toBeGreaterThan(1);
    const asRoot = { CORE_PEER_TLS_ROOTCERT_FILE: memberCa };
    const listWrong = await bin(cli, 'peer', ['channel', 'list', '--connTimeout', '3s'], asRoot);
    expect(listWrong.exitCode).not.toBe(0);
    expect(listWrong.stderr).toContain('certificate signed by unknown authority');
    const fetchArgs = ['channel', 'fetch', '0', 'tls-check.block', '-c', 'tutorial1x', '-o', cli.orderer, '--tls'];
    const fetchWrong = await bin(cli, 'peer', [...fetchArgs, '--cafile', memberCa, '--connTimeout', '3s']);
    expect(fetchWrong.exitCode).not.toBe(0);
    expect(fetchWrong.stderr).toContain('certificate signed by unknown authority');
    expect((await bin(cli, 'peer', ['channel', 'list'])).exitCode).toBe(0);
    await must(cli, 'peer', [...fetchArgs, '--cafile', cli.tlsChain]);
    const enrollWrong = await bin(cli, 'fabric-ca-client', [
      'getcainfo',
      '-u',
      `https://${m1.caEndpoint}`,
      '--tls.certfiles',
      memberCa,
      '-M',
      path.join(cli.home, 'cainfo-msp'),
    ]);
    expect(enrollWrong.exitCode).not.toBe(0);
    expect(enrollWrong.stderr).toContain('certificate signed by unknown authority');
  });

  it('step 7 (1.x lifecycle, V1_4_2): installs the vendored Go example02 (-l golang), instantiates, invokes and queries', async () => {
    const goCc = await vendoredGoChaincode(cli.home);
    await must(cli, 'peer', ['chaincode', 'install', '-n', 'mycc', '-v', 'v0', '-l', 'golang', '-p', goCc]);
    await must(cli, 'peer', [
      'chaincode',
      'instantiate',
      ...ordererArgs(cli),
      '-C',
      'tutorial1x',
      '-n',
      'mycc',
      '-v',
      'v0',
      '-c',
      '{"Args":["init","a","100","b","200"]}',
      '-P',
      `OR('${cli.memberId}.member')`,
    ]);
    await waitUntil('mycc to be instantiated', 60_000, async () => {
      const r = await bin(cli, 'peer', ['chaincode', 'list', '--instantiated', '-C', 'tutorial1x']);
      return r.stdout.includes('Name: mycc, Version: v0') ? true : undefined;
    });
    const before = await must(cli, 'peer', [
      'chaincode',
      'query',
      '-C',
      'tutorial1x',
      '-n',
      'mycc',
      '-c',
      '{"Args":["query","a"]}',
    ]);
    expect(before.stdout.trim()).toBe('100');
    const invoke = await must(cli, 'peer', [
      'chaincode',
      'invoke',
      ...ordererArgs(cli),
      '-C',
      'tutorial1x',
      '-n',
      'mycc',
      '-c',
      '{"Args":["invoke","a","b","10"]}',
      '--waitForEvent',
    ]);
    expect(invoke.stderr).toContain('Chaincode invoke successful. result: status:200');
    const after = await must(cli, 'peer', [
      'chaincode',
      'query',
      '-C',
      'tutorial1x',
      '-n',
      'mycc',
      '-c',
      '{"Args":["query","a"]}',
    ]);
    expect(after.stdout.trim()).toBe('90');
  });

  it('step 7 (2.x lifecycle, V2_0): packages without dependencies fail to install; the vendored Go package installs, approve, commit, init, invoke and query', async () => {
    writeConfigtx(cli, [{ memberId: cli.memberId, mspDir: cli.mspDir }], 'V2_0');
    expect((await createChannel(cli, 'tutorial2x')).exitCode).toBe(0);
    await must(cli, 'peer', ['channel', 'join', '-b', 'tutorial2x.block']);
    // Packages without their dependencies fail to build on the peer, as on AMB: the peer CLI drops
    // node_modules from a Node package, and a Go folder without vendor/ cannot build offline.
    for (const [file, dir, lang] of [
      ['bare-node.tgz', NODE_CHAINCODE, 'node'],
      ['bare-go.tgz', GO_CHAINCODE, 'golang'],
    ] as const) {
      await must(cli, 'peer', [
        'lifecycle',
        'chaincode',
        'package',
        file,
        '--path',
        dir,
        '--lang',
        lang,
        '--label',
        `bare_${lang}`,
      ]);
      const refused = await bin(cli, 'peer', ['lifecycle', 'chaincode', 'install', file]);
      expect(refused.exitCode).not.toBe(0);
      expect(refused.stderr).toMatch(/external builder failed to build|could not build chaincode/);
    }
    const goCc = await vendoredGoChaincode(cli.home);
    await must(cli, 'peer', [
      'lifecycle',
      'chaincode',
      'package',
      'mycc2.tgz',
      '--path',
      goCc,
      '--lang',
      'golang',
      '--label',
      'mycc2_1',
    ]);
    await must(cli, 'peer', ['lifecycle', 'chaincode', 'install', 'mycc2.tgz']);
    const installed = await must(cli, 'peer', ['lifecycle', 'chaincode', 'queryinstalled']);
    const packageId = /Package ID: (mycc2_1:[0-9a-f]+),/.exec(installed.stdout)?.[1];
    expect(packageId).toMatch(/^mycc2_1:[0-9a-f]{64}$/);
    const common = ['-C', 'tutorial2x', '-n', 'mycc2', '-v', '1', '--sequence', '1', '--init-required'];
    await must(cli, 'peer', [
      'lifecycle',
      'chaincode',
      'approveformyorg',
      ...ordererArgs(cli),
      ...common,
      '--package-id',
      packageId ?? '',
      '--waitForEvent',
    ]);
    await must(cli, 'peer', [
      'lifecycle',
      'chaincode',
      'commit',
      ...ordererArgs(cli),
      ...common,
      '--peerAddresses',
      cli.peer,
      '--tlsRootCertFiles',
      cli.tlsChain,
    ]);
    const committed = await must(cli, 'peer', [
      'lifecycle',
      'chaincode',
      'querycommitted',
      '-C',
      'tutorial2x',
      '-n',
      'mycc2',
    ]);
    expect(committed.stdout).toContain('Version: 1, Sequence: 1');
    await must(cli, 'peer', [
      'chaincode',
      'invoke',
      ...ordererArgs(cli),
      '-C',
      'tutorial2x',
      '-n',
      'mycc2',
      '--isInit',
      '-c',
      '{"Args":["init","a","100","b","200"]}',
      '--waitForEvent',
    ]);
    await must(cli, 'peer', [
      'chaincode',
      'invoke',
      ...ordererArgs(cli),
      '-C',
      'tutorial2x',
      '-n',
      'mycc2',
      '-c',
      '{"Args":["invoke","a","b","10"]}',
      '--waitForEvent',
    ]);
    const after = await must(cli, 'peer', [
      'chaincode',
      'query',
      '-C',
      'tutorial2x',
      '-n',
      'mycc2',
      '-c',
      '{"Args":["query","a"]}',
    ]);
    expect(after.stdout.trim()).toBe('90');
  });
});
