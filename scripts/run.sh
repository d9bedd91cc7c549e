#!/usr/bin/env bash
# Sets up what is missing, builds the release app and serves it on http://127.0.0.1:${PORT:-8080}/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
bash scripts/build.sh
node scripts/size.mjs
exec node scripts/serve.mjs dist "${PORT:-8080}"
