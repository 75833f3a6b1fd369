/** What names and holds a chaincode: its name, version and source folder (and its language), checked before anything runs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { usageError } from '../../errors';
import type { ChaincodeLanguage } from '../../fabric-cli/chaincode-package';
import { assertChaincodeName, assertChaincodeNameVersion, assertChaincodeVersion } from '../../validate/ids';

export function assertChaincodeRef(name: string, version?: string): void {
  assertChaincodeName(name);
  if (version !== undefined) assertChaincodeVersion(version);
  if (version !== undefined) assertChaincodeNameVersion(name, version);
}

const SUPPORTED = 'Go (a folder with go.mod) and Node (a folder with package.json)';

/** The language of the chaincode in `dir`: go.mod → golang, package.json → node; undefined when neither. */
export function detectChaincodeLanguage(dir: string): ChaincodeLanguage | undefined {
  if (fs.existsSync(path.join(dir, 'go.mod'))) return 'golang';
  if (fs.existsSync(path.join(dir, 'package.json'))) return 'node';
  return undefined;
}

/**
 * A Go import path as the tutorial passes it to `peer chaincode install -p` (resolved under
 * GOPATH/src in its cli container), e.g. github.com/chaincode_example02/go, mapped onto
 * chaincode/<rest> (chaincode/chaincode_example02/go) when that folder exists. Pure but for the probe.
 */
export function tutorialPathCandidate(given: string, cwd = process.cwd()): string | undefined {
  const m = /^(?:\/opt\/gopath\/src\/)?[a-z0-9.-]+\.[a-z]{2,}\/(.+)$/.exec(given);
  if (!m?.[1]) return undefined;
  const candidate = path.join(cwd, 'chaincode', m[1]);
  return fs.existsSync(candidate) ? candidate : undefined;
}

/** The language of a checked source folder (see assertChaincodeSource). */
export function chaincodeLanguageOf(dir: string): ChaincodeLanguage {
  const lang = detectChaincodeLanguage(dir);
  if (lang === undefined) throw notChaincode(dir, dir);
  return lang;
}

function notChaincode(given: string, abs: string) {
  const importPath = /^[a-z0-9.-]+\.[a-z]{2,}\//.test(given) && !fs.existsSync(abs);
  return usageError(
    'CHAINCODE_SOURCE_INVALID',
    importPath
      ? `${given} is a Go import path (the tutorial's \`peer chaincode install -p\` form), not a folder on this machine; fabkit supports ${SUPPORTED}`
      : `${abs} is not a chaincode folder: it has neither go.mod nor package.json; fabkit supports ${SUPPORTED}`,
    importPath
      ? `Pass the chaincode's folder, e.g. --path chaincode/chaincode_example02/go (Go) or --path chaincode/example02 (Node).`
      : 'Pass --path to the chaincode folder, e.g. --path chaincode/example02 (Node) or chaincode/chaincode_example02/go (Go).',
  );
}

/**
 * The chaincode source directory: must exist and hold Go (go.mod) or Node (package.json)
 * chaincode. A tutorial-style Go import path maps onto chaincode/<rest> when that folder exists.
 */
export function assertChaincodeSource(dir: string): string {
  const abs = path.resolve(dir);
  if (detectChaincodeLanguage(abs) !== undefined) return abs;
  const mapped = fs.existsSync(abs) ? undefined : tutorialPathCandidate(dir);
  if (mapped !== undefined && detectChaincodeLanguage(mapped) !== undefined) return mapped;
  throw notChaincode(dir, abs);
}
