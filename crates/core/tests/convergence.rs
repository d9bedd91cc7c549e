//! Sync converges: three devices edit the same medicines and log and delete doses while pushes to the space's
//! log are shuffled, duplicated and dropped (then retried), pulls are lost and repeated, and devices reload from
//! storage. Once everyone has sent and pulled everything: every device holds the same records; no version the
//! log acknowledged is lost (merging it again changes nothing); and no edit disappears unseen (each overwritten
//! version was known to the writer of a newer one, or has the same content as a newer one, or was shown to the
//! person as a conflict).

mod common;
use common::*;
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};
use tend_core::dose::DoseAction;
use tend_core::hlc::{Hlc, HlcClock};
use tend_core::medication::Medication;
use tend_core::record::Record;
use tend_core::sync::{open, seal_plaintext, Incoming, Keep, SyncState};
use tend_core::zone::ZonePolicy;
use tend_core::{codec, Change, Dataset, Id, Kind};

const DEVICES: usize = 3;
const MEDICINES: [u128; 3] = [100, 101, 102];

#[derive(Clone, Debug)]
enum Op {
    Rename {
        device: usize,
        medicine: usize,
        name: u8,
    },
    Delete {
        device: usize,
        medicine: usize,
    },
    LogDose {
        device: usize,
    },
    DeleteDose {
        device: usize,
        pick: usize,
    },
    Resolve {
        device: usize,
        mine: bool,
    },
    Send {
        device: usize,
        copies: usize,
    },
    Deliver {
        pick: usize,
    },
    Drop {
        pick: usize,
    },
    Pull {
        device: usize,
        page: usize,
        lost: bool,
        from_start: bool,
    },
    Reload {
        device: usize,
    },
    Wait {
        device: usize,
        ms: u64,
    },
}

fn any_op() -> impl Strategy<Value = Op> {
    let device = 0..DEVICES;
    prop_oneof![
        4 => (device.clone(), 0..MEDICINES.len(), 0u8..4)
            .prop_map(|(device, medicine, name)| Op::Rename { device, medicine, name }),
        1 => (device.clone(), 0..MEDICINES.len()).prop_map(|(device, medicine)| Op::Delete { device, medicine }),
        2 => device.clone().prop_map(|device| Op::LogDose { device }),
        1 => (device.clone(), any::<usize>()).prop_map(|(device, pick)| Op::DeleteDose { device, pick }),
        1 => (device.clone(), any::<bool>()).prop_map(|(device, mine)| Op::Resolve { device, mine }),
        3 => (device.clone(), 1usize..3).prop_map(|(device, copies)| Op::Send { device, copies }),
        4 => any::<usize>().prop_map(|pick| Op::Deliver { pick }),
        1 => any::<usize>().prop_map(|pick| Op::Drop { pick }),
        4 => (device.clone(), 1usize..6, prop::bool::weighted(0.2), prop::bool::weighted(0.1))
            .prop_map(|(device, page, lost, from_start)| Op::Pull { device, page, lost, from_start }),
        1 => device.clone().prop_map(|device| Op::Reload { device }),
        2 => (device, 0u64..3).prop_map(|(device, ms)| Op::Wait { device, ms }),
    ]
}

/// A version a device wrote, and the versions (by stamp) it knew of then.
struct Written {
    kind: Kind,
    id: Id,
    stamp: Hlc,
    bytes: Vec<u8>,
    knew: HashSet<Hlc>,
}

struct Device {
    node: u64,
    data: Dataset,
    sync: SyncState,
    clock: HlcClock,
    now: u64,
    /// Every version merged here, own or received: what this device knows.
    known: HashSet<Hlc>,
    made: u128,
}

struct World {
    devices: Vec<Device>,
    /// The space's log on the server: (mutation, plaintext); a sequence number is its index plus one.
    log: Vec<(Id, Vec<u8>)>,
    logged: HashSet<Id>,
    in_flight: Vec<Vec<(Id, Vec<u8>)>>,
    written: Vec<Written>,
    /// The conflicts shown to someone, as the stamps of (mine, theirs).
    shown: Vec<(Hlc, Hlc)>,
}

fn stamp_of(kind: Kind, bytes: &[u8]) -> Hlc {
    let mut change = Change::default();
    change.records_mut(kind).push_bytes(bytes).unwrap().stamp
}

/// A medicine's bytes with its stamp cleared, to compare contents.
fn content(bytes: &[u8]) -> Vec<u8> {
    let mut medicine: Medication = codec::decode(bytes).unwrap();
    medicine.meta.stamp = Hlc::default();
    codec::encode(&medicine)
}

impl World {
    fn new() -> World {
        let mut base = Dataset::default();
        base.profiles.push(profile(Default::default()));
        for id in MEDICINES {
            base.medications.push(medication(id, ZonePolicy::FollowLocal));
        }
        let known: HashSet<Hlc> = [Hlc::default()].into();
        let devices = (0..DEVICES as u64)
            .map(|node| Device {
                node,
                data: base.clone(),
                sync: SyncState::default(),
                clock: HlcClock::new(node),
                now: 1_000,
                known: known.clone(),
                made: 0,
            })
            .collect();
        World {
            devices,
            log: Vec::new(),
            logged: HashSet::new(),
            in_flight: Vec::new(),
            written: Vec::new(),
            shown: Vec::new(),
        }
    }

    /// A local action: merged here, queued, and remembered with what the device knew.
    fn write(&mut self, device: usize, change: Change) {
        let d = &mut self.devices[device];
        d.data.merge(&change);
        let (node, made) = (d.node, &mut d.made);
        d.sync.queue(&change, || {
            *made += 1;
            Id::from_u128((u128::from(node) << 64) | (1 << 63) | *made)
        });
        for kind in Kind::ALL {
            let records = change.records(kind);
            for i in 0..records.len() {
                let stamp = records.meta(i).stamp;
                self.written.push(Written {
                    kind,
                    id: records.meta(i).id,
                    stamp,
                    bytes: records.to_bytes(i),
                    knew: d.known.clone(),
                });
                d.known.insert(stamp);
            }
        }
    }

    /// The device's version of one of the shared medicines, unless it is deleted there.
    fn live_medicine(&self, device: usize, medicine: usize) -> Option<Medication> {
        let id = Id::from_u128(MEDICINES[medicine]);
        let current = self.devices[device].data.medication(id);
        current.filter(|m| !m.meta.deleted).cloned()
    }

    fn write_medicine(&mut self, device: usize, medicine: Medication) {
        let change = Change {
            medications: vec![medicine],
            ..Change::default()
        };
        self.write(device, change);
    }

    fn stamp(&mut self, device: usize) -> Hlc {
        let d = &mut self.devices[device];
        d.now += 1;
        d.clock.tick(d.now)
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::Rename {
                device,
                medicine,
                name,
            } => {
                let Some(current) = self.live_medicine(device, medicine) else {
                    return;
                };
                let stamp = self.stamp(device);
                let mut renamed = Medication {
                    name: format!("Medicine {name}"),
                    ..current
                };
                renamed.meta.stamp = stamp;
                self.write_medicine(device, renamed);
            }
            Op::Delete { device, medicine } => {
                let Some(current) = self.live_medicine(device, medicine) else {
                    return;
                };
                let stamp = self.stamp(device);
                self.write_medicine(device, current.tombstone(stamp));
            }
            Op::LogDose { device } => {
                let stamp = self.stamp(device);
                let d = &mut self.devices[device];
                d.made += 1;
                let at = utc("2026-06-01 08:00") + chrono::Duration::minutes(d.made as i64);
                let mut dose = event(0, MEDICINES[0], None, DoseAction::Taken { at, amount: 1.0 }, at);
                dose.meta.id = Id::from_u128((u128::from(d.node) << 64) | d.made);
                dose.meta.stamp = stamp;
                self.write(
                    device,
                    Change {
                        dose_events: vec![dose],
                        ..Change::default()
                    },
                );
            }
            Op::DeleteDose { device, pick } => {
                let doses: Vec<_> = self.devices[device]
                    .data
                    .dose_events
                    .iter()
                    .filter(|e| !e.meta.deleted)
                    .cloned()
                    .collect();
                if doses.is_empty() {
                    return;
                }
                let stamp = self.stamp(device);
                let tombstone = doses[pick % doses.len()].tombstone(stamp);
                self.write(
                    device,
                    Change {
                        dose_events: vec![tombstone],
                        ..Change::default()
                    },
                );
            }
            Op::Resolve { device, mine } => {
                let Some(conflict) = self.devices[device].sync.conflicts.first().map(|c| c.id) else {
                    return;
                };
                let stamp = self.stamp(device);
                let keep = if mine { Keep::Mine } else { Keep::Theirs };
                let change = self.devices[device].sync.resolve(conflict, keep, stamp).unwrap();
                self.write(device, change);
            }
            Op::Send { device, copies } => {
                let batch: Vec<(Id, Vec<u8>)> = self.devices[device]
                    .sync
                    .outbox
                    .iter()
                    .map(|o| (o.mutation, seal_plaintext(o.kind, &o.bytes).unwrap()))
                    .collect();
                if !batch.is_empty() {
                    self.in_flight.extend(std::iter::repeat_n(batch, copies));
                }
            }
            Op::Deliver { pick } => {
                if self.in_flight.is_empty() {
                    return;
                }
                let batch = self.in_flight.remove(pick % self.in_flight.len());
                for (mutation, plaintext) in batch {
                    if self.logged.insert(mutation) {
                        self.log.push((mutation, plaintext));
                    }
                }
            }
            Op::Drop { pick } => {
                if !self.in_flight.is_empty() {
                    self.in_flight.remove(pick % self.in_flight.len());
                }
            }
            Op::Pull {
                device,
                page,
                lost,
                from_start,
            } => {
                let d = &mut self.devices[device];
                let after = if from_start { 0 } else { d.sync.cursor as usize };
                if lost {
                    return;
                }
                let entries: Vec<Incoming> = (self.log.iter().enumerate().skip(after).take(page))
                    .map(|(i, (mutation, plaintext))| Incoming {
                        seq: i as i64 + 1,
                        mutation: *mutation,
                        plaintext: Some(plaintext),
                    })
                    .collect();
                let cursor = d.sync.cursor;
                let received = d.sync.receive_page(&mut d.data, &entries);
                assert_eq!(received.newer, None);
                for entry in entries.iter().filter(|e| e.seq > cursor) {
                    let (kind, bytes) = open(entry.plaintext.unwrap()).unwrap();
                    let stamp = stamp_of(kind, bytes);
                    d.known.insert(stamp);
                    d.now += 1;
                    d.clock.observe(stamp, d.now);
                }
                for conflict in received.found {
                    let pair = (
                        stamp_of(conflict.kind, &conflict.mine),
                        stamp_of(conflict.kind, &conflict.theirs),
                    );
                    self.shown.push(pair);
                }
            }
            Op::Reload { device } => {
                // What storage gives back: every record from its binary form, merged into an empty set; the
                // outbox, cursor and conflicts as stored; a clock resumed from the newest stamp stored.
                let d = &mut self.devices[device];
                let mut stored = Change::default();
                for kind in Kind::ALL {
                    let records = d.data.records(kind);
                    for i in 0..records.len() {
                        stored.records_mut(kind).push_bytes(&records.to_bytes(i)).unwrap();
                    }
                }
                d.data = Dataset::default();
                d.data.merge(&stored);
                d.clock = HlcClock::resume(d.node, d.data.newest_stamp());
            }
            Op::Wait { device, ms } => self.devices[device].now += ms,
        }
    }

    /// Everyone sends everything, every push arrives once, everyone pulls to the end.
    fn settle(&mut self) {
        for device in 0..DEVICES {
            self.apply(&Op::Send { device, copies: 1 });
        }
        while !self.in_flight.is_empty() {
            self.apply(&Op::Deliver { pick: 0 });
        }
        for device in 0..DEVICES {
            self.apply(&Op::Pull {
                device,
                page: usize::MAX,
                lost: false,
                from_start: false,
            });
        }
    }
}

fn check(world: &World) -> Result<(), TestCaseError> {
    let first = &world.devices[0].data;
    for device in &world.devices {
        prop_assert!(
            device.sync.outbox.is_empty(),
            "device {} still has unsent versions",
            device.node
        );
        prop_assert_eq!(&device.data, first, "device {} differs", device.node);
    }
    // Nothing the log acknowledged is lost: merging any entry again changes nothing anywhere.
    for (mutation, plaintext) in &world.log {
        let (kind, bytes) = open(plaintext).unwrap();
        let mut change = Change::default();
        change.records_mut(kind).push_bytes(bytes).unwrap();
        let mut data = first.clone();
        prop_assert_eq!(
            data.merge(&change),
            Change::default(),
            "entry {:?} was lost",
            mutation
        );
    }
    // Every conflict shown is real: neither version's writer knew of the other.
    let knew = |writer: Hlc, other: Hlc| {
        world
            .written
            .iter()
            .any(|w| w.stamp == writer && w.knew.contains(&other))
    };
    for &(mine, theirs) in &world.shown {
        prop_assert!(
            !knew(mine, theirs) && !knew(theirs, mine),
            "a conflict of {:?} and {:?} that was none",
            mine,
            theirs
        );
    }
    // No edit of a medicine disappears unseen.
    let mut by_id: HashMap<Id, Vec<&Written>> = HashMap::new();
    for w in world.written.iter().filter(|w| w.kind == Kind::Medication) {
        by_id.entry(w.id).or_default().push(w);
    }
    for versions in by_id.values() {
        for e in versions {
            let winner = first
                .medications
                .iter()
                .find(|m| m.meta.id == e.id)
                .unwrap()
                .meta
                .stamp;
            let covered = e.stamp == winner
                || world
                    .shown
                    .iter()
                    .any(|&(mine, theirs)| e.stamp == mine || e.stamp == theirs)
                || versions.iter().any(|v| {
                    v.stamp > e.stamp && (v.knew.contains(&e.stamp) || content(&v.bytes) == content(&e.bytes))
                });
            prop_assert!(
                covered,
                "the edit stamped {:?} of {:?} disappeared without being shown",
                e.stamp,
                e.id
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn devices_converge_lose_nothing_and_show_every_concurrent_edit(
        rounds in prop::collection::vec(prop::collection::vec(any_op(), 0..40), 1..4)
    ) {
        let mut world = World::new();
        for round in &rounds {
            for op in round {
                world.apply(op);
            }
            // Reloads between rounds, then everyone catches up.
            for device in 0..DEVICES {
                world.apply(&Op::Reload { device });
            }
            world.settle();
            check(&world)?;
        }
    }
}

#[test]
fn the_same_medicine_renamed_on_two_devices_is_shown_on_the_second_and_resolved_once() {
    let mut world = World::new();
    world.apply(&Op::Rename {
        device: 0,
        medicine: 0,
        name: 1,
    });
    world.apply(&Op::Rename {
        device: 1,
        medicine: 0,
        name: 2,
    });
    world.settle();
    let conflicts: Vec<usize> = world.devices.iter().map(|d| d.sync.conflicts.len()).collect();
    assert_eq!(
        conflicts,
        [0, 1, 0],
        "the device whose push the log numbered second sees the choice"
    );
    let conflict = &world.devices[1].sync.conflicts[0];
    let name = |bytes: &[u8]| codec::decode::<Medication>(bytes).unwrap().name;
    assert_eq!(
        (name(&conflict.mine), name(&conflict.theirs)),
        ("Medicine 2".into(), "Medicine 1".into())
    );
    world.apply(&Op::Resolve {
        device: 1,
        mine: false,
    });
    world.settle();
    for device in &world.devices {
        let kept = device.data.medication(Id::from_u128(MEDICINES[0])).unwrap();
        assert_eq!(kept.name, "Medicine 1");
        assert!(device.sync.conflicts.is_empty());
    }
}

#[test]
fn the_same_edit_on_two_devices_is_no_conflict() {
    let mut world = World::new();
    world.apply(&Op::Rename {
        device: 0,
        medicine: 1,
        name: 3,
    });
    world.apply(&Op::Rename {
        device: 2,
        medicine: 1,
        name: 3,
    });
    world.settle();
    assert!(world.devices.iter().all(|d| d.sync.conflicts.is_empty()));
}

#[test]
fn plaintext_is_padded_to_its_bucket_and_damage_is_refused() {
    for (length, bucket) in [(0, 64), (62, 64), (63, 128), (200, 256), (255, 512), (700, 1024)] {
        let bytes = vec![7u8; length];
        let sealed = seal_plaintext(Kind::Schedule, &bytes).unwrap();
        assert_eq!(sealed.len(), bucket, "{length}");
        assert_eq!(open(&sealed).unwrap(), (Kind::Schedule, &bytes[..]));
    }
    assert!(seal_plaintext(Kind::Profile, &[0; 16 * 1024]).is_none());
    for damaged in [vec![], vec![0; 64], vec![9, 0x80], vec![1, 2, 3]] {
        assert!(open(&damaged).is_err(), "{damaged:?}");
    }
    let mut state = SyncState::default();
    let mut data = Dataset::default();
    let damaged = Incoming {
        seq: 1,
        mutation: Id::from_u128(1),
        plaintext: Some(&[0, 1, 0x80]),
    };
    assert!(state.receive_page(&mut data, &[damaged]).newer.is_some());
    assert_eq!(state.cursor, 0, "a damaged entry is read again next time");
}

#[test]
fn own_versions_come_back_unopened_and_an_unreadable_entry_is_skipped_for_good() {
    let mut world = World::new();
    world.apply(&Op::Rename {
        device: 0,
        medicine: 0,
        name: 1,
    });
    let d = &mut world.devices[0];
    let mine = d.sync.outbox[0].mutation;
    let before = d.data.clone();
    let page = [
        Incoming {
            seq: 1,
            mutation: mine,
            plaintext: None,
        },
        Incoming {
            seq: 2,
            mutation: Id::from_u128(7),
            plaintext: None,
        },
    ];
    let received = d.sync.receive_page(&mut d.data, &page);
    assert_eq!((received.unreadable, received.newer), (1, None));
    assert_eq!(received.changed, Change::default());
    assert!(received.found.is_empty());
    assert!(d.sync.outbox.is_empty(), "back from the log");
    assert_eq!((d.sync.cursor, &d.data), (2, &before));
    let again = d.sync.receive_page(&mut d.data, &page);
    assert_eq!(again.unreadable, 0, "a repeat changes nothing");
}
