/** A small DAG runner: each step starts once the steps it needs are done; a failure stops only what depends on it. */
import { FabkitError } from '../../errors';

export interface DagStep {
  readonly id: string;
  readonly needs: readonly string[];
  /** Is it already done? (used by --plan and to skip work; must change nothing) */
  readonly check: () => Promise<boolean>;
  /** Does it; resolves with a short detail. */
  readonly run: () => Promise<string>;
}

export type DagOutcome = 'done' | 'already-done' | 'would-do' | 'failed' | 'not-started';

export interface DagStepResult {
  readonly id: string;
  readonly needs: readonly string[];
  readonly outcome: DagOutcome;
  readonly detail: string;
  readonly seconds: number;
  readonly error?: { readonly code: string; readonly message: string; readonly hint?: string };
}

/**
 * What the runner reports while it runs: `planned` once with every step and what it needs, then
 * `started` when a step's work begins (after its check found it not done), `progress` for a line of
 * a running step, and `finished` with its result.
 */
export type DagEvent =
  | { readonly kind: 'planned'; readonly steps: readonly { readonly id: string; readonly needs: readonly string[] }[] }
  | { readonly kind: 'started'; readonly id: string }
  | { readonly kind: 'progress'; readonly id: string; readonly line: string }
  | { readonly kind: 'finished'; readonly step: DagStepResult };

function errorOf(error: unknown): NonNullable<DagStepResult['error']> {
  if (error instanceof FabkitError) return { code: error.code, message: error.message, hint: error.hint };
  return { code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
}

/** Refuses a step that needs an unknown step, and cycles (a programming error in the plan). */
function assertAcyclic(steps: readonly DagStep[]): void {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): void => {
    const s = byId.get(id);
    if (!s) throw new Error(`apply plan: unknown step ${id}`);
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') throw new Error(`apply plan: cycle through ${id}`);
    state.set(id, 'visiting');
    s.needs.forEach(visit);
    state.set(id, 'done');
  };
  steps.forEach((s) => visit(s.id));
}

/**
 * Runs the steps concurrently as their needs allow. With `plan`, only the checks run (a step whose
 * needs are not done yet counts as "would do" without being checked). Results keep the steps' order.
 */
export async function runDag(
  steps: readonly DagStep[],
  o: { plan?: boolean; onEvent?: (e: DagEvent) => void } = {},
): Promise<DagStepResult[]> {
  assertAcyclic(steps);
  o.onEvent?.({ kind: 'planned', steps: steps.map((s) => ({ id: s.id, needs: s.needs })) });
  const results = new Map<string, DagStepResult>();
  const started = new Map<string, Promise<DagStepResult>>();
  const finish = (r: DagStepResult): DagStepResult => {
    results.set(r.id, r);
    o.onEvent?.({ kind: 'finished', step: r });
    return r;
  };
  const byId = new Map(steps.map((s) => [s.id, s]));
  const start = (s: DagStep): Promise<DagStepResult> => {
    const existing = started.get(s.id);
    if (existing) return existing;
    const p = (async (): Promise<DagStepResult> => {
      const needs = await Promise.all(s.needs.map((n) => start(byId.get(n) as DagStep)));
      const t0 = Date.now();
      const base = { id: s.id, needs: s.needs };
      const seconds = (): number => Math.round((Date.now() - t0) / 10) / 100;
      if (needs.some((n) => n.outcome === 'failed' || n.outcome === 'not-started'))
        return finish({ ...base, outcome: 'not-started', detail: 'a step it needs did not finish', seconds: 0 });
      if (o.plan && needs.some((n) => n.outcome === 'would-do'))
        return finish({ ...base, outcome: 'would-do', detail: '', seconds: 0 });
      try {
        if (await s.check()) return finish({ ...base, outcome: 'already-done', detail: '', seconds: seconds() });
        if (o.plan) return finish({ ...base, outcome: 'would-do', detail: '', seconds: seconds() });
        o.onEvent?.({ kind: 'started', id: s.id });
        const detail = await s.run();
        return finish({ ...base, outcome: 'done', detail, seconds: seconds() });
      } catch (error) {
        return finish({ ...base, outcome: 'failed', detail: '', seconds: seconds(), error: errorOf(error) });
      }
    })();
    started.set(s.id, p);
    return p;
  };
  await Promise.all(steps.map(start));
  return steps.map((s) => results.get(s.id) as DagStepResult);
}
