//! All records of one device, the unit that storage, backups and the domain functions work on.

use crate::dose::DoseEvent;
use crate::medication::{DoseRules, Medication, Profile};
use crate::schedule::{Pattern, Schedule};
use crate::zone::{ZoneChange, ZoneHistory};
use crate::Id;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    #[serde(default)]
    pub profiles: Vec<Profile>,
    #[serde(default)]
    pub medications: Vec<Medication>,
    #[serde(default)]
    pub schedules: Vec<Schedule>,
    #[serde(default)]
    pub dose_events: Vec<DoseEvent>,
    #[serde(default)]
    pub zone_changes: Vec<ZoneChange>,
}

impl Dataset {
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
    /// on: `from`, less a day for doses logged ahead of time; `None` (all of them) while a schedule counts from
    /// the last dose taken, which may be any age.
    pub fn events_needed_from(&self, from: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let counts_from_last_dose = self
            .schedules
            .iter()
            .any(|s| !s.meta.deleted && matches!(s.pattern, Pattern::AfterLastDose { .. }));
        (!counts_from_last_dose).then(|| from - chrono::Duration::days(1))
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
    fn events_are_needed_from_a_day_early_unless_a_schedule_counts_from_the_last_dose() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let now = today.and_hms_opt(9, 0, 0).unwrap().and_utc();
        let mut data = crate::example::demo(today, now);
        assert!(!data
            .schedules
            .iter()
            .any(|s| matches!(s.pattern, Pattern::AfterLastDose { .. })));
        assert_eq!(
            data.events_needed_from(now),
            Some(now - chrono::Duration::days(1))
        );

        let mut after_last = data.schedules[0].clone();
        after_last.pattern = Pattern::AfterLastDose {
            interval_hours: 6,
            first: chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            amount: 1.0,
        };
        data.schedules.push(after_last);
        assert_eq!(data.events_needed_from(now), None);
        data.schedules.last_mut().unwrap().meta.deleted = true;
        assert_eq!(
            data.events_needed_from(now),
            Some(now - chrono::Duration::days(1))
        );
    }
}
