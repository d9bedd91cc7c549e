"""Adds a measurement of each kind (blood pressure with and without a pulse, glucose, weight, peak flow) to the
first person of a Tend backup (argv[1], rewritten in place), taken in the days before argv[2] (an RFC 3339
instant), so that the FHIR export has Observations to validate."""

import json
import sys
from datetime import datetime, timedelta

path, now = sys.argv[1], datetime.fromisoformat(sys.argv[2].replace("Z", "+00:00"))
with open(path, encoding="utf-8") as file:
    backup = json.load(file)
person = backup["profiles"][0]["id"]
readings = [
    {"kind": "blood_pressure", "systolic": 132, "diastolic": 84, "pulse": 71},
    {"kind": "blood_pressure", "systolic": 128.5, "diastolic": 79},
    {"kind": "glucose", "mg_dl": 104.5},
    {"kind": "weight", "kg": 72.4},
    {"kind": "peak_flow", "l_min": 420},
]
backup["version"] = max(backup.get("version", 1), 2)
backup["measurements"] = [
    {
        "id": f"00000000-0000-7000-8000-{index + 1:012x}",
        "profile_id": person,
        "stamp": {"wall_ms": 0, "counter": 0, "node": 0},
        "taken_at": (now - timedelta(days=index + 1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "zone": "Europe/Madrid",
        "reading": reading,
        "note": "after a walk" if index == 0 else "",
    }
    for index, reading in enumerate(readings)
]
with open(path, "w", encoding="utf-8") as file:
    json.dump(backup, file)
