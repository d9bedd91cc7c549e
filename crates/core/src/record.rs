//! What every stored record carries, so that sync can merge them without a change of meaning; the [`Record`]
//! trait every kind implements; how two versions of one record merge; and [`record_kinds!`], which turns the one
//! list of kinds (in [`crate::dataset`]) into the [`crate::Dataset`], the [`Kind`] enum and the per-kind access
//! that storage, backups, merging and validation share.

use crate::codec::{self, Binary, DecodeError};
use crate::dataset::{Dataset, Kind};
use crate::hlc::Hlc;
use crate::limits::{Checks, LATEST_DATE};
use crate::sort;
use crate::Id;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Stable across devices and edits.
    pub id: Id,
    /// The person this record belongs to.
    pub profile_id: Id,
    /// When this version of the record was written; mutable records merge last-writer-wins by this stamp.
    pub stamp: Hlc,
    /// A tombstone: deleted records are kept (and synced) with this flag rather than removed.
    #[serde(default)]
    pub deleted: bool,
}

impl Meta {
    /// Checks the header: a stamp from after [`LATEST_DATE`] would win every merge for ever.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let latest_ms = LATEST_DATE
            .and_time(chrono::NaiveTime::MIN)
            .and_utc()
            .timestamp_millis()
            + 24 * 3600 * 1000;
        let mut checks = Checks::default();
        checks.require(
            i64::try_from(self.stamp.wall_ms).is_ok_and(|ms| ms < latest_ms),
            "stamp.wall_ms",
            format_args!("must be a time before the end of {LATEST_DATE}"),
        );
        checks.into_vec()
    }
}

/// How two versions of one record (one id) merge. Either way the winner is the greatest version in a total
/// order, so merging is commutative, associative and idempotent: every device ends with the same records
/// whatever order changes arrive in and however often.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Records a person edits (a profile, a medicine, a schedule): the newest stamp wins, a newer tombstone
    /// included; on equal stamps the tombstone wins.
    LastWriterWins,
    /// Append-only facts (dose events, zone changes) are never edited, so two versions of one id differ only
    /// when one is its tombstone: the tombstone wins whatever the stamps, so a deletion is never undone by a copy
    /// that arrives later from a device that had not heard of it. Otherwise a set union by id.
    Fact,
}

/// A reference from a record to another, for validation: the field (as written in a file), the kind it names
/// and the id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference {
    pub field: &'static str,
    pub kind: Kind,
    pub id: Id,
}

/// The link from a record type to its [`Kind`] and its list in a [`Dataset`]; implemented by [`record_kinds!`].
pub trait Kinded: Sized {
    const KIND: Kind;
    fn of(data: &Dataset) -> &Vec<Self>;
    fn of_mut(data: &mut Dataset) -> &mut Vec<Self>;
}

/// A kind of stored record. The kind's own checks feed import validation, which adds the checks every record
/// gets (header, unique id, a known profile, references to records that exist, known zones).
pub trait Record: Kinded + Clone + PartialEq + Serialize + DeserializeOwned + Binary + 'static {
    fn meta(&self) -> &Meta;
    fn meta_mut(&mut self) -> &mut Meta;

    /// The record with everything the person entered about their health cleared (names, notes, doses, times,
    /// places): what its tombstone keeps besides the header. References to other records may stay.
    fn cleared(&self) -> Self;

    /// The record's own problems against [`crate::limits`], as (field as written in a file, message).
    fn own_problems(&self) -> Vec<(String, String)>;

    /// The other records this one names.
    fn references(&self) -> Vec<Reference> {
        Vec::new()
    }

    /// The time zones this record names, with their fields as written in a file.
    fn zones(&self) -> Vec<(&'static str, &str)> {
        Vec::new()
    }

    /// This record's tombstone: deleted, stamped `stamp`, its content [`cleared`](Record::cleared).
    fn tombstone(&self, stamp: Hlc) -> Self {
        let mut tombstone = self.cleared();
        let meta = tombstone.meta_mut();
        meta.deleted = true;
        meta.stamp = stamp;
        tombstone
    }
}

/// Orders version `i` of `a` and version `j` of `b`, records of one kind with one id, by the kind's [`Rule`]; the
/// greater wins. Versions that tie on the rule are ordered by their [binary form](crate::codec), so the order is
/// total and the same on every device.
///
/// This and the merge below work on [`Records`], not on each record type: one copy of them serves every kind,
/// where generic ones were a copy per kind in the app's first load.
fn compare(a: &dyn Records, i: usize, b: &dyn Records, j: usize) -> Ordering {
    let (x, y) = (a.meta(i), b.meta(j));
    let by_rule = match a.kind().rule() {
        Rule::LastWriterWins => (x.stamp, x.deleted).cmp(&(y.stamp, y.deleted)),
        Rule::Fact => (x.deleted, x.stamp).cmp(&(y.deleted, y.stamp)),
    };
    by_rule.then_with(|| a.to_bytes(i).cmp(&b.to_bytes(j)))
}

/// Puts records in id order, one version per id (the winner), if they are not already.
fn normalise(records: &mut dyn Records) {
    let len = records.len();
    if (1..len).all(|i| records.meta(i - 1).id < records.meta(i).id) {
        return;
    }
    let order = sort::sorted_indices(len, &|a, b| records.meta(a).id.cmp(&records.meta(b).id));
    sort::permute_by(order, &mut |a, b| records.swap(a, b));
    // Each id's winner is moved to the front, `kept` records long; the losers end up behind it.
    let mut kept = 0;
    for i in 0..len {
        if kept > 0 && records.meta(kept - 1).id == records.meta(i).id {
            if compare(records, i, records, kept - 1) == Ordering::Greater {
                records.swap(kept - 1, i);
            }
        } else {
            records.swap(kept, i);
            kept += 1;
        }
    }
    records.truncate(kept);
}

/// Merges `incoming` into `into` (kept in id order), adding to `changed` every version that won. All three hold
/// records of one kind.
pub(crate) fn merge_records(into: &mut dyn Records, incoming: &dyn Records, changed: &mut dyn Records) {
    normalise(into);
    for j in 0..incoming.len() {
        match search(into, incoming.meta(j).id) {
            Ok(i) if compare(incoming, j, into, i) == Ordering::Greater => {
                push_copy(into, incoming, j);
                let last = into.len() - 1;
                into.swap(i, last);
                into.truncate(last);
            }
            Ok(_) => continue,
            // Ids are UUIDv7, so a new record's place is nearly always the end.
            Err(i) => {
                push_copy(into, incoming, j);
                for k in (i + 1..into.len()).rev() {
                    into.swap(k - 1, k);
                }
            }
        }
        push_copy(changed, incoming, j);
    }
    normalise(changed);
}

/// Adds a copy of record `j` of `from`, of the same kind, at the end of `to`. Through the binary form, which
/// every kind has anyway: a clone would be more code for each kind.
fn push_copy(to: &mut dyn Records, from: &dyn Records, j: usize) {
    to.push_bytes(&from.to_bytes(j))
        .expect("a record decodes from its own binary form");
}

/// Where `id` is in records kept in id order, or where it would go.
fn search(records: &dyn Records, id: Id) -> Result<usize, usize> {
    let (mut low, mut high) = (0, records.len());
    while low < high {
        let middle = low + (high - low) / 2;
        match records.meta(middle).id.cmp(&id) {
            Ordering::Less => low = middle + 1,
            Ordering::Greater => high = middle,
            Ordering::Equal => return Ok(middle),
        }
    }
    Err(low)
}

/// Decodes JSON through a `Value`, so that a program decoding many types (the app decodes every kind and the
/// content catalog) holds serde_json's text parser once rather than once per type.
pub fn from_json<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    serde_json::from_str::<serde_json::Value>(text).and_then(serde_json::from_value)
}

/// One kind's records without naming their type, for code that works on every kind alike through
/// [`Dataset::records`]: storage and messages between tabs, which hold records in their [binary form](crate::codec).
pub trait Records {
    fn kind(&self) -> Kind;
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn meta(&self, i: usize) -> &Meta;
    fn to_bytes(&self, i: usize) -> Vec<u8>;
    /// Decodes one record and adds it at the end.
    fn push_bytes(&mut self, bytes: &[u8]) -> Result<&Meta, DecodeError>;
    fn swap(&mut self, i: usize, j: usize);
    fn truncate(&mut self, len: usize);
}

/// [`Records`] that also decode from JSON, with the path inside the record of what failed: for backups (and
/// records stored as JSON before schema v4). A trait of its own so that a program that stores records but reads
/// no JSON (the app's first-load module) carries no JSON decoder for any kind.
pub trait ImportRecords: Records {
    fn push_json(&mut self, json: &str) -> serde_json::Result<&Meta>;
    fn push_value(
        &mut self,
        value: &serde_json::Value,
    ) -> Result<&Meta, serde_path_to_error::Error<serde_json::Error>>;
}

impl<R: Record> Records for Vec<R> {
    fn kind(&self) -> Kind {
        R::KIND
    }
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn meta(&self, i: usize) -> &Meta {
        self[i].meta()
    }
    fn to_bytes(&self, i: usize) -> Vec<u8> {
        codec::encode(&self[i])
    }
    fn push_bytes(&mut self, bytes: &[u8]) -> Result<&Meta, DecodeError> {
        self.push(codec::decode(bytes)?);
        Ok(self[self.len() - 1].meta())
    }
    fn swap(&mut self, i: usize, j: usize) {
        self.as_mut_slice().swap(i, j);
    }
    fn truncate(&mut self, len: usize) {
        Vec::truncate(self, len);
    }
}

impl<R: Record> ImportRecords for Vec<R> {
    fn push_json(&mut self, json: &str) -> serde_json::Result<&Meta> {
        self.push(from_json(json)?);
        Ok(self[self.len() - 1].meta())
    }
    fn push_value(
        &mut self,
        value: &serde_json::Value,
    ) -> Result<&Meta, serde_path_to_error::Error<serde_json::Error>> {
        self.push(serde_path_to_error::deserialize(value)?);
        Ok(self[self.len() - 1].meta())
    }
}

/// Something done once per kind with the kind's type: [`Dataset::each_kind`] calls `visit` for every kind.
pub trait EachKind {
    fn visit<R: Record>(&mut self);
}

/// Declares the record kinds: for each, its [`Kind`] variant, its Rust type, its name (the `Dataset` field, the
/// backup section and the IndexedDB store), the noun used in messages, and its merge [`Rule`].
macro_rules! record_kinds {
    ($($(#[$doc:meta])* $kind:ident: $ty:ty, $name:ident, $noun:literal, $rule:ident;)*) => {
        /// A kind of record.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind {
            $($(#[$doc])* $kind,)*
        }

        impl Kind {
            /// Every kind, in the order of the backup format.
            pub const ALL: [Kind; [$(stringify!($kind)),*].len()] = [$(Kind::$kind),*];

            /// The `Dataset` field, the backup section and the IndexedDB store.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Kind::$kind => stringify!($name),)*
                }
            }

            /// The kind in messages: "no {noun} has the id …".
            pub const fn noun(self) -> &'static str {
                match self {
                    $(Kind::$kind => $noun,)*
                }
            }

            pub const fn rule(self) -> $crate::record::Rule {
                match self {
                    $(Kind::$kind => $crate::record::Rule::$rule,)*
                }
            }

            /// The kind with this [`name`](Kind::name).
            pub fn named(name: &str) -> Option<Kind> {
                Kind::ALL.into_iter().find(|kind| kind.name() == name)
            }
        }

        /// All records of a device, one list per kind, each (once merged) in id order. It is also the shape of a
        /// change: a batch of new versions of records, merged in with [`Dataset::merge`].
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct Dataset {
            $(#[serde(default)] pub $name: Vec<$ty>,)*
        }

        $(impl $crate::record::Kinded for $ty {
            const KIND: Kind = Kind::$kind;
            fn of(data: &Dataset) -> &Vec<Self> {
                &data.$name
            }
            fn of_mut(data: &mut Dataset) -> &mut Vec<Self> {
                &mut data.$name
            }
        })*

        impl Dataset {
            /// One kind's records, whatever their type.
            pub fn records(&self, kind: Kind) -> &dyn $crate::record::Records {
                match kind {
                    $(Kind::$kind => &self.$name,)*
                }
            }

            pub fn records_mut(&mut self, kind: Kind) -> &mut dyn $crate::record::Records {
                match kind {
                    $(Kind::$kind => &mut self.$name,)*
                }
            }

            /// One kind's records, to import into.
            pub fn records_to_import(&mut self, kind: Kind) -> &mut dyn $crate::record::ImportRecords {
                match kind {
                    $(Kind::$kind => &mut self.$name,)*
                }
            }

            /// Calls `visitor` once per kind, in [`Kind::ALL`] order.
            pub fn each_kind(visitor: &mut impl $crate::record::EachKind) {
                $(visitor.visit::<$ty>();)*
            }
        }
    };
}
pub(crate) use record_kinds;
