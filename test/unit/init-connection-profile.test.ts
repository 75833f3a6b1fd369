import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { connectionProfileJsonSchema } from '../../src/config/connection-profile-schema';
import { FabkitError } from '../../src/errors';
import { planMsp } from '../../src/msp/plan';
import { writeMspAtomic } from '../../src/msp/write';
import type { ConnectionProfileInitRequest } from '../../src/workflows/init-connection-profile';
import { initFromConnectionProfile } from '../../src/workflows/init-connection-profile';
import type { ForgeIdentity } from '../helpers/forge-certs';
import { makeCert, writeFiles } from '../helpers/forge-certs';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'connection-profiles');

let work: string;
let org1Ca: ForgeIdentity;
let org2Ca: ForgeIdentity;
let pems: Record<string, string>;
let org1AdminMsp: string;
let org1ClientMsp: string;
let org1PreNodeOuMsp: string;

async function mspOf(dir: string, ca: ForgeIdentity, identity: ForgeIdentity, nodeOUs: boolean): Promise<string> {
  await writeMspAtomic(
    dir,
    planMsp({ certPem: identity.certPem, keyPem: identity.keyPem, caCertsPem: [ca.certPem], admin: true, nodeOUs }),
  );
  return dir;
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-ccp-'));
  org1Ca = makeCert({ cn: 'ca.org1.example.com', ca: true });
  org2Ca = makeCert({ cn: 'ca.org2.example.com', ca: true });
  pems = {
    'tls/tlsca.org1.example.com-cert.pem': makeCert({ cn: 'tlsca.org1.example.com', ca: true }).certPem,
    'tls/tlsca.org2.example.com-cert.pem': makeCert({ cn: 'tlsca.org2.example.com', ca: true }).certPem,
    'tls/tlsca.example.com-cert.pem': makeCert({ cn: 'tlsca.example.com', ca: true }).certPem,
    'tls/ca.org1.example.com-cert.pem': org1Ca.certPem,
    'tls/ca.org2.example.com-cert.pem': org2Ca.certPem,
  };
  const org1Admin = makeCert({ cn: 'org1admin', ous: ['admin'], issuer: org1Ca });
  org1AdminMsp = await mspOf(path.join(work, 'org1-admin-msp'), org1Ca, org1Admin, true);
  org1ClientMsp = await mspOf(
    path.join(work, 'org1-client-msp'),
    org1Ca,
    makeCert({ cn: 'user1', ous: ['client'], issuer: org1Ca }),
    true,
  );
  org1PreNodeOuMsp = await mspOf(path.join(work, 'org1-amb-msp'), org1Ca, org1Admin, false);
}, 120_000); // RSA keys for the test PKI are slow to make on a loaded machine
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

let n = 0;
/** A copy of a fixture profile in its own folder, with the TLS files it names written next to it. */
function fixture(name: string): string {
  const dir = path.join(work, `case-${n++}`);
  writeFiles(dir, pems);
  const text = fs
    .readFileSync(path.join(FIXTURES, name), 'utf8')
    .replace('@CA_PEM@', JSON.stringify(org1Ca.certPem).slice(1, -1));
  fs.writeFileSync(path.join(dir, name), text);
  return path.join(dir, name);
}

function homeFor(): string {
  return path.join(work, `home-${n++}`);
}

async function refused(home: string, request: ConnectionProfileInitRequest): Promise<FabkitError> {
  const error = await initFromConnectionProfile(home, request).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FabkitError);
  expect(fs.existsSync(home)).toBe(false); // nothing written
  return error as FabkitError;
}

describe('init --from-connection-profile: test-network format', () => {
  it('writes the profile, the TLS chain and the admin MSP; a re-run is already initialized', async () => {
    const home = homeFor();
    const ordererTlsCa = path.join(work, 'orderer-tlsca.pem');
    fs.writeFileSync(ordererTlsCa, pems['tls/tlsca.example.com-cert.pem'] ?? '');
    const request = {
      connectionProfile: fixture('test-network-org1.json'),
      msp: org1AdminMsp,
      orderer: 'localhost:7050',
      ordererTlsCa,
    };
    const result = await initFromConnectionProfile(home, request);
    expect(result).toMatchObject({ outcome: 'created', memberId: 'Org1MSP', organization: 'Org1', nodeOUs: true });
    expect(result.notes).toEqual([
      'peers["peer0.org1.example.com"].grpcOptions: the host name override "peer0.org1.example.com" is not used: fabkit connects to localhost:7051 and checks the TLS certificate against "localhost"',
      'certificateAuthorities["ca.org1.example.com"].httpOptions.verify: false is not followed: fabkit always verifies the CA\'s TLS certificate (against certificateAuthorities["ca.org1.example.com"].tlsCACerts)',
    ]);
    const written = yaml.load(fs.readFileSync(path.join(home, 'fabkit.yaml'), 'utf8')) as Record<string, any>;
    expect(written['target']).toBe('fabric');
    expect(written['network']).toEqual({
      id: 'test-network-org1',
      name: 'test-network-org1',
      fabricVersion: '2.5',
      orderingServiceEndpoint: 'localhost:7050',
    });
    expect(written['member']).toEqual({
      id: 'Org1MSP',
      name: 'Org1',
      caEndpoint: 'localhost:7054',
      caName: 'ca-org1',
      adminUser: 'org1admin',
      nodeOUs: true,
    });
    expect(written['peers']).toEqual([{ endpoint: 'localhost:7051' }]);
    const chain = fs.readFileSync(path.join(home, 'tls-chain.pem'), 'utf8');
    for (const name of ['tls/tlsca.org1.example.com-cert.pem', 'tls/tlsca.example.com-cert.pem'])
      expect(chain).toContain(pems[name]);
    expect(chain).toContain(org1Ca.certPem);
    const msp = path.join(home, 'admin-msp');
    expect(fs.readdirSync(msp).sort()).toEqual(['cacerts', 'config.yaml', 'keystore', 'signcerts']);
    expect(fs.statSync(path.join(msp, 'keystore', 'priv_sk')).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(msp, 'config.yaml'), 'utf8')).toBe(
      fs.readFileSync(path.join(org1AdminMsp, 'config.yaml'), 'utf8'),
    );
    const again = await initFromConnectionProfile(home, request);
    expect(again.outcome).toBe('already-initialized');
    // A run interrupted after the MSP was written: the same identity's admin-msp is kept, the rest written.
    fs.rmSync(path.join(home, 'fabkit.yaml'));
    const resumed = await initFromConnectionProfile(home, request);
    expect(resumed.outcome).toBe('created');
    expect(fs.readdirSync(home).filter((f) => f.startsWith('admin-msp.bak'))).toEqual([]);
  });

  it('without an orderers section, asks for --orderer and --orderer-tls-ca', async () => {
    const error = await refused(homeFor(), { connectionProfile: fixture('test-network-org1.json'), msp: org1AdminMsp });
    expect(error.code).toBe('CONNECTION_PROFILE_NO_ORDERER');
    expect(error.message).toContain('has no orderers section');
    expect(error.hint).toContain('--orderer <host:port> --orderer-tls-ca <pem file>');
  });
});

describe('init --from-connection-profile: YAML, several organizations, orderers section', () => {
  it('needs --org when there is no client.organization', async () => {
    const error = await refused(homeFor(), { connectionProfile: fixture('two-orgs.yaml'), msp: org1AdminMsp });
    expect(error.code).toBe('CONNECTION_PROFILE_ORG_MISSING');
    expect(error.message).toContain(
      'defines 2 organizations (Org1, Org2) and no client.organization: pass --org <name>',
    );
  });

  it('takes the orderer from the orderers section; a pre-NodeOU MSP keeps admincerts', async () => {
    const home = homeFor();
    const result = await initFromConnectionProfile(home, {
      connectionProfile: fixture('two-orgs.yaml'),
      msp: org1PreNodeOuMsp,
      org: 'Org1',
    });
    expect(result).toMatchObject({ outcome: 'created', memberId: 'Org1MSP', nodeOUs: false });
    const written = yaml.load(fs.readFileSync(path.join(home, 'fabkit.yaml'), 'utf8')) as Record<string, any>;
    expect(written['network']['orderingServiceEndpoint']).toBe('localhost:7050');
    expect(written['member']['nodeOUs']).toBeUndefined();
    expect(fs.readdirSync(path.join(home, 'admin-msp')).sort()).toEqual([
      'admincerts',
      'cacerts',
      'keystore',
      'signcerts',
    ]);
  });

  it("refuses an MSP that is not the organization's, naming the org and its mspid", async () => {
    const error = await refused(homeFor(), {
      connectionProfile: fixture('two-orgs.yaml'),
      msp: org1AdminMsp,
      org: 'Org2',
    });
    expect(error.code).toBe('INIT_MSP_NOT_OF_ORG');
    expect(error.message).toContain('does not belong to organization Org2 (mspid Org2MSP)');
    expect(error.message).toContain('could not be asked');
  });

  it('refuses an unknown --org', async () => {
    const error = await refused(homeFor(), {
      connectionProfile: fixture('two-orgs.yaml'),
      msp: org1AdminMsp,
      org: 'Org3',
    });
    expect(error.message).toContain(
      '--org: organization "Org3" is not defined under organizations (it defines "Org1", "Org2")',
    );
  });
});

describe('init --from-connection-profile: bad input names the field, writes nothing', () => {
  it('a profile without peers', async () => {
    const error = await refused(homeFor(), { connectionProfile: fixture('no-peers.json'), msp: org1AdminMsp });
    expect(error.code).toBe('CONNECTION_PROFILE_INVALID');
    expect(error.message).toContain('organizations.Org1.peers: lists no peer: fabkit needs at least one peer of Org1');
  });

  it('a peer listed by the organization but not defined, and URLs without TLS', async () => {
    const error = await refused(homeFor(), { connectionProfile: fixture('undefined-peer.json'), msp: org1AdminMsp });
    expect(error.message).toContain(
      'organizations.Org1.peers[0]: peer "peer0.org1.example.com" is not defined under peers',
    );
    expect(error.message).toContain(
      'certificateAuthorities["ca.org1.example.com"].url: "http://localhost:7054" uses http://; fabkit talks to Fabric with TLS only, so it must be https://host:port',
    );
  });

  it('fields of the wrong type or missing, by path', async () => {
    const file = path.join(work, `bad-${n++}.json`);
    fs.writeFileSync(file, JSON.stringify({ organizations: { Org1: { peers: 'peer0' } } }));
    const error = await refused(homeFor(), { connectionProfile: file, msp: org1AdminMsp });
    expect(error.message).toContain('name: is required');
    expect(error.message).toContain('organizations.Org1.mspid: is required');
  });

  it('an unreadable profile, TLS file or MSP folder', async () => {
    const missing = await refused(homeFor(), { connectionProfile: path.join(work, 'nope.json'), msp: org1AdminMsp });
    expect(missing.code).toBe('INIT_FILE_UNREADABLE');
    const profile = fixture('two-orgs.yaml');
    fs.rmSync(path.join(path.dirname(profile), 'tls', 'tlsca.org1.example.com-cert.pem'));
    const tls = await refused(homeFor(), { connectionProfile: profile, msp: org1AdminMsp, org: 'Org1' });
    expect(tls.message).toContain('peers["peer0.org1.example.com"].tlsCACerts.path:');
    const msp = await refused(homeFor(), {
      connectionProfile: fixture('two-orgs.yaml'),
      msp: path.join(work, 'no-msp'),
      org: 'Org1',
    });
    expect(msp.code).toBe('INIT_MSP_INVALID');
    expect(msp.message).toContain('MSP_DIR_MISSING');
  });

  it('an MSP whose cert is not an admin on a NodeOU network', async () => {
    const error = await refused(homeFor(), {
      connectionProfile: fixture('two-orgs.yaml'),
      msp: org1ClientMsp,
      org: 'Org1',
    });
    expect(error.code).toBe('INIT_MSP_INVALID');
    expect(error.message).toContain('MSP_NODEOU_NOT_ADMIN: signcerts/cert.pem carries OU=client');
  });
});

describe('connection profile JSON Schema', () => {
  it('describes the parts fabkit reads', () => {
    const schema = connectionProfileJsonSchema() as any;
    expect(schema.required).toEqual(['name', 'organizations']);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['name', 'client', 'organizations', 'peers', 'orderers', 'certificateAuthorities']),
    );
  });
});
