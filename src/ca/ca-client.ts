/** The Fabric CA seam: enroll and register through fabric-ca-client with TLS verification on, failures mapped to coded errors. */
import * as crypto from 'node:crypto';
import type FabricCAServices from 'fabric-ca-client';
import type { ICryptoSuite } from 'fabric-common';
import { FabkitError } from '../errors';
import { redactSecret } from '../redact';
import { newKeyAndCsr } from './csr';

/** The one seam to a Fabric CA (fabric-ca-client SDK). TLS verification is always on. */
export interface CaTarget {
  /** host:port, as AMB's CaEndpoint. */
  readonly endpoint: string;
  readonly caName?: string;
  /** PEM bundle that must verify the CA's TLS certificate. */
  readonly tlsChainPem: string;
}

export interface Enrollment {
  readonly certPem: string;
  readonly keyPem: string;
  /** The CA chain the CA reports at enroll time. */
  readonly caChainPem: string;
}

export interface RegisterRequest {
  readonly enrollmentID: string;
  readonly enrollmentSecret: string;
  readonly role: string;
  readonly affiliation: string;
  readonly attrs: readonly { name: string; value: string; ecert?: boolean }[];
  readonly maxEnrollments: number;
}

/**
 * fabric-common's config parses process.argv with nconf/yargs when first loaded (so a `--help`
 * would be answered by yargs), hence the SDK is loaded lazily, only when a CA call is made.
 */
async function services(target: CaTarget, cryptoSuite?: ICryptoSuite): Promise<FabricCAServices> {
  const { default: Services } = await import('fabric-ca-client');
  return new Services(
    `https://${target.endpoint}`,
    { trustedRoots: [target.tlsChainPem], verify: true },
    target.caName ?? '',
    cryptoSuite,
  );
}

/**
 * The crypto suite of an enroll that brings its own CSR: the SDK then never generates or signs with it, and
 * skipping its default suite (elliptic's P-256 tables, built on construction) saves most of a second.
 */
function csrOnlySuite(): ICryptoSuite {
  const unused = (): never => {
    throw new Error('fabkit: this enroll brings its own key and CSR; the crypto suite is not used');
  };
  return {
    createKeyFromRaw: unused,
    decrypt: unused,
    deriveKey: unused,
    encrypt: unused,
    generateEphemeralKey: unused,
    generateKey: unused,
    getKey: unused,
    getKeySize: () => 256,
    hash: (message: string) => crypto.createHash('sha256').update(message).digest('hex'),
    importKey: unused,
    setCryptoKeyStore: unused,
    sign: unused,
    verify: unused,
  } as unknown as ICryptoSuite;
}

/** Maps the SDK's error text to a FabkitError that names the CA and user, never the password. */
export function caFailure(action: string, target: CaTarget, user: string, error: unknown, secret: string): FabkitError {
  const raw = redactSecret(error instanceof Error ? error.message : String(error), secret);
  const ca = `https://${target.endpoint}`;
  if (/Authorization failure|code: ?71\b/.test(raw)) {
    return new FabkitError(
      'CA_NOT_AUTHORIZED',
      `The CA at ${ca} refused to ${action} "${user}": the caller is not authorized for this request`,
      {
        hint: 'The registrar lacks a needed hf.Registrar.* permission, or the request asks for something the CA does not allow.',
        details: { ca, user },
      },
    );
  }
  if (/Authentication failure|code: ?20\b|"code":20/.test(raw)) {
    return new FabkitError(
      'CA_AUTH_FAILED',
      `The CA at ${ca} refused to ${action} "${user}": wrong user name or password`,
      {
        hint: 'Check the admin user name and FABKIT_ADMIN_PASSWORD (the password chosen when the member was created).',
        details: { ca, user },
      },
    );
  }
  if (/unable to verify|self.signed|certificate|UNABLE_TO|ERR_TLS|altnames|Hostname\/IP/.test(raw)) {
    return new FabkitError(
      'CA_TLS_UNTRUSTED',
      `The TLS certificate of the CA at ${ca} does not verify with the TLS chain: ${raw}`,
      {
        hint: "Use the network's TLS chain file (AMB: managedblockchain-tls-chain.pem for your region).",
        details: { ca },
      },
    );
  }
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|timeout|socket hang up|ECONNRESET/i.test(raw)) {
    return new FabkitError('CA_UNREACHABLE', `The CA at ${ca} is not reachable: ${raw}`, {
      hint: "Check the CA endpoint and that this machine can reach it (AMB: from inside the network's VPC endpoint).",
      details: { ca },
    });
  }
  if (/Identity .* (does not exist|not found)|no identity|User '.*' does not exist/i.test(raw)) {
    return new FabkitError('CA_UNKNOWN_USER', `The CA at ${ca} does not know user "${user}"`, {
      details: { ca, user },
    });
  }
  return new FabkitError('CA_REQUEST_FAILED', `The CA at ${ca} refused to ${action} "${user}": ${raw}`, {
    details: { ca, user },
  });
}

/** Enrolls through fabric-ca-client with a key and CSR made by Node's crypto (see csr.ts): the SDK does the CA exchange. */
export async function enroll(target: CaTarget, user: string, password: string): Promise<Enrollment> {
  try {
    const { keyPem, csrPem } = newKeyAndCsr(user);
    const result = await (
      await services(target, csrOnlySuite())
    ).enroll({ enrollmentID: user, enrollmentSecret: password, csr: csrPem });
    return { certPem: result.certificate, keyPem, caChainPem: result.rootCertificate };
  } catch (error) {
    throw caFailure('enroll', target, user, error, password);
  }
}

/** Registers an identity with `registrar` (an enrolled admin) as the caller; resolves the secret. */
export async function register(
  target: CaTarget,
  registrar: { name: string; mspId: string; certPem: string; keyPem: string },
  req: RegisterRequest,
): Promise<string> {
  const { User } = await import('fabric-common');
  const user = User.createUser(registrar.name, '', registrar.mspId, registrar.certPem, registrar.keyPem);
  try {
    return await (
      await services(target)
    ).register(
      {
        enrollmentID: req.enrollmentID,
        enrollmentSecret: req.enrollmentSecret,
        role: req.role,
        affiliation: req.affiliation,
        maxEnrollments: req.maxEnrollments,
        attrs: req.attrs.map((a) => ({ name: a.name, value: a.value, ecert: a.ecert ?? false })),
      },
      user,
    );
  } catch (error) {
    const failure = caFailure('register', target, req.enrollmentID, error, req.enrollmentSecret);
    if (
      (failure.code === 'CA_NOT_AUTHORIZED' && req.attrs.length > 0) ||
      (failure.code === 'CA_REQUEST_FAILED' && /attribute/i.test(failure.message))
    ) {
      const names = req.attrs.map((a) => a.name).join(', ');
      throw new FabkitError(
        'CA_ATTRIBUTE_REFUSED',
        `The CA at https://${target.endpoint} refused to register "${req.enrollmentID}" with the attribute(s) ${names}`,
        {
          hint: "The CA refused one of the requested attributes. AMB's CA accepts hf.Admin=true; stock Fabric CA does not (hf. is reserved there).",
          details: failure.details,
        },
      );
    }
    throw failure;
  }
}
