/** `fabkit member export|import|show|list`: member bundles exchanged with the channel creator (step 8.4-8.5). */
import type { Command } from 'commander';
import {
  describeBundleFile,
  describeImportedMember,
  describeOwnMember,
  exportBundle,
  importBundle,
  listImportedMembers,
  usageError,
} from '../../index';
import type { BundleFingerprints, CertFingerprint, MemberDescription, Profile } from '../../index';
import { homeOf, profileOf } from '../context';
import { HOME_HELP, JSON_HELP } from '../flags';
import type { HomeFlags, Run } from '../flags';
import { table } from '../output';

export interface MemberCommandOptions {
  /** The network check for `member import` (AMB ListMembers), when one is available for this profile. */
  readonly memberExists?: (profile: Profile) => ((memberId: string) => Promise<boolean | undefined>) | undefined;
}

function certLines(title: string, certs: readonly CertFingerprint[]): string[] {
  return [
    `${title}:`,
    ...certs.flatMap((c) => [`  ${c.entry}  ${c.subject}  (expires ${c.notAfter})`, `    SHA256 ${c.fingerprint}`]),
  ];
}

function fingerprintText(f: BundleFingerprints): string {
  return [
    ...certLines('admin certificates', f.adminCerts),
    ...certLines('CA certificates', f.caCerts),
    ...certLines('TLS root certificates', f.tlsRootCerts),
  ].join('\n');
}

function describeText(d: MemberDescription): string {
  const from = {
    bundle: `bundle ${d.location} (verified)`,
    own: `this member's MSP ${d.location}`,
    imported: `imported folder ${d.location}`,
  }[d.source];
  return [
    `member ${d.memberId} (${d.name}), Fabric ${d.fabricVersion}, from ${from}`,
    `peer endpoints: ${d.peerEndpoints.join(', ') || '(none)'}`,
    fingerprintText(d),
  ].join('\n');
}

export function registerMemberCommands(program: Command, run: Run, options: MemberCommandOptions = {}): void {
  const member = program
    .command('member')
    .description('member bundles: what an invited member sends the channel creator (AMB step 8.4/8.5)');

  member
    .command('export')
    .description(
      "write this member's signed bundle (admin and CA certs, TLS root, peer endpoints) to send to the channel creator",
    )
    .option('--home <dir>', HOME_HELP)
    .option('--out <file>', 'where to write it (default <home>/member-bundle-<memberId>.json)')
    .option('--force', 'overwrite an existing file that holds a different bundle')
    .option('--json', JSON_HELP)
    .action(async (o: HomeFlags & { out?: string; force?: boolean }) =>
      run(async (out) => {
        const result = await exportBundle(profileOf(o), { out: o.out, force: o.force });
        out.result({ ok: true, ...result }, () =>
          [
            `${result.outcome === 'unchanged' ? 'unchanged (same content)' : result.outcome}: ${result.file}`,
            `member ${result.memberId} (${result.memberName}); send this file to the channel creator and compare these fingerprints with them by phone:`,
            fingerprintText(result.fingerprints),
          ].join('\n'),
        );
      }, Boolean(o.json)),
    );

  member
    .command('import')
    .description(
      "verify another member's bundle and write <home>/members/<memberId>/ (msp/ for configtx.yaml, member.json)",
    )
    .argument('<bundle>', 'the .json file made by `fabkit member export`')
    .option('--home <dir>', HOME_HELP)
    .option(
      '--force',
      'replace a different bundle imported earlier for the same member (the old folder is kept as a backup)',
    )
    .option('--json', JSON_HELP)
    .action(async (file: string, o: HomeFlags & { force?: boolean }) =>
      run(async (out) => {
        const profile = profileOf(o);
        const result = await importBundle(profile, file, {
          force: o.force,
          verifyMemberExists: options.memberExists?.(profile),
        });
        out.result({ ok: true, ...result }, () =>
          [
            `${result.outcome}: ${result.memberId} (${result.name}) → ${result.mspDir}${result.backup ? ` (previous folder kept in ${result.backup})` : ''}`,
            `network check: ${result.memberCheck}; peer endpoints: ${result.peerEndpoints.join(', ') || '(none)'}`,
            fingerprintText(result.fingerprints),
          ].join('\n'),
        );
      }, Boolean(o.json)),
    );

  member
    .command('show')
    .description(
      "print SHA-256 fingerprints of a member's admin, CA and TLS root certificates (default: this member's own)",
    )
    .argument('[bundle]', 'a bundle file (verified first)')
    .option('--member <m-…>', 'an imported member')
    .option('--home <dir>', HOME_HELP)
    .option('--json', JSON_HELP)
    .action(async (file: string | undefined, o: HomeFlags & { member?: string }) =>
      run(async (out) => {
        if (file !== undefined && o.member !== undefined)
          throw usageError('MEMBER_SHOW_CONFLICT', 'Pass either a bundle file or --member, not both');
        const description =
          file !== undefined
            ? await describeBundleFile(file)
            : o.member !== undefined
              ? await describeImportedMember(profileOf(o), o.member)
              : await describeOwnMember(profileOf(o));
        out.result(description, () => describeText(description));
      }, Boolean(o.json)),
    );

  member
    .command('list')
    .description('list the imported members (<home>/members/*/member.json)')
    .option('--home <dir>', HOME_HELP)
    .option('--json', JSON_HELP)
    .action(async (o: HomeFlags) =>
      run(async (out) => {
        const members = await listImportedMembers(profileOf(o));
        out.result({ home: homeOf(o), members }, () =>
          members.length === 0
            ? 'no imported members (import one with: fabkit member import <bundle>)'
            : table([
                ['MEMBER', 'NAME', 'PEERS', 'IMPORTED', 'MSP'],
                ...members.map((m) => [m.memberId, m.name, m.peerEndpoints.join(','), m.importedAt, m.mspDir]),
              ]),
        );
      }, Boolean(o.json)),
    );
}
