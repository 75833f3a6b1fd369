/**
 * NodeOU enroll and register against a real fabric-ca-server this test starts itself (the
 * AMB-style devnet's CAs serve pre-NodeOU members): an identity of type client is refused as an
 * admin with nothing written, one of type admin enrolls into an MSP with config.yaml and no
 * admincerts, a re-run says "already enrolled", and `register --admin` registers type admin.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import execa from 'execa';
import { getCaInfo } from '../../src/ca/cainfo';
import { waitFor } from '../../src/runtime/wait-for';
import { fabkit, SHARED_BASE_PORT, sharedDevnet } from '../helpers/devnet';

jest.setTimeout(240_000);

/** Ports of this test's CA, near the top of the run's range (the devnet uses the bottom). */
const CA_PORT = SHARED_BASE_PORT + 90;
const OPS_PORT = SHARED_BASE_PORT + 91;
const CA_NAME = 'ca-org1';
const ADMIN_PASSWORD = 'org1adminpw-Nodeou1';

describe('NodeOU enroll and register on a fabric-ca-server', () => {
  const { dir, binDir } = sharedDevnet();
  const work = path.join(dir, 'nodeou');
  const caHome = path.join(work, 'ca');
  const home = path.join(work, 'home');
  let server: ChildProcess | undefined;

  const env = {
    FABRIC_CA_SERVER_HOME: caHome,
    FABRIC_CA_SERVER_ADDRESS: '127.0.0.1',
    FABRIC_CA_SERVER_PORT: String(CA_PORT),
    FABRIC_CA_SERVER_CA_NAME: CA_NAME,
    FABRIC_CA_SERVER_CSR_CN: 'ca.org1.example.com',
    FABRIC_CA_SERVER_CSR_HOSTS: '127.0.0.1,localhost',
    FABRIC_CA_SERVER_TLS_ENABLED: 'true',
    FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS: `127.0.0.1:${OPS_PORT}`,
    FABRIC_CA_SERVER_METRICS_PROVIDER: 'disabled',
  };

  function writeProfile(adminUser: string): void {
    const profile = {
      version: 1,
      target: 'fabric',
      network: { id: 'nodeou-net', fabricVersion: '2.5', orderingServiceEndpoint: '127.0.0.1:7050' },
      member: {
        id: 'Org1MSP',
        name: 'org1',
        caEndpoint: `127.0.0.1:${CA_PORT}`,
        caName: CA_NAME,
        adminUser,
        nodeOUs: true,
      },
      peers: [{ endpoint: '127.0.0.1:7051' }],
      tls: { chainFile: 'tls-chain.pem' },
    };
    fs.writeFileSync(path.join(home, 'fabkit.yaml'), yaml.dump(profile));
  }

  beforeAll(async () => {
    fs.mkdirSync(caHome, { recursive: true, mode: 0o700 });
    const caServer = path.join(binDir, 'fabric-ca-server');
    await execa(caServer, ['init'], { env: { ...env, FABRIC_CA_SERVER_BOOT: 'admin:adminpw-Boot1' }, cwd: caHome });
    // As fabric-samples' registerEnroll.sh registers org1admin with --id.type admin, here in the config.
    const configFile = path.join(caHome, 'fabric-ca-server-config.yaml');
    const config = yaml.load(fs.readFileSync(configFile, 'utf8')) as Record<string, any>;
    config['registry'].identities.push({
      name: 'org1admin',
      pass: ADMIN_PASSWORD,
      type: 'admin',
      affiliation: '',
      attrs: { 'hf.Registrar.Roles': '*', 'hf.Registrar.Attributes': '*', 'hf.AffiliationMgr': true },
    });
    config['affiliations'] = { org1: [] };
    fs.writeFileSync(configFile, yaml.dump(config, { lineWidth: -1 }));
    fs.rmSync(path.join(caHome, 'fabric-ca-server.db'), { force: true });
    server = spawn(caServer, ['start'], { env: { ...process.env, ...env }, cwd: caHome, stdio: 'ignore' });
    const chain = fs.readFileSync(path.join(caHome, 'ca-cert.pem'), 'utf8');
    await waitFor(async () => getCaInfo(`127.0.0.1:${CA_PORT}`, chain, 2000), {
      what: 'the NodeOU test CA',
      timeoutMs: 60_000,
    });
    fs.mkdirSync(home, { recursive: true });
    fs.writeFileSync(path.join(home, 'tls-chain.pem'), chain);
  });

  afterAll(async () => {
    if (server?.pid === undefined || server.exitCode !== null) return;
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  });

  it('refuses an identity of type client as the admin, and writes nothing', async () => {
    writeProfile('admin');
    const r = await fabkit(['enroll', '--home', home, '--no-wait'], { FABKIT_ADMIN_PASSWORD: 'adminpw-Boot1' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('[ENROLL_NOT_ADMIN_OU]');
    expect(r.stderr).toContain('OU=client');
    expect(r.stderr).not.toContain('adminpw-Boot1');
    expect(fs.existsSync(path.join(home, 'admin-msp'))).toBe(false);
  });

  it('enrolls an admin-type identity into a NodeOU MSP (config.yaml, no admincerts); a re-run is already enrolled', async () => {
    writeProfile('org1admin');
    const r = await fabkit(['enroll', '--home', home, '--no-wait', '--json'], {
      FABKIT_ADMIN_PASSWORD: ADMIN_PASSWORD,
    });
    expect({ exitCode: r.exitCode, stderr: r.stderr }).toMatchObject({ exitCode: 0 });
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'enrolled' });
    const msp = path.join(home, 'admin-msp');
    expect(fs.readdirSync(msp).sort()).toEqual(['cacerts', 'config.yaml', 'keystore', 'signcerts', 'tlscacerts']);
    expect(fs.statSync(path.join(msp, 'keystore', 'priv_sk')).mode & 0o777).toBe(0o600);
    const verify = await fabkit(['msp', 'verify', '--home', home, '--json']);
    expect(verify.exitCode).toBe(0);
    const report = JSON.parse(verify.stdout) as { layout: string; identity: { ous: string[] } };
    expect(report.layout).toBe('nodeou');
    expect(report.identity.ous).toContain('admin');

    const again = await fabkit(['enroll', '--home', home, '--no-wait'], { FABKIT_ADMIN_PASSWORD: ADMIN_PASSWORD });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('already enrolled');
  });

  it('register --admin registers type admin: the new MSP is a NodeOU admin MSP', async () => {
    const r = await fabkit(['register', 'org1admin2', '--admin', '--home', home, '--json'], {
      FABKIT_REGISTER_SECRET: 'org1admin2pw-Nodeou2',
    });
    expect({ exitCode: r.exitCode, stderr: r.stderr }).toMatchObject({ exitCode: 0 });
    const out = JSON.parse(r.stdout) as { mspDir: string; subject: string; attrs: Record<string, string> };
    expect(out.attrs['hf.Type']).toBe('admin');
    expect(fs.existsSync(path.join(out.mspDir, 'admincerts'))).toBe(false);
    const verify = await fabkit(['msp', 'verify', out.mspDir]);
    expect(verify.exitCode).toBe(0);
  });
});
