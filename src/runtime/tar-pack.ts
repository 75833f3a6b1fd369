/** Writes a tar stream (tar-stream's pack) from a list of entries: directories, files, texts and symlinks. */
import * as fs from 'node:fs';
import type { Readable } from 'node:stream';

export type TarEntry =
  | { readonly type: 'directory'; readonly name: string; readonly mode: number }
  /** A file copied from the host, under another name. */
  | { readonly type: 'file'; readonly name: string; readonly source: string; readonly mode: number }
  | { readonly type: 'text'; readonly name: string; readonly text: string; readonly mode: number }
  | { readonly type: 'symlink'; readonly name: string; readonly target: string };

interface TarHeader {
  readonly name: string;
  readonly type?: 'file' | 'directory' | 'symlink';
  readonly mode?: number;
  readonly size?: number;
  readonly linkname?: string;
  readonly uid?: number;
  readonly gid?: number;
  readonly mtime?: Date;
}

/** The part of tar-stream 2.x's pack that fabkit uses (the package ships no types). */
export interface TarPack extends Readable {
  entry(header: TarHeader, callback: (error?: Error | null) => void): NodeJS.WritableStream;
  entry(header: TarHeader, body: string | Buffer, callback: (error?: Error | null) => void): void;
  finalize(): void;
}

/* eslint-disable @typescript-eslint/no-require-imports -- tar-stream has no types; require() keeps them local */
export const createTarPack = (): TarPack => (require('tar-stream') as { pack: () => TarPack }).pack();
/* eslint-enable @typescript-eslint/no-require-imports */

function added(resolve: () => void, reject: (error: Error) => void) {
  return (error?: Error | null): void => (error ? reject(error) : resolve());
}

/** Adds one entry, owned by root, and waits until the pack has taken all of it. */
export function addEntry(pack: TarPack, entry: TarEntry, mtime: Date): Promise<void> {
  const base = { name: entry.name, uid: 0, gid: 0, mtime };
  return new Promise((resolve, reject) => {
    const done = added(resolve, reject);
    switch (entry.type) {
      case 'directory':
        pack.entry({ ...base, type: 'directory', mode: entry.mode }, done);
        return;
      case 'symlink':
        pack.entry({ ...base, type: 'symlink', linkname: entry.target, mode: 0o777 }, done);
        return;
      case 'text':
        pack.entry({ ...base, type: 'file', mode: entry.mode }, entry.text, done);
        return;
      case 'file': {
        const size = fs.statSync(entry.source).size;
        const sink = pack.entry({ ...base, type: 'file', mode: entry.mode, size }, done);
        const source = fs.createReadStream(entry.source);
        source.once('error', reject);
        source.pipe(sink);
      }
    }
  });
}

/** Writes every entry in order, then ends the archive. */
export async function writeTar(pack: TarPack, entries: readonly TarEntry[], mtime: Date): Promise<void> {
  for (const entry of entries) await addEntry(pack, entry, mtime);
  pack.finalize();
}
