#!/usr/bin/env bash
# The server's benchmarks (crates/server/benches/sync.rs: sync throughput and latency; push.rs: how late
# reminders are sent) on a fresh SQLite file and on a throwaway PostgreSQL with its default, durable settings. Figures go into BENCHMARKS.md by hand, with the date.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
work=$(mktemp -d)
trap 'pg_stop; rm -rf "$work"' EXIT
pg_start
cargo bench -q -p tend-server --bench sync -- "sqlite://$work/tend.sqlite3?mode=rwc" "$TEND_TEST_POSTGRES"
cargo bench -q -p tend-server --bench push -- "sqlite://$work/push.sqlite3?mode=rwc" "$TEND_TEST_POSTGRES"
