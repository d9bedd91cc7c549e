#!/usr/bin/env bash
# Sets up what is missing and runs every check and test; stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH" CHROMEDRIVER=/usr/bin/chromedriver CARGO_TERM_COLOR=never

passed=0
step() {
  local name=$1
  shift
  printf '\n=== %s: %s\n' "$name" "$*"
  "$@"
  passed=$((passed + 1))
}

step "format" cargo fmt --all -- --check
step "lint (native)" cargo clippy --workspace --all-targets -- -D warnings
step "lint (wasm32)" cargo clippy -p tend --all-targets --target wasm32-unknown-unknown -- -D warnings
step "lint (core on wasm32)" cargo clippy -p tend-core --lib --target wasm32-unknown-unknown -- -D warnings
step "core, CLI and content tests" cargo test -p tend-core -p tend-cli -p tend-content --all-targets
source scripts/postgres.sh
trap pg_stop EXIT
step "a throwaway PostgreSQL for the server's tests" pg_start
step "server tests, on SQLite and on PostgreSQL" cargo test -p tend-server --all-targets
step "sync API fuzzed from its OpenAPI document (schemathesis: no server error)" bash scripts/api-fuzz.sh
step "content check (front matter, sources, links, no raw HTML, reading grade)" cargo run -q -p tend-content -- check content
step "Web Push vs the reference Python libraries (py_vapid, http_ece)" bash scripts/push-check.sh
step "calendar export vs core (Python icalendar)" bash scripts/ics-check.sh
step "FHIR export validated (Python fhir.resources)" bash scripts/fhir-check.sh
step "browser tests (headless Chromium)" cargo test -p tend --target wasm32-unknown-unknown
step "release build (split into chunks)" bash scripts/build.sh
step "first-load size budget" node scripts/size.mjs
step "Lighthouse on the release build (mobile, median of three runs: performance 98, accessibility 100, best practices 100, LCP 1.5 s, CLS 0)" node scripts/lighthouse.mjs
step "end-to-end tests (Playwright, headless Chromium)" npx playwright test
printf '\nsteps: %d passed, 0 failed\n' "$passed"
