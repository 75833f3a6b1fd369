/** Pure block arithmetic behind `channel verify-archive`: Fabric's header bytes (ASN.1 DER), header and data hashes, and block re-encoding. */
import * as crypto from 'node:crypto';
import {
  blockDataHash,
  blockHeaderBytes,
  blockHeaderHash,
  decodeBlock,
  encodeBlock,
} from '../../src/fabric-cli/fabric-messages';
import { txValidationCodes } from '../../src/fabric-cli/block-contents';

const h = (fill: number): Buffer => Buffer.alloc(32, fill);

describe('block header bytes: DER SEQUENCE { INTEGER number, OCTET STRING previous_hash, OCTET STRING data_hash }', () => {
  it.each([
    [0, '020100'],
    [1, '020101'],
    [127, '02017f'],
    [128, '02020080'],
    [255, '020200ff'],
    [256, '02020100'],
    [65536, '0203010000'],
  ])('number %i is the minimal positive INTEGER %s', (n, int) => {
    const bytes = blockHeaderBytes({ number: n, previousHash: Buffer.alloc(0), dataHash: h(1) });
    const body = `${int}0400` + `0420${h(1).toString('hex')}`;
    expect(bytes.toString('hex')).toBe(`30${(body.length / 2).toString(16).padStart(2, '0')}${body}`);
  });

  it('hashes the DER with SHA-256, and the data hash is SHA-256 of the entries concatenated', () => {
    const b = { number: 9, previousHash: h(2), dataHash: h(3) };
    expect(blockHeaderHash(b)).toEqual(crypto.createHash('sha256').update(blockHeaderBytes(b)).digest());
    expect(blockDataHash({ data: [Buffer.from('ab'), Buffer.from('c')] })).toEqual(
      crypto.createHash('sha256').update('abc').digest(),
    );
  });
});

describe('block encoding', () => {
  it('round-trips, omitting the empty number and previous hash of block 0 as the orderer does', () => {
    const b0 = {
      number: 0,
      previousHash: Buffer.alloc(0),
      dataHash: h(4),
      data: [Buffer.from('tx')],
      metadata: [Buffer.alloc(0), Buffer.from([0])],
    };
    const bytes = encodeBlock(b0);
    expect(bytes.subarray(0, 4).toString('hex')).toBe('0a221a20'); // header: only field 3 (data_hash)
    expect(decodeBlock(bytes)).toEqual(b0);
    const b7 = { ...b0, number: 7, previousHash: h(5) };
    expect(encodeBlock(decodeBlock(encodeBlock(b7)))).toEqual(encodeBlock(b7));
  });

  it('reads the transaction filter (one validation code per transaction, 0 = VALID)', () => {
    const b = {
      number: 3,
      previousHash: h(1),
      dataHash: h(2),
      data: [],
      metadata: [Buffer.alloc(0), Buffer.alloc(0), Buffer.from([0, 11, 0])],
    };
    expect(txValidationCodes(b)).toEqual([0, 11, 0]);
  });
});
