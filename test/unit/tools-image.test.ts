/** The pure parts of the locally built fabric-tools image: ELF linking, root file system plan, image changes, names. */
import { elfLinking } from '../../src/runtime/static-elf';
import {
  splitImageName,
  TOOLS_IMAGE_INPUTS_LABEL,
  toolsImageChanges,
  toolsImageEntries,
} from '../../src/runtime/tools-image';

/** A minimal ELF header with program headers of the given types (64-bit or 32-bit, little or big endian). */
function elf(types: number[], { is64 = true, little = true } = {}): Buffer {
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const b = Buffer.alloc(ehsize + phentsize * types.length);
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = is64 ? 2 : 1;
  b[5] = little ? 1 : 2;
  const u16 = (v: number, at: number) => (little ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at));
  const u32 = (v: number, at: number) => (little ? b.writeUInt32LE(v, at) : b.writeUInt32BE(v, at));
  if (is64) {
    if (little) b.writeBigUInt64LE(BigInt(ehsize), 0x20);
    else b.writeBigUInt64BE(BigInt(ehsize), 0x20);
  } else u32(ehsize, 0x1c);
  u16(phentsize, is64 ? 0x36 : 0x2a);
  u16(types.length, is64 ? 0x38 : 0x2c);
  types.forEach((type, i) => u32(type, ehsize + i * phentsize));
  return b;
}

describe('elfLinking', () => {
  test.each([
    { name: '64-bit LE, LOAD only', bytes: elf([1, 1, 4]), expected: 'static' },
    { name: '64-bit LE with INTERP', bytes: elf([6, 3, 1]), expected: 'dynamic' },
    { name: '64-bit BE with INTERP', bytes: elf([3], { little: false }), expected: 'dynamic' },
    { name: '32-bit LE, LOAD only', bytes: elf([1], { is64: false }), expected: 'static' },
    { name: '32-bit LE with INTERP', bytes: elf([1, 3], { is64: false }), expected: 'dynamic' },
    { name: 'a shell script', bytes: Buffer.from('#!/bin/sh\necho hi\n'.padEnd(80, ' ')), expected: undefined },
    { name: 'too short', bytes: elf([1]).subarray(0, 40), expected: undefined },
    { name: 'program headers cut off', bytes: elf([1, 3]).subarray(0, 100), expected: undefined },
  ])('$name → $expected', ({ bytes, expected }) => expect(elfLinking(bytes)).toBe(expected));
});

describe('toolsImageEntries', () => {
  const entries = toolsImageEntries({
    binDir: '/cache/bin',
    configDir: '/cache/config',
    busybox: '/cache/busybox',
    tools: ['peer', 'configtxgen'],
    configFiles: ['core.yaml', 'configtx.yaml'],
    applets: ['sh', 'ls', '['],
  });
  const byName = new Map(entries.map((e) => [e.name, e]));

  test('every directory comes before what it holds, once', () => {
    const seen = new Set<string>();
    for (const entry of entries) {
      const parent = entry.name.replace(/\/$/, '').split('/').slice(0, -1).join('/');
      if (parent !== '') expect(seen.has(`${parent}/`)).toBe(true);
      expect(seen.has(entry.name)).toBe(false);
      seen.add(entry.name);
    }
  });

  test('busybox with its applets as links, bash as busybox ash, env in /usr/bin', () => {
    expect(byName.get('bin/busybox')).toEqual({ type: 'file', name: 'bin/busybox', source: '/cache/busybox', mode: 0o755 }); // prettier-ignore
    for (const applet of ['sh', 'ls', '['])
      expect(byName.get(`bin/${applet}`)).toEqual({ type: 'symlink', name: `bin/${applet}`, target: 'busybox' });
    expect(byName.get('bin/bash')).toMatchObject({ type: 'text', mode: 0o755 });
    expect(byName.get('bin/bash')).toHaveProperty('text', expect.stringContaining('exec /bin/busybox ash "$@"'));
    expect(byName.get('usr/bin/env')).toEqual({ type: 'symlink', name: 'usr/bin/env', target: '/bin/busybox' });
  });

  test('the tools in /usr/local/bin, the config files in /etc/hyperledger/fabric, /tmp 1777, /root 0700', () => {
    expect(byName.get('usr/local/bin/peer')).toEqual({ type: 'file', name: 'usr/local/bin/peer', source: '/cache/bin/peer', mode: 0o755 }); // prettier-ignore
    expect(byName.get('usr/local/bin/configtxgen')).toMatchObject({ source: '/cache/bin/configtxgen' });
    expect(byName.get('etc/hyperledger/fabric/core.yaml')).toMatchObject({ source: '/cache/config/core.yaml', mode: 0o644 }); // prettier-ignore
    expect(byName.get('etc/hyperledger/fabric/configtx.yaml')).toMatchObject({ source: '/cache/config/configtx.yaml' });
    expect(byName.get('tmp/')).toEqual({ type: 'directory', name: 'tmp/', mode: 0o1777 });
    expect(byName.get('root/')).toEqual({ type: 'directory', name: 'root/', mode: 0o700 });
    expect(byName.get('opt/gopath/src/github.com/hyperledger/fabric/peer/')).toMatchObject({ type: 'directory' });
    expect(entries.filter((e) => e.type === 'file').map((e) => e.name)).toEqual([
      'bin/busybox',
      'usr/local/bin/peer',
      'usr/local/bin/configtxgen',
      'etc/hyperledger/fabric/core.yaml',
      'etc/hyperledger/fabric/configtx.yaml',
    ]);
  });
});

test('toolsImageChanges: the environment, working directory, command and labels of fabric-tools', () => {
  expect(toolsImageChanges('2.5.9', 'abc123')).toEqual([
    'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin',
    'ENV FABRIC_CFG_PATH=/etc/hyperledger/fabric',
    'ENV GOPATH=/opt/gopath',
    'WORKDIR /opt/gopath/src/github.com/hyperledger/fabric/peer',
    'CMD ["/bin/sh"]',
    'LABEL dev.fabkit.tools-image="fabric-tools built locally by fabkit from its own binaries"',
    'LABEL org.hyperledger.fabric.version="2.5.9"',
    `LABEL ${TOOLS_IMAGE_INPUTS_LABEL}="abc123"`,
  ]);
});

test.each([
  ['hyperledger/fabric-tools:2.5.9', { repo: 'hyperledger/fabric-tools', tag: '2.5.9' }],
  ['fabric-tools', { repo: 'fabric-tools', tag: 'latest' }],
  ['registry.local:5000/fabric-tools', { repo: 'registry.local:5000/fabric-tools', tag: 'latest' }],
  ['registry.local:5000/fabric-tools:1.2.0', { repo: 'registry.local:5000/fabric-tools', tag: '1.2.0' }],
])('splitImageName(%s)', (image, expected) => expect(splitImageName(image)).toEqual(expected));
