import { channelListSpec } from '../../src/fabric-cli/channel-commands';
import type { CliTarget } from '../../src/fabric-cli/channel-commands';
import { classifyFailure, cliFailure } from '../../src/fabric-cli/failure';

const target: CliTarget = {
  identity: { mspId: 'm-AAAAAAAAAAAAAAAAAAAAAAAAAA', mspDir: '/h/admin-msp', tlsChainFile: '/h/chain.pem' },
  orderer: 'orderer.example.com:30001',
  ordererTlsCa: '/h/chain.pem',
  peer: 'nd-x.example.com:30003',
};

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
});
