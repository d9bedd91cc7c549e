//! What happened to each due dose, derived from the occurrences, the events in force and the clock.

use crate::dataset::{Dataset, ZoneContext};
use crate::dose::{effective, DoseAction, DoseEvent, OccurrenceKey};
use crate::medication::{DoseRules, MissedCutoff};
use crate::occurrence::{expand, Occurrence};
use crate::zone::{UnknownZone, ZoneRules};
use crate::Id;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum DoseStatus {
    /// Not due yet.
    Upcoming,
    /// Put off until `until`.
    Snoozed { until: DateTime<Utc> },
    /// Due now, within the on-time window.
    Due,
    /// Past the on-time window but before the missed cut-off.
    Late,
    /// No action by the cut-off.
    Missed,
    TakenOnTime { at: DateTime<Utc> },
    TakenLate { at: DateTime<Utc> },
    /// Taken before the on-time window opened.
    TakenEarly { at: DateTime<Utc> },
    Skipped,
}

impl DoseStatus {
    pub fn is_taken(&self) -> bool {
        matches!(self, DoseStatus::TakenOnTime { .. } | DoseStatus::TakenLate { .. } | DoseStatus::TakenEarly { .. })
    }

    /// Settled: nothing more will change unless the person edits the record.
    pub fn is_final(&self) -> bool {
        self.is_taken() || matches!(self, DoseStatus::Skipped | DoseStatus::Missed)
    }

    pub fn name(&self) -> &'static str {
        match self {
            DoseStatus::Upcoming => "upcoming",
            DoseStatus::Snoozed { .. } => "snoozed",
            DoseStatus::Due => "due",
            DoseStatus::Late => "late",
            DoseStatus::Missed => "missed",
            DoseStatus::TakenOnTime { .. } => "taken_on_time",
            DoseStatus::TakenLate { .. } => "taken_late",
            DoseStatus::TakenEarly { .. } => "taken_early",
            DoseStatus::Skipped => "skipped",
        }
    }
}

/// An occurrence and its status.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessed {
    pub occurrence: Occurrence,
    pub status: DoseStatus,
    /// When it stops being late and becomes missed.
    pub cutoff: DateTime<Utc>,
}

/// The effective events of each scheduled dose, oldest first by stamp.
pub fn events_by_slot(events: &[DoseEvent]) -> HashMap<OccurrenceKey, Vec<&DoseEvent>> {
    let mut by_slot: HashMap<OccurrenceKey, Vec<&DoseEvent>> = HashMap::new();
    for event in effective(events) {
        if let Some(key) = event.occurrence {
            by_slot.entry(key).or_default().push(event);
        }
    }
    for list in by_slot.values_mut() {
        list.sort_by_key(|e| e.meta.stamp);
    }
    by_slot
}

/// The status of one dose given its events (oldest first). Taken beats skipped beats snoozed; among
/// events of one kind the newest wins.
pub fn status_of(due: DateTime<Utc>, cutoff: DateTime<Utc>, events: &[&DoseEvent], rules: DoseRules, now: DateTime<Utc>) -> DoseStatus {
    let window = Duration::minutes(i64::from(rules.on_time_minutes));
    if let Some(at) = events.iter().rev().find_map(|e| e.taken_at()) {
        return if at < due - window {
            DoseStatus::TakenEarly { at }
        } else if at <= due + window {
            DoseStatus::TakenOnTime { at }
        } else {
            DoseStatus::TakenLate { at }
        };
    }
    if events.iter().any(|e| matches!(e.action, DoseAction::Skipped { .. })) {
        return DoseStatus::Skipped;
    }
    if now >= cutoff {
        return DoseStatus::Missed;
    }
    let snoozed = events.iter().rev().find_map(|e| match e.action {
        DoseAction::Snoozed { until } => Some(until),
        _ => None,
    });
    match snoozed {
        Some(until) if now < until => DoseStatus::Snoozed { until },
        _ if now < due => DoseStatus::Upcoming,
        _ if now <= due + window => DoseStatus::Due,
        _ => DoseStatus::Late,
    }
}

/// The missed cut-off of each occurrence: the next dose of the same medicine (or a day later if none follows
/// in the list), or a fixed window, by the profile's rules. Never earlier than the end of the on-time window.
fn cutoffs(occurrences: &[Occurrence], rules_for: impl Fn(Id) -> DoseRules) -> Vec<DateTime<Utc>> {
    let mut next_due: HashMap<Id, DateTime<Utc>> = HashMap::new();
    let mut cutoffs = vec![DateTime::<Utc>::MIN_UTC; occurrences.len()];
    for (i, occurrence) in occurrences.iter().enumerate().rev() {
        let rules = rules_for(occurrence.profile_id);
        let on_time_end = occurrence.due + Duration::minutes(i64::from(rules.on_time_minutes));
        let cutoff = match rules.missed_cutoff {
            MissedCutoff::NextDose => next_due
                .get(&occurrence.medication_id)
                .copied()
                .unwrap_or(occurrence.due + Duration::days(1)),
            MissedCutoff::Window { minutes } => occurrence.due + Duration::minutes(i64::from(minutes)),
        };
        cutoffs[i] = cutoff.max(on_time_end);
        next_due.insert(occurrence.medication_id, occurrence.due);
    }
    cutoffs
}

/// Every due dose in `[from, to)` with its status at `now`.
pub fn assess(
    data: &Dataset,
    zones: &ZoneContext,
    rules: &dyn ZoneRules,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<Assessed>, UnknownZone> {
    // Look two days past the range so the last doses know their next-dose cut-off.
    let occurrences = expand(data, zones, rules, from, to + Duration::days(2))?;
    let cutoffs = cutoffs(&occurrences, |profile| data.rules_for(profile));
    let by_slot = events_by_slot(&data.dose_events);
    Ok(occurrences
        .into_iter()
        .zip(cutoffs)
        .take_while(|(o, _)| o.due < to)
        .map(|(occurrence, cutoff)| {
            let events = by_slot.get(&occurrence.key).map_or(&[][..], |v| v.as_slice());
            let status = status_of(occurrence.due, cutoff, events, data.rules_for(occurrence.profile_id), now);
            Assessed { occurrence, status, cutoff }
        })
        .collect())
}
