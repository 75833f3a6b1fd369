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

/** Awaits `promise` and returns the FabkitError it rejects with; fails the test if it resolves or rejects with something else. */
export async function rejected(promise: Promise<unknown>): Promise<FabkitError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FabkitError) return error;
    throw error;
  }
  throw new Error('expected a FabkitError');
}
