/**
 * `fabkit onboard` on a member whose profile already exists (the devnet has no AMB API, so the
 * accept/node steps are already done or skipped): enroll, doctor and export run for real, the
 * bundle imports on the creator's side, and a re-run reports every step already done.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fabkit, readNetwork, sharedDevnet } from '../helpers/devnet';

jest.setTimeout(180_000);

describe('fabkit onboard on the devnet', () => {
  const { dir } = sharedDevnet();
  const tag = Date.now().toString(36);
  const invited = path.join(dir, 'homes', `onboard-${tag}-m2`);
  const creator = path.join(dir, 'homes', `onboard-${tag}-m1`);
  const m2 = readNetwork(dir).Members[1]?.Id ?? '';

  it('enrolls, checks and exports; the bundle imports; a re-run finds everything done', async () => {
    for (const [home, member] of [
      [invited, 'org2'],
      [creator, 'org1'],
    ] as const) {
      expect((await fabkit(['init', '--home', home, '--from-devnet', dir, '--member', member])).exitCode).toBe(0);
    }
    const first = await fabkit(['onboard', '--home', invited, '--json']);
    expect(first.exitCode).toBe(0);
    const out = JSON.parse(first.stdout) as {
      memberId: string;
      bundleFile: string;
      steps: { step: string; outcome: string }[];
    };
    expect(out.steps.map((s) => [s.step, s.outcome])).toEqual([
      ['accept invitation', 'already-done'],
      ['create peer node', 'skipped'],
      ['init profile', 'already-done'],
      ['enroll admin', 'done'],
      ['doctor', 'done'],
      ['export bundle', 'done'],
    ]);
    expect(out.memberId).toBe(m2);
    expect(fs.existsSync(out.bundleFile)).toBe(true);
    const imported = await fabkit(['member', 'import', out.bundleFile, '--home', creator, '--json']);
    expect(imported.exitCode).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ outcome: 'imported' });
    const again = await fabkit(['onboard', '--home', invited, '--json']);
    expect(again.exitCode).toBe(0);
    expect((JSON.parse(again.stdout) as typeof out).steps.map((s) => s.outcome)).toEqual([
      'already-done',
      'skipped',
      'already-done',
      'already-done',
      'done',
      'already-done',
    ]);
  });
});
