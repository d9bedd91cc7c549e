//! The `tend` binary end to end: real files in, text or JSON out, exit codes.

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture() -> String {
    format!(
        "{}/../core/tests/fixtures/backup-v1.json",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn tend(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tend"))
        .args(args)
        .output()
        .expect("runs")
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("tend-cli-test-{}-{name}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn doses_as_json_carry_local_time_with_offset_and_utc() {
    let out = tend(&[
        "doses",
        &fixture(),
        "--from",
        "2026-03-08",
        "--to",
        "2026-03-08",
        "--tz",
        "America/New_York",
        "--json",
        "--now",
        "2026-03-08T12:30:00Z",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let daily: Vec<&serde_json::Value> = lines
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["medication"] == "Medicine 10")
        .collect();
    assert_eq!(daily.len(), 2);
    assert_eq!(daily[0]["local"], "2026-03-08T08:00:00-04:00");
    assert_eq!(daily[0]["utc"], "2026-03-08T12:00:00Z");
    assert_eq!(daily[0]["status"], "due");
    assert_eq!(daily[1]["status"], "upcoming");
    assert_eq!(daily[0]["profile_id"], "00000000-0000-0000-0000-000000000001");
}

#[test]
fn adherence_as_json() {
    let out = tend(&[
        "adherence",
        &fixture(),
        "--days",
        "7",
        "--json",
        "--now",
        "2026-01-12T00:00:00Z",
    ]);
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report["overall"]["expected"].as_u64().unwrap() > 0);
    assert!(report["taking"].as_f64().unwrap() <= 1.0);
}

#[test]
fn validate_lists_every_problem_with_its_path_and_exits_1() {
    let text = std::fs::read_to_string(fixture())
        .unwrap()
        .replace("\"name\": \"Ana\"", "\"name\": 7")
        .replace("America/New_York", "Nowhere/Land");
    let path = temp_file("bad.json", &text);
    let out = tend(&["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 problems found, nothing imported"), "{stderr}");
    assert!(stderr.contains("$.profiles[0].name: invalid type"), "{stderr}");
    assert!(
        stderr.contains("$.zone_changes[0].zone: unknown time zone \"Nowhere/Land\""),
        "{stderr}"
    );
}

#[test]
fn clear_errors_never_panics() {
    let missing = tend(&["validate", "/nonexistent/backup.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read /nonexistent/backup.json"));

    let not_json = temp_file("notjson.json", "{ this is not json");
    let out = tend(&["validate", not_json.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not valid JSON (line 1, column 3)"));

    let future = temp_file("future.json", r#"{"format":"tend-backup","version":7}"#);
    let out = tend(&["validate", future.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("from a newer Tend"));

    let out = tend(&[
        "doses",
        &fixture(),
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-02",
        "--tz",
        "Mars/Olympus",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown time zone \"Mars/Olympus\""));

    let out = tend(&["doses", &fixture()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage:"));
}

#[test]
fn generate_writes_a_backup_that_validates() {
    let out = tend(&[
        "generate",
        "--medicines",
        "3",
        "--days",
        "30",
        "--tz",
        "Europe/London",
        "--now",
        "2026-06-01T12:00:00Z",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let path = temp_file("generated.json", &String::from_utf8_lossy(&out.stdout));
    let valid = tend(&["validate", path.to_str().unwrap()]);
    assert!(
        valid.status.success(),
        "{}",
        String::from_utf8_lossy(&valid.stderr)
    );
    assert!(String::from_utf8_lossy(&valid.stdout).contains("medications: 3"));
}

#[test]
fn export_ics_writes_recurring_events_with_alarms_for_the_medicines_asked_for() {
    let now = "2026-01-10T12:00:00Z";
    let all = tend(&["export", "ics", &fixture(), "--now", now]);
    assert!(all.status.success(), "{}", String::from_utf8_lossy(&all.stderr));
    let text = String::from_utf8(all.stdout).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    // Medicine 11 stays on London time: its zone is written out, and its weekly rule ends with the schedule.
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"));
    assert!(text.contains("RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=TU;UNTIL=20260131T235959Z"));
    assert_eq!(
        text.matches("BEGIN:VEVENT").count(),
        text.matches("ACTION:DISPLAY").count()
    );

    let one = tend(&[
        "export",
        "ics",
        &fixture(),
        "--now",
        now,
        "--medicine",
        "00000000-0000-0000-0000-00000000000a",
    ]);
    let one = String::from_utf8(one.stdout).unwrap();
    assert!(one.contains("SUMMARY:Ana: Medicine 10: 1 tablet"));
    assert!(!one.contains("Medicine 11"));
}

#[test]
fn export_ics_refuses_an_unknown_medicine_or_format() {
    let out = tend(&[
        "export",
        "ics",
        &fixture(),
        "--medicine",
        "00000000-0000-0000-0000-0000000000ff",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no medicine with id"));
    let out = tend(&["export", "vcs", &fixture()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("export ics"));
}

const PROFILE: &str = "00000000-0000-0000-0000-000000000001";
const MEDICINE: &str = "00000000-0000-0000-0000-00000000000a";
const SCHEDULE: &str = "00000000-0000-0000-0000-0000000003f2";

fn meta(id: &str) -> String {
    format!(r#""id": "{id}", "profile_id": "{PROFILE}", "stamp": {{"wall_ms": 0, "counter": 0, "node": 0}}"#)
}

/// A backup of one medicine on a fixed zone at `times` daily from `start`, with `events` (JSON objects).
fn backup(zone: &str, times: &[&str], start: &str, events: &[String]) -> String {
    let times: Vec<String> = times
        .iter()
        .map(|t| format!(r#"{{"time": "{t}:00", "amount": 1.0}}"#))
        .collect();
    format!(
        r##"{{"format": "tend-backup", "version": 1, "exported_at": "2026-01-01T00:00:00Z",
  "profiles": [{{{p}, "name": "Ana", "colour": "#123456"}}],
  "medications": [{{{m}, "name": "Metoprolol", "form": "tablet", "unit": "tablet", "colour": "#000000",
    "zone_policy": {{"kind": "fixed", "zone": "{zone}"}}}}],
  "schedules": [{{{s}, "medication_id": "{MEDICINE}", "start": "{start}", "end": {{"kind": "never"}},
    "pattern": {{"daily": {{"times": [{times}]}}}}}}],
  "dose_events": [{events}]}}"##,
        p = meta(PROFILE),
        m = meta(MEDICINE),
        s = meta(SCHEDULE),
        times = times.join(", "),
        events = events.join(", "),
    )
}

fn taken(id: &str, slot: &str, at: &str) -> String {
    format!(
        r#"{{{}, "medication_id": "{MEDICINE}", "occurrence": {{"schedule_id": "{SCHEDULE}", "slot": "{slot}"}},
  "action": {{"kind": "taken", "at": "{at}", "amount": 1.0}}, "recorded_at": "{at}", "zone": "UTC"}}"#,
        meta(id)
    )
}

#[test]
fn adherence_counts_a_dose_due_before_an_earlier_slot_in_the_skipped_hour() {
    // St John's springs forward at 02:00 on 8 March 2026: 03:00 is due at 05:30Z, 02:30 (in the gap) at 06:00Z.
    let path = temp_file(
        "st-johns.json",
        backup(
            "America/St_Johns",
            &["02:30", "03:00"],
            "2026-03-08",
            &[taken(
                "00000000-0000-0000-0000-000000000100",
                "2026-03-08T03:00:00",
                "2026-03-08T05:30:00Z",
            )],
        )
        .as_str(),
    );
    let out = tend(&[
        "adherence",
        path.to_str().unwrap(),
        "--days",
        "1",
        "--now",
        "2026-03-08T05:45:00Z",
        "--json",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["overall"]["expected"], 1, "{report}");
    assert_eq!(report["overall"]["on_time"], 1, "{report}");
}

#[test]
fn values_that_once_crashed_commands_are_refused() {
    let text = std::fs::read_to_string(fixture()).unwrap().replacen(
        r#""kind": "never""#,
        r#""kind": "after_days", "days": 4294967295"#,
        1,
    );
    let path = temp_file("endless-course.json", &text);
    let out = tend(&["validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("$.schedules[0].end.days: must be from 1 to 3660 days"),
        "{stderr}"
    );
}

#[test]
fn a_file_starting_with_a_byte_order_mark_validates() {
    let text = format!("\u{feff}{}", std::fs::read_to_string(fixture()).unwrap());
    let path = temp_file("bom.json", &text);
    let out = tend(&["validate", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn export_csv_and_fhir_write_the_dose_log_and_a_bundle() {
    let text = backup(
        "Europe/Madrid",
        &["08:00"],
        "2026-03-01",
        &[taken(
            "00000000-0000-0000-0000-000000000500",
            "2026-03-02T08:00:00",
            "2026-03-02T07:05:00Z",
        )],
    );
    let path = temp_file("export.json", &text);
    let path = path.to_str().unwrap();
    let now = "2026-03-03T12:00:00Z";
    let out = tend(&["export", "csv", path, "--days", "2", "--now", now]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows,
        [
            tend_core::export::CSV_HEADER,
            "Ana,Metoprolol,,2026-03-02T08:00:00+01:00,taken_on_time,2026-03-02T08:05:00+01:00,1,tablet,",
            "Ana,Metoprolol,,2026-03-03T08:00:00+01:00,late,,1,tablet,",
        ]
    );
    let out = tend(&["export", "measurements", path, "--now", now]);
    assert_eq!(out.status.code(), Some(0));
    let none = format!("{}\r\n", tend_core::export::MEASUREMENTS_CSV_HEADER);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), none);
    let out = tend(&["export", "fhir", path, "--days", "2", "--now", now]);
    assert_eq!(out.status.code(), Some(0));
    let bundle: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["resource"]["resourceType"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["Patient", "MedicationStatement", "MedicationAdministration"]
    );
}

#[test]
fn export_report_writes_every_section_of_the_doctor_visit_report() {
    let path = format!(
        "{}/../core/tests/fixtures/backup-v2.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = tend(&["export", "report", &path, "--now", "2026-03-20T12:00:00Z"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8(out.stdout).unwrap();
    for line in [
        "# Report for your doctor",
        "## What matters to me",
        "- Walk to the park with my grandchildren (since 2026-01-05) · Medicine 10",
        "### Taking now",
        "  - every day: 1 tablet at 08:00, 1 tablet at 20:00, from 2026-01-05",
        "  - every 2 days: 2 tablets at 07:15, from 2026-01-05",
        "| Medicine 12 | none due | none due | 0% | 0% |",
        "- By day of the week: Mon 71, Tue 84, Wed 63, Thu 63, Fri 61, Sat 61, Sun 61",
        "- **Blood pressure**. Readings: 2. Average 130.3/82 mmHg, pulse 71; lowest 128.5/80 mmHg; \
         highest 132/84 mmHg, pulse 71; latest 128.5/80 mmHg, on 2026-01-05.",
        "- Symptoms ticked, and how often: headache (1), poor sleep (1).",
        "## Side effects noted in the last 90 days",
    ] {
        assert!(
            report.lines().any(|l| l == line),
            "no line {line:?} in:\n{report}"
        );
    }
    assert!(report.ends_with("ask them before you change how you take a medicine.\n"));
}
