/** A chaincode call's arguments as the peer CLI takes them (`-c '{"Args":[…]}'`): checked, and as a list. */
import { usageError } from '../../errors';

/**
 * `-c` / `--ctor` as the peer CLI takes it: a JSON object with an "Args" array of strings
 * (optionally "function"). Returns the compact JSON; refuses anything else before any call.
 */
export function parseCtor(text: string, flag = '-c'): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw usageError(
      'CTOR_NOT_JSON',
      `${flag} ${JSON.stringify(text)} is not JSON: ${(error as Error).message}`,
      `Pass it the way the peer CLI takes it, e.g. ${flag} '{"Args":["init","a","100","b","200"]}'`,
    );
  }
  const args = (value as { Args?: unknown } | null)?.Args;
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    !Array.isArray(args) ||
    !args.every((a) => typeof a === 'string')
  ) {
    throw usageError(
      'CTOR_INVALID',
      `${flag} ${JSON.stringify(text)} must be an object with an "Args" array of strings`,
      `e.g. ${flag} '{"Args":["query","a"]}' (numbers are passed as strings: "10", not 10)`,
    );
  }
  return JSON.stringify(value);
}

/** The function and its arguments of a checked ctor, as one list (what the SDK takes). */
export function ctorArgs(ctor: string): string[] {
  const v = JSON.parse(ctor) as { function?: string; Args: string[] };
  return v.function === undefined ? v.Args : [v.function, ...v.Args];
}
