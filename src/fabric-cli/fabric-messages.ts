/**
 * Pure: the few Fabric messages fabkit reads itself (common.Block, common.Envelope, the config
 * update envelope and its signatures, the MSP config of an org), decoded from protobuf bytes.
 */
import * as crypto from 'node:crypto';
import { FabkitError } from '../errors';
import type { WireMessage } from './proto-wire';
import {
  bytesOf,
  decodeWire,
  listOf,
  mapOf,
  messageOf,
  numberOf,
  stringOf,
  wireBytes,
  wireOptionalBytes,
  wireVarint,
} from './proto-wire';

/** HeaderType values of a channel header. */
export const HEADER_TYPE = { MESSAGE: 0, CONFIG: 1, CONFIG_UPDATE: 2, ENDORSER_TRANSACTION: 3 } as const;

/** Who signed something: the creator of a signature header (msp.SerializedIdentity). */
export interface SignerIdentity {
  readonly mspId: string;
  /** The signer's certificate, PEM. */
  readonly certPem: string;
}

export function decodeIdentity(serialized: Buffer): SignerIdentity {
  const m = decodeWire(serialized);
  return { mspId: stringOf(m, 1), certPem: stringOf(m, 2) };
}

/** One signature on a config update: the signer and whether it verifies over (signature_header ‖ config_update). */
export interface ConfigSignature {
  readonly signer: SignerIdentity;
  readonly signatureHeader: Buffer;
  readonly signature: Buffer;
}

/** A config-update envelope (common.Envelope of type CONFIG_UPDATE), taken apart. */
export interface DecodedConfigUpdate {
  readonly channelId: string;
  /** The marshalled common.ConfigUpdate the signatures cover. */
  readonly configUpdate: Buffer;
  readonly signatures: readonly ConfigSignature[];
  readonly readSet: ConfigGroup;
  readonly writeSet: ConfigGroup;
}

/** common.ConfigGroup, with children still encoded where fabkit does not look. */
export interface ConfigGroup {
  readonly version: number;
  readonly groups: ReadonlyMap<string, ConfigGroup>;
  readonly values: ReadonlyMap<string, { version: number; value: Buffer; modPolicy: string }>;
  readonly policies: ReadonlyMap<string, { version: number; modPolicy: string }>;
  readonly modPolicy: string;
}

export function decodeConfigGroup(buf: Buffer): ConfigGroup {
  const m = decodeWire(buf);
  const groups = new Map<string, ConfigGroup>();
  for (const [k, v] of mapOf(m, 2)) groups.set(k, decodeConfigGroup(v));
  const values = new Map<string, { version: number; value: Buffer; modPolicy: string }>();
  for (const [k, v] of mapOf(m, 3)) {
    const cv = decodeWire(v);
    values.set(k, { version: numberOf(cv, 1), value: bytesOf(cv, 2), modPolicy: stringOf(cv, 3) });
  }
  const policies = new Map<string, { version: number; modPolicy: string }>();
  for (const [k, v] of mapOf(m, 4)) {
    const cp = decodeWire(v);
    policies.set(k, { version: numberOf(cp, 1), modPolicy: stringOf(cp, 3) });
  }
  return { version: numberOf(m, 1), groups, values, policies, modPolicy: stringOf(m, 5) };
}

function notAnUpdate(why: string): FabkitError {
  return new FabkitError('NOT_A_CONFIG_UPDATE', `The envelope is not a channel config update: ${why}`, {
    hint: 'Build the update again with `fabkit channel add-member`.',
  });
}

/** Takes a config-update envelope (what `peer channel signconfigtx` signs and `peer channel update` sends) apart. */
export function decodeConfigUpdateEnvelope(envelope: Buffer): DecodedConfigUpdate {
  const payload = messageOf(decodeWire(envelope), 1);
  const channelHeader = messageOf(messageOf(payload, 1), 1);
  const type = numberOf(channelHeader, 1);
  if (type !== HEADER_TYPE.CONFIG_UPDATE) throw notAnUpdate(`its header type is ${type}, not CONFIG_UPDATE (2)`);
  const cue = messageOf(payload, 2);
  const configUpdate = bytesOf(cue, 1);
  const update = decodeWire(configUpdate);
  const signatures = listOf(cue, 2).map((s) => {
    const cs = decodeWire(s);
    const signatureHeader = bytesOf(cs, 1);
    return {
      signer: decodeIdentity(bytesOf(decodeWire(signatureHeader), 1)),
      signatureHeader,
      signature: bytesOf(cs, 2),
    };
  });
  return {
    channelId: stringOf(update, 1) || stringOf(channelHeader, 4),
    configUpdate,
    signatures,
    readSet: decodeConfigGroup(bytesOf(update, 2)),
    writeSet: decodeConfigGroup(bytesOf(update, 3)),
  };
}

/** Whether `signature` is the signer's ECDSA/RSA signature (SHA-256) over `data`; false for an unreadable cert. */
export function signatureVerifies(certPem: string, data: Buffer, signature: Buffer): boolean {
  try {
    return crypto.verify('sha256', data, new crypto.X509Certificate(certPem).publicKey, signature);
  } catch {
    return false;
  }
}

/** Whether a config signature verifies over signature_header ‖ config_update, as the orderer checks it. */
export function configSignatureVerifies(update: DecodedConfigUpdate, s: ConfigSignature): boolean {
  return signatureVerifies(s.signer.certPem, Buffer.concat([s.signatureHeader, update.configUpdate]), s.signature);
}

/** What an org's MSP value (msp.MSPConfig → FabricMSPConfig) holds, as counts and PEMs. */
export interface MspSummary {
  readonly name: string;
  readonly rootCerts: string[];
  readonly admins: string[];
  readonly tlsRootCerts: string[];
  readonly nodeOus: boolean;
}

export function decodeMspValue(value: Buffer): MspSummary {
  const fabric = messageOf(decodeWire(value), 2);
  const pems = (field: number): string[] => listOf(fabric, field).map((b) => b.toString('utf8'));
  const ous = messageOf(fabric, 11);
  return {
    name: stringOf(fabric, 1),
    rootCerts: pems(2),
    admins: pems(4),
    tlsRootCerts: pems(9),
    nodeOus: numberOf(ous, 1) === 1,
  };
}

/** common.Block's parts: header fields, the data entries and the metadata entries, all as bytes. */
export interface DecodedBlock {
  readonly number: number;
  readonly previousHash: Buffer;
  readonly dataHash: Buffer;
  readonly data: readonly Buffer[];
  readonly metadata: readonly Buffer[];
}

export function decodeBlock(buf: Buffer): DecodedBlock {
  const m: WireMessage = decodeWire(buf);
  const header = messageOf(m, 1);
  return {
    number: numberOf(header, 1),
    previousHash: bytesOf(header, 2),
    dataHash: bytesOf(header, 3),
    data: listOf(messageOf(m, 2), 1),
    metadata: listOf(messageOf(m, 3), 1),
  };
}

/** common.Block encoded as the orderer encodes it (fields in number order, empty proto3 fields omitted). */
export function encodeBlock(b: DecodedBlock): Buffer {
  const header = Buffer.concat([
    wireVarint(1, BigInt(b.number)),
    wireOptionalBytes(2, b.previousHash),
    wireOptionalBytes(3, b.dataHash),
  ]);
  return Buffer.concat([
    wireBytes(1, header),
    wireBytes(2, Buffer.concat(b.data.map((d) => wireBytes(1, d)))),
    wireBytes(3, Buffer.concat(b.metadata.map((d) => wireBytes(1, d)))),
  ]);
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const der = (tag: number, content: Buffer): Buffer =>
  Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);

/** Fabric's block header bytes: the ASN.1 DER of SEQUENCE { INTEGER number, OCTET STRING previous_hash, OCTET STRING data_hash }. */
export function blockHeaderBytes(b: Pick<DecodedBlock, 'number' | 'previousHash' | 'dataHash'>): Buffer {
  let hex = BigInt(b.number).toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let int = Buffer.from(hex, 'hex');
  if ((int[0] ?? 0) & 0x80) int = Buffer.concat([Buffer.from([0]), int]);
  return der(0x30, Buffer.concat([der(0x02, int), der(0x04, b.previousHash), der(0x04, b.dataHash)]));
}

/** The block's header hash (what the next block's previous_hash must be). */
export function blockHeaderHash(b: Pick<DecodedBlock, 'number' | 'previousHash' | 'dataHash'>): Buffer {
  return crypto.createHash('sha256').update(blockHeaderBytes(b)).digest();
}

/** SHA-256 of the block's data entries, concatenated (Fabric 2.x BlockDataHash). */
export function blockDataHash(b: Pick<DecodedBlock, 'data'>): Buffer {
  return crypto
    .createHash('sha256')
    .update(Buffer.concat([...b.data]))
    .digest();
}
