/**
 * The admin MSP folder `init --from-connection-profile` copies into a home: checked whole and an
 * admin's, checked to belong to the profile's organization, and read for the copy.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { getCaInfo } from '../ca/cainfo';
import type { ConnectionProfileSelection } from '../config/from-connection-profile';
import { usageError } from '../errors';
import { splitPemBundle } from '../msp/cert';
import { chainsTo } from '../msp/chain';
import type { MspCopyInput } from '../msp/plan';
import type { MspSnapshot } from '../msp/verify';
import { checkMsp } from '../msp/verify';

/** The admin MSP must be whole and valid (an admin's: admincerts or OU=admin). */
export function checkedMsp(snap: MspSnapshot, dir: string): void {
  const report = checkMsp(snap, { admin: true });
  if (report.ok) return;
  const failures = report.checks.filter((c) => !c.ok && c.severity === 'error');
  throw usageError(
    'INIT_MSP_INVALID',
    `--msp ${dir} is not a usable admin MSP:\n${failures.map((c) => `  ${c.code}: ${c.message}`).join('\n')}`,
    failures[0]?.hint ?? 'Run fabkit msp verify on the folder for details.',
    { dir, failures: failures.map((c) => c.code) },
  );
}

/**
 * The MSP belongs to the organization: its cert was issued by a CA certificate the connection
 * profile gives for the org (test-network: the CA's tlsCACerts is the org's CA), or by the chain
 * the org's CA reports at /cainfo.
 */
export async function assertMspOfOrg(
  certPem: string,
  sel: ConnectionProfileSelection,
  caTls: { pem: string; caRoots: string[] },
  dir: string,
): Promise<void> {
  const cert = new X509Certificate(certPem);
  const x509 = (pems: readonly string[]): X509Certificate[] => pems.map((p) => new X509Certificate(p));
  if (chainsTo(cert, x509(caTls.caRoots), [])) return;
  let reason: string;
  try {
    const info = await getCaInfo(sel.ca.endpoint, caTls.pem);
    const chain = x509(splitPemBundle(info.caChainPem, 'The CA chain'));
    if (chain.some((ca) => chainsTo(cert, [ca], chain))) return;
    reason = `the CA at https://${sel.ca.endpoint} (certificateAuthorities.${sel.ca.name}) did not issue it`;
  } catch (error) {
    reason = `it is not issued by certificateAuthorities.${sel.ca.name}.tlsCACerts and the CA at https://${sel.ca.endpoint} could not be asked (${error instanceof Error ? error.message : String(error)})`;
  }
  throw usageError(
    'INIT_MSP_NOT_OF_ORG',
    `--msp ${dir} does not belong to organization ${sel.orgName} (mspid ${sel.mspId}): the certificate in signcerts/ (issuer ${cert.issuer.replace(/\n/g, ', ')}) does not match: ${reason}`,
    `Pass the MSP folder of an admin of ${sel.orgName} (e.g. organizations/peerOrganizations/<org>/users/Admin@<org>/msp), or --org for the organization this MSP belongs to.`,
    { dir, org: sel.orgName, mspId: sel.mspId },
  );
}

/** `mspDir/signcerts/cert.pem` is the certificate `certPem` (compared as DER). */
export function sameIdentity(mspDir: string, certPem: string): boolean {
  try {
    const existing = new X509Certificate(fs.readFileSync(path.join(mspDir, 'signcerts', 'cert.pem')));
    return existing.raw.equals(new X509Certificate(certPem).raw);
  } catch {
    return false;
  }
}

/** What the snapshot of the admin MSP holds, for the copy into the home. */
export function copyInputOf(snap: MspSnapshot): MspCopyInput {
  const text = (f: { text: string } | undefined): string => f?.text ?? '';
  return {
    certPem: text(snap.folders.signcerts?.[0]),
    keyPem: text(snap.folders.keystore?.[0]),
    certFiles: (['cacerts', 'intermediatecerts', 'tlscacerts', 'admincerts'] as const).flatMap((f) =>
      (snap.folders[f] ?? []).map((file) => ({ name: file.name, text: file.text })),
    ),
    configYaml: snap.configYaml,
  };
}
