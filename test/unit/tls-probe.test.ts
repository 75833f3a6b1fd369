// The TLS probe the docker runtime's doctor runs inside the cli container: its command line, and what osnadmin's answers mean.
import { interpretTlsProbe, tlsProbeSpec } from '../../src/fabric-cli/tls-probe';

describe('tlsProbeSpec', () => {
  it('is osnadmin channel list against the endpoint, with the chain and a client pair, and no env', () => {
    expect(
      tlsProbeSpec('127.0.0.1:7050', {
        caFile: '/opt/home/chain.pem',
        clientCert: '/opt/home/c.pem',
        clientKey: '/opt/home/k.pem',
      }),
    ).toEqual({
      tool: 'osnadmin',
      args: [
        'channel',
        'list',
        '-o',
        '127.0.0.1:7050',
        '--ca-file',
        '/opt/home/chain.pem',
        '--client-cert',
        '/opt/home/c.pem',
        '--client-key',
        '/opt/home/k.pem',
      ],
      env: {},
    });
  });
});

describe('interpretTlsProbe (answers of osnadmin 2.5.9, as met on the devnet and in the container)', () => {
  it.each([
    [
      'a gRPC port: the handshake completed, then HTTP/2 answered HTTP/1.1',
      1,
      'Error: Get "https://127.0.0.1:27680/participation/v1/channels": net/http: HTTP/1.x transport connection broken: malformed HTTP response "\\x00\\x00\\x06\\x04\\x00\\x00\\x00\\x00\\x00\\x00\\x05\\x00\\x00@\\x00"',
      'verified',
    ],
    [
      'nothing listens (or the container is on another network)',
      1,
      'Error: Get "https://127.0.0.1:27699/participation/v1/channels": dial tcp 127.0.0.1:27699: connect: connection refused',
      'unreachable',
    ],
    [
      'a name the container cannot resolve',
      1,
      'Error: Get "https://nd-x.m-y.n-z.managedblockchain.us-east-1.amazonaws.com:30003/participation/v1/channels": dial tcp: lookup nd-x.m-y.n-z.managedblockchain.us-east-1.amazonaws.com: no such host',
      'unreachable',
    ],
    [
      'another CA',
      1,
      'Error: Get "https://127.0.0.1:27680/participation/v1/channels": tls: failed to verify certificate: x509: certificate signed by unknown authority',
      'untrusted',
    ],
    [
      'a server that requires (and rejects) client certificates: it verified ours first',
      1,
      'Error: Get "https://10.0.0.1:30001/participation/v1/channels": remote error: tls: bad certificate',
      'verified',
    ],
    [
      'fabric-tools before 2.3 has no osnadmin',
      126,
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "osnadmin": executable file not found in $PATH: unknown',
      'no-tool',
    ],
    [
      'the executor gave up',
      -1,
      'fabkit: osnadmin channel list -o 10.9.9.9:7050 timed out after 15.0s in container cli (Docker cannot kill an exec; it may still be running there)',
      'unreachable',
    ],
    ['an orderer admin endpoint that answers', 0, 'Status: 200\n{"channels":[]}', 'verified'],
  ])('%s → %s', (_what, exitCode, output, outcome) => {
    // osnadmin prints its errors on stdout or stderr depending on the path; both are read.
    expect(interpretTlsProbe(exitCode, output, '').outcome).toBe(outcome);
    expect(interpretTlsProbe(exitCode, '', output)).toEqual({ outcome, detail: output.split('\n').pop() });
  });
});
