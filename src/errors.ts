/**
 * The one error type of fabkit. Every failure a user can meet carries a stable `code`
 * (for scripts and --json), a message that names the value and the rule, and a `hint`
 * that says what to do next. Messages never contain passwords or private keys.
 */
export type ErrorKind = 'usage' | 'failure';

export interface FabkitErrorOptions {
  readonly hint?: string;
  readonly cause?: unknown;
  /** `usage` errors are bad input (exit 2); everything else is an operation failure (exit 1). */
  readonly kind?: ErrorKind;
  readonly details?: Readonly<Record<string, unknown>>;
}

export class FabkitError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly kind: ErrorKind;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, options: FabkitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FabkitError';
    this.code = code;
    this.hint = options.hint;
    this.kind = options.kind ?? 'failure';
    this.details = options.details;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, hint: this.hint, kind: this.kind, details: this.details };
  }
}

export function isFabkitError(value: unknown): value is FabkitError {
  return value instanceof FabkitError;
}

/** Bad input: the caller must change what it passed. Maps to exit code 2. */
export function usageError(
  code: string,
  message: string,
  hint?: string,
  details?: Record<string, unknown>,
): FabkitError {
  return new FabkitError(code, message, { kind: 'usage', hint, details });
}
