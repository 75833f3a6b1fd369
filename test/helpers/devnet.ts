import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import execa from 'execa';
import type { NetworkFile } from '../../src/config/network-file';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FABKIT = path.join(ROOT, 'bin', 'fabkit.js');
/** Base port of the shared devnet; FABKIT_INT_BASE_PORT lets two integration runs share a machine. */
export const SHARED_BASE_PORT = Number(process.env.FABKIT_INT_BASE_PORT ?? 27050);
/**
 * First loopback address of the shared devnet (one address per resource, AMB role ports):
 * FABKIT_INT_ADDRESS_BLOCK, else one derived from the base port (27650 -> 127.108.2.1), so that
 * runs on distinct base ports never share an address.
 */
export const SHARED_ADDRESS_BLOCK =
  process.env.FABKIT_INT_ADDRESS_BLOCK || `127.${(SHARED_BASE_PORT >> 8) & 255}.${SHARED_BASE_PORT & 255}.1`;
/** The same block 100 addresses further on: for a second devnet side by side with the shared one. */
export const SECOND_ADDRESS_BLOCK = ((): string => {
  const octets = SHARED_ADDRESS_BLOCK.split('.');
  const last = Number(octets[3] ?? 1);
  return [...octets.slice(0, 3), String(last <= 120 ? last + 100 : last - 100)].join('.');
})();
/** `devnet up` flags that address the shared devnet (as global-setup started it). */
export const SHARED_ADDRESS_FLAGS = ['--address-block', SHARED_ADDRESS_BLOCK];
/**
 * Whether the shared devnet makes its AMB-shaped names resolve (`up --hosts`): when the hosts
 * file is writable and FABKIT_INT_HOSTS is not 0. Otherwise clients get the addresses.
 */
export function sharedUsesHosts(): boolean {
  if (process.env.FABKIT_INT_HOSTS === '0') return false;
  try {
    fs.accessSync(process.env.FABKIT_HOSTS_FILE || '/etc/hosts', fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** `devnet up` flags that start the shared devnet again exactly as global-setup did (addresses, and --hosts when used). */
export function sharedUpFlags(): string[] {
  return [...SHARED_ADDRESS_FLAGS, ...(sharedUsesHosts() ? ['--hosts'] : [])];
}

/** Where global-setup records the shared devnet for the test files (one file per base port). */
export const SHARED_FILE = path.join(os.tmpdir(), `fabkit-int-devnet-${SHARED_BASE_PORT}.json`);

export interface SharedDevnet {
  readonly dir: string;
  readonly binDir: string;
  /** The real Docker engine global-setup made sure of (it holds the fabric-tools image). */
  readonly dockerHost: string;
}

export function sharedDevnet(): SharedDevnet {
  return JSON.parse(fs.readFileSync(SHARED_FILE, 'utf8')) as SharedDevnet;
}

export function readNetwork(dir: string): NetworkFile {
  return JSON.parse(fs.readFileSync(path.join(dir, 'network.json'), 'utf8')) as NetworkFile;
}

export function adminPassword(dir: string, memberId: string): string {
  const creds = JSON.parse(fs.readFileSync(path.join(dir, 'credentials.json'), 'utf8')) as Record<
    string,
    { AdminPassword: string }
  >;
  const entry = creds[memberId];
  if (!entry) throw new Error(`no credentials for ${memberId}`);
  return entry.AdminPassword;
}

/** Runs the built fabkit CLI as a user would. */
export function fabkit(args: readonly string[], env: Record<string, string> = {}): execa.ExecaChildProcess {
  return execa(process.execPath, [FABKIT, ...args], { reject: false, env, cwd: ROOT });
}

/** The devnet styles the channel and chaincode behaviour suites run on (issue 14). */
export type DevnetStyle = 'amb' | 'fabric';

/**
 * A devnet of `style` for one test file: the shared (AMB-style) devnet, or a fabric-style devnet
 * this file starts on FABKIT_INT_BASE_PORT + 50 (its own temporary directory) and stops with `stop`.
 */
export async function styleDevnet(style: DevnetStyle): Promise<{ dir: string; stop: () => Promise<void> }> {
  if (style === 'amb') return { dir: sharedDevnet().dir, stop: () => Promise.resolve() };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fabkit-fabric-style-'));
  const up = await fabkit([
    'devnet',
    'up',
    '--dir',
    dir,
    '--base-port',
    String(SHARED_BASE_PORT + 50),
    '--style',
    'fabric',
    '--json',
  ]);
  if (up.exitCode !== 0) throw new Error(`devnet up --style fabric failed:\n${up.stderr}\n${up.stdout}`);
  return {
    dir,
    stop: async () => {
      await fabkit(['devnet', 'down', '--dir', dir, '--purge']);
    },
  };
}
