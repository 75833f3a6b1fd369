/** The devnet's chaincode log (profile peers[].chaincodeLog): the builders' and the chaincode's own lines, quoted when a chaincode does not build or start. */
import * as fs from 'node:fs';
import type { Profile } from '../../config/resolve';
import { FabkitError } from '../../errors';
import { waitFor } from '../../runtime/wait-for';

/** Where a peer's chaincode log ended before a step, so that only that step's lines are quoted. */
export interface LogMark {
  readonly file: string;
  readonly offset: number;
}

/** How many lines a failure quotes at most (the last ones: the cause is near the end). */
export const QUOTED_LINES = 15;

export function markChaincodeLogs(profile: Profile): LogMark[] {
  return profile.peers.flatMap((p) =>
    p.chaincodeLog === undefined
      ? []
      : [{ file: p.chaincodeLog, offset: fs.existsSync(p.chaincodeLog) ? fs.statSync(p.chaincodeLog).size : 0 }],
  );
}

/**
 * Pure: the lines of a chaincode log tagged for this chaincode, without their time and tag. The
 * builders tag `[build <label>]` and `[run <chaincode id>]`; fabkit's labels and the peer's IDs
 * start with the name followed by `_`, `:` or the end (mycc_v0, mycc_v0:ab12…, mycc:v0).
 */
export function linesOf(text: string, name: string): string[] {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const tagged = new RegExp(`^\\S+ \\[(?:build|run) ${escaped}(?:[_:][^\\]]*)?\\] (.*)$`);
  return text.split('\n').flatMap((line) => {
    const m = tagged.exec(line);
    // Stack frames and blank lines would push the cause out of the quoted tail.
    return m?.[1] === undefined || /^\s*$|^\s+at /.test(m[1]) ? [] : [m[1]];
  });
}

function readFrom(mark: LogMark): string {
  if (!fs.existsSync(mark.file)) return '';
  const size = fs.statSync(mark.file).size;
  if (size <= mark.offset) return '';
  const fd = fs.openSync(mark.file, 'r');
  try {
    const buf = Buffer.alloc(size - mark.offset);
    fs.readSync(fd, buf, 0, buf.length, mark.offset);
    return buf.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The chaincode's lines written since the marks. The builders copy their lines asynchronously,
 * so a failure that reached the client first is given a short bounded wait for its lines.
 */
export async function chaincodeLines(marks: readonly LogMark[], name: string, timeoutMs = 3000): Promise<string[]> {
  if (marks.length === 0) return [];
  const found = await waitFor(
    async () => {
      const lines = marks.flatMap((m) => linesOf(readFrom(m), name));
      return lines.length > 0 ? lines : undefined;
    },
    { what: `lines of ${name} in the chaincode log`, timeoutMs, intervalMs: 50, maxIntervalMs: 250 },
  ).catch(() => undefined);
  return found?.value.slice(-QUOTED_LINES) ?? [];
}

/** The failure with the chaincode's quoted lines (and where they come from) added to its message. */
export function withChaincodeLines(error: unknown, lines: readonly string[], marks: readonly LogMark[]): unknown {
  if (!(error instanceof FabkitError) || lines.length === 0) return error;
  const where = marks.map((m) => m.file).join(', ');
  return new FabkitError(
    error.code,
    `${error.message}\nThe builder and the chaincode said (${where}):\n${lines.map((l) => `  ${l}`).join('\n')}`,
    {
      hint: error.hint,
      kind: error.kind,
      cause: error,
      details: { ...(error.details ?? {}), chaincodeLines: lines, chaincodeLog: where },
    },
  );
}

/** Runs a step that builds or starts the chaincode; when it fails, its error quotes the chaincode's log lines. */
export async function quotingChaincodeLog<T>(profile: Profile, name: string, run: () => Promise<T>): Promise<T> {
  const marks = markChaincodeLogs(profile);
  try {
    return await run();
  } catch (error) {
    throw withChaincodeLines(error, await chaincodeLines(marks, name), marks);
  }
}
