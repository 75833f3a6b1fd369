#!/usr/bin/env bash
# `npm run demo`: the main job. Sets itself up on a fresh machine (npm deps, the Fabric binaries
# built from source), brings up the devnet and runs the AMB tutorial's steps 4–7 through fabkit
# on a 1.x-lifecycle channel and a 2.x-lifecycle channel (scripts/demo.js), then prints a summary.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ ! -d node_modules/.bin ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi
bash scripts/install-fabric.sh >/dev/null
npx tsc -p tsconfig.build.json
node scripts/demo.js
