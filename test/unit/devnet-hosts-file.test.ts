/** The marked hosts-file block of `devnet up --hosts`: added, replaced, and removed exactly, on a temp file. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  addHostsBlock,
  assertHostsWritable,
  hostsFilePath,
  removeHostsBlock,
  withBlock,
  withoutBlock,
} from '../../src/devnet/hosts-file';
import { FabkitError } from '../../src/errors';

const N1 = 'n-AAAAAAAAAAAAAAAAAAAAAAAAAA';
const N2 = 'n-BBBBBBBBBBBBBBBBBBBBBBBBBB';
const ORIGINAL = '127.0.0.1 localhost\n::1 ip6-localhost\n# a comment\n';

describe('devnet hosts block', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-hosts-'));
    file = path.join(dir, 'hosts');
    fs.writeFileSync(file, ORIGINAL);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('adds a marked block and removes exactly it, leaving the file byte for byte as it was', () => {
    addHostsBlock(N1, '/tmp/dn', ['127.0.36.1 orderer.x'], file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith(ORIGINAL)).toBe(true);
    expect(text).toContain(`# BEGIN fabkit devnet ${N1} (/tmp/dn)`);
    expect(text).toContain('127.0.36.1 orderer.x\n');
    expect(text.trimEnd().endsWith(`# END fabkit devnet ${N1}`)).toBe(true);
    expect(removeHostsBlock(N1, file)).toBe('removed');
    expect(fs.readFileSync(file, 'utf8')).toBe(ORIGINAL);
    expect(removeHostsBlock(N1, file)).toBe('absent');
  });

  it('keeps lines added after the block was written, and another devnet block', () => {
    addHostsBlock(N1, '/tmp/a', ['127.0.36.1 a'], file);
    fs.appendFileSync(file, '10.0.0.9 added-by-someone\n');
    addHostsBlock(N2, '/tmp/b', ['127.0.36.101 b'], file);
    expect(removeHostsBlock(N1, file)).toBe('removed');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('10.0.0.9 added-by-someone\n');
    expect(text).toContain('127.0.36.101 b');
    expect(text).not.toContain('127.0.36.1 a');
    expect(removeHostsBlock(N2, file)).toBe('removed');
    expect(fs.readFileSync(file, 'utf8')).toBe(`${ORIGINAL}10.0.0.9 added-by-someone\n`);
  });

  it('replaces its own block instead of adding a second one', () => {
    const once = withBlock(ORIGINAL, N1, '/d', ['127.0.36.1 old']);
    const twice = withBlock(once, N1, '/d', ['127.0.36.1 new']);
    expect(twice.match(/# BEGIN fabkit devnet/g)).toHaveLength(1);
    expect(twice).toContain('new');
    expect(twice).not.toContain('old');
  });

  it('adds a newline before its block when the file lacks a final one', () => {
    expect(withBlock('127.0.0.1 localhost', N1, '/d', ['x y'])).toMatch(/^127\.0\.0\.1 localhost\n# BEGIN/);
  });

  it('leaves a block whose end line was removed by hand alone, and says so', () => {
    const damaged = withBlock(ORIGINAL, N1, '/d', ['127.0.36.1 a']).replace(`# END fabkit devnet ${N1}\n`, '');
    fs.writeFileSync(file, `${damaged}192.168.1.1 someone-else\n`);
    expect(removeHostsBlock(N1, file)).toBe('unterminated');
    expect(fs.readFileSync(file, 'utf8')).toContain('192.168.1.1 someone-else');
    expect(withoutBlock(damaged, N1).outcome).toBe('unterminated');
    expect(() => addHostsBlock(N1, '/d', ['x y'], file)).toThrow(/not its end line/);
  });

  it('does not touch a block of another devnet whose ID starts the same', () => {
    const other = withBlock(ORIGINAL, `${N1}X`, '/d', ['1.1.1.1 other']);
    expect(withoutBlock(other, N1)).toEqual({ text: other, outcome: 'absent' });
  });

  it('fails clearly when the hosts file cannot be written', () => {
    const unwritable = path.join(dir, 'missing-dir', 'hosts');
    let caught: unknown;
    try {
      addHostsBlock(N1, '/d', ['x y'], unwritable);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FabkitError);
    expect((caught as FabkitError).code).toBe('HOSTS_NOT_WRITABLE');
    expect((caught as FabkitError).hint).toContain('Without --hosts');
  });

  it('edits /etc/hosts unless FABKIT_HOSTS_FILE says otherwise', () => {
    expect(hostsFilePath({})).toBe('/etc/hosts');
    expect(hostsFilePath({ FABKIT_HOSTS_FILE: file })).toBe(file);
  });
});

describe('devnet up --hosts', () => {
  it('checks the hosts file before anything starts', () => {
    expect(() => assertHostsWritable(path.join(os.tmpdir(), 'fabkit-no-such-dir', 'hosts'))).toThrow(
      expect.objectContaining({ code: 'HOSTS_NOT_WRITABLE' }),
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-hosts-ok-'));
    fs.writeFileSync(path.join(dir, 'hosts'), ORIGINAL);
    expect(() => assertHostsWritable(path.join(dir, 'hosts'))).not.toThrow();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
