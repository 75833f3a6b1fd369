/** `fabkit register`: a new identity registered with the member's CA by the enrolled admin, then enrolled into its own MSP. */
import { enroll, register } from '../ca/ca-client';
import { userMspDirOf } from '../config/home-layout';
import type { Profile } from '../config/resolve';
import { parseCert } from '../msp/cert';
import { usageError } from '../errors';
import { DEFAULT_NODE_OUS } from '../msp/nodeous';
import { planMsp } from '../msp/plan';
import { readMsp, writeMspAtomic } from '../msp/write';
import { ensureTlsChain } from './enroll';

export interface RegisterOptions {
  readonly name: string;
  readonly secret: string;
  /** Default 'user', as the AMB guide's example; on a NodeOU profile 'admin' with `admin`, else 'client'. */
  readonly type?: string;
  /** Default: the member's name, as the AMB guide's example. */
  readonly affiliation?: string;
  /** name=value pairs, e.g. hf.Admin=true (AMB's CA honours it; stock Fabric CA refuses hf. attributes). */
  readonly attrs?: readonly { name: string; value: string }[];
  /** Act as an admin: pre-NodeOU, write admincerts; on a NodeOU profile, register type admin (OU=admin). */
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

/** The identity type to register: on a NodeOU profile it decides the OU, so an admin must be of type admin. */
function identityType(profile: Profile, options: RegisterOptions): string {
  if (!profile.member.nodeOUs) return options.type ?? 'user';
  const wanted = options.admin === true ? DEFAULT_NODE_OUS.Admin : DEFAULT_NODE_OUS.Client;
  if (options.admin === true && options.type !== undefined && options.type !== wanted)
    throw usageError(
      'REGISTER_TYPE_CONFLICT',
      `--admin on a NodeOU profile registers type "${wanted}" (the admin is recognized by OU=${wanted}); --type "${options.type}" contradicts it`,
      'Drop --type, or drop --admin.',
    );
  return options.type ?? wanted;
}

/** Registers an identity with the enrolled admin as registrar, then enrolls it into its own MSP. */
export async function registerIdentity(profile: Profile, options: RegisterOptions): Promise<RegisterResult> {
  const role = identityType(profile, options);
  const tlsChainPem = await ensureTlsChain(profile);
  const target = { endpoint: profile.member.ca.address, caName: profile.member.caName, tlsChainPem };
  const admin = await readMsp(profile.paths.mspDir);
  await register(
    target,
    { name: profile.member.adminUser, mspId: profile.member.mspId, certPem: admin.certPem, keyPem: admin.keyPem },
    {
      enrollmentID: options.name,
      enrollmentSecret: options.secret,
      role,
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
      nodeOUs: profile.member.nodeOUs,
    }),
    { force: options.force },
  );
  const cert = parseCert(enrollment.certPem);
  return { outcome: 'registered', name: options.name, mspDir, subject: cert.subject, attrs: cert.attrs };
}
