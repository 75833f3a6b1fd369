import { FabkitError } from '../../src/errors';

/** Runs `fn` and returns the FabkitError it throws; fails the test if it throws nothing or something else. */
export function thrown(fn: () => unknown): FabkitError {
  try {
    fn();
  } catch (error) {
    if (error instanceof FabkitError) return error;
    throw error;
  }
  throw new Error('expected a FabkitError');
}
