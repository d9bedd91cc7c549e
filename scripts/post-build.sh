#!/usr/bin/env bash
# Trunk post-build hook (Trunk runs hooks of one stage in parallel, so this is the only one, doing two things
# in order):
# 1. Builds the screens module (src/bin/screens.rs): the Medicines, History, People and Settings screens, kept
#    out of the first load and imported when first opened. Trunk cannot split a wasm module itself.
# 2. Fills the Content-Security-Policy (scripts/csp.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
staging="${TRUNK_STAGING_DIR:?run by trunk}"
profile="${TRUNK_PROFILE:-debug}"

cargo_flags=(--target wasm32-unknown-unknown --bin screens)
[ "$profile" = release ] && cargo_flags+=(--release)
cargo build "${cargo_flags[@]}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$work" --out-name screens "target/wasm32-unknown-unknown/$profile/screens.wasm"
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

node scripts/csp.mjs "$staging"
