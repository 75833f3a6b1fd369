/** waitFor: fabkit's only way to wait, a bounded poll with back-off and progress. */
import { FabkitError } from '../errors';

export interface WaitOptions {
  /** What is awaited, for progress lines and the timeout message. */
  readonly what: string;
  readonly timeoutMs: number;
  /** First delay between probes; it grows by half each time up to maxIntervalMs. */
  readonly intervalMs?: number;
  readonly maxIntervalMs?: number;
  readonly onProgress?: (info: { what: string; attempt: number; elapsedMs: number; lastError?: string }) => void;
  readonly hint?: string;
  readonly signal?: AbortSignal;
  /**
   * An error for which waiting longer cannot help (nothing to run the probe in, say): when it
   * returns true for what the probe threw, the wait ends at once with that error.
   */
  readonly fatal?: (error: unknown) => boolean;
}

export interface WaitResult<T> {
  readonly value: T;
  readonly elapsedMs: number;
  readonly attempts: number;
}

/**
 * Polls `probe` until it returns a value other than undefined, with a bound. A probe that
 * throws counts as "not yet" (its message is kept for the timeout error), unless `fatal` says
 * that error ends the wait. There is no fixed
 * sleep anywhere in fabkit: every wait is this loop over a real condition.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined>, options: WaitOptions): Promise<WaitResult<T>> {
  const start = Date.now();
  let interval = options.intervalMs ?? 100;
  const maxInterval = options.maxIntervalMs ?? 1000;
  let attempt = 0;
  let lastError: string | undefined;
  for (;;) {
    attempt += 1;
    try {
      const value = await probe();
      if (value !== undefined) return { value, elapsedMs: Date.now() - start, attempts: attempt };
      lastError = undefined;
    } catch (error) {
      if (options.fatal?.(error)) throw error;
      lastError = error instanceof Error ? error.message : String(error);
    }
    const elapsedMs = Date.now() - start;
    if (elapsedMs >= options.timeoutMs) {
      throw new FabkitError(
        'TIMEOUT',
        `Timed out after ${(elapsedMs / 1000).toFixed(1)}s waiting for ${options.what}` +
          (lastError ? `; last error: ${lastError}` : ''),
        { hint: options.hint, details: { what: options.what, attempts: attempt } },
      );
    }
    options.onProgress?.({ what: options.what, attempt, elapsedMs, lastError });
    await delay(Math.min(interval, options.timeoutMs - elapsedMs), options.signal);
    interval = Math.min(Math.round(interval * 1.5), maxInterval);
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new FabkitError('ABORTED', 'Wait aborted'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new FabkitError('ABORTED', 'Wait aborted'));
      },
      { once: true },
    );
  });
}
