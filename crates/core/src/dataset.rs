//! All records of one device, the unit that storage, backups and the domain functions work on.

use crate::checkin::CheckIn;
use crate::dose::{effective, DoseAction, DoseEvent};
use crate::fast_hash::FastSet;
use crate::goal::Goal;
use crate::hlc::Hlc;
use crate::inventory::Refill;
use crate::measure::Measurement;
use crate::medication::{DoseRules, Medication, Profile};
use crate::record::{merge_records, record_kinds, EachKind, Meta, Record};
use crate::schedule::{Pattern, Schedule};
use crate::zone::{ZoneChange, ZoneHistory};
use crate::Id;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

record_kinds! {
    Profile: Profile, profiles, "profile", LastWriterWins;
    Medication: Medication, medications, "medication", LastWriterWins;
    Schedule: Schedule, schedules, "schedule", LastWriterWins;
    DoseEvent: DoseEvent, dose_events, "dose event", Fact;
    ZoneChange: ZoneChange, zone_changes, "zone change", Fact;
    Goal: Goal, goals, "goal", LastWriterWins;
    CheckIn: CheckIn, check_ins, "check-in", LastWriterWins;
    Measurement: Measurement, measurements, "measurement", LastWriterWins;
    Refill: Refill, refills, "refill", LastWriterWins;
}

/// A batch of new versions of records (new records, edits, tombstones): one user action, or what another tab or
/// device sent. Merged into the records with [`Dataset::merge`].
pub type Change = Dataset;

impl Dataset {
    /// Merges a change in: for each id the version its kind's [`crate::record::Rule`] picks. Commutative,
    /// associative and idempotent. Returns the versions that won, the part of `change` that changed anything.
    pub fn merge(&mut self, change: &Change) -> Change {
        let mut changed = Change::default();
        for kind in Kind::ALL {
            merge_records(
                self.records_mut(kind),
                change.records(kind),
                changed.records_mut(kind),
            );
        }
        changed
    }

    /// Tombstones for every record of the person that is not deleted yet, stamped `stamp`: merged in, they
    /// delete the person's data here, and wherever the change travels.
    pub fn tombstones(&self, profile_id: Id, stamp: Hlc) -> Change {
        struct Tombstones<'a> {
            data: &'a Dataset,
            profile_id: Id,
            stamp: Hlc,
            change: Change,
        }
        impl EachKind for Tombstones<'_> {
            fn visit<R: Record>(&mut self) {
                let live = R::of(self.data)
                    .iter()
                    .filter(|r| r.meta().profile_id == self.profile_id && !r.meta().deleted);
                *R::of_mut(&mut self.change) = live.map(|r| r.tombstone(self.stamp)).collect();
            }
        }
        let mut tombstones = Tombstones {
            data: self,
            profile_id,
            stamp,
            change: Change::default(),
        };
        Dataset::each_kind(&mut tombstones);
        tombstones.change
    }

    /// The one person of a device nothing was done on yet (the app makes a first person on first use): the
    /// only live profile, with nothing recorded but where it is (zone changes). A device joining a space with
    /// such a dataset takes the space's people instead of adding this one to every device.
    pub fn untouched_person(&self) -> Option<Id> {
        let mut live = self.profiles.iter().filter(|p| !p.meta.deleted);
        let person = live.next()?.meta.id;
        let used = Kind::ALL
            .into_iter()
            .filter(|kind| !matches!(kind, Kind::Profile | Kind::ZoneChange))
            .any(|kind| {
                let records = self.records(kind);
                (0..records.len()).any(|i| !records.meta(i).deleted)
            });
        (live.next().is_none() && !used).then_some(person)
    }

    /// Every record's header, kind by kind.
    pub fn metas(&self) -> impl Iterator<Item = &Meta> {
        Kind::ALL.into_iter().flat_map(move |kind| {
            let records = self.records(kind);
            (0..records.len()).map(move |i| records.meta(i))
        })
    }

    /// The newest stamp of any record (the default stamp if there are none).
    pub fn newest_stamp(&self) -> Hlc {
        self.metas().map(|m| m.stamp).max().unwrap_or_default()
    }

    pub fn medication(&self, id: Id) -> Option<&Medication> {
        self.medications
            .iter()
            .find(|m| m.meta.id == id && !m.meta.deleted)
    }

    pub fn profile(&self, id: Id) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.meta.id == id && !p.meta.deleted)
    }

    pub fn rules_for(&self, profile_id: Id) -> DoseRules {
        self.profile(profile_id).map(|p| p.rules).unwrap_or_default()
    }

    /// From when dose events must be read (by the time they were recorded) to know every dose due from `from`
    /// on and every medicine's stock on hand: `from`, or a medicine's last stock count if older (the doses
    /// taken since come off it), less a day for doses logged ahead of time. A schedule that counts from the last
    /// dose taken may need older ones too: see [`Dataset::misses_last_doses`].
    pub fn events_needed_from(&self, from: DateTime<Utc>) -> DateTime<Utc> {
        let oldest_count = self
            .medications
            .iter()
            .filter(|m| !m.meta.deleted)
            .filter_map(|m| m.stock.as_ref().map(|stock| stock.counted_at))
            .min();
        let from = oldest_count.map_or(from, |counted| counted.min(from));
        from - chrono::Duration::days(1)
    }

    /// Whether events older than those held (which were read back to `read_from`) may hold the last dose taken
    /// before `from` of a schedule that counts from the last dose: its doses from `from` on follow from that
    /// one. So: such a schedule has no dose taken before `from` among the events held, and began before
    /// `read_from` (two days' margin, as its start is a local date).
    pub fn misses_last_doses(&self, from: DateTime<Utc>, read_from: DateTime<Utc>) -> bool {
        let before = from.naive_utc();
        let taken: FastSet<Id> = effective(&self.dose_events)
            .filter(|e| matches!(e.action, DoseAction::Taken { .. }))
            .filter_map(|e| e.occurrence)
            .filter(|key| key.slot < before)
            .map(|key| key.schedule_id)
            .collect();
        let read_since = read_from.date_naive();
        self.schedules.iter().any(|s| {
            !s.meta.deleted
                && matches!(s.pattern, Pattern::AfterLastDose { .. })
                && s.start < read_since + chrono::Duration::days(2)
                && !taken.contains(&s.meta.id)
        })
    }

    pub fn schedules_of(&self, medication_id: Id) -> impl Iterator<Item = &Schedule> {
        self.schedules
            .iter()
            .filter(move |s| s.medication_id == medication_id && !s.meta.deleted)
    }
}

/// Which zone follow-local medicines use, per profile.
#[derive(Clone, Debug)]
pub struct ZoneContext {
    histories: HashMap<Id, ZoneHistory>,
    fallback: ZoneHistory,
}

impl ZoneContext {
    /// Every profile in one zone for all time: the device's current zone, or a zone asked for on the CLI.
    pub fn single(zone: &str) -> Self {
        ZoneContext {
            histories: HashMap::new(),
            fallback: ZoneHistory::fixed(zone),
        }
    }

    /// Each profile's recorded zone changes; profiles with none use `fallback_zone`.
    pub fn recorded(data: &Dataset, fallback_zone: &str) -> Self {
        let mut by_profile: HashMap<Id, Vec<&ZoneChange>> = HashMap::new();
        for change in &data.zone_changes {
            by_profile.entry(change.meta.profile_id).or_default().push(change);
        }
        let histories = by_profile
            .into_iter()
            .filter_map(|(profile, changes)| Some((profile, ZoneHistory::from_changes(changes)?)))
            .collect();
        ZoneContext {
            histories,
            fallback: ZoneHistory::fixed(fallback_zone),
        }
    }

    pub fn history(&self, profile_id: Id) -> &ZoneHistory {
        self.histories.get(&profile_id).unwrap_or(&self.fallback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_person_is_untouched_until_a_medicine_or_a_dose_is_added_or_another_person_is() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let now = today.and_hms_opt(9, 0, 0).unwrap().and_utc();
        let demo = crate::example::synthetic(1, 7, now, "Europe/London", &crate::zone::BundledRules).unwrap();
        let mut data = Dataset {
            profiles: demo.profiles[..1].to_vec(),
            zone_changes: demo.zone_changes.clone(),
            ..Dataset::default()
        };
        let first = data.profiles[0].meta.id;
        assert_eq!(data.untouched_person(), Some(first));
        assert_eq!(Dataset::default().untouched_person(), None);

        let mut with_medicine = data.clone();
        with_medicine.medications = demo.medications[..1].to_vec();
        assert_eq!(with_medicine.untouched_person(), None);
        with_medicine.medications[0].meta.deleted = true;
        assert_eq!(with_medicine.untouched_person(), Some(first));

        let mut with_dose = data.clone();
        with_dose.dose_events = demo.dose_events[..1].to_vec();
        assert_eq!(with_dose.untouched_person(), None);

        let mut second = demo.profiles[0].clone();
        second.meta.id = Id::from_u128(77);
        data.profiles.push(second);
        assert_eq!(data.untouched_person(), None);
    }

    #[test]
    fn events_are_needed_from_a_day_early() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let now = today.and_hms_opt(9, 0, 0).unwrap().and_utc();
        let mut data = crate::example::demo(today, now);
        for medication in &mut data.medications {
            medication.stock = None;
        }
        assert_eq!(data.events_needed_from(now), now - chrono::Duration::days(1));
    }

    #[test]
    fn a_schedule_counting_from_the_last_dose_needs_older_events_until_one_taken_before_is_held() {
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let now = NaiveDate::from_ymd_opt(2026, 3, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
            .and_utc();
        let mut data = crate::example::demo(start, now);
        data.dose_events.clear();
        let week_ago = now - chrono::Duration::days(7);
        assert!(!data.misses_last_doses(week_ago, week_ago - chrono::Duration::days(1)));

        let mut after_last = data.schedules[0].clone();
        after_last.meta.id = Id::from_u128(99);
        after_last.pattern = Pattern::AfterLastDose {
            interval_hours: 6,
            first: chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            amount: 1.0,
        };
        data.schedules.push(after_last.clone());
        // Begun before what was read, with no dose taken among it: older events may hold the last one.
        assert!(data.misses_last_doses(week_ago, week_ago - chrono::Duration::days(1)));
        // Begun after it: there is nothing older to find.
        assert!(!data.misses_last_doses(
            week_ago,
            NaiveDate::from_ymd_opt(2025, 12, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap()
                .and_utc()
        ));
        // A dose taken before `from` is held: that is the last one that matters.
        let slot = week_ago.naive_utc() - chrono::Duration::hours(3);
        let event = |n: u128, action| DoseEvent {
            meta: Meta {
                id: Id::from_u128(n),
                profile_id: after_last.meta.profile_id,
                stamp: Hlc::default(),
                deleted: false,
            },
            medication_id: after_last.medication_id,
            occurrence: Some(crate::dose::OccurrenceKey {
                schedule_id: after_last.meta.id,
                slot,
            }),
            action,
            recorded_at: week_ago,
            zone: "UTC".into(),
            supersedes: None,
        };
        data.dose_events.push(event(
            1,
            DoseAction::Skipped {
                reason: String::new(),
            },
        ));
        assert!(data.misses_last_doses(week_ago, week_ago - chrono::Duration::days(1)));
        data.dose_events.push(event(
            2,
            DoseAction::Taken {
                at: week_ago - chrono::Duration::hours(3),
                amount: 1.0,
            },
        ));
        assert!(!data.misses_last_doses(week_ago, week_ago - chrono::Duration::days(1)));
        // ... but not one taken from `from` on.
        assert!(data.misses_last_doses(
            week_ago - chrono::Duration::days(1),
            week_ago - chrono::Duration::days(2)
        ));
        // Nor one since withdrawn.
        let mut retracted = event(3, DoseAction::Retracted);
        retracted.supersedes = Some(Id::from_u128(2));
        data.dose_events.push(retracted);
        assert!(data.misses_last_doses(week_ago, week_ago - chrono::Duration::days(1)));
        // A deleted schedule needs nothing.
        data.schedules.last_mut().unwrap().meta.deleted = true;
        assert!(!data.misses_last_doses(week_ago, week_ago - chrono::Duration::days(1)));
    }

    #[test]
    fn events_are_needed_back_to_the_oldest_stock_count_of_a_medicine_kept() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let now = today.and_hms_opt(9, 0, 0).unwrap().and_utc();
        let mut data = crate::example::demo(today, now);
        let counted = now - chrono::Duration::days(40);
        for (n, medication) in data.medications.iter_mut().enumerate() {
            medication.stock = Some(crate::medication::Stock {
                on_hand: 30.0,
                counted_at: counted + chrono::Duration::days(n as i64),
                refill_at_days: 7,
                expires_on: None,
            });
        }
        assert_eq!(data.events_needed_from(now), counted - chrono::Duration::days(1));
        // A deleted medicine's count does not matter; a count newer than `from` does not move it.
        data.medications[0].meta.deleted = true;
        assert_eq!(data.events_needed_from(now), counted);
        assert_eq!(
            data.events_needed_from(counted - chrono::Duration::days(10)),
            counted - chrono::Duration::days(11)
        );
    }
}
