//! Medications and profiles: the mutable records a person edits.

use crate::limits::{
    Checks, MAX_DAYS, MAX_MISSED_WINDOW_MINUTES, MAX_ON_HAND, MAX_ON_TIME_MINUTES, MAX_REPEATS,
    MAX_REPEAT_EVERY_MINUTES,
};
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
    #[serde(deserialize_with = "crate::wire_time::one")]
    pub from: DateTime<Utc>,
    #[serde(default, deserialize_with = "crate::wire_time::opt")]
    pub until: Option<DateTime<Utc>>,
}

/// Stock on hand and when to warn. Taken doses after `counted_at` are subtracted from `on_hand`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stock {
    pub on_hand: f64,
    #[serde(deserialize_with = "crate::wire_time::one")]
    pub counted_at: DateTime<Utc>,
    /// Warn when this many days of supply or fewer are left.
    pub refill_at_days: u32,
    #[serde(default, deserialize_with = "crate::wire_time::opt")]
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
    #[serde(default, deserialize_with = "crate::wire_time::opt")]
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
    fn meta_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }
    fn cleared(&self) -> Self {
        Medication {
            meta: self.meta.clone(),
            name: String::new(),
            strength: String::new(),
            form: Form::Other,
            unit: String::new(),
            instructions: String::new(),
            conditions: Vec::new(),
            colour: String::new(),
            pauses: Vec::new(),
            ended_at: None,
            zone_policy: ZonePolicy::FollowLocal,
            stock: None,
            repeat: Repeat::default(),
        }
    }
    fn own_problems(&self) -> Vec<(String, String)> {
        self.problems()
            .into_iter()
            .map(|(field, message)| (field.to_owned(), message))
            .collect()
    }
    fn zones(&self) -> Vec<(&'static str, &str)> {
        match &self.zone_policy {
            ZonePolicy::Fixed { zone } => vec![("zone_policy.zone", zone)],
            ZonePolicy::FollowLocal => vec![],
        }
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

    /// Checks the medicine's own values against [`crate::limits`] (its zone and profile are checked by import,
    /// which knows the zone rules and the other records); each problem is a (field, message) pair.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut checks = Checks::default();
        checks.require(!self.name.trim().is_empty(), "name", "must not be empty");
        for pause in &self.pauses {
            checks.instant("pauses", pause.from);
            if let Some(until) = pause.until {
                checks.instant("pauses", until);
            }
        }
        if let Some(ended_at) = self.ended_at {
            checks.instant("ended_at", ended_at);
        }
        if let Some(stock) = &self.stock {
            checks.require(
                (0.0..=MAX_ON_HAND).contains(&stock.on_hand),
                "stock.on_hand",
                format_args!("must be from 0 to {MAX_ON_HAND}"),
            );
            checks.instant("stock.counted_at", stock.counted_at);
            checks.within("stock.refill_at_days", stock.refill_at_days, 0..=MAX_DAYS, "days");
            if let Some(expires_on) = stock.expires_on {
                checks.date("stock.expires_on", expires_on);
            }
        }
        checks.within(
            "repeat.every_minutes",
            self.repeat.every_minutes,
            0..=MAX_REPEAT_EVERY_MINUTES,
            "minutes",
        );
        checks.within("repeat.times", self.repeat.times, 0..=MAX_REPEATS, "");
        checks.into_vec()
    }

    /// Pauses the medicine from `now` until it is resumed. A paused or ended medicine is left as it is, so a
    /// second tap never opens a second pause.
    pub fn pause(&mut self, now: DateTime<Utc>) {
        if self.state() == MedicationState::Active {
            self.pauses.push(Pause {
                from: now,
                until: None,
            });
        }
    }

    /// Ends the open pause at `now` (never before it began, should the clock have gone back).
    pub fn resume(&mut self, now: DateTime<Utc>) {
        for pause in self.pauses.iter_mut().filter(|p| p.until.is_none()) {
            pause.until = Some(now.max(pause.from));
        }
    }

    /// No doses are due from `now` on; a pause still open ends then too. An ended medicine keeps its end.
    pub fn end(&mut self, now: DateTime<Utc>) {
        if self.ended_at.is_none() {
            self.resume(now);
            self.ended_at = Some(now);
        }
    }

    /// Whether doses due at `instant` are suspended by a pause or the end.
    pub fn is_suspended_at(&self, instant: DateTime<Utc>) -> bool {
        self.has_ended_at(instant) || self.is_paused_at(instant)
    }

    pub fn has_ended_at(&self, instant: DateTime<Utc>) -> bool {
        self.ended_at.is_some_and(|end| instant >= end)
    }

    pub fn is_paused_at(&self, instant: DateTime<Utc>) -> bool {
        self.pauses
            .iter()
            .any(|p| p.from <= instant && p.until.is_none_or(|until| instant < until))
    }
}

/// When a dose that was not acted on counts as missed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", try_from = "StoredCutoff")]
pub enum MissedCutoff {
    /// Missed once the next dose of the same medicine is due (or 24 hours pass if there is none).
    NextDose,
    /// Missed this many minutes after it was due.
    Window { minutes: u32 },
}

/// [`MissedCutoff`] as stored, `{"kind": ..., "minutes": ...}`, read as a plain struct: serde's internally
/// tagged enums buffer every field first, which in the app's first load cost more code than this whole type.
#[derive(Deserialize)]
struct StoredCutoff {
    kind: CutoffKind,
    #[serde(default)]
    minutes: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum CutoffKind {
    NextDose,
    Window,
}

impl TryFrom<StoredCutoff> for MissedCutoff {
    type Error = &'static str;

    fn try_from(stored: StoredCutoff) -> Result<Self, Self::Error> {
        match (stored.kind, stored.minutes) {
            (CutoffKind::NextDose, _) => Ok(MissedCutoff::NextDose),
            (CutoffKind::Window, Some(minutes)) => Ok(MissedCutoff::Window { minutes }),
            (CutoffKind::Window, None) => Err("missing field `minutes`"),
        }
    }
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
    #[serde(deserialize_with = "crate::wire_time::one")]
    pub start: chrono::NaiveTime,
    #[serde(deserialize_with = "crate::wire_time::one")]
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

impl Profile {
    /// Checks the person's own values against [`crate::limits`]; each problem is a (field, message) pair.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut checks = Checks::default();
        checks.require(
            self.meta.profile_id == self.meta.id,
            "profile_id",
            "must equal the profile's own id",
        );
        checks.require(!self.name.trim().is_empty(), "name", "must not be empty");
        checks.within(
            "rules.on_time_minutes",
            self.rules.on_time_minutes,
            0..=MAX_ON_TIME_MINUTES,
            "minutes",
        );
        if let MissedCutoff::Window { minutes } = self.rules.missed_cutoff {
            checks.within(
                "rules.missed_cutoff.minutes",
                minutes,
                0..=MAX_MISSED_WINDOW_MINUTES,
                "minutes",
            );
        }
        checks.into_vec()
    }
}

impl Record for Profile {
    fn meta(&self) -> &Meta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }
    fn cleared(&self) -> Self {
        Profile {
            meta: self.meta.clone(),
            name: String::new(),
            colour: String::new(),
            conditions: Vec::new(),
            rules: DoseRules::default(),
            quiet_hours: None,
        }
    }
    fn own_problems(&self) -> Vec<(String, String)> {
        self.problems()
            .into_iter()
            .map(|(field, message)| (field.to_owned(), message))
            .collect()
    }
}

/// Units Tend knows in both languages: (English one, English many, Spanish one, Spanish many). A stored unit
/// that is any of these is shown in the language chosen and in the number's form ("2 comprimidos"); any other
/// unit is shown as the person wrote it.
pub const UNITS: [[&str; 4]; 8] = [
    ["tablet", "tablets", "comprimido", "comprimidos"],
    ["capsule", "capsules", "cápsula", "cápsulas"],
    ["puff", "puffs", "inhalación", "inhalaciones"],
    ["drop", "drops", "gota", "gotas"],
    ["patch", "patches", "parche", "parches"],
    ["application", "applications", "aplicación", "aplicaciones"],
    ["dose", "doses", "dosis", "dosis"],
    ["ml", "ml", "ml", "ml"],
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hlc::Hlc;
    use crate::Id;

    fn at(hour: u32) -> DateTime<Utc> {
        format!("2026-03-01T{hour:02}:00:00Z").parse().unwrap()
    }

    fn medicine() -> Medication {
        Medication {
            meta: Meta {
                id: Id::from_u128(1),
                profile_id: Id::from_u128(0),
                stamp: Hlc::default(),
                deleted: false,
            },
            name: "Lisinopril".into(),
            strength: "10 mg".into(),
            form: Form::Tablet,
            unit: "tablet".into(),
            instructions: String::new(),
            conditions: vec![],
            colour: "#000".into(),
            pauses: vec![],
            ended_at: None,
            zone_policy: ZonePolicy::FollowLocal,
            stock: None,
            repeat: Repeat::default(),
        }
    }

    #[test]
    fn a_pause_suspends_doses_until_resumed_and_keeps_those_before_it() {
        let mut m = medicine();
        m.pause(at(8));
        assert_eq!(m.state(), MedicationState::Paused);
        assert!(!m.is_suspended_at(at(7)));
        assert!(m.is_suspended_at(at(20)));
        m.resume(at(12));
        assert_eq!(m.state(), MedicationState::Active);
        assert!(m.is_suspended_at(at(11)));
        assert!(!m.is_suspended_at(at(12)));
        assert_eq!(
            m.pauses,
            vec![Pause {
                from: at(8),
                until: Some(at(12))
            }]
        );
    }

    #[test]
    fn pausing_twice_opens_one_pause_and_an_ended_medicine_is_not_paused() {
        let mut m = medicine();
        m.pause(at(8));
        m.pause(at(9));
        assert_eq!(m.pauses.len(), 1);
        // Resuming with a clock that went back never makes a pause that ends before it began.
        m.resume(at(6));
        assert_eq!(m.pauses[0].until, Some(at(8)));
        m.end(at(10));
        m.pause(at(11));
        assert_eq!(m.pauses.len(), 1);
        assert_eq!(m.state(), MedicationState::Ended);
    }

    #[test]
    fn ending_closes_an_open_pause_and_keeps_the_first_end() {
        let mut m = medicine();
        m.pause(at(8));
        m.end(at(10));
        assert_eq!(m.state(), MedicationState::Ended);
        assert_eq!(m.pauses[0].until, Some(at(10)));
        assert!(m.is_suspended_at(at(10)));
        m.end(at(12));
        assert_eq!(m.ended_at, Some(at(10)));
    }

    #[test]
    fn a_missed_cutoff_reads_back_what_it_writes_and_names_a_missing_window() {
        for cutoff in [MissedCutoff::NextDose, MissedCutoff::Window { minutes: 90 }] {
            let text = serde_json::to_string(&cutoff).unwrap();
            assert_eq!(serde_json::from_str::<MissedCutoff>(&text).unwrap(), cutoff);
        }
        assert_eq!(
            serde_json::to_string(&MissedCutoff::Window { minutes: 90 }).unwrap(),
            r#"{"kind":"window","minutes":90}"#
        );
        let missing = serde_json::from_str::<MissedCutoff>(r#"{"kind":"window"}"#).unwrap_err();
        assert!(missing.to_string().contains("minutes"), "{missing}");
        assert!(serde_json::from_str::<MissedCutoff>(r#"{"kind":"weekly"}"#).is_err());
    }
}
