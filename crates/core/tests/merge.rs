//! Merging records by their HLC stamps, and deleting a person's data with tombstones.

mod common;
use common::*;
use proptest::prelude::*;
use tend_core::backup::{export, import};
use tend_core::checkin::CheckIn;
use tend_core::dose::DoseAction;
use tend_core::goal::Goal;
use tend_core::hlc::Hlc;
use tend_core::inventory::Refill;
use tend_core::measure::{Measurement, Reading};
use tend_core::medication::DoseRules;
use tend_core::record::{Meta, Record};
use tend_core::schedule::{End, Pattern};
use tend_core::zone::{BundledRules, ZoneChange, ZonePolicy};
use tend_core::{Change, Dataset, Id, Kind};

fn stamp(wall_ms: u64, counter: u32, node: u64) -> Hlc {
    Hlc {
        wall_ms,
        counter,
        node,
    }
}

/// One version of a record: its kind, id, stamp, tombstone flag and one of a few contents.
#[derive(Clone, Debug)]
struct Version {
    kind: Kind,
    id: u128,
    stamp: Hlc,
    deleted: bool,
    content: u8,
}

impl Version {
    fn meta(&self) -> Meta {
        Meta {
            id: Id::from_u128(self.id),
            profile_id: Id::from_u128(PROFILE),
            stamp: self.stamp,
            deleted: self.deleted,
        }
    }

    /// Adds this version, as its kind's record, to `change`.
    fn add_to(&self, change: &mut Change) {
        let n = f64::from(self.content);
        match self.kind {
            Kind::Profile => change.profiles.push(tend_core::medication::Profile {
                meta: self.meta(),
                name: format!("Person {}", self.content),
                ..profile(DoseRules::default())
            }),
            Kind::Medication => change.medications.push(tend_core::medication::Medication {
                meta: self.meta(),
                name: format!("Medicine {}", self.content),
                ..medication(10, ZonePolicy::FollowLocal)
            }),
            Kind::Schedule => change.schedules.push(tend_core::schedule::Schedule {
                meta: self.meta(),
                start: date("2026-01-01") + chrono::Duration::days(self.content.into()),
                ..schedule(
                    10,
                    Pattern::Daily {
                        times: times(&["08:00"]),
                    },
                    "2026-01-01",
                    End::Never,
                )
            }),
            Kind::DoseEvent => {
                let at = utc("2026-01-01 08:00");
                let action = DoseAction::Taken { at, amount: n + 1.0 };
                change.dose_events.push(tend_core::dose::DoseEvent {
                    meta: self.meta(),
                    ..event(0, 10, None, action, at)
                });
            }
            Kind::ZoneChange => change.zone_changes.push(ZoneChange {
                meta: self.meta(),
                since: utc("2026-01-01 00:00") + chrono::Duration::hours(self.content.into()),
                zone: "Europe/London".into(),
            }),
            Kind::Goal => change.goals.push(Goal {
                meta: self.meta(),
                text: format!("Goal {}", self.content),
                ..goal(0, "")
            }),
            Kind::CheckIn => change.check_ins.push(CheckIn {
                meta: self.meta(),
                mood: Some(u32::from(self.content) + 1),
                ..check_in(0, "2026-01-01 20:00")
            }),
            Kind::Measurement => {
                let reading = Reading::Weight { kg: 70.0 + n };
                change.measurements.push(Measurement {
                    meta: self.meta(),
                    ..measurement(0, "2026-01-01 07:00", reading)
                });
            }
            Kind::Refill => change.refills.push(Refill {
                meta: self.meta(),
                quantity: 28.0 + n,
                ..refill(0, 10, "2026-01-02", 28.0)
            }),
        }
    }
}

fn any_version() -> impl Strategy<Value = Version> {
    // Few ids, stamps and contents, so versions of one record meet often, with equal stamps too.
    (
        0..Kind::ALL.len(),
        0u128..4,
        (0u64..3, 0u32..2, 0u64..2),
        any::<bool>(),
        0u8..3,
    )
        .prop_map(|(kind, id, (wall, counter, node), deleted, content)| Version {
            kind: Kind::ALL[kind],
            id,
            stamp: stamp(wall, counter, node),
            deleted,
            content,
        })
}

/// Changes of up to six versions each.
fn any_changes() -> impl Strategy<Value = Vec<Change>> {
    prop::collection::vec(prop::collection::vec(any_version(), 0..6), 1..6).prop_map(|changes| {
        changes
            .iter()
            .map(|versions| {
                let mut change = Change::default();
                versions.iter().for_each(|v| v.add_to(&mut change));
                change
            })
            .collect()
    })
}

fn merged<'a>(changes: impl IntoIterator<Item = &'a Change>) -> Dataset {
    let mut data = Dataset::default();
    for change in changes {
        data.merge(change);
    }
    data
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn merging_in_any_order_gives_the_same_records(
        (changes, shuffled) in any_changes().prop_flat_map(|c| (Just(c.clone()), Just(c).prop_shuffle()))
    ) {
        prop_assert_eq!(merged(&changes), merged(&shuffled));
    }

    #[test]
    fn merging_again_changes_nothing(changes in any_changes(), again in prop::collection::vec(any::<prop::sample::Index>(), 0..8)) {
        let once = merged(&changes);
        let mut twice = once.clone();
        for index in again {
            let change = index.get(&changes);
            prop_assert_eq!(twice.merge(change), Change::default());
        }
        prop_assert_eq!(twice.merge(&once), Change::default());
        prop_assert_eq!(twice, once);
    }

    #[test]
    fn merging_is_associative(a in any_changes(), b in any_changes(), c in any_changes()) {
        let (a, b, c) = (merged(&a), merged(&b), merged(&c));
        let mut left = merged([&a, &b]);
        left.merge(&c);
        let right = merged([&a, &merged([&b, &c])]);
        prop_assert_eq!(left, right);
    }

    /// What `merge` reports as changed is exactly what a copy of the records needs to catch up (what storage
    /// writes and the other tabs are sent).
    #[test]
    fn the_versions_that_won_bring_a_copy_up_to_date(before in any_changes(), change in any_changes()) {
        let mut data = merged(&before);
        let mut copy = data.clone();
        let changed = data.merge(&merged(&change));
        copy.merge(&changed);
        prop_assert_eq!(copy, data);
    }
}

fn medicine(name: &str, at: Hlc, deleted: bool) -> Change {
    let mut m = medication(10, ZonePolicy::FollowLocal);
    m.name = name.into();
    m.meta.stamp = at;
    m.meta.deleted = deleted;
    Change {
        medications: vec![m],
        ..Change::default()
    }
}

#[test]
fn an_edit_is_kept_when_it_is_newer_whichever_arrives_first() {
    let old = medicine("Old", stamp(5, 0, 1), false);
    let new = medicine("New", stamp(5, 1, 1), false);
    for order in [[&old, &new], [&new, &old]] {
        assert_eq!(merged(order).medications[0].name, "New");
    }
    // Equal stamps (two tabs sharing a node, in one millisecond): the same choice on every device.
    let rival = medicine("Rival", stamp(5, 1, 1), false);
    assert_eq!(merged([&new, &rival]), merged([&rival, &new]));
}

#[test]
fn a_newer_tombstone_deletes_and_a_newer_edit_survives_an_older_one() {
    let edit = medicine("Edited", stamp(5, 0, 1), false);
    let deleted = medicine("", stamp(6, 0, 2), true);
    assert!(merged([&edit, &deleted]).medications[0].meta.deleted);
    let later_edit = medicine("Edited later", stamp(7, 0, 1), false);
    let data = merged([&deleted, &later_edit, &edit]);
    assert_eq!(data.medications[0].name, "Edited later");
    assert!(!data.medications[0].meta.deleted);
    // On equal stamps the tombstone wins.
    let same_time = medicine("", stamp(7, 0, 1), true);
    assert!(merged([&later_edit, &same_time]).medications[0].meta.deleted);
}

#[test]
fn a_deleted_dose_event_stays_deleted_when_an_old_copy_arrives() {
    let at = utc("2026-01-05 08:00");
    let logged = event(1, 10, None, DoseAction::Taken { at, amount: 1.0 }, at);
    // The tombstone's stamp is not newer than the copy's: deletion of a fact wins regardless.
    let tombstone = logged.tombstone(stamp(0, 0, 0));
    let copy = Change {
        dose_events: vec![logged.clone()],
        ..Change::default()
    };
    let deletion = Change {
        dose_events: vec![tombstone.clone()],
        ..Change::default()
    };
    assert_eq!(
        merged([&deletion, &copy]).dose_events,
        std::slice::from_ref(&tombstone)
    );
    assert_eq!(merged([&copy, &deletion]).dose_events, [tombstone]);
}

#[test]
fn records_merged_out_of_order_end_in_id_order_one_version_each() {
    let at = utc("2026-01-05 08:00");
    let events: Vec<_> = [3, 1, 2, 1]
        .into_iter()
        .map(|id| event(id, 10, None, DoseAction::Taken { at, amount: 1.0 }, at))
        .collect();
    let mut data = Dataset {
        dose_events: events,
        ..Dataset::default()
    };
    let fourth = event(
        4,
        10,
        None,
        DoseAction::Skipped {
            reason: String::new(),
        },
        at,
    );
    data.merge(&Change {
        dose_events: vec![fourth],
        ..Change::default()
    });
    let ids: Vec<Id> = data.dose_events.iter().map(|e| e.meta.id).collect();
    assert_eq!(ids, [1, 2, 3, 4].map(Id::from_u128));
}

/// Two people, each with one record of every kind.
fn two_people() -> Dataset {
    let mut data = single(
        Pattern::Daily {
            times: times(&["08:00"]),
        },
        "2026-01-01",
        End::Never,
    );
    let at = utc("2026-01-05 08:00");
    data.dose_events
        .push(event(1, 10, None, DoseAction::Taken { at, amount: 1.0 }, at));
    data.zone_changes.push(ZoneChange {
        meta: meta(7),
        since: utc("2026-01-01 00:00"),
        zone: "Europe/Madrid".into(),
    });
    data.goals.push(goal(8, "Keep up with the grandchildren"));
    data.check_ins.push(check_in(9, "2026-01-05 20:00"));
    let reading = Reading::Glucose { mg_dl: 98.0 };
    data.measurements
        .push(measurement(20, "2026-01-05 07:00", reading));
    data.refills.push(refill(30, 10, "2026-01-04", 28.0));
    let other = Id::from_u128(2);
    let mut theirs = data.clone();
    for (meta, id) in [
        (&mut theirs.profiles[0].meta, 2),
        (&mut theirs.medications[0].meta, 110),
        (&mut theirs.schedules[0].meta, 1110),
        (&mut theirs.dose_events[0].meta, 101),
        (&mut theirs.zone_changes[0].meta, 107),
        (&mut theirs.goals[0].meta, 108),
        (&mut theirs.check_ins[0].meta, 109),
        (&mut theirs.measurements[0].meta, 111),
        (&mut theirs.refills[0].meta, 112),
    ] {
        meta.id = Id::from_u128(id);
        meta.profile_id = other;
    }
    theirs.profiles[0].name = "Sam".into();
    theirs.medications[0].name = "Their medicine".into();
    theirs.schedules[0].medication_id = theirs.medications[0].meta.id;
    theirs.dose_events[0].medication_id = theirs.medications[0].meta.id;
    theirs.goals[0].medication_ids = vec![theirs.medications[0].meta.id];
    theirs.refills[0].medication_id = theirs.medications[0].meta.id;
    data.merge(&theirs);
    data
}

#[test]
fn deleting_a_person_tombstones_every_record_of_theirs_and_clears_it() {
    let mut data = two_people();
    let before = data.clone();
    let person = Id::from_u128(PROFILE);
    let deletion = data.tombstones(person, stamp(9_000, 0, 3));
    assert_eq!(
        Kind::ALL.map(|kind| deletion.records(kind).len()),
        [1; Kind::ALL.len()],
        "one tombstone of each kind"
    );
    assert_eq!(data.merge(&deletion), deletion, "every tombstone wins");

    for meta in data.metas() {
        let theirs = meta.profile_id == person;
        assert_eq!(meta.deleted, theirs, "{meta:?}");
        if theirs {
            assert_eq!(meta.stamp, stamp(9_000, 0, 3));
        }
    }
    // Nothing they entered is left; the other person's records are as they were.
    let text = serde_json::to_string(&deletion).unwrap();
    for gone in ["Ana", "Medicine 10", "08:00", "Europe/Madrid", "2026-01-05T08"] {
        assert!(!text.contains(gone), "{gone} is still there: {text}");
    }
    // A dose event keeps the day it was recorded, which the app's storage key holds.
    assert_eq!(deletion.dose_events[0].recorded_at, utc("2026-01-05 00:00"));
    let others =
        |d: &Dataset| -> Vec<Meta> { d.metas().filter(|m| m.profile_id != person).cloned().collect() };
    assert_eq!(others(&data), others(&before));
    assert_eq!(data.medications[1], before.medications[1]);
    assert!(data.profile(person).is_none());
    assert!(occurrences(&data, "UTC", "2026-01-05 00:00", "2026-01-06 00:00")
        .iter()
        .all(|o| o.profile_id != person));

    // Deleting again finds nothing left to delete.
    assert_eq!(data.tombstones(person, stamp(9_500, 0, 3)), Change::default());
}

#[test]
fn a_backup_with_tombstones_imports() {
    let mut data = two_people();
    data.merge(&data.tombstones(Id::from_u128(PROFILE), stamp(9_000, 0, 3)));
    let text = export(&data, utc("2026-06-01 12:00"));
    assert_eq!(import(&text, &BundledRules).unwrap(), data);
}
