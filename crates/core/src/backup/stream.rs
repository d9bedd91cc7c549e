//! Reading a backup as it streams: the top level is walked key by key and each record is read as its own small
//! piece of JSON, decoded, and dropped, so neither the file nor a tree of it is ever held whole.

use super::{problem, Problem, CURRENT_VERSION, MIGRATIONS};
use crate::dataset::{Dataset, Kind};
use crate::record::{ImportRecords, Records};
use crate::Id;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::HashSet;
use std::fmt;

/// Upgrades one record of a collection from version `i + 1` to `i + 2`.
pub(super) type Migration = fn(collection: &str, record: &mut Value);

/// One collection as read: where each record that decoded was in the file, and what the others left. The
/// records themselves go to the document's [`Dataset`].
pub(super) struct Collection {
    pub kind: Kind,
    /// The index in the file of each decoded record (they differ once one fails to decode).
    positions: Vec<usize>,
    /// Ids of the records that did not decode, so references to them are not reported a second time.
    undecoded_ids: Vec<Id>,
    /// Read before the file said its version, to decode once it has.
    deferred: Vec<Box<RawValue>>,
    read: usize,
    seen: bool,
    problems: Vec<Problem>,
}

impl Collection {
    fn new(kind: Kind) -> Self {
        Collection {
            kind,
            positions: Vec::new(),
            undecoded_ids: Vec::new(),
            deferred: Vec::new(),
            read: 0,
            seen: false,
            problems: Vec::new(),
        }
    }

    /// The index in the file of the `i`th decoded record.
    pub fn position(&self, i: usize) -> usize {
        self.positions[i]
    }

    /// Every id in the collection, reporting those used twice; ids of records that did not decode are included
    /// but not reported.
    pub fn ids(&self, records: &dyn Records, problems: &mut Vec<Problem>) -> HashSet<Id> {
        let mut ids = HashSet::with_capacity(records.len() + self.undecoded_ids.len());
        for i in 0..records.len() {
            let id = records.meta(i).id;
            if !ids.insert(id) {
                problems.push(problem(
                    format!("$.{}[{}].id", self.kind.name(), self.positions[i]),
                    format!("the id {id} is used twice"),
                ));
            }
        }
        ids.extend(&self.undecoded_ids);
        ids
    }

    fn take(&mut self, records: &mut dyn ImportRecords, raw: Box<RawValue>, version: Option<u64>) {
        match version {
            Some(version) => self.decode(records, &raw, version, MIGRATIONS.as_slice()),
            None => self.deferred.push(raw),
        }
    }

    /// Decodes what was read before the version was known.
    fn decode_deferred(&mut self, records: &mut dyn ImportRecords, version: u64) {
        for raw in std::mem::take(&mut self.deferred) {
            self.decode(records, &raw, version, MIGRATIONS.as_slice());
        }
    }

    fn decode(
        &mut self,
        records: &mut dyn ImportRecords,
        raw: &RawValue,
        version: u64,
        migrations: &[Migration],
    ) {
        let position = self.read;
        self.read += 1;
        match decode_record(records, self.kind.name(), raw.get(), version, migrations) {
            Ok(()) => self.positions.push(position),
            Err((inner, message)) => {
                let path = match inner.as_str() {
                    "." => format!("$.{}[{position}]", self.kind.name()),
                    inner => format!("$.{}[{position}].{inner}", self.kind.name()),
                };
                self.problems.push(problem(path, message));
                if let Ok(IdOnly { id }) = serde_json::from_str(raw.get()) {
                    self.undecoded_ids.push(id);
                }
            }
        }
    }
}

#[derive(Deserialize)]
struct IdOnly {
    id: Id,
}

/// Decodes one record from its text, migrated from `version`, onto the end of `records`; or gives the path inside
/// it and the message. A current record is decoded straight from its text; an old one (and any that fails, for a
/// message without a position inside the record) goes through a `Value`, which migrations work on.
fn decode_record(
    records: &mut dyn ImportRecords,
    collection: &str,
    text: &str,
    version: u64,
    migrations: &[Migration],
) -> Result<(), (String, String)> {
    let pending = &migrations[(version as usize - 1).min(migrations.len())..];
    if pending.is_empty() && records.push_json(text).is_ok() {
        return Ok(());
    }
    let mut value: Value = serde_json::from_str(text).map_err(|e| (".".to_owned(), e.to_string()))?;
    for migrate in pending {
        migrate(collection, &mut value);
    }
    match records.push_value(&value) {
        Ok(_) => Ok(()),
        Err(e) => Err((
            e.path().to_string(),
            super::shorten_quoted(&e.into_inner().to_string()),
        )),
    }
}

/// The file's top level as read.
pub(super) struct Document {
    pub format: Option<Value>,
    pub version: Option<Value>,
    pub exported_at: Option<Value>,
    /// The records that decoded.
    pub data: Dataset,
    /// One per kind, in [`Kind::ALL`] order.
    pub collections: Vec<Collection>,
}

impl Document {
    fn new() -> Self {
        Document {
            format: None,
            version: None,
            exported_at: None,
            data: Dataset::default(),
            collections: Kind::ALL.into_iter().map(Collection::new).collect(),
        }
    }

    pub fn collection(&self, kind: Kind) -> &Collection {
        &self.collections[kind as usize]
    }

    /// Decodes the records read before the version, and hands over every decoding problem, collection by
    /// collection in the order of the format.
    pub fn finish(&mut self, version: u64) -> Vec<Problem> {
        let mut problems = Vec::new();
        for collection in &mut self.collections {
            collection.decode_deferred(self.data.records_to_import(collection.kind), version);
            problems.append(&mut collection.problems);
        }
        problems
    }

    /// The version, once read: `Some(Ok(v))` for one this build reads, `Some(Err(()))` for any other value.
    pub fn readable_version(&self) -> Option<Result<u64, ()>> {
        let version = self.version.as_ref()?;
        Some(
            version
                .as_u64()
                .filter(|v| (1..=CURRENT_VERSION).contains(v))
                .ok_or(()),
        )
    }
}

/// Why a file could not be read as a document at all.
pub(super) enum Unreadable {
    /// Not JSON, or not readable (with serde_json's error).
    Json(serde_json::Error),
    /// JSON, but not an object.
    NotAnObject,
}

/// Reads the whole input as one document.
pub(super) fn read<'de, R: serde_json::de::Read<'de>>(
    mut input: serde_json::Deserializer<R>,
) -> Result<Document, Unreadable> {
    let mut document = Document::new();
    let outcome = input.deserialize_any(DocumentVisitor(&mut document));
    match outcome.and_then(|shape| input.end().map(|()| shape)) {
        Ok(Shape::Expected) => Ok(document),
        Ok(Shape::Other) => Err(Unreadable::NotAnObject),
        Err(e) => Err(Unreadable::Json(e)),
    }
}

/// Whether a value had the shape asked for; anything else is read through and reported, never an error, so the
/// rest of the file is still read.
enum Shape {
    Expected,
    Other,
}

/// Visits any value, accepting only the shape `visit_map` or `visit_seq` of the wrapper accepts.
macro_rules! other_shapes {
    () => {
        fn visit_bool<E>(self, _: bool) -> Result<Shape, E> {
            Ok(Shape::Other)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Shape, E> {
            Ok(Shape::Other)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Shape, E> {
            Ok(Shape::Other)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Shape, E> {
            Ok(Shape::Other)
        }
        fn visit_str<E>(self, _: &str) -> Result<Shape, E> {
            Ok(Shape::Other)
        }
        fn visit_unit<E>(self) -> Result<Shape, E> {
            Ok(Shape::Other)
        }
    };
}

struct DocumentVisitor<'a>(&'a mut Document);

impl<'de> Visitor<'de> for DocumentVisitor<'_> {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Tend backup")
    }

    other_shapes!();

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Shape::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        let document = self.0;
        while let Some(key) = map.next_key::<String>()? {
            let version = document.readable_version();
            // Records of a file whose version this build cannot read are skipped: only the version is reported.
            let skip = matches!(version, Some(Err(())));
            let version = version.and_then(Result::ok);
            match key.as_str() {
                "format" => document.format = Some(map.next_value()?),
                "version" => document.version = Some(map.next_value()?),
                "exported_at" => document.exported_at = Some(map.next_value()?),
                name => match Kind::named(name) {
                    Some(kind) => collection(&mut map, document, kind, version, skip)?,
                    None => {
                        map.next_value::<IgnoredAny>()?;
                    }
                },
            }
        }
        Ok(Shape::Expected)
    }
}

/// Reads one collection's value: its records, or a problem if it is not a list or appears a second time.
fn collection<'de, A: MapAccess<'de>>(
    map: &mut A,
    document: &mut Document,
    kind: Kind,
    version: Option<u64>,
    skip: bool,
) -> Result<(), A::Error> {
    let collection = &mut document.collections[kind as usize];
    if collection.seen {
        map.next_value::<IgnoredAny>()?;
        let twice = problem(format!("$.{}", kind.name()), "appears twice in the file");
        collection.problems.push(twice);
        return Ok(());
    }
    collection.seen = true;
    let seed = CollectionSeed {
        collection,
        records: document.data.records_to_import(kind),
        version,
        skip,
    };
    if let Shape::Other = map.next_value_seed(seed)? {
        let not_a_list = problem(format!("$.{}", kind.name()), "must be a list");
        document.collections[kind as usize].problems.push(not_a_list);
    }
    Ok(())
}

struct CollectionSeed<'a> {
    collection: &'a mut Collection,
    records: &'a mut dyn ImportRecords,
    version: Option<u64>,
    skip: bool,
}

impl<'de> DeserializeSeed<'de> for CollectionSeed<'_> {
    type Value = Shape;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Shape, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CollectionSeed<'_> {
    type Value = Shape;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of records")
    }

    other_shapes!();

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Shape, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Shape::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Shape, A::Error> {
        if self.skip {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
        } else {
            while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
                self.collection.take(self.records, raw, self.version);
            }
        }
        Ok(Shape::Expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zone::ZoneChange;

    /// Version 1 named a zone change's zone `tz` (made up, to test the mechanism).
    fn rename_tz(collection: &str, record: &mut Value) {
        if collection == "zone_changes" {
            if let Some(zone) = record.as_object_mut().and_then(|r| r.remove("tz")) {
                record["zone"] = zone;
            }
        }
    }

    const OLD_ZONE_CHANGE: &str = r#"{"id": "00000000-0000-0000-0000-000000000007",
        "profile_id": "00000000-0000-0000-0000-000000000001", "stamp": {"wall_ms": 0, "counter": 0, "node": 0},
        "since": "2026-01-01T00:00:00Z", "tz": "Europe/London"}"#;

    #[test]
    fn an_older_record_is_migrated_before_it_is_decoded() {
        let migrations: [Migration; 1] = [rename_tz];
        let mut changes: Vec<ZoneChange> = Vec::new();
        decode_record(&mut changes, "zone_changes", OLD_ZONE_CHANGE, 1, &migrations).unwrap();
        assert_eq!(changes[0].zone, "Europe/London");
        // The same record read as current is missing its zone, reported at the record.
        let current = decode_record(&mut changes, "zone_changes", OLD_ZONE_CHANGE, 2, &migrations);
        assert_eq!(current.unwrap_err(), (".".into(), "missing field `zone`".into()));
        assert_eq!(changes.len(), 1);
    }
}
