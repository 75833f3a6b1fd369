/** `fabkit apply`'s live display on a terminal: the DAG's steps as a listr2 task list (loaded only here), fed by applyFile's step events. */
import type { DefaultRenderer, ListrTaskWrapper } from 'listr2';
import type { DagEvent, DagStepResult } from '../index';

/** Whether apply shows the live display: both streams are a terminal, no --json, and not in CI (CI logs want plain lines). */
export function wantsLiveProgress(json: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false';
  return !json && !ci && process.stdout.isTTY === true && process.stderr.isTTY === true;
}

export interface LiveProgress {
  /** Feed every event of applyFile here. */
  onStep(e: DagEvent): void;
  /** Ends the display (a step that never finished is shown as not started); resolves once it is drawn. */
  close(): Promise<void>;
}

type Task = ListrTaskWrapper<unknown, typeof DefaultRenderer, typeof DefaultRenderer>;

interface Row {
  readonly id: string;
  readonly needs: readonly string[];
  started: boolean;
  done: boolean;
  task?: Task;
  finish: (r: DagStepResult | undefined) => void;
  readonly finished: Promise<DagStepResult | undefined>;
}

const secondsText = (s: number): string => `${s.toFixed(2)} s`;

/** The title a step shows while it waits for what it needs, is checked, or runs. */
function pendingTitle(row: Row, rows: ReadonlyMap<string, Row>): string {
  if (row.started) return `${row.id}  running`;
  const waiting = row.needs.filter((n) => rows.get(n)?.done !== true);
  return waiting.length === 0 ? `${row.id}  checking` : `${row.id}  waiting for ${waiting.join(', ')}`;
}

/**
 * Loads listr2 and returns a sink for apply's events. listr2 runs tasks concurrently or in sequence,
 * not as a DAG, so it only draws: every step is a concurrent task that waits for its step's events
 * from apply's own runner, which decides what runs when.
 */
export async function liveProgress(stderr: NodeJS.WriteStream = process.stderr): Promise<LiveProgress> {
  const { Listr, ListrLogger, ProcessOutput } = await import('listr2');
  const rows = new Map<string, Row>();
  let run: Promise<unknown> = Promise.resolve();

  const settle = async (row: Row, task: Task): Promise<void> => {
    row.task = task;
    task.title = pendingTitle(row, rows);
    const r = await row.finished;
    if (r === undefined || r.outcome === 'not-started') {
      task.skip(`${row.id}  not started`);
      return;
    }
    if (r.outcome === 'failed') {
      task.title = `${row.id}  failed ${secondsText(r.seconds)}`;
      throw new Error(r.error ? `${r.error.code}: ${r.error.message}` : 'failed');
    }
    const words = { done: 'done', 'already-done': 'already done', 'would-do': 'would do' }[r.outcome];
    task.title = `${row.id}  ${words}${r.outcome === 'would-do' ? '' : ` ${secondsText(r.seconds)}`}`;
  };

  const plan = (steps: readonly { id: string; needs: readonly string[] }[]): void => {
    for (const s of steps) {
      let finish: Row['finish'] = () => undefined;
      const finished = new Promise<DagStepResult | undefined>((resolve) => {
        finish = resolve;
      });
      rows.set(s.id, { id: s.id, needs: s.needs, started: false, done: false, finish, finished });
    }
    const list = new Listr(
      [...rows.values()].map((row) => ({ title: row.id, task: (_ctx: unknown, task: Task) => settle(row, task) })),
      {
        concurrent: true,
        exitOnError: false,
        renderer: 'default',
        registerSignalListeners: false,
        rendererOptions: {
          logger: new ListrLogger({ processOutput: new ProcessOutput(stderr, stderr) }),
          collapseErrors: false,
        },
      },
    );
    run = list.run().catch(() => undefined);
  };

  return {
    onStep(e) {
      if (e.kind === 'planned') return plan(e.steps);
      const row = rows.get(e.kind === 'finished' ? e.step.id : e.id);
      if (!row) return;
      if (e.kind === 'started') {
        row.started = true;
        if (row.task) row.task.title = pendingTitle(row, rows);
      } else if (e.kind === 'progress') {
        if (row.task) row.task.output = e.line;
      } else {
        row.done = true;
        row.finish(e.step);
        for (const other of rows.values())
          if (!other.done && !other.started && other.task) other.task.title = pendingTitle(other, rows);
      }
    },
    async close() {
      for (const row of rows.values()) row.finish(undefined);
      await run;
    },
  };
}
