/** Pure: what a block holds, read from its protobuf bytes: each transaction's type, ID, time and writes per chaincode, the config a config block carries, and the orderer's signatures. */
import type { ChaincodeDefinition } from './chaincode-definitions';
import { chaincodeDefinitionsOf } from './chaincode-definitions';
import type { DecodedBlock, SignerIdentity } from './fabric-messages';
import { decodeConfigGroup, decodeIdentity, decodeMspValue, HEADER_TYPE } from './fabric-messages';
import { bytesOf, decodeWire, listOf, messageOf, numberOf, stringOf } from './proto-wire';

/** Block metadata indexes (common.BlockMetadataIndex). */
export const METADATA = { SIGNATURES: 0, TRANSACTIONS_FILTER: 2 } as const;

export interface TxSummary {
  readonly type: number;
  readonly txId: string;
  /** Seconds since the epoch, from the channel header. */
  readonly timestamp: number;
  /** Writes per chaincode namespace (endorser transactions). */
  readonly writes: Record<string, number>;
  /** Chaincode definitions the transaction commits (when it is valid): 2.x `_lifecycle` or 1.x `lscc` writes. */
  readonly definitions: ChaincodeDefinition[];
  /** The marshalled channel group of a CONFIG transaction. */
  readonly channelGroup?: Buffer;
}

function writesOf(txBytes: Buffer): Record<string, number> {
  const writes: Record<string, number> = {};
  for (const action of listOf(decodeWire(txBytes), 1)) {
    const cap = decodeWire(bytesOf(decodeWire(action), 2));
    const prp = messageOf(messageOf(cap, 2), 1);
    const chaincodeAction = messageOf(prp, 2);
    for (const ns of listOf(messageOf(chaincodeAction, 1), 2)) {
      const nsm = decodeWire(ns);
      const count = listOf(messageOf(nsm, 2), 3).length;
      if (count > 0) writes[stringOf(nsm, 1)] = (writes[stringOf(nsm, 1)] ?? 0) + count;
    }
  }
  return writes;
}

/** One data entry (a common.Envelope) of a block, summarized. */
export function summarizeTx(entry: Buffer): TxSummary {
  const payload = messageOf(decodeWire(entry), 1);
  const ch = messageOf(messageOf(payload, 1), 1);
  const type = numberOf(ch, 1);
  const ts = messageOf(ch, 3);
  const base = { type, txId: stringOf(ch, 5), timestamp: numberOf(ts, 1) + numberOf(ts, 2) / 1e9 };
  if (type === HEADER_TYPE.CONFIG)
    return { ...base, writes: {}, definitions: [], channelGroup: bytesOf(messageOf(messageOf(payload, 2), 1), 2) };
  if (type === HEADER_TYPE.ENDORSER_TRANSACTION) {
    try {
      const data = bytesOf(payload, 2);
      const writes = writesOf(data);
      const lifecycle = writes._lifecycle !== undefined || writes.lscc !== undefined;
      return { ...base, writes, definitions: lifecycle ? chaincodeDefinitionsOf(data) : [] };
    } catch {
      return { ...base, writes: {}, definitions: [] };
    }
  }
  return { ...base, writes: {}, definitions: [] };
}

/** The orgs of a config: application members, and orderer orgs with their CA certificates. */
export interface ConfigOrgs {
  readonly members: string[];
  readonly ordererOrgs: { mspId: string; rootCerts: string[] }[];
}

export function configOrgsOf(channelGroup: Buffer): ConfigOrgs {
  const g = decodeConfigGroup(channelGroup);
  const members = [...(g.groups.get('Application')?.groups.keys() ?? [])].sort();
  const ordererOrgs = [...(g.groups.get('Orderer')?.groups.entries() ?? [])]
    .map(([name, org]) => {
      const msp = org.values.get('MSP');
      const m = msp ? decodeMspValue(msp.value) : undefined;
      return { mspId: m?.name ?? name, rootCerts: m?.rootCerts ?? [] };
    })
    .sort((a, b) => a.mspId.localeCompare(b.mspId));
  return { members, ordererOrgs };
}

/** The orderer's signatures on a block: what each signs is value ‖ signature_header ‖ header bytes. */
export interface BlockSignature {
  readonly signer: SignerIdentity;
  readonly signedBytesPrefix: Buffer;
  readonly signature: Buffer;
}

export function blockSignaturesOf(b: DecodedBlock): BlockSignature[] {
  const md = decodeWire(b.metadata[METADATA.SIGNATURES] ?? Buffer.alloc(0));
  const value = bytesOf(md, 1);
  return listOf(md, 2).map((s) => {
    const ms = decodeWire(s);
    const header = bytesOf(ms, 1);
    return {
      signer: decodeIdentity(bytesOf(decodeWire(header), 1)),
      signedBytesPrefix: Buffer.concat([value, header]),
      signature: bytesOf(ms, 2),
    };
  });
}

/** Validation codes of the block's transactions (0 = VALID), one per data entry. */
export function txValidationCodes(b: DecodedBlock): number[] {
  return [...(b.metadata[METADATA.TRANSACTIONS_FILTER] ?? Buffer.alloc(0))];
}
