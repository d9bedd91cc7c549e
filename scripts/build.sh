#!/usr/bin/env bash
# Builds the app into dist/: `bash scripts/build.sh` (release) or `bash scripts/build.sh debug` (faster, larger).
# One program cut into chunks at its split points (src/screens.rs), which no bundler does for a wasm module
# (trunk-rs/trunk#1022), so this script runs the tools in order:
# 1. cargo builds the app with relocations kept (--emit-relocs), which the splitter needs.
# 2. wasm-split-cli (wasm_split_cli_support) cuts it into the first-load module and one chunk per split point,
#    plus chunks for code several split points share, and writes the JS that fetches a chunk when needed.
# 3. wasm-bindgen makes the first-load module's JS glue; it keeps the exports the chunks import.
# 4. wasm-opt -Oz shrinks every module (release).
# 5. Everything goes under /app-<hash>/ (a hash of all of it), so names inside stay as the tools wrote them and
#    the long cache lifetime of scripts/serve.mjs is safe; the stylesheet gets a hashed name too.
# 6. The education content is checked and bundled; the Content-Security-Policy is filled (scripts/csp.mjs),
#    then the service worker's precache list (scripts/precache.mjs), last, once every file is final.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-release}
out=dist

# Its own target directory: the relocation flag would otherwise rebuild everything the lints and tests built.
target_dir="${CARGO_TARGET_DIR:-target}/split"
cargo_flags=(--target wasm32-unknown-unknown --bin tend --features split --target-dir "$target_dir")
[ "$profile" = release ] && cargo_flags+=(--release)
RUSTFLAGS="-Clink-args=--emit-relocs" cargo build "${cargo_flags[@]}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-split-cli --target web --out-name tend "$target_dir/wasm32-unknown-unknown/$profile/tend.wasm" "$work/split" >/dev/null
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
  --out-dir "$work/app" --out-name tend "$work/split/tend.wasm"
find "$work/split" -maxdepth 1 -type f ! -name tend.wasm -exec cp {} "$work/app/" \;
if [ "$profile" = release ]; then
  for module in "$work/app"/*.wasm; do
    # The features Rust's wasm32 target emits; wasm-opt must be told it may keep them.
    wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
      --output "$module" "$module"
  done
fi

app_hash=$(cd "$work/app" && find . -type f | sort | xargs cat | sha256sum | cut -c1-16)
css_hash=$(sha256sum public/style.css | cut -c1-16)
rm -rf "$out"
mkdir -p "$out"
cp -r "$work/app" "$out/app-$app_hash"
cp public/style.css "$out/style-$css_hash.css"
cp public/icon.svg public/manifest.webmanifest public/sw.js "$out/"
cp -r public/icons public/screenshots "$out/"
sed -e "s|__APP__|/app-$app_hash|g" -e "s|__STYLE__|/style-$css_hash.css|g" index.html > "$out/index.html"

cargo run -q -p tend-content -- build content "$out/content"
node scripts/csp.mjs "$out"
node scripts/precache.mjs "$out"
echo "build: $out/ (app-$app_hash, $profile)"
