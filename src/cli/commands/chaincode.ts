/** `fabkit chaincode …`: tutorial step 7, deploy (1.x or 2.x lifecycle) and each step by hand, query and invoke. */
import type { Command } from 'commander';
import {
  approveChaincode,
  assertChaincodeRef,
  assertChaincodeSource,
  commitChaincode,
  deployChaincode,
  installChaincode,
  instantiateChaincode,
  instantiatedV1,
  invokeChaincode,
  invokeChaincodeSdk,
  listCommitted,
  listInstalled,
  packageChaincode,
  queryChaincode,
  queryChaincodeSdk,
  queryCommitted,
  usageError,
  chaincodeVersionText,
} from '../../index';
import type { StepOptions } from '../../index';
import { depsOf, profileOf } from '../context';
import { collect, parseLifecycle, parseSeconds, withHome } from '../flags';
import type { HomeFlags, Run } from '../flags';
import { stepsTable, table } from '../output';

interface Common extends HomeFlags {
  channel: string;
}
interface Source extends Common {
  version: string;
  path: string;
  ctor?: string;
  policy?: string;
  lifecycle?: string;
  label?: string;
  peer: string[];
  timeout: string;
}

const common = (cmd: Command): Command => withHome(cmd.requiredOption('-C, --channel <channelId>', 'the channel'));

const source = (cmd: Command): Command =>
  common(cmd)
    .option('-v, --version <version>', 'chaincode version', '1')
    .option('-p, --path <dir>', 'chaincode folder (go.mod: Go, package.json: Node)', 'chaincode/example02')
    .option('--label <label>', '2.x package label (default <name>_<version>)')
    .option('--peer <host:port>', "this member's peer to install on (repeatable; default all)", collect, [] as string[])
    .option('--timeout <seconds>', 'bound for each wait', '120');

/** The library's options for a single step, from the shared flags. */
function stepOptions(name: string, o: Source): StepOptions {
  return {
    channelId: o.channel,
    name,
    version: o.version,
    path: o.path,
    ctor: o.ctor,
    policy: o.policy,
    label: o.label,
    peers: o.peer,
    lifecycle: parseLifecycle(o.lifecycle),
    timeoutMs: parseSeconds(o.timeout),
  };
}

const ctorHelp = 'init args as the peer CLI takes them, e.g. \'{"Args":["init","a","100","b","200"]}\'';
const policyHelp =
  "endorsement policy, e.g. \"AND('m-A.member','m-B.member')\", or all-members | any-member | majority";

export function registerChaincodeCommands(program: Command, run: Run): void {
  const cc = program
    .command('chaincode')
    .description('tutorial step 7: deploy (1.x install/instantiate or 2.x approve/commit), query and invoke chaincode');

  source(cc.command('deploy').argument('<name>', 'chaincode name'))
    .description(
      "install, then instantiate (1.x) or approve and commit (2.x, picked from the channel's capability); every step already done is reported as such",
    )
    .option('-c, --ctor <json>', ctorHelp)
    .option('-P, --policy <policy>', policyHelp)
    .option('--lifecycle <1.x|2.x>', 'override the lifecycle picked from the channel')
    .action(async (name: string, o: Source) =>
      run(async (out) => {
        const options = { ...stepOptions(name, o), path: o.path };
        const profile = profileOf(o);
        const r = await deployChaincode(profile, depsOf(profile, out), options);
        out.result({ ok: true, ...r }, () =>
          [
            `${name} ${chaincodeVersionText(r.version)} on ${r.channelId} (${r.lifecycle} lifecycle${r.policy ? `, policy ${r.policy}` : ''}): ${r.ready ? 'ready' : 'waiting for other members'}`,
            stepsTable(r.steps),
            ...(r.othersToDo.length ? ['still to do by other members:', ...r.othersToDo.map((t) => `  ${t}`)] : []),
          ].join('\n'),
        );
      }, Boolean(o.json)),
    );

  withHome(cc.command('package').argument('<name>'))
    .description(
      '2.x lifecycle: package the chaincode folder into a .tgz with its dependencies (node_modules or vendor/, as AMB needs); keeps an existing package',
    )
    .option('-v, --version <version>', 'chaincode version', '1')
    .option('-p, --path <dir>', 'chaincode folder (go.mod: Go, package.json: Node)', 'chaincode/example02')
    .option('--label <label>', 'package label (default <name>_<version>)')
    .option('--out <file>', 'where to write it (default <artifactsDir>/<label>.tgz)')
    .action(
      async (
        name: string,
        o: { version: string; path: string; label?: string; out?: string; home?: string; json?: boolean },
      ) =>
        run(async (out) => {
          const profile = profileOf(o);
          assertChaincodeRef(name, o.version);
          const r = await packageChaincode(profile, depsOf(profile, out), {
            label: o.label ?? `${name}_${o.version}`,
            sourceDir: assertChaincodeSource(o.path),
            out: o.out,
          });
          out.result(
            { ok: true, ...r },
            () => `${r.outcome === 'already-packaged' ? 'already packaged' : 'packaged'}: ${r.file} (label ${r.label})`,
          );
        }, Boolean(o.json)),
    );

  source(cc.command('install').argument('<name>'))
    .description(
      "install on this member's peers (1.x: name+version; 2.x: package and install); skips peers that have it",
    )
    .option('--lifecycle <1.x|2.x>', "default: from the channel's capability")
    .action(async (name: string, o: Source) =>
      run(async (out) => {
        const options = stepOptions(name, o);
        const profile = profileOf(o);
        const r = await installChaincode(profile, depsOf(profile, out), options);
        out.result({ ok: true, ...r }, () => stepsTable(r.steps));
      }, Boolean(o.json)),
    );

  for (const verb of ['instantiate', 'upgrade'] as const) {
    source(cc.command(verb).argument('<name>'))
      .description(
        verb === 'instantiate'
          ? '1.x lifecycle: instantiate on the channel (reports "already instantiated")'
          : '1.x lifecycle: upgrade to --version',
      )
      .option('-c, --ctor <json>', ctorHelp)
      .option('-P, --policy <policy>', policyHelp)
      .action(async (name: string, o: Source) =>
        run(async (out) => {
          const options = { ...stepOptions(name, o), upgrade: verb === 'upgrade' };
          const profile = profileOf(o);
          const r = await instantiateChaincode(profile, depsOf(profile, out), options);
          out.result({ ok: true, ...r }, () => stepsTable(r.steps));
        }, Boolean(o.json)),
      );
  }

  common(cc.command('list'))
    .description("chaincode installed on this member's first peer, or instantiated/committed on the channel")
    .option('--installed')
    .option('--instantiated')
    .action(async (o: Common & { installed?: boolean; instantiated?: boolean }) =>
      run(async (out) => {
        const profile = profileOf(o);
        const deps = depsOf(profile, out);
        if (!o.installed && !o.instantiated)
          throw usageError('LIST_WHAT', 'Say what to list: --installed or --instantiated');
        const rows = o.installed
          ? await listInstalled(profile, deps)
          : (await instantiatedV1(profile, deps, o.channel)).map((c) => ({ name: c.name, version: c.version }));
        out.result({ ok: true, chaincodes: rows }, () =>
          table([['NAME', 'VERSION / PACKAGE'], ...rows.map((r) => [r.name, r.version])]),
        );
      }, Boolean(o.json)),
    );

  source(cc.command('approve').argument('<name>'))
    .description('2.x lifecycle: approve the definition for this member (installs first when needed)')
    .option('-c, --ctor <json>', 'makes the definition init-required')
    .option('-P, --policy <policy>', policyHelp)
    .action(async (name: string, o: Source) =>
      run(async (out) => {
        const options = stepOptions(name, o);
        const profile = profileOf(o);
        const r = await approveChaincode(profile, depsOf(profile, out), options);
        out.result({ ok: true, ...r }, () => stepsTable(r.steps));
      }, Boolean(o.json)),
    );

  source(cc.command('commit').argument('<name>'))
    .description('2.x lifecycle: commit once enough members approved, endorsed by a peer of each approving member')
    .option('-c, --ctor <json>', 'the definition is init-required')
    .option('-P, --policy <policy>', policyHelp)
    .action(async (name: string, o: Source) =>
      run(async (out) => {
        const options = stepOptions(name, o);
        const profile = profileOf(o);
        const r = await commitChaincode(profile, depsOf(profile, out), options);
        out.result({ ok: r.committed, ...r }, () =>
          r.alreadyCommitted
            ? `${name} ${chaincodeVersionText(o.version)} already committed at sequence ${r.sequence}`
            : stepsTable(r.steps),
        );
        return r.committed ? 'ok' : 'failed';
      }, Boolean(o.json)),
    );

  common(cc.command('querycommitted').argument('[name]'))
    .description('2.x lifecycle: the committed definition, or without a name every chaincode committed on the channel')
    .action(async (name: string | undefined, o: Common) =>
      run(async (out) => {
        const profile = profileOf(o);
        if (name === undefined) {
          const all = await listCommitted(profile, depsOf(profile, out), o.channel);
          out.result({ ok: true, channel: o.channel, chaincodes: all }, () =>
            all.length === 0
              ? `no chaincode is committed on ${o.channel}`
              : table([
                  ['NAME', 'VERSION', 'SEQUENCE', 'INIT'],
                  ...all.map((c) => [c.name, c.version, String(c.sequence), c.initRequired ? 'required' : '-']),
                ]),
          );
          return;
        }
        const d = await queryCommitted(profile, depsOf(profile, out), { channelId: o.channel, name });
        if (!d)
          throw usageError(
            'NOT_COMMITTED',
            `${name} is not defined on ${o.channel}`,
            'Deploy it with `fabkit chaincode deploy`.',
          );
        out.result(
          { ok: true, ...d },
          () =>
            `${name}: version ${d.version}, sequence ${d.sequence}${d.initRequired ? ', init required' : ''}; approvals ${Object.entries(
              d.approvals,
            )
              .map(([m, v]) => `${m}=${String(v)}`)
              .join(', ')}`,
        );
      }, Boolean(o.json)),
    );

  common(cc.command('query').argument('<name>'))
    .description("evaluate a chaincode function on one of this member's peers (nothing is ordered)")
    .requiredOption('-c, --ctor <json>', 'e.g. \'{"Args":["query","a"]}\'')
    .option('--peer <host:port>', "this member's peer to ask (default: the first)")
    .option('--sdk', 'through fabric-network instead of the peer CLI')
    .action(async (name: string, o: Common & { ctor: string; peer?: string; sdk?: boolean }) =>
      run(async (out) => {
        const profile = profileOf(o);
        const q = { channelId: o.channel, name, ctor: o.ctor, peer: o.peer };
        const r = o.sdk ? await queryChaincodeSdk(profile, q) : await queryChaincode(profile, depsOf(profile, out), q);
        out.result({ ok: true, ...r }, () => r.payload);
      }, Boolean(o.json)),
    );

  common(cc.command('invoke').argument('<name>'))
    .description(
      'submit a transaction endorsed by the peers the policy needs; refuses before ordering when they cannot satisfy it',
    )
    .requiredOption('-c, --ctor <json>', 'e.g. \'{"Args":["invoke","a","b","10"]}\'')
    .option(
      '--peer <host:port>',
      'endorsing peer (repeatable; default: one peer of each member the policy needs)',
      collect,
      [] as string[],
    )
    .option('-P, --policy <policy>', `${policyHelp} (default: the policy fabkit deployed it with)`)
    .option('--isInit', '2.x: the init call of an init-required chaincode')
    .option('--force', 'send even when the endorsers cannot satisfy the policy (it will be invalidated)')
    .option('--timeout <seconds>', 'bound for the commit wait', '120')
    .option('--sdk', 'through fabric-network/fabric-common instead of the peer CLI')
    .action(
      async (
        name: string,
        o: Common & {
          ctor: string;
          peer: string[];
          policy?: string;
          isInit?: boolean;
          force?: boolean;
          timeout: string;
          sdk?: boolean;
        },
      ) =>
        run(async (out) => {
          const req = {
            channelId: o.channel,
            name,
            ctor: o.ctor,
            peers: o.peer,
            policy: o.policy,
            isInit: o.isInit,
            force: o.force,
            timeoutMs: parseSeconds(o.timeout),
          };
          const profile = profileOf(o);
          const r = await (o.sdk ? invokeChaincodeSdk : invokeChaincode)(profile, depsOf(profile, out), req);
          out.result(
            { ok: true, ...r },
            () =>
              `${r.validationCode}: tx ${r.txId ?? '?'}${r.payload ? `, payload ${r.payload}` : ''} (endorsed by ${r.endorsers.map((e) => e.memberId).join(', ')})`,
          );
        }, Boolean(o.json)),
    );
}
