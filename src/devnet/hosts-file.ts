/** The marked /etc/hosts block of `devnet up --hosts` that makes a devnet's AMB-shaped names resolve; `down` removes exactly that block. */
import * as fs from 'node:fs';
import { FabkitError } from '../errors';

/** The hosts file edited; FABKIT_HOSTS_FILE points tests at a copy. */
export function hostsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.FABKIT_HOSTS_FILE || '/etc/hosts';
}

/** The block's first and last lines for one devnet, keyed by its network ID (unique per devnet). */
export function blockMarkers(networkId: string, dir: string): { begin: string; end: string } {
  return {
    begin: `# BEGIN fabkit devnet ${networkId} (${dir.replace(/[\r\n]/g, ' ')}): added by \`fabkit devnet up --hosts\`, removed by \`fabkit devnet down\``,
    end: `# END fabkit devnet ${networkId}`,
  };
}

const beginPrefix = (networkId: string): string => `# BEGIN fabkit devnet ${networkId} `;
const endLine = (networkId: string): string => `# END fabkit devnet ${networkId}`;

/** What removing the block found: removed it, found none, or found its start without its end (then nothing is touched). */
export type BlockRemoval = 'removed' | 'absent' | 'unterminated';

/**
 * Pure: the text without this devnet's block(s), every other line kept byte for byte. A block
 * whose end marker is gone (edited by hand) is left alone: removing to the end of the file could
 * delete someone else's lines.
 */
export function withoutBlock(text: string, networkId: string): { text: string; outcome: BlockRemoval } {
  const lines = text.split('\n');
  const kept: string[] = [];
  let outcome: BlockRemoval = 'absent';
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (line.startsWith(beginPrefix(networkId))) {
      const end = lines.findIndex((l, j) => j > i && l.trimEnd() === endLine(networkId));
      if (end === -1) return { text, outcome: 'unterminated' };
      i = end;
      outcome = 'removed';
      continue;
    }
    kept.push(line);
  }
  return { text: kept.join('\n'), outcome };
}

/** Pure: the text with this devnet's block (replacing an earlier one) at the end, each line as given. */
export function withBlock(text: string, networkId: string, dir: string, lines: readonly string[]): string {
  const removed = withoutBlock(text, networkId);
  if (removed.outcome === 'unterminated') throw unterminated(networkId);
  const base = removed.text;
  const { begin, end } = blockMarkers(networkId, dir);
  const sep = base === '' || base.endsWith('\n') ? '' : '\n';
  return `${base}${sep}${[begin, ...lines, end].join('\n')}\n`;
}

function unterminated(networkId: string, file = hostsFilePath()): FabkitError {
  return new FabkitError(
    'HOSTS_BLOCK_DAMAGED',
    `${file} holds the start of the devnet's block (${networkId}) but not its end line`,
    {
      kind: 'usage',
      hint: `Edit ${file} by hand: remove the lines from "# BEGIN fabkit devnet ${networkId}" to where the block ended.`,
    },
  );
}

function notWritable(file: string, error: NodeJS.ErrnoException): FabkitError {
  return new FabkitError('HOSTS_NOT_WRITABLE', `Cannot update ${file}: ${error.code ?? error.message}`, {
    kind: 'usage',
    hint: `--hosts needs write access to ${file} (run as root, e.g. with sudo). Without --hosts the devnet gives clients its IP addresses, which every certificate names too; the lines --hosts would add are in the devnet's hosts file.`,
    cause: error,
  });
}

/** Fails with HOSTS_NOT_WRITABLE before anything starts when `up --hosts` could not write the hosts file. */
export function assertHostsWritable(file = hostsFilePath()): void {
  try {
    fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
  } catch (error) {
    throw notWritable(file, error as NodeJS.ErrnoException);
  }
}

/**
 * Writes this devnet's block into the hosts file, in place (not by rename: /etc/hosts is often a
 * bind mount), re-reading it just before so that lines added meanwhile are kept.
 */
export function addHostsBlock(networkId: string, dir: string, lines: readonly string[], file = hostsFilePath()): void {
  try {
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, withBlock(text, networkId, dir, lines));
  } catch (error) {
    if (error instanceof FabkitError) throw error;
    throw notWritable(file, error as NodeJS.ErrnoException);
  }
}

/** Removes exactly this devnet's block from the hosts file (re-read just before); a missing file or block is no error. */
export function removeHostsBlock(networkId: string, file = hostsFilePath()): BlockRemoval {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw notWritable(file, error as NodeJS.ErrnoException);
  }
  const result = withoutBlock(text, networkId);
  if (result.outcome !== 'removed') return result.outcome;
  try {
    fs.writeFileSync(file, result.text);
  } catch (error) {
    throw notWritable(file, error as NodeJS.ErrnoException);
  }
  return 'removed';
}
