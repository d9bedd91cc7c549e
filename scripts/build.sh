#!/usr/bin/env bash
# Builds the release app into dist/ (Trunk cannot split a wasm module, trunk-rs/trunk#1022, so this runs the
# steps itself; ARCHITECTURE.md explains the pipeline):
# 1. cargo builds the one wasm program with the `split` feature, keeping relocations for the splitter;
# 2. wasm-split-cli cuts it into the first-load module and lazily loaded chunks (src/screens.rs);
# 3. wasm-bindgen makes the JS glue, keeping the exports the chunks link against;
# 4. wasm-opt -Oz --converge shrinks every module (and drops sections nothing reads); esbuild minifies the JS and
#    the style sheet;
# 5. index.html, the public files and the education content go beside them; then the Content-Security-Policy
#    and the service worker's precache list are filled in.
# Usage: bash scripts/build.sh [dist]. Expects the tools scripts/setup.sh installs on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
dist="${1:-dist}"
target_dir="${CARGO_TARGET_DIR:-target}"

# The panic locations the wasm carries name source files: without the builder's folders (the registry's, this
# checkout's), so the shipped app is smaller and the same whoever builds it.
remap="--remap-path-prefix=$PWD=."
for index in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do remap+=" --remap-path-prefix=${index%/}="; done
RUSTFLAGS="$remap" cargo rustc -q -p tend --bin tend --release --target wasm32-unknown-unknown --features split -- -Clink-arg=--emit-relocs

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/split" "$work/app"
wasm-split-cli --target web --out-name tend "$target_dir/wasm32-unknown-unknown/release/tend.wasm" "$work/split"
wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir "$work/app" --out-name tend "$work/split/tend.wasm"
for chunk in "$work"/split/*.wasm; do
  [ "$(basename "$chunk")" = tend.wasm ] || cp "$chunk" "$work/app/"
done
cp "$work/split/__wasm_split.js" "$work/app/"
# --low-memory-unused: Rust puts the stack first, so nothing lives in the lowest kilobyte of memory, and wasm-opt
# may fold more constant addresses into loads and stores (about 0.6 KB of the first load).
for module in "$work"/app/*.wasm; do
  wasm-opt --low-memory-unused -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-reference-types --enable-multivalue --strip-producers --strip-target-features \
    --output "$module.opt" "$module"
  mv "$module.opt" "$module"
done
find "$work/app" -name '*.js' -print0 | while IFS= read -r -d '' js; do
  # wasm-bindgen names the splitter's loader once per chunk in one object literal: harmless, the same module.
  esbuild --minify --log-level=warning --log-override:duplicate-object-key=silent --allow-overwrite --outfile="$js" "$js"
done

# One folder named by a hash of its contents: the modules name each other relatively, and everything in it may
# be cached for a year (crates/server).
hash=$(cd "$work/app" && find . -type f | sort | xargs cat | sha256sum | cut -c1-16)
rm -rf "$dist"
mkdir -p "$dist"
cp -r "$work/app" "$dist/app-$hash"
esbuild --minify --log-level=warning --outfile="$work/style.css" public/style.css
style_hash=$(sha256sum "$work/style.css" | cut -c1-16)
cp "$work/style.css" "$dist/style-$style_hash.css"
cp -r public/icons public/screenshots public/icon.svg public/manifest.webmanifest public/sw.js "$dist/"
sed -e "s|__APP__|/app-$hash|g" -e "s|__STYLE__|/style-$style_hash.css|" index.html > "$dist/index.html"

# Education content: checked, rendered and bundled (fetched lazily, cached by the service worker as read).
cargo run -q -p tend-content -- build content "$dist/content"
node scripts/csp.mjs "$dist"
# Last, once every file is final: the service worker's precache list and version.
node scripts/precache.mjs "$dist"
# The server that serves it (scripts/run.sh, the browser tests and benchmarks).
cargo build -q --release -p tend-server
# Every placeholder (__APP__, __STYLE__, __CSP__, __PRECACHE__, __VERSION__) must have been filled.
if grep -o '__[A-Z]\+__' "$dist/index.html" "$dist/sw.js"; then
  echo "build: the placeholders above were left unfilled" >&2
  exit 1
fi
