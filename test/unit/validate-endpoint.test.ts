import { checkEndpoint, formatEndpoint, parseEndpoint, validateEndpoint } from '../../src/validate/endpoint';
import { thrown } from '../helpers/thrown';

const AMB_PEER =
  'nd-ABCDEFGHIJKLMNOPQRSTUVWXYZ.m-ABCDEFGHIJKLMNOPQRSTUVWXYZ.n-ABCDEFGHIJKLMNOPQRSTUVWXYZ.managedblockchain.us-east-1.amazonaws.com';

describe('parseEndpoint', () => {
  it.each<[string, string, number]>([
    [`${AMB_PEER}:30003`, AMB_PEER, 30003],
    [`grpcs://${AMB_PEER}:30003`, AMB_PEER, 30003],
    [`https://${AMB_PEER}:30002`, AMB_PEER, 30002],
    [`GRPCS://${AMB_PEER}:30001`, AMB_PEER, 30001],
    ['127.0.0.1:7051', '127.0.0.1', 7051],
    ['localhost:7051', 'localhost', 7051],
    ['peer0_org1:7051', 'peer0_org1', 7051],
    ['peer0.org1.example.com:1', 'peer0.org1.example.com', 1],
    ['localhost:65535', 'localhost', 65535],
    ['[::1]:7051', '::1', 7051],
    ['grpcs://[2001:db8::10]:30003', '2001:db8::10', 30003],
  ])('parses %s', (input, host, port) => {
    expect(parseEndpoint(input)).toEqual({ host, port });
    expect(checkEndpoint(input)).toEqual({ ok: true, endpoint: { host, port }, issues: [] });
    expect(validateEndpoint(input)).toEqual([]);
  });

  it.each<[string, string[]]>([
    ['', ['empty']],
    ['localhost', ['port-missing']],
    ['localhost:', ['port-missing']],
    [AMB_PEER, ['port-missing']],
    [':7051', ['host-empty']],
    [':', ['host-empty', 'port-missing']],
    ['localhost:abc', ['port']],
    ['localhost:70a1', ['port']],
    ['localhost:-1', ['port']],
    ['localhost:0', ['port-range']],
    ['localhost:65536', ['port-range']],
    ['localhost:99999999', ['port-range']],
    ['local host:7051', ['whitespace']],
    [' localhost:7051', ['whitespace']],
    ['localhost:7051\n', ['whitespace']],
    ['localhost:7051/', ['path']],
    ['grpcs://localhost:7051/channels/x', ['path']],
    ['localhost/x', ['path', 'port-missing']],
    ['http://localhost:7051', ['scheme']],
    ['grpc://localhost:7051', ['scheme']],
    ['ftp://localhost', ['scheme', 'port-missing']],
    ['::1:7051', ['ipv6-brackets']],
    ['[::1:7051', ['host']],
    ['[::1]7051', ['host']],
    ['[::1]', ['port-missing']],
    ['[nothex]:7051', ['host']],
    ['user@localhost:7051', ['host']],
    ['-bad-.example.com:7051', ['host']],
    ['a..b:7051', ['host']],
    ['256.1.1.1:7051', ['host']],
    ['1.2.3:7051', ['host']],
    [`${'a'.repeat(64)}.com:7051`, ['host']],
  ])('refuses %j (%j)', (input, expected) => {
    const result = checkEndpoint(input);
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => i.rule)).toEqual(expected);
    expect(result.issues.every((i) => i.code === 'INVALID_ENDPOINT' && i.hint.length > 0)).toBe(true);
  });

  it('explains a missing port with an AMB example', () => {
    const error = thrown(() => parseEndpoint(AMB_PEER));
    expect(error.code).toBe('INVALID_ENDPOINT');
    expect(error.kind).toBe('usage');
    expect(error.message).toBe(`Endpoint "${AMB_PEER}" is invalid: it must include a port, as host:port`);
    expect(error.hint).toBe(
      `Append the port, e.g. "${AMB_PEER}:30003" (AMB peer; the orderer uses 30001 and the CA 30002).`,
    );
  });

  it('explains a missing port with a local example', () => {
    expect(thrown(() => parseEndpoint('localhost')).hint).toBe('Append the port, e.g. "localhost:7051".');
  });

  it.each<[string, string]>([
    ['localhost:0', 'Endpoint "localhost:0" is invalid: port 0 is out of range (it must be 1 to 65535)'],
    ['localhost:http', 'Endpoint "localhost:http" is invalid: port "http" is not a number'],
    [':7051', 'Endpoint ":7051" is invalid: the host is empty'],
    ['a b:1', 'Endpoint "a b:1" is invalid: it must not contain spaces or other whitespace'],
    ['localhost:7051/api', 'Endpoint "localhost:7051/api" is invalid: it must not contain a path ("/api")'],
    ['::1:7051', 'Endpoint "::1:7051" is invalid: an IPv6 address must be written in square brackets'],
    ['http://x:1', 'Endpoint "http://x:1" is invalid: scheme "http://" is not supported'],
    [
      'ftp://x',
      'Endpoint "ftp://x" is invalid: scheme "ftp://" is not supported; it must include a port, as host:port',
    ],
  ])('message for %j', (input, message) => {
    expect(thrown(() => parseEndpoint(input)).message).toBe(message);
  });

  it('suggests fixes', () => {
    expect(thrown(() => parseEndpoint('::1:7051')).hint).toBe(
      'Put the address in brackets before the port, e.g. "[::1]:7051".',
    );
    expect(thrown(() => parseEndpoint('localhost:7051/api')).hint).toContain('"localhost:7051"');
    expect(thrown(() => parseEndpoint(' localhost:7051')).hint).toBe('Remove the whitespace: "localhost:7051".');
  });
});

describe('formatEndpoint', () => {
  it.each(['localhost:7051', '127.0.0.1:7051', '[::1]:7051', `${AMB_PEER}:30003`])('round-trips %s', (input) => {
    expect(formatEndpoint(parseEndpoint(input))).toBe(input);
  });
  it('drops an accepted scheme', () => {
    expect(formatEndpoint(parseEndpoint('grpcs://localhost:7051'))).toBe('localhost:7051');
  });
});
