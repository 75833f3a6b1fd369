/**
 * Where the pinned Fabric binaries live: the version pins, the cache folder, and the install's
 * layout (bin/ and the stock config/). Finding or building them is devnet/binaries.ts's job.
 */
import * as os from 'node:os';
import * as path from 'node:path';

export const FABRIC_VERSION = '2.5.9';
export const FABRIC_CA_VERSION = '1.5.21';
export const FABRIC_TOOLS = [
  'peer',
  'orderer',
  'configtxgen',
  'configtxlator',
  'osnadmin',
  'cryptogen',
  'fabric-ca-server',
  'fabric-ca-client',
] as const;
export type FabricTool = (typeof FABRIC_TOOLS)[number];

export interface FabricInstall {
  readonly binDir: string;
  /** Fabric's stock core.yaml and orderer.yaml. */
  readonly configDir: string;
}

/** fabkit's cache: $FABKIT_CACHE, else $XDG_CACHE_HOME/fabkit, else ~/.cache/fabkit. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.FABKIT_CACHE ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'fabkit');
}

/** Where the pinned Fabric and Fabric CA binaries are (or will be) installed in the cache. */
export function expectedInstall(env: NodeJS.ProcessEnv = process.env): FabricInstall {
  const root = path.join(cacheRoot(env), `fabric-${FABRIC_VERSION}-ca-${FABRIC_CA_VERSION}`);
  return { binDir: path.join(root, 'bin'), configDir: path.join(root, 'config') };
}

/** The path of one binary of an install. */
export function tool(install: FabricInstall, name: FabricTool): string {
  return path.join(install.binDir, name);
}
