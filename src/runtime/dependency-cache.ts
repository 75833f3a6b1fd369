/**
 * Chaincode dependencies built once on the client and kept in fabkit's cache: production
 * `node_modules` (npm ci --omit=dev) keyed by the lockfile's hash, and Go's `vendor/` (go mod
 * vendor, from the Go module proxy) keyed by go.mod, go.sum and the Go sources. A package carries
 * them because peers on AMB cannot download anything.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import execa from 'execa';
import { FabkitError, usageError } from '../errors';
import { createStagingDir } from '../staging';

const NPM_TIMEOUT_MS = 600_000;
const LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json'];

function hashOf(parts: readonly (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 32);
}

/** Builds `dir` through a staging folder beside it, once; concurrent builders of the same key each finish and one rename wins. */
async function cachedBuild(dir: string, build: (staging: string) => Promise<void>): Promise<{ built: boolean }> {
  if (fs.existsSync(dir)) return { built: false };
  await fsp.mkdir(path.dirname(dir), { recursive: true });
  const staging = await createStagingDir(dir);
  try {
    await build(staging);
    await fsp.rename(staging, dir).catch((error: NodeJS.ErrnoException) => {
      if (!fs.existsSync(dir)) throw error;
    });
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
  }
  return { built: true };
}

function failure(code: string, what: string, r: { stderr: string; stdout: string }, hint: string): FabkitError {
  const tail = `${r.stderr}\n${r.stdout}`.trim().split('\n').slice(-15).join('\n');
  return new FabkitError(code, `${what} failed:\n${tail}`, { hint });
}

export interface NodeModulesResult {
  /** The cached node_modules folder to ship inside the package. */
  readonly dir: string;
  /** The lockfile's hash, the cache key. */
  readonly key: string;
  readonly built: boolean;
}

/**
 * Production node_modules for the Node chaincode in `sourceDir`: `npm ci --omit=dev` of its
 * package.json and lockfile in `<cache>/node-modules/<hash>`, run once per lockfile content.
 */
export async function nodeProductionModules(sourceDir: string, cacheDir: string): Promise<NodeModulesResult> {
  const lockfile = LOCKFILES.find((f) => fs.existsSync(path.join(sourceDir, f)));
  if (lockfile === undefined) {
    throw usageError(
      'CHAINCODE_LOCKFILE_MISSING',
      `${sourceDir} has no package-lock.json: fabkit bundles the exact dependencies a lockfile names, as AMB's peers cannot reach npm`,
      `Run \`npm install --package-lock-only\` in ${sourceDir} and keep the lockfile with the chaincode.`,
    );
  }
  const manifest = fs.readFileSync(path.join(sourceDir, 'package.json'));
  const lock = fs.readFileSync(path.join(sourceDir, lockfile));
  const key = hashOf([lock, manifest]);
  const target = path.join(cacheDir, 'node-modules', key);
  const { built } = await cachedBuild(target, async (staging) => {
    await fsp.writeFile(path.join(staging, 'package.json'), manifest);
    await fsp.writeFile(path.join(staging, lockfile), lock);
    const r = await execa('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--no-update-notifier'], {
      cwd: staging,
      reject: false,
      timeout: NPM_TIMEOUT_MS,
    });
    if (r.exitCode !== 0)
      throw failure(
        'CHAINCODE_DEPENDENCIES_FAILED',
        `npm ci --omit=dev for ${sourceDir}`,
        r,
        'Check that the lockfile matches package.json (npm ci refuses otherwise) and that npm can reach its registry.',
      );
    if (!fs.existsSync(path.join(staging, 'node_modules'))) await fsp.mkdir(path.join(staging, 'node_modules'));
  });
  return { dir: path.join(target, 'node_modules'), key, built };
}

export interface GoVendorResult {
  /** The vendor folder to ship: the source's own, or a cached `go mod vendor`. */
  readonly dir: string;
  readonly built: boolean;
  readonly fromSource: boolean;
}

function goSourceFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    if (e.name.startsWith('.') || (rel === '' && e.name === 'vendor')) continue;
    const r = path.join(rel, e.name);
    if (e.isDirectory()) out.push(...goSourceFiles(dir, r));
    else if (e.isFile() && e.name.endsWith('.go')) out.push(r);
  }
  return out.sort();
}

/** Go chaincode's `vendor/`: the source's own when it has one, else `go mod vendor -o` into the cache. */
export async function goVendor(sourceDir: string, cacheDir: string): Promise<GoVendorResult> {
  const own = path.join(sourceDir, 'vendor');
  if (fs.existsSync(path.join(own, 'modules.txt'))) return { dir: own, built: false, fromSource: true };
  const parts = ['go.mod', 'go.sum']
    .filter((f) => fs.existsSync(path.join(sourceDir, f)))
    .flatMap((f) => [f, fs.readFileSync(path.join(sourceDir, f))]);
  const sources = goSourceFiles(sourceDir).flatMap((f) => [f, fs.readFileSync(path.join(sourceDir, f))]);
  const target = path.join(cacheDir, 'go-vendor', hashOf([...parts, ...sources]));
  const { built } = await cachedBuild(target, async (staging) => {
    const r = await execa('go', ['mod', 'vendor', '-o', path.join(staging, 'vendor')], {
      cwd: sourceDir,
      reject: false,
      timeout: NPM_TIMEOUT_MS,
      env: { GOFLAGS: '-mod=mod' },
    });
    if (r.exitCode !== 0)
      throw failure(
        'CHAINCODE_DEPENDENCIES_FAILED',
        `go mod vendor for ${sourceDir}`,
        r,
        'Run `go mod tidy` in the chaincode folder and check that the Go module proxy is reachable.',
      );
  });
  return { dir: path.join(target, 'vendor'), built, fromSource: false };
}
