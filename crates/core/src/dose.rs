//! Dose events: append-only facts about what happened to a dose. Nothing is ever overwritten: a correction is a
//! new event that supersedes an earlier one, so the full record of what was logged, and when, survives.

use crate::dataset::Kind;
use crate::fast_hash::{FastMap, FastSet};
use crate::hlc::Hlc;
use crate::limits::Checks;
use crate::record::{Meta, Record, Reference};
use crate::Id;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

/// Which scheduled dose an event is about: the schedule and the slot's scheduled wall-clock time (for interval
/// schedules, the slot's UTC time). Stable when the person changes zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OccurrenceKey {
    pub schedule_id: Id,
    #[serde(deserialize_with = "crate::wire_time::one")]
    pub slot: NaiveDateTime,
}

/// The reasons Skip offers, as stored in `DoseAction::Skipped::reason` (an empty reason means none was given).
/// Kept as codes, not words, so insights can count them in any language.
pub const SKIP_REASONS: [&str; 5] = [
    "felt_unwell",
    "ran_out",
    "side_effects",
    "doctor_told_me",
    "other",
];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", try_from = "StoredAction")]
pub enum DoseAction {
    Taken {
        at: DateTime<Utc>,
        amount: f64,
    },
    Skipped {
        #[serde(default)]
        reason: String,
    },
    Snoozed {
        until: DateTime<Utc>,
    },
    Note {
        text: String,
        /// The note records a side effect (it can prompt the "Managing side effects" article).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        side_effect: bool,
    },
    /// Withdraws the superseded event (an undo, or "I logged the wrong medicine").
    Retracted,
}

/// [`DoseAction`] as stored, `{"kind": ..., ...}`, read as a plain struct (see `medication::StoredCutoff` for why).
#[derive(Deserialize)]
struct StoredAction {
    kind: ActionKind,
    #[serde(default, deserialize_with = "crate::wire_time::opt")]
    at: Option<DateTime<Utc>>,
    amount: Option<f64>,
    #[serde(default)]
    reason: String,
    #[serde(default, deserialize_with = "crate::wire_time::opt")]
    until: Option<DateTime<Utc>>,
    text: Option<String>,
    #[serde(default)]
    side_effect: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum ActionKind {
    Taken,
    Skipped,
    Snoozed,
    Note,
    Retracted,
}

impl TryFrom<StoredAction> for DoseAction {
    type Error = &'static str;

    fn try_from(stored: StoredAction) -> Result<Self, Self::Error> {
        Ok(match stored.kind {
            ActionKind::Taken => DoseAction::Taken {
                at: stored.at.ok_or("missing field `at`")?,
                amount: stored.amount.ok_or("missing field `amount`")?,
            },
            ActionKind::Skipped => DoseAction::Skipped {
                reason: stored.reason,
            },
            ActionKind::Snoozed => DoseAction::Snoozed {
                until: stored.until.ok_or("missing field `until`")?,
            },
            ActionKind::Note => DoseAction::Note {
                text: stored.text.ok_or("missing field `text`")?,
                side_effect: stored.side_effect,
            },
            ActionKind::Retracted => DoseAction::Retracted,
        })
    }
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
    #[serde(deserialize_with = "crate::wire_time::one")]
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
    fn meta_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }
    /// Keeps only which medicine it was about and the UTC day it was recorded (the app's storage key holds that
    /// day, so every version of an event stays under one key); what happened, to which dose, when and where goes.
    fn cleared(&self) -> Self {
        let day = self.recorded_at.timestamp().div_euclid(86_400) * 86_400;
        DoseEvent {
            meta: self.meta.clone(),
            medication_id: self.medication_id,
            occurrence: None,
            action: DoseAction::Retracted,
            recorded_at: DateTime::from_timestamp(day, 0).unwrap_or(self.recorded_at),
            zone: String::new(),
            supersedes: None,
        }
    }
    fn own_problems(&self) -> Vec<(String, String)> {
        self.problems()
            .into_iter()
            .map(|(field, message)| (field.to_owned(), message))
            .collect()
    }
    fn references(&self) -> Vec<Reference> {
        let mut references = vec![Reference {
            field: "medication_id",
            kind: Kind::Medication,
            id: self.medication_id,
        }];
        if let Some(key) = self.occurrence {
            references.push(Reference {
                field: "occurrence.schedule_id",
                kind: Kind::Schedule,
                id: key.schedule_id,
            });
        }
        if let Some(target) = self.supersedes {
            references.push(Reference {
                field: "supersedes",
                kind: Kind::DoseEvent,
                id: target,
            });
        }
        references
    }
    fn zones(&self) -> Vec<(&'static str, &str)> {
        vec![("zone", &self.zone)]
    }
}

impl DoseEvent {
    /// Checks the event's own values against [`crate::limits`] (its references and zone are checked by import);
    /// each problem is a (field, message) pair.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut checks = Checks::default();
        checks.instant("recorded_at", self.recorded_at);
        if let Some(key) = &self.occurrence {
            checks.date("occurrence.slot", key.slot.date());
        }
        match self.action {
            DoseAction::Taken { at, amount } => {
                checks.instant("action.at", at);
                checks.amount("action.amount", amount);
            }
            DoseAction::Snoozed { until } => checks.instant("action.until", until),
            DoseAction::Skipped { .. } | DoseAction::Note { .. } | DoseAction::Retracted => {}
        }
        checks.into_vec()
    }

    pub fn taken_at(&self) -> Option<DateTime<Utc>> {
        match self.action {
            DoseAction::Taken { at, .. } => Some(at),
            _ => None,
        }
    }
}

/// The events still in force: not deleted, not superseded, not retractions. Events keep their input order.
pub fn effective(events: &[DoseEvent]) -> impl Iterator<Item = &DoseEvent> {
    let superseded: FastSet<Id> = events
        .iter()
        .filter(|e| !e.meta.deleted)
        .filter_map(|e| e.supersedes)
        .collect();
    events
        .iter()
        .filter(move |e| !e.meta.deleted && !superseded.contains(&e.meta.id))
        .filter(|e| e.action != DoseAction::Retracted)
}

/// What the events in force say about one scheduled dose; among events of one kind the newest stamp wins.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SlotEvents {
    /// When the dose was taken.
    pub taken: Option<DateTime<Utc>>,
    pub skipped: bool,
    pub snoozed_until: Option<DateTime<Utc>>,
}

/// The events of every scheduled dose, grouped by schedule and ordered by slot, built in one pass.
/// Doses are looked up in slot order too, so a [`SlotCursor`] walks both lists side by side: years of history
/// cost one sequential pass rather than a random memory access per dose.
#[derive(Default)]
pub struct EventIndex {
    by_schedule: FastMap<Id, Vec<Mark>>,
}

/// One event that decides a dose's status, copied out of the event while it is read front to back (going back
/// to the events later, in slot order, would be a cache miss each). Small, because years of them are written
/// and read again: the stamp that decides between events of one slot is used while building and then dropped.
struct Mark {
    slot: NaiveDateTime,
    /// When it was taken, or until when it was snoozed.
    at: DateTime<Utc>,
    /// Where the event is in the list: to drop it if a later event supersedes it, and to order by its stamp.
    event: u32,
    kind: MarkKind,
}

#[derive(Clone, Copy, PartialEq)]
enum MarkKind {
    Taken,
    Skipped,
    Snoozed,
}

/// One schedule's marks in the order read, and whether that is out of (slot, stamp) order.
#[derive(Default)]
struct Marks {
    list: Vec<Mark>,
    last_stamp: Hlc,
    out_of_order: bool,
}

impl Marks {
    fn push(&mut self, mark: Mark, stamp: Hlc) {
        if let Some(last) = self.list.last() {
            self.out_of_order |= (last.slot, self.last_stamp) > (mark.slot, stamp);
        }
        self.last_stamp = stamp;
        self.list.push(mark);
    }
}

impl EventIndex {
    /// The index of the events in force (as [`effective`] defines them), read in a single pass: what an event
    /// supersedes is gathered along the way and the superseded marks are dropped at the end. Each schedule's
    /// marks end up in slot order, and within a slot in stamp order (equal stamps in the order listed), so the
    /// last mark of a kind is the one in force.
    pub fn new(events: &[DoseEvent]) -> Self {
        Self::for_slots_from(events, None)
    }

    /// The index as [`new`](Self::new) makes it, but without the marks of slots before `from`'s slot, except
    /// for the schedules in its set (whose doses follow from every dose taken before, however old). A window of
    /// days in years of history then indexes days, not years. What an event supersedes is still gathered from
    /// every event, so an old correction of a recent dose counts.
    pub(crate) fn for_slots_from(events: &[DoseEvent], from: Option<(NaiveDateTime, &FastSet<Id>)>) -> Self {
        let mut superseded: FastSet<Id> = FastSet::default();
        let mut lists: FastMap<Id, Marks> = FastMap::default();
        // Events of a few schedules interleave: remember the last list written to save most look-ups.
        let mut last: Option<(Id, &mut Marks)> = None;
        for (index, event) in events.iter().enumerate() {
            if event.meta.deleted {
                continue;
            }
            if let Some(id) = event.supersedes {
                superseded.insert(id);
            }
            let Some(key) = event.occurrence else { continue };
            if from.is_some_and(|(slot, whole)| key.slot < slot && !whole.contains(&key.schedule_id)) {
                continue;
            }
            let (kind, at) = match event.action {
                DoseAction::Taken { at, .. } => (MarkKind::Taken, at),
                DoseAction::Skipped { .. } => (MarkKind::Skipped, DateTime::UNIX_EPOCH),
                DoseAction::Snoozed { until } => (MarkKind::Snoozed, until),
                DoseAction::Note { .. } | DoseAction::Retracted => continue,
            };
            let mark = Mark {
                slot: key.slot,
                at,
                event: u32::try_from(index).expect("fewer than 2^32 events"),
                kind,
            };
            let stamp = event.meta.stamp;
            match &mut last {
                Some((schedule, list)) if *schedule == key.schedule_id => list.push(mark, stamp),
                _ => {
                    let list = lists.entry(key.schedule_id).or_default();
                    list.push(mark, stamp);
                    last = Some((key.schedule_id, list));
                }
            }
        }
        let by_schedule = lists
            .into_iter()
            .map(|(schedule, mut marks)| {
                let event = |mark: &Mark| &events[mark.event as usize];
                if !superseded.is_empty() {
                    marks
                        .list
                        .retain(|mark| !superseded.contains(&event(mark).meta.id));
                }
                // Logged in time order almost always, so this sort is rare.
                if marks.out_of_order {
                    crate::sort::sort_by_key(&mut marks.list, |mark| {
                        (mark.slot, event(mark).meta.stamp, mark.event)
                    });
                }
                (schedule, marks.list)
            })
            .collect();
        EventIndex { by_schedule }
    }

    pub fn cursor(&self, schedule_id: Id) -> SlotCursor<'_> {
        SlotCursor {
            marks: self.by_schedule.get(&schedule_id).map_or(&[], Vec::as_slice),
            next: 0,
        }
    }
}

/// Looks up one schedule's slots, fastest when asked in slot order.
pub struct SlotCursor<'a> {
    marks: &'a [Mark],
    next: usize,
}

impl SlotCursor<'_> {
    /// The first slot at or after `slot` whose dose was taken, without moving the cursor.
    pub fn next_taken(&self, slot: NaiveDateTime) -> Option<NaiveDateTime> {
        let from = self.marks.partition_point(|mark| mark.slot < slot);
        self.marks[from..]
            .iter()
            .find(|mark| mark.kind == MarkKind::Taken)
            .map(|mark| mark.slot)
    }

    /// The slot of the last dose taken before `slot`, if any.
    pub fn last_taken_before(&self, slot: NaiveDateTime) -> Option<NaiveDateTime> {
        let before = self.marks.partition_point(|mark| mark.slot < slot);
        self.marks[..before]
            .iter()
            .rev()
            .find(|mark| mark.kind == MarkKind::Taken)
            .map(|mark| mark.slot)
    }

    /// What the events in force say about `slot`, if any is about it.
    pub fn find(&mut self, slot: NaiveDateTime) -> Option<SlotEvents> {
        if self.next > 0 && self.marks.get(self.next - 1).is_none_or(|mark| mark.slot >= slot) {
            self.next = self.marks.partition_point(|mark| mark.slot < slot);
        }
        while self.marks.get(self.next).is_some_and(|mark| mark.slot < slot) {
            self.next += 1;
        }
        let mut found: Option<SlotEvents> = None;
        while let Some(mark) = self.marks.get(self.next).filter(|mark| mark.slot == slot) {
            let events = found.get_or_insert_default();
            match mark.kind {
                MarkKind::Taken => events.taken = Some(mark.at),
                MarkKind::Skipped => events.skipped = true,
                MarkKind::Snoozed => events.snoozed_until = Some(mark.at),
            }
            self.next += 1;
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_action_reads_back_what_it_writes_and_names_a_missing_field() {
        let at = DateTime::from_timestamp(1_767_600_000, 0).unwrap();
        let actions = [
            DoseAction::Taken { at, amount: 1.5 },
            DoseAction::Skipped {
                reason: "Felt sick".into(),
            },
            DoseAction::Skipped {
                reason: String::new(),
            },
            DoseAction::Snoozed { until: at },
            DoseAction::Note {
                text: "Dizzy".into(),
                side_effect: true,
            },
            DoseAction::Note {
                text: "Fine".into(),
                side_effect: false,
            },
            DoseAction::Retracted,
        ];
        for action in actions {
            let text = serde_json::to_string(&action).unwrap();
            assert_eq!(
                serde_json::from_str::<DoseAction>(&text).unwrap(),
                action,
                "{text}"
            );
        }
        assert_eq!(
            serde_json::to_string(&DoseAction::Taken { at, amount: 1.0 }).unwrap(),
            r#"{"kind":"taken","at":"2026-01-05T08:00:00Z","amount":1.0}"#
        );
        let skipped = serde_json::from_str::<DoseAction>(r#"{"kind":"skipped"}"#).unwrap();
        assert_eq!(
            skipped,
            DoseAction::Skipped {
                reason: String::new()
            }
        );
        for (text, field) in [
            (r#"{"kind":"taken","amount":1}"#, "`at`"),
            (r#"{"kind":"taken","at":"2026-01-05T08:00:00Z"}"#, "`amount`"),
            (r#"{"kind":"snoozed"}"#, "`until`"),
            (r#"{"kind":"note"}"#, "`text`"),
        ] {
            let error = serde_json::from_str::<DoseAction>(text).unwrap_err();
            assert!(error.to_string().contains(field), "{text}: {error}");
        }
        assert!(serde_json::from_str::<DoseAction>(r#"{"kind":"swallowed"}"#).is_err());
        assert!(serde_json::from_str::<DoseAction>(r#"{"kind":"taken","at":"soon","amount":1}"#).is_err());
    }

    fn event(n: u128, action: DoseAction, supersedes: Option<u128>) -> DoseEvent {
        DoseEvent {
            meta: Meta {
                id: Id::from_u128(n),
                profile_id: Id::from_u128(0),
                stamp: Hlc::default(),
                deleted: false,
            },
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
        let taken = |minute| DoseAction::Taken {
            at: DateTime::UNIX_EPOCH + chrono::Duration::minutes(minute),
            amount: 1.0,
        };
        let events = vec![
            event(1, taken(0), None),
            event(2, taken(5), Some(1)),
            event(
                3,
                DoseAction::Skipped {
                    reason: String::new(),
                },
                None,
            ),
            event(4, DoseAction::Retracted, Some(3)),
        ];
        let ids: Vec<Id> = effective(&events).map(|e| e.meta.id).collect();
        assert_eq!(ids, vec![Id::from_u128(2)]);
    }
}
