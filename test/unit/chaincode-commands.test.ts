import {
  approveSpec,
  checkCommitReadinessSpec,
  commitSpec,
  installV1PackageSpec,
  instantiateSpec,
  invokeSpec,
  parseChaincodeListV1,
  parseCommitReadiness,
  parseInvokeOutput,
  parseQueryAllCommitted,
  parseQueryCommitted,
  queryAllCommittedSpec,
  parseQueryInstalled,
  querySpec,
} from '../../src/fabric-cli/chaincode-commands';
import type { CliTarget } from '../../src/fabric-cli/channel-commands';
import { parsePolicy } from '../../src/policy/parse';
import { ctorArgs, parseCtor } from '../../src/workflows/chaincode/ctor';
import { assertEndorsersSatisfy, endorsingMembersFor } from '../../src/workflows/chaincode/endorsers';
import { lifecycleOfChannel } from '../../src/workflows/chaincode/deploy';
import { nextSequence } from '../../src/workflows/chaincode/v2';
import { thrown } from '../helpers/thrown';

const A = 'm-AAAAAAAAAAAAAAAAAAAAAAAAAA';
const B = 'm-BBBBBBBBBBBBBBBBBBBBBBBBBB';
const C = 'm-CCCCCCCCCCCCCCCCCCCCCCCCCC';
const t: CliTarget = {
  identity: { mspId: A, mspDir: '/opt/home/admin-msp', tlsChainFile: '/opt/home/chain.pem' },
  orderer: 'orderer.example:30001',
  ordererTlsCa: '/opt/home/chain.pem',
  peer: 'peer-a.example:30003',
};
const ord = ['-o', 'orderer.example:30001', '--tls', '--cafile', '/opt/home/chain.pem'];
const ref = { channelId: 'mychannel', name: 'mycc' };
const peers = [
  { address: 'peer-a.example:30003', tlsRootCert: '/opt/home/chain.pem' },
  { address: 'peer-b.example:30003', tlsRootCert: '/opt/home/members/b/tls-root.pem' },
];
const peerFlags = [
  '--peerAddresses',
  'peer-a.example:30003',
  '--tlsRootCertFiles',
  '/opt/home/chain.pem',
  '--peerAddresses',
  'peer-b.example:30003',
  '--tlsRootCertFiles',
  '/opt/home/members/b/tls-root.pem',
];

describe('chaincode command builders (tutorial step 7, as data)', () => {
  it('1.x: install and instantiate/upgrade with -c and -P', () => {
    expect(installV1PackageSpec(t, '/opt/home/channel-artifacts/ch/mycc_v0.cds').args).toEqual([
      'chaincode',
      'install',
      '/opt/home/channel-artifacts/ch/mycc_v0.cds',
    ]);
    expect(instantiateSpec(t, ref, 'v0', '{"Args":["init"]}', `AND('${A}.member','${B}.member')`).args).toEqual([
      'chaincode',
      'instantiate',
      ...ord,
      '-C',
      'mychannel',
      '-n',
      'mycc',
      '-v',
      'v0',
      '-c',
      '{"Args":["init"]}',
      '-P',
      `AND('${A}.member','${B}.member')`,
    ]);
    expect(instantiateSpec(t, ref, 'v1', '{"Args":[]}', undefined, true).args.slice(0, 2)).toEqual([
      'chaincode',
      'upgrade',
    ]);
  });

  it('2.x: approve, checkcommitreadiness and commit carry the same definition; commit names every endorsing peer', () => {
    const d = { ...ref, version: '1', sequence: 2, initRequired: true, policy: `OR('${A}.member')` };
    const def = [
      '-C',
      'mychannel',
      '-n',
      'mycc',
      '-v',
      '1',
      '--sequence',
      '2',
      '--init-required',
      '--signature-policy',
      `OR('${A}.member')`,
    ];
    expect(approveSpec(t, d, 'mycc_1:abc').args).toEqual([
      'lifecycle',
      'chaincode',
      'approveformyorg',
      ...ord,
      ...def,
      '--package-id',
      'mycc_1:abc',
      '--waitForEvent',
    ]);
    expect(checkCommitReadinessSpec(t, d).args).toEqual([
      'lifecycle',
      'chaincode',
      'checkcommitreadiness',
      ...def,
      '--output',
      'json',
    ]);
    expect(commitSpec(t, d, peers).args).toEqual([
      'lifecycle',
      'chaincode',
      'commit',
      ...ord,
      ...def,
      ...peerFlags,
      '--waitForEvent',
    ]);
    expect(commitSpec(t, d, peers).env.FABRIC_LOGGING_SPEC).toBe('info');
  });

  it('query and invoke: the -c JSON as given, --isInit only when asked', () => {
    expect(querySpec(t, ref, '{"Args":["query","a"]}').args).toEqual([
      'chaincode',
      'query',
      '-C',
      'mychannel',
      '-n',
      'mycc',
      '-c',
      '{"Args":["query","a"]}',
    ]);
    expect(invokeSpec(t, ref, '{"Args":["invoke","a","b","10"]}', peers).args).toEqual([
      'chaincode',
      'invoke',
      ...ord,
      '-C',
      'mychannel',
      '-n',
      'mycc',
      '-c',
      '{"Args":["invoke","a","b","10"]}',
      ...peerFlags,
      '--waitForEvent',
    ]);
    expect(invokeSpec(t, ref, '{"Args":["init"]}', peers, true).args).toContain('--isInit');
  });
});

describe('parsing peer output', () => {
  it('reads 1.x lists, queryinstalled, querycommitted and checkcommitreadiness', () => {
    expect(
      parseChaincodeListV1(
        'Get installed chaincodes on peer:\nName: mycc, Version: v0, Path: /x, Id: 1a2b\nName: b, Version: 2, Path: /y, Id: 3c\n',
      ),
    ).toEqual([
      { name: 'mycc', version: 'v0' },
      { name: 'b', version: '2' },
    ]);
    expect(parseQueryInstalled('{"installed_chaincodes":[{"package_id":"mycc_1:ab","label":"mycc_1"}]}')).toEqual([
      { packageId: 'mycc_1:ab', label: 'mycc_1' },
    ]);
    expect(parseQueryInstalled('')).toEqual([]);
    expect(parseQueryCommitted('{"sequence":3,"version":"2","init_required":true,"approvals":{"m-A":true}}')).toEqual({
      sequence: 3,
      version: '2',
      initRequired: true,
      approvals: { 'm-A': true },
    });
    expect(parseCommitReadiness('{"approvals":{"m-A":true,"m-B":false}}')).toEqual({ 'm-A': true, 'm-B': false });
  });

  it('lists every committed chaincode as the peer CLI does without -n', () => {
    expect(queryAllCommittedSpec(t, 'mychannel').args).toEqual([
      'lifecycle',
      'chaincode',
      'querycommitted',
      '-C',
      'mychannel',
      '--output',
      'json',
    ]);
    expect(
      parseQueryAllCommitted(
        '{\n\t"chaincode_definitions": [\n\t\t{"name":"mycc","sequence":2,"version":"v1","init_required":true},\n\t\t{"name":"basic","sequence":1,"version":"1.0"}\n\t]\n}\n',
      ),
    ).toEqual([
      { name: 'mycc', sequence: 2, version: 'v1', initRequired: true },
      { name: 'basic', sequence: 1, version: '1.0', initRequired: false },
    ]);
    expect(parseQueryAllCommitted('{}\n')).toEqual([]);
    expect(parseQueryAllCommitted('')).toEqual([]);
  });

  it('reads the transaction ID, validation code and payload of an invoke', () => {
    const ok =
      '\u001b[34m2026 INFO\u001b[0m [chaincodeCmd] ClientWait -> txid [ab12] committed with status (VALID) at p:1\n2026 INFO [chaincodeCmd] chaincodeInvokeOrQuery -> Chaincode invoke successful. result: status:200 payload:"say \\"hi\\""';
    expect(parseInvokeOutput(ok)).toEqual({
      txId: 'ab12',
      validationCode: 'VALID',
      payload: 'say "hi"',
      endorsementStatus: 200,
    });
    const bad =
      'INFO ClientWait -> txid [cd34] committed with status (ENDORSEMENT_POLICY_FAILURE) at p:1\nError: transaction invalidated with status (ENDORSEMENT_POLICY_FAILURE)';
    expect(parseInvokeOutput(bad)).toMatchObject({ txId: 'cd34', validationCode: 'ENDORSEMENT_POLICY_FAILURE' });
    expect(parseInvokeOutput('Error: endorsement failure during invoke.')).toEqual({
      txId: undefined,
      validationCode: undefined,
      payload: undefined,
      endorsementStatus: undefined,
    });
  });
});

describe('chaincode planning (pure)', () => {
  it("parseCtor takes the peer CLI's -c JSON and refuses anything else with its own code", () => {
    expect(parseCtor('{ "Args": ["init", "a", "100"] }')).toBe('{"Args":["init","a","100"]}');
    expect(ctorArgs('{"function":"invoke","Args":["a","b","10"]}')).toEqual(['invoke', 'a', 'b', '10']);
    expect(thrown(() => parseCtor('{"Args":[init]}'))).toMatchObject({ code: 'CTOR_NOT_JSON', kind: 'usage' });
    expect(thrown(() => parseCtor('{"Args":["a",10]}'))).toMatchObject({ code: 'CTOR_INVALID' });
    expect(thrown(() => parseCtor('["query","a"]'))).toMatchObject({ code: 'CTOR_INVALID' });
  });

  it('picks the smallest set of endorsing members, this member first', () => {
    expect(endorsingMembersFor(undefined, A)).toEqual([A]);
    expect(endorsingMembersFor(parsePolicy(`AND('${A}.member','${B}.member')`), A)).toEqual([A, B]);
    expect(endorsingMembersFor(parsePolicy(`OR('${A}.member','${B}.member')`), A)).toEqual([A]);
    expect(endorsingMembersFor(parsePolicy(`OutOf(2,'${A}.member','${B}.member','${C}.member')`), C)).toEqual([C, A]);
    expect(endorsingMembersFor(parsePolicy(`AND('${B}.member','${C}.member')`), A)).toEqual([B, C]);
  });

  it('refuses endorsers that cannot satisfy the policy, naming the missing member', () => {
    const policy = `AND('${A}.member','${B}.member')`;
    expect(() => assertEndorsersSatisfy(parsePolicy(policy), [A, B], policy)).not.toThrow();
    const e = thrown(() => assertEndorsersSatisfy(parsePolicy(policy), [A], policy));
    expect(e).toMatchObject({ code: 'POLICY_NOT_SATISFIED', kind: 'usage', details: { missing: [B] } });
    expect(e.message).toContain(`missing endorsement from ${B}`);
  });

  it('derives the 2.x sequence and the lifecycle from the channel', () => {
    expect(nextSequence(undefined, '1')).toEqual({ sequence: 1, committed: false });
    expect(nextSequence({ sequence: 1, version: '1', initRequired: false, approvals: {} }, '1')).toEqual({
      sequence: 1,
      committed: true,
    });
    expect(nextSequence({ sequence: 1, version: '1', initRequired: false, approvals: {} }, '2')).toEqual({
      sequence: 2,
      committed: false,
    });
    const channel = (caps: string[]) => ({
      channelId: 'c',
      members: [A],
      applicationCapabilities: caps,
      anchorPeers: {},
      config: {},
    });
    expect(lifecycleOfChannel(channel(['V2_0']), undefined)).toBe('2.x');
    expect(lifecycleOfChannel(channel(['V1_4_2']), undefined)).toBe('1.x');
    expect(lifecycleOfChannel(channel(['V2_0']), '1.x')).toBe('1.x');
    expect(thrown(() => lifecycleOfChannel(channel(['V1_4_2']), '2.x'))).toMatchObject({
      code: 'LIFECYCLE_NOT_ENABLED',
      kind: 'usage',
    });
  });
});
