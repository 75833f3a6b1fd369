/**
 * Chaincode packages that carry their dependencies, as AMB needs: the chaincode's files plus
 * production node_modules (Node) or vendor/ (Go) from fabkit's dependency cache, written as a
 * 1.x ChaincodeDeploymentSpec or a 2.x package file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gzipSync } from 'node:zlib';
import type { ChaincodeLanguage } from '../../fabric-cli/chaincode-package';
import { encodeCds, packageMetadataJson } from '../../fabric-cli/chaincode-package';
import { goVendor, nodeProductionModules } from '../../runtime/dependency-cache';
import { cacheRoot } from '../../runtime/fabric-install';
import type { TarEntry } from '../../runtime/tar-pack';
import { createTarPack, writeTar } from '../../runtime/tar-pack';
import { chaincodeLanguageOf } from './source';

/** Fixed, so the same files give the same package (and the same 2.x package ID). */
const EPOCH = new Date(0);

export interface BundledCode {
  readonly language: ChaincodeLanguage;
  /** The package's path: the Go module path, or the Node folder. */
  readonly path: string;
  /** The gzipped tar of src/… and META-INF/…. */
  readonly codePackage: Buffer;
  /** What the dependencies came from, for the step report. */
  readonly dependencies: string;
}

/** Regular files under `root` (relative paths, sorted), skipping top-level names in `skipTop`, `.git`, and symbolic links. */
function filesOf(root: string, skipTop: readonly string[], skipHidden: boolean, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    if (e.name === '.git' || (skipHidden && e.name.startsWith('.'))) continue;
    if (rel === '' && skipTop.includes(e.name)) continue;
    const r = path.join(rel, e.name);
    if (e.isDirectory()) out.push(...filesOf(root, skipTop, skipHidden, r));
    else if (e.isFile()) out.push(r);
  }
  return out.sort();
}

function entry(source: string, name: string): TarEntry {
  return { type: 'file', name, source, mode: fs.statSync(source).mode & 0o111 ? 0o755 : 0o644 };
}

async function tarGz(entries: readonly TarEntry[]): Promise<Buffer> {
  const pack = createTarPack();
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  await Promise.all([writeTar(pack, entries, EPOCH), pipeline(pack, sink)]);
  return gzipSync(Buffer.concat(chunks));
}

/** The Go module path from go.mod's `module` line. */
function goModulePath(dir: string): string {
  const m = /^module\s+"?([^\s"]+)"?/m.exec(fs.readFileSync(path.join(dir, 'go.mod'), 'utf8'));
  return m?.[1] ?? '.';
}

/**
 * The code package of the chaincode in `sourceDir` with its dependencies: the folder's files
 * under src/ (META-INF/ at the top), and node_modules or vendor/ from the cache.
 */
export async function bundleChaincode(sourceDir: string, cacheDir = cacheRoot()): Promise<BundledCode> {
  const language = chaincodeLanguageOf(sourceDir);
  const depsRoot = path.join(cacheDir, 'chaincode-deps');
  const depsDirName = language === 'node' ? 'node_modules' : 'vendor';
  const deps =
    language === 'node' ? await nodeProductionModules(sourceDir, depsRoot) : await goVendor(sourceDir, depsRoot);
  const own = filesOf(sourceDir, [depsDirName], language === 'golang').map((f) =>
    entry(path.join(sourceDir, f), f.startsWith(`META-INF${path.sep}`) ? f : path.posix.join('src', f)),
  );
  const bundled = filesOf(deps.dir, [], false).map((f) =>
    entry(path.join(deps.dir, f), path.posix.join('src', depsDirName, f.split(path.sep).join('/'))),
  );
  const dependencies =
    'key' in deps
      ? `node_modules ${deps.built ? 'built' : 'reused'} (lockfile ${deps.key.slice(0, 12)})`
      : `vendor/ ${deps.fromSource ? "from the chaincode's folder" : deps.built ? 'built' : 'reused'}`;
  return {
    language,
    path: language === 'golang' ? goModulePath(sourceDir) : sourceDir,
    codePackage: await tarGz([...own, ...bundled]),
    dependencies,
  };
}

/** A 1.x package (ChaincodeDeploymentSpec) for `peer chaincode install <file>`. */
export function writeV1Package(file: string, code: BundledCode, name: string, version: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, encodeCds({ ...code, name, version }));
}

/** A 2.x package (metadata.json + code.tar.gz) for `peer lifecycle chaincode install <file>`. */
export async function writeV2Package(file: string, code: BundledCode, label: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const metadata = packageMetadataJson(code.language, code.path, label);
  const tmp = `${file}.partial`;
  const codeFile = `${file}.code.partial`;
  fs.writeFileSync(codeFile, code.codePackage);
  try {
    fs.writeFileSync(
      tmp,
      await tarGz([
        { type: 'text', name: 'metadata.json', text: metadata, mode: 0o644 },
        { type: 'file', name: 'code.tar.gz', source: codeFile, mode: 0o644 },
      ]),
    );
  } finally {
    fs.rmSync(codeFile, { force: true });
  }
  fs.renameSync(tmp, file);
}
