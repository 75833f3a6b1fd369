/**
 * `fabkit init --from-connection-profile` on the devnet: a connection profile written for one
 * devnet member (as a network operator would hand it over) plus the admin MSP that member
 * enrolled elsewhere make a home that works: `channel list` sees the channel the first home created.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fabkit, readNetwork, sharedDevnet } from '../helpers/devnet';

jest.setTimeout(300_000);

describe('fabkit init --from-connection-profile on the devnet', () => {
  const { dir } = sharedDevnet();
  const network = readNetwork(dir);
  const member = network.Members[0];
  const source = path.join(dir, 'homes', 'ccp-source');
  const home = path.join(dir, 'homes', 'ccp-org1');
  const profileFile = path.join(dir, 'homes', 'ccp', `connection-${member?.Name ?? ''}.json`);
  const channel = `ccp${Date.now().toString(36)}`;

  /** A connection profile in the common format for the devnet's first member, TLS roots by path and inline. */
  function writeProfile(): void {
    if (member === undefined) throw new Error('the devnet has no member');
    const nodes = network.Nodes.filter((n) => n.MemberId === member.Id);
    const tls = { path: network.TlsChainPath };
    const profile = {
      name: network.NetworkId,
      version: '1.0.0',
      client: { organization: member.Name },
      organizations: {
        [member.Name]: {
          mspid: member.Id,
          peers: nodes.map((n) => n.Id),
          certificateAuthorities: [`ca.${member.Name}`],
        },
      },
      orderers: { orderer0: { url: `grpcs://${network.OrderingServiceEndpoint}`, tlsCACerts: tls } },
      peers: Object.fromEntries(nodes.map((n) => [n.Id, { url: `grpcs://${n.PeerEndpoint}`, tlsCACerts: tls }])),
      certificateAuthorities: {
        [`ca.${member.Name}`]: {
          url: `https://${member.CaEndpoint}`,
          caName: member.Id,
          tlsCACerts: { pem: [fs.readFileSync(network.TlsChainPath, 'utf8')] },
        },
      },
    };
    fs.mkdirSync(path.dirname(profileFile), { recursive: true });
    fs.writeFileSync(profileFile, JSON.stringify(profile, null, 2));
  }

  it('a home made with init --from-devnet and enroll creates a channel (the admin MSP to hand over)', async () => {
    const init = await fabkit(['init', '--home', source, '--from-devnet', dir, '--member', member?.Name ?? '']);
    expect(init.exitCode).toBe(0);
    const enroll = await fabkit(['enroll', '--home', source]);
    expect({ exitCode: enroll.exitCode, stderr: enroll.stderr }).toMatchObject({ exitCode: 0 });
    const create = await fabkit(['channel', 'create', channel, '--home', source]);
    expect({ exitCode: create.exitCode, stderr: create.stderr }).toMatchObject({ exitCode: 0 });
  });

  it('init --from-connection-profile --msp writes a home that lists the channel; a re-run is already initialized', async () => {
    writeProfile();
    const args = [
      'init',
      '--home',
      home,
      '--from-connection-profile',
      profileFile,
      '--msp',
      path.join(source, 'admin-msp'),
      '--fabric-version',
      network.FrameworkVersion,
      '--json',
    ];
    const r = await fabkit(args);
    expect({ exitCode: r.exitCode, stderr: r.stderr }).toMatchObject({ exitCode: 0 });
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      outcome: 'created',
      memberId: member?.Id,
      organization: member?.Name,
      nodeOUs: false,
    });
    const list = await fabkit(['channel', 'list', '--home', home, '--json']);
    expect({ exitCode: list.exitCode, stderr: list.stderr }).toMatchObject({ exitCode: 0 });
    const listed = JSON.parse(list.stdout) as { peers: { channels: string[] }[] };
    expect(listed.peers[0]?.channels).toContain(channel);
    const verify = await fabkit(['msp', 'verify', '--home', home]);
    expect(verify.exitCode).toBe(0);

    const again = await fabkit(args.filter((a) => a !== '--json'));
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('already initialized');
  });

  it('refuses --from-connection-profile with another source, and its flags without it', async () => {
    const both = await fabkit(['init', '--home', home, '--from-connection-profile', profileFile, '--from-devnet', dir]);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain('[INIT_SOURCE_CONFLICT]');
    expect(both.stderr).toContain('--from-devnet cannot be combined with it');
    const alone = await fabkit(['init', '--home', home, '--from-devnet', dir, '--member', 'org1', '--msp', source]);
    expect(alone.exitCode).toBe(2);
    expect(alone.stderr).toContain('--msp only go with --from-connection-profile <file>');
  });

  it('refuses an MSP of another member, naming the organization, and writes nothing', async () => {
    const other = path.join(dir, 'homes', 'ccp-other');
    const wrong = network.Members[1];
    const init = await fabkit(['init', '--home', other, '--from-devnet', dir, '--member', wrong?.Name ?? '']);
    expect(init.exitCode).toBe(0);
    const enroll = await fabkit(['enroll', '--home', other, '--no-wait']);
    expect(enroll.exitCode).toBe(0);
    const target = path.join(dir, 'homes', 'ccp-refused');
    const r = await fabkit([
      'init',
      '--home',
      target,
      '--from-connection-profile',
      profileFile,
      '--msp',
      path.join(other, 'admin-msp'),
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('[INIT_MSP_NOT_OF_ORG]');
    expect(r.stderr).toContain(`does not belong to organization ${member?.Name ?? ''} (mspid ${member?.Id ?? ''})`);
    expect(fs.existsSync(target)).toBe(false);
  });
});
