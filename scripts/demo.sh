#!/usr/bin/env bash
# `npm run demo`: the main job. Sets itself up on a fresh machine (npm deps, the Fabric binaries
# built from source), brings up the devnet and runs the AMB tutorial's steps 4–7 through fabkit
# on a 1.x-lifecycle channel and a 2.x-lifecycle channel (scripts/demo.js), then prints a summary.
# `npm run demo -- --runtime docker` runs the same flow through the tutorial's cli container on a
# real Docker engine (scripts/docker-engine.sh up).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# (node_modules as a symlink is a tree shared with other checkouts, e.g. git worktrees: npm ci would
# empty and refill the shared directory under them, so it is left alone)
if [[ ! -L node_modules ]] && { [[ ! -d node_modules/.bin ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; }; then
  npm ci --no-audit --no-fund
fi
bash scripts/install-fabric.sh >/dev/null
npm run --silent build
node scripts/demo.js "$@"
