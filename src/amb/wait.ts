/**
 * Waiting for an AMB resource (node, member) to reach a status: a bounded poll (waitFor) that
 * reports each status it reads, ends at once on a terminal failure status or a non-transient
 * API error, and retries only when the API was unreachable or throttled. No fixed sleeps.
 */
import type { FabkitError } from '../errors';
import { isFabkitError } from '../errors';
import { waitFor } from '../runtime/wait-for';
import { isTransientAmbError } from './errors';

export interface StatusWaitOptions {
  /** Default: the watch's own bound. */
  readonly timeoutMs?: number;
  /** First delay between polls (grows by half up to maxIntervalMs). */
  readonly intervalMs?: number;
  readonly maxIntervalMs?: number;
  readonly onProgress?: (line: string) => void;
  readonly signal?: AbortSignal;
}

export interface StatusWatch<T> {
  /** e.g. `node nd-… of member m-…`. */
  readonly what: string;
  readonly read: () => Promise<T>;
  readonly statusOf: (value: T) => string | undefined;
  readonly target: string;
  /** Statuses that will never become the target. */
  readonly terminal: readonly string[];
  readonly failure: (value: T, status: string) => FabkitError;
  readonly defaultTimeoutMs: number;
  readonly hint: string;
}

type Outcome<T> =
  { readonly kind: 'done'; readonly value: T } | { readonly kind: 'failed'; readonly error: FabkitError };

export interface StatusWaitResult<T> {
  readonly value: T;
  readonly elapsedMs: number;
  readonly polls: number;
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

export async function waitForStatus<T>(
  watch: StatusWatch<T>,
  options: StatusWaitOptions = {},
): Promise<StatusWaitResult<T>> {
  const started = Date.now();
  const probe = async (): Promise<Outcome<T> | undefined> => {
    let value: T;
    try {
      value = await watch.read();
    } catch (error) {
      if (isFabkitError(error) && !isTransientAmbError(error)) return { kind: 'failed', error };
      throw error; // unreachable or throttled: try again until the bound
    }
    const status = watch.statusOf(value) ?? 'UNKNOWN';
    options.onProgress?.(
      `${status === watch.target ? '' : 'waiting for '}${watch.what}: ${status} after ${secs(Date.now() - started)}`,
    );
    if (status === watch.target) return { kind: 'done', value };
    if (watch.terminal.includes(status)) return { kind: 'failed', error: watch.failure(value, status) };
    return undefined;
  };
  const result = await waitFor(probe, {
    what: `${watch.what} to be ${watch.target}`,
    timeoutMs: options.timeoutMs ?? watch.defaultTimeoutMs,
    intervalMs: options.intervalMs ?? 5_000,
    maxIntervalMs: options.maxIntervalMs ?? 30_000,
    hint: watch.hint,
    signal: options.signal,
    onProgress: (info) => {
      if (info.lastError) options.onProgress?.(`${watch.what}: ${info.lastError} (retrying)`);
    },
  });
  if (result.value.kind === 'failed') throw result.value.error;
  return { value: result.value.value, elapsedMs: result.elapsedMs, polls: result.attempts };
}
