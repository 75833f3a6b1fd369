/**
 * Issue 3's acceptance, as a new user would run it against the devnet: init, enroll, doctor,
 * msp verify, enroll again, register a second admin; plus the bad-input cases. Every call is
 * the built `fabkit` CLI; the network answering is the devnet's real CA, orderer and peers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fabkit, readNetwork, sharedDevnet } from '../helpers/devnet';

jest.setTimeout(180_000);

describe('fabkit init / enroll / doctor / msp verify / register on the devnet', () => {
  const { dir } = sharedDevnet();
  const home = path.join(dir, 'homes', 'org2');
  const member = readNetwork(dir).Members[1];

  it('init writes the profile from network.json and copies the TLS chain into the home', async () => {
    const r = await fabkit([
      'init',
      '--home',
      home,
      '--from-devnet',
      path.join(dir, 'network.json'),
      '--member',
      'org2',
      '--json',
    ]);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, outcome: 'created', memberId: member?.Id });
    expect(fs.readFileSync(path.join(home, 'fabkit.yaml'), 'utf8')).toContain(`id: ${member?.Id}`);
    expect(fs.readFileSync(path.join(home, 'devnet-tls-chain.pem'), 'utf8').match(/BEGIN CERTIFICATE/g)).toHaveLength(
      2, // the devnet's TLS PKI: root and intermediate
    );
    const again = await fabkit(['init', '--home', home, '--from-devnet', dir, '--member', member?.Id ?? '']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('already initialized');
  });

  it('refuses a wrong password with a clear error, writes no MSP, and never prints the password', async () => {
    const password = 'Wr0ng#Pass%word';
    const r = await fabkit(['enroll', '--home', home], { FABKIT_ADMIN_PASSWORD: password });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('[CA_AUTH_FAILED]');
    expect(r.stderr).toContain('refused to enroll "AdminUser"');
    expect(`${r.stdout}${r.stderr}`).not.toContain(password);
    expect(fs.existsSync(path.join(home, 'admin-msp'))).toBe(false);
    expect(fs.readdirSync(home).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('enrolls, waits until the admin is recognized, and writes a 0600 key', async () => {
    const r = await fabkit(['enroll', '--home', home, '--json']);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout) as { outcome: string; subject: string; enrollMs: number; recognizedMs: number };
    expect(out.outcome).toBe('enrolled');
    expect(out.subject).toContain('CN=AdminUser');
    expect(out.recognizedMs).toBeGreaterThanOrEqual(0);
    process.stderr.write(`fabkit enroll: ${out.enrollMs} ms; admin recognized ${out.recognizedMs} ms later\n`);
    expect(fs.statSync(path.join(home, 'admin-msp', 'keystore', 'priv_sk')).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(home, 'admin-msp', 'admincerts', 'cert.pem'), 'utf8')).toBe(
      fs.readFileSync(path.join(home, 'admin-msp', 'signcerts', 'cert.pem'), 'utf8'),
    );
  });

  it('doctor is all green, including "admin recognized"', async () => {
    const r = await fabkit(['doctor', '--home', home, '--json']);
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout) as { ok: boolean; checks: { id: string; status: string }[] };
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => [c.id, c.status])).toEqual(
      expect.arrayContaining([
        ['tls-chain', 'pass'],
        ['ca', 'pass'],
        ['tls orderer', 'pass'],
        ['runtime', 'pass'],
        ['admin-msp', 'pass'],
        ['admin-recognized', 'pass'],
      ]),
    );
  });

  it('msp verify passes every check of the admin MSP', async () => {
    const r = await fabkit(['msp', 'verify', '--home', home, '--json']);
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout) as {
      ok: boolean;
      identity: { subject: string };
      checks: { id: string; ok: boolean }[];
    };
    expect(report.ok).toBe(true);
    expect(report.identity.subject).toContain('CN=AdminUser');
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.checks.map((c) => c.id)).toEqual(
      expect.arrayContaining(['key-match', 'chain', 'validity', 'admincerts-match']),
    );
  });

  it('enroll again reports "already enrolled" with exit 0 and keeps the same cert', async () => {
    const before = fs.readFileSync(path.join(home, 'admin-msp', 'signcerts', 'cert.pem'), 'utf8');
    const r = await fabkit(['enroll', '--home', home]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('already enrolled');
    expect(fs.readFileSync(path.join(home, 'admin-msp', 'signcerts', 'cert.pem'), 'utf8')).toBe(before);
  });

  it('doctor warns about the folder an interrupted enroll left (key inside), and a re-run of enroll removes it', async () => {
    // What `fabkit enroll` killed between writing the key and the rename leaves (2 of 12 kills in issue 10).
    const leftover = path.join(home, 'admin-msp.tmp-0123456789ab');
    fs.cpSync(path.join(home, 'admin-msp'), leftover, { recursive: true });
    const warned = await fabkit(['doctor', '--home', home, '--json']);
    expect(warned.exitCode).toBe(0);
    const check = (
      JSON.parse(warned.stdout) as { checks: { id: string; status: string; detail: string; hint?: string }[] }
    ).checks.find((c) => c.id === 'leftovers');
    expect(check).toMatchObject({ status: 'warn', detail: expect.stringContaining(leftover) });
    expect(check?.hint).toContain('rm -r');
    const again = await fabkit(['enroll', '--home', home, '--no-wait']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('already enrolled');
    expect(fs.existsSync(leftover)).toBe(false);
    const clean = await fabkit(['doctor', '--home', home, '--json']);
    expect(
      (JSON.parse(clean.stdout) as { checks: { id: string; status: string }[] }).checks.find(
        (c) => c.id === 'leftovers',
      ),
    ).toMatchObject({ status: 'pass' });
  });

  it('registers and enrolls a second admin whose MSP verifies', async () => {
    const r = await fabkit(['register', 'admin2', '--home', home, '--admin', '--type', 'client', '--json'], {
      FABKIT_REGISTER_SECRET: 'Sec0nd-Admin#%@',
    });
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout) as { mspDir: string; attrs: Record<string, string> };
    expect(out.attrs).toMatchObject({ 'hf.EnrollmentID': 'admin2', 'hf.Affiliation': 'org2', 'hf.Type': 'client' });
    const verify = await fabkit(['msp', 'verify', out.mspDir]);
    expect(verify.exitCode).toBe(0);
    expect(verify.stdout).toContain(`${out.mspDir}: valid`);
    // The bootstrap admin's cert carries no Fabric CA attribute extension; registered identities do.
    expect(verify.stdout).toContain('hf.EnrollmentID=admin2');
  });

  it('reports a refused attribute clearly (stock Fabric CA reserves hf.Admin, unlike AMB)', async () => {
    const r = await fabkit(['register', 'admin3', '--home', home, '--attr', 'hf.Admin=true'], {
      FABKIT_REGISTER_SECRET: 'Third#Admin1',
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('[CA_ATTRIBUTE_REFUSED]');
    expect(r.stderr).toContain('hf.Admin');
    expect(fs.existsSync(path.join(home, 'users', 'admin3'))).toBe(false);
  });

  it('refuses a TLS chain that does not verify the CA, writing nothing', async () => {
    const other = path.join(dir, 'homes', 'badchain');
    fs.mkdirSync(other, { recursive: true });
    // The orderer's TLS CA alone cannot verify the member CA's certificate.
    const chain = fs
      .readFileSync(path.join(dir, 'devnet-tls-chain.pem'), 'utf8')
      .split(/(?<=-----END CERTIFICATE-----\n)/);
    fs.writeFileSync(path.join(other, 'orderer-only.pem'), chain[chain.length - 1] ?? '');
    const net = readNetwork(dir);
    const init = await fabkit([
      'init',
      '--home',
      other,
      '--network-id',
      net.NetworkId,
      '--member-id',
      member?.Id ?? '',
      '--member-name',
      'org2',
      '--ca-endpoint',
      member?.CaEndpoint ?? '',
      '--orderer-endpoint',
      net.OrderingServiceEndpoint,
      '--peer-endpoint',
      net.Nodes[1]?.PeerEndpoint ?? '',
      '--tls-chain',
      'orderer-only.pem',
      '--fabric-version',
      '2.5.9',
    ]);
    expect(init.exitCode).toBe(0);
    const r = await fabkit(['enroll', '--home', other], { FABKIT_ADMIN_PASSWORD: 'Irrelevant1' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('[CA_TLS_UNTRUSTED]');
    expect(fs.existsSync(path.join(other, 'admin-msp'))).toBe(false);
  });

  it('refuses a chain file that is not PEM, and a malformed endpoint, as usage errors', async () => {
    const other = path.join(dir, 'homes', 'notpem');
    fs.mkdirSync(other, { recursive: true });
    fs.writeFileSync(path.join(other, 'chain.pem'), 'this is not a certificate\n');
    const net = readNetwork(dir);
    const args = [
      'init',
      '--home',
      other,
      '--network-id',
      net.NetworkId,
      '--member-id',
      member?.Id ?? '',
      '--member-name',
      'org2',
      '--orderer-endpoint',
      net.OrderingServiceEndpoint,
      '--peer-endpoint',
      net.Nodes[1]?.PeerEndpoint ?? '',
      '--tls-chain',
      'chain.pem',
    ];
    const notPem = await fabkit([...args, '--ca-endpoint', member?.CaEndpoint ?? '']);
    expect(notPem.exitCode).toBe(2);
    expect(notPem.stderr).toContain('not PEM');
    const badEndpoint = await fabkit([...args, '--ca-endpoint', 'ca.example.com']);
    expect(badEndpoint.exitCode).toBe(2);
    expect(badEndpoint.stderr).toContain('--ca-endpoint');
    expect(fs.existsSync(path.join(other, 'fabkit.yaml'))).toBe(false);
  });

  it('does not call an MSP from another member\'s CA "already enrolled": it says so, and --force re-enrolls', async () => {
    const foreign = path.join(dir, 'homes', 'foreign-msp');
    expect((await fabkit(['init', '--home', foreign, '--from-devnet', dir, '--member', 'org1'])).exitCode).toBe(0);
    fs.cpSync(path.join(home, 'admin-msp'), path.join(foreign, 'admin-msp'), { recursive: true });
    const r = await fabkit(['enroll', '--home', foreign, '--no-wait']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('[MSP_FROM_OTHER_CA]');
    expect(r.stderr).toContain('fabkit enroll --force');
    const forced = await fabkit(['enroll', '--home', foreign, '--force', '--json']);
    expect(forced.exitCode).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ outcome: 'enrolled', backup: expect.any(String) });
  });
});
