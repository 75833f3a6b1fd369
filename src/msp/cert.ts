/**
 * X.509 certificate reading for MSP folders. Pure: no file system access.
 *
 * Node's `X509Certificate` checks the certificate and gives the fingerprint, but it does not
 * expose arbitrary extensions, and node-forge's `pki.certificateFromPem` refuses EC keys. So the
 * names, validity and the Fabric CA attribute extension are read by walking the DER with
 * node-forge's ASN.1 reader.
 *
 * SECURITY: nothing here echoes input text in errors; a "certificate" file may in fact hold a
 * private key, so messages say where the problem is (line numbers, block labels), never what.
 */
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { FabkitError } from '../errors';

/** Extension in which Fabric CA stores identity attributes (hf.EnrollmentID, hf.Type, ...). */
export const FABRIC_ATTRS_OID = '1.2.3.4.5.6.7.8.1';

export interface ParsedCert {
  /** Subject in RDN order, e.g. `C=US, O=Hyperledger, OU=client+OU=org1, CN=AdminUser`. */
  readonly subject: string;
  readonly issuer: string;
  /** Lowercase hex, as Node reports it (without leading-zero trimming). */
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SHA-256 of the DER, lowercase hex without colons. */
  readonly fingerprint256: string;
  /** The subject's (last) CN, or '' if there is none. */
  readonly commonName: string;
  /** Every OU of the subject, in order (multi-valued RDNs included). */
  readonly ous: string[];
  /** Fabric CA attributes from extension 1.2.3.4.5.6.7.8.1; {} when the certificate has none. */
  readonly attrs: Record<string, string>;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n((?:(?!-----)[\s\S])*)-----END \1-----/g;
const PEM_BOUNDARY = /-----(BEGIN|END) [A-Z0-9 ]+-----/;

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

function assertBlank(text: string, from: number, to: number, what: string): void {
  const gap = text.slice(from, to);
  if (gap.trim() === '') return;
  const line = lineOf(text, from + gap.search(/\S/));
  const boundary = PEM_BOUNDARY.test(gap);
  throw new FabkitError(
    boundary ? 'PEM_MALFORMED' : 'PEM_JUNK',
    boundary
      ? `${what} has an unterminated or mismatched PEM block at line ${line}: every "-----BEGIN X-----" needs a matching "-----END X-----"`
      : `${what} has text that is not PEM at line ${line}: only PEM certificate blocks and blank lines are allowed`,
    {
      kind: 'usage',
      hint: 'Keep only the "-----BEGIN CERTIFICATE-----" ... "-----END CERTIFICATE-----" blocks (for example re-export with `openssl x509 -outform PEM`).',
      details: { line },
    },
  );
}

/**
 * Splits a PEM bundle into one normalized PEM string per certificate (LF line ends, trailing LF).
 * Refuses text with no certificate, text outside PEM blocks, non-certificate blocks (such as a
 * private key) and blocks that are not valid X.509.
 */
export function splitPemBundle(text: string, what = 'The PEM text'): string[] {
  const certs: string[] = [];
  let cursor = 0;
  for (const match of text.matchAll(PEM_BLOCK)) {
    const index = match.index ?? 0;
    assertBlank(text, cursor, index, what);
    cursor = index + match[0].length;
    const label = match[1] ?? '';
    const line = lineOf(text, index);
    if (label !== 'CERTIFICATE') {
      throw new FabkitError(
        'PEM_NOT_CERTIFICATE',
        `${what} has a "${label}" PEM block at line ${line}: only CERTIFICATE blocks are allowed here`,
        {
          kind: 'usage',
          hint: 'Remove that block; keys and requests belong in other files.',
          details: { line, label },
        },
      );
    }
    const normalized = `${match[0].replace(/\r\n/g, '\n')}\n`;
    try {
      new X509Certificate(normalized);
    } catch (cause) {
      throw new FabkitError(
        'CERT_INVALID',
        `${what} has a CERTIFICATE block at line ${line} that is not a valid X.509 certificate`,
        { kind: 'usage', cause, hint: 'Check that the file was copied whole and not edited.', details: { line } },
      );
    }
    certs.push(normalized);
  }
  assertBlank(text, cursor, text.length, what);
  if (certs.length === 0) {
    throw new FabkitError(
      'PEM_NO_CERTIFICATE',
      `${what} contains no PEM certificate: expected at least one "-----BEGIN CERTIFICATE-----" block`,
      {
        kind: 'usage',
        hint: 'Pass a PEM-encoded X.509 certificate (DER files can be converted with `openssl x509 -inform DER -outform PEM`).',
      },
    );
  }
  return certs;
}

// ---------------------------------------------------------------------------------------------
// ASN.1 walking

type Asn1 = forge.asn1.Asn1;
const T = forge.asn1.Type;

interface FromDerOptions {
  strict: boolean;
  parseAllBytes: boolean;
  decodeBitStrings: boolean;
}
const fromDer = forge.asn1.fromDer as unknown as (bytes: forge.util.ByteBuffer, options: FromDerOptions) => Asn1;

function structureError(what: string, cause?: unknown): FabkitError {
  return new FabkitError('CERT_INVALID', `The certificate's DER structure is not valid X.509: ${what}`, {
    kind: 'usage',
    cause,
    hint: 'Check that the file was copied whole and not edited.',
  });
}

function children(node: Asn1 | undefined, what: string): Asn1[] {
  if (node === undefined || !Array.isArray(node.value)) throw structureError(`${what} is not a constructed value`);
  return node.value;
}

function bytesOf(node: Asn1 | undefined, what: string): string {
  if (node === undefined || typeof node.value !== 'string') throw structureError(`${what} is not a primitive value`);
  return node.value;
}

function parseDer(der: Buffer): Asn1 {
  try {
    return fromDer(forge.util.createBuffer(der.toString('binary')), {
      strict: true,
      parseAllBytes: true,
      decodeBitStrings: false,
    });
  } catch (cause) {
    throw structureError('it is not DER', cause);
  }
}

interface TbsParts {
  readonly issuer: Asn1;
  readonly validity: Asn1;
  readonly subject: Asn1;
  readonly extensions: Asn1[];
}

function tbsParts(der: Buffer): TbsParts {
  const tbs = children(children(parseDer(der), 'Certificate')[0], 'TBSCertificate');
  // [0] EXPLICIT version is optional; then serial, signature, issuer, validity, subject, spki.
  const offset = tbs[0]?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && tbs[0].type === 0 ? 1 : 0;
  const [issuer, validity, subject] = [tbs[offset + 2], tbs[offset + 3], tbs[offset + 4]];
  if (issuer === undefined || validity === undefined || subject === undefined)
    throw structureError('TBSCertificate is too short');
  const ext = tbs.find((n) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 3);
  return {
    issuer,
    validity,
    subject,
    extensions: ext === undefined ? [] : children(children(ext, 'extensions')[0], 'Extensions'),
  };
}

const SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
};

function stringValue(node: Asn1 | undefined): string {
  const raw = bytesOf(node, 'attribute value');
  if (node?.type === T.BMPSTRING) return Buffer.from(raw, 'binary').swap16().toString('utf16le');
  return Buffer.from(raw, 'binary').toString(node?.type === T.UTF8 ? 'utf8' : 'latin1');
}

interface NameAttr {
  readonly key: string;
  readonly value: string;
}

/** Name ::= SEQUENCE OF RelativeDistinguishedName(SET OF AttributeTypeAndValue). */
function readName(name: Asn1): NameAttr[][] {
  return children(name, 'Name').map((rdn) =>
    children(rdn, 'RDN').map((atv) => {
      const [type, value] = children(atv, 'AttributeTypeAndValue');
      const oid = forge.asn1.derToOid(bytesOf(type, 'attribute type'));
      return { key: SHORT_NAMES[oid] ?? oid, value: stringValue(value) };
    }),
  );
}

function escapeRdnValue(value: string): string {
  return value.replace(/[,+\\"<>;=]/g, (c) => `\\${c}`);
}

function formatName(rdns: NameAttr[][]): string {
  return rdns.map((rdn) => rdn.map((a) => `${a.key}=${escapeRdnValue(a.value)}`).join('+')).join(', ');
}

function readTime(node: Asn1 | undefined): Date {
  const raw = bytesOf(node, 'validity time');
  if (node?.type === T.UTCTIME) return forge.asn1.utcTimeToDate(raw);
  if (node?.type === T.GENERALIZEDTIME) return forge.asn1.generalizedTimeToDate(raw);
  throw structureError('a validity time is neither UTCTime nor GeneralizedTime');
}

function attrsError(reason: string, cause?: unknown): FabkitError {
  return new FabkitError(
    'CERT_ATTRS_INVALID',
    `The Fabric CA attribute extension (${FABRIC_ATTRS_OID}) is invalid: ${reason}`,
    {
      kind: 'usage',
      cause,
      hint: 'Fabric CA stores the raw JSON {"attrs":{...}} as the extension value; re-enroll the identity with fabric-ca-client.',
    },
  );
}

function parseAttrsJson(json: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (cause) {
    throw attrsError('its value is not JSON', cause);
  }
  const attrs = (parsed as { attrs?: unknown } | null)?.attrs;
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    typeof attrs !== 'object' ||
    attrs === null ||
    Array.isArray(attrs)
  ) {
    throw attrsError('its JSON must be an object with an "attrs" object');
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value !== 'string') throw attrsError(`attribute "${key}" must be a string`);
    out[key] = value;
  }
  return out;
}

function findExtensionValue(extensions: readonly Asn1[], oid: string): string | undefined {
  for (const ext of extensions) {
    const parts = children(ext, 'Extension');
    if (forge.asn1.derToOid(bytesOf(parts[0], 'extension id')) !== oid) continue;
    // extnValue is the last element (critical BOOLEAN is optional and DEFAULT FALSE).
    return bytesOf(parts[parts.length - 1], 'extension value');
  }
  return undefined;
}

/**
 * The Fabric CA attributes of a DER certificate. The extension value is an OCTET STRING whose
 * content is the raw JSON `{"attrs":{...}}` (not a nested DER string), exactly as Fabric CA
 * writes it and as Fabric's attrmgr reads it. Returns {} when the extension is absent.
 */
export function fabricAttributes(der: Buffer): Record<string, string> {
  const raw = findExtensionValue(tbsParts(der).extensions, FABRIC_ATTRS_OID);
  return raw === undefined ? {} : parseAttrsJson(Buffer.from(raw, 'binary').toString('utf8'));
}

/** Parses exactly one PEM certificate. */
export function parseCert(pem: string): ParsedCert {
  const blocks = splitPemBundle(pem, 'The certificate');
  if (blocks.length !== 1 || blocks[0] === undefined) {
    throw new FabkitError(
      'CERT_NOT_SINGLE',
      `The certificate text holds ${blocks.length} certificates: exactly one is expected here`,
      {
        kind: 'usage',
        hint: 'Split the bundle and pass one certificate; use splitPemBundle for CA bundles.',
        details: { count: blocks.length },
      },
    );
  }
  const x509 = new X509Certificate(blocks[0]);
  return parseX509(x509);
}

export interface ParseOptions {
  /** When true, an invalid Fabric attribute extension yields attrs {} instead of CERT_ATTRS_INVALID. */
  readonly ignoreBadAttrs?: boolean;
}

function attrsOrEmpty(der: Buffer, ignoreBadAttrs: boolean): Record<string, string> {
  try {
    return fabricAttributes(der);
  } catch (error) {
    if (ignoreBadAttrs && error instanceof FabkitError && error.code === 'CERT_ATTRS_INVALID') return {};
    throw error;
  }
}

/** Same as parseCert, for a certificate Node has already parsed. */
export function parseX509(x509: X509Certificate, options: ParseOptions = {}): ParsedCert {
  const der = x509.raw;
  const parts = tbsParts(der);
  const subject = readName(parts.subject);
  const flat = subject.flat();
  const [notBefore, notAfter] = children(parts.validity, 'Validity');
  return {
    subject: formatName(subject),
    issuer: formatName(readName(parts.issuer)),
    serialNumber: x509.serialNumber.toLowerCase(),
    notBefore: readTime(notBefore),
    notAfter: readTime(notAfter),
    fingerprint256: x509.fingerprint256.replace(/:/g, '').toLowerCase(),
    commonName:
      flat
        .filter((a) => a.key === 'CN')
        .map((a) => a.value)
        .pop() ?? '',
    ous: flat.filter((a) => a.key === 'OU').map((a) => a.value),
    attrs: attrsOrEmpty(der, options.ignoreBadAttrs ?? false),
  };
}

/** True when `certPem` was issued, and signed, by one of `roots` (PEM); false for anything unparsable. */
export function isIssuedByAny(certPem: string, roots: readonly string[]): boolean {
  try {
    const cert = new X509Certificate(certPem);
    return roots.some((r) => {
      try {
        const root = new X509Certificate(r);
        return cert.checkIssued(root) && cert.verify(root.publicKey);
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}
