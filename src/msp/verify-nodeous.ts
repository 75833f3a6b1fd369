/**
 * The NodeOU checks of `msp verify`: each OU identifier of config.yaml names a CA certificate of
 * the MSP (in cacerts/ or intermediatecerts/) that the signing cert chains to, and an admin's
 * certificate carries the AdminOUIdentifier's OU. Pure.
 */
import { X509Certificate } from 'node:crypto';
import { parseX509, splitPemBundle } from './cert';
import { chainsTo } from './chain';
import type { NodeOusConfig, NodeOuRole, OuIdentifier } from './nodeous';
import { NODE_OU_ROLES } from './nodeous';

/** Where the checks are recorded (verify.ts's Checks). */
export interface CheckSink {
  pass(id: string, message: string): void;
  fail(id: string, code: string, message: string, hint: string, severity?: 'error' | 'warning'): void;
}

export interface NodeOuCheckInput {
  /** The signing certificate, when signcerts/ held a readable one. */
  readonly cert: { readonly file: string; readonly x509: X509Certificate } | undefined;
  readonly intermediates: readonly X509Certificate[];
  readonly snap: {
    readonly folders: Readonly<Partial<Record<string, readonly { name: string; text: string }[]>>>;
  };
  readonly config: NodeOusConfig;
  /** The MSP is an admin's own: its certificate must carry the admin OU. */
  readonly admin: boolean;
}

const CA_FOLDERS = ['cacerts', 'intermediatecerts'] as const;

/** The certificate an identifier names, read from the snapshot; a message when it is not usable. */
function identifierCert(
  id: OuIdentifier & { certificate: string },
  snap: NodeOuCheckInput['snap'],
): X509Certificate | string {
  const normalized = id.certificate.replace(/\\/g, '/').replace(/^\.\//, '');
  const folder = normalized.split('/')[0] ?? '';
  if (!(CA_FOLDERS as readonly string[]).includes(folder))
    return `names ${normalized}, which is not in cacerts/ or intermediatecerts/`;
  const file = snap.folders[folder]?.find((f) => f.name === normalized);
  if (file === undefined) return `names ${normalized}, which does not exist`;
  try {
    const [pem] = splitPemBundle(file.text, file.name);
    const x509 = new X509Certificate(pem ?? '');
    if (!x509.ca) return `names ${normalized}, which is not a CA certificate (basicConstraints CA is not set)`;
    return x509;
  } catch {
    return `names ${normalized}, which is not a readable PEM certificate`;
  }
}

function checkIdentifier(role: NodeOuRole, id: OuIdentifier, input: NodeOuCheckInput, checks: CheckSink): void {
  const field = `NodeOUs.${role}OUIdentifier`;
  const checkId = `nodeou-${role.toLowerCase()}`;
  if (id.certificate === undefined) {
    checks.pass(checkId, `${field}: OU "${id.ou}" of any CA of this MSP`);
    return;
  }
  const ca = identifierCert({ ...id, certificate: id.certificate }, input.snap);
  if (typeof ca === 'string') {
    checks.fail(
      checkId,
      'MSP_NODEOU_CERT_INVALID',
      `config.yaml ${field}.Certificate ${ca}`,
      `Point ${field}.Certificate at the CA certificate of this MSP, relative to the MSP folder (e.g. cacerts/ca-0.pem).`,
    );
    return;
  }
  checks.pass(checkId, `${field}: OU "${id.ou}" of the CA ${id.certificate}`);
}

function checkAdminOu(input: NodeOuCheckInput, checks: CheckSink): void {
  const { cert, config } = input;
  if (cert === undefined) return;
  const adminId = config.identifiers.Admin;
  if (adminId === undefined) {
    checks.fail(
      'nodeou-admin-ou',
      'MSP_NODEOU_ADMIN_MISSING',
      'config.yaml enables NodeOUs but has no NodeOUs.AdminOUIdentifier: no identity of this MSP is an admin by its OU',
      'Add AdminOUIdentifier (Certificate: cacerts/<ca>.pem, OrganizationalUnitIdentifier: admin) to config.yaml.',
    );
    return;
  }
  const ous = parseX509(cert.x509, { ignoreBadAttrs: true }).ous;
  const shown = ous.length === 0 ? 'no OU' : ous.map((o) => `OU=${o}`).join(', ');
  if (!ous.includes(adminId.ou)) {
    checks.fail(
      'nodeou-admin-ou',
      'MSP_NODEOU_NOT_ADMIN',
      `${cert.file} carries ${shown}, not the admin OU "${adminId.ou}" (config.yaml NodeOUs.AdminOUIdentifier): on a NodeOU network this identity is not an admin`,
      'Enroll an identity registered with type admin (fabric-ca-client register --id.type admin, or fabkit register --admin on a NodeOU profile); with --not-admin, verify checks the MSP without this rule.',
    );
    return;
  }
  const ca =
    adminId.certificate === undefined
      ? undefined
      : identifierCert({ ...adminId, certificate: adminId.certificate }, input.snap);
  if (ca instanceof X509Certificate && !chainsTo(cert.x509, [ca], input.intermediates)) {
    checks.fail(
      'nodeou-admin-ou',
      'MSP_NODEOU_WRONG_CA',
      `${cert.file} carries OU=${adminId.ou} but was not issued by ${adminId.certificate ?? ''} (NodeOUs.AdminOUIdentifier.Certificate)`,
      "Bind AdminOUIdentifier to the CA that issued the admin's certificate.",
    );
    return;
  }
  checks.pass('nodeou-admin-ou', `${cert.file} carries the admin OU "${adminId.ou}"`);
}

/** Records the NodeOU checks of an MSP whose config.yaml enables NodeOUs. */
export function checkNodeOus(input: NodeOuCheckInput, checks: CheckSink): void {
  for (const role of NODE_OU_ROLES) {
    const id = input.config.identifiers[role];
    if (id !== undefined) checkIdentifier(role, id, input, checks);
  }
  if (input.admin) checkAdminOu(input, checks);
}
