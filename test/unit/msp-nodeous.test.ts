import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeOusConfigYaml, parseNodeOusConfig } from '../../src/msp/nodeous';
import { MSP_KEY_MODE, planMsp } from '../../src/msp/plan';
import type { MspReport } from '../../src/msp/verify';
import { verifyMsp } from '../../src/msp/verify';
import { writeMspAtomic } from '../../src/msp/write';
import type { ForgeIdentity } from '../helpers/forge-certs';
import { makeCert, writeFiles } from '../helpers/forge-certs';

let work: string;
let ca: ForgeIdentity;
let otherCa: ForgeIdentity;
let admin: ForgeIdentity;
let client: ForgeIdentity;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-nodeous-'));
  ca = makeCert({ cn: 'ca.org1.example.com', ca: true });
  otherCa = makeCert({ cn: 'ca.org2.example.com', ca: true });
  admin = makeCert({ cn: 'org1admin', ous: ['admin'], issuer: ca });
  client = makeCert({ cn: 'user1', ous: ['client'], issuer: ca });
}, 120_000); // RSA keys for the test PKI are slow to make on a loaded machine
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

let n = 0;
async function nodeOuMsp(identity: ForgeIdentity, extra: Record<string, string> = {}): Promise<string> {
  const dir = path.join(work, `msp-${n++}`);
  await writeMspAtomic(
    dir,
    planMsp({
      certPem: identity.certPem,
      keyPem: identity.keyPem,
      caCertsPem: [ca.certPem],
      admin: true,
      nodeOUs: true,
    }),
  );
  writeFiles(dir, extra);
  return dir;
}

const failures = (report: MspReport): string[] => report.checks.filter((c) => !c.ok).map((c) => c.code);
const messageOf = (report: MspReport, code: string): string =>
  report.checks.find((c) => c.code === code)?.message ?? '';

describe('NodeOU config.yaml', () => {
  it('binds every role to the CA file, with the default OUs', () => {
    const { config, problems } = parseNodeOusConfig(nodeOusConfigYaml('cacerts/ca-0.pem'));
    expect(problems).toEqual([]);
    expect(config).toEqual({
      enabled: true,
      identifiers: {
        Client: { certificate: 'cacerts/ca-0.pem', ou: 'client' },
        Peer: { certificate: 'cacerts/ca-0.pem', ou: 'peer' },
        Admin: { certificate: 'cacerts/ca-0.pem', ou: 'admin' },
        Orderer: { certificate: 'cacerts/ca-0.pem', ou: 'orderer' },
      },
    });
  });

  it('names the field that is malformed', () => {
    const { problems } = parseNodeOusConfig(
      'NodeOUs:\n  Enable: true\n  AdminOUIdentifier:\n    Certificate: cacerts/ca.pem\n',
    );
    expect(problems).toEqual([
      {
        field: 'NodeOUs.AdminOUIdentifier.OrganizationalUnitIdentifier',
        message: 'NodeOUs.AdminOUIdentifier.OrganizationalUnitIdentifier is missing or empty',
      },
    ]);
  });
});

describe('planMsp with nodeOUs', () => {
  it('writes config.yaml and no admincerts, the key 0600', async () => {
    const dir = await nodeOuMsp(admin);
    expect(fs.existsSync(path.join(dir, 'admincerts'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'config.yaml'), 'utf8')).toContain('OrganizationalUnitIdentifier: admin');
    expect(fs.statSync(path.join(dir, 'keystore', 'priv_sk')).mode & 0o777).toBe(MSP_KEY_MODE);
  });
});

describe('verifyMsp on a NodeOU MSP', () => {
  it('accepts an admin whose cert carries OU=admin', async () => {
    const report = await verifyMsp(await nodeOuMsp(admin));
    expect(failures(report)).toEqual([]);
    expect(report.layout).toBe('nodeou');
    expect(report.checks.map((c) => c.id)).toEqual(
      expect.arrayContaining(['nodeou-client', 'nodeou-peer', 'nodeou-admin', 'nodeou-orderer', 'nodeou-admin-ou']),
    );
  });

  it('says a client cert is not an admin, naming the OU it carries', async () => {
    const report = await verifyMsp(await nodeOuMsp(client));
    expect(report.ok).toBe(false);
    expect(failures(report)).toEqual(['MSP_NODEOU_NOT_ADMIN']);
    expect(messageOf(report, 'MSP_NODEOU_NOT_ADMIN')).toBe(
      'signcerts/cert.pem carries OU=client, not the admin OU "admin" (config.yaml NodeOUs.AdminOUIdentifier): on a NodeOU network this identity is not an admin',
    );
    expect(failures(await verifyMsp(await nodeOuMsp(client), { admin: false }))).toEqual([]);
  });

  it('says when an identifier names a missing file or a certificate that is not a CA', async () => {
    const dir = await nodeOuMsp(admin, {
      'config.yaml': nodeOusConfigYaml('cacerts/ca-0.pem').replace(
        /(ClientOUIdentifier:\n\s+Certificate:) cacerts\/ca-0.pem/,
        '$1 cacerts/missing.pem',
      ),
      'intermediatecerts/leaf.pem': client.certPem,
    });
    fs.writeFileSync(
      path.join(dir, 'config.yaml'),
      fs
        .readFileSync(path.join(dir, 'config.yaml'), 'utf8')
        .replace(/(PeerOUIdentifier:\n\s+Certificate:) cacerts\/ca-0.pem/, '$1 intermediatecerts/leaf.pem'),
    );
    const report = await verifyMsp(dir, { admin: false });
    const messages = report.checks.filter((c) => c.code === 'MSP_NODEOU_CERT_INVALID').map((c) => c.message);
    expect(messages).toEqual([
      'config.yaml NodeOUs.ClientOUIdentifier.Certificate names cacerts/missing.pem, which does not exist',
      'config.yaml NodeOUs.PeerOUIdentifier.Certificate names intermediatecerts/leaf.pem, which is not a CA certificate (basicConstraints CA is not set)',
    ]);
  });

  it('says when the admin OU is bound to a CA that did not issue the cert', async () => {
    const dir = await nodeOuMsp(admin, { 'cacerts/other.pem': otherCa.certPem });
    const text = fs.readFileSync(path.join(dir, 'config.yaml'), 'utf8');
    fs.writeFileSync(
      path.join(dir, 'config.yaml'),
      text.replace(/(AdminOUIdentifier:\n\s+Certificate:) cacerts\/ca-0.pem/, '$1 cacerts/other.pem'),
    );
    const report = await verifyMsp(dir);
    expect(failures(report)).toEqual(['MSP_NODEOU_WRONG_CA']);
  });

  it('without an AdminOUIdentifier: admins come from admincerts, or the MSP has none', async () => {
    const noAdminOu =
      'NodeOUs:\n  Enable: true\n  ClientOUIdentifier:\n    Certificate: cacerts/ca-0.pem\n    OrganizationalUnitIdentifier: client\n';
    const none = await verifyMsp(await nodeOuMsp(admin, { 'config.yaml': noAdminOu }));
    expect(failures(none)).toEqual(['MSP_NODEOU_ADMIN_MISSING']);
    const viaAdmincerts = await verifyMsp(
      await nodeOuMsp(client, { 'config.yaml': noAdminOu, 'admincerts/cert.pem': client.certPem }),
    );
    expect(failures(viaAdmincerts)).toEqual([]);
  });

  it('reports a malformed config.yaml by field', async () => {
    const report = await verifyMsp(
      await nodeOuMsp(admin, { 'config.yaml': 'NodeOUs:\n  Enable: true\n  AdminOUIdentifier: admin\n' }),
    );
    expect(messageOf(report, 'MSP_CONFIG_INVALID')).toBe(
      'config.yaml: NodeOUs.AdminOUIdentifier must be a mapping with Certificate and OrganizationalUnitIdentifier',
    );
  });
});
