//! The backup file: round trips, migrations from fixtures, and validation that reports every problem.

mod common;
use common::*;
use proptest::prelude::*;
use tend_core::backup::{export, import, import_from, CURRENT_VERSION};
use tend_core::dose::DoseAction;
use tend_core::medication::Stock;
use tend_core::schedule::{DoseTime, Pattern};
use tend_core::zone::BundledRules;
use tend_core::Id;

#[test]
fn export_then_import_is_identity_for_every_record_kind() {
    let data = everything();
    assert_eq!(
        import(&export(&data, utc("2026-06-01 12:00")), &BundledRules).unwrap(),
        data
    );
}

/// Files written by every released version keep importing. Add a fixture here whenever the version goes up.
#[test]
fn every_released_version_imports() {
    for version in 1..=CURRENT_VERSION {
        let path = format!(
            "{}/tests/fixtures/backup-v{version}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"));
        let data = import(&text, &BundledRules).unwrap_or_else(|p| panic!("v{version}: {p:?}"));
        let expected = as_of_version(everything(), version);
        assert_eq!(data, expected, "v{version} imports to the same records");
    }
}

fn problems(text: &str) -> Vec<String> {
    import(text, &BundledRules)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn not_a_backup_is_said_plainly() {
    assert_eq!(
        problems("{ not json"),
        ["$: is not valid JSON (line 1, column 3): key must be a string at line 1 column 3"]
    );
    assert_eq!(
        problems("[1]"),
        ["$: is not a Tend backup: expected a JSON object"]
    );
    assert_eq!(
        problems(r#"{"format":"other"}"#),
        ["$.format: must be \"tend-backup\": this is not a Tend backup"]
    );
    assert!(problems(r#"{"format":"tend-backup","version":99}"#)[0].contains("from a newer Tend"));
    assert!(problems(r#"{"format":"tend-backup","version":0}"#)[0].starts_with("$.version"));
}

#[test]
fn every_problem_is_reported_with_its_location() {
    let mut document: serde_json::Value =
        serde_json::from_str(&export(&everything(), utc("2026-06-01 12:00"))).unwrap();
    document["medications"][0]["name"] = serde_json::json!(42);
    document["medications"][1]["zone_policy"]["zone"] = serde_json::json!("Mars/Olympus");
    document["schedules"][0]["pattern"]["daily"]["times"][1]["time"] = serde_json::json!("25:99");
    document["schedules"][1]["medication_id"] = serde_json::json!(Id::from_u128(999).to_string());
    document["dose_events"][0]["action"]["kind"] = serde_json::json!("eaten");
    document["dose_events"][2]["id"] = document["dose_events"][3]["id"].clone();
    let found = problems(&document.to_string());
    let paths: Vec<&str> = found.iter().map(|p| p.split(": ").next().unwrap()).collect();
    // Each at its index in the file, also after a record before it in the same list failed to decode.
    assert_eq!(
        paths,
        [
            "$.medications[0].name",
            "$.schedules[0].pattern.daily.times[1].time",
            "$.dose_events[0].action.kind",
            "$.dose_events[3].id",
            "$.medications[1].zone_policy.zone",
            "$.schedules[1].medication_id",
        ],
        "{found:#?}"
    );
}

/// The problems import finds in `everything()` exported and then changed by `change`.
fn problems_after(change: impl FnOnce(&mut serde_json::Value)) -> Vec<String> {
    let mut document: serde_json::Value =
        serde_json::from_str(&export(&everything(), utc("2026-06-01 12:00"))).unwrap();
    change(&mut document);
    problems(&document.to_string())
}

#[test]
fn exported_at_must_be_an_instant() {
    let expected = |found: &str| {
        format!(
            "$.exported_at: must be an RFC 3339 instant from 1900-01-01 to 2200-12-31 such as \
             2026-06-01T12:00:00Z, not {found}"
        )
    };
    let yesterday = problems_after(|d| d["exported_at"] = serde_json::json!("yesterday"));
    assert_eq!(yesterday, [expected("\"yesterday\"")]);
    let missing = problems_after(|d| {
        d.as_object_mut().unwrap().remove("exported_at");
    });
    assert_eq!(missing, [expected("missing")]);
    let far = problems_after(|d| d["exported_at"] = serde_json::json!("3000-01-01T00:00:00Z"));
    assert_eq!(far, [expected("\"3000-01-01T00:00:00Z\"")]);
}

#[test]
fn a_dose_event_for_a_schedule_that_is_not_there_is_refused() {
    let missing = Id::from_u128(4242).to_string();
    let found =
        problems_after(|d| d["dose_events"][0]["occurrence"]["schedule_id"] = serde_json::json!(missing));
    assert_eq!(
        found,
        [format!(
            "$.dose_events[0].occurrence.schedule_id: no schedule has the id {missing}"
        )]
    );
}

#[test]
fn a_file_starting_with_a_byte_order_mark_imports() {
    let text = format!("\u{feff}{}", export(&everything(), utc("2026-06-01 12:00")));
    assert_eq!(import(&text, &BundledRules).unwrap(), everything());
}

#[test]
fn a_huge_value_is_quoted_cut_short() {
    let huge = "x".repeat(50_000_000);
    let zone = problems_after(|d| d["medications"][1]["zone_policy"]["zone"] = serde_json::json!(huge));
    assert_eq!(
        zone,
        [format!(
            "$.medications[1].zone_policy.zone: unknown time zone \"{}… (50000000 characters)\"",
            "x".repeat(60)
        )]
    );
    let number = problems_after(|d| d["profiles"][0]["rules"]["on_time_minutes"] = serde_json::json!(huge));
    assert_eq!(number.len(), 1);
    assert!(number[0].len() < 200, "{}", &number[0][..300]);
    assert!(number[0].contains("… (50000000 characters)"), "{}", number[0]);
}

#[test]
fn reading_from_a_stream_gives_the_same_records_and_problems() {
    let text = export(&everything(), utc("2026-06-01 12:00"));
    let from_reader = |text: &str| import_from(text.as_bytes(), &BundledRules);
    assert_eq!(from_reader(&text).unwrap(), everything());
    assert_eq!(from_reader(&format!("\u{feff}{text}")).unwrap(), everything());
    let broken = text.replacen("\"Ana\"", "7", 1);
    assert_eq!(from_reader(&broken), import(&broken, &BundledRules));
    assert_eq!(from_reader("{ not json"), import("{ not json", &BundledRules));
}

#[test]
fn records_before_the_version_are_read_once_it_is_known() {
    let mut document: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&export(&everything(), utc("2026-06-01 12:00"))).unwrap();
    let envelope: Vec<(String, serde_json::Value)> = ["format", "version", "exported_at"]
        .iter()
        .map(|key| (key.to_string(), document.remove(*key).unwrap()))
        .collect();
    document.extend(envelope);
    let text = serde_json::Value::Object(document).to_string();
    assert!(text.find("\"version\"") > text.find("\"dose_events\""));
    assert_eq!(import(&text, &BundledRules).unwrap(), everything());
}

#[test]
fn a_collection_that_is_not_one_list_is_reported() {
    let found = problems_after(|d| d["profiles"] = serde_json::json!({"name": "Ana"}));
    assert_eq!(found[0], "$.profiles: must be a list");
    // Its records are not there, so what refers to the profile is reported too.
    assert!(
        found[1..].iter().all(|p| p.contains("no profile has the id")),
        "{found:?}"
    );
    let exported = export(&everything(), utc("2026-06-01 12:00"));
    let twice = exported.replacen("\"profiles\": [", "\"zone_changes\": [], \"profiles\": [", 1);
    assert_eq!(problems(&twice), ["$.zone_changes: appears twice in the file"]);
}

#[test]
fn a_newer_version_is_the_only_problem_reported() {
    let text = export(&everything(), utc("2026-06-01 12:00"))
        .replacen(&format!("\"version\": {CURRENT_VERSION}"), "\"version\": 9", 1)
        .replace("\"Ana\"", "7");
    let found = problems(&text);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("$.version: is 9, from a newer Tend"),
        "{found:?}"
    );
}

fn any_text() -> impl Strategy<Value = String> {
    "\\PC{1,20}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any names, notes, amounts and times survive export then import unchanged.
    #[test]
    fn round_trip_keeps_arbitrary_values(
        name in any_text(),
        note in any_text(),
        side_effect in any::<bool>(),
        amount in 0.001f64..1000.0,
        minute in 0u32..(24 * 60),
        on_hand in 0.0f64..10_000.0,
        wall_ms in 0u64..4_000_000_000_000,
        counter in 0u32..1000,
        deleted in any::<bool>(),
    ) {
        let mut data = everything();
        data.medications[0].name = name.clone();
        data.medications[0].stock = Some(Stock { on_hand, counted_at: utc("2026-01-01 00:00"), refill_at_days: 3, expires_on: None });
        data.medications[2].meta.deleted = deleted;
        data.medications[2].meta.stamp = tend_core::hlc::Hlc { wall_ms, counter, node: u64::MAX };
        data.schedules[0].pattern = Pattern::Daily { times: vec![DoseTime { time: time(&format!("{:02}:{:02}", minute / 60, minute % 60)), amount }] };
        data.dose_events[1].action = DoseAction::Note { text: note, side_effect };
        prop_assume!(!name.trim().is_empty());
        let text = export(&data, utc("2026-06-01 12:00"));
        prop_assert_eq!(import(&text, &BundledRules).unwrap(), data);
    }
}

#[test]
fn goals_check_ins_measurements_and_refills_are_checked_where_they_are_written() {
    let missing = Id::from_u128(4242).to_string();
    let found = problems_after(|d| {
        d["measurements"][0]["reading"]["systolic"] = serde_json::json!(1200);
        d["measurements"][1]["reading"]["diastolic"] = serde_json::json!(140);
        d["measurements"][2]["reading"]["kind"] = serde_json::json!("cholesterol");
        d["measurements"][3]["zone"] = serde_json::json!("Mars/Olympus");
        d["check_ins"][0]["mood"] = serde_json::json!(9);
        d["check_ins"][0]["symptoms"][1] = serde_json::json!("hiccups");
        d["goals"][0]["text"] = serde_json::json!(" ");
        d["goals"][0]["medication_ids"][0] = serde_json::json!(missing);
        d["refills"][0]["quantity"] = serde_json::json!(-3);
        d["refills"][1]["on"] = serde_json::json!("1066-10-14");
    });
    assert_eq!(
        found,
        [
            "$.measurements[2].reading.kind: unknown variant `cholesterol`, expected one of `blood_pressure`, \
             `glucose`, `weight`, `peak_flow`"
                .to_owned(),
            format!("$.goals[0].medication_ids: no medication has the id {missing}"),
            "$.goals[0].text: must not be empty".into(),
            "$.check_ins[0].mood: must be from 1 to 5".into(),
            "$.check_ins[0].symptoms: \"hiccups\" is not one of tiredness, headache, dizziness, nausea, \
             upset_stomach, poor_sleep, pain, shortness_of_breath, rash, low_mood"
                .into(),
            "$.measurements[0].reading.systolic: must be from 50 to 300".into(),
            "$.measurements[1].reading.diastolic: must be below the systolic (upper) number".into(),
            "$.measurements[3].zone: unknown time zone \"Mars/Olympus\"".into(),
            "$.refills[0].quantity: must be above zero and at most 1000000".into(),
            "$.refills[1].on: must be from 1900-01-01 to 2200-12-31".into(),
        ]
    );
}
