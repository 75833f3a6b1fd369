/** The chaincode definitions an archived transaction commits, read from its public writes (2.x `_lifecycle`, 1.x `lscc`). */
import { chaincodeDefinitionsOf, signaturePolicyText } from '../../src/fabric-cli/chaincode-definitions';
import { wireBytes, wireVarint } from '../../src/fabric-cli/proto-wire';

const cat = (...parts: Buffer[]): Buffer => Buffer.concat(parts);
const str = (field: number, s: string): Buffer => wireBytes(field, Buffer.from(s));
/** A oneof varint is written even when zero, as Go's marshaller does. */
const oneofVarint = (field: number, v: number): Buffer => Buffer.from([field << 3, v]);

const role = (mspId: string, r: number): Buffer =>
  wireBytes(3, wireBytes(2, cat(str(1, mspId), wireVarint(2, BigInt(r)))));
const signedBy = (i: number): Buffer => oneofVarint(1, i);
const nOutOf = (n: number, ...rules: Buffer[]): Buffer =>
  wireBytes(2, cat(wireVarint(1, BigInt(n)), ...rules.map((r) => wireBytes(2, r))));

/** AND('Org1MSP.member','Org2MSP.peer') as a common.SignaturePolicyEnvelope. */
const envelope = cat(wireBytes(2, nOutOf(2, signedBy(0), signedBy(1))), role('Org1MSP', 0), role('Org2MSP', 3));

/** An endorser transaction (peer.Transaction) whose one action writes `writes` in namespace `ns`. */
function txWriting(ns: string, writes: [string, Buffer][]): Buffer {
  const kvrwset = cat(...writes.map(([k, v]) => wireBytes(3, cat(str(1, k), wireBytes(3, v)))));
  const txRwSet = wireBytes(2, cat(str(1, ns), wireBytes(2, kvrwset)));
  const chaincodeAction = wireBytes(1, txRwSet);
  const prp = cat(wireBytes(1, Buffer.alloc(32, 7)), wireBytes(2, chaincodeAction));
  const endorsedAction = wireBytes(1, prp);
  const actionPayload = cat(wireBytes(1, Buffer.from('proposal')), wireBytes(2, endorsedAction));
  return wireBytes(1, cat(wireBytes(1, Buffer.from('header')), wireBytes(2, actionPayload)));
}

describe('signature policy envelopes as text', () => {
  it('AND over an n-of-n gate, roles by their number (0 member, 3 peer)', () => {
    expect(signaturePolicyText(envelope)).toBe("AND('Org1MSP.member','Org2MSP.peer')");
  });

  it('OR for 1-of-n, OutOf otherwise', () => {
    const or = cat(wireBytes(2, nOutOf(1, signedBy(0), signedBy(1))), role('A', 0), role('B', 1));
    expect(signaturePolicyText(or)).toBe("OR('A.member','B.admin')");
    const two = cat(
      wireBytes(2, nOutOf(2, signedBy(0), signedBy(1), signedBy(2))),
      role('A', 0),
      role('B', 0),
      role('C', 0),
    );
    expect(signaturePolicyText(two)).toBe("OutOf(2,'A.member','B.member','C.member')");
  });

  it('a rule naming a principal that is not there is no policy text', () => {
    expect(signaturePolicyText(cat(wireBytes(2, signedBy(4)), role('A', 0)))).toBeUndefined();
  });
});

describe('chaincode definitions committed by a transaction', () => {
  it('2.x: the _lifecycle fields of a commit (sequence, version, init required, policy)', () => {
    const stateInt = (n: number): Buffer => wireVarint(1, BigInt(n));
    const stateBytes = (b: Buffer): Buffer => wireBytes(2, b);
    const tx = txWriting('_lifecycle', [
      ['namespaces/metadata/mycc', cat(str(1, 'ChaincodeDefinition'))],
      ['namespaces/fields/mycc/Sequence', stateInt(3)],
      ['namespaces/fields/mycc/EndorsementInfo', stateBytes(cat(str(1, 'v2'), wireVarint(2, 1n), str(3, 'escc')))],
      ['namespaces/fields/mycc/ValidationInfo', stateBytes(cat(str(1, 'vscc'), wireBytes(2, wireBytes(1, envelope))))],
      ['namespaces/fields/mycc/Collections', stateBytes(Buffer.alloc(0))],
    ]);
    expect(chaincodeDefinitionsOf(tx)).toEqual([
      {
        name: 'mycc',
        lifecycle: '2.x',
        version: 'v2',
        sequence: 3,
        initRequired: true,
        policy: "AND('Org1MSP.member','Org2MSP.peer')",
      },
    ]);
  });

  it('2.x: a policy given as a channel config reference', () => {
    const tx = txWriting('_lifecycle', [
      ['namespaces/fields/cc/Sequence', wireVarint(1, 1n)],
      ['namespaces/fields/cc/EndorsementInfo', wireBytes(2, str(1, '1.0'))],
      ['namespaces/fields/cc/ValidationInfo', wireBytes(2, wireBytes(2, str(2, '/Channel/Application/Endorsement')))],
    ]);
    expect(chaincodeDefinitionsOf(tx)).toEqual([
      {
        name: 'cc',
        lifecycle: '2.x',
        version: '1.0',
        sequence: 1,
        initRequired: false,
        policy: 'channel config policy /Channel/Application/Endorsement',
      },
    ]);
  });

  it('1.x: the lscc ChaincodeData of an instantiate; collection keys are not definitions', () => {
    const data = cat(str(1, 'mycc'), str(2, 'v0'), str(3, 'escc'), str(4, 'vscc'), wireBytes(5, envelope));
    const tx = txWriting('lscc', [
      ['mycc', data],
      ['mycc~collection', Buffer.from('x')],
    ]);
    expect(chaincodeDefinitionsOf(tx)).toEqual([
      { name: 'mycc', lifecycle: '1.x', version: 'v0', policy: "AND('Org1MSP.member','Org2MSP.peer')" },
    ]);
  });

  it('ordinary chaincode writes and undecodable bytes are no definitions', () => {
    expect(chaincodeDefinitionsOf(txWriting('mycc', [['a', Buffer.from('90')]]))).toEqual([]);
    expect(chaincodeDefinitionsOf(Buffer.from([0x0a, 0xff]))).toEqual([]);
  });
});
