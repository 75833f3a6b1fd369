// waitFor on a fake clock: the bound, the back-off schedule, progress, abort, and no sleep when the condition already holds.
import { FabkitError } from '../../src/errors';
import { waitFor } from '../../src/runtime/wait-for';

beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  jest.useRealTimers();
});

/** A probe that records the fake clock at each call and answers from a script. */
function scriptedProbe<T>(answers: ReadonlyArray<T | undefined | Error>) {
  const calls: number[] = [];
  const probe = async (): Promise<T | undefined> => {
    calls.push(Date.now() - 1_000_000);
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { probe, calls };
}

describe('waitFor', () => {
  it('returns at once, without scheduling any timer, when the condition already holds', async () => {
    const { probe, calls } = scriptedProbe(['ready']);
    const result = await waitFor(probe, { what: 'x', timeoutMs: 5000 });
    expect(result).toEqual({ value: 'ready', elapsedMs: 0, attempts: 1 });
    expect(calls).toEqual([0]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('probes on a back-off that starts at intervalMs, grows by half and stops at maxIntervalMs', async () => {
    const { probe, calls } = scriptedProbe([undefined, undefined, undefined, undefined, undefined, 'done']);
    const pending = waitFor(probe, { what: 'x', timeoutMs: 10_000, intervalMs: 100, maxIntervalMs: 300 });
    await jest.advanceTimersByTimeAsync(10_000);
    const result = await pending;
    // delays 100, 150, 225, 300 (capped), 300
    expect(calls).toEqual([0, 100, 250, 475, 775, 1075]);
    expect(result).toEqual({ value: 'done', elapsedMs: 1075, attempts: 6 });
  });

  it('defaults to a 100 ms first poll', async () => {
    const { probe, calls } = scriptedProbe([undefined, 'done']);
    const pending = waitFor(probe, { what: 'x', timeoutMs: 1000 });
    await jest.advanceTimersByTimeAsync(1000);
    await pending;
    expect(calls).toEqual([0, 100]);
  });

  it('gives up at the bound with a TIMEOUT error naming what it waited for, the last error and the hint', async () => {
    const { probe, calls } = scriptedProbe<string>([new Error('connection refused')]);
    const pending = waitFor(probe, { what: 'the peer', timeoutMs: 1000, intervalMs: 400, hint: 'start the peer' });
    const caught = pending.catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(5000);
    const error = (await caught) as FabkitError;
    expect(error).toBeInstanceOf(FabkitError);
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe('Timed out after 1.0s waiting for the peer; last error: connection refused');
    expect(error.hint).toBe('start the peer');
    // 0, 400, then 600 (the rest of the bound rather than 600 past it), then the bound is reached
    expect(calls).toEqual([0, 400, 1000]);
  });

  it('ends at once with an error that `fatal` says waiting cannot cure, and keeps polling through the others', async () => {
    const fatalError = new FabkitError('CLI_CONTAINER_NOT_RUNNING', 'no container');
    const { probe, calls } = scriptedProbe<string>([new Error('connection refused'), fatalError]);
    const pending = waitFor(probe, {
      what: 'x',
      timeoutMs: 300_000,
      intervalMs: 100,
      fatal: (e) => e instanceof FabkitError && e.code === 'CLI_CONTAINER_NOT_RUNNING',
    });
    const caught = pending.catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(100);
    expect(await caught).toBe(fatalError);
    expect(calls).toEqual([0, 100]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('reports progress before each wait, with the attempt number and the probe error', async () => {
    const { probe } = scriptedProbe<string>([new Error('not yet'), undefined, 'ok']);
    const progress: unknown[] = [];
    const pending = waitFor(probe, {
      what: 'the CA',
      timeoutMs: 5000,
      intervalMs: 100,
      onProgress: (p) => progress.push(p),
    });
    await jest.advanceTimersByTimeAsync(5000);
    await pending;
    expect(progress).toEqual([
      { what: 'the CA', attempt: 1, elapsedMs: 0, lastError: 'not yet' },
      { what: 'the CA', attempt: 2, elapsedMs: 100, lastError: undefined },
    ]);
  });

  it('stops with ABORTED when its signal is aborted during a wait', async () => {
    const { probe, calls } = scriptedProbe<string>([undefined]);
    const controller = new AbortController();
    const caught = waitFor(probe, { what: 'x', timeoutMs: 60_000, signal: controller.signal }).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(200); // probes at 0 and 100; the next is due at 250
    controller.abort();
    const error = (await caught) as FabkitError;
    expect(error.code).toBe('ABORTED');
    expect(calls).toEqual([0, 100]);
    expect(jest.getTimerCount()).toBe(0);
  });
});
