#!/usr/bin/env bash
# The calendar export, checked by a real calendar library: builds a backup with every fixed-timetable schedule kind
# in three zones (tests/ics/make_backup.py), exports it with `tend export ics`, expands the .ics with Python's
# icalendar + recurring_ical_events, and compares every occurrence of 2027 (both daylight-saving changes) with
# the core's own expansion (`tend doses`). The Python tools live in target/py-tools (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
py=target/py-tools/bin/python
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build -q -p tend-cli
now=2026-12-31T00:00:00Z
"$py" tests/ics/make_backup.py > "$work/backup.json"
target/debug/tend export ics "$work/backup.json" --now "$now" > "$work/reminders.ics"
target/debug/tend doses "$work/backup.json" --from 2027-01-01 --to 2027-12-31 --json --now "$now" > "$work/doses.json"
"$py" tests/ics/compare.py "$work/reminders.ics" "$work/doses.json" 2027-01-01 2028-01-01
