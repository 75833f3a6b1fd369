import { frame, normalizeImage, translatePaths } from '../doubles/docker-engine-api-double';

const MOUNTS = [
  { source: '/var/run', target: '/host/var/run' },
  { source: '/tmp/h/chaincode', target: '/opt/gopath/src/github.com' },
  { source: '/tmp/h', target: '/opt/home' },
  { source: '/cache/config', target: '/etc/hyperledger/fabric' },
];

describe('the Docker Engine API test double: pure helpers', () => {
  it.each([
    ['/opt/home/admin-msp', '/tmp/h/admin-msp'],
    ['/opt/home', '/tmp/h'],
    ['--file=/opt/home/a.pb', '--file=/tmp/h/a.pb'],
    ['unix:///host/var/run/docker.sock', 'unix:///var/run/docker.sock'],
    ['/opt/gopath/src/github.com/cc', '/tmp/h/chaincode/cc'],
    ['/etc/hyperledger/fabric', '/cache/config'],
    ['/opt/homework/x', '/opt/homework/x'],
    ['/x/opt/home/y', '/x/opt/home/y'],
    ['orderer.example.com:30001', 'orderer.example.com:30001'],
    ['/opt/home/a,/opt/home/b', '/tmp/h/a,/tmp/h/b'],
  ])('translates %s → %s', (input, expected) => {
    expect(translatePaths(input, MOUNTS)).toBe(expected);
  });

  it('does not translate an already translated path twice', () => {
    expect(translatePaths('/opt/home', [{ source: '/opt/home/inner', target: '/opt/home' }])).toBe('/opt/home/inner');
  });

  it('frames output the way the engine multiplexes it', () => {
    expect([...frame(2, Buffer.from('hi'))]).toEqual([2, 0, 0, 0, 0, 0, 0, 2, 0x68, 0x69]);
  });

  it('normalizes image references', () => {
    expect(normalizeImage('docker.io/library/busybox')).toBe('busybox:latest');
    expect(normalizeImage('hyperledger/fabric-tools:2.5.9')).toBe('hyperledger/fabric-tools:2.5.9');
    expect(normalizeImage('localhost:5000/tools')).toBe('localhost:5000/tools:latest');
  });
});
