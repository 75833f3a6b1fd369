/**
 * `docker exec` of one CommandSpec in a running container, through the Engine API: create the
 * exec, read stdout and stderr apart from the hijacked stream, and wait for the exit code.
 * CommandSpec.env goes to the engine as the exec's Env; it is never logged nor put in errors.
 */
import type { Duplex } from 'node:stream';
import { Writable } from 'node:stream';
import type Dockerode from 'dockerode';
import { FabkitError } from '../errors';
import type { CommandSpec, RunResult } from './command-spec';
import { describeCommand } from './command-spec';
import { engineCall, engineError, engineAddress, statusOf } from './docker-engine-error';
import { waitFor } from './wait-for';

/** The error for a tool run in a container that is not (or no longer) running. */
export function containerNotRunning(containerName: string, spec: CommandSpec, state: string): FabkitError {
  return new FabkitError(
    'CLI_CONTAINER_NOT_RUNNING',
    `Cannot run ${spec.tool}: the cli container ${containerName} ${state}`,
    {
      hint: 'Run `fabkit cli up` to create and start it.',
      details: { containerName },
    },
  );
}

/** A writable that keeps every chunk; `text()` once finished. */
function sink(): { stream: Writable; text: () => string; finished: Promise<void> } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  const finished = new Promise<void>((resolve) => stream.once('finish', () => resolve()));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8'), finished };
}

/** Waits for the end of a hijacked exec stream, or the timeout; false when it timed out. */
function streamEnded(stream: Duplex, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

const appendLine = (text: string, line: string): string =>
  `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`;

/** Runs `call`; HTTP 409 (the container stopped meanwhile) becomes CLI_CONTAINER_NOT_RUNNING. */
async function notRunningOn409<T>(containerName: string, spec: CommandSpec, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (statusOf(error) === 409) throw containerNotRunning(containerName, spec, 'stopped while fabkit was using it');
    throw error;
  }
}

/** The exit code, once the engine reports the exec finished (it may lag the end of the stream). */
async function exitCodeOf(exec: Dockerode.Exec, spec: CommandSpec, containerName: string): Promise<number> {
  const result = await waitFor(
    async () => {
      const info = await exec.inspect();
      return info.Running || info.ExitCode === null ? undefined : info.ExitCode;
    },
    {
      what: `the exit code of ${spec.tool} in container ${containerName}`,
      timeoutMs: 10_000,
      intervalMs: 10,
      maxIntervalMs: 200,
    },
  );
  return result.value;
}

/**
 * Runs `spec` in `container` (named `containerName` in messages). A timeout is reported like
 * LocalExecutor's: exit code -1 and what was printed, plus a note on stderr.
 */
export async function execInContainer(
  docker: Dockerode,
  container: Dockerode.Container,
  containerName: string,
  spec: CommandSpec,
  timeoutMs: number,
): Promise<RunResult> {
  const start = Date.now();
  const address = engineAddress(docker);
  const exec = await engineCall(address, `create an exec for ${spec.tool}`, () =>
    notRunningOn409(containerName, spec, () =>
      container.exec({
        Cmd: [spec.tool, ...spec.args],
        Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
        AttachStdin: false,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
      }),
    ),
  );
  const stream = await engineCall(address, `start ${spec.tool}`, () =>
    notRunningOn409(containerName, spec, () => exec.start({ hijack: true, stdin: false })),
  );
  const stdout = sink();
  const stderr = sink();
  docker.modem.demuxStream(stream, stdout.stream, stderr.stream);
  const ended = await streamEnded(stream, timeoutMs)
    .catch((error: unknown) => {
      throw engineError(address, `read the output of ${spec.tool}`, error);
    })
    .finally(() => stream.destroy());
  stdout.stream.end();
  stderr.stream.end();
  await Promise.all([stdout.finished, stderr.finished]);
  if (!ended) {
    const note = `fabkit: ${describeCommand(spec)} timed out after ${(timeoutMs / 1000).toFixed(1)}s in container ${containerName} (Docker cannot kill an exec; it may still be running there)`;
    return {
      exitCode: -1,
      stdout: stdout.text(),
      stderr: appendLine(stderr.text(), note),
      durationMs: Date.now() - start,
    };
  }
  const exitCode = await exitCodeOf(exec, spec, containerName);
  return { exitCode, stdout: stdout.text(), stderr: stderr.text(), durationMs: Date.now() - start };
}
