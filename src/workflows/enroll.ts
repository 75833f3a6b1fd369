/** Tutorial step 4: fetch the TLS chain, enroll the bootstrap admin, write the admin MSP atomically, wait until it is recognized. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { enroll } from '../ca/ca-client';
import { getCaInfo } from '../ca/cainfo';
import { FabkitError } from '../errors';
import { splitPemBundle } from '../msp/cert';
import { fetchTlsChain, parseTlsChainSource } from '../ca/tls-chain';
import type { Profile } from '../config/resolve';
import { parseCert } from '../msp/cert';
import { DEFAULT_NODE_OUS } from '../msp/nodeous';
import { planMsp } from '../msp/plan';
import { assertCanStage, sweepLeftovers } from '../staging';
import { writeMspAtomic } from '../msp/write';
import type { Executor } from '../runtime/command-spec';
import { waitAdminRecognized } from './admin-recognized';

export interface EnrollOptions {
  readonly password: string;
  readonly force?: boolean;
  /** Where the peer CLI runs, for the "admin recognized" wait; omit to skip the wait. */
  readonly executor?: Executor;
  readonly recognizeTimeoutMs?: number;
  readonly onProgress?: (line: string) => void;
}

export interface EnrollResult {
  readonly outcome: 'enrolled' | 'already-enrolled';
  readonly mspDir: string;
  readonly subject: string;
  readonly notAfter: string;
  readonly fingerprint: string;
  readonly enrollMs?: number;
  readonly recognizedMs?: number;
  readonly backup?: string;
}

/** Reads the TLS chain the profile names, fetching it from its source when the file is missing. */
export async function ensureTlsChain(profile: Profile): Promise<string> {
  if (!fs.existsSync(profile.tls.chainFile) && profile.tls.source) {
    await fetchTlsChain(parseTlsChainSource(profile.tls.source.location), profile.tls.chainFile, {
      region: profile.aws?.region,
      s3Endpoint: profile.aws?.endpointUrl,
    });
  }
  return (await fetchTlsChain({ kind: 'file', location: profile.tls.chainFile }, profile.tls.chainFile)).pem;
}

function describe(certPem: string): { subject: string; notAfter: string; fingerprint: string } {
  const cert = parseCert(certPem);
  return { subject: cert.subject, notAfter: cert.notAfter.toISOString(), fingerprint: cert.fingerprint256 };
}

/**
 * An existing admin-msp counts as "already enrolled" only if this member's CA issued it: an MSP
 * left over from another network (or another member) would otherwise wait forever to be recognized.
 * When the CA cannot be reached the check is skipped; the recognition wait reports the problem.
 */
async function assertIssuedByMemberCa(profile: Profile, certPem: string, tlsChainPem: string): Promise<void> {
  let roots: string[];
  try {
    roots = splitPemBundle((await getCaInfo(profile.member.ca.address, tlsChainPem)).caChainPem, 'The CA chain');
  } catch {
    return;
  }
  const cert = new X509Certificate(certPem);
  if (
    roots.some((pem) => {
      const ca = new X509Certificate(pem);
      return cert.checkIssued(ca) && cert.verify(ca.publicKey);
    })
  )
    return;
  throw new FabkitError(
    'MSP_FROM_OTHER_CA',
    `${profile.paths.mspDir} holds a certificate that ${profile.member.id}'s CA at ${profile.member.ca.address} did not issue (issuer: ${cert.issuer.replace(/\n/g, ', ')})`,
    {
      hint: 'The MSP is left over from another network or member. Run `fabkit enroll --force` to enroll again (the old MSP is kept as a backup).',
    },
  );
}

/**
 * On a NodeOU network the admin is an admin by the OU of its certificate, which the CA sets from
 * the identity's type: an identity registered with another type is refused before anything is written.
 */
function assertAdminOu(profile: Profile, certPem: string): void {
  const { ous } = parseCert(certPem);
  const admin = DEFAULT_NODE_OUS.Admin;
  if (ous.includes(admin)) return;
  throw new FabkitError(
    'ENROLL_NOT_ADMIN_OU',
    `The CA issued ${profile.member.adminUser} a certificate with ${ous.length === 0 ? 'no OU' : ous.map((o) => `OU=${o}`).join(', ')}, not OU=${admin}: on a NodeOU network (member.nodeOUs: true) it would not be an admin, so ${profile.paths.mspDir} was not written`,
    {
      hint: `Enroll an identity registered with type admin (fabric-ca-client register --id.type admin), and set member.adminUser in fabkit.yaml to it. A CA's bootstrap registrar is usually of type client.`,
      details: { user: profile.member.adminUser, ous },
    },
  );
}

/**
 * Tutorial step 4: check that admin-msp/ can be written, enroll the member's bootstrap admin
 * with TLS verified against the chain, write admin-msp/ atomically (signcerts, keystore 0600,
 * cacerts, tlscacerts, and admincerts, or config.yaml on a NodeOU profile), then poll until the member's peers recognize the admin.
 */
export async function enrollAdmin(profile: Profile, options: EnrollOptions): Promise<EnrollResult> {
  const mspDir = profile.paths.mspDir;
  const existing = path.join(mspDir, 'signcerts', 'cert.pem');
  await sweepLeftovers(path.dirname(mspDir), { target: path.basename(mspDir) }); // what an interrupted enroll left
  const tlsChainPem = await ensureTlsChain(profile);
  const waitRecognized = async (): Promise<number | undefined> =>
    options.executor
      ? waitAdminRecognized(
          {
            executor: options.executor,
            identity: {
              mspId: profile.member.mspId,
              mspDir: profile.toolPath(mspDir),
              tlsChainFile: profile.toolPath(profile.tls.chainFile),
            },
            peers: profile.peers.map((p) => p.endpoint.address),
            fabric: profile.network.fabricVersion,
          },
          { timeoutMs: options.recognizeTimeoutMs ?? 300_000, onProgress: options.onProgress },
        )
      : undefined;
  if (fs.existsSync(existing) && !options.force) {
    await assertIssuedByMemberCa(profile, fs.readFileSync(existing, 'utf8'), tlsChainPem);
    const recognizedMs = await waitRecognized();
    return { outcome: 'already-enrolled', mspDir, ...describe(fs.readFileSync(existing, 'utf8')), recognizedMs };
  }
  await assertCanStage(
    mspDir,
    `the admin MSP ${mspDir}`,
    'Nothing was asked of the CA yet. Use a home on a writable disk with free space (--home or $FABKIT_HOME), or point paths.mspDir in fabkit.yaml at one, then run fabkit enroll again.',
  );
  const start = Date.now();
  options.onProgress?.(`enrolling ${profile.member.adminUser} at https://${profile.member.ca.address}`);
  const enrollment = await enroll(
    { endpoint: profile.member.ca.address, caName: profile.member.caName, tlsChainPem },
    profile.member.adminUser,
    options.password,
  );
  if (profile.member.nodeOUs) assertAdminOu(profile, enrollment.certPem);
  const plan = planMsp({
    certPem: enrollment.certPem,
    keyPem: enrollment.keyPem,
    caCertsPem: [enrollment.caChainPem],
    tlsCaCertsPem: [tlsChainPem],
    admin: true,
    nodeOUs: profile.member.nodeOUs,
  });
  const written = await writeMspAtomic(mspDir, plan, { force: options.force });
  const enrollMs = Date.now() - start;
  options.onProgress?.(`admin MSP written to ${mspDir} in ${(enrollMs / 1000).toFixed(1)}s`);
  const recognizedMs = await waitRecognized();
  return {
    outcome: 'enrolled',
    mspDir,
    ...describe(enrollment.certPem),
    enrollMs,
    recognizedMs,
    backup: written.backup,
  };
}
