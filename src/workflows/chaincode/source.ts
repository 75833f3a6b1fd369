/** What names and holds a chaincode: its name, version and source folder, checked before anything runs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { usageError } from '../../errors';
import { assertChaincodeName, assertChaincodeNameVersion, assertChaincodeVersion } from '../../validate/ids';

export function assertChaincodeRef(name: string, version?: string): void {
  assertChaincodeName(name);
  if (version !== undefined) assertChaincodeVersion(version);
  if (version !== undefined) assertChaincodeNameVersion(name, version);
}

/** The chaincode source directory: must exist and look like Node chaincode (package.json). */
export function assertChaincodeSource(dir: string): string {
  const abs = path.resolve(dir);
  if (!fs.existsSync(path.join(abs, 'package.json'))) {
    throw usageError(
      'CHAINCODE_SOURCE_INVALID',
      `${abs} is not a Node chaincode directory: it has no package.json`,
      'Pass --path to the chaincode folder, e.g. --path chaincode/example02.',
    );
  }
  return abs;
}
