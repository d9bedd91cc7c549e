#!/usr/bin/env bash
# Sets up what is missing, builds the release app and the server, and serves the app on
# http://127.0.0.1:${PORT:-8080}/ with tend-server (crates/server).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
bash scripts/build.sh
node scripts/size.mjs
exec "${CARGO_TARGET_DIR:-target}/release/tend-server" --dist dist --listen "127.0.0.1:${PORT:-8080}"
