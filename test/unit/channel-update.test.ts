/**
 * The channel update file (issue 15): Fabric's protobuf messages read without configtxlator, the
 * update described in words from the update itself, the file format, and the Application Admins
 * policy check over the channel config's members (TEST PKI certificates).
 */
import * as crypto from 'node:crypto';
import {
  checkAdminsPolicy,
  describeUpdate,
  formatUpdateFile,
  parseUpdateFile,
  UPDATE_FILE_FORMAT,
} from '../../src/index';
import type { UpdateFile } from '../../src/index';
import { configSignatureVerifies, decodeBlock, decodeConfigUpdateEnvelope } from '../../src/fabric-cli/fabric-messages';
import { decodeWire } from '../../src/fabric-cli/proto-wire';
import type { TestPki } from '../helpers/test-pki';
import { makeTestPki } from '../helpers/test-pki';
import { thrown } from '../helpers/thrown';

// ---- a tiny protobuf writer, for building the messages the code under test reads
function varint(n: number | bigint): Buffer {
  let v = BigInt(n);
  const out: number[] = [];
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return Buffer.from(out);
}
const bytes = (no: number, b: Buffer | string): Buffer => {
  const buf = Buffer.isBuffer(b) ? b : Buffer.from(b, 'utf8');
  return Buffer.concat([varint((no << 3) | 2), varint(buf.length), buf]);
};
const num = (no: number, n: number): Buffer => Buffer.concat([varint(no << 3), varint(n)]);
const msg = (...parts: Buffer[]): Buffer => Buffer.concat(parts);
const mapEntry = (no: number, key: string, value: Buffer): Buffer => bytes(no, msg(bytes(1, key), bytes(2, value)));

function group(opts: {
  version?: number;
  groups?: Record<string, Buffer>;
  values?: Record<string, Buffer>;
  policies?: string[];
  mod?: string;
}) {
  return msg(
    num(1, opts.version ?? 0),
    ...Object.entries(opts.groups ?? {}).map(([k, v]) => mapEntry(2, k, v)),
    ...Object.entries(opts.values ?? {}).map(([k, v]) => mapEntry(3, k, msg(num(1, 0), bytes(2, v)))),
    ...(opts.policies ?? []).map((k) => mapEntry(4, k, msg(num(1, 0), bytes(3, 'Admins')))),
    bytes(5, opts.mod ?? ''),
  );
}
const mspValue = (name: string, admin: string, root: string): Buffer =>
  msg(num(1, 0), bytes(2, msg(bytes(1, name), bytes(2, root), bytes(4, admin), bytes(9, root))));
const identity = (mspId: string, certPem: string): Buffer => msg(bytes(1, mspId), bytes(2, certPem));

interface Signer {
  readonly mspId: string;
  readonly certPem: string;
  readonly keyPem: string;
}

/** A CONFIG_UPDATE envelope adding `newOrg` to channel `ch` whose Application group has `existing`, signed by `signers`. */
function envelope(
  ch: string,
  existing: string[],
  newOrg: string,
  pem: string,
  signers: Signer[],
  channelHeaderType = 2,
) {
  const read = group({
    groups: { Application: group({ version: 1, groups: Object.fromEntries(existing.map((o) => [o, group({})])) }) },
  });
  const write = group({
    groups: {
      Application: group({
        version: 2,
        mod: 'Admins',
        groups: {
          ...Object.fromEntries(existing.map((o) => [o, group({})])),
          [newOrg]: group({
            values: { MSP: mspValue(newOrg, pem, pem) },
            policies: ['Admins', 'Endorsement', 'Readers', 'Writers'],
          }),
        },
      }),
    },
  });
  const update = msg(bytes(1, ch), bytes(2, read), bytes(3, write));
  const sigs = signers.map((s) => {
    const header = msg(bytes(1, identity(s.mspId, s.certPem)), bytes(2, crypto.randomBytes(8)));
    const signature = crypto.sign('sha256', Buffer.concat([header, update]), s.keyPem);
    return bytes(2, msg(bytes(1, header), bytes(2, signature)));
  });
  const channelHeader = msg(num(1, channelHeaderType), bytes(4, ch));
  const payload = msg(bytes(1, msg(bytes(1, channelHeader))), bytes(2, msg(bytes(1, update), ...sigs)));
  return msg(bytes(1, payload));
}

let pki: TestPki;
beforeAll(async () => {
  pki = await makeTestPki();
}, 60_000);
afterAll(() => pki.cleanup());

const A = 'm-AAAAAAAAAAAAAAAAAAAAAAAAAA';
const B = 'm-BBBBBBBBBBBBBBBBBBBBBBBBBB';
const C = 'm-CCCCCCCCCCCCCCCCCCCCCCCCCC';
const b64 = (pem: string): string => Buffer.from(pem).toString('base64');
const adminsOf = (id: string) => ({
  policy: {
    type: 1,
    value: {
      identities: [{ principal: { msp_identifier: id, role: 'ADMIN' }, principal_classification: 'ROLE' }],
      rule: { n_out_of: { n: 1, rules: [{ signed_by: 0 }] } },
    },
  },
});
/** A channel config (configtxlator JSON) whose members are A (rootCa/admin), B (otherRootCa/foreign), and C (intermediateCa/viaIntermediate) when given. */
function channelConfig(ids: string[], rule = 'MAJORITY') {
  const orgOf = (id: string) => {
    const [root, admin] =
      id === A
        ? [pki.rootCa, pki.admin]
        : id === B
          ? [pki.otherRootCa, pki.foreign]
          : [pki.intermediateCa, pki.viaIntermediate];
    return {
      policies: { Admins: adminsOf(id) },
      values: {
        MSP: { value: { config: { name: id, root_certs: [b64(root.certPem)], admins: [b64(admin.certPem)] } } },
      },
    };
  };
  return {
    sequence: '3',
    channel_group: {
      groups: {
        Application: {
          groups: Object.fromEntries(ids.map((id) => [id, orgOf(id)])),
          policies: { Admins: { policy: { type: 3, value: { rule, sub_policy: 'Admins' } } } },
        },
      },
    },
  };
}
const signerOf = (id: string): Signer => {
  const who = id === A ? pki.admin : id === B ? pki.foreign : pki.viaIntermediate;
  return { mspId: id, certPem: who.certPem, keyPem: who.keyPem };
};

describe('protobuf wire reader', () => {
  it('reads varints, fixed and length-delimited fields, and refuses a truncated message', () => {
    const m = decodeWire(msg(num(1, 300), bytes(2, 'hi'), bytes(2, 'again')));
    expect(m.get(1)).toEqual([300n]);
    expect((m.get(2) ?? []).map(String)).toEqual(['hi', 'again']);
    expect(thrown(() => decodeWire(Buffer.from([0x12, 0x05, 0x61])))).toMatchObject({ code: 'MALFORMED_PROTOBUF' });
  });

  it('reads a block: number, hashes, data and metadata entries', () => {
    const block = msg(
      bytes(1, msg(num(1, 7), bytes(2, Buffer.alloc(32, 1)), bytes(3, Buffer.alloc(32, 2)))),
      bytes(2, msg(bytes(1, 'tx1'), bytes(1, 'tx2'))),
      bytes(3, msg(bytes(1, 'sigs'), bytes(1, ''))),
    );
    const d = decodeBlock(block);
    expect(d).toMatchObject({ number: 7, previousHash: Buffer.alloc(32, 1), dataHash: Buffer.alloc(32, 2) });
    expect(d.data.map(String)).toEqual(['tx1', 'tx2']);
    expect(d.metadata.map(String)).toEqual(['sigs', '']);
  });
});

describe('config update envelope', () => {
  it('takes it apart: channel, signers, and signatures that verify over header ‖ update', () => {
    const d = decodeConfigUpdateEnvelope(
      envelope('ch1', [A, B], C, pki.viaIntermediate.certPem, [signerOf(A), signerOf(B)]),
    );
    expect(d.channelId).toBe('ch1');
    expect(d.signatures.map((s) => s.signer.mspId)).toEqual([A, B]);
    expect(d.signatures.every((s) => configSignatureVerifies(d, s))).toBe(true);
    const forged = { ...d, configUpdate: Buffer.concat([d.configUpdate, Buffer.from([0])]) };
    expect(d.signatures.some((s) => configSignatureVerifies(forged, s))).toBe(false);
  });

  it('refuses an envelope of another type', () => {
    expect(thrown(() => decodeConfigUpdateEnvelope(envelope('ch1', [A], C, pki.admin.certPem, [], 3)))).toMatchObject({
      code: 'NOT_A_CONFIG_UPDATE',
    });
  });

  it('is described in words from the update itself: the member added, its MSP and its policies, the mod policy', () => {
    expect(describeUpdate(decodeConfigUpdateEnvelope(envelope('ch1', [A, B], C, pki.admin.certPem, [])))).toEqual([
      `adds member ${C} to the Application group of channel ch1`,
      `  MSP ${C}: 1 admin cert, 1 CA cert, 1 TLS root cert`,
      `  policies of ${C}: Admins, Endorsement, Readers, Writers`,
      "needs /Channel/Application/Admins (the Application group's mod policy)",
    ]);
  });
});

describe('the update file', () => {
  const file = (env: Buffer, over: Partial<UpdateFile> = {}): UpdateFile => ({
    format: UPDATE_FILE_FORMAT,
    kind: 'add-member',
    channelId: 'ch1',
    memberId: C,
    base: { configBlock: 4, sequence: 3 },
    createdBy: A,
    createdAt: '2026-12-01T00:00:00.000Z',
    summary: [],
    signatures: [],
    envelope: env.toString('base64'),
    ...over,
  });

  it('round-trips through its text form', () => {
    const f = file(envelope('ch1', [A], C, pki.admin.certPem, [signerOf(A)]));
    const { update, decoded } = parseUpdateFile(formatUpdateFile(f), 'u.json');
    expect(update).toEqual(f);
    expect(decoded.signatures).toHaveLength(1);
  });

  it.each([
    ['not JSON', '{', 'it is not JSON'],
    ['another format', JSON.stringify({ format: 'x/1' }), 'format'],
    ['an envelope of another channel', 'OTHER', 'its envelope updates channel other, not ch1'],
    ['an envelope that does not decode', 'GARBAGE', 'its envelope does not decode'],
  ])('refuses %s (UPDATE_FILE_INVALID, exit 2)', (_name, text, why) => {
    const body =
      text === 'OTHER'
        ? formatUpdateFile(file(envelope('other', [A], C, pki.admin.certPem, [])))
        : text === 'GARBAGE'
          ? formatUpdateFile(file(Buffer.from([0x0a, 0x09, 0x01])))
          : text;
    const e = thrown(() => parseUpdateFile(body, 'u.json'));
    expect(e).toMatchObject({ code: 'UPDATE_FILE_INVALID', kind: 'usage' });
    expect(String((e as Error).message)).toContain(why);
  });
});

describe('the Application Admins policy check', () => {
  it.each([
    // members, signers, satisfied, signedBy, missing, policy
    [[A, B], [A], false, [A], [B], 'MAJORITY Admins of 2 members (2 needed)'],
    [[A, B], [A, B], true, [A, B], [], 'MAJORITY Admins of 2 members (2 needed)'],
    [[A, B, C], [A, C], true, [A, C], [B], 'MAJORITY Admins of 3 members (2 needed)'],
    [[A, B, C], [B], false, [B], [A, C], 'MAJORITY Admins of 3 members (2 needed)'],
    [[A], [A], true, [A], [], 'MAJORITY Admins of 1 member (1 needed)'],
  ])('members %j signed by %j: satisfied %s', (ids, signed, satisfied, signedBy, missing, policy) => {
    const r = checkAdminsPolicy(channelConfig(ids), signed.map(signerOf));
    expect(r).toMatchObject({ satisfied, signedBy, missing, policy, unrecognized: [] });
  });

  it('counts a member once however often its admin signs, and ANY / ALL rules by their thresholds', () => {
    expect(checkAdminsPolicy(channelConfig([A, B]), [signerOf(A), signerOf(A)])).toMatchObject({ satisfied: false });
    expect(checkAdminsPolicy(channelConfig([A, B, C], 'ANY'), [signerOf(B)])).toMatchObject({
      satisfied: true,
      needed: 1,
    });
    expect(checkAdminsPolicy(channelConfig([A, B, C], 'ALL'), [signerOf(A), signerOf(B)])).toMatchObject({
      satisfied: false,
      needed: 3,
      missing: [C],
    });
  });

  it('does not count a non-admin of the member, a cert of another CA, or a member the channel does not list', () => {
    const notAdmin = { mspId: A, certPem: pki.expiring.certPem };
    const wrongCa = { mspId: A, certPem: pki.foreign.certPem };
    const outsider = signerOf(C);
    const r = checkAdminsPolicy(channelConfig([A, B]), [notAdmin, wrongCa, outsider, signerOf(B)]);
    expect(r).toMatchObject({ satisfied: false, signedBy: [B], missing: [A] });
    expect(r.unrecognized.map((s) => s.mspId)).toEqual([A, A, C]);
  });
});
