/**
 * Input is checked before the network: a chaincode command with a policy that does not parse is
 * a usage error (exit 2) before any Fabric tool runs. An Executor that records its calls shows
 * that nothing ran; a shorthand, which needs the channel's members, still reaches the network.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  approveChaincode,
  commitChaincode,
  deployChaincode,
  instantiateChaincode,
  invokeChaincode,
  invokeChaincodeSdk,
  resolveProfile,
} from '../../src/index';
import type { ChannelDeps, CommandSpec, Executor, Profile, RunResult } from '../../src/index';
import type { ProfileFile } from '../../src/config/schema';
import { rejected } from '../helpers/thrown';

const A = 'm-AAAAAAAAAAAAAAAAAAAAAAAAAA';
const NET = 'n-NNNNNNNNNNNNNNNNNNNNNNNNNN';
const BAD_POLICY = "AND('m-AAAAAAAAAAAAAAAAAAAAAAAAAA.member'";

/** Records every invocation; answers each as a tool that could not reach anything. */
class RecordingExecutor implements Executor {
  readonly kind = 'local' as const;
  readonly calls: CommandSpec[] = [];
  async run(spec: CommandSpec): Promise<RunResult> {
    this.calls.push(spec);
    return { exitCode: 1, stdout: '', stderr: 'Error: test double: no network here', durationMs: 0 };
  }
  async version(): Promise<string | undefined> {
    return undefined;
  }
}

let home: string;
let profile: Profile;
let executor: RecordingExecutor;
let deps: ChannelDeps;
let source: string;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-input-first-'));
  fs.mkdirSync(path.join(home, 'admin-msp', 'signcerts'), { recursive: true });
  fs.writeFileSync(path.join(home, 'tls-chain.pem'), '');
  source = path.join(home, 'chaincode', 'cc');
  fs.mkdirSync(source, { recursive: true });
  fs.writeFileSync(path.join(source, 'package.json'), '{}');
  const file = {
    version: 1,
    target: 'devnet',
    network: { id: NET, fabricVersion: '2.5.9', orderingServiceEndpoint: 'localhost:7050' },
    member: { id: A, name: 'org1', caEndpoint: 'localhost:7054', adminUser: 'AdminUser' },
    peers: [{ endpoint: 'localhost:7051' }],
    tls: { chainFile: 'tls-chain.pem' },
    paths: { mspDir: 'admin-msp', membersDir: 'members', artifactsDir: 'channel-artifacts' },
    runtime: { kind: 'local', containerName: 'cli', containerHome: '/opt/home' },
  } as unknown as ProfileFile;
  profile = resolveProfile(file, home);
  executor = new RecordingExecutor();
  deps = { executor };
});

afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const common = { channelId: 'mychannel', name: 'mycc', version: '1' };
const commands: [string, () => Promise<unknown>][] = [
  ['deploy', () => deployChaincode(profile, deps, { ...common, path: source, policy: BAD_POLICY })],
  ['invoke', () => invokeChaincode(profile, deps, { ...common, ctor: '{"Args":["invoke"]}', policy: BAD_POLICY })],
  [
    'invoke --sdk',
    () => invokeChaincodeSdk(profile, deps, { ...common, ctor: '{"Args":["invoke"]}', policy: BAD_POLICY }),
  ],
  ['instantiate', () => instantiateChaincode(profile, deps, { ...common, upgrade: false, policy: BAD_POLICY })],
  ['approve', () => approveChaincode(profile, deps, { ...common, path: source, policy: BAD_POLICY })],
  ['commit', () => commitChaincode(profile, deps, { ...common, policy: BAD_POLICY })],
];

describe('a policy that does not parse is refused before any Fabric call', () => {
  it.each(commands)('%s', async (_name, run) => {
    const error = await rejected(run());
    expect(error.code).toBe('INVALID_POLICY_SYNTAX');
    expect(error.kind).toBe('usage');
    expect(executor.calls).toEqual([]);
  });
});

describe('the recording executor sees the network calls a valid policy leads to', () => {
  it('deploy with a shorthand fetches the channel config (and fails here, as nothing answers)', async () => {
    const error = await rejected(deployChaincode(profile, deps, { ...common, path: source, policy: 'majority' }));
    expect(error.kind).toBe('failure');
    expect(executor.calls.length).toBeGreaterThan(0);
    expect(executor.calls[0]?.args.slice(0, 2)).toEqual(['channel', 'fetch']);
  });
});
