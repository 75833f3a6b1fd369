/** `fabkit init|enroll|register|doctor` and `fabkit msp verify`: the member home and its admin identity (steps 3-4). */
import type { Command } from 'commander';
import {
  adminPassword,
  doctor,
  enrollAdmin,
  initFromConnectionProfile,
  initHome,
  registerIdentity,
  usageError,
  verifyMsp,
} from '../../index';
import type { DoctorReport, MspReport } from '../../index';
import { executorOf, homeOf, profileOf } from '../context';
import { collect, HOME_HELP, JSON_HELP, parseSeconds, withHome } from '../flags';
import type { HomeFlags, Run } from '../flags';
import { formatSeconds, table } from '../output';
import { secretPrompt } from '../prompt';

interface InitFlags extends HomeFlags {
  fromDevnet?: string;
  fromAmbDocuments?: string;
  member?: string;
  networkId?: string;
  memberId?: string;
  memberName?: string;
  caEndpoint?: string;
  ordererEndpoint?: string;
  peerEndpoint: string[];
  tlsChain?: string;
  fabricVersion?: string;
  runtime?: string;
  force?: boolean;
  region?: string;
  endpointUrl?: string;
  fromConnectionProfile?: string;
  msp?: string;
  org?: string;
  orderer?: string;
  ordererTlsCa?: string;
}

function parseAttrs(values: readonly string[]): { name: string; value: string }[] {
  return values.map((pair) => {
    const i = pair.indexOf('=');
    if (i <= 0)
      throw usageError('INVALID_ATTRIBUTE', `--attr "${pair}" is invalid: use name=value, e.g. hf.Admin=true`);
    return { name: pair.slice(0, i), value: pair.slice(i + 1) };
  });
}

function renderMspReport(target: string, report: MspReport): string {
  const rows = [
    ['CHECK', 'RESULT', 'DETAIL'],
    ...report.checks.map((c) => [
      c.id,
      c.ok ? 'ok' : c.severity === 'error' ? 'FAIL' : 'warn',
      c.ok ? c.message : `${c.code}: ${c.message}`,
    ]),
  ];
  const attrs = Object.entries(report.identity?.attrs ?? {})
    .map(([k, v]) => `  ${k}=${v}`)
    .join('\n');
  return `${table(rows)}\n\n${target}: ${report.ok ? 'valid' : 'INVALID'}${report.identity ? `\nsubject ${report.identity.subject}, expires ${report.identity.notAfter.toISOString()}` : ''}${attrs ? `\nFabric CA attributes:\n${attrs}` : ''}`;
}

function renderDoctorReport(report: DoctorReport): string {
  return `${table([['CHECK', 'STATUS', 'DETAIL'], ...report.checks.map((c) => [c.id, c.status.toUpperCase(), c.detail + (c.status === 'fail' && c.hint ? ` (hint: ${c.hint})` : '')])])}\n\n${report.ok ? 'all required checks passed' : 'some checks FAILED'}`;
}

/** --from-connection-profile excludes the other sources, and its own flags need it. */
function checkSourceFlags(o: InitFlags): void {
  const given = (pairs: readonly (readonly [string, unknown])[]): string[] =>
    pairs.filter(([, v]) => v !== undefined).map(([flag]) => flag);
  const others = given([
    ['--from-devnet', o.fromDevnet],
    ['--from-amb-documents', o.fromAmbDocuments],
    ['--network-id', o.networkId],
    ['--member-id', o.memberId],
    ['--ca-endpoint', o.caEndpoint],
    ['--orderer-endpoint', o.ordererEndpoint],
    ['--peer-endpoint', o.peerEndpoint.length > 0 ? o.peerEndpoint : undefined],
    ['--tls-chain', o.tlsChain],
  ]);
  const own = given([
    ['--msp', o.msp],
    ['--org', o.org],
    ['--orderer', o.orderer],
    ['--orderer-tls-ca', o.ordererTlsCa],
  ]);
  if (o.fromConnectionProfile !== undefined && others.length > 0)
    throw usageError(
      'INIT_SOURCE_CONFLICT',
      `--from-connection-profile takes everything from the profile: ${others.join(', ')} cannot be combined with it`,
    );
  if (o.fromConnectionProfile === undefined && own.length > 0)
    throw usageError('INIT_SOURCE_CONFLICT', `${own.join(', ')} only go with --from-connection-profile <file>`);
}

function registerInit(program: Command, run: Run): void {
  program
    .command('init')
    .description('create <home>/fabkit.yaml, the member profile every other command reads')
    .option('--home <dir>', HOME_HELP)
    .option('--from-devnet <network.json>', "read endpoints from a devnet's network.json (or its directory)")
    .option(
      '--from-amb-documents <dir>',
      'read endpoints from saved `aws managedblockchain` output in <dir> (get-network.json, get-member-<m-…>.json, list-nodes-<m-…>.json, get-node-<nd-…>.json; a devnet writes them in <devnet>/amb/); needs --member-id',
    )
    .option(
      '--from-connection-profile <file>',
      'read peers, CA, orderer and TLS roots from a Fabric connection profile (JSON or YAML, e.g. test-network connection-org1.json); needs --msp',
    )
    .option('--msp <dir>', "with --from-connection-profile: the admin's MSP folder, copied into the home")
    .option('--org <name>', 'with --from-connection-profile: the organization, when the profile has several')
    .option(
      '--orderer <host:port>',
      'with --from-connection-profile: the orderer, when the profile has no orderers section',
    )
    .option('--orderer-tls-ca <pem>', "with --orderer: that orderer's TLS CA certificate")
    .option('--member <name|id>', 'which devnet member this home is for (org1, or m-…)')
    .option('--network-id <n-…>')
    .option('--member-id <m-…>')
    .option('--member-name <name>')
    .option('--ca-endpoint <host:port>')
    .option('--orderer-endpoint <host:port>')
    .option('--peer-endpoint <host:port>', 'a peer node endpoint (repeat for each peer)', collect, [] as string[])
    .option('--tls-chain <file|https://…|s3://…>', 'the TLS chain pem, or where to fetch it')
    .option('--fabric-version <x.y>')
    .option('--runtime <local|docker>')
    .option(
      '--region <region>',
      "AWS region of the network, for the AMB API (default: the AWS SDK's chain, e.g. AWS_REGION)",
    )
    .option(
      '--endpoint-url <url>',
      'Managed Blockchain API endpoint override, kept in the profile (e.g. http://127.0.0.1:5000 for moto)',
    )
    .option('--force', 'replace an existing profile for a different member')
    .option('--json', JSON_HELP)
    .addHelpText(
      'after',
      "\nWith --network-id and --member-id but no --ca-endpoint, the CA, ordering service and AVAILABLE peer endpoints\ncome from the Managed Blockchain API (GetNetwork, GetMember, ListNodes/GetNode), with AWS credentials from the SDK's chain.",
    )
    .action(async (o: InitFlags) =>
      run(async (out) => {
        checkSourceFlags(o);
        if (o.fromConnectionProfile !== undefined) {
          if (o.msp === undefined)
            throw usageError(
              'INIT_MSP_MISSING',
              "--from-connection-profile needs --msp <dir> (the admin's MSP folder)",
            );
          const fromProfile = await initFromConnectionProfile(homeOf(o), {
            connectionProfile: o.fromConnectionProfile,
            msp: o.msp,
            org: o.org,
            orderer: o.orderer,
            ordererTlsCa: o.ordererTlsCa,
            fabricVersion: o.fabricVersion,
            runtime: o.runtime,
            force: o.force,
          });
          out.result({ ok: true, ...fromProfile }, () =>
            [
              `${fromProfile.outcome === 'already-initialized' ? 'already initialized' : fromProfile.outcome}: ${fromProfile.profilePath} (organization ${fromProfile.organization}, MSP ID ${fromProfile.memberId}${fromProfile.nodeOUs ? ', NodeOUs' : ''})`,
              ...fromProfile.notes.map((n) => `  note: ${n}`),
            ].join('\n'),
          );
          return;
        }
        const result = await initHome(homeOf(o), { ...o, peerEndpoints: o.peerEndpoint });
        out.result(
          { ok: true, ...result },
          () =>
            `${result.outcome === 'already-initialized' ? 'already initialized' : result.outcome}: ${result.profilePath} (member ${result.memberId})`,
        );
      }, Boolean(o.json)),
    );
}

function registerEnroll(program: Command, run: Run): void {
  program
    .command('enroll')
    .description(
      'tutorial step 4: enroll the bootstrap admin, write admin-msp/ with admincerts (config.yaml on a NodeOU profile), wait until the network recognizes it',
    )
    .option('--home <dir>', HOME_HELP)
    .option('--force', 're-enroll even if admin-msp exists (the old MSP is kept as a backup)')
    .option('--no-wait', 'do not wait for the network to recognize the admin')
    .option('--timeout <seconds>', 'how long to wait for recognition', '300')
    .option('--json', JSON_HELP)
    .addHelpText(
      'after',
      "\nThe password comes from $FABKIT_ADMIN_PASSWORD, a devnet's credentials file, or a prompt; never from the command line.",
    )
    .action(async (o: HomeFlags & { force?: boolean; wait: boolean; timeout: string }) =>
      run(async (out) => {
        const recognizeTimeoutMs = parseSeconds(o.timeout, '--timeout');
        const profile = profileOf(o);
        const { password } = await adminPassword(profile, process.env, secretPrompt());
        const result = await enrollAdmin(profile, {
          password,
          force: o.force,
          executor: o.wait ? executorOf(profile) : undefined,
          recognizeTimeoutMs,
          onProgress: (line) => out.progress(line),
        });
        out.result({ ok: true, ...result }, () =>
          [
            result.outcome === 'already-enrolled'
              ? `already enrolled: ${result.mspDir}`
              : `enrolled: ${result.mspDir}${result.backup ? ` (previous MSP kept in ${result.backup})` : ''}`,
            `  subject  ${result.subject}`,
            `  expires  ${result.notAfter}`,
            `  enroll ${formatSeconds(result.enrollMs)}, admin recognized after ${formatSeconds(result.recognizedMs)}`,
          ].join('\n'),
        );
      }, Boolean(o.json)),
    );
}

function registerRegister(program: Command, run: Run): void {
  withHome(
    program
      .command('register')
      .description('register and enroll another identity with the enrolled admin as registrar')
      .argument('<name>', 'enrollment ID of the new identity'),
  )
    .option('--type <type>', 'identity type (default: user; on a NodeOU profile admin with --admin, else client)')
    .option('--affiliation <affiliation>', 'affiliation (default: the member name)')
    .option('--attr <name=value>', 'attribute, e.g. hf.Admin=true (repeatable)', collect, [] as string[])
    .option(
      '--admin',
      'make the identity an admin: write admincerts (pre-NodeOU), or register it with type admin (NodeOU profile)',
    )
    .option('--msp-dir <dir>', 'where to write its MSP (default <home>/users/<name>/msp)')
    .addHelpText('after', "\nThe new identity's secret comes from $FABKIT_REGISTER_SECRET.")
    .action(
      async (
        name: string,
        o: HomeFlags & { type?: string; affiliation?: string; attr: string[]; admin?: boolean; mspDir?: string },
      ) =>
        run(async (out) => {
          const attrs = parseAttrs(o.attr);
          const profile = profileOf(o);
          const secret = process.env.FABKIT_REGISTER_SECRET;
          if (!secret)
            throw usageError(
              'SECRET_MISSING',
              `No secret for ${name}`,
              'Set FABKIT_REGISTER_SECRET (secrets are never read from the command line).',
            );
          const result = await registerIdentity(profile, {
            name,
            secret,
            type: o.type,
            affiliation: o.affiliation,
            attrs,
            admin: o.admin,
            mspDir: o.mspDir,
          });
          out.result(
            { ok: true, ...result },
            () => `registered and enrolled ${name}: ${result.mspDir}\n  subject ${result.subject}`,
          );
        }, Boolean(o.json)),
    );
}

export function registerIdentityCommands(program: Command, run: Run): void {
  registerInit(program, run);
  registerEnroll(program, run);
  registerRegister(program, run);

  withHome(
    program
      .command('msp')
      .description('MSP folders')
      .command('verify')
      .argument('[dir]', "MSP folder (default: the profile's admin-msp)"),
  )
    .option('--not-admin', "the MSP is not an admin's (admincerts need not hold its own cert)")
    .description('check cert/key match, chain to cacerts, expiry and admincerts; show Fabric CA attributes')
    .action(async (dir: string | undefined, o: HomeFlags & { notAdmin?: boolean }) =>
      run(async (out) => {
        const target = dir ?? profileOf(o).paths.mspDir;
        const report = await verifyMsp(target, { admin: !o.notAdmin });
        out.result({ dir: target, ...report }, () => renderMspReport(target, report));
        return report.ok ? 'ok' : 'failed';
      }, Boolean(o.json)),
    );

  withHome(
    program
      .command('doctor')
      .description('check the CA, TLS to the orderer and peers, the runtime, the admin MSP and admin recognition'),
  ).action(async (o: HomeFlags) =>
    run(async (out) => {
      const profile = profileOf(o);
      let executor;
      try {
        executor = executorOf(profile);
      } catch {
        executor = undefined;
      }
      const report = await doctor(profile, executor);
      out.result(report, () => renderDoctorReport(report));
      return report.ok ? 'ok' : 'failed';
    }, Boolean(o.json)),
  );
}
