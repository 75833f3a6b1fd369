/**
 * The whole command table of the built CLI: every command answers --help with exit 0 and offers
 * --json, a flag it does not know is a usage error (exit 2), and so is a --timeout that is not a
 * number of seconds. Walks `fabkit --help` so a new command is covered without editing this file.
 * Also: output to a closed pipe, and `npm pack` + `npm install -g` giving a working `fabkit`.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import execa from 'execa';
import { fabkit, FABKIT, ROOT } from '../helpers/devnet';

jest.setTimeout(120_000);

function subcommands(help: string): string[] {
  const start = help.indexOf('Commands:');
  if (start < 0) return [];
  return help
    .slice(start)
    .split('\n')
    .slice(1)
    .map((line) => /^ {2}(\S+)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== 'help');
}

async function leafCommands(path: string[] = []): Promise<{ path: string[]; help: string }[]> {
  const r = await fabkit([...path, '--help']);
  expect(r.exitCode).toBe(0);
  const subs = subcommands(r.stdout);
  if (subs.length === 0) return [{ path, help: r.stdout }];
  const nested = await Promise.all(subs.map((name) => leafCommands([...path, name])));
  return nested.flat();
}

describe('the fabkit command table', () => {
  let leaves: { path: string[]; help: string }[] = [];

  beforeAll(async () => {
    leaves = await leafCommands();
  });

  it('has the commands of tutorial steps 3-8', () => {
    const names = leaves.map((l) => l.path.join(' '));
    for (const expected of [
      'init',
      'enroll',
      'doctor',
      'channel create',
      'channel join',
      'chaincode deploy',
      'chaincode invoke',
      'member export',
      'member import',
      'proposal invite',
      'invitation accept',
      'node create',
      'onboard',
      'cli up',
      'devnet up',
    ]) {
      expect(names).toContain(expected);
    }
  });

  it('every command offers --json and a description', () => {
    const missing = leaves
      .filter((l) => !l.help.includes('--json') || !/\n\n\S/.test(l.help))
      .map((l) => l.path.join(' '));
    expect(missing).toEqual([]);
  });

  it('an unknown flag is a usage error (exit 2) on every command', async () => {
    const codes = await Promise.all(
      leaves.map(async (l) => [l.path.join(' '), (await fabkit([...l.path, '--no-such-flag'])).exitCode] as const),
    );
    expect(codes.filter(([, code]) => code !== 2)).toEqual([]);
  });

  it('a --timeout that is not a positive number of seconds is a usage error naming the flag, before anything else', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-timeout-'));
    try {
      const timed = leaves.filter((l) => l.help.includes('--timeout <seconds>'));
      expect(timed.map((l) => l.path.join(' '))).toEqual(expect.arrayContaining(['enroll', 'onboard', 'node create']));
      const results = await Promise.all(
        timed.map(async (l) => {
          const args = [...l.path, ...positionalsOf(l.help), ...(REQUIRED_OPTIONS[l.path.join(' ')] ?? [])];
          const r = await fabkit([...args, '--home', home, '--timeout', 'abc']);
          return { command: l.path.join(' '), exitCode: r.exitCode, stderr: r.stderr };
        }),
      );
      const wrong = results.filter(
        (r) => r.exitCode !== 2 || !r.stderr.includes('[INVALID_TIMEOUT]') || !r.stderr.includes('--timeout "abc"'),
      );
      expect(wrong).toEqual([]);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

/** Required options of the commands that take --timeout, so that commander lets them reach their action. */
const REQUIRED_OPTIONS: Record<string, string[]> = {
  'invitation accept': ['--member-name', 'org9'],
  ...Object.fromEntries(
    ['deploy', 'install', 'instantiate', 'upgrade', 'approve', 'commit', 'invoke'].map((verb) => [
      `chaincode ${verb}`,
      ['-C', 'mychannel', ...(verb === 'invoke' ? ['-c', '{"Args":[]}'] : [])],
    ]),
  ),
};

/** A value for each required argument of the usage line (`<name>`). */
function positionalsOf(help: string): string[] {
  const usage = help.split('\n')[0] ?? '';
  return [...usage.matchAll(/<([^>]+)>/g)].map((m) => `x${m[1]?.replace(/\W/g, '') ?? ''}`);
}

/** Runs the built CLI with its stdout or stderr a pipe whose reader has already gone. */
function withClosedPipe(
  args: readonly string[],
  closed: 'stdout' | 'stderr',
): Promise<{ exitCode: number | null; other: string }> {
  const child = spawn(process.execPath, [FABKIT, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child[closed].destroy();
  let other = '';
  child[closed === 'stdout' ? 'stderr' : 'stdout'].on('data', (chunk: Buffer) => {
    other += chunk.toString();
  });
  return new Promise((resolve) => child.on('close', (exitCode) => resolve({ exitCode, other })));
}

describe('output to a closed pipe (`fabkit … | head`)', () => {
  it('help into a closed stdout ends quietly with exit 0', async () => {
    const r = await withClosedPipe(['init', '--help'], 'stdout');
    expect(r.other).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('a usage error into a closed stderr still exits 2', async () => {
    const missingArg = await withClosedPipe(['channel', 'create'], 'stderr');
    expect(missingArg.exitCode).toBe(2);
    const badFlag = await withClosedPipe(['enroll', '--timeout', 'abc'], 'stderr');
    expect(badFlag.exitCode).toBe(2);
  });

  it('a --json usage error into a closed stdout still exits 2, its message on stderr', async () => {
    const r = await withClosedPipe(['channel', 'create', 'mychannel', '--lifecycle', '3', '--json'], 'stdout');
    expect(r.other).toContain('[INVALID_LIFECYCLE]');
    expect(r.other).not.toContain('EPIPE');
    expect(r.exitCode).toBe(2);
  });
});

/** The files a clone of this checkout has (tracked, or new and not ignored); no dist/, no node_modules. */
function checkoutFiles(): string[] {
  const listed = execa.sync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT });
  return listed.stdout
    .split('\0')
    .filter((f) => f !== '' && !/^(node_modules|dist)(\/|$)/.test(f))
    .filter((f) => fs.existsSync(path.join(ROOT, f)));
}

describe('installing fabkit as a user would', () => {
  let work: string;
  let clone: string;

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-pack-'));
    clone = path.join(work, 'clone');
    for (const file of checkoutFiles()) {
      fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, file), path.join(clone, file));
    }
    // As after `npm ci`, without its prepare step: the dependencies are there, dist/ is not.
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('an unbuilt checkout says how to build instead of a stack trace', async () => {
    const r = await execa(process.execPath, [path.join(clone, 'bin', 'fabkit.js'), '--help'], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('fabkit is not built');
    expect(r.stderr).toContain('npm ci');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('`npm pack` builds it, and `npm install -g` of the tarball gives a working `fabkit` command', async () => {
    const pack = await execa('npm', ['pack', '--json', '--pack-destination', work], { cwd: clone });
    const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    const files = (packed?.files ?? []).map((f) => f.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/fabkit.js',
        'dist/cli/main.js',
        'dist/index.js',
        'templates/docker-compose-cli.yaml',
      ]),
    );
    const prefix = path.join(work, 'prefix');
    // --ignore-scripts skips the dependencies' install scripts (optional native add-ons such as pkcs11js
    // that fabkit does not use), which take most of an install's time; fabkit itself has none.
    const install = ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline'];
    await execa('npm', [...install, '--ignore-scripts', path.join(work, packed?.filename ?? '')], { cwd: work });
    const help = await execa(path.join(prefix, 'bin', 'fabkit'), ['--help'], { cwd: work, reject: false });
    expect(help.stderr).toBe('');
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage: fabkit');
    const init = await execa(path.join(prefix, 'bin', 'fabkit'), ['init', '--help'], { cwd: work, reject: false });
    expect(init.exitCode).toBe(0);
    // The installed library finds its templates (configtx skeletons) in the installed package.
    const library = await execa(
      process.execPath,
      [
        '-e',
        "process.stdout.write(require('fabkit').configtxTemplateDir()); require('fabkit').loadConfigtxSkeletons()",
      ],
      { cwd: work, env: { NODE_PATH: path.join(prefix, 'lib', 'node_modules') }, reject: false },
    );
    expect(library.stderr).toBe('');
    expect(library.stdout).toBe(path.join(prefix, 'lib', 'node_modules', 'fabkit', 'templates', 'configtx'));
  }, 600_000); // a build, a pack and an install: about a minute, far longer on a loaded machine
});
