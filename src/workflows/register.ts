/** `fabkit register`: a new identity registered with the member's CA by the enrolled admin, then enrolled into its own MSP. */
import { enroll, register } from '../ca/ca-client';
import { userMspDirOf } from '../config/home-layout';
import type { Profile } from '../config/resolve';
import { parseCert } from '../msp/cert';
import { planMsp } from '../msp/plan';
import { readMsp, writeMspAtomic } from '../msp/write';
import { ensureTlsChain } from './enroll';

export interface RegisterOptions {
  readonly name: string;
  readonly secret: string;
  /** Default 'user', as the AMB guide's example. */
  readonly type?: string;
  /** Default: the member's name, as the AMB guide's example. */
  readonly affiliation?: string;
  /** name=value pairs, e.g. hf.Admin=true (AMB's CA honours it; stock Fabric CA refuses hf. attributes). */
  readonly attrs?: readonly { name: string; value: string }[];
  /** Write admincerts so the MSP can act as an admin (pre-NodeOU). */
  readonly admin?: boolean;
  /** Where to write the new identity's MSP; default <home>/users/<name>/msp. */
  readonly mspDir?: string;
  readonly force?: boolean;
}

export interface RegisterResult {
  readonly outcome: 'registered';
  readonly name: string;
  readonly mspDir: string;
  readonly subject: string;
  readonly attrs: Record<string, string>;
}

/** Registers an identity with the enrolled admin as registrar, then enrolls it into its own MSP. */
export async function registerIdentity(profile: Profile, options: RegisterOptions): Promise<RegisterResult> {
  const tlsChainPem = await ensureTlsChain(profile);
  const target = { endpoint: profile.member.ca.address, caName: profile.member.caName, tlsChainPem };
  const admin = await readMsp(profile.paths.mspDir);
  await register(
    target,
    { name: profile.member.adminUser, mspId: profile.member.mspId, certPem: admin.certPem, keyPem: admin.keyPem },
    {
      enrollmentID: options.name,
      enrollmentSecret: options.secret,
      role: options.type ?? 'user',
      affiliation: options.affiliation ?? profile.member.name,
      attrs: options.attrs ?? [],
      maxEnrollments: -1,
    },
  );
  const enrollment = await enroll(target, options.name, options.secret);
  const mspDir = options.mspDir ?? userMspDirOf(profile.home, options.name);
  await writeMspAtomic(
    mspDir,
    planMsp({
      certPem: enrollment.certPem,
      keyPem: enrollment.keyPem,
      caCertsPem: [enrollment.caChainPem],
      tlsCaCertsPem: [tlsChainPem],
      admin: options.admin ?? false,
    }),
    { force: options.force },
  );
  const cert = parseCert(enrollment.certPem);
  return { outcome: 'registered', name: options.name, mspDir, subject: cert.subject, attrs: cert.attrs };
}
