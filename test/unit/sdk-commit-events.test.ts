import type { Endorser } from 'fabric-common';
import type { CommitError, CommitListener } from 'fabric-network';
import type { CommitListenerHost } from '../../src/sdk/commit-events';
import { commitStreamRunning } from '../../src/sdk/commit-events';

const peer = { name: 'peer0:7051' } as unknown as Endorser;

/**
 * Behaves like fabric-network's shared commit event service: the first addCommitListener
 * starts the stream and resolves when it is up; concurrent ones resolve at once ("in use").
 */
class FakeNetwork implements CommitListenerHost {
  readonly listeners = new Map<CommitListener, string>();
  starts = 0;
  running = false;
  private inUse = false;
  private finishStart: ((error?: CommitError) => void) | undefined;

  async addCommitListener(listener: CommitListener, _peers: Endorser[], txId: string): Promise<CommitListener> {
    this.listeners.set(listener, txId);
    if (this.running || this.inUse) return listener;
    this.inUse = true;
    this.starts += 1;
    const error = await new Promise<CommitError | undefined>((resolve) => {
      this.finishStart = resolve;
    });
    if (error === undefined) this.running = true;
    else listener(error);
    return listener;
  }

  removeCommitListener(listener: CommitListener): void {
    if (!this.listeners.delete(listener)) throw new Error('eventListener not found');
  }

  start(error?: CommitError): void {
    this.finishStart?.(error);
  }

  fail(error: CommitError): void {
    this.running = false;
    this.inUse = false;
    for (const listener of [...this.listeners.keys()]) listener(error);
    this.listeners.clear();
  }
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const commitError = (message: string): CommitError => Object.assign(new Error(message), { peer });

describe('commitStreamRunning', () => {
  it('starts the stream once and holds every concurrent caller until it runs', async () => {
    const network = new FakeNetwork();
    const settled: number[] = [];
    const waits = [1, 2, 3].map((k) =>
      commitStreamRunning(network, peer).then(() => {
        settled.push(k);
      }),
    );
    await flush();
    expect(network.starts).toBe(1);
    expect(settled).toEqual([]);
    network.start();
    await Promise.all(waits);
    expect(settled).toEqual([1, 2, 3]);
    await commitStreamRunning(network, peer);
    expect(network.starts).toBe(1);
    expect([...network.listeners.values()]).toEqual([expect.stringMatching(/^fabkit-commit-stream-/)]);
  });

  it('rejects every caller when the stream cannot start', async () => {
    const network = new FakeNetwork();
    const waits = [commitStreamRunning(network, peer), commitStreamRunning(network, peer)];
    await flush();
    network.start(commitError('Event service timed out'));
    for (const wait of waits) await expect(wait).rejects.toThrow('Event service timed out');
    expect(network.listeners.size).toBe(0);
  });

  it('refuses later callers once a running stream failed, without restarting it', async () => {
    const network = new FakeNetwork();
    const first = commitStreamRunning(network, peer);
    await flush();
    network.start();
    await first;
    network.fail(commitError('stream ended'));
    await expect(commitStreamRunning(network, peer)).rejects.toThrow('stream ended');
    expect(network.starts).toBe(1);
  });

  it('keeps one stream per network and peer', async () => {
    const a = new FakeNetwork();
    const b = new FakeNetwork();
    const waits = [commitStreamRunning(a, peer), commitStreamRunning(b, peer)];
    await flush();
    a.start();
    b.start();
    await Promise.all(waits);
    expect([a.starts, b.starts]).toEqual([1, 1]);
  });
});
