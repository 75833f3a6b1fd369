/** Readiness of a devnet process: health endpoint, then its log line, then a functional probe, each polled. */
import * as fs from 'node:fs';
import * as http from 'node:http';
import { FabkitError } from '../errors';
import { waitFor } from '../runtime/wait-for';
import { isAlive, logTail } from './processes';
import type { ProcessRecord } from './processes';

/** GET http://host:port/healthz; resolves the status code. */
export function healthz(port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path: '/healthz', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('healthz timed out')));
    req.on('error', reject);
  });
}

export function logContains(file: string, needle: string | RegExp, fromByte = 0): boolean {
  try {
    const text = fs.readFileSync(file, 'utf8').slice(fromByte);
    return typeof needle === 'string' ? text.includes(needle) : needle.test(text);
  } catch {
    return false;
  }
}

export interface ReadinessSteps {
  /** Where the operations server answers /healthz (the resource's own address). */
  readonly health?: { readonly host: string; readonly port: number };
  readonly logLine?: string | RegExp;
  /** Offset in the log where this start's output begins (restarts append). */
  readonly logFrom?: number;
  readonly probe?: () => Promise<boolean>;
  readonly timeoutMs: number;
}

/**
 * Three-layer readiness: the process is alive and /healthz says 200, then the node's own
 * "serving" log line, then a functional probe. A process that dies fails at once, with its log.
 */
export async function waitReady(proc: ProcessRecord, steps: ReadinessSteps): Promise<number> {
  const start = Date.now();
  const deadline = start + steps.timeoutMs;
  const check = (): void => {
    if (!isAlive(proc.pid)) {
      throw new FabkitError('DEVNET_NODE_DIED', `${proc.name} exited during start-up`, {
        hint: `Its log is ${proc.logFile}`,
        details: { logTail: logTail(proc.logFile) },
      });
    }
  };
  const remaining = (): number => Math.max(deadline - Date.now(), 1);
  const what = (step: string): string => `${proc.name} (${step})`;
  const hint = `See ${proc.logFile}`;
  const guard = async <T>(probe: () => Promise<T | undefined>): Promise<T | undefined> => {
    try {
      return await probe();
    } finally {
      check();
    }
  };
  const fatal = (e: unknown): never => {
    throw e;
  };
  if (steps.health !== undefined) {
    const { host, port } = steps.health;
    await waitFor(() => guard(async () => ((await healthz(port, host).catch(() => 0)) === 200 ? true : undefined)), {
      what: what('/healthz'),
      timeoutMs: remaining(),
      intervalMs: 50,
      maxIntervalMs: 250,
      hint,
    }).catch(fatal);
  }
  if (steps.logLine !== undefined) {
    const line = steps.logLine;
    await waitFor(() => guard(async () => (logContains(proc.logFile, line, steps.logFrom ?? 0) ? true : undefined)), {
      what: what(`log line ${String(line)}`),
      timeoutMs: remaining(),
      intervalMs: 50,
      maxIntervalMs: 250,
      hint,
    }).catch(fatal);
  }
  if (steps.probe !== undefined) {
    const probe = steps.probe;
    await waitFor(() => guard(async () => ((await probe()) ? true : undefined)), {
      what: what('functional probe'),
      timeoutMs: remaining(),
      intervalMs: 100,
      maxIntervalMs: 500,
      hint,
    }).catch(fatal);
  }
  return Date.now() - start;
}
