/** How commands print: results on stdout (text or --json), progress and errors on stderr. */
import { isFabkitError } from '../index';
import type { FabkitError, StepReport } from '../index';
import { exitCodeOfError } from './exit-codes';

export interface Output {
  readonly json: boolean;
  /** Progress goes to stderr, so stdout stays clean for --json and pipes. */
  progress(line: string): void;
  result(value: unknown, human: () => string): void;
  /** Ends a progress line that was being updated in place (before an error is printed). */
  endProgress(): void;
}

/**
 * On a terminal, a run of "waiting for …" lines updates one line in place instead of scrolling
 * (a node can take many minutes to become AVAILABLE); anywhere else every line is kept, for logs.
 */
function progressWriter(
  json: boolean,
  stderr: NodeJS.WritableStream,
): { write: (line: string) => void; endLine: () => void } {
  const tty = !json && (stderr as { isTTY?: boolean }).isTTY === true;
  let overwriting = false;
  const endLine = (): void => {
    if (overwriting) stderr.write('\n');
    overwriting = false;
  };
  const write = (line: string): void => {
    if (tty && /^waiting\b/.test(line)) {
      stderr.write(`\r\u001b[2K· ${line}`);
      overwriting = true;
      return;
    }
    endLine();
    stderr.write(`${json ? '' : '· '}${line}\n`);
  };
  return { write, endLine };
}

export function makeOutput(
  json: boolean,
  stdout: NodeJS.WritableStream = process.stdout,
  stderr: NodeJS.WritableStream = process.stderr,
): Output {
  const progress = progressWriter(json, stderr);
  return {
    json,
    progress: progress.write,
    endProgress: progress.endLine,
    result(value, human) {
      progress.endLine();
      stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
    },
  };
}

/** The stderr/log tail an error carries, unless it is one line that the message already quotes. */
function tailToShow(error: FabkitError): string | undefined {
  const tail = error.details?.stderrTail ?? error.details?.logTail;
  if (typeof tail !== 'string' || tail === '') return undefined;
  return tail.split('\n').length === 1 && error.message.includes(tail.trim()) ? undefined : tail;
}

/** Prints an error (and, with --json, its JSON on stdout); resolves its exit code (see exit-codes.ts). */
export function reportError(
  error: unknown,
  json: boolean,
  stderr: NodeJS.WritableStream = process.stderr,
  stdout: NodeJS.WritableStream = process.stdout,
): number {
  if (isFabkitError(error)) {
    if (json) stdout.write(`${JSON.stringify({ ok: false, error: error.toJSON() }, null, 2)}\n`);
    stderr.write(`error [${error.code}]: ${error.message}\n`);
    const tail = tailToShow(error);
    if (tail) stderr.write(`${tail.replace(/^/gm, '  | ')}\n`);
    if (error.hint) stderr.write(`hint: ${error.hint}\n`);
    return exitCodeOfError(error);
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (json)
    stdout.write(`${JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: String(error) } }, null, 2)}\n`);
  stderr.write(`unexpected error (please report it): ${message.split(process.cwd()).join('.')}\n`);
  return exitCodeOfError(error);
}

export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '))
    .join('\n');
}

/** A duration in seconds with one decimal, e.g. "1.2s"; "-" when there is none. */
export function formatSeconds(ms: number | undefined): string {
  return ms === undefined ? '-' : `${(ms / 1000).toFixed(1)}s`;
}

/** The steps of a workflow (deploy, onboard, …) as a table: step, outcome (with detail), seconds. */
export function stepsTable(steps: readonly StepReport[]): string {
  return table([
    ['STEP', 'OUTCOME', 'SECONDS'],
    ...steps.map((s) => [
      s.step,
      `${s.outcome === 'already-done' ? 'already done' : s.outcome}${s.detail ? ` (${s.detail})` : ''}`,
      (s.ms / 1000).toFixed(1),
    ]),
  ]);
}
