/**
 * Unit tests for chaincode/example02 (plain JavaScript, low-level Init/Invoke API).
 *
 * lib/logic.js is tested directly; lib/chaincode.js is driven through InMemoryStub (a test
 * stand-in for fabric-shim's ChaincodeStub) and TestShim (a test stand-in for fabric-shim's
 * success/error helpers), so fabric-shim need not be installed. index.js is checked in a
 * child node process with a fake fabric-shim injected into the module loader.
 */
import execa from 'execa';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const CC_DIR = path.resolve(__dirname, '../../chaincode/example02');
// The chaincode is plain CommonJS JavaScript with no type declarations; load it with
// Node's own require and describe the parts the tests use.
const loadCc = createRequire(path.join(CC_DIR, 'package.json'));

interface ShimResponse {
  status: number;
  payload?: Buffer;
  message?: string;
}
interface ShimLike {
  success(payload?: Buffer): ShimResponse;
  error(msg: string): ShimResponse;
}
interface ChaincodeInstance {
  Init(stub: InMemoryStub): Promise<ShimResponse>;
  Invoke(stub: InMemoryStub): Promise<ShimResponse>;
}
interface LogicModule {
  INVOKE_FUNCTIONS: readonly string[];
  ChaincodeInputError: new (message: string) => Error;
  parseInteger(text: unknown, what: string): number;
  parseInitArgs(fcn: string, params: string[]): { a: string; aVal: number; b: string; bVal: number };
  parseMoveArgs(params: string[]): { from: string; to: string; amount: number };
  parseSingleEntityArgs(params: string[], fcn: string): string;
  parsePutArgs(params: string[]): { key: string; value: number };
  decodeValue(bytes: Uint8Array | null | undefined, key: string): number | null;
  encodeValue(value: number): Buffer;
  applyMove(fromVal: number, toVal: number, amount: number): { fromVal: number; toVal: number };
  resolveInvokeFunction(fcn: string): string;
}

const logic = loadCc('./lib/logic') as LogicModule;
const { Chaincode } = loadCc('./lib/chaincode') as { Chaincode: new (shim: ShimLike) => ChaincodeInstance };

/** Test stand-in for fabric-shim's success()/error(): same response shapes (200/500). */
const TestShim: ShimLike = {
  success: (payload?: Buffer) => ({ status: 200, payload: payload ?? Buffer.from('') }),
  error: (msg: string) => ({ status: 500, message: msg }),
};

/**
 * Test stand-in for fabric-shim's ChaincodeStub, holding world state in a Map. Like the real
 * stub, getState resolves to an empty buffer for a missing key.
 */
class InMemoryStub {
  readonly state = new Map<string, Buffer>();
  readonly writes: string[] = [];
  private fcn = '';
  private params: string[] = [];

  call(args: string[]): this {
    this.fcn = args[0] ?? '';
    this.params = args.slice(1);
    return this;
  }
  getFunctionAndParameters(): { fcn: string; params: string[] } {
    return { fcn: this.fcn, params: [...this.params] };
  }
  async getState(key: string): Promise<Buffer> {
    return this.state.get(key) ?? Buffer.alloc(0);
  }
  async putState(key: string, value: Buffer): Promise<void> {
    this.writes.push(`put ${key}=${value.toString()}`);
    this.state.set(key, Buffer.from(value));
  }
  async deleteState(key: string): Promise<void> {
    this.writes.push(`del ${key}`);
    this.state.delete(key);
  }
  value(key: string): string | undefined {
    return this.state.get(key)?.toString();
  }
}

function expectInputError(fn: () => unknown, message: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(logic.ChaincodeInputError);
  expect((thrown as Error).message).toMatch(message);
}

describe('example02 lib/logic.js', () => {
  it('does not import fabric-shim', () => {
    const source = readFileSync(path.join(CC_DIR, 'lib/logic.js'), 'utf8');
    expect(source).not.toMatch(/require\(\s*['"]fabric-shim/);
  });

  it('parses integers like strconv.Atoi and rejects everything else', () => {
    expect(logic.parseInteger('100', 'x')).toBe(100);
    expect(logic.parseInteger('-25', 'x')).toBe(-25);
    expect(logic.parseInteger('+7', 'x')).toBe(7);
    expect(Object.is(logic.parseInteger('-0', 'x'), 0)).toBe(true);
    for (const bad of ['', ' 1', '1.5', '1e3', '0x10', 'ten', '12a', '9007199254740993']) {
      expectInputError(() => logic.parseInteger(bad, 'Amount (X)'), /Amount \(X\)/);
    }
    expectInputError(() => logic.parseInteger(undefined, 'v'), /must be an integer/);
  });

  it('parses init A Aval B Bval', () => {
    expect(logic.parseInitArgs('init', ['a', '100', 'b', '200'])).toEqual({ a: 'a', aVal: 100, b: 'b', bVal: 200 });
    expectInputError(() => logic.parseInitArgs('init', ['a', '100', 'b']), /expected 4, got 3/);
    expectInputError(
      () => logic.parseInitArgs('init', ['a', 'lots', 'b', '200']),
      /Initial value for a must be an integer, got "lots"/,
    );
    expectInputError(() => logic.parseInitArgs('init', ['a', '1', 'b', '2.5']), /Initial value for b/);
    expectInputError(() => logic.parseInitArgs('init', ['a', '1', 'a', '2']), /distinct/);
    expectInputError(() => logic.parseInitArgs('setup', ['a', '1', 'b', '2']), /Init expects function "init".*"setup"/);
  });

  it('parses move args and refuses a self-transfer', () => {
    expect(logic.parseMoveArgs(['a', 'b', '10'])).toEqual({ from: 'a', to: 'b', amount: 10 });
    expect(logic.parseMoveArgs(['a', 'b', '-3'])).toEqual({ from: 'a', to: 'b', amount: -3 });
    expectInputError(() => logic.parseMoveArgs(['a', 'b']), /expected 3, got 2.*invoke A B X/);
    expectInputError(() => logic.parseMoveArgs(['a', 'b', 'ten']), /Amount \(X\) must be an integer, got "ten"/);
    expectInputError(() => logic.parseMoveArgs(['', 'b', '1']), /non-empty/);
    expectInputError(() => logic.parseMoveArgs(['a', 'a', '1']), /to itself/);
  });

  it('parses single-entity args', () => {
    expect(logic.parseSingleEntityArgs(['a'], 'query')).toBe('a');
    expectInputError(() => logic.parseSingleEntityArgs([], 'query'), /expected 1, got 0.*query A/);
    expectInputError(() => logic.parseSingleEntityArgs(['a', 'b'], 'delete'), /expected 1, got 2.*delete A/);
  });

  it('moves value with the original semantics (negative balances allowed)', () => {
    expect(logic.applyMove(100, 200, 10)).toEqual({ fromVal: 90, toVal: 210 });
    expect(logic.applyMove(5, 0, 20)).toEqual({ fromVal: -15, toVal: 20 });
    expect(logic.applyMove(5, 5, -5)).toEqual({ fromVal: 10, toVal: 0 });
    expectInputError(() => logic.applyMove(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, -1), /overflow/);
  });

  it('encodes and decodes stored values', () => {
    expect(logic.encodeValue(-42).toString()).toBe('-42');
    expect(logic.decodeValue(Buffer.from('123'), 'a')).toBe(123);
    expect(logic.decodeValue(Buffer.alloc(0), 'a')).toBeNull();
    expect(logic.decodeValue(null, 'a')).toBeNull();
    expectInputError(() => logic.decodeValue(Buffer.from('{"x":1}'), 'a'), /Stored value of a is not an integer/);
  });

  it('resolves invoke function names, with move as an alias of invoke', () => {
    expect(logic.resolveInvokeFunction('invoke')).toBe('invoke');
    expect(logic.resolveInvokeFunction('move')).toBe('invoke');
    expect(logic.resolveInvokeFunction('query')).toBe('query');
    expect(logic.resolveInvokeFunction('delete')).toBe('delete');
    expectInputError(
      () => logic.resolveInvokeFunction('transfer'),
      /Unknown function "transfer"; valid functions are: invoke, move, query, delete, put/,
    );
    expect(logic.INVOKE_FUNCTIONS).toEqual(['invoke', 'move', 'query', 'delete', 'put']);
    expect(logic.resolveInvokeFunction('put')).toBe('put');
  });
});

describe('example02 lib/chaincode.js Chaincode', () => {
  async function initialised(): Promise<{ cc: ChaincodeInstance; stub: InMemoryStub }> {
    const cc = new Chaincode(TestShim);
    const stub = new InMemoryStub();
    const res = await cc.Init(stub.call(['init', 'a', '100', 'b', '200']));
    expect(res).toEqual({ status: 200, payload: Buffer.from('') });
    return { cc, stub };
  }

  it('refuses a shim without success/error', () => {
    expect(() => new Chaincode({} as ShimLike)).toThrow(/success\(\) and error\(\)/);
  });

  it('Init writes both balances', async () => {
    const { stub } = await initialised();
    expect(stub.value('a')).toBe('100');
    expect(stub.value('b')).toBe('200');
    expect(stub.writes).toEqual(['put a=100', 'put b=200']);
  });

  it('Init with a non-integer value returns an error and writes nothing', async () => {
    const cc = new Chaincode(TestShim);
    const stub = new InMemoryStub();
    const res = await cc.Init(stub.call(['init', 'a', '100', 'b', 'x']));
    expect(res.status).toBe(500);
    expect(res.message).toBe('Initial value for b must be an integer, got "x"');
    expect(stub.writes).toEqual([]);
  });

  it('invoke and move transfer value; query returns it as bytes', async () => {
    const { cc, stub } = await initialised();
    expect((await cc.Invoke(stub.call(['invoke', 'a', 'b', '10']))).status).toBe(200);
    expect(stub.value('a')).toBe('90');
    expect(stub.value('b')).toBe('210');
    expect((await cc.Invoke(stub.call(['move', 'b', 'a', '300']))).status).toBe(200);
    expect(stub.value('a')).toBe('390');
    expect(stub.value('b')).toBe('-90');

    const q = await cc.Invoke(stub.call(['query', 'b']));
    expect(q.status).toBe(200);
    expect(Buffer.isBuffer(q.payload)).toBe(true);
    expect(q.payload?.toString()).toBe('-90');
  });

  it('invoke rejects bad amounts and missing accounts without writing', async () => {
    const { cc, stub } = await initialised();
    stub.writes.length = 0;
    expect(await cc.Invoke(stub.call(['invoke', 'a', 'b', '1.5']))).toEqual({
      status: 500,
      message: 'Amount (X) must be an integer, got "1.5"',
    });
    expect(await cc.Invoke(stub.call(['invoke', 'a', 'c', '1']))).toEqual({
      status: 500,
      message: 'Entity not found: c',
    });
    expect(await cc.Invoke(stub.call(['invoke', 'z', 'b', '1']))).toEqual({
      status: 500,
      message: 'Entity not found: z',
    });
    expect((await cc.Invoke(stub.call(['invoke', 'a', 'b']))).message).toMatch(/expected 3, got 2/);
    expect(stub.writes).toEqual([]);
    expect(stub.value('a')).toBe('100');
  });

  it('query of a missing entity is an error', async () => {
    const { cc, stub } = await initialised();
    expect(await cc.Invoke(stub.call(['query', 'nobody']))).toEqual({
      status: 500,
      message: 'Entity not found: nobody',
    });
  });

  it('delete removes the entity', async () => {
    const { cc, stub } = await initialised();
    expect((await cc.Invoke(stub.call(['delete', 'a']))).status).toBe(200);
    expect(stub.state.has('a')).toBe(false);
    expect(stub.value('b')).toBe('200');
    expect((await cc.Invoke(stub.call(['query', 'a']))).message).toBe('Entity not found: a');
  });

  it('put writes a key without reading any (concurrent puts of different keys do not conflict)', async () => {
    const { cc, stub } = await initialised();
    expect((await cc.Invoke(stub.call(['put', 'k7', '42']))).status).toBe(200);
    expect(stub.value('k7')).toBe('42');
    expect(stub.value('a')).toBe('100');
    expect((await cc.Invoke(stub.call(['put', 'k7']))).status).toBe(500);
    expect((await cc.Invoke(stub.call(['put', 'k7', 'x']))).status).toBe(500);
    expect(logic.parsePutArgs(['k', '-3'])).toEqual({ key: 'k', value: -3 });
  });

  it('unknown function names the valid ones', async () => {
    const { cc, stub } = await initialised();
    expect(await cc.Invoke(stub.call(['transfer', 'a', 'b', '1']))).toEqual({
      status: 500,
      message: 'Unknown function "transfer"; valid functions are: invoke, move, query, delete, put',
    });
  });

  it('reports stub failures as internal errors instead of throwing', async () => {
    const { cc, stub } = await initialised();
    stub.getState = async () => {
      throw new Error('peer went away');
    };
    expect(await cc.Invoke(stub.call(['query', 'a']))).toEqual({
      status: 500,
      message: 'Internal chaincode error: peer went away',
    });
  });
  // The real fabric-shim is exercised end to end on the devnet (test/integration/tutorial-by-hand.test.ts).
});

describe('example02 index.js and package.json', () => {
  it('index.js hands a Chaincode wired to fabric-shim to shim.start', async () => {
    // Runs index.js in a child node with a fake fabric-shim (test fake, records start()).
    const probe = `
      const Module = require('node:module');
      const calls = [];
      const fakeShim = {
        success: (p) => ({ status: 200, payload: p }),
        error: (m) => ({ status: 500, message: m }),
        start: (cc) => calls.push(cc),
      };
      const load = Module._load;
      Module._load = function (request, ...rest) {
        return request === 'fabric-shim' ? fakeShim : load.call(this, request, ...rest);
      };
      require(process.argv[1]);
      const { Chaincode } = require(process.argv[2]);
      const cc = calls[0];
      process.stdout.write(JSON.stringify({
        starts: calls.length,
        isChaincode: cc instanceof Chaincode,
        usesShim: cc.shim === fakeShim,
      }));
    `;
    const res = await execa('node', [
      '-e',
      probe,
      path.join(CC_DIR, 'index.js'),
      path.join(CC_DIR, 'lib/chaincode.js'),
    ]);
    expect(JSON.parse(res.stdout)).toEqual({ starts: 1, isChaincode: true, usesShim: true });
  });

  it('package.json pins fabric-shim and starts with plain node (low-level shim.start)', () => {
    const pkg = loadCc('./package.json') as {
      main: string;
      scripts: Record<string, string>;
      engines: Record<string, string>;
      dependencies: Record<string, string>;
    };
    expect(pkg.main).toBe('index.js');
    expect(pkg.dependencies).toEqual({ 'fabric-shim': '2.5.8' });
    expect(pkg.engines.node).toBe('>=18');
    // `fabric-chaincode-node start` would require index.js (which already calls shim.start)
    // and then treat its exports as a contract class, which crashes for Init/Invoke chaincode.
    expect(pkg.scripts.start).toBe('node index.js');
    const lock = loadCc('./package-lock.json') as { packages: Record<string, { version?: string }> };
    expect(lock.packages['node_modules/fabric-shim']?.version).toBe('2.5.8');
  });
});
