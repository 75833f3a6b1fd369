import execa from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { genesisConfigtx, memberOrg } from '../../src/devnet/genesis';
import { ambId, ambPassword } from '../../src/devnet/ids';
import { allPorts, planLayout } from '../../src/devnet/layout';
import { patchCoreYaml } from '../../src/devnet/nodes';
import { organizationalUnits, peerNodeOusYaml } from '../../src/devnet/peer-msp';
import { withConsortiumAdmin } from '../../src/devnet/system-channel';
import { admincertsToDrop } from '../../src/devnet/watcher';
import { FabkitError } from '../../src/errors';

const opts = { dir: '/tmp/dn', members: 2, basePort: 7050, adminUser: 'AdminUser' };

describe('devnet layout', () => {
  it('assigns distinct ports from the base port', () => {
    const layout = planLayout(opts);
    expect(allPorts(layout)).toEqual([7050, 7051, 7052, 7060, 7061, 7062, 7063, 7064, 7070, 7071, 7072, 7073, 7074]);
    expect(new Set(allPorts(planLayout({ ...opts, members: 9 }))).size).toBe(3 + 9 * 5);
  });

  it('keeps two devnets on different base ports apart', () => {
    const a = new Set(allPorts(planLayout(opts)));
    const b = allPorts(planLayout({ ...opts, basePort: 8050 }));
    expect(b.filter((p) => a.has(p))).toEqual([]);
  });

  it.each([
    [{ members: 0 }, '--members 0 is invalid'],
    [{ members: 10 }, '--members 10 is invalid'],
    [{ basePort: 80 }, '--base-port 80 is invalid'],
    [{ basePort: 65520 }, '--base-port 65520 is invalid'],
    [{ adminUser: 'bad user' }, '--admin-user "bad user" is invalid'],
  ])('refuses %j as a usage error', (change, message) => {
    let caught: unknown;
    try {
      planLayout({ ...opts, ...change });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FabkitError);
    expect((caught as FabkitError).kind).toBe('usage');
    expect((caught as FabkitError).message).toContain(message);
  });
});

describe('AMB-shaped IDs and passwords', () => {
  it('makes IDs of AMB shape', () => {
    expect(ambId('m')).toMatch(/^m-[A-Z0-9]{26}$/);
    expect(ambId('n')).toMatch(/^n-[A-Z0-9]{26}$/);
    expect(ambId('nd')).toMatch(/^nd-[A-Z0-9]{26}$/);
    expect(ambId('m')).not.toBe(ambId('m'));
  });

  it('makes passwords that satisfy AMB rules', () => {
    for (let i = 0; i < 200; i += 1) expect(ambPassword()).toMatch(/^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)[^'"/\\@% ]{8,32}$/);
  });
});

describe('genesis configtx', () => {
  it('puts every member in AWSSystemConsortium with Name == ID == member ID and pre-NodeOU principals', () => {
    const layout = planLayout(opts);
    const doc = genesisConfigtx(layout, ['m-AAAAAAAAAAAAAAAAAAAAAAAAAA', 'm-BBBBBBBBBBBBBBBBBBBBBBBBBB']) as any;
    const profile = doc.Profiles.DevnetSystemChannel;
    const orgs = profile.Consortiums.AWSSystemConsortium.Organizations;
    expect(orgs.map((o: { Name: string; ID: string }) => [o.Name, o.ID])).toEqual([
      ['m-AAAAAAAAAAAAAAAAAAAAAAAAAA', 'm-AAAAAAAAAAAAAAAAAAAAAAAAAA'],
      ['m-BBBBBBBBBBBBBBBBBBBBBBBBBB', 'm-BBBBBBBBBBBBBBBBBBBBBBBBBB'],
    ]);
    expect(orgs[0].MSPDir).toBe(layout.members[0]?.orgMspDir);
    expect(profile.Orderer.EtcdRaft.Consenters).toEqual([expect.objectContaining({ Host: '127.0.0.1', Port: 7050 })]);
    expect(profile.Orderer.BatchSize.MaxMessageCount).toBe(1);
    expect(profile.Orderer.BatchTimeout).toBe('250ms');
  });

  it('takes the batch size and timeout from --batch-size and --batch-timeout', () => {
    const doc = genesisConfigtx(planLayout({ ...opts, batchSize: 50, batchTimeout: '2s' }), ['m-A', 'm-B']) as any;
    expect(doc.Profiles.DevnetSystemChannel.Orderer.BatchSize.MaxMessageCount).toBe(50);
    expect(doc.Profiles.DevnetSystemChannel.Orderer.BatchTimeout).toBe('2s');
  });

  it.each([
    [{ batchSize: 0 }, '--batch-size 0 is invalid'],
    [{ batchSize: 1.5 }, '--batch-size 1.5 is invalid'],
    [{ batchSize: Number.NaN }, '--batch-size NaN is invalid'],
    [{ batchTimeout: '2' }, '--batch-timeout "2" is invalid'],
    [{ batchTimeout: '0ms' }, '--batch-timeout "0ms" is invalid'],
    [{ batchTimeout: '61s' }, '--batch-timeout "61s" is invalid'],
  ])('refuses batch options %j as usage errors', (change, message) => {
    expect(() => planLayout({ ...opts, ...change })).toThrow(message);
  });

  it('gives each org the Endorsement policy that the 2.x lifecycle needs', () => {
    expect(memberOrg('m-X', '/msp')).toMatchObject({
      Policies: {
        Admins: { Type: 'Signature', Rule: "OR('m-X.admin')" },
        Endorsement: { Type: 'Signature', Rule: "OR('m-X.member')" },
      },
    });
  });
});

describe('core.yaml patch', () => {
  it('drops the Docker endpoint and installs the node external builder, keeping the rest', () => {
    const stock =
      'peer:\n  id: jdoe\nvm:\n  endpoint: unix:///var/run/docker.sock\n  docker:\n    tls: {enabled: false}\nchaincode:\n  externalBuilders:\n    - {name: ccaas_builder, path: /opt/x}\n  installTimeout: 300s\n';
    const out = yaml.load(patchCoreYaml(stock, '/b')) as any;
    expect(out.vm.endpoint).toBeUndefined();
    expect(out.vm.docker).toEqual({ tls: { enabled: false } });
    // Offline builders: nothing that would let npm or go download is passed on.
    expect(out.chaincode.externalBuilders).toEqual([
      { name: 'devnet-golang', path: '/b/golang', propagateEnvironment: ['HOME', 'FABKIT_CHAINCODE_LOG'] },
      { name: 'devnet-node', path: '/b/node', propagateEnvironment: ['HOME', 'FABKIT_CHAINCODE_LOG'] },
    ]);
    expect(out.chaincode.installTimeout).toBe('300s');
    expect(out.peer.id).toBe('jdoe');
  });
});

describe('system channel admin update', () => {
  const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  const config = (admins: string[]): any => ({
    channel_group: {
      groups: {
        Consortiums: {
          groups: {
            AWSSystemConsortium: { groups: { 'm-A': { values: { MSP: { value: { config: { admins } } } } } } },
          },
        },
      },
    },
  });

  it('adds the cert to the member org admins without touching the input', () => {
    const input = config(['cmVnaXN0cmFy']);
    const out = withConsortiumAdmin(input, 'm-A', pem);
    const admins =
      out?.channel_group.groups.Consortiums.groups.AWSSystemConsortium.groups['m-A'].values.MSP.value.config.admins;
    expect(admins).toEqual(['cmVnaXN0cmFy', Buffer.from(pem).toString('base64')]);
    expect(
      input.channel_group.groups.Consortiums.groups.AWSSystemConsortium.groups['m-A'].values.MSP.value.config.admins,
    ).toEqual(['cmVnaXN0cmFy']);
  });

  it('reports an already-present cert as no change', () => {
    expect(withConsortiumAdmin(config([Buffer.from(pem).toString('base64')]), 'm-A', pem)).toBeUndefined();
  });

  it('fails for a member outside the consortium', () => {
    expect(() => withConsortiumAdmin(config([]), 'm-B', pem)).toThrow('member m-B is not in AWSSystemConsortium');
  });
});

describe('bounded admin sets (a re-enrolled bootstrap admin)', () => {
  /** TEST CERTS ONLY: self-signed, made with openssl, all with one subject, in propagation order. */
  const sameSubject: string[] = [];
  let other = '';
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-admins-'));
    try {
      const make = async (cn: string, i: number): Promise<string> => {
        const out = path.join(dir, `${i}.pem`);
        await execa('openssl', [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-nodes',
          '-keyout',
          path.join(dir, `${i}.key`),
          '-out',
          out,
          '-days',
          '1',
          '-subj',
          `/O=Test/OU=client/CN=${cn}`,
        ]);
        return fs.readFileSync(out, 'utf8');
      };
      for (let i = 0; i < 6; i += 1) sameSubject.push(await make('AdminUser', i));
      other = await make('devnet-registrar', 9);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  const b64 = (pem: string): string => Buffer.from(pem).toString('base64');
  const config = (admins: string[]): any => ({
    channel_group: {
      groups: {
        Consortiums: {
          groups: {
            AWSSystemConsortium: { groups: { 'm-A': { values: { MSP: { value: { config: { admins } } } } } } },
          },
        },
      },
    },
  });
  const adminsOf = (c: any): string[] =>
    c.channel_group.groups.Consortiums.groups.AWSSystemConsortium.groups['m-A'].values.MSP.value.config.admins;

  it('keeps the newest certs of the same subject and never drops another subject', () => {
    let c = config([b64(other)]);
    for (const pem of sameSubject) c = withConsortiumAdmin(c, 'm-A', pem, 3) ?? c;
    expect(adminsOf(c)).toEqual([b64(other), ...sameSubject.slice(-3).map(b64)]);
  });

  it('adds without dropping while under the bound', () => {
    const c = withConsortiumAdmin(config([b64(other), b64(sameSubject[0] ?? '')]), 'm-A', sameSubject[1] ?? '', 3);
    expect(c && adminsOf(c)).toEqual([b64(other), b64(sameSubject[0] ?? ''), b64(sameSubject[1] ?? '')]);
  });

  it("drops the oldest of a user's admincerts files beyond the bound, nothing else", () => {
    const files = ['registrar.pem', 'AdminUser-a.pem', 'AdminUser-b.pem', 'AdminUser-c.pem', 'Other-d.pem'];
    expect(admincertsToDrop(files, 'AdminUser', 2)).toEqual(['AdminUser-a.pem']);
    expect(admincertsToDrop(files, 'AdminUser', 4)).toEqual([]);
  });
});

describe("the peer's local MSP classification", () => {
  it('tells apart the four Fabric CA types, each certified by the member CA', () => {
    const doc = yaml.load(peerNodeOusYaml('cacerts/ca.pem')) as any;
    expect(doc.NodeOUs.Enable).toBe(true);
    expect(doc.NodeOUs.AdminOUIdentifier).toEqual({
      Certificate: 'cacerts/ca.pem',
      OrganizationalUnitIdentifier: 'admin',
    });
    expect(doc.NodeOUs.ClientOUIdentifier.OrganizationalUnitIdentifier).toBe('client');
    expect(doc.NodeOUs.PeerOUIdentifier.OrganizationalUnitIdentifier).toBe('peer');
    expect(doc.NodeOUs.OrdererOUIdentifier.OrganizationalUnitIdentifier).toBe('orderer');
  });

  it("reads a subject's OUs, one per line or several in one RDN", () => {
    expect(organizationalUnits('C=US\nO=Hyperledger\nOU=admin\nCN=AdminUser')).toEqual(['admin']);
    expect(organizationalUnits('C=US\nOU=peer+OU=org1\nCN=peer0')).toEqual(['peer', 'org1']);
    expect(organizationalUnits('CN=x')).toEqual([]);
  });
});
