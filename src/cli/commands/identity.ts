import type { Command } from 'commander';
import {
  adminPassword,
  ambNetworkSource,
  ambSettings,
  connectAmb,
  doctor,
  enrollAdmin,
  initProfile,
  registerIdentity,
  usageError,
  verifyMsp,
} from '../../index';
import type { InitResult, InitSource } from '../../index';
import { executorOf, homeOf, profileOf } from '../context';
import type { Output } from '../output';
import { table } from '../output';
import { secretPrompt } from '../prompt';

type Run = (action: (out: Output) => Promise<void>, json: boolean) => Promise<void>;
interface Common {
  home?: string;
  json?: boolean;
}

interface InitFlags extends Common {
  fromDevnet?: string;
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
}

/** The devnet or flags source of `fabkit init`. */
function localInitSource(o: InitFlags): InitSource {
  if (o.fromDevnet !== undefined)
    return { kind: 'devnet', networkFile: o.fromDevnet, member: o.member ?? '', runtime: o.runtime };
  return {
    kind: 'flags',
    flags: {
      networkId: o.networkId ?? '',
      memberId: o.memberId ?? '',
      memberName: o.memberName ?? '',
      caEndpoint: o.caEndpoint ?? '',
      ordererEndpoint: o.ordererEndpoint ?? '',
      peerEndpoints: o.peerEndpoint,
      tlsChain: o.tlsChain ?? '',
      fabricVersion: o.fabricVersion,
      runtime: o.runtime,
    },
  };
}

/** `fabkit init --network-id … --member-id …` without --ca-endpoint: endpoints from the Managed Blockchain API. */
async function initFromAmb(home: string, o: InitFlags): Promise<InitResult> {
  const conn = await connectAmb(ambSettings({ region: o.region, endpointUrl: o.endpointUrl }));
  try {
    return await initProfile(
      home,
      {
        kind: 'amb',
        source: ambNetworkSource(conn.api),
        networkId: o.networkId ?? '',
        memberId: o.memberId ?? '',
        region: conn.region,
        endpointUrl: conn.endpointUrl,
        tlsChain: o.tlsChain,
        runtime: o.runtime,
      },
      { force: o.force },
    );
  } finally {
    conn.close();
  }
}

const secs = (ms: number | undefined): string => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)}s`);

function parseAttrs(values: readonly string[]): { name: string; value: string }[] {
  return values.map((pair) => {
    const i = pair.indexOf('=');
    if (i <= 0)
      throw usageError('INVALID_ATTRIBUTE', `--attr "${pair}" is invalid: use name=value, e.g. hf.Admin=true`);
    return { name: pair.slice(0, i), value: pair.slice(i + 1) };
  });
}

export function registerIdentityCommands(program: Command, run: Run): void {
  program
    .command('init')
    .description('create <home>/fabkit.yaml, the member profile every other command reads')
    .option('--home <dir>', 'member home (default: $FABKIT_HOME, else the current directory)')
    .option('--from-devnet <network.json>', "read endpoints from a devnet's network.json (or its directory)")
    .option('--member <name|id>', 'which devnet member this home is for (org1, or m-…)')
    .option('--network-id <n-…>')
    .option('--member-id <m-…>')
    .option('--member-name <name>')
    .option('--ca-endpoint <host:port>')
    .option('--orderer-endpoint <host:port>')
    .option(
      '--peer-endpoint <host:port>',
      'a peer node endpoint (repeat for each peer)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
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
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      "\nWith --network-id and --member-id but no --ca-endpoint, the CA, ordering service and AVAILABLE peer endpoints\ncome from the Managed Blockchain API (GetNetwork, GetMember, ListNodes/GetNode), with AWS credentials from the SDK's chain.",
    )
    .action(async (o: InitFlags) =>
      run(async (out) => {
        const home = homeOf(o);
        if (o.fromDevnet === undefined && o.networkId === undefined) {
          throw usageError(
            'INIT_SOURCE_MISSING',
            'fabkit init needs --from-devnet <network.json> --member <name|id>, or --network-id and --member-id (endpoints from the AMB API), or the network flags (--network-id, --member-id, --ca-endpoint, …)',
          );
        }
        if (o.fromDevnet !== undefined && !o.member)
          throw usageError('INIT_MEMBER_MISSING', '--from-devnet needs --member <name|id>');
        const fromAmb = o.fromDevnet === undefined && o.memberId !== undefined && o.caEndpoint === undefined;
        const result = fromAmb
          ? await initFromAmb(home, o)
          : await initProfile(home, localInitSource(o), { force: o.force });
        out.result(
          { ok: true, ...result },
          () =>
            `${result.outcome === 'already-initialized' ? 'already initialized' : result.outcome}: ${result.profilePath} (member ${result.memberId})`,
        );
      }, Boolean(o.json)),
    );

  program
    .command('enroll')
    .description(
      'tutorial step 4: enroll the bootstrap admin, write admin-msp/ with admincerts, wait until the network recognizes it',
    )
    .option('--home <dir>', 'member home (default: $FABKIT_HOME, else the current directory)')
    .option('--force', 're-enroll even if admin-msp exists (the old MSP is kept as a backup)')
    .option('--no-wait', 'do not wait for the network to recognize the admin')
    .option('--timeout <seconds>', 'how long to wait for recognition', '300')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      "\nThe password comes from $FABKIT_ADMIN_PASSWORD, a devnet's credentials file, or a prompt; never from the command line.",
    )
    .action(async (o: Common & { force?: boolean; wait: boolean; timeout: string }) =>
      run(async (out) => {
        const profile = profileOf(o);
        const { password } = await adminPassword(profile, process.env, secretPrompt());
        const result = await enrollAdmin(profile, {
          password,
          force: o.force,
          executor: o.wait ? executorOf(profile) : undefined,
          recognizeTimeoutMs: Number(o.timeout) * 1000,
          onProgress: (line) => out.progress(line),
        });
        out.result({ ok: true, ...result }, () =>
          [
            result.outcome === 'already-enrolled'
              ? `already enrolled: ${result.mspDir}`
              : `enrolled: ${result.mspDir}${result.backup ? ` (previous MSP kept in ${result.backup})` : ''}`,
            `  subject  ${result.subject}`,
            `  expires  ${result.notAfter}`,
            `  enroll ${secs(result.enrollMs)}, admin recognized after ${secs(result.recognizedMs)}`,
          ].join('\n'),
        );
      }, Boolean(o.json)),
    );

  program
    .command('register')
    .description('register and enroll another identity with the enrolled admin as registrar')
    .argument('<name>', 'enrollment ID of the new identity')
    .option('--home <dir>', 'member home')
    .option('--type <type>', 'identity type', 'user')
    .option('--affiliation <affiliation>', 'affiliation (default: the member name)')
    .option(
      '--attr <name=value>',
      'attribute, e.g. hf.Admin=true (repeatable)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--admin', "write admincerts so the identity's MSP can act as an admin")
    .option('--msp-dir <dir>', 'where to write its MSP (default <home>/users/<name>/msp)')
    .option('--json', 'machine-readable output')
    .addHelpText('after', "\nThe new identity's secret comes from $FABKIT_REGISTER_SECRET.")
    .action(
      async (
        name: string,
        o: Common & { type: string; affiliation?: string; attr: string[]; admin?: boolean; mspDir?: string },
      ) =>
        run(async (out) => {
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
            attrs: parseAttrs(o.attr),
            admin: o.admin,
            mspDir: o.mspDir,
          });
          out.result(
            { ok: true, ...result },
            () => `registered and enrolled ${name}: ${result.mspDir}\n  subject ${result.subject}`,
          );
        }, Boolean(o.json)),
    );

  program
    .command('msp')
    .description('MSP folders')
    .command('verify')
    .argument('[dir]', "MSP folder (default: the profile's admin-msp)")
    .option('--home <dir>', 'member home')
    .option('--not-admin', "the MSP is not an admin's (admincerts need not hold its own cert)")
    .option('--json', 'machine-readable output')
    .description('check cert/key match, chain to cacerts, expiry and admincerts; show Fabric CA attributes')
    .action(async (dir: string | undefined, o: Common & { notAdmin?: boolean }) =>
      run(async (out) => {
        const target = dir ?? profileOf(o).paths.mspDir;
        const report = await verifyMsp(target, { admin: !o.notAdmin });
        out.result({ dir: target, ...report }, () => {
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
        });
        if (!report.ok) process.exitCode = 1;
      }, Boolean(o.json)),
    );

  program
    .command('doctor')
    .description('check the CA, TLS to the orderer and peers, the runtime, the admin MSP and admin recognition')
    .option('--home <dir>', 'member home')
    .option('--json', 'machine-readable output')
    .action(async (o: Common) =>
      run(async (out) => {
        const profile = profileOf(o);
        let executor;
        try {
          executor = executorOf(profile);
        } catch {
          executor = undefined;
        }
        const report = await doctor(profile, executor);
        out.result(
          report,
          () =>
            `${table([['CHECK', 'STATUS', 'DETAIL'], ...report.checks.map((c) => [c.id, c.status.toUpperCase(), c.detail + (c.status === 'fail' && c.hint ? ` (hint: ${c.hint})` : '')])])}\n\n${report.ok ? 'all required checks passed' : 'some checks FAILED'}`,
        );
        if (!report.ok) process.exitCode = 1;
      }, Boolean(o.json)),
    );
}
