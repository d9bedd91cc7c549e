//! The backup file: all records as versioned JSON. Import validates everything before anything is written, and
//! reports every problem with its location in the document.

mod stream;

use crate::dataset::Dataset;
use crate::limits::{echo, echo_up_to, instant_in_range, EARLIEST_DATE, LATEST_DATE, MAX_ECHOED_CHARS};
use crate::record::Meta;
use crate::zone::{ZonePolicy, ZoneRules};
use crate::Id;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use std::io::{self, BufRead};
use stream::{Document, Migration, Unreadable};

pub const FORMAT: &str = "tend-backup";
/// The version this build writes. Each older version has a migration in [`MIGRATIONS`].
pub const CURRENT_VERSION: u64 = 1;

/// `MIGRATIONS[i]` upgrades a record from version `i + 1` to `i + 2`. Appended to, never edited: a file written by
/// any released version must keep importing (the fixtures in `tests/fixtures` check it). Migrations work record by
/// record, so a file is still read as it streams.
const MIGRATIONS: [Migration; (CURRENT_VERSION - 1) as usize] = [];

/// The top level of the file as written.
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
    // Some editors start a UTF-8 file with a byte-order mark, which is not JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    validate(stream::read(serde_json::Deserializer::from_str(text)), rules)
}

/// [`import`] from a reader, as the file streams in: for a large file, memory holds the records but never the
/// file's text.
pub fn import_from(reader: impl io::Read, rules: &dyn ZoneRules) -> Result<Dataset, Vec<Problem>> {
    let mut reader = io::BufReader::new(reader);
    let starts_with_mark = reader
        .fill_buf()
        .map_err(|e| vec![problem("$", format!("could not be read: {e}"))])?
        .starts_with("\u{feff}".as_bytes());
    if starts_with_mark {
        reader.consume("\u{feff}".len());
    }
    validate(stream::read(serde_json::Deserializer::from_reader(reader)), rules)
}

fn validate(read: Result<Document, Unreadable>, rules: &dyn ZoneRules) -> Result<Dataset, Vec<Problem>> {
    let mut document = match read {
        Ok(document) => document,
        Err(Unreadable::NotAnObject) => {
            return Err(vec![problem("$", "is not a Tend backup: expected a JSON object")])
        }
        Err(Unreadable::Json(e)) if e.is_io() => {
            return Err(vec![problem("$", format!("could not be read: {e}"))])
        }
        Err(Unreadable::Json(e)) => {
            let message = format!(
                "is not valid JSON (line {}, column {}): {e}",
                e.line(),
                e.column()
            );
            return Err(vec![problem("$", shorten_quoted(&message))]);
        }
    };
    let version = check_envelope(&document)?;
    let mut problems: Vec<Problem> = exported_at_problem(document.exported_at.as_ref())
        .into_iter()
        .collect();
    problems.extend(document.finish(version));
    problems.extend(consistency_problems(&document, rules));
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Dataset {
        profiles: document.profiles.records,
        medications: document.medications.records,
        schedules: document.schedules.records,
        dose_events: document.dose_events.records,
        zone_changes: document.zone_changes.records,
    })
}

/// The format and version, which decide whether the rest can be read at all: the version, or the one problem.
fn check_envelope(document: &Document) -> Result<u64, Vec<Problem>> {
    if document.format.as_ref().and_then(Value::as_str) != Some(FORMAT) {
        return Err(vec![problem(
            "$.format",
            format!("must be \"{FORMAT}\": this is not a Tend backup"),
        )]);
    }
    match document.version.as_ref().and_then(Value::as_u64) {
        Some(v) if (1..=CURRENT_VERSION).contains(&v) => Ok(v),
        Some(v) if v > CURRENT_VERSION => Err(vec![problem(
            "$.version",
            format!("is {v}, from a newer Tend than this one (which reads up to {CURRENT_VERSION}): update Tend first"),
        )]),
        _ => Err(vec![problem("$.version", "must be a whole number from 1 upwards")]),
    }
}

/// `exported_at` must be an RFC 3339 instant within the limits.
fn exported_at_problem(exported_at: Option<&Value>) -> Option<Problem> {
    let text = exported_at.and_then(Value::as_str);
    let instant = text.and_then(|t| DateTime::parse_from_rfc3339(t).ok());
    if instant.is_some_and(|i| instant_in_range(i.to_utc())) {
        return None;
    }
    let found = match text {
        Some(text) => format!("\"{}\"", echo(text)),
        None => "missing".to_owned(),
    };
    Some(problem(
        "$.exported_at",
        format!(
            "must be an RFC 3339 instant from {EARLIEST_DATE} to {LATEST_DATE} such as \
             2026-06-01T12:00:00Z, not {found}"
        ),
    ))
}

/// A decoding error's message with every value it quotes (serde quotes them "so" or `so`) cut short, and the
/// whole message too should a value's own quotes have hidden it.
fn shorten_quoted(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(open) = rest.find(['"', '`']) {
        let quote = &rest[open..=open];
        let inside = &rest[open + 1..];
        let Some(close) = inside.find(quote) else {
            break;
        };
        out.push_str(&rest[..=open]);
        out.push_str(&echo(&inside[..close]));
        out.push_str(quote);
        rest = &inside[close + 1..];
    }
    out.push_str(rest);
    echo_up_to(&out, 4 * MAX_ECHOED_CHARS)
}

/// Problems between records (duplicate ids, references to records that are not there), unknown zones, and each
/// record's own checks against [`crate::limits`].
fn consistency_problems(document: &Document, rules: &dyn ZoneRules) -> Vec<Problem> {
    let mut problems = Vec::new();
    // Asked once a zone: a million events name the same few, and the browser's rules are slow to ask.
    let mut known_zones: HashMap<String, bool> = HashMap::new();
    let mut check_zone = |path: String, zone: &str, problems: &mut Vec<Problem>| {
        let known = match known_zones.get(zone) {
            Some(known) => *known,
            None => *known_zones.entry(zone.to_owned()).or_insert(rules.is_known(zone)),
        };
        if !known {
            problems.push(problem(path, format!("unknown time zone \"{}\"", echo(zone))));
        }
    };
    // References are checked against every id in the file, also of records that failed to decode, so one
    // bad record is reported once rather than again through everything that points at it.
    let profiles = document.profiles.ids(&mut problems);
    let medications = document.medications.ids(&mut problems);
    let schedules = document.schedules.ids(&mut problems);
    let events = document.dose_events.ids(&mut problems);
    document.zone_changes.ids(&mut problems);

    let known_profile = |collection: &str, i: usize, id: Id, problems: &mut Vec<Problem>| {
        if !profiles.contains(&id) {
            problems.push(problem(
                format!("$.{collection}[{i}].profile_id"),
                format!("no profile has the id {id}"),
            ));
        }
    };
    for (i, p) in document.profiles.iter() {
        own_problems("profiles", i, &p.meta, p.problems(), &mut problems);
    }
    for (i, m) in document.medications.iter() {
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
    for (i, s) in document.schedules.iter() {
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
    for (i, e) in document.dose_events.iter() {
        known_profile("dose_events", i, e.meta.profile_id, &mut problems);
        if !medications.contains(&e.medication_id) {
            problems.push(problem(
                format!("$.dose_events[{i}].medication_id"),
                format!("no medication has the id {}", e.medication_id),
            ));
        }
        if let Some(key) = e.occurrence.filter(|key| !schedules.contains(&key.schedule_id)) {
            problems.push(problem(
                format!("$.dose_events[{i}].occurrence.schedule_id"),
                format!("no schedule has the id {}", key.schedule_id),
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
    for (i, z) in document.zone_changes.iter() {
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
