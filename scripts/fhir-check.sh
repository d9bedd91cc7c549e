#!/usr/bin/env bash
# The FHIR export, validated by a real FHIR library: `tend export fhir` over a synthetic history (12 medicines, 60
# days) and over the calendar check's backup (every fixed-timetable schedule kind, three zones, and a measurement of
# each kind added by tests/fhir/add_measurements.py), each Bundle
# checked by tests/fhir/validate.py with fhir.resources. The Python tools live in target/py-tools (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
py=target/py-tools/bin/python
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build -q -p tend-cli
now=2026-12-31T00:00:00Z
target/debug/tend generate --medicines 12 --days 60 --tz Europe/Madrid --now "$now" > "$work/synthetic.json"
"$py" tests/ics/make_backup.py > "$work/kinds.json"
"$py" tests/fhir/add_measurements.py "$work/kinds.json" "$now"
# The calendar check's backup has no doses logged (no administrations), and a measurement of each kind.
for check in synthetic:Patient,MedicationStatement,MedicationAdministration kinds:Patient,MedicationStatement,Observation; do
  backup=${check%%:*}
  target/debug/tend export fhir "$work/$backup.json" --days 60 --now "$now" > "$work/$backup.fhir.json"
  "$py" tests/fhir/validate.py "$work/$backup.fhir.json" "${check#*:}"
done
