/** fabkit's public API. The CLI imports only from here. */
export { FabkitError, isFabkitError, usageError } from './errors';
export type { ErrorKind, FabkitErrorOptions } from './errors';
