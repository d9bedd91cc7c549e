//! All records of one device, the unit that storage, backups and the domain functions work on.

use crate::dose::DoseEvent;
use crate::medication::{DoseRules, Medication, Profile};
use crate::schedule::Schedule;
use crate::zone::{ZoneChange, ZoneHistory};
use crate::Id;
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
