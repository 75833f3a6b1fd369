import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import execa from 'execa';

/**
 * TEST PKI ONLY. Throw-away ECDSA P-256 CAs and certificates made with the openssl CLI at test
 * time, in a temporary folder. Nothing here is fit for real use.
 *
 * Leaves are issued with `openssl ca` so that validity dates can be set exactly (expired and
 * future certificates without faking the clock). The Fabric CA attribute extension is written as
 * `DER:<hex of the JSON>`, so the extension value is an OCTET STRING whose content is the raw JSON
 * bytes, which is how Fabric CA encodes it.
 */
export interface TestIdentity {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface TestPki {
  readonly dir: string;
  readonly rootCa: TestIdentity;
  /** An unrelated root CA. */
  readonly otherRootCa: TestIdentity;
  /** Issued by rootCa. */
  readonly intermediateCa: TestIdentity;
  /** Valid leaf of rootCa, subject OU=client+OU=org1, CN=AdminUser, with Fabric attributes ADMIN_ATTRS. */
  readonly admin: TestIdentity;
  /** Leaf of rootCa valid 2020-01-01 to 2021-01-01. */
  readonly expired: TestIdentity;
  /** Leaf of rootCa valid from 2090-01-01. */
  readonly notYetValid: TestIdentity;
  /** Leaf of rootCa that expires in 10 days. */
  readonly expiring: TestIdentity;
  /** Leaf of otherRootCa. */
  readonly foreign: TestIdentity;
  /** Leaf of intermediateCa. */
  readonly viaIntermediate: TestIdentity;
  /** Leaf of rootCa whose attribute extension wraps the JSON in a DER OCTET STRING (not the Fabric CA encoding). */
  readonly nestedAttrs: TestIdentity;
  /** A private key that matches no certificate. */
  readonly strayKeyPem: string;
  cleanup(): void;
}

export const ADMIN_ATTRS = { 'hf.Affiliation': 'org1', 'hf.EnrollmentID': 'AdminUser', 'hf.Type': 'client' };

const CA_CONFIG = `[ca]
default_ca = test_pki_ca
[test_pki_ca]
database = index.txt
new_certs_dir = issued
serial = serial
default_md = sha256
policy = test_pki_policy
unique_subject = no
[test_pki_policy]
commonName = supplied
`;

interface Issuer {
  readonly cert: string;
  readonly key: string;
}

function stamp(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

const DAY = 24 * 60 * 60 * 1000;

class Openssl {
  constructor(readonly dir: string) {}

  private file(name: string): string {
    return path.join(this.dir, name);
  }

  async run(args: string[]): Promise<void> {
    await execa('openssl', args, { cwd: this.dir });
  }

  async key(name: string): Promise<string> {
    await this.run([
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-out',
      this.file(`${name}.key`),
    ]);
    return this.file(`${name}.key`);
  }

  async root(name: string): Promise<Issuer> {
    const key = await this.key(name);
    const cert = this.file(`${name}.pem`);
    await this.run([
      'req',
      '-x509',
      '-new',
      '-key',
      key,
      '-subj',
      `/C=US/O=Test PKI/CN=${name}`,
      '-days',
      '3650',
      '-out',
      cert,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    return { cert, key };
  }

  /** Issues a certificate with `openssl ca`, exact dates and the given extension lines. */
  async issue(
    name: string,
    issuer: Issuer,
    subject: string,
    extensions: string[],
    from: Date,
    to: Date,
  ): Promise<Issuer> {
    const key = await this.key(name);
    const csr = this.file(`${name}.csr`);
    const cert = this.file(`${name}.pem`);
    const ext = this.file(`${name}.ext`);
    await this.run(['req', '-new', '-key', key, '-multivalue-rdn', '-subj', subject, '-out', csr]);
    fs.writeFileSync(ext, `[ext]\n${extensions.join('\n')}\n`);
    await this.run([
      'ca',
      '-batch',
      '-config',
      this.file('ca.cnf'),
      '-cert',
      issuer.cert,
      '-keyfile',
      issuer.key,
      '-in',
      csr,
      '-out',
      cert,
      '-notext',
      '-preserveDN',
      '-startdate',
      stamp(from),
      '-enddate',
      stamp(to),
      '-extfile',
      ext,
      '-extensions',
      'ext',
    ]);
    return { cert, key };
  }

  read(pair: Issuer): TestIdentity {
    return { certPem: fs.readFileSync(pair.cert, 'utf8'), keyPem: fs.readFileSync(pair.key, 'utf8') };
  }
}

const LEAF_EXT = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature'];
const CA_EXT = ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign'];

function fabricAttrsExt(json: string): string {
  return `1.2.3.4.5.6.7.8.1=DER:${Buffer.from(json, 'utf8').toString('hex')}`;
}

/** The JSON wrapped once more in a DER OCTET STRING: a plausible mistake that Fabric cannot read. */
function nestedAttrsExt(json: string): string {
  const bytes = Buffer.from(json, 'utf8');
  if (bytes.length > 127) throw new Error('test PKI: nested attribute JSON must be under 128 bytes');
  return `1.2.3.4.5.6.7.8.1=DER:04${bytes.length.toString(16).padStart(2, '0')}${bytes.toString('hex')}`;
}

/** Makes the whole TEST PKI in a fresh temporary folder (about 30 openssl runs). */
export async function makeTestPki(): Promise<TestPki> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-test-pki-'));
  try {
    return await generate(dir);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function generate(dir: string): Promise<TestPki> {
  const ssl = new Openssl(dir);
  fs.writeFileSync(path.join(dir, 'ca.cnf'), CA_CONFIG);
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), '1000\n');
  fs.mkdirSync(path.join(dir, 'issued'));

  const now = Date.now();
  const [yesterday, nextYear] = [new Date(now - DAY), new Date(now + 365 * DAY)];
  const json = JSON.stringify({ attrs: ADMIN_ATTRS });
  const root = await ssl.root('test-pki-root');
  const other = await ssl.root('test-pki-other-root');
  const mid = await ssl.issue(
    'test-pki-intermediate',
    root,
    '/C=US/O=Test PKI/CN=test-pki-intermediate',
    CA_EXT,
    yesterday,
    nextYear,
  );
  const subject = (cn: string): string => `/C=US/O=Test PKI/OU=client+OU=org1/CN=${cn}`;
  const pairs = {
    admin: await ssl.issue(
      'admin',
      root,
      subject('AdminUser'),
      [...LEAF_EXT, fabricAttrsExt(json)],
      yesterday,
      nextYear,
    ),
    expired: await ssl.issue(
      'expired',
      root,
      subject('Expired'),
      LEAF_EXT,
      new Date('2020-01-01T00:00:00Z'),
      new Date('2021-01-01T00:00:00Z'),
    ),
    notYetValid: await ssl.issue(
      'future',
      root,
      subject('Future'),
      LEAF_EXT,
      new Date('2090-01-01T00:00:00Z'),
      new Date('2091-01-01T00:00:00Z'),
    ),
    expiring: await ssl.issue('expiring', root, subject('Expiring'), LEAF_EXT, yesterday, new Date(now + 10 * DAY)),
    foreign: await ssl.issue('foreign', other, subject('Foreign'), LEAF_EXT, yesterday, nextYear),
    viaIntermediate: await ssl.issue('via-mid', mid, subject('ViaIntermediate'), LEAF_EXT, yesterday, nextYear),
    nestedAttrs: await ssl.issue(
      'nested',
      root,
      subject('Nested'),
      [...LEAF_EXT, nestedAttrsExt(json)],
      yesterday,
      nextYear,
    ),
  };
  const stray = await ssl.key('stray');
  return {
    dir,
    rootCa: ssl.read(root),
    otherRootCa: ssl.read(other),
    intermediateCa: ssl.read(mid),
    admin: ssl.read(pairs.admin),
    expired: ssl.read(pairs.expired),
    notYetValid: ssl.read(pairs.notYetValid),
    expiring: ssl.read(pairs.expiring),
    foreign: ssl.read(pairs.foreign),
    viaIntermediate: ssl.read(pairs.viaIntermediate),
    nestedAttrs: ssl.read(pairs.nestedAttrs),
    strayKeyPem: fs.readFileSync(stray, 'utf8'),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
