// TEST DOUBLE of the AMB API client (ManagedBlockchainClient.send) for states moto cannot produce; see the comment below.
import {
  AccessDeniedException,
  ManagedBlockchainServiceException,
  ResourceNotFoundException,
} from '@aws-sdk/client-managedblockchain';
import type { AmbApi, AmbCommand } from '../../src/amb/api';

/**
 * TEST DOUBLE of a ManagedBlockchainClient's `send`. It answers each command, by its class
 * name (e.g. "GetNodeCommand"), with the next recorded response queued for that name: an SDK
 * output object, or an error to throw. The last response of a queue repeats. Every command is
 * recorded, so tests can assert which calls were made, and that none were.
 */
export type RecordedResponse = object | Error | ((input: any) => object | Error);

export interface RecordedCall {
  readonly name: string;
  readonly input: any;
}

export class AmbApiTestDouble implements AmbApi {
  readonly calls: RecordedCall[] = [];
  private readonly queues = new Map<string, RecordedResponse[]>();

  on(commandName: string, ...responses: RecordedResponse[]): this {
    this.queues.set(commandName, [...(this.queues.get(commandName) ?? []), ...responses]);
    return this;
  }

  names(): string[] {
    return this.calls.map((c) => c.name);
  }

  async send(command: AmbCommand): Promise<unknown> {
    const name = command.constructor.name;
    const input: unknown = command.input;
    this.calls.push({ name, input });
    const queue = this.queues.get(name);
    if (queue === undefined || queue.length === 0) throw new Error(`test double: no recorded response for ${name}`);
    const next = queue.length > 1 ? queue.shift() : queue[0];
    const response = typeof next === 'function' ? next(input) : next;
    if (response instanceof Error) throw response;
    return response;
  }
}

/** `$metadata` as the SDK puts it on every output. */
export const META = { httpStatusCode: 200, requestId: 'test-request', attempts: 1, totalRetryDelay: 0 };

export function notFound(message: string): ResourceNotFoundException {
  return new ResourceNotFoundException({ message, $metadata: { httpStatusCode: 404, requestId: 'test-404' } });
}

export function accessDenied(
  message = 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: managedblockchain:CreateNode',
): AccessDeniedException {
  return new AccessDeniedException({ message, $metadata: { httpStatusCode: 403, requestId: 'test-403' } });
}

/** An error the SDK model does not name (it builds a generic service exception), e.g. BadRequestException. */
export function serviceError(name: string, message: string, status: number): ManagedBlockchainServiceException {
  return new ManagedBlockchainServiceException({
    name,
    message,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}

/** What Node's http layer throws when nothing listens. */
export function connectionRefused(address = '127.0.0.1:1'): Error {
  return Object.assign(new Error(`connect ECONNREFUSED ${address}`), {
    code: 'ECONNREFUSED',
    errno: -111,
    syscall: 'connect',
  });
}

export const IDS = {
  network: 'n-MWY63ZJZU5HGNCMBQER7IN6OIU',
  member: 'm-K46ICRRXJRCGRNNS4ES4XUUS5A',
  member2: 'm-J46DNSFRTVCCLONS9DT5TTLS2A',
  node: 'nd-6EAJ5VA43JGGNPXOUZP7Y47E4Y',
  node2: 'nd-7FBK6WB54KHHOQYPVAQ8Z58F5Z',
  proposal: 'p-ZR7KUD2YYNESLNG6RQ33X3FUFE',
  invitation: 'in-XL9MDD6LVWWDNA9FF94Y4TFTEQ',
  account: '123456789012',
} as const;

/** Fast polling for tests: the waits still poll a real condition, just with tiny intervals. */
export const FAST = { intervalMs: 1, maxIntervalMs: 2 } as const;
