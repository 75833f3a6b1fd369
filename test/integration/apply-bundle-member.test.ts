/**
 * Issue 13: a member whose home is not on this machine is given in the apply file by its bundle.
 * Apply runs with member 1's home only, does member 1's part (import, channel, install, approve) and
 * prints what member 2 must still do, in the words `chaincode deploy` uses; those commands, pasted
 * into a shell on member 2's home, join the channel, approve, commit and init.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import execa from 'execa';
import { FABKIT, ROOT, fabkit, readNetwork, sharedDevnet } from '../helpers/devnet';
import { waitUntil } from '../helpers/fabric-cli';

jest.setTimeout(600_000);

const { dir } = sharedDevnet();
const org2Id = readNetwork(dir).Members[1]?.Id ?? '';
const tag = crypto.randomBytes(3).toString('hex');
const work = path.join(dir, 'homes', `apply-bundle-${tag}`);
/** Member 2's home, as if on another machine: apply never sees it. */
const h2 = path.join(dir, 'homes', `apply-bundle-${tag}-elsewhere`, 'org2');
const channel = `apbun-${tag}`;
const cc = `apbuncc_${tag}`;

async function ok(args: string[]): Promise<void> {
  const r = await fabkit(args);
  if (r.exitCode !== 0) throw new Error(`fabkit ${args.join(' ')} exited ${r.exitCode}:\n${r.stderr}`);
}

let toDo: string[] = [];

beforeAll(async () => {
  // Member 2 on its own machine: its home, enrolled, and its bundle handed over.
  await ok(['init', '--home', h2, '--from-devnet', dir, '--member', 'org2']);
  await ok(['enroll', '--home', h2]);
  fs.mkdirSync(work, { recursive: true });
  await ok(['member', 'export', '--home', h2, '--out', path.join(work, 'org2.bundle.json')]);
});

it('apply with member 1’s home only does its part and prints member 2’s commands in deploy’s words', async () => {
  const file = path.join(work, 'network.yaml');
  fs.writeFileSync(
    file,
    [
      `devnet: ${dir}`,
      'members:',
      '  - { name: org1, home: org1 }',
      '  - { name: org2, bundle: org2.bundle.json }',
      'channels:',
      `  - { name: ${channel}, members: [org1, org2], lifecycle: "2.x" }`,
      'chaincode:',
      `  - { name: ${cc}, channel: ${channel}, path: ${path.join(ROOT, 'chaincode', 'example02')}, policy: "AND(org1, org2)", init: ["init", "a", "100", "b", "200"] }`,
    ].join('\n'),
  );
  const r = await fabkit(['apply', file]);
  if (r.exitCode !== 0) throw new Error(`apply exited ${r.exitCode}:\n${r.stdout}\n${r.stderr}`);
  expect(r.stdout).toMatch(/^applied /);
  toDo = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('to do: '))
    .map((l) => l.slice('to do: '.length));
  expect(toDo).toHaveLength(2);
  expect(toDo[0]).toBe(`${org2Id}: join ${channel} (\`fabkit channel join ${channel}\` on its machine)`);
  expect(toDo[1]).toMatch(
    new RegExp(
      `^${org2Id}: install and approve \\(\`fabkit chaincode deploy ${cc} --channel ${channel} .*\` on its machine\\); then the definition can be committed$`,
    ),
  );
  // Member 1's side is done: nothing was done for member 2 here.
  expect(fs.existsSync(path.join(work, 'org2'))).toBe(false);
});

it('the printed commands, pasted on member 2’s home, join, approve, commit and init; both members query 100', async () => {
  expect(toDo).toHaveLength(2);
  // `fabkit` on the PATH, as after `npm install -g fabkit`.
  const bin = path.join(work, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  fs.writeFileSync(path.join(bin, 'fabkit'), `#!/bin/sh\nexec '${process.execPath}' '${FABKIT}' "$@"\n`, {
    mode: 0o755,
  });
  for (const line of toDo) {
    const command = /`([^`]+)`/.exec(line)?.[1] ?? '';
    const r = await execa('bash', ['-c', command], {
      cwd: h2,
      reject: false,
      env: { PATH: `${bin}:${process.env.PATH ?? ''}` },
    });
    if (r.exitCode !== 0) throw new Error(`${command} exited ${r.exitCode}:\n${r.stdout}\n${r.stderr}`);
  }
  // Polled: member 2's deploy waited for its own peer's commit; member 1's peer may be a moment behind.
  for (const home of [h2, path.join(work, 'org1')])
    await waitUntil(`a = 100 on ${home}`, 30_000, async () => {
      const q = await fabkit([
        'chaincode',
        'query',
        cc,
        '-C',
        channel,
        '-c',
        '{"Args":["query","a"]}',
        '--home',
        home,
        '--json',
      ]);
      return q.exitCode === 0 && (JSON.parse(q.stdout) as { payload?: string }).payload === '100' ? true : undefined;
    });
});
