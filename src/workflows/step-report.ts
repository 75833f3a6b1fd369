/** One reported step of a multi-step workflow (deploy, onboard): what it did, and how long it took. */
export interface StepReport {
  readonly step: string;
  readonly outcome: 'done' | 'already-done' | 'waiting' | 'skipped';
  readonly detail: string;
  readonly ms: number;
}

/** Times one step and records what it did. */
export async function step(
  steps: StepReport[],
  name: string,
  run: () => Promise<{ outcome: StepReport['outcome']; detail: string }>,
  onProgress?: (line: string) => void,
): Promise<StepReport> {
  const start = Date.now();
  onProgress?.(`${name}…`);
  const r = await run();
  const report = { step: name, ...r, ms: Date.now() - start };
  steps.push(report);
  onProgress?.(
    `${name}: ${r.outcome === 'already-done' ? 'already done' : r.outcome}${r.detail ? ` (${r.detail})` : ''}`,
  );
  return report;
}
