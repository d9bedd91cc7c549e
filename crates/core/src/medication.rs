//! Medications and profiles: the mutable records a person edits.

use crate::record::{Meta, Record};
use crate::zone::ZonePolicy;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    Tablet,
    Capsule,
    Liquid,
    Inhaler,
    Injection,
    Patch,
    Drops,
    Cream,
    Other,
}

/// Derived from the pause and end instants, so a pause never turns the doses before it into misses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MedicationState {
    Active,
    Paused,
    Ended,
}

/// No doses are due from `from` until `until` (open while the medicine stays paused).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pause {
    pub from: DateTime<Utc>,
    #[serde(default)]
    pub until: Option<DateTime<Utc>>,
}

/// Stock on hand and when to warn. Taken doses after `counted_at` are subtracted from `on_hand`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stock {
    pub on_hand: f64,
    pub counted_at: DateTime<Utc>,
    /// Warn when this many days of supply or fewer are left.
    pub refill_at_days: u32,
    #[serde(default)]
    pub expires_on: Option<chrono::NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Medication {
    #[serde(flatten)]
    pub meta: Meta,
    pub name: String,
    /// As printed on the label, for example "10 mg".
    #[serde(default)]
    pub strength: String,
    pub form: Form,
    /// The unit a dose is counted in, for example "tablet" or "puff".
    pub unit: String,
    /// The prescriber's instructions as written, for example "with food".
    #[serde(default)]
    pub instructions: String,
    /// Condition ids from the education library, for example "high-blood-pressure".
    #[serde(default)]
    pub conditions: Vec<String>,
    /// A CSS colour the person chose, shown beside the name (never the only signal).
    pub colour: String,
    #[serde(default)]
    pub pauses: Vec<Pause>,
    /// No doses are due from this instant on.
    #[serde(default)]
    pub ended_at: Option<DateTime<Utc>>,
    pub zone_policy: ZonePolicy,
    #[serde(default)]
    pub stock: Option<Stock>,
    /// Reminding again while a dose is not acted on.
    #[serde(default)]
    pub repeat: Repeat,
}

impl Record for Medication {
    fn meta(&self) -> &Meta {
        &self.meta
    }
}

impl Medication {
    pub fn state(&self) -> MedicationState {
        if self.ended_at.is_some() {
            MedicationState::Ended
        } else if self.pauses.iter().any(|p| p.until.is_none()) {
            MedicationState::Paused
        } else {
            MedicationState::Active
        }
    }

    /// Whether doses due at `instant` are suspended by a pause or the end.
    pub fn is_suspended_at(&self, instant: DateTime<Utc>) -> bool {
        self.ended_at.is_some_and(|end| instant >= end)
            || self
                .pauses
                .iter()
                .any(|p| p.from <= instant && p.until.is_none_or(|until| instant < until))
    }
}

/// When a dose that was not acted on counts as missed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum MissedCutoff {
    /// Missed once the next dose of the same medicine is due (or 24 hours pass if there is none).
    NextDose,
    /// Missed this many minutes after it was due.
    Window { minutes: u32 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DoseRules {
    /// A dose taken within this many minutes of its due time, either side, is on time.
    pub on_time_minutes: u32,
    pub missed_cutoff: MissedCutoff,
}

impl Default for DoseRules {
    fn default() -> Self {
        DoseRules {
            on_time_minutes: 60,
            missed_cutoff: MissedCutoff::NextDose,
        }
    }
}

/// A person on this device. `meta.profile_id` equals `meta.id`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    #[serde(flatten)]
    pub meta: Meta,
    pub name: String,
    pub colour: String,
    #[serde(default)]
    pub conditions: Vec<String>,
    #[serde(default)]
    pub rules: DoseRules,
    /// Reminders in these hours are silent and not repeated.
    #[serde(default)]
    pub quiet_hours: Option<QuietHours>,
}

/// Remind again every `every_minutes` until the dose is acted on, at most `times` more times (0: never).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repeat {
    pub every_minutes: u32,
    pub times: u32,
}

/// Local hours from `start` to `end`; an end before the start means overnight (22:00 to 07:00).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuietHours {
    pub start: chrono::NaiveTime,
    pub end: chrono::NaiveTime,
}

impl QuietHours {
    pub fn contains(&self, time: chrono::NaiveTime) -> bool {
        if self.start <= self.end {
            self.start <= time && time < self.end
        } else {
            time >= self.start || time < self.end
        }
    }
}

impl Record for Profile {
    fn meta(&self) -> &Meta {
        &self.meta
    }
}
