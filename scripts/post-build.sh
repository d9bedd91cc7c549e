#!/usr/bin/env bash
# Trunk post-build hook (Trunk runs hooks of one stage in parallel, so this is the only one, doing in order):
# 1. Builds the screens module (src/bin/screens.rs): every screen but Today, kept out of the first load and
#    imported after it. Trunk cannot split a wasm module itself.
# 2. Hashes the screens module's names.
# 3. Checks and bundles the education content.
# 4. Fills the Content-Security-Policy (scripts/csp.mjs), then the service worker's precache list.
set -euo pipefail
cd "$(dirname "$0")/.."
staging="${TRUNK_STAGING_DIR:?run by trunk}"
profile="${TRUNK_PROFILE:-debug}"

cargo_flags=(--target wasm32-unknown-unknown --bin screens)
[ "$profile" = release ] && cargo_flags+=(--release)
cargo build "${cargo_flags[@]}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$work" --out-name screens "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/$profile/screens.wasm"
if [ "$profile" = release ]; then
  wasm-opt -Oz --output "$work/screens_bg.opt.wasm" "$work/screens_bg.wasm"
  mv "$work/screens_bg.opt.wasm" "$work/screens_bg.wasm"
fi

# Content-hashed names, so the long cache lifetime of scripts/serve.mjs is safe.
hash=$(cat "$work/screens.js" "$work/screens_bg.wasm" | sha256sum | cut -c1-16)
sed "s/screens_bg\.wasm/screens-${hash}_bg.wasm/g" "$work/screens.js" > "$staging/screens-$hash.js"
cp "$work/screens_bg.wasm" "$staging/screens-${hash}_bg.wasm"
if [ -d "$work/snippets" ]; then cp -r "$work/snippets/." "$staging/snippets/"; fi
sed -i "s|__SCREENS__|/screens-$hash.js|" "$staging/index.html"

# Education content: checked, rendered and bundled (fetched lazily, cached by the service worker as read).
cargo run -q -p tend-content -- build content "$staging/content"

node scripts/csp.mjs "$staging"
# Last, once every file is final: the service worker's precache list and version.
node scripts/precache.mjs "$staging"
