//! Browser tests of the storage module against real IndexedDB in headless Chromium: schema upgrades, atomic
//! changes, unreadable records set aside, and the round trips the app relies on. Each test uses its own
//! database and deletes it at the end.
#![cfg(target_arch = "wasm32")]

use chrono::{DateTime, Duration, NaiveDate, Utc};
use idb::{DatabaseEvent, Factory, KeyPath, ObjectStoreParams, TransactionMode};
use tend::storage::{self, dose_key, Change, Quarantined, StorageError, Store, DB_VERSION};
use tend_core::checkin::CheckIn;
use tend_core::dose::{DoseAction, DoseEvent};
use tend_core::goal::Goal;
use tend_core::hlc::Hlc;
use tend_core::inventory::Refill;
use tend_core::measure::{MeasureKind, Measurement, Reading};
use tend_core::record::{Meta, Record};
use tend_core::zone::ZoneChange;
use tend_core::{Dataset, Id};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const V1_STORES: [&str; 5] = [
    "profiles",
    "medications",
    "schedules",
    "dose_events",
    "zone_changes",
];

/// The built-in example (one profile, four medicines and their schedules) plus a dose event and a zone change.
fn example() -> Dataset {
    let created = DateTime::from_timestamp(1_767_600_000, 0).unwrap();
    let mut data = tend_core::example::demo(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(), created);
    let profile_id = data.profiles[0].meta.id;
    data.dose_events.push(DoseEvent {
        meta: meta(0x500, profile_id),
        medication_id: data.medications[0].meta.id,
        occurrence: None,
        action: DoseAction::Taken {
            at: created,
            amount: 1.0,
        },
        recorded_at: created,
        zone: "Europe/London".into(),
        supersedes: None,
    });
    data.zone_changes.push(zone_change(0x600, profile_id));
    data
}

/// A copy of the example's dose event under another id, recorded (and taken) at `recorded_at`.
fn dose_event(data: &Dataset, id: u128, recorded_at: DateTime<Utc>) -> DoseEvent {
    let mut event = data.dose_events[0].clone();
    event.meta.id = Id::from_u128(id);
    event.recorded_at = recorded_at;
    event.action = DoseAction::Taken {
        at: recorded_at,
        amount: 1.0,
    };
    event
}

fn create_v2_stores(db: &idb::Database) {
    create_v1_stores(db);
    for store in ["quarantine", "meta"] {
        db.create_object_store(store, ObjectStoreParams::new()).unwrap();
    }
}

fn json(value: &impl serde::Serialize) -> JsValue {
    JsValue::from(serde_json::to_string(value).unwrap())
}

fn meta(id: u128, profile_id: Id) -> Meta {
    Meta {
        id: Id::from_u128(id),
        profile_id,
        stamp: Hlc::default(),
        deleted: false,
    }
}

fn zone_change(id: u128, profile_id: Id) -> ZoneChange {
    ZoneChange {
        meta: meta(id, profile_id),
        since: DateTime::from_timestamp(1_767_600_000, 0).unwrap(),
        zone: "Europe/London".into(),
    }
}

/// Each collection in id order, as `load` returns them.
fn sorted(mut data: Dataset) -> Dataset {
    data.profiles.sort_by_key(|r| r.meta.id);
    data.medications.sort_by_key(|r| r.meta.id);
    data.schedules.sort_by_key(|r| r.meta.id);
    data.dose_events.sort_by_key(|r| r.meta.id);
    data.zone_changes.sort_by_key(|r| r.meta.id);
    data.goals.sort_by_key(|r| r.meta.id);
    data.check_ins.sort_by_key(|r| r.meta.id);
    data.measurements.sort_by_key(|r| r.meta.id);
    data.refills.sort_by_key(|r| r.meta.id);
    data
}

/// A goal, a check-in, a measurement and a refill of the example's person (the kinds schema v6 added).
fn health_records(data: &Dataset) -> Change {
    let person = data.profiles[0].meta.id;
    let medicine = data.medications[0].meta.id;
    let at = DateTime::from_timestamp(1_767_700_000, 0).unwrap();
    Change {
        goals: vec![Goal {
            meta: meta(0x700, person),
            text: "Walk to the park with my grandchildren".into(),
            medication_ids: vec![medicine],
            measure: Some(MeasureKind::BloodPressure),
            since: at.date_naive(),
            done: false,
        }],
        check_ins: vec![CheckIn {
            meta: meta(0x701, person),
            at,
            zone: "Europe/London".into(),
            mood: Some(4),
            symptoms: vec!["headache".into()],
            note: "Slept badly".into(),
            did_what_matters: Some(true),
        }],
        measurements: vec![Measurement {
            meta: meta(0x702, person),
            taken_at: at,
            zone: "Europe/London".into(),
            reading: Reading::BloodPressure {
                systolic: 132.0,
                diastolic: 84.0,
                pulse: Some(70.0),
            },
            note: String::new(),
        }],
        refills: vec![Refill {
            meta: meta(0x703, person),
            medication_id: medicine,
            on: at.date_naive(),
            recorded_at: at,
            quantity: 28.0,
            expires_on: None,
        }],
        ..Change::default()
    }
}

/// Writes every record as a build of before schema v4 did: its JSON text, under its id, or a dose event under
/// `dose_event_key` (its bare id before schema v3, its day key from then on).
async fn put_as_json(db: &idb::Database, data: &Dataset, dose_event_key: impl Fn(&DoseEvent) -> String) {
    let by_id =
        |records: Vec<(Id, JsValue)>| records.into_iter().map(|(id, v)| (id.to_string(), v)).collect();
    let stores: [(&str, Vec<(String, JsValue)>); 5] = [
        (
            "profiles",
            by_id(data.profiles.iter().map(|r| (r.meta.id, json(r))).collect()),
        ),
        (
            "medications",
            by_id(data.medications.iter().map(|r| (r.meta.id, json(r))).collect()),
        ),
        (
            "schedules",
            by_id(data.schedules.iter().map(|r| (r.meta.id, json(r))).collect()),
        ),
        (
            "zone_changes",
            by_id(data.zone_changes.iter().map(|r| (r.meta.id, json(r))).collect()),
        ),
        (
            "dose_events",
            data.dose_events
                .iter()
                .map(|r| (dose_event_key(r), json(r)))
                .collect(),
        ),
    ];
    for (store, records) in stores {
        for (key, value) in records {
            raw_put(db, store, &key, &value).await;
        }
    }
}

/// Opens a database with the raw idb API, as an older build of Tend (or a hand-made schema) would.
async fn raw_open(
    name: &str,
    version: Option<u32>,
    upgrade: impl FnOnce(&idb::Database) + 'static,
) -> idb::Database {
    let mut request = Factory::new().unwrap().open(name, version).unwrap();
    request.on_upgrade_needed(move |event| upgrade(&event.database().unwrap()));
    request.on_blocked(|_| panic!("a Store left its connection open"));
    request.await.unwrap()
}

fn create_v1_stores(db: &idb::Database) {
    for store in V1_STORES {
        db.create_object_store(store, ObjectStoreParams::new()).unwrap();
    }
}

async fn raw_put(db: &idb::Database, store: &str, key: &str, value: &JsValue) {
    let tx = db.transaction(&[store], TransactionMode::ReadWrite).unwrap();
    tx.object_store(store)
        .unwrap()
        .put(value, Some(&JsValue::from(key)))
        .unwrap()
        .await
        .unwrap();
    assert!(tx.await.unwrap().is_committed());
}

async fn raw_keys(db: &idb::Database, store: &str) -> Vec<String> {
    let tx = db.transaction(&[store], TransactionMode::ReadOnly).unwrap();
    let keys = tx
        .object_store(store)
        .unwrap()
        .get_all_keys(None, None)
        .unwrap()
        .await
        .unwrap();
    keys.iter().map(|k| k.as_string().unwrap()).collect()
}

#[wasm_bindgen_test]
async fn a_version_1_database_upgrades_with_its_records_intact() {
    let name = "tend-test-upgrade";
    let data = example();
    let (profile, medication) = (&data.profiles[0], &data.medications[0]);
    let old = raw_open(name, Some(1), create_v1_stores).await;
    let profile_json = JsValue::from(serde_json::to_string(profile).unwrap());
    let medication_json = JsValue::from(serde_json::to_string(medication).unwrap());
    raw_put(&old, "profiles", &profile.meta.id.to_string(), &profile_json).await;
    raw_put(
        &old,
        "medications",
        &medication.meta.id.to_string(),
        &medication_json,
    )
    .await;
    let event = &data.dose_events[0];
    raw_put(&old, "dose_events", &event.meta.id.to_string(), &json(event)).await;
    old.close();

    let store = Store::open_named(name).await.unwrap();
    let loaded = store.load(None).await.unwrap();
    assert_eq!(loaded.data.profiles, vec![profile.clone()]);
    assert_eq!(loaded.data.medications, vec![medication.clone()]);
    assert_eq!(loaded.data.dose_events, vec![event.clone()]);
    assert!(loaded.quarantined.is_empty());
    assert_eq!(store.meta_get("device").await.unwrap(), None);
    // Read once, each is rewritten in its binary form.
    let raw = raw_open(name, None, |_| {}).await;
    let tx = raw.transaction(&["profiles"], TransactionMode::ReadOnly).unwrap();
    let values = tx
        .object_store("profiles")
        .unwrap()
        .get_all(None, None)
        .unwrap()
        .await
        .unwrap();
    assert!(
        values.iter().all(|v| v.is_instance_of::<js_sys::Uint8Array>()),
        "{values:?}"
    );
    raw.close();
    store.meta_set("device", "abc").await.unwrap();
    assert_eq!(store.meta_get("device").await.unwrap().as_deref(), Some("abc"));
    store.close();

    let upgraded = raw_open(name, None, |_| unreachable!("already at the current version")).await;
    assert_eq!(upgraded.version().unwrap(), DB_VERSION);
    let mut names = upgraded.store_names();
    names.sort();
    assert_eq!(
        names,
        [
            "check_ins",
            "dose_events",
            "goals",
            "measurements",
            "medications",
            "meta",
            "outbox",
            "profiles",
            "quarantine",
            "refills",
            "schedules",
            "zone_changes"
        ]
    );
    upgraded.close();
    storage::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_version_2_database_moves_its_dose_events_to_day_keys_and_loses_nothing() {
    let name = "tend-test-upgrade-v2";
    let mut data = example();
    // No stock counts: start-up's read would reach back to them (tend-core's dataset tests cover that).
    for medication in &mut data.medications {
        medication.stock = None;
    }
    // Recorded in January 2026 (the example's), in March 2024, and on the last second of December 2025.
    let january = data.dose_events[0].recorded_at;
    let old = dose_event(&data, 0x501, DateTime::from_timestamp(1_709_251_200, 0).unwrap());
    let new_year_eve = dose_event(&data, 0x502, DateTime::from_timestamp(1_767_225_599, 0).unwrap());
    data.dose_events.extend([old.clone(), new_year_eve.clone()]);
    let v2 = raw_open(name, Some(2), create_v2_stores).await;
    put_as_json(&v2, &data, |event| event.meta.id.to_string()).await;
    raw_put(&v2, "dose_events", "broken", &JsValue::from("{not json")).await;
    // Set aside by a v2 build, and still reported after the upgrade.
    let kept_aside = Quarantined {
        store: "medications".into(),
        key: "garbage".into(),
        raw: "{".into(),
        error: "EOF while parsing an object".into(),
    };
    let entry = serde_json::json!({ "store": "medications", "key": "garbage", "raw": "{",
        "error": kept_aside.error });
    raw_put(
        &v2,
        "quarantine",
        "medications/garbage",
        &JsValue::from(entry.to_string()),
    )
    .await;
    raw_put(&v2, "meta", "node", &JsValue::from("42")).await;
    v2.close();

    let store = Store::open_named(name).await.unwrap();
    let loaded = store.load(None).await.unwrap();
    // Key order: the day recorded, then the id.
    let by_key = |mut events: Vec<DoseEvent>| {
        events.sort_by_key(dose_key);
        events
    };
    let expected = Dataset {
        dose_events: by_key(data.dose_events.clone()),
        ..sorted(data.clone())
    };
    assert_eq!(loaded.data, expected);
    assert_eq!(loaded.quarantined.len(), 2, "{:?}", loaded.quarantined);
    assert_eq!(loaded.quarantined[0].key, "broken");
    assert_eq!(loaded.quarantined[0].raw, "{not json");
    assert_eq!(loaded.quarantined[1], kept_aside);
    assert_eq!(store.meta_get("node").await.unwrap().as_deref(), Some("42"));
    let raw = raw_open(name, None, |_| unreachable!("already at the current version")).await;
    assert_eq!(raw.version().unwrap(), DB_VERSION);
    let keys: Vec<String> = expected.dose_events.iter().map(dose_key).collect();
    assert_eq!(raw_keys(&raw, "dose_events").await, keys);
    assert_eq!(
        keys,
        [
            format!("2024-03-01/{}", old.meta.id),
            format!("2025-12-31/{}", new_year_eve.meta.id),
            format!("2026-01-05/{}", data.dose_events[0].meta.id),
        ]
    );

    // Start-up reads the dose events recorded from the day before the first dose it shows.
    let new_year = DateTime::from_timestamp(1_767_268_800, 0).unwrap();
    let recent = store.load(Some(new_year)).await.unwrap();
    assert_eq!(
        recent.data.dose_events,
        vec![new_year_eve.clone(), data.dose_events[0].clone()]
    );
    assert_eq!(recent.data.medications, expected.medications);
    let next_day = store.load(Some(new_year + Duration::days(1))).await.unwrap();
    assert_eq!(next_day.data.dose_events, vec![data.dose_events[0].clone()]);
    let recent = store.load(Some(january + Duration::days(1))).await.unwrap();
    assert_eq!(recent.data.dose_events, vec![data.dose_events[0].clone()]);
    let later = store.load(Some(january + Duration::days(2))).await.unwrap();
    assert!(later.data.dose_events.is_empty(), "{:?}", later.data.dose_events);

    // A service worker from before v3 puts events under their bare ids: start-up reads them whatever their
    // day, and moves each to its key, not aside.
    let from_old_worker = [0x503, 0x504].map(|id| dose_event(&data, id, january));
    for event in &from_old_worker {
        raw_put(&raw, "dose_events", &event.meta.id.to_string(), &json(event)).await;
    }
    let reloaded = store.load(Some(january + Duration::days(2))).await.unwrap();
    assert_eq!(reloaded.data.dose_events, from_old_worker);
    assert_eq!(reloaded.quarantined.len(), 2);
    let keys = raw_keys(&raw, "dose_events").await;
    assert!(
        from_old_worker.iter().all(|e| keys.contains(&dose_key(e))),
        "{keys:?}"
    );
    assert_eq!(keys.len(), 5);
    let moved = store.load(Some(january + Duration::days(2))).await.unwrap();
    assert!(moved.data.dose_events.is_empty(), "{:?}", moved.data.dose_events);
    raw.close();
    store.close();
    storage::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
fn a_dose_key_starts_with_the_utc_day_it_was_recorded() {
    let data = example();
    // Every 7 hours 13 minutes from 1900 to 2200, so each hour of the day and every kind of year comes up.
    let (first, last) = (-2_208_988_800_i64, 7_258_118_400_i64);
    for at in (first..last).step_by(26_000).chain([first, last - 1]) {
        let at = DateTime::from_timestamp(at, 0).unwrap();
        let event = dose_event(&data, 0x700, at);
        let expected = format!("{}/{}", at.format("%Y-%m-%d"), event.meta.id);
        assert_eq!(dose_key(&event), expected, "recorded at {at}");
    }
}

#[wasm_bindgen_test]
async fn an_old_tab_that_keeps_the_database_open_blocks_the_upgrade_until_it_closes() {
    let name = "tend-test-blocked";
    // The raw connection has no versionchange handler, like an old build of Tend in another tab.
    let old = raw_open(name, Some(1), create_v1_stores).await;
    assert_eq!(Store::open_named(name).await.unwrap_err(), StorageError::Blocked);
    old.close();

    let store = Store::open_named(name).await.unwrap();
    store.meta_set("after", "upgrade").await.unwrap();
    store.close();
    // This would wait forever if the connection that the blocked attempt opened late were left open.
    storage::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn an_open_store_lets_a_newer_version_upgrade() {
    let name = "tend-test-version-change";
    let store = Store::open_named(name).await.unwrap();
    store.meta_set("kept", "yes").await.unwrap();
    // A newer build in another tab: the open Store closes its connection instead of blocking the upgrade.
    let newer = raw_open(name, Some(DB_VERSION + 1), |_| {}).await;
    assert!(matches!(
        store.meta_get("kept").await,
        Err(StorageError::Failed(_))
    ));
    newer.close();
    drop(store);
    storage::delete_database(name).await.unwrap();
}

/// A database at Tend's version whose schema differs in a way IndexedDB enforces, to make a write fail for real:
/// "dose_events" keeps its keys in line, so a put that passes a key throws a DataError synchronously, after the
/// puts before it were queued.
async fn throwing_database(name: &str) {
    let db = raw_open(name, Some(DB_VERSION), |db| {
        for store in [
            "profiles",
            "medications",
            "schedules",
            "zone_changes",
            "quarantine",
            "meta",
            "outbox",
            "goals",
            "check_ins",
            "measurements",
            "refills",
        ] {
            db.create_object_store(store, ObjectStoreParams::new()).unwrap();
        }
        let mut in_line = ObjectStoreParams::new();
        in_line.key_path(Some(KeyPath::new_single("id")));
        db.create_object_store("dose_events", in_line).unwrap();
    })
    .await;
    db.close();
}

#[wasm_bindgen_test]
async fn a_change_that_fails_midway_leaves_nothing_behind() {
    let name = "tend-test-atomic";
    throwing_database(name).await;

    let store = Store::open_named(name).await.unwrap();
    let data = example();
    let before = Change {
        profiles: data.profiles.clone(),
        medications: vec![data.medications[0].clone()],
        ..Change::default()
    };
    store.apply(&before).await.unwrap();
    let mut renamed = data.profiles[0].clone();
    renamed.name = "Renamed".into();
    renamed.meta.stamp.wall_ms += 1;

    // The dose event's put throws after the profile and medicine puts were queued.
    let throws = Change {
        profiles: vec![renamed.clone()],
        medications: vec![data.medications[1].clone()],
        dose_events: data.dose_events.clone(),
        ..Change::default()
    };
    let error = store.apply(&throws).await.unwrap_err();
    assert!(
        matches!(&error, StorageError::Failed(m) if m.contains("DataError")),
        "{error:?}"
    );

    let loaded = store.load(None).await.unwrap();
    assert_eq!(
        loaded.data,
        Dataset {
            profiles: before.profiles,
            medications: before.medications,
            ..Dataset::default()
        }
    );
    store.close();
    storage::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn undecodable_records_are_set_aside_not_dropped() {
    let name = "tend-test-quarantine";
    let data = example();
    let store = Store::open_named(name).await.unwrap();
    store.apply(&data).await.unwrap();
    let raw = raw_open(name, None, |_| {}).await;
    raw_put(&raw, "medications", "garbage", &JsValue::from("{not json")).await;
    raw_put(&raw, "medications", "number", &JsValue::from(42)).await;
    let damaged = js_sys::Uint8Array::from(&[1u8, 2, 3][..]);
    raw_put(&raw, "medications", "bytes", &damaged.into()).await;
    // A good record under a key that is not its id: loading it would let the same id appear twice.
    let misfiled = serde_json::to_string(&data.medications[0]).unwrap();
    raw_put(
        &raw,
        "medications",
        "other-key",
        &JsValue::from(misfiled.as_str()),
    )
    .await;

    let first = store.load(None).await.unwrap();
    assert_eq!(first.data, sorted(data.clone()));
    let set_aside = |key: &str, raw: &str| Quarantined {
        store: "medications".into(),
        key: key.into(),
        raw: raw.into(),
        error: String::new(),
    };
    let without_errors: Vec<Quarantined> = first
        .quarantined
        .iter()
        .map(|q| {
            assert!(!q.error.is_empty(), "{q:?}");
            Quarantined {
                error: String::new(),
                ..q.clone()
            }
        })
        .collect();
    let expected = [
        set_aside("bytes", "010203"),
        set_aside("garbage", "{not json"),
        set_aside("number", "42"),
        set_aside("other-key", &misfiled),
    ];
    assert_eq!(without_errors, expected);
    assert_eq!(
        raw_keys(&raw, "quarantine").await,
        [
            "medications/bytes",
            "medications/garbage",
            "medications/number",
            "medications/other-key"
        ]
    );
    let medications = raw_keys(&raw, "medications").await;
    assert_eq!(medications.len(), data.medications.len(), "{medications:?}");
    raw.close();

    let second = store.load(None).await.unwrap();
    assert_eq!(second, first);
    store.close();
    storage::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_record_set_aside_by_a_build_that_could_not_read_it_is_put_back() {
    let name = "tend-test-restore";
    let data = example();
    let store = Store::open_named(name).await.unwrap();
    store.apply(&data).await.unwrap();
    let raw = raw_open(name, None, |_| {}).await;
    // A dose event that a newer service worker wrote in binary and a page of before v4 set aside: that build
    // wrote its bytes as the JSON of a Uint8Array. And a zone change set aside with its bytes as hex.
    let event = dose_event(&data, 0x900, data.dose_events[0].recorded_at);
    let bytes = tend_core::codec::encode(&event);
    let as_object: Vec<String> = bytes
        .iter()
        .enumerate()
        .map(|(i, b)| format!("\"{i}\":{b}"))
        .collect();
    let zone = zone_change(0x901, data.profiles[0].meta.id);
    let set_aside = [
        (
            "dose_events",
            dose_key(&event),
            format!("{{{}}}", as_object.join(",")),
        ),
        ("zone_changes", zone.meta.id.to_string(), hex_of(&zone)),
        // Damaged bytes, and a record whose key is taken: they stay aside.
        ("zone_changes", "broken".to_owned(), "0102".to_owned()),
        (
            "dose_events",
            dose_key(&data.dose_events[0]),
            hex_of(&data.dose_events[0]),
        ),
    ];
    for (store_name, key, raw_text) in &set_aside {
        let entry = serde_json::json!({ "store": store_name, "key": key, "raw": raw_text, "error": "the stored value is not text" });
        raw_put(
            &raw,
            "quarantine",
            &format!("{store_name}/{key}"),
            &JsValue::from(entry.to_string()),
        )
        .await;
    }

    let loaded = store.load(None).await.unwrap();
    let mut expected = sorted(data.clone());
    expected.dose_events.push(event.clone());
    expected.dose_events.sort_by_cached_key(dose_key);
    expected.zone_changes.push(zone.clone());
    expected.zone_changes.sort_by_key(|z| z.meta.id);
    assert_eq!(loaded.data, expected);
    let kept: Vec<&str> = loaded.quarantined.iter().map(|q| q.key.as_str()).collect();
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept.contains(&"broken"));
    // Put back for good: a new connection reads the same, with nothing more set aside.
    store.close();
    let reopened = Store::open_named(name).await.unwrap();
    assert_eq!(reopened.load(None).await.unwrap(), loaded);
    reopened.close();
    raw.close();
    storage::delete_database(name).await.unwrap();
}

/// A record's binary form as hex, as storage sets aside bytes it cannot read.
fn hex_of(record: &impl tend_core::codec::Binary) -> String {
    tend_core::codec::encode(record)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[wasm_bindgen_test]
async fn changes_imports_and_profile_deletion_round_trip() {
    let name = "tend-test-round-trip";
    let data = example();
    let store = Store::open_named(name).await.unwrap();
    store.apply(&data).await.unwrap();
    assert_eq!(store.load(None).await.unwrap().data, sorted(data.clone()));

    // An edit and a deletion (a tombstone) in one change.
    let later = Hlc {
        wall_ms: data.newest_stamp().wall_ms + 1,
        ..Hlc::default()
    };
    let mut expected = data.clone();
    expected.medications[1].name = "Edited".into();
    expected.medications[1].meta.stamp = later;
    expected.schedules[3] = expected.schedules[3].tombstone(later);
    expected.dose_events[0] = expected.dose_events[0].tombstone(later);
    let edit = Change {
        medications: vec![expected.medications[1].clone()],
        schedules: vec![expected.schedules[3].clone()],
        dose_events: vec![expected.dose_events[0].clone()],
        ..Change::default()
    };
    store.apply(&edit).await.unwrap();
    assert_eq!(store.load(None).await.unwrap().data, sorted(expected.clone()));
    // A dose event's tombstone is kept under the event's own key: one version per event.
    let raw = raw_open(name, None, |_| {}).await;
    assert_eq!(
        raw_keys(&raw, "dose_events").await,
        [dose_key(&data.dose_events[0])]
    );

    // Versions older than the ones stored (from a tab that had not heard of the edit) change nothing.
    let stale = Change {
        medications: vec![data.medications[1].clone()],
        schedules: vec![data.schedules[3].clone()],
        dose_events: vec![data.dose_events[0].clone()],
        ..Change::default()
    };
    store.apply(&stale).await.unwrap();
    assert_eq!(store.load(None).await.unwrap().data, sorted(expected.clone()));

    // An import replaces everything: a second person with their own medicine, and the first person's profile.
    let other = Id::from_u128(0xA00);
    let mut second_profile = data.profiles[0].clone();
    second_profile.meta = meta(0xA00, other);
    second_profile.name = "Sam".into();
    let mut their_medicine = data.medications[2].clone();
    their_medicine.meta = meta(0xA01, other);
    let imported = Dataset {
        profiles: vec![data.profiles[0].clone(), second_profile.clone()],
        medications: vec![data.medications[0].clone(), their_medicine.clone()],
        zone_changes: vec![zone_change(0xA02, other)],
        ..Dataset::default()
    };
    store.replace_all(&imported).await.unwrap();
    assert_eq!(store.load(None).await.unwrap().data, sorted(imported.clone()));

    // Deleting the first person turns their records into tombstones, removes one set aside as unreadable, and
    // leaves everyone else's.
    let unreadable = format!(r#"{{"id":"x","profile_id":"{}"}}"#, data.profiles[0].meta.id);
    raw_put(&raw, "schedules", "x", &JsValue::from(unreadable)).await;
    assert_eq!(store.load(None).await.unwrap().quarantined.len(), 1);
    let deleted_at = Hlc {
        wall_ms: later.wall_ms + 1,
        ..Hlc::default()
    };
    store
        .delete_profile(data.profiles[0].meta.id, deleted_at)
        .await
        .unwrap();
    let left = store.load(None).await.unwrap();
    assert_eq!(
        left.data,
        sorted(Dataset {
            profiles: vec![data.profiles[0].tombstone(deleted_at), second_profile],
            medications: vec![data.medications[0].tombstone(deleted_at), their_medicine],
            zone_changes: vec![zone_change(0xA02, other)],
            ..Dataset::default()
        })
    );
    assert!(left.quarantined.is_empty());
    assert!(raw_keys(&raw, "quarantine").await.is_empty());
    raw.close();
    store.close();
    storage::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_browser_reports_usage_and_answers_a_persistence_request() {
    let (used, quota) = storage::usage()
        .await
        .expect("Chromium supports navigator.storage.estimate()");
    assert!(used >= 0.0 && quota > 0.0, "{used} of {quota}");
    assert!(storage::request_persistence().await.is_some());
}

/// Every value of a store, as "bytes" (a record in its binary form) or "text" (JSON, as before schema v4).
async fn raw_forms(db: &idb::Database, store: &str) -> Vec<&'static str> {
    let tx = db.transaction(&[store], TransactionMode::ReadOnly).unwrap();
    let values = tx
        .object_store(store)
        .unwrap()
        .get_all(None, None)
        .unwrap()
        .await
        .unwrap();
    let form = |v: &JsValue| match v.is_instance_of::<js_sys::Uint8Array>() {
        true => "bytes",
        false => "text",
    };
    values.iter().map(form).collect()
}

#[wasm_bindgen_test]
async fn a_version_3_database_of_json_records_is_rewritten_in_binary_as_it_is_read() {
    let name = "tend-test-upgrade-v3";
    let mut data = example();
    for medication in &mut data.medications {
        medication.stock = None;
    }
    let january = data.dose_events[0].recorded_at;
    let old = dose_event(&data, 0x501, DateTime::from_timestamp(1_709_251_200, 0).unwrap());
    data.dose_events.push(old.clone());
    let v3 = raw_open(name, Some(3), create_v2_stores).await;
    put_as_json(&v3, &data, dose_key).await;
    raw_put(&v3, "schedules", "damaged", &JsValue::from(r#"{"id": 7}"#)).await;
    v3.close();

    // Start-up reads every small store and the recent dose events: those are rewritten, the old event waits.
    let store = Store::open_named(name).await.unwrap();
    let recent = store.load(Some(january)).await.unwrap();
    // In key order: dose events by the day recorded.
    let mut expected = sorted(data.clone());
    expected.dose_events.sort_by_cached_key(dose_key);
    assert_eq!(recent.data.medications, expected.medications);
    assert_eq!(recent.data.dose_events, vec![data.dose_events[0].clone()]);
    assert_eq!(recent.quarantined.len(), 1);
    assert_eq!(recent.quarantined[0].key, "damaged");
    let raw = raw_open(name, None, |_| unreachable!("already at the current version")).await;
    assert_eq!(raw.version().unwrap(), DB_VERSION);
    for kind in ["profiles", "medications", "schedules", "zone_changes"] {
        assert!(
            raw_forms(&raw, kind).await.iter().all(|f| *f == "bytes"),
            "{kind}"
        );
    }
    assert_eq!(raw_forms(&raw, "dose_events").await, ["text", "bytes"]);

    // Reading everything rewrites the rest; a new connection (without the JSON decoder) reads the same.
    let everything = store.load(None).await.unwrap();
    assert_eq!(everything.data, expected);
    assert_eq!(raw_forms(&raw, "dose_events").await, ["bytes", "bytes"]);
    store.close();
    let reopened = Store::open_named(name).await.unwrap();
    assert_eq!(reopened.load(None).await.unwrap(), everything);
    reopened.close();
    raw.close();
    storage::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn start_up_reads_back_to_the_last_dose_of_a_schedule_that_counts_from_it() {
    use tend_core::dose::OccurrenceKey;
    use tend_core::schedule::Pattern;
    let name = "tend-test-after-last-dose";
    let now = DateTime::from_timestamp(1_780_000_000, 0).unwrap();
    let mut data = example();
    for medication in &mut data.medications {
        medication.stock = None;
    }
    let schedule = &mut data.schedules[0];
    schedule.pattern = Pattern::AfterLastDose {
        interval_hours: 6,
        first: chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
        amount: 1.0,
    };
    schedule.start = (now - Duration::days(365)).date_naive();
    let (schedule_id, medication_id) = (schedule.meta.id, schedule.medication_id);
    // A dose of that schedule taken `days` ago, logged when taken.
    let taken = |id: u128, days: i64| {
        let at = now - Duration::days(days);
        let mut event = dose_event(&data, id, at);
        event.medication_id = medication_id;
        event.occurrence = Some(OccurrenceKey {
            schedule_id,
            slot: at.naive_utc(),
        });
        event
    };
    let (last, older) = (taken(0x701, 100), taken(0x702, 300));
    let ids = |events: &[DoseEvent]| events.iter().map(|e| e.meta.id).collect::<Vec<_>>();
    let store = Store::open_named(name).await.unwrap();

    // The week, then spans of 28, 56 and 112 days back: the last dose taken, 100 days ago, and not the one before.
    data.dose_events = vec![last.clone(), older.clone()];
    store.replace_all(&data).await.unwrap();
    let loaded = store.load(Some(now - Duration::days(7))).await.unwrap();
    assert_eq!(ids(&loaded.data.dose_events), [last.meta.id]);

    // Its only dose taken 300 days ago: found too.
    data.dose_events = vec![older.clone()];
    store.replace_all(&data).await.unwrap();
    let loaded = store.load(Some(now - Duration::days(7))).await.unwrap();
    assert_eq!(ids(&loaded.data.dose_events), [older.meta.id]);

    // Begun a week ago, so nothing older can be its: the old dose of another medicine stays unread.
    data.schedules[0].start = (now - Duration::days(7)).date_naive();
    data.dose_events[0].medication_id = data.medications[1].meta.id;
    data.dose_events[0].occurrence = None;
    store.replace_all(&data).await.unwrap();
    let loaded = store.load(Some(now - Duration::days(7))).await.unwrap();
    assert!(
        loaded.data.dose_events.is_empty(),
        "{:?}",
        loaded.data.dose_events
    );
    drop(store);
    storage::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn while_sync_is_on_every_version_written_is_queued_with_it_and_kept_across_connections() {
    let name = "tend-test-outbox";
    let store = Store::open_named(name).await.unwrap();
    let data = example();
    let first = Change {
        profiles: data.profiles.clone(),
        ..Change::default()
    };
    store.apply(&first).await.unwrap();
    assert!(
        store.outbox().await.unwrap().is_empty(),
        "sync off: nothing queued"
    );

    store.set_queueing(true);
    let mut renamed = data.medications[0].clone();
    renamed.name = "Renamed".into();
    renamed.meta.stamp.wall_ms = 5;
    let mut later = data.medications[1].clone();
    later.meta.stamp.wall_ms = 9;
    store
        .apply(&Change {
            medications: vec![later.clone(), renamed.clone()],
            ..Change::default()
        })
        .await
        .unwrap();
    // An older version than the one stored wins nothing, so nothing is sent for it.
    let mut older = renamed.clone();
    older.name = "Older".into();
    older.meta.stamp.wall_ms = 4;
    store
        .apply(&Change {
            medications: vec![older],
            ..Change::default()
        })
        .await
        .unwrap();
    drop(store);

    let store = Store::open_named(name).await.unwrap();
    let queued = store.outbox().await.unwrap();
    let names: Vec<String> = queued
        .iter()
        .map(|q| {
            tend_core::codec::decode::<tend_core::medication::Medication>(&q.bytes)
                .unwrap()
                .name
        })
        .collect();
    assert_eq!(
        names,
        ["Renamed", later.name.as_str()],
        "in the order written, by stamp"
    );
    assert!(queued.iter().all(|q| q.kind == tend_core::Kind::Medication));
    assert_ne!(queued[0].mutation, queued[1].mutation);
    drop(store);
    storage::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_write_that_fails_queues_nothing_and_turning_sync_on_queues_every_record() {
    let name = "tend-test-outbox-atomic";
    throwing_database(name).await;
    let store = Store::open_named(name).await.unwrap();
    store.set_queueing(true);
    let data = example();
    let throws = Change {
        medications: vec![data.medications[0].clone()],
        dose_events: data.dose_events.clone(),
        ..Change::default()
    };
    assert!(store.apply(&throws).await.is_err());
    assert!(
        store.outbox().await.unwrap().is_empty(),
        "no entry without its record"
    );
    assert!(store.load(None).await.unwrap().data.medications.is_empty());
    drop(store);
    storage::delete_database(name).await.unwrap();

    // A normal database with years of history, written while sync was off.
    let name = "tend-test-queue-all";
    let store = Store::open_named(name).await.unwrap();
    let mut data = example();
    let long_ago = DateTime::from_timestamp(1_600_000_000, 0).unwrap();
    data.dose_events.push(dose_event(&data, 0x501, long_ago));
    store.replace_all(&data).await.unwrap();
    assert!(store.outbox().await.unwrap().is_empty());
    let queued = store.queue_all().await.unwrap();
    let records = data.profiles.len()
        + data.medications.len()
        + data.schedules.len()
        + data.dose_events.len()
        + data.zone_changes.len();
    assert_eq!(queued, records);
    let outbox = store.outbox().await.unwrap();
    assert_eq!(outbox.len(), records, "every record, the oldest dose events too");
    let old = tend_core::codec::encode(&data.dose_events[1]);
    assert!(outbox.iter().any(|q| q.bytes == old));
    drop(store);
    storage::delete_database(name).await.unwrap();
}

/// Writes every record in its binary form under its key, as builds from schema v4 on do.
async fn put_binary(db: &idb::Database, data: &Dataset) {
    for kind in tend_core::Kind::ALL {
        let records = data.records(kind);
        for i in 0..records.len() {
            let key = match kind {
                tend_core::Kind::DoseEvent => dose_key(&data.dose_events[i]),
                _ => records.meta(i).id.to_string(),
            };
            let bytes = js_sys::Uint8Array::from(&records.to_bytes(i)[..]);
            raw_put(db, kind.name(), &key, &bytes.into()).await;
        }
    }
}

#[wasm_bindgen_test]
async fn a_version_4_database_of_binary_records_gains_an_empty_outbox_and_loses_nothing() {
    let name = "tend-test-upgrade-v4";
    let data = example();
    let v4 = raw_open(name, Some(4), create_v2_stores).await;
    put_binary(&v4, &data).await;
    v4.close();

    let store = Store::open_named(name).await.unwrap();
    let mut expected = sorted(data.clone());
    expected.dose_events.sort_by_cached_key(dose_key);
    assert_eq!(store.load(None).await.unwrap().data, expected);
    assert!(
        store.outbox().await.unwrap().is_empty(),
        "nothing is queued by an upgrade"
    );
    let raw = raw_open(name, None, |_| unreachable!("already at the current version")).await;
    assert_eq!(raw.version().unwrap(), DB_VERSION);
    assert!(raw.store_names().contains(&"outbox".to_string()));
    raw.close();
    store.close();
    storage::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_version_5_database_gains_the_health_stores_keeps_its_records_and_stores_the_new_kinds() {
    let name = "tend-test-upgrade-v5";
    let data = example();
    let v5 = raw_open(name, Some(5), |db| {
        create_v2_stores(db);
        db.create_object_store("outbox", ObjectStoreParams::new())
            .unwrap();
    })
    .await;
    put_binary(&v5, &data).await;
    v5.close();

    let store = Store::open_named(name).await.unwrap();
    let mut expected = sorted(data.clone());
    expected.dose_events.sort_by_cached_key(dose_key);
    assert_eq!(store.load(None).await.unwrap().data, expected);
    // The new kinds are stored, read back and deleted with their person like every other.
    let health = health_records(&data);
    store.apply(&health).await.unwrap();
    let loaded = store.load(None).await.unwrap().data;
    assert_eq!(
        (
            &loaded.goals,
            &loaded.check_ins,
            &loaded.measurements,
            &loaded.refills
        ),
        (
            &health.goals,
            &health.check_ins,
            &health.measurements,
            &health.refills
        )
    );
    let deleted_at = Hlc {
        wall_ms: data.newest_stamp().wall_ms + 1,
        ..Hlc::default()
    };
    store
        .delete_profile(data.profiles[0].meta.id, deleted_at)
        .await
        .unwrap();
    let left = store.load(None).await.unwrap().data;
    assert_eq!(
        left.measurements,
        vec![health.measurements[0].tombstone(deleted_at)]
    );
    assert!(left.metas().all(|m| m.deleted));
    store.close();
    storage::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn what_sync_receives_is_stored_unqueued_with_the_entries_it_gave_back_and_the_cursor() {
    let name = "tend-test-receive";
    let store = Store::open_named(name).await.unwrap();
    store.set_queueing(true);
    let data = example();
    let mine = Change {
        medications: data.medications[..2].to_vec(),
        ..Change::default()
    };
    store.apply(&mine).await.unwrap();
    let queued = store.outbox().await.unwrap();
    assert_eq!(queued.len(), 2);

    // The log gave back the first of this device's versions, and brought another device's schedule.
    let theirs = Change {
        schedules: data.schedules[..1].to_vec(),
        ..Change::default()
    };
    store
        .receive(
            &theirs,
            &[queued[0].key.clone()],
            &[(storage::SYNC_CURSOR, JsValue::from("42"))],
        )
        .await
        .unwrap();
    let left = store.outbox().await.unwrap();
    assert_eq!(
        left,
        queued[1..],
        "the version given back is gone; what came from the log is not queued"
    );
    assert_eq!(
        store.meta_get(storage::SYNC_CURSOR).await.unwrap().as_deref(),
        Some("42")
    );
    let loaded = store.load(None).await.unwrap().data;
    assert_eq!(loaded.schedules, theirs.schedules);
    assert_eq!(loaded.medications.len(), 2);
    drop(store);
    storage::delete_database(name).await.unwrap();
}

#[wasm_bindgen_test]
fn the_service_worker_queues_its_dose_events_under_their_kind() {
    let index = tend_core::Kind::ALL
        .iter()
        .position(|&k| k == tend_core::Kind::DoseEvent)
        .unwrap();
    let worker = include_str!("../public/sw.js");
    assert!(worker.contains(&format!("const DOSE_EVENT_KIND = {index};")));
}
