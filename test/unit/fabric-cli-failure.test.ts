import { refusedAsNotAdmin } from '../../src/workflows/channel/fresh-admin';
import { channelFetchSpec, channelListSpec, channelUpdateSpec } from '../../src/fabric-cli/channel-commands';
import type { CliTarget } from '../../src/fabric-cli/channel-commands';
import { classifyFailure, cliFailure, errorLine, mustRun, runRetryingUnavailable } from '../../src/fabric-cli/failure';
import type { CommandSpec, Executor, RunResult } from '../../src/runtime/command-spec';
import { rejected } from '../helpers/thrown';

const target: CliTarget = {
  identity: { mspId: 'm-AAAAAAAAAAAAAAAAAAAAAAAAAA', mspDir: '/h/admin-msp', tlsChainFile: '/h/chain.pem' },
  orderer: 'orderer.example.com:30001',
  ordererTlsCa: '/h/chain.pem',
  peer: 'nd-x.example.com:30003',
};

/** What the peer CLI prints when the orderer answers SERVICE_UNAVAILABLE (Fabric 2.5's broadcast and deliver clients). */
const CREATE_UNAVAILABLE = 'Error: got unexpected status: SERVICE_UNAVAILABLE -- no Raft leader';
const FETCH_UNAVAILABLE = "Error: can't read the block: &{SERVICE_UNAVAILABLE}";

describe('classifyFailure: what went wrong, from a Fabric CLI stderr', () => {
  it.each([
    ["Error: can't read the block: &{NOT_FOUND}", 'not-found'],
    ['Error: received bad response, status 500: Invalid chain ID, nochan', 'not-found'],
    [
      'Error: proposal failed (err: bad proposal response 500: cannot create ledger from genesis block: ledger [mychannel] already exists with state [ACTIVE])',
      'exists',
    ],
    [
      'Error: got unexpected status: FORBIDDEN -- implicit policy evaluation failed - 0 sub-policies were satisfied',
      'forbidden',
    ],
    [
      'Error: error getting endorser client for channel: endorser client failed to connect to 127.0.0.1:1: failed to create new connection: connection refused',
      'unreachable',
    ],
    ['Error: rpc error: code = Unavailable desc = connection error', 'unreachable'],
    [CREATE_UNAVAILABLE, 'service-unavailable'],
    [FETCH_UNAVAILABLE, 'service-unavailable'],
    ['Error: timeout expired while creating channel', 'timeout'],
    ['Error: something unexpected', 'other'],
  ])('classifies %j as %s', (stderr, expected) => {
    expect(classifyFailure(stderr)).toBe(expected);
  });
});

describe('cliFailure: one error per kind of Fabric failure', () => {
  const spec = channelListSpec(target);
  const result = (stderr: string) => ({ exitCode: 1, stdout: '', stderr, durationMs: 5 });
  it.each([
    [
      'Error: error getting endorser client for channel: endorser client failed to connect to p:1: connection refused',
      'FABRIC_UNREACHABLE',
      /Nothing answered at nd-x/,
    ],
    [
      'Error: got unexpected status: FORBIDDEN -- implicit policy evaluation failed',
      'FABRIC_FORBIDDEN',
      /fabkit doctor/,
    ],
    ['Error: timeout expired while creating channel', 'FABRIC_TIMEOUT', /--timeout/],
    [
      CREATE_UNAVAILABLE,
      'FABRIC_SERVICE_UNAVAILABLE',
      /ordering service is up but not ready yet.*run the command again/,
    ],
    ['Error: something else', 'FABRIC_CLI_FAILED', /--verbose/],
  ])('%s → %s', (stderr, code, hint) => {
    const e = cliFailure('Listing channels', spec, result(`\u001b[34mINFO\u001b[0m noise\n${stderr}`));
    expect(e.code).toBe(code);
    expect(e.hint).toMatch(hint);
    expect(e.message).toBe(`Listing channels failed: peer channel list exited with 1 (${stderr})`);
    expect(e.details).toMatchObject({ command: 'peer channel list', exitCode: 1 });
  });

  it('keeps a hint the caller gives', () => {
    expect(cliFailure('x', spec, result('Error: nope'), 'do this').hint).toBe('do this');
  });

  it('says SERVICE_UNAVAILABLE is transient, not an endpoint or TLS problem, whatever hint the caller had for other failures', () => {
    const e = cliFailure('Fetching', spec, result(FETCH_UNAVAILABLE), 'Check the endpoints and the TLS chain.');
    expect(e.code).toBe('FABRIC_SERVICE_UNAVAILABLE');
    expect(e.hint).not.toMatch(/endpoint|TLS/);
    expect(e.hint).toMatch(/not ready/);
  });
});

/**
 * TEST DOUBLE of an Executor: answers each run with the next scripted result (the orderer's
 * SERVICE_UNAVAILABLE, then success), and records the runs. No Fabric tool runs.
 */
class ScriptedExecutorDouble implements Executor {
  readonly kind = 'local' as const;
  readonly runs: { spec: CommandSpec; at: number }[] = [];
  constructor(private readonly script: (RunResult | Error)[]) {}

  async run(spec: CommandSpec): Promise<RunResult> {
    this.runs.push({ spec, at: Date.now() });
    const next = this.script.shift();
    if (next === undefined) throw new Error('the script is over');
    if (next instanceof Error) throw next;
    return next;
  }

  async version(): Promise<string | undefined> {
    return undefined;
  }
}

const unavailable = (stderr = FETCH_UNAVAILABLE): RunResult => ({ exitCode: 1, stdout: '', stderr, durationMs: 1 });
const ok: RunResult = { exitCode: 0, stdout: 'done', stderr: '', durationMs: 1 };

describe('SERVICE_UNAVAILABLE from the orderer is retried within the bound, then reported as what it is', () => {
  const fetch = channelFetchSpec(target, 'mychannel', 'config', '/h/config.block');

  it('runs the call again, backing off, until the orderer serves it', async () => {
    const executor = new ScriptedExecutorDouble([unavailable(), unavailable(), ok]);
    const progress: string[] = [];
    const result = await runRetryingUnavailable(executor, fetch, {
      boundMs: 10_000,
      onProgress: (line) => progress.push(line),
    });
    expect(result).toBe(ok);
    expect(executor.runs.map((r) => r.spec)).toEqual([fetch, fetch, fetch]);
    const [first, second, third] = executor.runs.map((r) => r.at);
    expect(third! - second!).toBeGreaterThan(second! - first!);
    expect(progress).toHaveLength(2);
    expect(progress[0]).toMatch(/not ready \(SERVICE_UNAVAILABLE\); retrying peer channel fetch/);
  });

  it('mustRun with retryUnavailableMs succeeds after two SERVICE_UNAVAILABLE answers', async () => {
    const update = channelUpdateSpec(target, 'mychannel', '/h/envelope.pb');
    const executor = new ScriptedExecutorDouble([unavailable(CREATE_UNAVAILABLE), unavailable(CREATE_UNAVAILABLE), ok]);
    await expect(mustRun(executor, update, 'Updating channel mychannel', { retryUnavailableMs: 10_000 })).resolves.toBe(
      ok,
    );
    expect(executor.runs).toHaveLength(3);
  });

  it('after the bound, fails as FABRIC_SERVICE_UNAVAILABLE (not FABRIC_UNREACHABLE)', async () => {
    const executor = new ScriptedExecutorDouble(Array.from({ length: 50 }, () => unavailable()));
    const error = await rejected(mustRun(executor, fetch, 'Fetching the config block', { retryUnavailableMs: 1200 }));
    expect(error.code).toBe('FABRIC_SERVICE_UNAVAILABLE');
    expect(executor.runs.length).toBeGreaterThan(1);
    expect(executor.runs.length).toBeLessThan(6);
  });

  it('does not retry other failures, nor without retryUnavailableMs', async () => {
    const refused = unavailable('Error: got unexpected status: FORBIDDEN -- implicit policy evaluation failed');
    const once = new ScriptedExecutorDouble([refused, ok]);
    expect((await rejected(mustRun(once, fetch, 'x', { retryUnavailableMs: 10_000 }))).code).toBe('FABRIC_FORBIDDEN');
    expect(once.runs).toHaveLength(1);
    const plain = new ScriptedExecutorDouble([unavailable(), ok]);
    expect((await rejected(mustRun(plain, fetch, 'x'))).code).toBe('FABRIC_SERVICE_UNAVAILABLE');
    expect(plain.runs).toHaveLength(1);
  });

  it('does not retry an executor that throws (a missing tool, a stopped container)', async () => {
    const executor = new ScriptedExecutorDouble([unavailable(), new Error('TOOL_NOT_FOUND'), ok]);
    await expect(runRetryingUnavailable(executor, fetch, { boundMs: 10_000 })).rejects.toThrow('TOOL_NOT_FOUND');
    expect(executor.runs).toHaveLength(2);
  });
});

describe('cliFailure names the Error: line, not the usage text the peer CLI prints after it', () => {
  it('quotes the Error: line when usage follows it', () => {
    const stderr = [
      '2026-12-01 05:50:00.000 UTC 0001 INFO [chaincodeCmd] ...',
      'Error: failed to retrieve endorser client for commit: tls: failed to verify certificate',
      'Usage:',
      '  peer lifecycle chaincode commit [flags]',
      'Global Flags:',
      '      --tlsHandshakeTimeShift duration      The amount of time to shift backwards',
    ].join('\n');
    expect(errorLine(stderr)).toBe(
      'Error: failed to retrieve endorser client for commit: tls: failed to verify certificate',
    );
    const spec: CommandSpec = { tool: 'peer', args: ['lifecycle', 'chaincode'], env: {} };
    const result = { exitCode: 1, stdout: '', stderr } as RunResult;
    const error = cliFailure('Committing mycc', spec, result);
    expect(error.message).toContain('(Error: failed to retrieve endorser client for commit');
    expect(error.message).not.toContain('tlsHandshakeTimeShift');
  });

  it('falls back to the last line when there is no Error: line', () => {
    expect(errorLine('something odd\nlast words')).toBeUndefined();
  });
});

describe('refusedAsNotAdmin (a channel create signed by an admin the orderer does not know yet)', () => {
  it("matches the orderer's implicit-policy refusal and nothing else", () => {
    expect(
      refusedAsNotAdmin(
        "Error: got unexpected status: BAD_REQUEST -- error validating channel creation transaction for new channel 'c', could not successfully apply update to template configuration: error authorizing update: error validating DeltaSet: policy for [Group]  /Channel/Application not satisfied: implicit policy evaluation failed - 0 sub-policies were satisfied, but this policy requires 1 of the 'Admins' sub-policies to be satisfied",
      ),
    ).toBe(true);
    expect(refusedAsNotAdmin('Error: got unexpected status: SERVICE_UNAVAILABLE -- no Raft leader')).toBe(false);
  });
});
