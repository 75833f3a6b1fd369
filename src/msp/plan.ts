/**
 * What a local MSP folder should contain, as a list of files. Pure: `writeMspAtomic` does the I/O.
 *
 * SECURITY: the key PEM is carried in the plan (it must be written), but errors raised here never
 * quote it.
 */
import { FabkitError } from '../errors';
import { splitPemBundle } from './cert';
import { nodeOusConfigYaml } from './nodeous';

export const MSP_DIR_MODE = 0o700;
export const MSP_CERT_MODE = 0o644;
export const MSP_KEY_MODE = 0o600;
/** Fabric's keystore accepts any file name; fabric-ca-client itself writes `<ski>_sk`. */
export const MSP_KEY_FILE = 'keystore/priv_sk';

export interface MspPlanEntry {
  /** Relative to the MSP folder, `/`-separated, e.g. `signcerts/cert.pem`. */
  readonly path: string;
  readonly contents: string;
  readonly mode: number;
}

export interface MspPlanInput {
  /** The identity's certificate (exactly one PEM certificate). */
  readonly certPem: string;
  /** The identity's private key, unencrypted PEM. */
  readonly keyPem: string;
  /** CA root certificates; a string may be a bundle, each certificate gets its own file. */
  readonly caCertsPem: readonly string[];
  readonly tlsCaCertsPem?: readonly string[];
  /** Write admincerts/cert.pem (a copy of the signing cert), as the pre-NodeOU AMB layout needs. */
  readonly admin: boolean;
  /**
   * A NodeOU MSP: write config.yaml (every role bound to cacerts/ca-0.pem) and never admincerts;
   * an admin is recognized by the OU of its certificate.
   */
  readonly nodeOUs?: boolean;
}

const KEY_BLOCK =
  /^-----BEGIN (EC |ENCRYPTED )?PRIVATE KEY-----\r?\n(?:(?!-----)[\s\S])+-----END \1?PRIVATE KEY-----\s*$/;

function checkedKey(keyPem: string): string {
  const trimmed = keyPem.trim();
  const match = KEY_BLOCK.exec(trimmed);
  if (match === null) {
    throw new FabkitError(
      'MSP_KEY_INVALID',
      'The private key is not a single PEM private key block ("-----BEGIN PRIVATE KEY-----" or "-----BEGIN EC PRIVATE KEY-----")',
      { kind: 'usage', hint: 'Pass the key file that fabric-ca-client wrote to keystore/, unchanged.' },
    );
  }
  if (match[1] === 'ENCRYPTED ' || /^Proc-Type:\s*4,ENCRYPTED/m.test(trimmed)) {
    throw new FabkitError(
      'MSP_KEY_INVALID',
      'The private key is encrypted: Fabric reads only unencrypted keys from keystore/',
      {
        kind: 'usage',
        hint: 'Decrypt it first (openssl pkcs8 -in key.pem -out key-plain.pem) and keep the result owner-readable only.',
      },
    );
  }
  return `${trimmed.replace(/\r\n/g, '\n')}\n`;
}

function certFiles(bundles: readonly string[], what: string, prefix: string): MspPlanEntry[] {
  const certs = bundles.flatMap((bundle, i) => splitPemBundle(bundle, `${what} #${i + 1}`));
  return certs.map((contents, i) => ({ path: `${prefix}-${i}.pem`, contents, mode: MSP_CERT_MODE }));
}

/**
 * Files of a local MSP: signcerts/cert.pem, keystore/priv_sk (0600), cacerts/ca-<i>.pem,
 * tlscacerts/tlsca-<i>.pem (i from 0) and, pre-NodeOU, for an admin, admincerts/cert.pem; with
 * NodeOUs, config.yaml instead of admincerts. Directories (not listed) are created with MSP_DIR_MODE.
 */
export function planMsp(input: MspPlanInput): MspPlanEntry[] {
  const [signcert, key] = identityEntries(input.certPem, input.keyPem);
  const cert = signcert.contents;
  const ca = certFiles(input.caCertsPem, 'CA certificate', 'cacerts/ca');
  if (ca.length === 0) {
    throw new FabkitError('MSP_CACERTS_MISSING', 'No CA certificate was given: an MSP needs at least one in cacerts/', {
      kind: 'usage',
      hint: "Pass the member CA's root certificate.",
    });
  }
  return [
    signcert,
    key,
    ...ca,
    ...certFiles(input.tlsCaCertsPem ?? [], 'TLS CA certificate', 'tlscacerts/tlsca'),
    ...(input.nodeOUs === true
      ? [{ path: 'config.yaml', contents: nodeOusConfigYaml(ca[0]?.path ?? 'cacerts/ca-0.pem'), mode: MSP_CERT_MODE }]
      : input.admin
        ? [{ path: 'admincerts/cert.pem', contents: cert, mode: MSP_CERT_MODE }]
        : []),
  ];
}

/** signcerts/cert.pem and keystore/priv_sk, checked: exactly one certificate, one unencrypted key. */
function identityEntries(certPem: string, keyPem: string): [MspPlanEntry, MspPlanEntry] {
  const certs = splitPemBundle(certPem, 'The signing certificate');
  const [cert] = certs;
  if (certs.length !== 1 || cert === undefined) {
    throw new FabkitError(
      'CERT_NOT_SINGLE',
      `The signing certificate text holds ${certs.length} certificates: exactly one is expected`,
      { kind: 'usage', hint: "Pass only the identity's own certificate; CA certificates go in caCertsPem." },
    );
  }
  return [
    { path: 'signcerts/cert.pem', contents: cert, mode: MSP_CERT_MODE },
    { path: MSP_KEY_FILE, contents: checkedKey(keyPem), mode: MSP_KEY_MODE },
  ];
}

/** A file of an MSP folder being copied: its path relative to the folder and its text. */
export interface MspSourceFile {
  readonly name: string;
  readonly text: string;
}

/** The parts of an existing MSP folder that a copy keeps (as read by readMspSnapshot). */
export interface MspCopyInput {
  readonly certPem: string;
  readonly keyPem: string;
  /** cacerts/, intermediatecerts/, tlscacerts/ and admincerts/ files, names kept (config.yaml may point at them). */
  readonly certFiles: readonly MspSourceFile[];
  readonly configYaml: string | undefined;
}

/**
 * Files of a copy of an existing MSP in fabkit's layout: signcerts/cert.pem and keystore/priv_sk
 * (0600) under fixed names, every CA, intermediate, TLS CA and admin certificate under its own
 * name, and config.yaml unchanged (its OU identifiers name those files).
 */
export function planMspCopy(input: MspCopyInput): MspPlanEntry[] {
  return [
    ...identityEntries(input.certPem, input.keyPem),
    ...input.certFiles.map((f) => ({ path: f.name, contents: f.text, mode: MSP_CERT_MODE })),
    ...(input.configYaml === undefined
      ? []
      : [{ path: 'config.yaml', contents: input.configYaml, mode: MSP_CERT_MODE }]),
  ];
}
