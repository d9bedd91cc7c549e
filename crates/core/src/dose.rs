//! Dose events: append-only facts about what happened to a dose. Nothing is ever overwritten: a correction is a
//! new event that supersedes an earlier one, so the full record of what was logged, and when, survives.

use crate::record::{Meta, Record};
use crate::Id;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use crate::hlc::Hlc;
use crate::fast_hash::FastSet;
use std::collections::BTreeMap;

/// Which scheduled dose an event is about: the schedule and the slot's scheduled wall-clock time (for interval
/// schedules, the slot's UTC time). Stable when the person changes zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OccurrenceKey {
    pub schedule_id: Id,
    pub slot: NaiveDateTime,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum DoseAction {
    Taken { at: DateTime<Utc>, amount: f64 },
    Skipped {
        #[serde(default)]
        reason: String,
    },
    Snoozed { until: DateTime<Utc> },
    Note { text: String },
    /// Withdraws the superseded event (an undo, or "I logged the wrong medicine").
    Retracted,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DoseEvent {
    #[serde(flatten)]
    pub meta: Meta,
    pub medication_id: Id,
    /// The scheduled dose this is about; `None` for an as-needed dose or an extra one.
    #[serde(default)]
    pub occurrence: Option<OccurrenceKey>,
    pub action: DoseAction,
    /// When the person logged it (differs from `Taken::at` when logged afterwards).
    pub recorded_at: DateTime<Utc>,
    /// The zone the device was in when it was logged, for showing local times later.
    pub zone: String,
    /// The event this one corrects or withdraws.
    #[serde(default)]
    pub supersedes: Option<Id>,
}

impl Record for DoseEvent {
    fn meta(&self) -> &Meta {
        &self.meta
    }
}

impl DoseEvent {
    pub fn taken_at(&self) -> Option<DateTime<Utc>> {
        match self.action {
            DoseAction::Taken { at, .. } => Some(at),
            _ => None,
        }
    }
}

/// The events still in force: not deleted, not superseded, not retractions. Events keep their input order.
pub fn effective(events: &[DoseEvent]) -> impl Iterator<Item = &DoseEvent> {
    let superseded: FastSet<Id> = events.iter().filter(|e| !e.meta.deleted).filter_map(|e| e.supersedes).collect();
    events
        .iter()
        .filter(move |e| !e.meta.deleted && !superseded.contains(&e.meta.id))
        .filter(|e| e.action != DoseAction::Retracted)
}

/// What the events in force say about one scheduled dose; among events of one kind the newest stamp wins.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SlotEvents {
    pub taken: Option<(Hlc, DateTime<Utc>)>,
    pub skipped: bool,
    pub snoozed_until: Option<(Hlc, DateTime<Utc>)>,
}

fn newer<T>(current: Option<(Hlc, T)>, stamp: Hlc, value: T) -> Option<(Hlc, T)> {
    match current {
        Some((held, _)) if held > stamp => current,
        _ => Some((stamp, value)),
    }
}

/// The events of every scheduled dose, built in one pass so that statuses for years of history stay cheap.
/// Ordered by slot time: events are logged, and doses looked up, roughly in time order, so neighbouring
/// look-ups touch neighbouring memory (a hash map's random placement made each one a cache miss).
#[derive(Default)]
pub struct EventIndex {
    slots: BTreeMap<(NaiveDateTime, Id), SlotEvents>,
}

fn ordered(key: &OccurrenceKey) -> (NaiveDateTime, Id) {
    (key.slot, key.schedule_id)
}

impl EventIndex {
    pub fn new(events: &[DoseEvent]) -> Self {
        let mut slots: BTreeMap<(NaiveDateTime, Id), SlotEvents> = BTreeMap::new();
        for event in effective(events) {
            let Some(key) = event.occurrence else { continue };
            let slot = slots.entry(ordered(&key)).or_default();
            match event.action {
                DoseAction::Taken { at, .. } => slot.taken = newer(slot.taken, event.meta.stamp, at),
                DoseAction::Skipped { .. } => slot.skipped = true,
                DoseAction::Snoozed { until } => slot.snoozed_until = newer(slot.snoozed_until, event.meta.stamp, until),
                DoseAction::Note { .. } | DoseAction::Retracted => {}
            }
        }
        EventIndex { slots }
    }

    pub fn get(&self, key: &OccurrenceKey) -> Option<&SlotEvents> {
        self.slots.get(&ordered(key))
    }

    pub fn taken_at(&self, key: &OccurrenceKey) -> Option<DateTime<Utc>> {
        self.get(key)?.taken.map(|(_, at)| at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(n: u128, action: DoseAction, supersedes: Option<u128>) -> DoseEvent {
        DoseEvent {
            meta: Meta { id: Id::from_u128(n), profile_id: Id::from_u128(0), stamp: Hlc::default(), deleted: false },
            medication_id: Id::from_u128(100),
            occurrence: None,
            action,
            recorded_at: DateTime::UNIX_EPOCH,
            zone: "UTC".into(),
            supersedes: supersedes.map(Id::from_u128),
        }
    }

    #[test]
    fn a_correction_replaces_the_original_and_a_retraction_removes_it() {
        let taken = |minute| DoseAction::Taken { at: DateTime::UNIX_EPOCH + chrono::Duration::minutes(minute), amount: 1.0 };
        let events = vec![
            event(1, taken(0), None),
            event(2, taken(5), Some(1)),
            event(3, DoseAction::Skipped { reason: String::new() }, None),
            event(4, DoseAction::Retracted, Some(3)),
        ];
        let ids: Vec<Id> = effective(&events).map(|e| e.meta.id).collect();
        assert_eq!(ids, vec![Id::from_u128(2)]);
    }
}
