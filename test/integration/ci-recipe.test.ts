/**
 * Issue 13 point 5: the GitHub Actions recipe in examples/ci/ runs. Its `run:` steps are executed
 * in order with bash, in a scratch copy of the repository layout, so the recipe cannot rot.
 * Substituted here because they cannot run on this machine (and said so in each step's label):
 * `uses:` steps (actions/checkout: the checked-out tree is this worktree; setup-node/setup-go:
 * the machine's Node and Go; actions/cache: the machine's Fabric binary cache), `npm ci` (the
 * tree's node_modules is already installed and shared), `npx fabkit` (this tree's bin/fabkit.js),
 * and the devnet's base port (FABKIT_DEVNET_BASE_PORT, away from other test runs).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import execa from 'execa';
import * as yaml from 'js-yaml';
import { FABKIT, ROOT, SHARED_BASE_PORT, sharedDevnet } from '../helpers/devnet';

jest.setTimeout(900_000);

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
}

const recipe = yaml.load(fs.readFileSync(path.join(ROOT, 'examples', 'ci', 'fabkit-network.yml'), 'utf8')) as {
  jobs: { test: { steps: Step[] } };
};

/** What stands in for a step that cannot run here, or undefined for a step that runs as written. */
function substituted(step: Step): string | undefined {
  if (step.run === undefined) return step.uses ?? '?';
  return step.run.trim() === 'npm ci' ? 'npm ci' : undefined;
}

function runStep(run: string, cwd: string): execa.ExecaChildProcess {
  const script = run.replace(/\bnpx fabkit\b/g, `"${process.execPath}" "${FABKIT}"`);
  return execa('bash', ['-euo', 'pipefail', '-c', script], {
    cwd,
    reject: false,
    env: { FABKIT_DEVNET_BASE_PORT: String(SHARED_BASE_PORT + 4000) },
  });
}

it('runs the recipe’s run: steps in order: devnet up, fabkit apply, the tests, devnet down', async () => {
  const work = path.join(sharedDevnet().dir, 'homes', 'ci-recipe');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'examples'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'examples', 'ci'), path.join(work, 'examples', 'ci'), { recursive: true });
  for (const link of ['chaincode', 'node_modules', 'scripts'])
    fs.symlinkSync(path.join(ROOT, link), path.join(work, link));
  const ran: string[] = [];
  let failed: string | undefined;
  for (const step of recipe.jobs.test.steps) {
    const substitute = substituted(step);
    if (substitute) {
      ran.push(`substituted: ${substitute}`);
      continue;
    }
    if (failed && step.if !== 'always()') continue;
    const label = step.name ?? step.run ?? '?';
    const r = await runStep(step.run ?? '', work);
    ran.push(`${label}: exit ${r.exitCode}`);
    if (r.exitCode !== 0 && !failed) failed = `${label}\n${r.stdout}\n${r.stderr}`;
  }
  if (failed) throw new Error(`recipe step failed: ${failed}\n${ran.join('\n')}`);
  // Five run: steps (install-fabric, devnet up, apply, the tests, devnet down); npm ci is substituted.
  expect(ran.filter((l) => l.endsWith('exit 0'))).toHaveLength(5);
  expect(fs.existsSync(path.join(work, '.devnet', 'network.json'))).toBe(false);
});
