"""Writes a Tend backup with every schedule kind that has a fixed timetable, in three zones with daylight
saving (New York, London, Lord Howe: a 30-minute change), with times inside the skipped and repeated hours.
Used by compare.py to check the calendar export against the core, instant for instant.

Usage: python3 make_backup.py > backup.json
"""
import json

PROFILE = "00000000-0000-0000-0000-000000000001"
STAMP = {"wall_ms": 0, "counter": 0, "node": 0}
ZONES = {
    # zone: (a time in its spring-forward gap, a time in its autumn repeated hour)
    "America/New_York": ("02:30", "01:30"),
    "Europe/London": ("01:30", "01:15"),
    "Australia/Lord_Howe": ("02:10", "01:45"),
}


def meta(n):
    return {"id": f"00000000-0000-0000-0000-{n:012x}", "profile_id": PROFILE, "stamp": STAMP, "deleted": False}


def times(*pairs):
    return [{"time": f"{t}:00", "amount": a} for t, a in pairs]


def kinds(gap, repeat):
    """(name, pattern, start, end, taper) for each schedule kind."""
    never = {"kind": "never"}
    return [
        ("daily", {"daily": {"times": times((gap, 1.0), (repeat, 1.0), ("08:00", 2.0))}}, "2026-06-01", never, []),
        ("weekdays", {"weekdays": {"days": ["Mon", "Wed", "Sun"], "times": times((gap, 1.0), ("21:00", 1.0))}},
         "2026-12-29", never, []),
        ("every 3 days", {"every_n_days": {"interval": 3, "times": times((repeat, 1.0))}}, "2026-11-30", never, []),
        ("every 8 hours", {"every_n_hours": {"interval_hours": 8, "anchor": f"{gap}:00", "amount": 1.0}},
         "2026-10-02", never, []),
        ("cycle 5 on 2 off", {"cycle": {"days_on": 5, "days_off": 2, "times": times((gap, 1.0), (repeat, 0.5))}},
         "2026-12-20", never, []),
        ("taper", {"daily": {"times": times(("07:00", 4.0), (repeat, 4.0))}}, "2027-01-10", {"kind": "on", "date": "2027-11-20"},
         [{"from": "2027-03-01", "to": "2027-04-15", "amount": 3.0}, {"from": "2027-04-16", "to": "2027-10-31", "amount": 1.5}]),
        ("course", {"every_n_days": {"interval": 2, "times": times((gap, 1.0))}}, "2027-02-20", {"kind": "after_days", "days": 60}, []),
        ("taper every 6 hours", {"every_n_hours": {"interval_hours": 6, "anchor": f"{repeat}:00", "amount": 2.0}},
         "2027-02-01", {"kind": "on", "date": "2027-12-01"}, [{"from": "2027-06-01", "to": "2027-06-30", "amount": 1.0}]),
    ]


def main():
    medications, schedules = [], []
    n = 0x100
    for zone, (gap, repeat) in ZONES.items():
        for name, pattern, start, end, taper in kinds(gap, repeat):
            n += 1
            medications.append({**meta(n), "name": f"{name} ({zone})", "strength": "10 mg", "form": "tablet",
                                "unit": "tablet", "instructions": "With water; not with grapefruit", "conditions": [],
                                "colour": "#1d5c45", "pauses": [], "ended_at": None,
                                "zone_policy": {"kind": "fixed", "zone": zone}, "stock": None})
            schedules.append({**meta(0x1000 + n), "medication_id": meta(n)["id"], "pattern": pattern, "start": start,
                              "end": end, "taper": taper})
    # Follow-local (UTC here: no zone recorded), and two schedules a calendar cannot hold.
    for name, pattern in [("follow local", {"daily": {"times": times(("09:00", 1.0))}}),
                          ("as needed", {"as_needed": {"max_per_24h": 4, "min_gap_minutes": 240, "amount": 1.0}}),
                          ("after last dose", {"after_last_dose": {"interval_hours": 6, "first": "08:00:00", "amount": 1.0}})]:
        n += 1
        medications.append({**meta(n), "name": name, "strength": "", "form": "tablet", "unit": "tablet",
                            "instructions": "", "conditions": [], "colour": "#1d5c45", "pauses": [], "ended_at": None,
                            "zone_policy": {"kind": "follow_local"}, "stock": None})
        schedules.append({**meta(0x1000 + n), "medication_id": meta(n)["id"], "pattern": pattern,
                          "start": "2026-12-01", "end": {"kind": "never"}, "taper": []})
    profile = {**meta(1), "name": "Ana", "colour": "#123456", "conditions": [],
               "rules": {"on_time_minutes": 60, "missed_cutoff": {"kind": "next_dose"}}}
    print(json.dumps({"format": "tend-backup", "version": 1, "exported_at": "2026-12-31T00:00:00Z",
                      "profiles": [profile], "medications": medications, "schedules": schedules,
                      "dose_events": [], "zone_changes": []}, indent=1))


main()
