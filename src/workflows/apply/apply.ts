/**
 * `fabkit apply <file>`: a whole network (members, channels, chaincode) converged in one process.
 * The file is checked first (nothing runs on a bad file); then each step is a call to an existing
 * workflow (init, enroll, member export/import, channel create/join, chaincode deploy), run by a
 * small DAG runner as concurrently as the steps' needs allow.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportBundle } from '../../bundle/export';
import { importBundle } from '../../bundle/import';
import { readImportedMember } from '../../bundle/members';
import { loadProfile } from '../../config/load';
import type { Profile } from '../../config/resolve';
import { parsePolicy } from '../../policy/parse';
import { isPolicyShorthand } from '../../policy/shorthand';
import { FabkitError } from '../../errors';
import { readRecord } from '../chaincode/deploy-record';
import { joinCommand, toDoLine } from '../chaincode/follow-up';
import { deployChaincode } from '../chaincode/deploy';
import { hasApproved, listInstalled, queryCommitted } from '../chaincode/v2';
import { createChannel } from '../channel/create';
import { joinChannel, peerChannels } from '../channel/join';
import type { ChannelDeps } from '../channel/peer-cli';
import { enrollAdmin } from '../enroll';
import { executorOf } from '../executor-of';
import { initHome } from '../init-request';
import type { Lifecycle } from '../lifecycle';
import { adminPassword } from '../secrets';
import type { DagEvent, DagStep, DagStepResult } from './dag';
import { runDag } from './dag';
import type { ApplyMember } from './members';
import { memberNamed, resolveMembers } from './members';
import type { ApplySpecFile } from './spec';
import { policyWithIds, readApplySpec, specError } from './spec';

export interface ApplyOptions {
  /** Only check what exists and list what would be done; change nothing. */
  readonly plan?: boolean;
  /** One line per step event (started, done, failed) and per progress line of a running step. */
  readonly onProgress?: (line: string) => void;
  /** Every step event as data: the steps planned, started, their progress lines, their results. */
  readonly onStep?: (e: DagEvent) => void;
  readonly env?: NodeJS.ProcessEnv;
}

export interface ApplyResult {
  readonly file: string;
  readonly plan: boolean;
  /** Every step finished (or, for --plan, every check ran). */
  readonly ok: boolean;
  /** Whether anything was (or, for --plan, would be) done. */
  readonly changed: boolean;
  readonly steps: DagStepResult[];
  readonly seconds: number;
  /** What members given by their bundle still have to do on their machines. */
  readonly othersToDo: string[];
}

/** A chaincode entry with its names resolved. */
interface ChaincodePlan {
  readonly name: string;
  readonly channel: string;
  readonly sourceDir: string;
  readonly version: string;
  readonly policy: string | undefined;
  readonly ctor: string | undefined;
  readonly lifecycle: Lifecycle;
  readonly members: ApplyMember[];
}

interface ChannelPlan {
  readonly name: string;
  readonly lifecycle: Lifecycle | undefined;
  readonly members: ApplyMember[];
  readonly creator: ApplyMember;
}

/** Checks every cross-reference of the file (members, channels, policy names, chaincode folders) before anything runs. */
function resolveSpec(
  spec: ApplySpecFile,
  baseDir: string,
  file: string,
): { members: ApplyMember[]; devnetDir: string | undefined; channels: ChannelPlan[]; chaincode: ChaincodePlan[] } {
  const { members, devnetDir } = resolveMembers(spec, baseDir, file);
  const channels = spec.channels.map((c, i): ChannelPlan => {
    const listed = c.members.map((n, j) => {
      const m = memberNamed(members, n);
      if (!m) throw specError(file, `channels[${i}].members[${j}]`, `no member named ${n} in members`);
      return m;
    });
    const creator = listed.find((m) => m.home !== undefined);
    if (!creator)
      throw specError(
        file,
        `channels[${i}].members`,
        'at least one member must have a home on this machine (it creates the channel)',
      );
    return { name: c.name, lifecycle: c.lifecycle, members: listed, creator };
  });
  const chaincode = spec.chaincode.map((c, i): ChaincodePlan => {
    const channel = channels.find((ch) => ch.name === c.channel);
    if (!channel) throw specError(file, `chaincode[${i}].channel`, `no channel named ${c.channel} in channels`);
    const sourceDir = path.resolve(baseDir, c.path);
    if (!fs.statSync(sourceDir, { throwIfNoEntry: false })?.isDirectory())
      throw specError(file, `chaincode[${i}].path`, `${sourceDir} is not a folder`);
    let policy = c.policy;
    if (policy !== undefined && !isPolicyShorthand(policy.trim())) {
      const r = policyWithIds(policy, (n) => memberNamed(channel.members, n)?.id);
      if (r.unknown.length > 0)
        throw specError(
          file,
          `chaincode[${i}].policy`,
          `${r.unknown.join(', ')}: not a member of channel ${channel.name}`,
        );
      try {
        parsePolicy(r.text);
      } catch (error) {
        throw specError(file, `chaincode[${i}].policy`, (error as Error).message);
      }
      policy = r.text;
    }
    return {
      name: c.name,
      channel: c.channel,
      sourceDir,
      version: c.version ?? '1',
      policy,
      ctor: c.init === undefined ? undefined : JSON.stringify({ Args: c.init }),
      lifecycle: channel.lifecycle ?? '2.x',
      members: channel.members.filter((m) => m.home !== undefined),
    };
  });
  return { members, devnetDir, channels, chaincode };
}

/** A finished step as one line: "create ch1: done (1.23 s)", with the error's code and message when it failed. */
export function stepLine(s: DagStepResult): string {
  const seconds = s.outcome === 'not-started' ? '' : ` (${s.seconds.toFixed(2)} s)`;
  return `${s.id}: ${s.outcome}${seconds}${s.error ? ` ${s.error.code}: ${s.error.message}` : ''}`;
}

const homeOf = (m: ApplyMember): string => m.home ?? '';

/** Applies (or with `plan`, only plans) an apply file; see the module comment. */
export async function applyFile(file: string, o: ApplyOptions = {}): Promise<ApplyResult> {
  const t0 = Date.now();
  const read = readApplySpec(file);
  const { members, devnetDir, channels, chaincode } = resolveSpec(read.spec, read.baseDir, read.file);
  const env = o.env ?? process.env;
  const profileOf = (m: ApplyMember): Profile => loadProfile(homeOf(m)).profile;
  const depsCache = new Map<string, ChannelDeps>();
  const depsOf = (m: ApplyMember, stepId: string): ChannelDeps => {
    const key = `${m.id}\n${stepId}`;
    const cached = depsCache.get(key);
    if (cached) return cached;
    const deps: ChannelDeps = {
      executor: executorOf(profileOf(m)),
      onProgress: (line) => {
        o.onStep?.({ kind: 'progress', id: stepId, line });
        o.onProgress?.(`  ${stepId}: ${line}`);
      },
    };
    depsCache.set(key, deps);
    return deps;
  };
  const steps: DagStep[] = [];
  const othersToDo: string[] = [];
  const local = members.filter((m) => m.home !== undefined);

  for (const m of local) {
    const init = `init ${m.key}`;
    if (m.needsInit)
      steps.push({
        id: init,
        needs: [],
        check: async () => fs.existsSync(path.join(homeOf(m), 'fabkit.yaml')),
        run: async () => (await initHome(homeOf(m), { fromDevnet: devnetDir, member: m.id })).outcome,
      });
    const id = `enroll ${m.key}`;
    steps.push({
      id,
      needs: m.needsInit ? [init] : [],
      check: async () =>
        fs.existsSync(path.join(homeOf(m), 'fabkit.yaml')) &&
        fs.existsSync(path.join(profileOf(m).paths.mspDir, 'signcerts', 'cert.pem')),
      run: async () => {
        const profile = profileOf(m);
        const { password } = await adminPassword(profile, env);
        const r = await enrollAdmin(profile, { password, executor: depsOf(m, id).executor });
        return r.outcome;
      },
    });
  }
  const enrolled = (m: ApplyMember): string[] => (m.home === undefined ? [] : [`enroll ${m.key}`]);

  for (const ch of channels) {
    const imports: string[] = [];
    for (const other of ch.members.filter((m) => m !== ch.creator)) {
      const id = `import ${other.key} into ${ch.creator.key}`;
      imports.push(id);
      if (steps.some((s) => s.id === id)) continue;
      steps.push({
        id,
        needs: [...enrolled(ch.creator), ...enrolled(other)],
        check: () =>
          readImportedMember(profileOf(ch.creator), other.id).then(
            () => true,
            () => false,
          ),
        run: async () => {
          const bundle = other.bundle ?? (await exportBundle(profileOf(other))).file;
          return (await importBundle(profileOf(ch.creator), bundle)).outcome;
        },
      });
    }
    const create = `create ${ch.name}`;
    const joined = (m: ApplyMember, stepId: string) => async (): Promise<boolean> => {
      if (!fs.existsSync(path.join(homeOf(m), 'fabkit.yaml'))) return false;
      const profile = profileOf(m);
      const peers = await Promise.all(
        profile.peers.map((p) => peerChannels(profile, depsOf(m, stepId), p.endpoint.address)),
      );
      return peers.every((list) => list.includes(ch.name));
    };
    steps.push({
      id: create,
      needs: [...enrolled(ch.creator), ...imports],
      check: joined(ch.creator, create),
      run: async () =>
        (
          await createChannel(profileOf(ch.creator), depsOf(ch.creator, create), {
            channelId: ch.name,
            members: ch.members.filter((m) => m !== ch.creator).map((m) => m.id),
            lifecycle: ch.lifecycle,
          })
        ).outcome,
    });
    for (const m of ch.members.filter((x) => x !== ch.creator)) {
      if (m.home === undefined) {
        othersToDo.push(toDoLine(m.id, `join ${ch.name}`, joinCommand(ch.name)));
        continue;
      }
      const id = `join ${ch.name} ${m.key}`;
      steps.push({
        id,
        needs: [create, ...enrolled(m)],
        check: joined(m, id),
        run: async () => {
          const r = await joinChannel(profileOf(m), depsOf(m, id), { channelId: ch.name });
          return r.peers.map((p) => p.outcome).join(', ');
        },
      });
    }
  }

  for (const cc of chaincode) {
    const onChannel = (m: ApplyMember): string =>
      channels.find((c) => c.name === cc.channel)?.creator === m
        ? `create ${cc.channel}`
        : `join ${cc.channel} ${m.key}`;
    const ids = cc.members.map((m) => `deploy ${cc.name} ${m.key}`);
    cc.members.forEach((m, i) => {
      // 2.x: every member but the last installs and approves at once; the last one's approval makes the majority, so it commits and inits.
      // 1.x: the first installs and instantiates; the others install afterwards.
      const last = i === cc.members.length - 1;
      const after = cc.lifecycle === '2.x' ? (last ? ids.slice(0, -1) : []) : i === 0 ? [] : [ids[0] as string];
      const id = ids[i] as string;
      steps.push({
        id,
        needs: [onChannel(m), ...after],
        check: async () => {
          if (!fs.existsSync(path.join(homeOf(m), 'fabkit.yaml'))) return false;
          const profile = profileOf(m);
          const record = readRecord(profile, cc.channel, cc.name);
          if (record?.version !== cc.version) return false;
          const deps = depsOf(m, id);
          const installed = await listInstalled(profile, deps).catch(() => []);
          if (cc.lifecycle === '1.x') return installed.some((p) => p.name === cc.name && p.version === cc.version);
          if (!installed.some((p) => p.name === `${cc.name}_${cc.version}`)) return false;
          const committed = await queryCommitted(profile, deps, { channelId: cc.channel, name: cc.name }).catch(
            () => undefined,
          );
          if (committed?.version === cc.version) return !last || cc.ctor === undefined || record.initDone === true;
          // Not committed yet: a member other than the last one has done its part once it approved (the last one commits).
          if (last || record.sequence === undefined) return false;
          return hasApproved(profile, deps, { ...cc, channelId: cc.channel, sequence: record.sequence });
        },
        run: async () => {
          const r = await deployChaincode(profileOf(m), depsOf(m, id), {
            channelId: cc.channel,
            name: cc.name,
            version: cc.version,
            path: cc.sourceDir,
            ctor: cc.ctor,
            policy: cc.policy,
            lifecycle: cc.lifecycle,
          });
          if (last && !r.ready && cc.members.length === channels.find((c) => c.name === cc.channel)?.members.length)
            throw new FabkitError(
              'APPLY_NOT_READY',
              `${cc.name} is not ready on ${cc.channel}: ${r.othersToDo.join('; ')}`,
              {
                hint: 'Run `fabkit apply` again once the other members did their part.',
              },
            );
          if (last)
            othersToDo.push(
              ...r.othersToDo.filter((t) => members.some((x) => x.home === undefined && t.startsWith(x.id))),
            );
          return r.ready ? 'ready' : 'approved, waiting for the others';
        },
      });
    });
  }

  const results = await runDag(steps, {
    plan: o.plan,
    onEvent: (e) => {
      o.onStep?.(e);
      if (e.kind === 'started') o.onProgress?.(`${e.id} …`);
      else if (e.kind === 'finished') o.onProgress?.(stepLine(e.step));
    },
  });
  return {
    file: read.file,
    plan: o.plan === true,
    ok: results.every((r) => r.outcome !== 'failed' && r.outcome !== 'not-started'),
    changed: results.some((r) => r.outcome === 'done' || r.outcome === 'would-do'),
    steps: results,
    seconds: Math.round((Date.now() - t0) / 10) / 100,
    othersToDo,
  };
}
