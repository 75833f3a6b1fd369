/**
 * `fabkit apply` on a terminal (given by script(1)) draws its steps live and ends with one line per
 * step and its outcome and seconds on stderr, the report on stdout; in a pipe it prints plain lines.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import execa from 'execa';
import { FABKIT, ROOT, fabkit, sharedDevnet } from '../helpers/devnet';

jest.setTimeout(300_000);

const { dir } = sharedDevnet();
const tag = crypto.randomBytes(3).toString('hex');
const work = path.join(dir, 'homes', `apply-live-${tag}`);

/** Removes terminal control sequences, keeping the text. */
const plain = (s: string): string =>
  s.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g'), '').replace(/\r/g, '');

it('on a terminal: a live list of the steps ending in ✔ lines with seconds; in a pipe: plain lines', async () => {
  fs.mkdirSync(work, { recursive: true });
  const file = path.join(work, 'members.yaml');
  fs.writeFileSync(
    file,
    [`devnet: ${dir}`, 'members:', '  - { name: org1, home: org1 }', '  - { name: org2, home: org2 }'].join('\n'),
  );
  const typescript = path.join(work, 'terminal.txt');
  const command = `stty cols 120 rows 40; '${process.execPath}' '${FABKIT}' apply '${file}'`;
  const r = await execa('script', ['-qec', command, typescript], { cwd: ROOT, reject: false, env: { CI: '' } });
  const screen = plain(fs.readFileSync(typescript, 'utf8'));
  expect(r.exitCode).toBe(0);
  for (const step of ['init org1', 'enroll org1', 'init org2', 'enroll org2'])
    expect(screen).toMatch(new RegExp(`✔ ${step}  done \\d+\\.\\d\\d s`));
  // While it ran, a step that needed another said so.
  expect(screen).toMatch(/enroll org1 {2}(waiting for init org1|running)/);
  expect(screen).toMatch(/^applied .* in [\d.]+ s$/m);
  expect(screen).not.toContain('· enroll org1 …');

  const again = await fabkit(['apply', file]);
  expect(again.exitCode).toBe(0);
  expect(again.stderr).toContain('· enroll org1: already-done');
  expect(again.stdout).toContain('nothing to do');
});
