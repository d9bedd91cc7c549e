"""Validates a FHIR Bundle that `tend export fhir` wrote (argv[1], holding at least the resource types listed
in argv[2], comma-separated) with the fhir.resources models (R4B, which
match R4 for the resources Tend exports): the Bundle, then each entry's resource by its own type's model. Any
error fails the run with each problem printed. Also checks what the format promises beyond the schema: a
collection, every reference resolving to an entry of the Bundle, and no identifiers."""

import json
import sys

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

with open(sys.argv[1], encoding="utf-8") as file:
    document = json.load(file)

# fhir.resources checks structure, types and cardinality but not value sets: the required bindings of the codes
# Tend writes are checked here (FHIR R4: MedicationStatement.status, MedicationAdministration.status,
# Timing.repeat.periodUnit and dayOfWeek, Observation.status), and that Observations are coded in LOINC with
# values in UCUM, as docs/formats.md promises.
BINDINGS = {
    "MedicationStatement": {"active", "completed", "entered-in-error", "intended", "stopped", "on-hold", "unknown", "not-taken"},
    "MedicationAdministration": {"in-progress", "not-done", "on-hold", "completed", "entered-in-error", "stopped", "unknown"},
    "Observation": {"registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error", "unknown"},
}
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
PERIOD_UNITS = {"s", "min", "h", "d", "wk", "mo", "a"}
DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}


def binding_problems(resource):
    kind = resource["resourceType"]
    if kind in BINDINGS and resource.get("status") not in BINDINGS[kind]:
        yield f"status {resource.get('status')!r} is not in its value set"
    for dosage in resource.get("dosage", []) if isinstance(resource.get("dosage"), list) else []:
        repeat = dosage.get("timing", {}).get("repeat", {})
        if "periodUnit" in repeat and repeat["periodUnit"] not in PERIOD_UNITS:
            yield f"periodUnit {repeat['periodUnit']!r} is not a UCUM unit of time FHIR allows"
        for day in repeat.get("dayOfWeek", []):
            if day not in DAYS:
                yield f"dayOfWeek {day!r} is not a day code"
    if kind == "Observation":
        coded = [resource] + resource.get("component", [])
        for part in coded:
            if part["code"]["coding"][0]["system"] != LOINC:
                yield f"code {part['code']} is not LOINC"
        values = [part["valueQuantity"] for part in coded if "valueQuantity" in part]
        if not values:
            yield "has no value"
        for value in values:
            if value.get("system") != UCUM or not value.get("code"):
                yield f"value {value} is not in UCUM"


problems = []
try:
    Bundle.model_validate(document)
except ValidationError as error:
    problems.append(f"Bundle: {error}")
assert document["type"] == "collection", document["type"]
urls = {entry["fullUrl"] for entry in document["entry"]}
counts = {}
for index, entry in enumerate(document["entry"]):
    resource = entry["resource"]
    kind = resource["resourceType"]
    counts[kind] = counts.get(kind, 0) + 1
    try:
        get_fhir_model_class(kind).model_validate(resource)
    except ValidationError as error:
        problems.append(f"entry[{index}] {kind}: {error}")
    problems.extend(f"entry[{index}] {kind}: {p}" for p in binding_problems(resource))
    if "identifier" in resource:
        problems.append(f"entry[{index}] {kind} has identifiers")
    subject = resource.get("subject", {}).get("reference")
    if subject is not None and subject not in urls:
        problems.append(f"entry[{index}] {kind} refers to {subject}, which is not in the Bundle")
for problem in problems:
    print(problem)
if problems:
    sys.exit(f"{len(problems)} problem(s) in {sys.argv[1]}")
needed = set(sys.argv[2].split(","))
if not needed <= counts.keys():
    sys.exit(f"{sys.argv[1]} lacks some resources: {counts}")
print(f"{sys.argv[1]}: valid FHIR ({', '.join(f'{n} {k}' for k, n in sorted(counts.items()))})")
