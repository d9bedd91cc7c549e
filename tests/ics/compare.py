"""Expands Tend's .ics export with a real calendar library (icalendar + recurring_ical_events) and compares
every occurrence with the core's (from `tend doses --json`): same schedule, same instant, same amount.

Usage: python3 compare.py reminders.ics doses.json FROM TO   (FROM/TO: UTC dates, TO exclusive)
"""
import json
import re
import sys
from collections import Counter
from datetime import datetime, timezone

import icalendar
import recurring_ical_events


def main(ics_path, doses_path, start, end):
    start = datetime.fromisoformat(start).replace(tzinfo=timezone.utc)
    end = datetime.fromisoformat(end).replace(tzinfo=timezone.utc)
    calendar = icalendar.Calendar.from_ical(open(ics_path, "rb").read())
    alarms = sum(1 for c in calendar.walk("VALARM") if str(c.get("ACTION")) == "DISPLAY")
    events = calendar.walk("VEVENT")
    assert alarms == len(events), f"{len(events)} events but {alarms} display alarms"
    from_calendar = Counter()
    for event in recurring_ical_events.of(calendar).between(start, end):
        due = event["DTSTART"].dt.astimezone(timezone.utc)
        if not start <= due < end:
            continue  # overlaps the range but starts outside it
        schedule = str(event["UID"])[:36]
        amount = float(re.search(r": ([0-9.]+) tablet$", str(event["SUMMARY"])).group(1))
        from_calendar[(schedule, due.isoformat(), amount)] += 1
    from_core = Counter()
    for dose in json.load(open(doses_path)):
        if dose["medication"] == "after last dose":
            continue  # due times follow the doses taken: no calendar can hold it, and the export leaves it out
        due = datetime.fromisoformat(dose["utc"].replace("Z", "+00:00"))
        if start <= due < end:
            from_core[(dose["schedule_id"], due.isoformat(), float(dose["amount"]))] += 1
    missing, extra = from_core - from_calendar, from_calendar - from_core
    per_schedule = Counter(key[0] for key in from_core.elements())
    print(f"ics: {len(events)} events; {sum(from_calendar.values())} occurrences from the calendar, "
          f"{sum(from_core.values())} from the core, over {len(per_schedule)} schedules")
    for key in sorted(missing)[:20]:
        print(f"ics: in the core, not the calendar: {key}")
    for key in sorted(extra)[:20]:
        print(f"ics: in the calendar, not the core: {key}")
    if missing or extra or not from_core:
        sys.exit(1)
    print("ics: every occurrence matches, instant for instant")


main(*sys.argv[1:])
