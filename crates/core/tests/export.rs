//! The dose log as CSV and the FHIR R4 Bundle: rows, quoting, offsets, and the resources' shape (the test suite
//! validates the Bundle with a FHIR library too: scripts/fhir-check.sh).

mod common;
use common::*;
use tend_core::dataset::ZoneContext;
use tend_core::dose::DoseAction;
use tend_core::export::{
    dose_log_csv, fhir_bundle, measurements_csv, People, CSV_HEADER, MEASUREMENTS_CSV_HEADER,
};
use tend_core::measure::Reading;
use tend_core::schedule::{DoseTime, End, Pattern};
use tend_core::zone::BundledRules;
use tend_core::Dataset;

const ZONE: &str = "America/New_York";

/// 08:00 and 20:00 in New York from 2026-03-07 (daylight saving starts on 2026-03-08): the first morning taken, the
/// first evening skipped with a reason, the rest left; and one as-needed dose of another medicine.
fn history() -> Dataset {
    let mut data = single(
        Pattern::Daily {
            times: times(&["08:00", "20:00"]),
        },
        "2026-03-07",
        End::Never,
    );
    data.medications[0].name = "=Blood, \"pressure\"".into();
    data.medications[0].strength = "5 mg".into();
    data.medications[0].conditions = vec!["hypertension".into()];
    let doses = occurrences(&data, ZONE, "2026-03-07 00:00", "2026-03-09 00:00");
    let mut morning = taken(500, &doses[0], utc("2026-03-07 13:10"));
    morning.zone = ZONE.into();
    data.dose_events.push(morning);
    let skip = DoseAction::Skipped {
        reason: "side_effects".into(),
    };
    data.dose_events
        .push(event(501, 10, Some(doses[1].key), skip, utc("2026-03-08 01:30")));
    let mut reliever = medication(20, tend_core::zone::ZonePolicy::FollowLocal);
    reliever.name = "Reliever".into();
    reliever.unit = "mg".into();
    data.medications.push(reliever);
    data.schedules.push(schedule(
        20,
        Pattern::AsNeeded {
            max_per_24h: 4,
            min_gap_minutes: 240,
            amount: 2.0,
        },
        "2026-03-07",
        End::Never,
    ));
    let as_needed = DoseAction::Taken {
        at: utc("2026-03-08 15:00"),
        amount: 2.0,
    };
    let mut extra = event(502, 20, None, as_needed, utc("2026-03-08 15:00"));
    extra.zone = ZONE.into();
    data.dose_events.push(extra);
    data
}

#[test]
fn the_dose_log_has_a_row_per_dose_with_offsets_and_safe_cells() {
    let data = history();
    let csv = dose_log_csv(
        &data,
        People::All,
        &ZoneContext::single(ZONE),
        &BundledRules,
        utc("2026-03-07 05:00"),
        utc("2026-03-09 05:00"),
        utc("2026-03-09 05:00"),
    )
    .unwrap();
    let rows: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(rows[0], CSV_HEADER);
    let name = "\"'=Blood, \"\"pressure\"\"\"";
    assert_eq!(
        rows[1],
        format!(
            "Ana,{name},5 mg,2026-03-07T08:00:00-05:00,taken_on_time,2026-03-07T08:10:00-05:00,1,tablet,"
        )
    );
    assert_eq!(
        rows[2],
        format!("Ana,{name},5 mg,2026-03-07T20:00:00-05:00,skipped,,1,tablet,side_effects")
    );
    // After the change to daylight saving the offset is New York's summer one.
    assert_eq!(
        rows[3],
        format!("Ana,{name},5 mg,2026-03-08T08:00:00-04:00,missed,,1,tablet,")
    );
    assert_eq!(
        rows[4],
        "Ana,Reliever,,,taken_as_needed,2026-03-08T11:00:00-04:00,2,mg,"
    );
    // Still late, not missed, until the next dose is due.
    assert_eq!(
        rows[5],
        format!("Ana,{name},5 mg,2026-03-08T20:00:00-04:00,late,,1,tablet,")
    );
    assert_eq!((rows.len(), rows[6]), (7, ""), "every row ends with CRLF");
}

#[test]
fn the_fhir_bundle_holds_the_person_their_medicines_and_the_doses_taken() {
    let mut data = history();
    data.schedules[0].pattern = Pattern::Weekdays {
        days: vec![chrono::Weekday::Mon, chrono::Weekday::Thu],
        times: vec![DoseTime {
            time: time("08:00"),
            amount: 1.5,
        }],
    };
    let bundle = fhir_bundle(
        &data,
        People::All,
        &BundledRules,
        utc("2026-03-01 00:00"),
        utc("2026-03-10 00:00"),
        utc("2026-03-10 00:00"),
    );
    assert_eq!(
        (bundle["resourceType"].as_str(), bundle["type"].as_str()),
        (Some("Bundle"), Some("collection"))
    );
    let resources: Vec<&serde_json::Value> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .collect();
    let kinds: Vec<&str> = resources
        .iter()
        .map(|r| r["resourceType"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "Patient",
            "MedicationStatement",
            "MedicationStatement",
            "MedicationAdministration",
            "MedicationAdministration"
        ]
    );
    let patient = resources[0];
    assert_eq!(patient["name"][0]["text"], "Ana");
    assert!(
        patient.get("identifier").is_none(),
        "no identifiers the person did not type"
    );
    let statement = resources[1];
    assert_eq!(statement["status"], "active");
    assert_eq!(
        statement["medicationCodeableConcept"]["text"],
        "=Blood, \"pressure\" 5 mg"
    );
    assert_eq!(statement["reasonCode"][0]["text"], "hypertension");
    assert_eq!(
        statement["subject"]["reference"],
        format!("urn:uuid:{}", patient["id"].as_str().unwrap())
    );
    let repeat = &statement["dosage"][0]["timing"]["repeat"];
    assert_eq!(repeat["dayOfWeek"], serde_json::json!(["mon", "thu"]));
    assert_eq!(repeat["timeOfDay"], serde_json::json!(["08:00:00"]));
    assert_eq!(
        statement["dosage"][0]["doseAndRate"][0]["doseQuantity"],
        serde_json::json!({ "value": 1.5, "unit": "tablet" })
    );
    assert_eq!(resources[2]["dosage"][0]["asNeededBoolean"], true);
    let given = resources[3];
    assert_eq!(given["status"], "completed");
    assert_eq!(given["effectiveDateTime"], "2026-03-07T08:10:00-05:00");
    let mg = &resources[4]["dosage"]["dose"];
    assert_eq!(
        mg,
        &serde_json::json!({ "value": 2.0, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg" })
    );
}

#[test]
fn an_export_for_one_person_holds_nothing_of_another() {
    let data = history();
    let (from, to) = (utc("2026-03-01 00:00"), utc("2026-03-10 00:00"));
    let someone_else = People::Only(tend_core::Id::from_u128(999));
    let csv = dose_log_csv(
        &data,
        someone_else,
        &ZoneContext::single(ZONE),
        &BundledRules,
        from,
        to,
        to,
    )
    .unwrap();
    assert_eq!(csv, format!("{CSV_HEADER}\r\n"));
    let bundle = fhir_bundle(&data, someone_else, &BundledRules, from, to, to);
    assert_eq!(bundle["entry"], serde_json::json!([]));
    let ana = People::Only(data.profiles[0].meta.id);
    assert_eq!(
        fhir_bundle(&data, ana, &BundledRules, from, to, to),
        fhir_bundle(&data, People::All, &BundledRules, from, to, to)
    );
}

/// Three measurements in New York, around the change to daylight saving, and one from before the range.
fn measured() -> Dataset {
    let mut data = history();
    let pressure = Reading::BloodPressure {
        systolic: 132.0,
        diastolic: 84.0,
        pulse: Some(71.0),
    };
    let mut noted = measurement(601, "2026-03-07 12:30", Reading::Glucose { mg_dl: 104.5 });
    noted.note = "=after breakfast, \"fasting\" no".into();
    data.measurements = vec![
        measurement(600, "2026-03-08 13:00", pressure),
        noted,
        measurement(602, "2026-03-09 02:00", Reading::Weight { kg: 72.4 }),
        measurement(603, "2026-02-01 12:00", Reading::PeakFlow { l_min: 420.0 }),
    ];
    data
}

#[test]
fn the_measurements_csv_has_a_row_per_reading_in_stored_units_with_offsets() {
    let data = measured();
    let (from, to) = (utc("2026-03-01 00:00"), utc("2026-03-10 00:00"));
    let csv = measurements_csv(&data, People::All, &BundledRules, from, to);
    let rows: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        rows,
        [
            MEASUREMENTS_CSV_HEADER,
            "Ana,2026-03-07T07:30:00-05:00,glucose,,,,104.5,mg/dL,\"'=after breakfast, \"\"fasting\"\" no\"",
            "Ana,2026-03-08T09:00:00-04:00,blood_pressure,132,84,71,,mmHg,",
            "Ana,2026-03-08T22:00:00-04:00,weight,,,,72.4,kg,",
            "",
        ]
    );
    let nobody = People::Only(tend_core::Id::from_u128(999));
    assert_eq!(
        measurements_csv(&data, nobody, &BundledRules, from, to),
        format!("{MEASUREMENTS_CSV_HEADER}\r\n")
    );
}

#[test]
fn each_measurement_is_a_vital_signs_observation_in_loinc_and_ucum() {
    let data = measured();
    let (from, to) = (utc("2026-03-01 00:00"), utc("2026-03-10 00:00"));
    let bundle = fhir_bundle(&data, People::All, &BundledRules, from, to, to);
    let observations: Vec<&serde_json::Value> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == "Observation")
        .collect();
    let codes: Vec<&str> = observations
        .iter()
        .map(|o| o["code"]["coding"][0]["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["2339-0", "85354-9", "29463-7"],
        "in time order, none from before the range"
    );
    let pressure = observations[1];
    assert_eq!(pressure["status"], "final");
    assert_eq!(pressure["category"][0]["coding"][0]["code"], "vital-signs");
    assert_eq!(pressure["effectiveDateTime"], "2026-03-08T09:00:00-04:00");
    let components: Vec<(&str, f64, &str)> = pressure["component"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let q = &c["valueQuantity"];
            assert_eq!(q["system"], "http://unitsofmeasure.org");
            (
                c["code"]["coding"][0]["code"].as_str().unwrap(),
                q["value"].as_f64().unwrap(),
                q["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        components,
        [
            ("8480-6", 132.0, "mm[Hg]"),
            ("8462-4", 84.0, "mm[Hg]"),
            ("8867-4", 71.0, "/min")
        ]
    );
    assert_eq!(observations[0]["valueQuantity"]["code"], "mg/dL");
    assert_eq!(
        observations[0]["note"][0]["text"],
        "=after breakfast, \"fasting\" no"
    );
    assert_eq!(observations[2]["valueQuantity"]["value"], 72.4);
    assert_eq!(
        pressure["subject"]["reference"],
        format!("urn:uuid:{}", data.profiles[0].meta.id)
    );
}
