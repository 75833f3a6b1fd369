/** Tells a statically linked ELF executable from a dynamic one (which names a program interpreter). */
import * as fs from 'node:fs';

const PT_INTERP = 3;

export type ElfLinking = 'static' | 'dynamic';

/**
 * Pure: from the first bytes of a file (at least its ELF header and program headers), whether it
 * is an ELF executable and how it is linked; undefined when it is not ELF or the bytes are too few.
 * A dynamic executable has a PT_INTERP program header (e.g. /lib64/ld-linux-x86-64.so.2).
 */
export function elfLinking(bytes: Buffer): ElfLinking | undefined {
  if (bytes.length < 52 || bytes.readUInt32BE(0) !== 0x7f454c46) return undefined;
  const is64 = bytes[4] === 2;
  const little = bytes[5] === 1;
  const u16 = (at: number): number => (little ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number): number => (little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const u64 = (at: number): number => Number(little ? bytes.readBigUInt64LE(at) : bytes.readBigUInt64BE(at));
  if (is64 && bytes.length < 64) return undefined;
  const phoff = is64 ? u64(0x20) : u32(0x1c);
  const phentsize = u16(is64 ? 0x36 : 0x2a);
  const phnum = u16(is64 ? 0x38 : 0x2c);
  if (phentsize < 4 || phoff + phentsize * phnum > bytes.length) return undefined;
  for (let i = 0; i < phnum; i++) if (u32(phoff + i * phentsize) === PT_INTERP) return 'dynamic';
  return 'static';
}

/** How the ELF file at `file` is linked; undefined when it is not an ELF executable. */
export function elfLinkingOf(file: string): ElfLinking | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(64 * 1024);
    const read = fs.readSync(fd, bytes, 0, bytes.length, 0);
    return elfLinking(bytes.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
}
