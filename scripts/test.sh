#!/usr/bin/env bash
# `npm test`: does all its own set-up on a fresh machine (Node 20 + Go + gcc), then runs
# the formatter check, typecheck, lint, the unit tests and the integration tests on a real devnet.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ ! -d node_modules/.bin ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "test: installing npm dependencies" >&2
  npm ci --no-audit --no-fund
fi
echo "test: making sure the devnet's Fabric binaries are built" >&2
bash scripts/install-fabric.sh >/dev/null
echo "test: making sure moto (the AMB API server the AMB tests run against) is installed" >&2
bash scripts/moto.sh install >/dev/null

npx prettier --check . >/dev/null || { npx prettier --list-different .; echo 'test: formatting differs (npx prettier --write .)' >&2; exit 1; }
npx tsc -p tsconfig.json --noEmit
npx eslint .

report="$(mktemp -t fabkit-jest-XXXXXX.json)"
status=0
npx jest --runInBand --json --outputFile "$report" "$@" || status=$?
node -e '
  const r = require(process.argv[1]);
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' "$report"
rm -f "$report"
exit "$status"
