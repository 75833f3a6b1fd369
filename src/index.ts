/** fabkit's public API. The CLI imports only from here. */
export { FabkitError, isFabkitError, usageError } from './errors';
export type { ErrorKind, FabkitErrorOptions } from './errors';
export { waitFor } from './runtime/wait-for';
export type { WaitOptions, WaitResult } from './runtime/wait-for';
export { devnetUp } from './devnet/up';
export type { DevnetUpResult, Timing } from './devnet/up';
export { devnetDown } from './devnet/down';
export type { DevnetDownResult } from './devnet/down';
export { devnetStatus } from './devnet/status';
export type { DevnetStatus } from './devnet/status';
export { runWatcher } from './devnet/watcher';
export { DEFAULT_BASE_PORT, planLayout } from './devnet/layout';
export type { DevnetOptions, DevnetLayout } from './devnet/layout';
export type { NetworkFile, NetworkMember, NetworkNode, CredentialsFile } from './devnet/network-file';
export { ensureFabricInstall, expectedInstall, FABRIC_VERSION, FABRIC_CA_VERSION } from './devnet/binaries';
