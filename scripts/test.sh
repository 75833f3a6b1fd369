#!/usr/bin/env bash
# `npm test`: does all its own set-up on a fresh machine (Node 20 + Go + gcc), then runs
# the formatter check, typecheck, lint, the unit tests and the integration tests on a real devnet
# and a real Docker engine.
#
# The engine: scripts/docker-engine.sh up uses the one DOCKER_HOST names, else /var/run/docker.sock;
# where neither answers (and as root with apt) it installs Debian's docker.io package and starts a
# private dockerd under ~/.cache/fabkit/docker-engine, which this script stops at the end (only if
# it started it). The integration tests' global setup builds the fabric-tools image on it
# (`fabkit cli image build`: nothing to do when the Fabric binaries did not change).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# (node_modules as a symlink is a tree shared with other checkouts, e.g. git worktrees: npm ci would
# empty and refill the shared directory under them, so it is left alone)
if [[ ! -L node_modules ]] && { [[ ! -d node_modules/.bin ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; }; then
  echo "test: installing npm dependencies" >&2
  npm ci --no-audit --no-fund
fi
echo "test: making sure the devnet's Fabric binaries are built" >&2
bash scripts/install-fabric.sh >/dev/null
echo "test: making sure moto (the AMB API server the AMB tests run against) is installed" >&2
bash scripts/moto.sh install >/dev/null
echo "test: making sure a Docker engine answers (the docker runtime's tests run on a real one)" >&2
engine_started=false
bash scripts/docker-engine.sh status >/dev/null 2>&1 || engine_started=true
DOCKER_HOST="$(bash scripts/docker-engine.sh up)"
export DOCKER_HOST
if ${engine_started}; then
  # Started here, so stopped here: only the private dockerd, by the pid file the script keeps.
  trap 'echo "test: stopping the private Docker engine it started" >&2; bash scripts/docker-engine.sh down >&2 || true' EXIT
fi

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
