//! The backup file: all records as versioned JSON. Import validates everything before anything is written, and
//! reports every problem with its location in the document.

mod stream;

use crate::dataset::{Dataset, Kind};
use crate::limits::{echo, echo_up_to, instant_in_range, EARLIEST_DATE, LATEST_DATE, MAX_ECHOED_CHARS};
use crate::record::{EachKind, Record, Reference};
use crate::zone::ZoneRules;
use crate::Id;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::{self, BufRead};
use stream::{Document, Migration, Unreadable};

pub const FORMAT: &str = "tend-backup";
/// The version this build writes. Each older version has a migration in [`MIGRATIONS`].
pub const CURRENT_VERSION: u64 = 2;

/// `MIGRATIONS[i]` upgrades a record from version `i + 1` to `i + 2`. Appended to, never edited: a file written by
/// any released version must keep importing (the fixtures in `tests/fixtures` check it). Migrations work record by
/// record, so a file is still read as it streams.
const MIGRATIONS: [Migration; (CURRENT_VERSION - 1) as usize] = [added_health_records];

/// Version 2 added goals, check-ins, measurements and refills, and changed no record of version 1: an older
/// Tend ignores sections it does not know, so the version went up to make it refuse such a file instead of
/// silently leaving them out.
fn added_health_records(_collection: &str, _record: &mut Value) {}

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
    Ok(document.data)
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
/// record's own checks against [`crate::limits`]. A tombstone has no content to check: only its header, its id
/// and its profile.
fn consistency_problems(document: &Document, rules: &dyn ZoneRules) -> Vec<Problem> {
    let mut problems = Vec::new();
    // References are checked against every id in the file, also of records that failed to decode, so one
    // bad record is reported once rather than again through everything that points at it.
    let ids: Vec<HashSet<Id>> = Kind::ALL
        .into_iter()
        .map(|kind| {
            let records = document.data.records(kind);
            document.collection(kind).ids(records, &mut problems)
        })
        .collect();
    let mut checks = Consistency {
        document,
        ids,
        rules,
        known_zones: HashMap::new(),
        problems,
    };
    Dataset::each_kind(&mut checks);
    checks.problems
}

struct Consistency<'a> {
    document: &'a Document,
    /// Every id of each kind, in [`Kind::ALL`] order.
    ids: Vec<HashSet<Id>>,
    rules: &'a dyn ZoneRules,
    /// Asked once a zone: a million events name the same few, and the browser's rules are slow to ask.
    known_zones: HashMap<String, bool>,
    problems: Vec<Problem>,
}

impl EachKind for Consistency<'_> {
    fn visit<R: Record>(&mut self) {
        let collection = self.document.collection(R::KIND);
        let name = R::KIND.name();
        for (i, record) in R::of(&self.document.data).iter().enumerate() {
            let at = |field: &str| format!("$.{name}[{}].{field}", collection.position(i));
            let meta = record.meta();
            // A profile is its own owner, which its own checks see to.
            let owner = (R::KIND != Kind::Profile).then_some(Reference {
                field: "profile_id",
                kind: Kind::Profile,
                id: meta.profile_id,
            });
            let content = !meta.deleted;
            let references = owner
                .into_iter()
                .chain(content.then(|| record.references()).into_iter().flatten());
            for Reference { field, kind, id } in references {
                if !self.ids[kind as usize].contains(&id) {
                    let message = format!("no {} has the id {id}", kind.noun());
                    self.problems.push(problem(at(field), message));
                }
            }
            for (field, zone) in content.then(|| record.zones()).into_iter().flatten() {
                let known = match self.known_zones.get(zone) {
                    Some(known) => *known,
                    None => *self
                        .known_zones
                        .entry(zone.to_owned())
                        .or_insert(self.rules.is_known(zone)),
                };
                if !known {
                    let message = format!("unknown time zone \"{}\"", echo(zone));
                    self.problems.push(problem(at(field), message));
                }
            }
            for (field, message) in meta.problems() {
                self.problems.push(problem(at(field), message));
            }
            for (field, message) in content.then(|| record.own_problems()).into_iter().flatten() {
                self.problems.push(problem(at(&field), message));
            }
        }
    }
}
