/**
 * Every block of a channel from one block on, through a peer's deliver service over ONE gRPC
 * stream (fabric-common's Eventer, full blocks, stop at the newest block), handed over one by
 * one as the block message the peer sent (decoded by gRPC, given back as its parts).
 */
import { FabkitError } from '../errors';
import { withGateway } from './gateway';
import type { Profile } from '../config/resolve';

/** A full block as the deliver stream gives it: bytes fields as Buffers, the number as a Long or string. */
export interface DeliveredBlock {
  readonly number: number;
  readonly previousHash: Buffer;
  readonly dataHash: Buffer;
  readonly data: Buffer[];
  readonly metadata: Buffer[];
}

interface RawBlock {
  header?: { number?: { toString(): string } | string | number; previous_hash?: Buffer; data_hash?: Buffer };
  data?: { data?: Buffer[] };
  metadata?: { metadata?: Buffer[] };
}
interface DeliverResponse {
  Type?: string;
  status?: string | number;
  block?: RawBlock;
}
interface DuplexStream {
  on(event: 'data', f: (r: DeliverResponse) => void): void;
  on(event: 'error', f: (e: Error) => void): void;
  on(event: 'end', f: () => void): void;
  write(envelope: unknown): void;
  cancel?: () => void;
  end(): void;
}

const buf = (b: Buffer | undefined): Buffer => (b ? Buffer.from(b) : Buffer.alloc(0));

function blockOf(raw: RawBlock): DeliveredBlock {
  return {
    number: Number(String(raw.header?.number ?? 0)),
    previousHash: buf(raw.header?.previous_hash),
    dataHash: buf(raw.header?.data_hash),
    data: (raw.data?.data ?? []).map(buf),
    metadata: (raw.metadata?.metadata ?? []).map(buf),
  };
}

/**
 * Streams blocks `from`… up to the channel's newest block at the time of the request from this
 * member's first peer, calling `onBlock` in order; resolves with the number of blocks delivered.
 */
export async function deliverBlocks(
  profile: Profile,
  channelId: string,
  from: number,
  onBlock: (block: DeliveredBlock) => void,
): Promise<number> {
  return withGateway(profile, { channelId }, async (session) => {
    const peer = session.channel.getEndorsers(profile.member.mspId)[0] ?? session.channel.getEndorsers()[0];
    if (!peer) throw new FabkitError('NO_PEER', `No peer of ${profile.member.id} is known for ${channelId}`);
    const service = session.channel.newEventService(`fabkit-archive-${channelId}`);
    service.build(session.identity, { blockType: 'full', startBlock: from, endBlock: 'newest' });
    service.sign(session.identity);
    const eventer = session.channel.client.newEventer(`fabkit-archive-${peer.name}`);
    await eventer.connect((peer as unknown as { endpoint: Parameters<typeof eventer.connect>[0] }).endpoint);
    try {
      const e = eventer as unknown as { setStreamByType(t: string): void; stream: DuplexStream };
      e.setStreamByType('full');
      const stream = e.stream;
      let count = 0;
      await new Promise<void>((resolve, reject) => {
        stream.on('data', (r) => {
          try {
            if (r.Type === 'block' && r.block) {
              onBlock(blockOf(r.block));
              count++;
            } else if (r.Type === 'status') {
              // NOT_FOUND before any block: the start block is past the newest one, so there is nothing new.
              if (
                r.status === 'SUCCESS' ||
                r.status === 200 ||
                (count === 0 && (r.status === 'NOT_FOUND' || r.status === 404))
              )
                resolve();
              else
                reject(
                  new FabkitError('DELIVER_FAILED', `The deliver service of ${peer.name} answered ${String(r.status)}`),
                );
            }
          } catch (error) {
            reject(error as Error);
          }
        });
        stream.on('error', (err) =>
          reject(new FabkitError('DELIVER_FAILED', `Deliver stream from ${peer.name} failed: ${err.message}`)),
        );
        stream.on('end', () => resolve());
        stream.write(service.getSignedEnvelope());
      });
      stream.cancel?.();
      return count;
    } finally {
      eventer.disconnect();
    }
  });
}
