#!/usr/bin/env bash
# `npm run demo`: the main job. Sets itself up on a fresh machine, brings up the devnet and
# prints its status. Later steps of the tutorial flow are added here as fabkit grows.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ -d node_modules/.bin ]] || npm ci --no-audit --no-fund
npx tsc -p tsconfig.build.json
dir="${FABKIT_DEMO_DIR:-.devnet}"
node bin/fabkit.js devnet up --dir "$dir"
node bin/fabkit.js devnet status --dir "$dir"
echo
echo "The devnet keeps running. Stop it with: node bin/fabkit.js devnet down --dir $dir"
