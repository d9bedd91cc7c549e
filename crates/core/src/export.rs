//! What Tend hands to others (docs/formats.md): the dose log and the measurements as CSV for a spreadsheet, and a
//! FHIR R4 Bundle of the person's medicines, the doses they took and their measurements, for a clinic's systems.
//! All come from the records and the core's own statuses; the caller gives the range and `now`.

use crate::dataset::{Dataset, ZoneContext};
use crate::dose::{effective, DoseAction};
use crate::measure::{Measurement, Reading};
use crate::medication::Medication;
use crate::schedule::{DoseTime, Pattern, Schedule};
use crate::status::{assess, DoseStatus};
use crate::zone::{local_at, UnknownZone, ZoneRules};
use crate::Id;
use chrono::{DateTime, FixedOffset, SecondsFormat, Utc, Weekday};
use serde_json::{json, Value};

/// The dose log's header row; docs/formats.md says what each column holds.
pub const CSV_HEADER: &str = "person,medicine,strength,due,status,taken_at,amount,unit,skip_reason";

/// Whose records an export holds: one person's, or everyone's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum People {
    All,
    Only(Id),
}

impl People {
    pub(crate) fn include(self, person: Id) -> bool {
        self == People::All || self == People::Only(person)
    }
}

/// Every scheduled dose due in `[from, to)` with its status at `now`, and every as-needed or extra dose taken
/// then, one row each in time order. Times are ISO 8601 with the UTC offset of the zone the dose follows.
pub fn dose_log_csv(
    data: &Dataset,
    people: People,
    zones: &ZoneContext,
    rules: &dyn ZoneRules,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<String, UnknownZone> {
    let skip_reasons: crate::fast_hash::FastMap<_, &str> = effective(&data.dose_events)
        .filter_map(|e| match (&e.occurrence, &e.action) {
            (Some(key), DoseAction::Skipped { reason }) => Some((*key, reason.as_str())),
            _ => None,
        })
        .collect();
    let mut rows: Vec<(DateTime<Utc>, String)> = Vec::new();
    for a in assess(data, zones, rules, from, to, now)? {
        let o = &a.occurrence;
        let Some(medication) = data
            .medication(o.medication_id)
            .filter(|_| people.include(o.profile_id))
        else {
            continue;
        };
        let offset = offset(o.offset_seconds);
        let taken = a.status.taken_at().map(|at| iso(at, offset));
        let reason = matches!(a.status, DoseStatus::Skipped)
            .then(|| skip_reasons.get(&o.key).copied())
            .flatten();
        let row = [
            person_name(data, o.profile_id),
            &medication.name,
            &medication.strength,
            &iso(o.due, offset),
            a.status.name(),
            taken.as_deref().unwrap_or(""),
            &o.amount.to_string(),
            &medication.unit,
            reason.unwrap_or(""),
        ];
        rows.push((o.due, csv_row(&row)));
    }
    for event in
        effective(&data.dose_events).filter(|e| e.occurrence.is_none() && people.include(e.meta.profile_id))
    {
        let DoseAction::Taken { at, amount } = event.action else {
            continue;
        };
        let Some(medication) = data.medication(event.medication_id) else {
            continue;
        };
        if at < from || at >= to || medication.meta.deleted {
            continue;
        }
        let offset = offset(local_at(rules, &event.zone, at).map_or(0, |l| l.offset_seconds));
        let row = [
            person_name(data, event.meta.profile_id),
            &medication.name,
            &medication.strength,
            "",
            "taken_as_needed",
            &iso(at, offset),
            &amount.to_string(),
            &medication.unit,
            "",
        ];
        rows.push((at, csv_row(&row)));
    }
    crate::sort::sort_by_key(&mut rows, |r| r.0);
    let mut out = String::from(CSV_HEADER);
    out.push_str("\r\n");
    for (_, row) in rows {
        out.push_str(&row);
        out.push_str("\r\n");
    }
    Ok(out)
}

/// The measurements CSV's header row; docs/formats.md says what each column holds.
pub const MEASUREMENTS_CSV_HEADER: &str =
    "person,measured_at,measurement,systolic,diastolic,pulse,value,unit,note";

/// The measurements taken in `[from, to)`, oldest first, one row each, in the units they are stored in (a blood
/// pressure in mmHg with its pulse per minute; glucose mg/dL, weight kg, peak flow L/min). Times are ISO 8601
/// with the offset of the zone the person was in.
pub fn measurements_csv(
    data: &Dataset,
    people: People,
    rules: &dyn ZoneRules,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> String {
    let mut out = String::from(MEASUREMENTS_CSV_HEADER);
    out.push_str("\r\n");
    for m in measurements_in(data, people, from, to) {
        let at = iso(
            m.taken_at,
            offset(local_at(rules, &m.zone, m.taken_at).map_or(0, |l| l.offset_seconds)),
        );
        let number = |v: f64| v.to_string();
        let (main, diastolic, pulse) = m.reading.numbers();
        // A blood pressure's numbers have their own columns; any other reading is a value.
        let (systolic, value) = match diastolic {
            Some(_) => (number(main), String::new()),
            None => (String::new(), number(main)),
        };
        let diastolic = diastolic.map(number).unwrap_or_default();
        let pulse = pulse.map(number);
        let unit = m.reading.kind().unit();
        let row = [
            person_name(data, m.meta.profile_id),
            &at,
            m.reading.kind().code(),
            &systolic,
            &diastolic,
            pulse.as_deref().unwrap_or(""),
            &value,
            unit,
            &m.note,
        ];
        out.push_str(&csv_row(&row));
        out.push_str("\r\n");
    }
    out
}

/// The live measurements of `people` taken in `[from, to)`, oldest first.
fn measurements_in(
    data: &Dataset,
    people: People,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<&Measurement> {
    let mut found: Vec<&Measurement> = data
        .measurements
        .iter()
        .filter(|m| {
            !m.meta.deleted && people.include(m.meta.profile_id) && data.profile(m.meta.profile_id).is_some()
        })
        .filter(|m| from <= m.taken_at && m.taken_at < to)
        .collect();
    crate::sort::sort_by_key(&mut found, |m| m.taken_at);
    found
}

fn person_name(data: &Dataset, profile: Id) -> &str {
    data.profile(profile).map_or("", |p| p.name.as_str())
}

fn offset(seconds: i32) -> FixedOffset {
    FixedOffset::east_opt(seconds).unwrap_or(FixedOffset::east_opt(0).expect("zero is an offset"))
}

fn iso(at: DateTime<Utc>, offset: FixedOffset) -> String {
    at.with_timezone(&offset)
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// RFC 4180 fields: quoted where they hold a comma, quote or line break. A field a spreadsheet would read as a
/// formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) is kept as text with a leading `'`.
fn csv_row(fields: &[&str]) -> String {
    let cells: Vec<String> = fields
        .iter()
        .map(|field| {
            let formula =
                field.starts_with(['=', '+', '-', '@', '\t', '\r']) && field.parse::<f64>().is_err();
            let text = if formula {
                format!("'{field}")
            } else {
                (*field).to_owned()
            };
            if text.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", text.replace('"', "\"\""))
            } else {
                text
            }
        })
        .collect();
    cells.join(",")
}

/// A FHIR R4 Bundle (type `collection`): a Patient per person (their name as typed, no identifiers), a
/// MedicationStatement per medicine with its schedules as Dosage, a MedicationAdministration per dose taken in
/// `[from, to)`, and an Observation per measurement taken then.
pub fn fhir_bundle(
    data: &Dataset,
    people: People,
    rules: &dyn ZoneRules,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Value {
    let mut entries = Vec::new();
    let included = |person: Id| people.include(person) && data.profile(person).is_some();
    for person in data
        .profiles
        .iter()
        .filter(|p| !p.meta.deleted && people.include(p.meta.id))
    {
        entries.push(entry(json!({
            "resourceType": "Patient",
            "id": person.meta.id.to_string(),
            "name": [{ "text": person.name }],
        })));
    }
    for medication in data
        .medications
        .iter()
        .filter(|m| !m.meta.deleted && included(m.meta.profile_id))
    {
        entries.push(entry(statement(data, medication, now)));
    }
    for event in effective(&data.dose_events) {
        let DoseAction::Taken { at, amount } = event.action else {
            continue;
        };
        let Some(medication) = data.medication(event.medication_id) else {
            continue;
        };
        if at < from || at >= to || medication.meta.deleted || !included(event.meta.profile_id) {
            continue;
        }
        let offset = offset(local_at(rules, &event.zone, at).map_or(0, |l| l.offset_seconds));
        entries.push(entry(json!({
            "resourceType": "MedicationAdministration",
            "id": event.meta.id.to_string(),
            "status": "completed",
            "medicationCodeableConcept": medicine_concept(medication),
            "subject": patient(event.meta.profile_id),
            "effectiveDateTime": iso(at, offset),
            "dosage": { "dose": quantity(amount, &medication.unit) },
        })));
    }
    for m in measurements_in(data, people, from, to) {
        let offset = offset(local_at(rules, &m.zone, m.taken_at).map_or(0, |l| l.offset_seconds));
        entries.push(entry(observation(m, offset)));
    }
    json!({
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": now.to_rfc3339_opts(SecondsFormat::Secs, true),
        "entry": entries,
    })
}

/// A measurement as a vital-signs Observation, coded in LOINC with its value in UCUM: a blood pressure as the
/// panel (85354-9) with systolic (8480-6) and diastolic (8462-4) components, and the pulse (heart rate, 8867-4)
/// as a third when it was typed.
fn observation(m: &Measurement, offset: FixedOffset) -> Value {
    let ucum = |value: f64, unit: &str| json!({ "value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit });
    let code = |code: &str, display: &str| json!({ "coding": [{ "system": "http://loinc.org", "code": code, "display": display }], "text": display });
    let mut resource = json!({
        "resourceType": "Observation",
        "id": m.meta.id.to_string(),
        "status": "final",
        "category": [{ "coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "vital-signs",
            "display": "Vital Signs",
        }] }],
        "subject": patient(m.meta.profile_id),
        "effectiveDateTime": iso(m.taken_at, offset),
    });
    match m.reading {
        Reading::BloodPressure {
            systolic,
            diastolic,
            pulse,
        } => {
            resource["code"] = code("85354-9", "Blood pressure panel with all children optional");
            let mut components = vec![
                json!({ "code": code("8480-6", "Systolic blood pressure"), "valueQuantity": ucum(systolic, "mm[Hg]") }),
                json!({ "code": code("8462-4", "Diastolic blood pressure"), "valueQuantity": ucum(diastolic, "mm[Hg]") }),
            ];
            if let Some(pulse) = pulse {
                components.push(
                    json!({ "code": code("8867-4", "Heart rate"), "valueQuantity": ucum(pulse, "/min") }),
                );
            }
            resource["component"] = Value::Array(components);
        }
        Reading::Glucose { mg_dl } => {
            resource["code"] = code("2339-0", "Glucose [Mass/volume] in Blood");
            resource["valueQuantity"] = ucum(mg_dl, "mg/dL");
        }
        Reading::Weight { kg } => {
            resource["code"] = code("29463-7", "Body weight");
            resource["valueQuantity"] = ucum(kg, "kg");
        }
        Reading::PeakFlow { l_min } => {
            resource["code"] = code(
                "19935-6",
                "Maximum expiratory gas flow Respiratory system airway by Peak flow meter",
            );
            resource["valueQuantity"] = ucum(l_min, "L/min");
        }
    }
    if !m.note.trim().is_empty() {
        resource["note"] = json!([{ "text": m.note }]);
    }
    resource
}

fn entry(resource: Value) -> Value {
    let url = format!("urn:uuid:{}", resource["id"].as_str().unwrap_or_default());
    json!({ "fullUrl": url, "resource": resource })
}

fn patient(profile: Id) -> Value {
    json!({ "reference": format!("urn:uuid:{profile}") })
}

fn medicine_concept(medication: &Medication) -> Value {
    json!({ "text": format!("{} {}", medication.name, medication.strength).trim() })
}

fn statement(data: &Dataset, medication: &Medication, now: DateTime<Utc>) -> Value {
    let status = if medication.has_ended_at(now) {
        "completed"
    } else if medication.is_paused_at(now) {
        "on-hold"
    } else {
        "active"
    };
    let schedules: Vec<&Schedule> = data
        .schedules_of(medication.meta.id)
        .filter(|s| !s.meta.deleted)
        .collect();
    let dosage: Vec<Value> = schedules
        .iter()
        .flat_map(|s| dosages(s, &medication.unit))
        .collect();
    let mut resource = json!({
        "resourceType": "MedicationStatement",
        "id": medication.meta.id.to_string(),
        "status": status,
        "medicationCodeableConcept": medicine_concept(medication),
        "subject": patient(medication.meta.profile_id),
        "dateAsserted": now.to_rfc3339_opts(SecondsFormat::Secs, true),
    });
    if let Some(start) = schedules.iter().map(|s| s.start).min() {
        resource["effectivePeriod"] = json!({ "start": start.to_string() });
        if let Some(ended) = medication.ended_at {
            resource["effectivePeriod"]["end"] = ended.to_rfc3339_opts(SecondsFormat::Secs, true).into();
        }
    }
    if !dosage.is_empty() {
        resource["dosage"] = dosage.into();
    }
    if !medication.conditions.is_empty() {
        resource["reasonCode"] = medication
            .conditions
            .iter()
            .map(|c| json!({ "text": c }))
            .collect();
    }
    if !medication.instructions.is_empty() {
        resource["note"] = json!([{ "text": medication.instructions }]);
    }
    resource
}

/// A schedule as FHIR Dosage: one per time of day (each has its own amount), or one for an interval in hours or
/// taking when needed. A tapering schedule's first amounts are given; its steps are in Tend's own backup.
fn dosages(schedule: &Schedule, unit: &str) -> Vec<Value> {
    let at_times = |times: &[DoseTime], repeat: Value| -> Vec<Value> {
        times
            .iter()
            .map(|t| {
                let mut repeat = repeat.clone();
                repeat["timeOfDay"] = json!([t.time.format("%H:%M:%S").to_string()]);
                dosage(repeat, t.amount, unit)
            })
            .collect()
    };
    let daily = json!({ "frequency": 1, "period": 1, "periodUnit": "d" });
    match &schedule.pattern {
        Pattern::Daily { times } => at_times(times, daily),
        Pattern::Weekdays { days, times } => {
            let mut repeat = daily;
            repeat["dayOfWeek"] = days.iter().map(|d| fhir_day(*d)).collect();
            at_times(times, repeat)
        }
        Pattern::EveryNDays { interval, times } => at_times(
            times,
            json!({ "frequency": 1, "period": interval, "periodUnit": "d" }),
        ),
        Pattern::Cycle {
            days_on,
            days_off,
            times,
        } => {
            let mut out = at_times(times, daily);
            for d in &mut out {
                d["text"] = format!("{days_on} days on, then {days_off} days off").into();
            }
            out
        }
        Pattern::EveryNHours {
            interval_hours,
            amount,
            ..
        }
        | Pattern::AfterLastDose {
            interval_hours,
            amount,
            ..
        } => {
            vec![dosage(
                json!({ "frequency": 1, "period": interval_hours, "periodUnit": "h" }),
                *amount,
                unit,
            )]
        }
        Pattern::AsNeeded {
            max_per_24h, amount, ..
        } => {
            let mut d = json!({ "asNeededBoolean": true, "doseAndRate": [{ "doseQuantity": quantity(*amount, unit) }] });
            d["maxDosePerPeriod"] = json!({
                "numerator": quantity(*amount * f64::from(*max_per_24h), unit),
                "denominator": { "value": 24, "unit": "h", "system": UCUM, "code": "h" },
            });
            vec![d]
        }
    }
}

const UCUM: &str = "http://unitsofmeasure.org";

fn dosage(repeat: Value, amount: f64, unit: &str) -> Value {
    json!({ "timing": { "repeat": repeat }, "doseAndRate": [{ "doseQuantity": quantity(amount, unit) }] })
}

/// An amount in the medicine's own unit; with its UCUM code where the unit is one ("tablet" is not).
fn quantity(amount: f64, unit: &str) -> Value {
    let code = match unit.trim().to_ascii_lowercase().as_str() {
        "mg" => Some("mg"),
        "g" => Some("g"),
        "mcg" | "µg" | "ug" => Some("ug"),
        "ml" => Some("mL"),
        "l" => Some("L"),
        _ => None,
    };
    let mut q = json!({ "value": amount });
    if !unit.trim().is_empty() {
        q["unit"] = unit.trim().into();
    }
    if let Some(code) = code {
        q["system"] = UCUM.into();
        q["code"] = code.into();
    }
    q
}

fn fhir_day(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}
