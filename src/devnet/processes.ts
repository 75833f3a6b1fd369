/** The supervisor of the devnet's long-running processes (CAs, orderer, peers, watcher): start detached, check, stop a group. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { cleanEnv } from '../runtime/clean-env';
import { waitFor } from '../runtime/wait-for';

export interface ProcessSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly logFile: string;
}

export interface ProcessRecord {
  readonly name: string;
  readonly pid: number;
  readonly command: string;
  readonly logFile: string;
  readonly startedAt: string;
  /**
   * The process's start time in clock ticks since boot (/proc/<pid>/stat field 22): with the PID,
   * it names this process and no later one that reuses the PID. Absent in older state files.
   */
  readonly startTicks?: number;
  /** Size of the log when this start began: its own lines come after (a restart appends). */
  readonly logFrom?: number;
}

/**
 * Starts a long-lived process in its own process group (detached), with stdout and stderr
 * appended to its log file, and lets it outlive the CLI. Its environment is the clean one
 * (PATH and HOME) plus `spec.env`. Secrets travel in env, never argv.
 */
export function startProcess(spec: ProcessSpec): ProcessRecord {
  const fd = fs.openSync(spec.logFile, 'a', 0o600);
  const logFrom = fs.fstatSync(fd).size;
  try {
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: cleanEnv(spec.env),
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    if (child.pid === undefined) throw new Error(`could not start ${spec.command}`);
    child.unref();
    const startTicks = procStartTicks(child.pid);
    return {
      name: spec.name,
      pid: child.pid,
      command: spec.command,
      logFile: spec.logFile,
      startedAt: new Date().toISOString(),
      logFrom,
      ...(startTicks === undefined ? {} : { startTicks }),
    };
  } finally {
    fs.closeSync(fd);
  }
}

/** Fields of /proc/<pid>/stat after the command name (field 3 onwards), or undefined when it is gone. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
export function procStartTicks(pid: number): number | undefined {
  const value = statFields(pid)?.[19];
  return value === undefined ? undefined : Number(value);
}

/** Pure: does what /proc says about a PID (its start time, its argv[0]) name the recorded process? */
export function sameProcess(
  rec: Pick<ProcessRecord, 'command' | 'startTicks'>,
  seen: { startTicks?: number; argv0?: string },
): boolean {
  if (rec.startTicks !== undefined) return seen.startTicks === rec.startTicks;
  return seen.argv0 !== undefined && (seen.argv0 === rec.command || rec.command.endsWith(`/${seen.argv0}`));
}

/**
 * True while the recorded process is still running and is still the devnet's own: its PID alive
 * (not a zombie) with the recorded start time (or, for records without one, the recorded command).
 * After PID reuse this is false, so nothing is signalled that the devnet did not start.
 */
export function isOwnAlive(rec: Pick<ProcessRecord, 'pid' | 'command' | 'startTicks'>): boolean {
  if (!isAlive(rec.pid)) return false;
  let argv0: string | undefined;
  try {
    argv0 = fs.readFileSync(`/proc/${rec.pid}/cmdline`, 'utf8').split('\0')[0];
  } catch {
    argv0 = undefined;
  }
  return sameProcess(rec, { startTicks: procStartTicks(rec.pid), argv0 });
}

/** Stops a recorded process's group, only if the process is still the devnet's own (see isOwnAlive). */
export async function stopRecorded(
  rec: Pick<ProcessRecord, 'pid' | 'command' | 'startTicks'>,
  graceMs?: number,
): Promise<'stopped' | 'killed' | 'not-running'> {
  // A PID alive but not ours was reused, which the kernel does only once our group is gone.
  if (!isOwnAlive(rec) && isAlive(rec.pid)) return 'not-running';
  // Ours, or a dead leader whose group may still hold what it started (a killed peer's chaincode
  // processes): a PID is not reused while a process group of that ID exists, so the group is ours.
  return stopGroup(rec.pid, graceMs);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie still answers kill(0); treat it as gone.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z /.test(stat);
  } catch {
    return true;
  }
}

/**
 * Stops a whole process group (the node and every child it started, such as chaincode
 * processes under a peer): SIGTERM, then SIGKILL if it has not gone within the grace time.
 */
export async function stopGroup(pgid: number, graceMs = 8000): Promise<'stopped' | 'killed' | 'not-running'> {
  if (!groupHasLiveMembers(pgid)) return 'not-running';
  signalGroup(pgid, 'SIGTERM');
  try {
    await waitFor(async () => (groupHasLiveMembers(pgid) ? undefined : true), {
      what: `process group ${pgid} to exit`,
      timeoutMs: graceMs,
      intervalMs: 50,
      maxIntervalMs: 250,
    });
    return 'stopped';
  } catch {
    signalGroup(pgid, 'SIGKILL');
    await waitFor(async () => (groupHasLiveMembers(pgid) ? undefined : true), {
      what: `process group ${pgid} to die`,
      timeoutMs: 5000,
      intervalMs: 50,
    });
    return 'killed';
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* already gone */
  }
}

/** True while any non-zombie process of the group is left. */
export function groupHasLiveMembers(pgid: number): boolean {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && Number(fields[2]) === pgid) return true;
    } catch {
      /* raced with exit */
    }
  }
  return false;
}

/** The last lines of a log, for error messages when a node fails to start. */
export function logTail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
