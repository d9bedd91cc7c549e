//! The backup file: all records as versioned JSON. Import validates everything before anything is written, and
//! reports every problem with its location in the document.

use crate::dataset::Dataset;
use crate::record::Meta;
use crate::zone::{ZonePolicy, ZoneRules};
use crate::Id;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::fmt;

pub const FORMAT: &str = "tend-backup";
/// The version this build writes. Each older version has a migration in [`MIGRATIONS`].
pub const CURRENT_VERSION: u64 = 1;

/// Upgrades a document from version `i + 1` to `i + 2`. Appended to, never edited: a file written by any
/// released version must keep importing (the fixtures in `tests/fixtures` check it).
type Migration = fn(&mut Map<String, Value>);
const MIGRATIONS: [Migration; (CURRENT_VERSION - 1) as usize] = [];

/// The top level of the file as written. (Reading goes through `serde_json::Value` so it can migrate first.)
#[derive(Serialize)]
struct Envelope<'a> {
    format: &'a str,
    version: u64,
    exported_at: DateTime<Utc>,
    #[serde(flatten)]
    data: &'a Dataset,
}

/// One thing wrong with an imported file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Where, as a JSON path: `$.medications[2].name`.
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

fn problem(path: impl Into<String>, message: impl Into<String>) -> Problem {
    Problem {
        path: path.into(),
        message: message.into(),
    }
}

/// Writes the backup file.
pub fn export(data: &Dataset, exported_at: DateTime<Utc>) -> String {
    let envelope = Envelope {
        format: FORMAT,
        version: CURRENT_VERSION,
        exported_at,
        data,
    };
    serde_json::to_string_pretty(&envelope).expect("records always serialise")
}

/// Reads, migrates and validates a backup file. Returns the records only if there are no problems at all.
pub fn import(text: &str, rules: &dyn ZoneRules) -> Result<Dataset, Vec<Problem>> {
    let mut document = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(vec![problem("$", "is not a Tend backup: expected a JSON object")]),
        Err(e) => {
            return Err(vec![problem(
                "$",
                format!(
                    "is not valid JSON (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
            )])
        }
    };
    check_envelope(&document)?;
    let version = document.get("version").and_then(Value::as_u64).expect("checked");
    for migration in &MIGRATIONS[(version - 1) as usize..] {
        migration(&mut document);
    }
    let mut problems = Vec::new();
    let data = Dataset {
        profiles: records(&document, "profiles", &mut problems),
        medications: records(&document, "medications", &mut problems),
        schedules: records(&document, "schedules", &mut problems),
        dose_events: records(&document, "dose_events", &mut problems),
        zone_changes: records(&document, "zone_changes", &mut problems),
    };
    problems.extend(consistency_problems(&document, &data, rules));
    if problems.is_empty() {
        Ok(data)
    } else {
        Err(problems)
    }
}

fn check_envelope(document: &Map<String, Value>) -> Result<(), Vec<Problem>> {
    if document.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(vec![problem(
            "$.format",
            format!("must be \"{FORMAT}\": this is not a Tend backup"),
        )]);
    }
    match document.get("version").and_then(Value::as_u64) {
        Some(v) if (1..=CURRENT_VERSION).contains(&v) => Ok(()),
        Some(v) if v > CURRENT_VERSION => Err(vec![problem(
            "$.version",
            format!("is {v}, from a newer Tend than this one (which reads up to {CURRENT_VERSION}): update Tend first"),
        )]),
        _ => Err(vec![problem("$.version", "must be a whole number from 1 upwards")]),
    }
}

/// Decodes each element of one collection on its own, so one bad record does not hide problems in the others.
fn records<T: DeserializeOwned>(
    document: &Map<String, Value>,
    key: &str,
    problems: &mut Vec<Problem>,
) -> Vec<T> {
    let items = match document.get(key) {
        None => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(_) => {
            problems.push(problem(format!("$.{key}"), "must be a list"));
            return Vec::new();
        }
    };
    let mut decoded = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match serde_path_to_error::deserialize::<_, T>(item) {
            Ok(record) => decoded.push(record),
            Err(e) => {
                let inner = e.path().to_string();
                let path = if inner == "." {
                    format!("$.{key}[{i}]")
                } else {
                    format!("$.{key}[{i}].{inner}")
                };
                problems.push(problem(path, e.into_inner().to_string()));
            }
        }
    }
    decoded
}

/// Problems between records (duplicate ids, references to records that are not there), unknown zones, and each
/// record's own checks against [`crate::limits`].
fn consistency_problems(
    document: &Map<String, Value>,
    data: &Dataset,
    rules: &dyn ZoneRules,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let check_zone = |path: String, zone: &str, problems: &mut Vec<Problem>| {
        if !rules.is_known(zone) {
            problems.push(problem(path, format!("unknown time zone \"{zone}\"")));
        }
    };
    for (key, ids) in [
        (
            "profiles",
            data.profiles.iter().map(|r| r.meta.id).collect::<Vec<_>>(),
        ),
        (
            "medications",
            data.medications.iter().map(|r| r.meta.id).collect(),
        ),
        ("schedules", data.schedules.iter().map(|r| r.meta.id).collect()),
        (
            "dose_events",
            data.dose_events.iter().map(|r| r.meta.id).collect(),
        ),
        (
            "zone_changes",
            data.zone_changes.iter().map(|r| r.meta.id).collect(),
        ),
    ] {
        report_duplicates(key, &ids, &mut problems);
    }
    // References are checked against every id in the file, also of records that failed to decode, so one
    // bad record is reported once rather than again through everything that points at it.
    let profiles = raw_ids(document, "profiles");
    let medications = raw_ids(document, "medications");
    let events = raw_ids(document, "dose_events");

    let known_profile = |collection: &str, i: usize, id: Id, problems: &mut Vec<Problem>| {
        if !profiles.contains(&id) {
            problems.push(problem(
                format!("$.{collection}[{i}].profile_id"),
                format!("no profile has the id {id}"),
            ));
        }
    };
    for (i, p) in data.profiles.iter().enumerate() {
        own_problems("profiles", i, &p.meta, p.problems(), &mut problems);
    }
    for (i, m) in data.medications.iter().enumerate() {
        known_profile("medications", i, m.meta.profile_id, &mut problems);
        if let ZonePolicy::Fixed { zone } = &m.zone_policy {
            check_zone(
                format!("$.medications[{i}].zone_policy.zone"),
                zone,
                &mut problems,
            );
        }
        own_problems("medications", i, &m.meta, m.problems(), &mut problems);
    }
    for (i, s) in data.schedules.iter().enumerate() {
        known_profile("schedules", i, s.meta.profile_id, &mut problems);
        if !medications.contains(&s.medication_id) {
            problems.push(problem(
                format!("$.schedules[{i}].medication_id"),
                format!("no medication has the id {}", s.medication_id),
            ));
        }
        // The file nests a pattern's values under its name: `pattern.times` is `pattern.daily.times` there.
        let pattern_field = |field: &'static str| match field.strip_prefix("pattern.") {
            Some(inner) => format!("pattern.{}.{inner}", s.pattern.name()),
            None => field.to_owned(),
        };
        let own = s
            .problems()
            .into_iter()
            .map(|(field, message)| (pattern_field(field), message));
        own_problems("schedules", i, &s.meta, own, &mut problems);
    }
    for (i, e) in data.dose_events.iter().enumerate() {
        known_profile("dose_events", i, e.meta.profile_id, &mut problems);
        if !medications.contains(&e.medication_id) {
            problems.push(problem(
                format!("$.dose_events[{i}].medication_id"),
                format!("no medication has the id {}", e.medication_id),
            ));
        }
        if let Some(target) = e.supersedes.filter(|t| !events.contains(t)) {
            problems.push(problem(
                format!("$.dose_events[{i}].supersedes"),
                format!("no dose event has the id {target}"),
            ));
        }
        check_zone(format!("$.dose_events[{i}].zone"), &e.zone, &mut problems);
        own_problems("dose_events", i, &e.meta, e.problems(), &mut problems);
    }
    for (i, z) in data.zone_changes.iter().enumerate() {
        known_profile("zone_changes", i, z.meta.profile_id, &mut problems);
        check_zone(format!("$.zone_changes[{i}].zone"), &z.zone, &mut problems);
        own_problems("zone_changes", i, &z.meta, z.problems(), &mut problems);
    }
    problems
}

/// A record's own problems (its header's and its values'), at their paths.
fn own_problems<F: fmt::Display>(
    collection: &str,
    i: usize,
    meta: &Meta,
    own: impl IntoIterator<Item = (F, String)>,
    problems: &mut Vec<Problem>,
) {
    for (field, message) in meta.problems() {
        problems.push(problem(format!("$.{collection}[{i}].{field}"), message));
    }
    for (field, message) in own {
        problems.push(problem(format!("$.{collection}[{i}].{field}"), message));
    }
}

fn report_duplicates(collection: &str, ids: &[Id], problems: &mut Vec<Problem>) {
    let mut seen = HashSet::new();
    for (i, id) in ids.iter().enumerate() {
        if !seen.insert(id) {
            problems.push(problem(
                format!("$.{collection}[{i}].id"),
                format!("the id {id} is used twice"),
            ));
        }
    }
}

fn raw_ids(document: &Map<String, Value>, key: &str) -> HashSet<Id> {
    let items = document
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    items
        .iter()
        .filter_map(|item| Id::parse(item.get("id")?.as_str()?).ok())
        .collect()
}
