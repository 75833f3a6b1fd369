/**
 * Chaincode packages that carry their dependencies: the CDS encoding (checked by decoding it
 * with fabric-protos), the 2.x package layout, language detection and tutorial-style paths.
 * The Node fixture's lockfile has no dependencies, so npm ci needs no registry.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { encodeCds, packageMetadataJson } from '../../src/fabric-cli/chaincode-package';
import { bundleChaincode, writeV2Package } from '../../src/workflows/chaincode/bundle';
import { assertChaincodeSource, detectChaincodeLanguage } from '../../src/workflows/chaincode/source';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a test-only decoder; fabric-common ships it
const { protos } = require('fabric-protos') as {
  protos: { ChaincodeDeploymentSpec: { decode(b: Buffer): { chaincode_spec: any; code_package: Buffer } } };
};

let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-bundle-'));
});
afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Names in a (gzipped) tar, read with the tar header layout: name at 0..100, size octal at 124..136. */
function tarNames(gz: Buffer): string[] {
  const tar = gunzipSync(gz);
  const names: string[] = [];
  for (let off = 0; off + 512 <= tar.length;) {
    const name = tar
      .subarray(off, off + 100)
      .toString('utf8')
      .replace(/\0.*$/s, '');
    if (!name) break;
    const prefix = tar
      .subarray(off + 345, off + 500)
      .toString('utf8')
      .replace(/\0.*$/s, '');
    names.push(prefix ? `${prefix}/${name}` : name);
    const size = parseInt(
      tar
        .subarray(off + 124, off + 136)
        .toString('utf8')
        .trim() || '0',
      8,
    );
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

function nodeFixture(): string {
  const dir = path.join(work, 'cc');
  write(path.join(dir, 'package.json'), JSON.stringify({ name: 'fx', version: '1.0.0', main: 'index.js' }));
  write(
    path.join(dir, 'package-lock.json'),
    JSON.stringify({
      name: 'fx',
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: { '': { name: 'fx', version: '1.0.0' } },
    }),
  );
  write(path.join(dir, 'index.js'), '// fixture\n');
  write(path.join(dir, 'node_modules/stale/index.js'), '// must not be packaged: the cache supplies node_modules\n');
  write(path.join(dir, 'META-INF/statedb/couchdb/indexes/i.json'), '{"index":{"fields":["a"]},"type":"json"}');
  return dir;
}

describe('encodeCds', () => {
  it('is a ChaincodeDeploymentSpec fabric-protos decodes', () => {
    const code = Buffer.from('code bytes');
    const cds = protos.ChaincodeDeploymentSpec.decode(
      encodeCds({ language: 'node', path: '/x/cc', name: 'mycc', version: 'v0', codePackage: code }),
    );
    expect(cds.chaincode_spec.type).toBe(2);
    expect(cds.chaincode_spec.chaincode_id).toMatchObject({ path: '/x/cc', name: 'mycc', version: 'v0' });
    expect(Buffer.from(cds.code_package)).toEqual(code);
    const go = protos.ChaincodeDeploymentSpec.decode(
      encodeCds({
        language: 'golang',
        path: 'github.com/x/go',
        name: 'a',
        version: '1',
        codePackage: Buffer.alloc(300),
      }),
    );
    expect(go.chaincode_spec.type).toBe(1);
    expect(Buffer.from(go.code_package).length).toBe(300);
  });

  it('writes metadata.json as the peer CLI does', () => {
    expect(JSON.parse(packageMetadataJson('golang', 'github.com/chaincode_example02/go', 'mycc_v0'))).toEqual({
      path: 'github.com/chaincode_example02/go',
      type: 'golang',
      label: 'mycc_v0',
    });
  });
});

describe('bundleChaincode (Node)', () => {
  it('ships the files under src/, META-INF at the top, and node_modules from the cache, built once per lockfile', async () => {
    const dir = nodeFixture();
    const cache = path.join(work, 'cache');
    const first = await bundleChaincode(dir, cache);
    expect(first.language).toBe('node');
    expect(first.dependencies).toMatch(/^node_modules built/);
    const names = tarNames(first.codePackage);
    expect(names).toEqual(
      expect.arrayContaining(['src/index.js', 'src/package.json', 'META-INF/statedb/couchdb/indexes/i.json']),
    );
    expect(names.some((n) => n.includes('stale'))).toBe(false);
    const again = await bundleChaincode(dir, cache);
    expect(again.dependencies).toMatch(/^node_modules reused/);
    expect(again.codePackage).toEqual(first.codePackage);

    const file = path.join(work, 'out', 'fx_1.tgz');
    await writeV2Package(file, first, 'fx_1');
    expect(tarNames(fs.readFileSync(file)).sort()).toEqual(['code.tar.gz', 'metadata.json']);
  }, 120_000);

  it('refuses a Node folder without a lockfile, saying why', async () => {
    const dir = nodeFixture();
    fs.rmSync(path.join(dir, 'package-lock.json'));
    await expect(bundleChaincode(dir, path.join(work, 'cache'))).rejects.toMatchObject({
      code: 'CHAINCODE_LOCKFILE_MISSING',
    });
  });
});

describe('chaincode source folders', () => {
  it('detects the language from go.mod or package.json', () => {
    write(path.join(work, 'go/go.mod'), 'module example.com/x\n');
    write(path.join(work, 'node/package.json'), '{}');
    expect(detectChaincodeLanguage(path.join(work, 'go'))).toBe('golang');
    expect(detectChaincodeLanguage(path.join(work, 'node'))).toBe('node');
    expect(detectChaincodeLanguage(work)).toBeUndefined();
  });

  it('says which languages fabkit supports for a folder that is neither', () => {
    expect(() => assertChaincodeSource(work)).toThrow(
      /neither go.mod nor package.json; fabkit supports Go .* and Node/,
    );
  });

  it('explains a tutorial-style Go import path that maps onto nothing', () => {
    const cwd = process.cwd();
    process.chdir(work);
    try {
      expect(() => assertChaincodeSource('github.com/chaincode_example02/go')).toThrow(
        /github.com\/chaincode_example02\/go is a Go import path .*not a folder/,
      );
      write(path.join(work, 'chaincode/chaincode_example02/go/go.mod'), 'module github.com/chaincode_example02/go\n');
      expect(fs.realpathSync(assertChaincodeSource('github.com/chaincode_example02/go'))).toBe(
        fs.realpathSync(path.join(work, 'chaincode/chaincode_example02/go')),
      );
    } finally {
      process.chdir(cwd);
    }
  });
});
