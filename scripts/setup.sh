#!/usr/bin/env bash
# Installs whatever is missing to build, run and test Tend on Debian with Rust installed; skips what is there.
# Versions and traps: ../shared/TOOLCHAIN.md. Never downloads a browser or a prebuilt binary: Chromium comes from
# Debian, tools from crates.io and npm.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_SPLIT_VERSION=0.2.4
say() { printf 'setup: %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=""
apt_install() {
  [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
  say "installing $* from Debian"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# The wasm target and the lint tools.
rustup target list --installed | grep -qx wasm32-unknown-unknown || { say "adding the wasm32 target"; rustup target add wasm32-unknown-unknown; }
cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
cargo clippy --version >/dev/null 2>&1 || rustup component add clippy

# Debian packages: the browser for tests, Node for the build hooks and test tools, PostgreSQL for the server's
# tests (scripts/postgres.sh starts a throwaway one).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v python3 >/dev/null || missing+=(python3)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

# The wasm splitter (scripts/build.sh), pinned; its version is in its install record, as it prints none itself.
if ! grep -qs "wasm_split_cli_support $WASM_SPLIT_VERSION " "${CARGO_HOME:-$HOME/.cargo}/.crates.toml"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 3 minutes, once)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --bin wasm-split-cli
fi

# wasm-bindgen-cli at exactly the version Cargo.lock pins, so the CLI and the crate never drift.
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg_version" ]; then
  say "installing wasm-bindgen-cli $wbg_version (about 5 minutes, once)"
  # Not --locked: its lock file names a crate version the registry no longer has.
  cargo install wasm-bindgen-cli --version "$wbg_version"
fi

# npm tools (wasm-opt from binaryen 132, Playwright's library, axe-core), exactly as package-lock.json says.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
# Python test tools, pinned, in a virtual environment under target/: calendar libraries for the .ics check,
# schemathesis for the API fuzz run.
py_tools=target/py-tools
if ! "$py_tools/bin/python" -c "import icalendar, recurring_ical_events, schemathesis, http_ece, py_vapid, fhir.resources" 2>/dev/null; then
  python3 -m venv --help >/dev/null 2>&1 || apt_install python3-venv
  say "installing icalendar, recurring_ical_events, schemathesis, http-ece, py-vapid and fhir.resources into $py_tools"
  [ -x "$py_tools/bin/pip" ] || python3 -m venv "$py_tools"
  "$py_tools/bin/pip" install --quiet --disable-pip-version-check -r tests/ics/requirements.txt -r tests/api/requirements.txt \
    -r tests/push/requirements.txt -r tests/fhir/requirements.txt
fi
say "ready"
