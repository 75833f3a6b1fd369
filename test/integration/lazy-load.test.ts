// The heavy SDKs (dockerode, the AWS SDK, fabric-network and its gRPC stack) load on first use: neither
// `require('fabkit')` nor `fabkit --help` loads them; listr2 (apply's live display) loads only when apply
// runs on a terminal. Runs the built package in fresh Node processes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import execa from 'execa';
import { FABKIT, ROOT } from '../helpers/devnet';

const HEAVY = [
  'dockerode',
  '@aws-sdk/client-managedblockchain',
  'fabric-network',
  'fabric-common',
  '@grpc/grpc-js',
  'listr2',
];
const PRELOAD = path.join(ROOT, 'test', 'helpers', 'report-loaded.js');

/** Runs node with `args` and returns which of the heavy packages it loaded. */
async function heavyLoadedBy(
  args: readonly string[],
  o: { terminal?: boolean } = {},
): Promise<{ heavy: string[]; exitCode: number }> {
  const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-loaded-')), 'loaded.json');
  const argv = [process.execPath, '-r', PRELOAD, ...args];
  // script(1) gives the process a terminal (stdin, stdout and stderr), as when a user types the command.
  const r = o.terminal
    ? await execa('script', ['-qec', argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' '), '/dev/null'], {
        cwd: ROOT,
        reject: false,
        env: { FABKIT_LOADED_REPORT: report, CI: '' },
      })
    : await execa(argv[0] as string, argv.slice(1), {
        cwd: ROOT,
        reject: false,
        env: { FABKIT_LOADED_REPORT: report },
      });
  const loaded = JSON.parse(fs.readFileSync(report, 'utf8')) as string[];
  fs.rmSync(path.dirname(report), { recursive: true, force: true });
  return { heavy: loaded.filter((name) => HEAVY.includes(name)), exitCode: r.exitCode };
}

describe('lazy loading of the heavy SDKs', () => {
  it.each([
    ['require of the package', ['-e', `require(${JSON.stringify(ROOT)})`]],
    ['fabkit --help', [FABKIT, '--help']],
    ['fabkit chaincode --help', [FABKIT, 'chaincode', '--help']],
  ])('%s loads none of dockerode, the AWS SDK, fabric-network, fabric-common, grpc-js, listr2', async (_name, args) => {
    const { heavy, exitCode } = await heavyLoadedBy(args);
    expect(exitCode).toBe(0);
    expect(heavy).toEqual([]);
  });

  it('fabkit apply not on a terminal (a pipe, as in CI) loads none of them, listr2 included', async () => {
    const { heavy, exitCode } = await heavyLoadedBy([FABKIT, 'apply', path.join(os.tmpdir(), 'no-such-apply.yaml')]);
    expect(exitCode).toBe(2);
    expect(heavy).toEqual([]);
  });

  it('fabkit apply on a terminal loads listr2 for its live display', async () => {
    const { heavy, exitCode } = await heavyLoadedBy([FABKIT, 'apply', path.join(os.tmpdir(), 'no-such-apply.yaml')], {
      terminal: true,
    });
    expect(exitCode).toBe(2);
    expect(heavy).toEqual(['listr2']);
  });

  it('the report does see a heavy package that is loaded (the check can fail)', async () => {
    const { heavy } = await heavyLoadedBy(['-e', "require('dockerode'); require('fabric-network')"]);
    expect(heavy).toEqual(expect.arrayContaining(['dockerode', 'fabric-network', 'fabric-common', '@grpc/grpc-js']));
  });
});
