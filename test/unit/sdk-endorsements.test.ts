import { parsePolicy } from '../../src/policy/parse';
import {
  assertAllEndorsed,
  assertEndorsementsAgree,
  assertPolicySatisfied,
  classifyEndorsements,
  mspIdOfSerializedIdentity,
} from '../../src/sdk/endorsements';
import type { RawEndorsementResponse } from '../../src/sdk/endorsements';

const A = 'm-AAAAAAAAAAAAAAAAAAAAAAAAAA';
const B = 'm-BBBBBBBBBBBBBBBBBBBBBBBBBB';
const ctx = { channelId: 'mychannel', chaincode: 'mycc' };
const targets = [
  { memberId: A, peer: 'peer-a:7051' },
  { memberId: B, peer: 'peer-b:7051' },
];

/** protobuf msp.SerializedIdentity{mspid, id_bytes}. */
function serializedIdentity(mspid: string, idBytes = 'CERT'): Buffer {
  const field = (n: number, value: Buffer): Buffer => Buffer.concat([Buffer.from([(n << 3) | 2, value.length]), value]);
  return Buffer.concat([field(1, Buffer.from(mspid)), field(2, Buffer.from(idBytes))]);
}

function ok(peer: string, mspid: string, payload = 'P'): RawEndorsementResponse {
  return {
    connection: { name: peer },
    response: { status: 200, message: '', payload: Buffer.from('90') },
    payload: Buffer.from(payload),
    endorsement: { endorser: serializedIdentity(mspid), signature: Buffer.from('S') },
  };
}

describe('mspIdOfSerializedIdentity', () => {
  it('reads field 1, skipping fields before it', () => {
    expect(mspIdOfSerializedIdentity(serializedIdentity(A))).toBe(A);
    expect(mspIdOfSerializedIdentity(Buffer.concat([Buffer.from([0x10, 0x05]), serializedIdentity(B)]))).toBe(B);
  });

  it('undefined for bytes without a complete field 1', () => {
    expect(mspIdOfSerializedIdentity(Buffer.alloc(0))).toBeUndefined();
    expect(mspIdOfSerializedIdentity(Buffer.from([0x0a, 0x20, 0x41]))).toBeUndefined();
  });
});

describe('classifyEndorsements', () => {
  it('matches responses and errors to targets by peer name, in target order', () => {
    const out = classifyEndorsements(targets, {
      responses: [ok('peer-a:7051', A)],
      errors: [Object.assign(new Error('REQUEST TIMEOUT'), { connection: { name: 'peer-b:7051' } })],
    });
    expect(
      out.map(({ memberId, peer, status, message, endorsed, endorserMspId }) => ({
        memberId,
        peer,
        status,
        message,
        endorsed,
        endorserMspId,
      })),
    ).toEqual([
      { memberId: A, peer: 'peer-a:7051', status: 200, message: '', endorsed: true, endorserMspId: A },
      {
        memberId: B,
        peer: 'peer-b:7051',
        status: 0,
        message: 'REQUEST TIMEOUT',
        endorsed: false,
        endorserMspId: undefined,
      },
    ]);
  });

  it('a status 500 response is not an endorsement; a target without any answer is reported', () => {
    const out = classifyEndorsements(targets, {
      responses: [{ peer: 'peer-a:7051', response: { status: 500, message: 'Entity not found: x' } }],
      errors: [],
    });
    expect(out.map((o) => [o.status, o.message, o.endorsed])).toEqual([
      [500, 'Entity not found: x', false],
      [0, 'no response from the peer', false],
    ]);
  });
});

describe('checks before submitting', () => {
  it("ENDORSEMENT_FAILED names the member, the peer and the peer's message", () => {
    const out = classifyEndorsements(targets, {
      responses: [
        ok('peer-a:7051', A),
        { connection: { name: 'peer-b:7051' }, response: { status: 500, message: 'boom' } },
      ],
      errors: [],
    });
    expect(() => assertAllEndorsed(out, ctx)).toThrow(
      expect.objectContaining({
        code: 'ENDORSEMENT_FAILED',
        message: `Endorsement of mycc on channel mychannel failed on member ${B} peer peer-b:7051: status 500: boom (nothing was sent to the ordering service)`,
      }),
    );
  });

  it('ENDORSEMENTS_DIFFER when the peers signed different results', () => {
    const out = classifyEndorsements(targets, {
      responses: [ok('peer-a:7051', A, 'P1'), ok('peer-b:7051', B, 'P2')],
      errors: [],
    });
    expect(() => assertAllEndorsed(out, ctx)).not.toThrow();
    expect(() => assertEndorsementsAgree(out, ctx)).toThrow(expect.objectContaining({ code: 'ENDORSEMENTS_DIFFER' }));
  });

  it('POLICY_NOT_SATISFIED names the missing member; the signed MSP ID counts, not the target', () => {
    const policy = parsePolicy(`AND('${A}.member','${B}.member')`);
    const onlyA = classifyEndorsements([targets[0] ?? { memberId: A, peer: '' }], {
      responses: [ok('peer-a:7051', A)],
      errors: [],
    });
    expect(() => assertPolicySatisfied(policy, onlyA, ctx)).toThrow(
      expect.objectContaining({
        code: 'POLICY_NOT_SATISFIED',
        details: expect.objectContaining({ missing: [B], endorsers: [A] }),
        message: `The endorsements from ${A} do not satisfy the endorsement policy AND('${A}.member','${B}.member'): missing endorsement from ${B} (nothing was sent to the ordering service)`,
      }),
    );
    // "member B"'s peer that signs as A does not count for B.
    const spoofed = classifyEndorsements(targets, {
      responses: [ok('peer-a:7051', A), ok('peer-b:7051', A)],
      errors: [],
    });
    expect(() => assertPolicySatisfied(policy, spoofed, ctx)).toThrow(
      expect.objectContaining({ code: 'POLICY_NOT_SATISFIED' }),
    );
    const both = classifyEndorsements(targets, { responses: [ok('peer-a:7051', A), ok('peer-b:7051', B)], errors: [] });
    expect(() => assertPolicySatisfied(policy, both, ctx)).not.toThrow();
  });
});
