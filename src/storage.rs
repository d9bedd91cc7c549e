//! The app's one storage module: every record in IndexedDB, one transaction per user action.
//!
//! Records are their binary form ([`tend_core::codec`], a `Uint8Array`) under out-of-line keys, the record id as
//! text (a dose event's is prefixed with the day it was recorded, see [`dose_key`]). Before schema v4 they were
//! JSON strings: one still stored so is decoded by the JSON decoder, a lazily loaded chunk fetched the first time
//! one is met, and rewritten in binary as it is read. A stored value that does not decode is moved to a
//! "quarantine" store, never dropped: a bug or a bad write loses nothing.

use chrono::{DateTime, Utc};
use idb::event::VersionChangeEvent;
use idb::TransactionMode;
use idb::{
    Database, DatabaseEvent, Event, Factory, KeyRange, ObjectStore, ObjectStoreParams, Query, Request,
};
use js_sys::Promise;
use js_sys::Uint8Array;
use std::cell::Cell;
use std::fmt;
use std::future::{poll_fn, Future, IntoFuture};
use std::rc::Rc;
use std::task::{Poll, Waker};
use tend_core::dose::DoseEvent;
use tend_core::hlc::Hlc;
use tend_core::{Dataset, Id, Kind};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{DomException, IdbTransaction, StorageEstimate};

pub const DB_NAME: &str = "tend";
pub const DB_VERSION: u32 = 6;

/// One user action = one transaction: every record in it is merged with its stored version (the version its
/// kind's rule picks is kept, see [`tend_core::record::Rule`]) and lands together or not at all.
pub use tend_core::Change;

/// The stores of records, one per [`Kind`], named by it.
const DATA_STORES: [&str; Kind::ALL.len()] = {
    let mut names = [""; Kind::ALL.len()];
    let mut i = 0;
    while i < names.len() {
        names[i] = Kind::ALL[i].name();
        i += 1;
    }
    names
};
const QUARANTINE: &str = "quarantine";
const META: &str = "meta";
/// Versions written here while sync is on, waiting to be sent and read back from the space's log.
const OUTBOX: &str = "outbox";
/// The `meta` key of this device's sync credentials: present while sync is on.
pub const SYNC: &str = "sync";
/// The `meta` key of the space key (a `CryptoKey`).
pub const SYNC_KEY: &str = "sync_key";
/// The `meta` key of the last sequence number of the space's log merged here.
pub const SYNC_CURSOR: &str = "sync_cursor";
/// The `meta` key of the concurrent edits found and not yet settled by the person.
pub const SYNC_CONFLICTS: &str = "sync_conflicts";

/// Object stores: "profiles", "medications", "schedules", "dose_events", "zone_changes" (created in schema v1),
/// "quarantine" and "meta" (added in schema v2), with out-of-line keys = the record id's string.
///
/// Schema v3 added no store: it re-keyed "dose_events" from `<id>` to `<yyyy-mm-dd>/<id>` (see [`dose_key`]).
/// Schema v4 added none either: records are stored in their binary form instead of JSON. Both changes happen as
/// records are read (see [`read_record`]), so an upgrade itself only creates stores, and a record written the
/// old way (by a service worker of that time, still running beside a newer page) is still read. Schema v5 added
/// "outbox" (see [`Store::outbox`]); v6 the stores of goals, check-ins, measurements and refills.
///
/// Each entry lists the stores one version added, oldest first. Appended to, never edited: opening a database of
/// version `v` creates the stores of every later version and touches no existing record but v3's re-keying. A
/// new record kind needs a new version that adds its store (a compile-time check below says so).
const SCHEMA: [&[&str]; DB_VERSION as usize] = [
    &[
        "profiles",
        "medications",
        "schedules",
        "dose_events",
        "zone_changes",
    ],
    &[QUARANTINE, META],
    &[],
    &[],
    &[OUTBOX],
    &["goals", "check_ins", "measurements", "refills"],
];

/// Every kind's store is created by some version of the schema.
const _: () = {
    const fn same(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let mut i = 0;
        while i < a.len() {
            if a[i] != b[i] {
                return false;
            }
            i += 1;
        }
        true
    }
    let mut store = 0;
    while store < DATA_STORES.len() {
        let (mut version, mut found) = (0, false);
        while version < SCHEMA.len() {
            let mut i = 0;
            while i < SCHEMA[version].len() {
                found |= same(SCHEMA[version][i], DATA_STORES[store]);
                i += 1;
            }
            version += 1;
        }
        assert!(
            found,
            "a record kind has no object store: add a schema version that creates it"
        );
        store += 1;
    }
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// IndexedDB is missing or refused (some private modes, blocked site data); the detail is for a bug report.
    Unavailable(String),
    QuotaExceeded,
    /// Another tab keeps an older version of the database open, so this one cannot upgrade it.
    Blocked,
    /// Anything else, with the browser's own description.
    Failed(String),
}

/// What failed, for a bug report; `notices::storage_problem` says it to the person, in their language.
impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Unavailable(detail) => write!(f, "IndexedDB cannot be used: {detail}"),
            StorageError::QuotaExceeded => f.write_str("IndexedDB is out of space"),
            StorageError::Blocked => f.write_str("another tab blocks the IndexedDB upgrade"),
            StorageError::Failed(detail) => f.write_str(detail),
        }
    }
}

impl std::error::Error for StorageError {}

/// The browser names each kind of failure in its DOMException.
fn from_dom(error: &DomException) -> StorageError {
    match error.name().as_str() {
        "QuotaExceededError" => StorageError::QuotaExceeded,
        name => StorageError::Failed(format!("{name}: {}", error.message())),
    }
}

fn from_js(error: &JsValue) -> StorageError {
    match error.dyn_ref::<DomException>() {
        Some(error) => from_dom(error),
        None => StorageError::Failed(format!("{error:?}")),
    }
}

impl From<idb::Error> for StorageError {
    fn from(error: idb::Error) -> Self {
        match error {
            idb::Error::DomException(error) => from_dom(&error),
            other => StorageError::Failed(other.to_string()),
        }
    }
}

fn unavailable(error: idb::Error) -> StorageError {
    StorageError::Unavailable(error.to_string())
}

/// A failed open request. Private modes that refuse IndexedDB fail it with these names rather than hiding
/// `window.indexedDB`.
fn open_error(error: idb::Error) -> StorageError {
    match &error {
        idb::Error::DomException(e)
            if ["InvalidStateError", "SecurityError"].contains(&e.name().as_str()) =>
        {
            unavailable(error)
        }
        _ => error.into(),
    }
}

/// A stored value that did not decode, kept aside in the "quarantine" store under the key `<store>/<key>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quarantined {
    pub store: String,
    pub key: String,
    /// The stored text, or the JSON of a value that was not text.
    pub raw: String,
    pub error: String,
}

impl Quarantined {
    /// Reads an entry of the quarantine store; an entry that is itself unreadable is reported whole, not hidden.
    fn from_entry(key: &JsValue, value: &JsValue) -> Quarantined {
        let text = text_of(value);
        let entry = js_sys::JSON::parse(&text).ok();
        let field = |name: &str| {
            js_sys::Reflect::get(entry.as_ref()?, &name.into())
                .ok()?
                .as_string()
        };
        match (field("store"), field("key"), field("raw"), field("error")) {
            (Some(store), Some(key), Some(raw), Some(error)) => Quarantined {
                store,
                key,
                raw,
                error,
            },
            _ => Quarantined {
                store: QUARANTINE.into(),
                key: text_of(key),
                raw: text,
                error: "this set-aside record is itself unreadable".into(),
            },
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// Every record that decoded (the dose events of those asked for), each collection in key order: id order,
    /// and for dose events day recorded, then id.
    pub data: Dataset,
    /// Everything in the quarantine store, including what this load set aside.
    pub quarantined: Vec<Quarantined>,
}

/// An open connection. Dropping it closes the connection, like [`Store::close`].
#[derive(Debug)]
pub struct Store {
    db: Database,
    /// The JSON decoder, once fetched.
    json: Cell<Option<FromJson>>,
    /// Set when a read met a record stored as JSON before the decoder was fetched (and left it as it was).
    json_met: Cell<bool>,
    /// Set when a read moved a dose event from its bare id to its day key, out of key order.
    moved: Cell<bool>,
    /// Sync is on: every version written is also put in the outbox, in the same transaction.
    queueing: Cell<bool>,
}

/// A version in the outbox: sent under `mutation`, until the space's log gives it back.
#[derive(Clone, Debug, PartialEq)]
pub struct Queued {
    /// Its key in the outbox, to delete it by once it is back.
    pub key: String,
    pub mutation: Id,
    pub kind: Kind,
    /// The record's binary form.
    pub bytes: Vec<u8>,
}

/// Decodes a record stored as JSON onto the end of `data`'s records of its kind.
pub type FromJson = fn(&mut Dataset, Kind, &str) -> Result<(), String>;

/// The [`FromJson`] of the chunk `crate::screens::load_json_decoder` fetches: serde_json and every kind's
/// decoder, which the first load does without.
pub fn from_json(data: &mut Dataset, kind: Kind, text: &str) -> Result<(), String> {
    let decoded = data.records_to_import(kind).push_json(text);
    decoded.map(drop).map_err(|e| e.to_string())
}

impl Store {
    pub async fn open() -> Result<Store, StorageError> {
        Store::open_named(DB_NAME).await
    }

    pub async fn open_named(name: &str) -> Result<Store, StorageError> {
        let factory = Factory::new().map_err(unavailable)?;
        let mut request = factory.open(name, Some(DB_VERSION)).map_err(unavailable)?;
        request.on_upgrade_needed(upgrade);
        let blocked = Rc::new(BlockedSignal::default());
        let signal = Rc::clone(&blocked);
        request.on_blocked(move |_| signal.raise());
        let mut opening = Box::pin(request.into_future());
        let opened = poll_fn(|cx| match opening.as_mut().poll(cx) {
            Poll::Ready(result) => Poll::Ready(Some(result)),
            Poll::Pending => blocked.check(cx.waker()),
        })
        .await;
        match opened {
            Some(result) => Ok(Store::new(result.map_err(open_error)?)),
            None => {
                // The request stays queued until the other tabs close. Close the connection it then opens, or
                // that connection would block the next attempt's upgrade in turn.
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(db) = opening.await {
                        db.close();
                    }
                });
                Err(StorageError::Blocked)
            }
        }
    }

    fn new(mut db: Database) -> Store {
        // Another tab wants a newer schema: let go of this connection so its upgrade is not blocked.
        db.on_version_change(|event| {
            if let Some(db) = event.target().and_then(|t| Database::try_from(t).ok()) {
                db.close();
            }
        });
        Store {
            db,
            json: Cell::new(None),
            json_met: Cell::new(false),
            moved: Cell::new(false),
            queueing: Cell::new(false),
        }
    }

    /// Turns queueing for sync on or off for this connection's writes from now on.
    pub fn set_queueing(&self, on: bool) {
        self.queueing.set(on);
    }

    /// The stores a write of records touches: the records', and the outbox while sync is on.
    fn written_stores(&self, also: &[&'static str]) -> Vec<&'static str> {
        let outbox: &[&str] = if self.queueing.get() { &[OUTBOX] } else { &[] };
        [&DATA_STORES[..], also, outbox].concat()
    }

    /// The outbox, oldest first (the order the versions were written in).
    pub async fn outbox(&self) -> Result<Vec<Queued>, StorageError> {
        let tx = self.begin(&[OUTBOX], TransactionMode::ReadOnly)?;
        let body = async {
            let entries = entries(&tx.store(OUTBOX)?, None).await?;
            let queued = entries.iter().map(|(key, value)| {
                let bytes = value
                    .dyn_ref::<Uint8Array>()
                    .map(Uint8Array::to_vec)
                    .unwrap_or_default();
                let kind = bytes
                    .first()
                    .and_then(|&i| Kind::ALL.get(usize::from(i)))
                    .copied();
                let mutation = bytes
                    .get(1..17)
                    .and_then(|id| Some(Id::from_bytes(id.try_into().ok()?)));
                match (kind, mutation) {
                    (Some(kind), Some(mutation)) => Ok(Queued {
                        key: key.as_string().unwrap_or_default(),
                        mutation,
                        kind,
                        bytes: bytes[17..].to_vec(),
                    }),
                    _ => Err(StorageError::Failed("an outbox entry is damaged".into())),
                }
            });
            queued.collect()
        }
        .await;
        tx.end(body).await
    }

    /// Queues every stored record, in one transaction: what turning sync on sends first. Records stored as JSON
    /// before schema v4 are read and queued too.
    pub async fn queue_all(&self) -> Result<usize, StorageError> {
        let json = Some(self.fetch_json_decoder().await?);
        let tx = self.begin(
            &[&DATA_STORES[..], &[OUTBOX]].concat(),
            TransactionMode::ReadWrite,
        )?;
        let body = async {
            let mut all = Dataset::default();
            for kind in Kind::ALL {
                for (key, value) in entries(&tx.store(kind.name())?, None).await? {
                    // One that does not decode is in the quarantine already, or will be at the next load.
                    let _ = read_record(&mut all, kind, &key, &value, json);
                }
            }
            queue(&tx, &all)?;
            Ok(Kind::ALL.iter().map(|&kind| all.records(kind).len()).sum())
        }
        .await;
        tx.end(body).await
    }

    /// Empties the outbox (sync turned off: nothing waits to be sent any more).
    pub async fn clear_outbox(&self) -> Result<(), StorageError> {
        let tx = self.begin(&[OUTBOX], TransactionMode::ReadWrite)?;
        let body = tx.store(OUTBOX).and_then(|store| Ok(store.clear().map(drop)?));
        tx.end(body).await
    }

    /// Fetches the JSON decoder (once) for records stored before schema v4.
    async fn fetch_json_decoder(&self) -> Result<FromJson, StorageError> {
        if let Some(decoder) = self.json.get() {
            return Ok(decoder);
        }
        let decoder = crate::screens::load_json_decoder().await.map_err(|_| {
            StorageError::Failed(
                "the part of Tend that reads records from before version 4 could not be loaded".into(),
            )
        })?;
        self.json.set(Some(decoder));
        Ok(decoder)
    }

    /// Reads every record, but of the dose events only those that decide the doses due from `doses_from` on
    /// (see [`Dataset::events_needed_from`]; further back while [`Dataset::misses_last_doses`]), read by key range
    /// from the day they were recorded, and any still under a bare id (moved to their day key as they are read);
    /// `None` reads them all.
    pub async fn load(&self, doses_from: Option<DateTime<Utc>>) -> Result<Loaded, StorageError> {
        self.json_met.set(false);
        let loaded = self.load_once(doses_from).await?;
        if !self.json_met.get() {
            return Ok(loaded);
        }
        // Records stored as JSON were left as they were: read again with the decoder, which rewrites them.
        self.fetch_json_decoder().await?;
        self.load_once(doses_from).await
    }

    async fn load_once(&self, doses_from: Option<DateTime<Utc>>) -> Result<Loaded, StorageError> {
        let stores = [&DATA_STORES[..], &[QUARANTINE]].concat();
        // Read-write, so that bad records are set aside in the same snapshot that found them.
        let tx = self.begin(&stores, TransactionMode::ReadWrite)?;
        let body = async {
            let quarantine = tx.store(QUARANTINE)?;
            let mut data = Dataset::default();
            // Dose events last: which of them are needed depends on the schedules.
            for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::DoseEvent) {
                self.decode(&tx.store(kind.name())?, &quarantine, None, &mut data, kind)
                    .await?;
            }
            let doses = tx.store(Kind::DoseEvent.name())?;
            let events_in = |range: KeyRange| Some(Query::from(range));
            match doses_from {
                None => {
                    self.decode(&doses, &quarantine, None, &mut data, Kind::DoseEvent)
                        .await?
                }
                Some(from) => {
                    let mut read_from = data.events_needed_from(from);
                    let recent = KeyRange::lower_bound(&day_of(read_from).into(), None)?;
                    self.decode(&doses, &quarantine, events_in(recent), &mut data, Kind::DoseEvent)
                        .await?;
                    // The bare ids after the recent days, so one moved into them is not read twice.
                    let bare = KeyRange::upper_bound(&BARE_IDS_BELOW.into(), Some(true))?;
                    self.decode(&doses, &quarantine, events_in(bare), &mut data, Kind::DoseEvent)
                        .await?;
                    // Further back, in doubling spans, while a schedule's last dose may be older.
                    let mut span = chrono::Duration::days(28);
                    while data.misses_last_doses(from, read_from) {
                        let older = read_from - span;
                        let (lower, last) = match older < OLDEST_DAY {
                            true => (BARE_IDS_BELOW.to_owned(), true),
                            false => (day_of(older), false),
                        };
                        let upper = day_of(read_from).into();
                        let span_keys = KeyRange::bound(&lower.into(), &upper, None, Some(true))?;
                        self.decode(
                            &doses,
                            &quarantine,
                            events_in(span_keys),
                            &mut data,
                            Kind::DoseEvent,
                        )
                        .await?;
                        if last {
                            break;
                        }
                        (read_from, span) = (older, span * 2);
                    }
                }
            }
            let mut quarantined = Vec::new();
            for (key, value) in entries(&quarantine, None).await? {
                let entry = Quarantined::from_entry(&key, &value);
                if restore(&tx, &entry, &mut data).await? {
                    quarantine.delete(key)?;
                    self.moved.set(true);
                } else {
                    quarantined.push(entry);
                }
            }
            if self.moved.replace(false) {
                // Restored records came last: back to key order.
                data.merge(&Change::default());
                // The order of `dose_key`s (day, then id), without a second copy of the standard sort.
                tend_core::sort::sort_by_key(&mut data.dose_events, |e| {
                    (e.recorded_at.timestamp().div_euclid(86_400), e.meta.id)
                });
            }
            Ok(Loaded { data, quarantined })
        }
        .await;
        tx.end(body).await
    }

    /// Merges a change with the stored versions of its records and writes the versions that win, in one
    /// transaction: an older version than the one stored changes nothing.
    pub async fn apply(&self, change: &Change) -> Result<(), StorageError> {
        let tx = self.begin(&self.written_stores(&[]), TransactionMode::ReadWrite)?;
        let body = self.merge_write(&tx, change, self.queueing.get()).await;
        tx.end(body).await
    }

    /// What sync read back from the space's log, in one transaction: the versions that won (`change`, merged
    /// with the stored ones and not queued again), the outbox entries the log gave back (by key), and what
    /// sync keeps in `meta` (the cursor of the last entry merged, the conflicts found). An interrupted sync
    /// leaves all of it as it was, to be read again.
    pub async fn receive(
        &self,
        change: &Change,
        back: &[String],
        meta: &[(&str, JsValue)],
    ) -> Result<(), StorageError> {
        let tx = self.begin(
            &[&DATA_STORES[..], &[OUTBOX, META]].concat(),
            TransactionMode::ReadWrite,
        )?;
        let body = async {
            self.merge_write(&tx, change, false).await?;
            let outbox = tx.store(OUTBOX)?;
            for key in back {
                outbox.delete(JsValue::from(key.as_str()))?;
            }
            let store = tx.store(META)?;
            for (key, value) in meta {
                store.put(value, Some(&JsValue::from(*key)))?;
            }
            Ok(())
        }
        .await;
        tx.end(body).await
    }

    /// Merges `change` with the stored versions of its records and puts the winners, queued if `queued`.
    async fn merge_write(&self, tx: &Tx, change: &Change, queued: bool) -> Result<(), StorageError> {
        {
            let mut stored = Dataset::default();
            for kind in Kind::ALL {
                let store = tx.store(kind.name())?;
                let keys: Vec<JsValue> = (0..change.records(kind).len())
                    .map(|i| JsValue::from(stored_key(change, kind, i)))
                    .collect();
                // Every read asked for before the first answer is awaited (each answer is kept until it is):
                // IndexedDB answers them in turn, without a round trip to this code between each, which a
                // page of sync, a thousand records, would otherwise wait for a thousand times.
                let reads = keys
                    .iter()
                    .map(|key| store.get(key.clone()).map(IntoFuture::into_future));
                let reads = reads.collect::<Result<Vec<_>, _>>()?;
                for (key, read) in keys.iter().zip(reads) {
                    let value = read.await;
                    // A stored value that does not decode is overwritten, as any put would. So is one stored as
                    // JSON before the decoder is in: only a service worker of before v4 still writes one once
                    // start-up has read (and rewritten) the rest, and only dose events, which never change but
                    // to their tombstone, which wins anyway.
                    if let Some(value) = value? {
                        let _ = read_record(&mut stored, kind, key, &value, self.json.get());
                    }
                }
            }
            put_records(tx, &stored.merge(change), queued)
        }
    }

    /// Import: clears the data stores and writes everything, in one transaction.
    pub async fn replace_all(&self, data: &Dataset) -> Result<(), StorageError> {
        let tx = self.begin(&self.written_stores(&[]), TransactionMode::ReadWrite)?;
        let body = DATA_STORES
            .iter()
            .try_for_each(|name| tx.store(name)?.clear().map(drop).map_err(StorageError::from))
            .and_then(|()| self.put_records(&tx, data));
        tx.end(body).await
    }

    /// Deletes the person's data in one transaction: every record of theirs becomes a tombstone stamped `stamp`
    /// (its content cleared, so sync can carry the deletion), merged like any change. What cannot be a tombstone
    /// goes outright: set-aside records, and stored values that do not decode. Matches on the stored JSON's
    /// `profile_id`, so records that no longer decode as their type are found too.
    pub async fn delete_profile(&self, profile_id: Id, stamp: Hlc) -> Result<(), StorageError> {
        // Every record of theirs is read, JSON ones too, so each can have its tombstone.
        let json = Some(self.fetch_json_decoder().await?);
        let tx = self.begin(&self.written_stores(&[QUARANTINE]), TransactionMode::ReadWrite)?;
        let body = async {
            let mut theirs = Dataset::default();
            for kind in Kind::ALL {
                let store = tx.store(kind.name())?;
                for (key, value) in entries(&store, None).await? {
                    // One under a bare id goes too: its tombstone is put under its day key.
                    if profile_of(&value) == Some(profile_id)
                        && !matches!(
                            read_record(&mut theirs, kind, &key, &value, json),
                            Ok(Read::InPlace | Read::Rewrite)
                        )
                    {
                        store.delete(key)?;
                    }
                }
            }
            let quarantine = tx.store(QUARANTINE)?;
            for (key, value) in entries(&quarantine, None).await? {
                if profile_of(&value) == Some(profile_id) {
                    quarantine.delete(key)?;
                }
            }
            let tombstones = theirs.tombstones(profile_id, stamp);
            self.put_records(&tx, &theirs.merge(&tombstones))
        }
        .await;
        tx.end(body).await
    }

    pub async fn meta_get(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.meta_value(key).await?.and_then(|v| v.as_string()))
    }

    pub async fn meta_set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.set_meta_values(&[(key, Some(JsValue::from(value)))]).await
    }

    /// A value of `meta` as stored: text, or anything structured cloning keeps (a `CryptoKey`).
    pub async fn meta_value(&self, key: &str) -> Result<Option<JsValue>, StorageError> {
        let tx = self.begin(&[META], TransactionMode::ReadOnly)?;
        let body = async { Ok(tx.store(META)?.get(JsValue::from(key))?.await?) }.await;
        tx.end(body).await
    }

    /// Puts (or, for `None`, deletes) values of `meta`, in one transaction.
    pub async fn set_meta_values(&self, values: &[(&str, Option<JsValue>)]) -> Result<(), StorageError> {
        let tx = self.begin(&[META], TransactionMode::ReadWrite)?;
        let body = tx.store(META).and_then(|store| {
            for (key, value) in values {
                let key = JsValue::from(*key);
                match value {
                    Some(value) => store.put(value, Some(&key)).map(drop)?,
                    None => store.delete(key).map(drop)?,
                }
            }
            Ok(())
        });
        tx.end(body).await
    }

    /// Closes the connection (dropping the `Store` does the same).
    pub fn close(self) {}

    fn begin(&self, stores: &[&str], mode: TransactionMode) -> Result<Tx, StorageError> {
        let raw: IdbTransaction = self.db.transaction(stores, mode)?.into();
        // The promise's own resolve and reject are the handlers: no Rust closure that could be dropped before
        // the transaction ends.
        let done = Promise::new(&mut |resolve, reject| {
            raw.set_oncomplete(Some(&resolve));
            raw.set_onabort(Some(&reject));
        });
        Ok(Tx {
            raw,
            done: JsFuture::from(done),
        })
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // An open connection left behind would block the next schema upgrade.
        self.db.close();
    }
}

/// Set by the open request's `blocked` event, which the open future itself never reports.
#[derive(Default)]
struct BlockedSignal {
    blocked: Cell<bool>,
    waker: Cell<Option<Waker>>,
}

impl BlockedSignal {
    fn raise(&self) {
        self.blocked.set(true);
        if let Some(waker) = self.waker.take() {
            waker.wake();
        }
    }

    /// `Ready(None)` once blocked; otherwise remembers whom to wake.
    fn check<T>(&self, waker: &Waker) -> Poll<Option<T>> {
        if self.blocked.get() {
            return Poll::Ready(None);
        }
        self.waker.set(Some(waker.clone()));
        Poll::Pending
    }
}

/// Runs inside the upgrade transaction, which only creates stores (v3's keys and v4's form come as records are
/// read). On a failure it aborts that transaction, so the open fails and nothing is left half-upgraded.
fn upgrade(event: VersionChangeEvent) {
    if create_stores(&event).is_err() {
        if let Some(tx) = event.target().ok().and_then(|request| request.transaction()) {
            // Abort fails only if the upgrade already ended, and then there is nothing to undo.
            let _ = tx.abort();
        }
    }
}

fn create_stores(event: &VersionChangeEvent) -> Result<(), idb::Error> {
    let db = event.database()?;
    let old = event.old_version()? as usize;
    for name in SCHEMA.iter().skip(old).flat_map(|added| added.iter()) {
        db.create_object_store(name, ObjectStoreParams::new())?;
    }
    Ok(())
}

/// One transaction and a future of its outcome.
struct Tx {
    raw: IdbTransaction,
    done: JsFuture,
}

impl Tx {
    fn store(&self, name: &str) -> Result<ObjectStore, StorageError> {
        self.raw
            .object_store(name)
            .map(ObjectStore::from)
            .map_err(|e| from_js(&e))
    }

    /// Waits for the transaction to end, aborting it first if `body` failed: IndexedDB commits whatever was
    /// queued once nothing is pending (dropping an idb `Transaction` does not abort it), and a put that throws
    /// does not abort the transaction by itself. The transaction's own error, when it has one, is the cause to
    /// report (a quota error, say, surfaces only there).
    async fn end<T>(self, body: Result<T, StorageError>) -> Result<T, StorageError> {
        if body.is_err() {
            // Abort fails only if a failed request already aborted the transaction.
            let _ = self.raw.abort();
        }
        let outcome = self.done.await;
        match (body, outcome, self.raw.error()) {
            (_, Err(_), Some(error)) => Err(from_dom(&error)),
            (Err(error), _, _) => Err(error),
            (Ok(_), Err(_), None) => Err(StorageError::Failed("the browser stopped the transaction".into())),
            (Ok(value), Ok(_), _) => Ok(value),
        }
    }
}

/// Every dose event key below this is a bare id of before schema v3: ids are UUIDv7 (the app's and the service
/// worker's), which start with `0` until the year 2527, and day keys start with a year from 1900. A service
/// worker of before v3 can still be running beside a v3 page (one opened past the worker), and its events must
/// not wait for a full read to be seen.
const BARE_IDS_BELOW: &str = "1";
/// Older than any day a record may carry (tend_core::limits: 1900 to 2200).
const OLDEST_DAY: DateTime<Utc> = DateTime::from_timestamp_nanos(-2_208_988_800_000_000_000);

/// The key a record is stored under: its id, after the day it was recorded for a dose event ([`dose_key`]).
fn stored_key(data: &Dataset, kind: Kind, i: usize) -> String {
    match kind {
        Kind::DoseEvent => dose_key(&data.dose_events[i]),
        _ => data.records(kind).meta(i).id.to_string(),
    }
}

/// `yyyy-mm-dd` (UTC), which sorts as text in time order. Worked out from the day number (H. Hinnant's
/// `civil_from_days`) because chrono's month look-up tables are not otherwise in the first-load module.
fn day_of(at: DateTime<Utc>) -> String {
    // Days since 0000-03-01, in 400-year eras: each year then ends with February.
    let days = at.timestamp().div_euclid(86_400) + 719_468;
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = (month_from_march + 2) % 12 + 1;
    let year = days.div_euclid(146_097) * 400 + year_of_era + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A dose event's key: `<yyyy-mm-dd>/<id>`, the UTC day it was recorded first, so that start-up reads recent
/// days by key range instead of every event ever stored. The recording time, not the dose's, so that a
/// correction made today of a dose long past is read with today's (it supersedes an event it may not need) and
/// the newest stamps are always read; a dose is logged at most hours before it is due.
pub fn dose_key(event: &DoseEvent) -> String {
    format!("{}/{}", day_of(event.recorded_at), event.meta.id)
}

/// A stored value as text: the string itself, the hex of bytes, or the JSON of anything else.
fn text_of(value: &JsValue) -> String {
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        return bytes.to_vec().iter().map(|b| format!("{b:02x}")).collect();
    }
    value.as_string().unwrap_or_else(|| {
        js_sys::JSON::stringify(value)
            .ok()
            .and_then(|json| json.as_string())
            .unwrap_or_else(|| format!("{value:?}"))
    })
}

/// Every key and value of a store in `keys` (all if `None`), in key order (read in one transaction, so the two
/// lists line up).
async fn entries(store: &ObjectStore, keys: Option<Query>) -> Result<Vec<(JsValue, JsValue)>, StorageError> {
    let values = store.get_all(keys.clone(), None)?.await?;
    let keys = store.get_all_keys(keys, None)?.await?;
    Ok(keys.into_iter().zip(values).collect())
}

/// What reading one stored value found.
#[derive(Debug, PartialEq)]
enum Read {
    /// A record in its binary form under its key.
    InPlace,
    /// A record stored as JSON under its key, to be rewritten in binary.
    Rewrite,
    /// A record under its bare id (a dose event from before schema v3, or put by a service worker of that time)
    /// that belongs under this key.
    Move(String),
    /// A record stored as JSON, read before the JSON decoder is in: left as it is, not decoded.
    Later,
}

/// Decodes one stored value onto the end of `data`'s records of `kind` (but for [`Read::Later`]); an error if it is
/// neither bytes nor text, does not decode, or is stored under a key other than its own or its bare id (which
/// would let the same record appear twice).
fn read_record(
    data: &mut Dataset,
    kind: Kind,
    key: &JsValue,
    value: &JsValue,
    json: Option<FromJson>,
) -> Result<Read, String> {
    let found = if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        let decoded = data.records_mut(kind).push_bytes(&bytes.to_vec());
        decoded.map_err(|e| e.to_string())?;
        Read::InPlace
    } else {
        let text = value
            .as_string()
            .ok_or("the stored value is neither bytes nor text")?;
        let Some(from_json) = json else {
            return Ok(Read::Later);
        };
        from_json(data, kind, &text)?;
        Read::Rewrite
    };
    let records = data.records(kind);
    let (id, belongs) = (
        records.meta(records.len() - 1).id,
        stored_key(data, kind, records.len() - 1),
    );
    match key.as_string() {
        Some(key) if key == belongs => Ok(found),
        Some(key) if key == id.to_string() => Ok(Read::Move(belongs)),
        _ => {
            let records = data.records_mut(kind);
            records.truncate(records.len() - 1);
            Err(format!("its id {id} is not the key it is stored under"))
        }
    }
}

impl Store {
    /// Decodes the records of one kind's store in `keys` (all if `None`) onto `data`'s, in this same transaction
    /// rewriting one stored as JSON in binary, moving one under a bare id to its key (or, if a newer version is
    /// there already, dropping the copy) and one that cannot be read to the quarantine store.
    async fn decode(
        &self,
        store: &ObjectStore,
        quarantine: &ObjectStore,
        keys: Option<Query>,
        data: &mut Dataset,
        kind: Kind,
    ) -> Result<(), StorageError> {
        let name = store.name();
        for (key, value) in entries(store, keys).await? {
            match read_record(data, kind, &key, &value, self.json.get()) {
                Ok(Read::InPlace) => {}
                Ok(Read::Later) => self.json_met.set(true),
                Ok(Read::Rewrite) => {
                    let records = data.records(kind);
                    store.put(&bytes_of(records.to_bytes(records.len() - 1)), Some(&key))?;
                }
                Ok(Read::Move(belongs)) => {
                    self.moved.set(true);
                    let belongs = JsValue::from(belongs);
                    if store.get(belongs.clone())?.await?.is_some() {
                        // Written by a later version of the app, so newer, and read already if it was asked for.
                        let records = data.records_mut(kind);
                        records.truncate(records.len() - 1);
                    } else {
                        let records = data.records(kind);
                        store.put(&bytes_of(records.to_bytes(records.len() - 1)), Some(&belongs))?;
                    }
                    store.delete(key)?;
                }
                Err(error) => {
                    let key_text = text_of(&key);
                    let entry = quarantine_entry(&name, &key_text, &text_of(&value), &error);
                    let at = JsValue::from(format!("{name}/{key_text}"));
                    quarantine.put(&entry, Some(&at))?;
                    store.delete(key)?;
                }
            }
        }
        Ok(())
    }
}

/// Puts back a set-aside record that decodes now, if nothing is stored under its key: one a build that could not
/// read it set aside (a page of before v4 meeting a binary record that a newer service worker wrote, say), or one
/// set aside by a bug since fixed. Its bytes are in `raw` as hex, or, from a build of before v4, as the JSON of a
/// `Uint8Array` (`{"0":1,"1":…}`).
async fn restore(tx: &Tx, entry: &Quarantined, data: &mut Dataset) -> Result<bool, StorageError> {
    let Some(kind) = Kind::named(&entry.store) else {
        return Ok(false);
    };
    let Some(bytes) = from_hex(&entry.raw).or_else(|| byte_object(&entry.raw)) else {
        return Ok(false);
    };
    let mut found = Dataset::default();
    if found.records_mut(kind).push_bytes(&bytes).is_err() || stored_key(&found, kind, 0) != entry.key {
        return Ok(false);
    }
    let store = tx.store(kind.name())?;
    let key = JsValue::from(&entry.key);
    if store.get(key.clone())?.await?.is_some() {
        return Ok(false);
    }
    store.put(&bytes_of(bytes.clone()), Some(&key))?;
    let _ = data.records_mut(kind).push_bytes(&bytes);
    Ok(true)
}

/// The bytes of `{"0":1,"1":2,…}`, as `JSON.stringify` writes a `Uint8Array`.
fn byte_object(text: &str) -> Option<Vec<u8>> {
    let parsed = js_sys::JSON::parse(text).ok()?;
    let length = js_sys::Object::keys(parsed.dyn_ref::<js_sys::Object>()?).length();
    (0..length)
        .map(|i| {
            js_sys::Reflect::get(&parsed, &i.to_string().into())
                .ok()?
                .as_f64()
        })
        .map(|byte| {
            byte.filter(|b| (0.0..=255.0).contains(b) && b.fract() == 0.0)
                .map(|b| b as u8)
        })
        .collect()
}

/// A quarantine entry: the JSON text of `{store, key, raw, error}`.
fn quarantine_entry(store: &str, key: &str, raw: &str, error: &str) -> JsValue {
    let entry = js_sys::Object::new();
    for (field, value) in [("store", store), ("key", key), ("raw", raw), ("error", error)] {
        let _ = js_sys::Reflect::set(&entry, &field.into(), &value.into());
    }
    js_sys::JSON::stringify(&entry)
        .map(JsValue::from)
        .unwrap_or(JsValue::NULL)
}

fn bytes_of(bytes: Vec<u8>) -> JsValue {
    Uint8Array::from(&bytes[..]).into()
}

impl Store {
    /// Queues one put per record, and one per record in the outbox while sync is on; the transaction commits them
    /// together, so a version is never stored without being queued.
    fn put_records(&self, tx: &Tx, data: &Dataset) -> Result<(), StorageError> {
        put_records(tx, data, self.queueing.get())
    }
}

fn put_records(tx: &Tx, data: &Dataset, queued: bool) -> Result<(), StorageError> {
    for kind in Kind::ALL {
        let store = tx.store(kind.name())?;
        for i in 0..data.records(kind).len() {
            let bytes = bytes_of(data.records(kind).to_bytes(i));
            store.put(&bytes, Some(&JsValue::from(stored_key(data, kind, i))))?;
        }
    }
    if queued {
        queue(tx, data)?;
    }
    Ok(())
}

/// Puts every record of `data` in the outbox as `[kind's index] ‖ mutation id ‖ binary form`, under a key that
/// sorts in the order they were written: the record's stamp (a device's stamps only grow), then its id.
fn queue(tx: &Tx, data: &Dataset) -> Result<(), StorageError> {
    let outbox = tx.store(OUTBOX)?;
    for (index, kind) in Kind::ALL.into_iter().enumerate() {
        let records = data.records(kind);
        for i in 0..records.len() {
            let meta = records.meta(i);
            let stamp = meta.stamp;
            let key = format!(
                "{:016x}{:08x}{:016x}/{}",
                stamp.wall_ms, stamp.counter, stamp.node, meta.id
            );
            let mutation = Id::v7(stamp.wall_ms, crate::state::random_bytes());
            let value = [&[index as u8][..], &mutation.to_bytes(), &records.to_bytes(i)].concat();
            outbox.put(&bytes_of(value), Some(&JsValue::from(key)))?;
        }
    }
    Ok(())
}

/// The profile a stored value belongs to, found without decoding the record: in the binary form the second id
/// after the format byte (see `tend_core::codec`); in JSON a record's `profile_id`, or that of the record a
/// quarantine entry holds (whose raw value is JSON or the hex of bytes).
fn profile_of(value: &JsValue) -> Option<Id> {
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        return profile_in_bytes(&bytes.to_vec());
    }
    let parsed = js_sys::JSON::parse(&value.as_string()?).ok()?;
    let field = |name: &str| js_sys::Reflect::get(&parsed, &name.into()).ok()?.as_string();
    match (field("profile_id"), field("raw")) {
        (Some(id), _) => Id::parse(&id).ok(),
        (_, Some(raw)) => profile_of(&JsValue::from(&raw)).or_else(|| profile_in_bytes(&from_hex(&raw)?)),
        _ => None,
    }
}

fn profile_in_bytes(bytes: &[u8]) -> Option<Id> {
    let id = bytes.get(17..33)?;
    (bytes[0] == tend_core::codec::FORMAT).then(|| Id::from_bytes(id.try_into().expect("16 bytes")))
}

fn from_hex(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    (digits.len() % 2 == 0).then_some(())?;
    digits
        .chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok())
        .collect()
}

/// Storage usage and quota in bytes, from `navigator.storage.estimate()`; `None` where unsupported.
pub async fn usage() -> Option<(f64, f64)> {
    let promise = web_sys::window()?.navigator().storage().estimate().ok()?;
    let estimate: StorageEstimate = JsFuture::from(promise).await.ok()?.unchecked_into();
    Some((estimate.get_usage()?, estimate.get_quota()?))
}

/// Asks the browser not to evict Tend's data under storage pressure (`navigator.storage.persist()`). `None` where
/// unsupported; otherwise whether the data is now persistent.
pub async fn request_persistence() -> Option<bool> {
    let promise = web_sys::window()?.navigator().storage().persist().ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}

pub async fn delete_database(name: &str) -> Result<(), StorageError> {
    let factory = Factory::new().map_err(unavailable)?;
    factory.delete(name).map_err(unavailable)?.await?;
    Ok(())
}
