/** The tutorial's Go chaincode_example02 vendored by hand (tutorial step 7.1, `go mod vendor`), for tests that package with the bare peer CLI. */
import execa from 'execa';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const GO_CHAINCODE = path.resolve(__dirname, '..', '..', 'chaincode', 'chaincode_example02', 'go');

/** A copy of the Go example02 under `parent` with vendor/ filled by `go mod vendor`; reused when present. */
export async function vendoredGoChaincode(parent: string): Promise<string> {
  const dir = path.join(parent, 'chaincode_example02', 'go');
  if (fs.existsSync(path.join(dir, 'vendor', 'modules.txt'))) return dir;
  fs.cpSync(GO_CHAINCODE, dir, { recursive: true });
  await execa('go', ['mod', 'vendor'], { cwd: dir, env: { GOFLAGS: '-mod=mod' } });
  return dir;
}
