/**
 * Checks a local Fabric MSP folder the way a peer CLI would use it: one signing cert, one
 * matching private key, a CA that issued the cert, validity dates and (pre-NodeOU) admincerts.
 *
 * `readMspSnapshot` is the only I/O; `checkMsp` is pure over the snapshot.
 *
 * SECURITY: the private key text is read to check it, and never placed in a message, hint or
 * detail. Messages name files and rules only.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { FabkitError } from '../errors';
import type { ParsedCert } from './cert';
import { fabricAttributes, parseX509, splitPemBundle } from './cert';
import type { NodeOusConfig } from './nodeous';
import { parseNodeOusConfig } from './nodeous';
import { chainsTo } from './chain';
import { checkNodeOus } from './verify-nodeous';

export const MSP_FOLDERS = [
  'signcerts',
  'keystore',
  'cacerts',
  'intermediatecerts',
  'admincerts',
  'tlscacerts',
] as const;
export type MspFolder = (typeof MSP_FOLDERS)[number];

export interface MspFile {
  /** Path relative to the MSP folder, e.g. `keystore/priv_sk`. */
  readonly name: string;
  readonly text: string;
  /** Permission bits (mode & 0o777). */
  readonly mode: number;
}

export interface MspSnapshot {
  readonly dir: string;
  readonly exists: boolean;
  /** Regular files of each sub-folder, sorted by name; undefined when the sub-folder is absent. */
  readonly folders: Readonly<Partial<Record<MspFolder, readonly MspFile[]>>>;
  readonly configYaml?: string;
}

export type MspLayout = 'pre-nodeou' | 'nodeou';
export type CheckSeverity = 'error' | 'warning';

export interface MspCheck {
  /** Stable name of the check, e.g. `key-match`. */
  readonly id: string;
  readonly ok: boolean;
  readonly severity: CheckSeverity;
  /** `OK` when the check passed, else a stable MSP_* code. */
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

export interface MspReport {
  /** False when any check of severity `error` failed; warnings do not make it false. */
  readonly ok: boolean;
  readonly layout: MspLayout;
  readonly identity?: ParsedCert;
  readonly checks: MspCheck[];
}

export interface VerifyOptions {
  readonly now?: Date;
  readonly expiryWarningDays?: number;
  /**
   * The MSP is an admin's own (default true): in the pre-NodeOU layout its admincerts must hold
   * its signing cert; with NodeOUs its cert must carry the AdminOUIdentifier's OU. With false,
   * admincerts only has to be present (pre-NodeOU) and the OU is not checked (NodeOU).
   */
  readonly admin?: boolean;
}

// ---------------------------------------------------------------------------------------------
// I/O

async function readFolder(dir: string, folder: string): Promise<MspFile[] | undefined> {
  const full = path.join(dir, folder);
  const stat = await fs.stat(full).catch(() => undefined);
  if (stat === undefined || !stat.isDirectory()) return undefined;
  const files: MspFile[] = [];
  for (const name of (await fs.readdir(full)).sort()) {
    const file = path.join(full, name);
    const st = await fs.stat(file).catch(() => undefined);
    if (st === undefined || !st.isFile()) continue;
    files.push({ name: `${folder}/${name}`, text: await fs.readFile(file, 'utf8'), mode: st.mode & 0o777 });
  }
  return files;
}

/** Reads everything the checks need. A missing folder gives `exists: false`, not an error. */
export async function readMspSnapshot(dir: string): Promise<MspSnapshot> {
  const stat = await fs.stat(dir).catch(() => undefined);
  if (stat === undefined || !stat.isDirectory()) return { dir, exists: false, folders: {} };
  const folders: Partial<Record<MspFolder, readonly MspFile[]>> = {};
  for (const folder of MSP_FOLDERS) {
    const files = await readFolder(dir, folder);
    if (files !== undefined) folders[folder] = files;
  }
  const configYaml = await fs.readFile(path.join(dir, 'config.yaml'), 'utf8').catch(() => undefined);
  return configYaml === undefined ? { dir, exists: true, folders } : { dir, exists: true, folders, configYaml };
}

/** Reads and checks the MSP folder at `dir`. Never throws for problems of the folder itself. */
export async function verifyMsp(dir: string, options: VerifyOptions = {}): Promise<MspReport> {
  return checkMsp(await readMspSnapshot(dir), options);
}

// ---------------------------------------------------------------------------------------------
// Pure checks

export class Checks {
  readonly list: MspCheck[] = [];
  pass(id: string, message: string, severity: CheckSeverity = 'error'): void {
    this.list.push({ id, ok: true, severity, code: 'OK', message });
  }
  fail(id: string, code: string, message: string, hint: string, severity: CheckSeverity = 'error'): void {
    this.list.push({ id, ok: false, severity, code, message, hint });
  }
}

export interface LoadedCert {
  readonly file: string;
  readonly x509: X509Certificate;
}

/** First certificate of each file (Fabric reads only the first PEM block of an MSP file). */
export function loadCerts(files: readonly MspFile[], checks: Checks, id: string): LoadedCert[] {
  const out: LoadedCert[] = [];
  for (const f of files) {
    let pems: string[];
    try {
      pems = splitPemBundle(f.text, f.name);
    } catch (error) {
      const reason = error instanceof FabkitError ? error.message : `${f.name} could not be read as PEM`;
      checks.fail(id, 'MSP_FILE_INVALID', reason, `Replace ${f.name} with a single PEM certificate.`);
      continue;
    }
    if (pems.length > 1) {
      checks.fail(
        id,
        'MSP_PEM_BUNDLE',
        `${f.name} holds ${pems.length} certificates: Fabric reads only the first one of each file`,
        `Split it into one file per certificate inside ${path.dirname(f.name)}/.`,
        'warning',
      );
    }
    out.push({ file: f.name, x509: new X509Certificate(pems[0] ?? '') });
  }
  return out;
}

function layoutOf(snap: MspSnapshot, checks: Checks): { layout: MspLayout; config?: NodeOusConfig } {
  if (snap.configYaml === undefined) return { layout: 'pre-nodeou' };
  const { config, problems } = parseNodeOusConfig(snap.configYaml);
  if (problems.length > 0) {
    checks.fail(
      'config',
      'MSP_CONFIG_INVALID',
      `config.yaml: ${problems.map((p) => p.message).join('; ')}`,
      'Fix config.yaml: NodeOUs needs Enable: true and, for each of ClientOUIdentifier, PeerOUIdentifier, AdminOUIdentifier and OrdererOUIdentifier, a Certificate (e.g. cacerts/ca.pem) and an OrganizationalUnitIdentifier (client, peer, admin, orderer).',
    );
    return config.enabled ? { layout: 'nodeou', config } : { layout: 'pre-nodeou' };
  }
  checks.pass('config', config.enabled ? 'config.yaml enables NodeOUs' : 'config.yaml does not enable NodeOUs');
  return config.enabled ? { layout: 'nodeou', config } : { layout: 'pre-nodeou' };
}

function signcertOf(snap: MspSnapshot, checks: Checks): LoadedCert | undefined {
  const files = snap.folders.signcerts ?? [];
  if (files.length !== 1) {
    checks.fail(
      'signcert',
      'MSP_SIGNCERT_MISSING',
      `signcerts/ must hold exactly one certificate file, found ${files.length}`,
      files.length === 0
        ? 'Enroll the identity (fabric-ca-client enroll) or copy its cert.pem into signcerts/.'
        : "Keep only the identity's own certificate in signcerts/.",
    );
    return undefined;
  }
  const [cert] = loadCerts(files, checks, 'signcert');
  if (cert !== undefined) checks.pass('signcert', `${cert.file} is a certificate`);
  return cert;
}

function keyOf(snap: MspSnapshot, checks: Checks): { file: MspFile; key: KeyObject } | undefined {
  const files = snap.folders.keystore ?? [];
  const [file] = files;
  if (files.length !== 1 || file === undefined) {
    checks.fail(
      'key',
      'MSP_KEY_MISSING',
      `keystore/ must hold exactly one private key file, found ${files.length}`,
      files.length === 0
        ? "Copy the identity's private key into keystore/ (any file name, e.g. priv_sk)."
        : "Keep only the identity's own private key in keystore/.",
    );
    return undefined;
  }
  try {
    const key = createPrivateKey({ key: file.text, format: 'pem' });
    checks.pass('key', `${file.name} is a private key`);
    return { file, key };
  } catch {
    checks.fail(
      'key',
      'MSP_KEY_INVALID',
      `${file.name} is not an unencrypted PEM private key`,
      'Fabric needs the key as unencrypted PEM (PKCS#8, "-----BEGIN PRIVATE KEY-----"); re-export or re-enroll.',
    );
    return undefined;
  }
}

function checkKeyPermissions(dir: string, file: MspFile, checks: Checks): void {
  if ((file.mode & 0o077) === 0) {
    checks.pass('key-permissions', `${file.name} is readable by its owner only`, 'warning');
    return;
  }
  checks.fail(
    'key-permissions',
    'MSP_KEY_PERMISSIONS',
    `${file.name} is readable by group or others (mode ${file.mode.toString(8).padStart(4, '0')}): a private key must be owner-only`,
    `Run: chmod 600 ${path.join(dir, file.name)}`,
    'warning',
  );
}

function checkKeyMatch(cert: LoadedCert, key: { file: MspFile; key: KeyObject }, checks: Checks): void {
  let matches = false;
  try {
    matches = cert.x509.checkPrivateKey(key.key);
  } catch {
    matches = false;
  }
  if (matches) checks.pass('key-match', `${key.file.name} matches the public key of ${cert.file}`);
  else {
    checks.fail(
      'key-match',
      'MSP_KEY_MISMATCH',
      `${key.file.name} does not match the public key of ${cert.file}`,
      'Put the private key that was generated with this certificate in keystore/ (or re-enroll to get a new pair).',
    );
  }
}

function checkCacerts(snap: MspSnapshot, checks: Checks): X509Certificate[] {
  const roots = loadCerts(snap.folders.cacerts ?? [], checks, 'cacerts').map((c) => c.x509);
  if (roots.length === 0) {
    checks.fail(
      'cacerts',
      'MSP_CACERTS_MISSING',
      'cacerts/ holds no CA certificate',
      'Copy the root certificate of the member CA into cacerts/ (fabric-ca-client getcainfo -M <msp> writes it there).',
    );
  } else {
    checks.pass('cacerts', `cacerts/ holds ${roots.length} certificate(s)`);
  }
  return roots;
}

function checkChain(cert: LoadedCert, roots: readonly X509Certificate[], snap: MspSnapshot, checks: Checks): void {
  const intermediates = loadCerts(snap.folders.intermediatecerts ?? [], checks, 'intermediatecerts').map((c) => c.x509);
  if (chainsTo(cert.x509, roots, intermediates)) {
    checks.pass('chain', `${cert.file} chains to a certificate in cacerts/`);
    return;
  }
  const via = intermediates.length > 0 ? ' (directly or through intermediatecerts/)' : '';
  checks.fail(
    'chain',
    'MSP_CHAIN_INVALID',
    `${cert.file} (issuer "${parseX509(cert.x509, { ignoreBadAttrs: true }).issuer}") was not issued and signed by any certificate in cacerts/${via}`,
    'Put the root certificate of the CA that enrolled this identity in cacerts/ (and any intermediate CA certificates in intermediatecerts/).',
  );
}

/** intermediatecerts/, loaded without reporting (checkChain reports unreadable files). */
function loadedIntermediates(snap: MspSnapshot): X509Certificate[] {
  return loadCerts(snap.folders.intermediatecerts ?? [], new Checks(), 'intermediatecerts').map((c) => c.x509);
}

const DAY_MS = 24 * 60 * 60 * 1000;

function checkValidity(identity: ParsedCert, file: string, options: VerifyOptions, checks: Checks): void {
  const now = options.now ?? new Date();
  const warnDays = options.expiryWarningDays ?? 30;
  const renew = 'Renew it before it expires (fabric-ca-client reenroll) and replace signcerts/ and keystore/.';
  if (now.getTime() > identity.notAfter.getTime()) {
    checks.fail(
      'validity',
      'MSP_CERT_EXPIRED',
      `${file} expired on ${identity.notAfter.toISOString()}`,
      'Enroll the identity again (fabric-ca-client enroll; reenroll needs a valid certificate) and replace signcerts/ and keystore/.',
    );
  } else if (now.getTime() < identity.notBefore.getTime()) {
    checks.fail(
      'validity',
      'MSP_CERT_NOT_YET_VALID',
      `${file} is not valid before ${identity.notBefore.toISOString()}`,
      "Check this machine's clock, or wait until the certificate becomes valid.",
    );
  } else if (identity.notAfter.getTime() - now.getTime() < warnDays * DAY_MS) {
    const days = Math.floor((identity.notAfter.getTime() - now.getTime()) / DAY_MS);
    checks.fail(
      'validity',
      'MSP_CERT_EXPIRING',
      `${file} expires on ${identity.notAfter.toISOString()} (in ${days} day(s), within ${warnDays})`,
      renew,
      'warning',
    );
  } else {
    checks.pass('validity', `${file} is valid until ${identity.notAfter.toISOString()}`);
  }
}

function checkAdmincerts(
  cert: LoadedCert | undefined,
  snap: MspSnapshot,
  options: VerifyOptions,
  checks: Checks,
): void {
  const files = snap.folders.admincerts ?? [];
  if (files.length === 0) {
    checks.fail(
      'admincerts',
      'MSP_ADMINCERTS_MISSING',
      'admincerts/ is missing or empty, and there is no config.yaml enabling NodeOUs',
      "Copy the admin's signing certificate into admincerts/ (e.g. cp signcerts/cert.pem admincerts/), as in the AMB tutorial.",
    );
    return;
  }
  const admins = loadCerts(files, checks, 'admincerts');
  checks.pass('admincerts', `admincerts/ holds ${admins.length} certificate(s)`);
  if (cert === undefined || options.admin === false) return;
  if (admins.some((a) => a.x509.raw.equals(cert.x509.raw))) {
    checks.pass('admincerts-match', `admincerts/ holds a copy of ${cert.file}`);
    return;
  }
  checks.fail(
    'admincerts-match',
    'MSP_ADMINCERTS_MISMATCH',
    `admincerts/ holds no certificate identical to ${cert.file}`,
    "Copy this identity's signing certificate into admincerts/ (cp signcerts/cert.pem admincerts/).",
  );
}

function identityOf(cert: LoadedCert, checks: Checks): ParsedCert {
  try {
    fabricAttributes(cert.x509.raw);
  } catch (error) {
    const reason = error instanceof FabkitError ? error.message : 'it cannot be read';
    checks.fail(
      'attrs',
      'MSP_CERT_ATTRS_INVALID',
      `${cert.file}: ${reason}`,
      'Re-enroll the identity with fabric-ca-client; attribute-based access control will not see its attributes.',
      'warning',
    );
  }
  return parseX509(cert.x509, { ignoreBadAttrs: true });
}

/** Pre-NodeOU: admincerts; NodeOU: the OU identifiers of config.yaml and the admin OU. */
function checkAdminRecognition(
  cert: LoadedCert | undefined,
  snap: MspSnapshot,
  config: NodeOusConfig | undefined,
  options: VerifyOptions,
  checks: Checks,
): void {
  if (config === undefined) checkAdmincerts(cert, snap, options, checks);
  else if (config.identifiers.Admin === undefined && (snap.folders.admincerts ?? []).length > 0) {
    // Fabric: NodeOUs without an AdminOUIdentifier still takes its admins from admincerts/.
    checkNodeOus({ cert, intermediates: [], snap, config, admin: false }, checks);
    checkAdmincerts(cert, snap, options, checks);
  } else
    checkNodeOus(
      { cert, intermediates: loadedIntermediates(snap), snap, config, admin: options.admin !== false },
      checks,
    );
}

/** Runs every check that its prerequisites allow (e.g. no key-match without a key). Pure. */
export function checkMsp(snap: MspSnapshot, options: VerifyOptions = {}): MspReport {
  const checks = new Checks();
  if (!snap.exists) {
    checks.fail(
      'dir',
      'MSP_DIR_MISSING',
      `MSP folder ${snap.dir} does not exist or is not a directory`,
      'Pass the folder that holds signcerts/, keystore/ and cacerts/ (e.g. ~/admin-msp), or create it with fabkit.',
    );
    return { ok: false, layout: 'pre-nodeou', checks: checks.list };
  }
  checks.pass('dir', `MSP folder ${snap.dir} exists`);
  const { layout, config } = layoutOf(snap, checks);
  const cert = signcertOf(snap, checks);
  const key = keyOf(snap, checks);
  if (key !== undefined) checkKeyPermissions(snap.dir, key.file, checks);
  if (cert !== undefined && key !== undefined) checkKeyMatch(cert, key, checks);
  const roots = checkCacerts(snap, checks);
  const identity = cert === undefined ? undefined : identityOf(cert, checks);
  if (cert !== undefined && identity !== undefined) {
    if (roots.length > 0) checkChain(cert, roots, snap, checks);
    checkValidity(identity, cert.file, options, checks);
  }
  checkAdminRecognition(cert, snap, config, options, checks);
  const ok = !checks.list.some((c) => !c.ok && c.severity === 'error');
  return identity === undefined ? { ok, layout, checks: checks.list } : { ok, layout, identity, checks: checks.list };
}
