/** `fabkit apply <file>`: parses the flags, calls applyFile, prints the step report. */
import type { Command } from 'commander';
import { applyFile } from '../../index';
import type { ApplyResult } from '../../index';
import { liveProgress, wantsLiveProgress } from '../apply-live';
import { JSON_HELP } from '../flags';
import type { Run } from '../flags';
import { table } from '../output';

function report(r: ApplyResult): string {
  const rows = r.steps.map((s) => [
    s.id,
    s.outcome,
    s.outcome === 'not-started' || s.outcome === 'would-do' ? '' : `${s.seconds.toFixed(2)} s`,
    s.error ? `${s.error.code}: ${s.error.message}${s.error.hint ? ` (${s.error.hint})` : ''}` : s.detail,
  ]);
  const head = r.plan
    ? r.changed
      ? `plan for ${r.file}: ${r.steps.filter((s) => s.outcome === 'would-do').length} step(s) to do`
      : `plan for ${r.file}: nothing to do`
    : !r.ok
      ? `apply ${r.file} failed after ${r.seconds.toFixed(2)} s: ${r.steps.filter((s) => s.outcome === 'failed').length} failed, ${r.steps.filter((s) => s.outcome === 'not-started').length} not started; run it again to continue`
      : r.changed
        ? `applied ${r.file} in ${r.seconds.toFixed(2)} s`
        : `nothing to do: ${r.file} is already applied (${r.seconds.toFixed(2)} s)`;
  return [
    head,
    table([['step', 'outcome', 'time', 'detail'], ...rows]),
    ...r.othersToDo.map((t) => `to do: ${t}`),
  ].join('\n');
}

/** `fabkit apply <file> [--plan] [--json]`. */
export function registerApplyCommand(program: Command, run: Run): void {
  program
    .command('apply')
    .argument('<file>', 'the apply file (YAML): devnet, members, channels, chaincode')
    .description('bring members, channels and chaincode to what a file describes, in one process; a re-run continues')
    .option('--plan', 'show what exists and what would be done; change nothing')
    .option('--json', JSON_HELP)
    .action(async (file: string, o: { plan?: boolean; json?: boolean }) =>
      run(async (out) => {
        // On a terminal the steps are drawn live (listr2 is loaded only then); elsewhere, one line per event.
        const live = wantsLiveProgress(Boolean(o.json)) ? await liveProgress() : undefined;
        let r: ApplyResult;
        try {
          r = await applyFile(
            file,
            live
              ? { plan: o.plan, onStep: (e) => live.onStep(e) }
              : { plan: o.plan, onProgress: (l) => out.progress(l) },
          );
        } finally {
          await live?.close();
        }
        out.result(r, () => report(r));
        return r.ok ? 'ok' : 'failed';
      }, Boolean(o.json)),
    );
}
