/** Pure: a minimal protobuf wire-format reader, enough to walk Fabric's blocks, envelopes and config updates without configtxlator. */
import { FabkitError } from '../errors';

/** One field occurrence: varints and fixed numbers as bigint, length-delimited fields as bytes. */
export type WireValue = bigint | Buffer;

/** A decoded message: field number → every occurrence, in wire order. */
export type WireMessage = ReadonlyMap<number, readonly WireValue[]>;

function malformed(why: string): FabkitError {
  return new FabkitError('MALFORMED_PROTOBUF', `Malformed protobuf message: ${why}`, {
    hint: 'The file is damaged or is not the Fabric message it should be.',
  });
}

function readVarint(buf: Buffer, at: number): [bigint, number] {
  let value = 0n;
  let shift = 0n;
  for (let i = at; i < buf.length && shift < 70n; i++) {
    const byte = buf[i] ?? 0;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [value, i + 1];
    shift += 7n;
  }
  throw malformed(`a varint at byte ${at} does not end`);
}

/** Splits a message into its fields. Throws MALFORMED_PROTOBUF on a truncated or impossible encoding. */
export function decodeWire(buf: Buffer): WireMessage {
  const fields = new Map<number, WireValue[]>();
  let at = 0;
  while (at < buf.length) {
    const [tag, next] = readVarint(buf, at);
    const field = Number(tag >> 3n);
    const wireType = Number(tag & 7n);
    if (field === 0) throw malformed(`field number 0 at byte ${at}`);
    let value: WireValue;
    if (wireType === 0) [value, at] = readVarint(buf, next);
    else if (wireType === 1 || wireType === 5) {
      const size = wireType === 1 ? 8 : 4;
      if (next + size > buf.length) throw malformed(`a fixed field at byte ${next} runs past the end`);
      value = size === 8 ? buf.readBigUInt64LE(next) : BigInt(buf.readUInt32LE(next));
      at = next + size;
    } else if (wireType === 2) {
      const [len, start] = readVarint(buf, next);
      const end = start + Number(len);
      if (end > buf.length) throw malformed(`a length-delimited field at byte ${start} runs past the end`);
      value = buf.subarray(start, end);
      at = end;
    } else throw malformed(`wire type ${wireType} at byte ${at}`);
    const list = fields.get(field) ?? [];
    list.push(value);
    fields.set(field, list);
  }
  return fields;
}

/** The last occurrence of a bytes field (protobuf's rule for a repeated singular field), or an empty buffer. */
export function bytesOf(m: WireMessage, field: number): Buffer {
  const v = m.get(field)?.at(-1);
  return Buffer.isBuffer(v) ? v : Buffer.alloc(0);
}

export function stringOf(m: WireMessage, field: number): string {
  return bytesOf(m, field).toString('utf8');
}

/** A varint or fixed field as a number (0 when absent). */
export function numberOf(m: WireMessage, field: number): number {
  const v = m.get(field)?.at(-1);
  return typeof v === 'bigint' ? Number(v) : 0;
}

/** Every occurrence of a repeated bytes/message field. */
export function listOf(m: WireMessage, field: number): Buffer[] {
  return (m.get(field) ?? []).filter((v): v is Buffer => Buffer.isBuffer(v));
}

/** A sub-message field, decoded. */
export function messageOf(m: WireMessage, field: number): WireMessage {
  return decodeWire(bytesOf(m, field));
}

/** A `map<string, Message>` field: key (1) → the value (2), still encoded. */
export function mapOf(m: WireMessage, field: number): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const entry of listOf(m, field)) {
    const e = decodeWire(entry);
    out.set(stringOf(e, 1), bytesOf(e, 2));
  }
  return out;
}

function varint(n: bigint): Buffer {
  const out: number[] = [];
  let v = n;
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return Buffer.from(out);
}

/** A length-delimited field (always written, as a repeated element is). */
export function wireBytes(field: number, value: Buffer): Buffer {
  return Buffer.concat([varint(BigInt((field << 3) | 2)), varint(BigInt(value.length)), value]);
}

/** A proto3 singular bytes field: omitted when empty, as Go's marshaller does. */
export function wireOptionalBytes(field: number, value: Buffer): Buffer {
  return value.length === 0 ? Buffer.alloc(0) : wireBytes(field, value);
}

/** A proto3 singular varint field: omitted when zero. */
export function wireVarint(field: number, value: bigint): Buffer {
  return value === 0n ? Buffer.alloc(0) : Buffer.concat([varint(BigInt(field << 3)), varint(value)]);
}
