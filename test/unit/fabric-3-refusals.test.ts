/**
 * On a profile whose network.fabricVersion is 3.x, what Fabric 3.0 removed (the system channel,
 * the 1.x chaincode lifecycle) is refused with a usage error before any Fabric tool runs; an
 * Executor that records its calls shows that nothing ran. On 2.x the same calls still reach the
 * network. Also: V2_5 channels use the 2.x lifecycle, and the admin probe on 3.x is a command
 * the 3.x peer CLI still has.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  capabilityOf,
  createChannel,
  deployChaincode,
  installChaincode,
  instantiateChaincode,
  lifecycleOfChannel,
  listInstalled,
  resolveProfile,
} from '../../src/index';
import type { ChannelDeps, CommandSpec, Executor, Profile, RunResult } from '../../src/index';
import type { ProfileFile } from '../../src/config/schema';
import { adminProbeSpec } from '../../src/fabric-cli/admin-probe';
import {
  assertLegacyLifecycleAvailable,
  assertSystemChannelAvailable,
  isFabric3OrLater,
} from '../../src/validate/fabric-removals';
import type { ChannelConfigSummary } from '../../src/workflows/channel/config';
import { rejected, thrown } from '../helpers/thrown';

const A = 'm-AAAAAAAAAAAAAAAAAAAAAAAAAA';
const NET = 'n-NNNNNNNNNNNNNNNNNNNNNNNNNN';

/** Records every invocation; answers `peer lifecycle chaincode queryinstalled` with an empty list, anything else as unreachable. */
class RecordingExecutor implements Executor {
  readonly kind = 'local' as const;
  readonly calls: CommandSpec[] = [];
  async run(spec: CommandSpec): Promise<RunResult> {
    this.calls.push(spec);
    if (spec.args.join(' ').startsWith('lifecycle chaincode queryinstalled'))
      return { exitCode: 0, stdout: '{}', stderr: '', durationMs: 0 };
    return { exitCode: 1, stdout: '', stderr: 'Error: test double: no network here', durationMs: 0 };
  }
  async version(): Promise<string | undefined> {
    return undefined;
  }
}

let home: string;
let executor: RecordingExecutor;
let deps: ChannelDeps;
let source: string;

function profileAt(fabricVersion: string): Profile {
  const file = {
    version: 1,
    target: 'devnet',
    network: { id: NET, fabricVersion, orderingServiceEndpoint: 'localhost:7050' },
    member: { id: A, name: 'org1', caEndpoint: 'localhost:7054', adminUser: 'AdminUser' },
    peers: [{ endpoint: 'localhost:7051' }],
    tls: { chainFile: 'tls-chain.pem' },
    paths: { mspDir: 'admin-msp', membersDir: 'members', artifactsDir: 'channel-artifacts' },
    runtime: { kind: 'local', containerName: 'cli', containerHome: '/opt/home' },
  } as unknown as ProfileFile;
  return resolveProfile(file, home);
}

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-fabric3-'));
  fs.mkdirSync(path.join(home, 'admin-msp', 'signcerts'), { recursive: true });
  fs.writeFileSync(path.join(home, 'admin-msp', 'signcerts', 'cert.pem'), '');
  fs.writeFileSync(path.join(home, 'tls-chain.pem'), '');
  source = path.join(home, 'chaincode', 'cc');
  fs.mkdirSync(source, { recursive: true });
  fs.writeFileSync(path.join(source, 'package.json'), '{}');
  executor = new RecordingExecutor();
  deps = { executor };
});

afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

describe('the pure checks', () => {
  it.each([
    [{ major: 1, minor: 4 }, false],
    [{ major: 2, minor: 5 }, false],
    [{ major: 3, minor: 0 }, true],
    [{ major: 3, minor: 1 }, true],
    [{ major: 4, minor: 0 }, true],
  ])('Fabric %o is 3.x or later: %s', (fabric, expected) => {
    expect(isFabric3OrLater(fabric)).toBe(expected);
    if (expected) {
      expect(thrown(() => assertLegacyLifecycleAvailable(fabric, 'chaincode instantiate'))).toMatchObject({
        code: 'LEGACY_LIFECYCLE_REMOVED',
        kind: 'usage',
      });
      expect(thrown(() => assertSystemChannelAvailable(fabric, 'Creating channel c1'))).toMatchObject({
        code: 'SYSTEM_CHANNEL_REMOVED',
        kind: 'usage',
      });
    } else {
      expect(() => assertLegacyLifecycleAvailable(fabric, 'chaincode instantiate')).not.toThrow();
      expect(() => assertSystemChannelAvailable(fabric, 'Creating channel c1')).not.toThrow();
    }
  });

  it('says what was removed, on which version, and what to do instead', () => {
    const lifecycle = thrown(() => assertLegacyLifecycleAvailable({ major: 3, minor: 1 }, 'chaincode instantiate'));
    expect(lifecycle.message).toBe(
      'chaincode instantiate needs the 1.x chaincode lifecycle (peer chaincode install/instantiate), which Fabric 3.0 removed; this network runs Fabric 3.1',
    );
    expect(lifecycle.hint).toMatch(/--lifecycle 2\.x/);
    const system = thrown(() => assertSystemChannelAvailable({ major: 3, minor: 0 }, 'Creating channel c1'));
    expect(system.message).toMatch(/^Creating channel c1 creates the channel through the ordering system channel/);
    expect(system.message).toMatch(/Fabric 3\.0 removed; this network runs Fabric 3\.0$/);
    expect(system.hint).toMatch(/osnadmin channel join/);
  });

  it('capabilityOf refuses a 1.x-lifecycle channel on Fabric 3.x and keeps V2_0 for 2.x', () => {
    expect(thrown(() => capabilityOf('1.x', { major: 3, minor: 1 }))).toMatchObject({
      code: 'LEGACY_LIFECYCLE_REMOVED',
      kind: 'usage',
    });
    expect(capabilityOf('2.x', { major: 3, minor: 1 })).toBe('V2_0');
    expect(capabilityOf('1.x', { major: 2, minor: 5 })).toBe('V1_4_2');
  });

  const channel = (caps: string[]): ChannelConfigSummary => ({
    channelId: 'c1',
    members: [A],
    applicationCapabilities: caps,
    anchorPeers: {},
    config: {},
  });

  it('lifecycleOfChannel: V2_5 (the Fabric 2.5/3.x default) enables the 2.x lifecycle', () => {
    expect(lifecycleOfChannel(channel(['V2_5']), undefined)).toBe('2.x');
    expect(lifecycleOfChannel(channel(['V2_5']), '2.x', { major: 3, minor: 1 })).toBe('2.x');
  });

  it('lifecycleOfChannel: 1.x, asked for or implied by the channel, is refused on Fabric 3.x only', () => {
    expect(thrown(() => lifecycleOfChannel(channel(['V1_4_2']), undefined, { major: 3, minor: 1 }))).toMatchObject({
      code: 'LEGACY_LIFECYCLE_REMOVED',
    });
    expect(thrown(() => lifecycleOfChannel(channel(['V2_0']), '1.x', { major: 3, minor: 0 }))).toMatchObject({
      code: 'LEGACY_LIFECYCLE_REMOVED',
    });
    expect(lifecycleOfChannel(channel(['V1_4_2']), undefined, { major: 2, minor: 5 })).toBe('1.x');
  });

  it('the admin probe on 3.x is `peer lifecycle chaincode queryinstalled` (3.x has no `peer chaincode list`)', () => {
    const identity = { mspId: A, mspDir: '/h/admin-msp', tlsChainFile: '/h/chain.pem' };
    expect(adminProbeSpec(identity, 'p:1', { major: 3, minor: 1 }).args).toEqual([
      'lifecycle',
      'chaincode',
      'queryinstalled',
    ]);
    expect(adminProbeSpec(identity, 'p:1', { major: 2, minor: 5 }).args).toEqual(['chaincode', 'list', '--installed']);
    expect(adminProbeSpec(identity, 'p:1').args).toEqual(['chaincode', 'list', '--installed']);
  });
});

describe('on a Fabric 3.1 profile, refused before any Fabric call', () => {
  const common = { channelId: 'mychannel', name: 'mycc', version: '1' };
  const cases: [string, string, (p: Profile) => Promise<unknown>][] = [
    ['channel create', 'SYSTEM_CHANNEL_REMOVED', (p) => createChannel(p, deps, { channelId: 'mychannel' })],
    [
      'channel create --lifecycle 1.x',
      'LEGACY_LIFECYCLE_REMOVED',
      (p) => createChannel(p, deps, { channelId: 'mychannel', lifecycle: '1.x' }),
    ],
    [
      'chaincode deploy --lifecycle 1.x',
      'LEGACY_LIFECYCLE_REMOVED',
      (p) => deployChaincode(p, deps, { ...common, path: source, lifecycle: '1.x' }),
    ],
    [
      'chaincode install --lifecycle 1.x',
      'LEGACY_LIFECYCLE_REMOVED',
      (p) => installChaincode(p, deps, { ...common, path: source, lifecycle: '1.x' }),
    ],
    [
      'chaincode instantiate',
      'LEGACY_LIFECYCLE_REMOVED',
      (p) => instantiateChaincode(p, deps, { ...common, upgrade: false }),
    ],
    [
      'chaincode upgrade',
      'LEGACY_LIFECYCLE_REMOVED',
      (p) => instantiateChaincode(p, deps, { ...common, upgrade: true }),
    ],
  ];

  it.each(cases)('%s → %s', async (_name, code, run) => {
    const error = await rejected(run(profileAt('3.1.5')));
    expect(error.code).toBe(code);
    expect(error.kind).toBe('usage');
    expect(executor.calls).toEqual([]);
  });

  it.each(cases)('on Fabric 2.5.9, %s is not refused by version (it reaches the network)', async (_name, code, run) => {
    const error = await rejected(run(profileAt('2.5.9')));
    expect(error.code).not.toBe(code);
    expect(executor.calls.length).toBeGreaterThan(0);
  });
});

describe('listInstalled', () => {
  it('on Fabric 3.x asks only the 2.x lifecycle (no `peer chaincode list --installed`)', async () => {
    expect(await listInstalled(profileAt('3.1'), deps)).toEqual([]);
    expect(executor.calls.map((c) => c.args.slice(0, 3).join(' '))).toEqual(['lifecycle chaincode queryinstalled']);
  });

  it('on Fabric 2.x still lists the 1.x lifecycle first', async () => {
    await rejected(listInstalled(profileAt('2.5.9'), deps));
    expect(executor.calls.map((c) => c.args.slice(0, 3).join(' '))).toEqual(['chaincode list --installed']);
  });
});
