//! What happened to each due dose, derived from the occurrences, the events in force and the clock.

use crate::dataset::{Dataset, ZoneContext};
use crate::dose::{EventIndex, SlotEvents};
use crate::fast_hash::FastSet;
use crate::medication::{DoseRules, MissedCutoff};
use crate::occurrence::{expand_schedule, sort_by_due, Occurrence};
use crate::schedule::Pattern;
use crate::zone::{Resolver, UnknownZone, ZoneRules};
use crate::Id;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum DoseStatus {
    /// Not due yet.
    Upcoming,
    /// Put off until `until`.
    Snoozed {
        until: DateTime<Utc>,
    },
    /// Due now, within the on-time window.
    Due,
    /// Past the on-time window but before the missed cut-off.
    Late,
    /// No action by the cut-off.
    Missed,
    TakenOnTime {
        at: DateTime<Utc>,
    },
    TakenLate {
        at: DateTime<Utc>,
    },
    /// Taken before the on-time window opened.
    TakenEarly {
        at: DateTime<Utc>,
    },
    Skipped,
}

impl DoseStatus {
    pub fn is_taken(&self) -> bool {
        matches!(
            self,
            DoseStatus::TakenOnTime { .. } | DoseStatus::TakenLate { .. } | DoseStatus::TakenEarly { .. }
        )
    }

    /// When the dose was taken, if it was.
    pub fn taken_at(&self) -> Option<DateTime<Utc>> {
        match self {
            DoseStatus::TakenOnTime { at } | DoseStatus::TakenLate { at } | DoseStatus::TakenEarly { at } => {
                Some(*at)
            }
            _ => None,
        }
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

/// The status of one dose given what its events say. Taken beats skipped beats snoozed. `due_seconds` is
/// `due.timestamp()`, which the caller has already worked out.
pub fn status_of(
    due: DateTime<Utc>,
    due_seconds: i64,
    cutoff: DateTime<Utc>,
    events: Option<SlotEvents>,
    rules: DoseRules,
    now: DateTime<Utc>,
) -> DoseStatus {
    // Compared in whole seconds: cheaper than calendar arithmetic, and this runs for every dose in a report.
    let window = i64::from(rules.on_time_minutes) * 60;
    let events = events.unwrap_or_default();
    if let Some(at) = events.taken {
        let off_by = at.timestamp() - due_seconds;
        return if off_by < -window {
            DoseStatus::TakenEarly { at }
        } else if off_by <= window {
            DoseStatus::TakenOnTime { at }
        } else {
            DoseStatus::TakenLate { at }
        };
    }
    if events.skipped {
        return DoseStatus::Skipped;
    }
    if now >= cutoff {
        return DoseStatus::Missed;
    }
    match events.snoozed_until {
        Some(until) if now < until => DoseStatus::Snoozed { until },
        _ if now < due => DoseStatus::Upcoming,
        _ if now.timestamp() - due_seconds <= window => DoseStatus::Due,
        _ => DoseStatus::Late,
    }
}

/// When a dose becomes missed: the next dose of the same medicine (or a day later if none follows), or a fixed
/// window, by the profile's rules; never before its on-time window ends. The dose's and the next dose's
/// timestamps come worked out once per dose, so this is whole-second arithmetic and at most one addition.
fn cutoff(
    due: DateTime<Utc>,
    due_seconds: i64,
    next_due: Option<(DateTime<Utc>, i64)>,
    rules: DoseRules,
) -> DateTime<Utc> {
    let window = i64::from(rules.on_time_minutes) * 60;
    let (next, after) = match (rules.missed_cutoff, next_due) {
        (MissedCutoff::NextDose, Some((next, next_seconds))) => (Some(next), next_seconds - due_seconds),
        (MissedCutoff::NextDose, None) => (None, 24 * 3600),
        (MissedCutoff::Window { minutes }, _) => (None, i64::from(minutes) * 60),
    };
    match next {
        Some(next) if after >= window => next,
        _ => due + Duration::seconds(after.max(window)),
    }
}

/// Calls `visit` for every due dose in `[from, to)` with its status and cut-off: medication by medication,
/// each medication's doses in time order. Nothing is collected or sorted, so summaries over years stay cheap.
pub fn visit(
    data: &Dataset,
    zones: &ZoneContext,
    rules: &dyn ZoneRules,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
    mut visit: impl FnMut(&Occurrence, DoseStatus, DateTime<Utc>),
) -> Result<(), UnknownZone> {
    let events = index_for(data, from);
    let mut resolver = Resolver::new(rules);
    // Look two days past the range so the last doses know their next-dose cut-off.
    let horizon = to + Duration::days(2);
    let mut doses = Vec::new();
    let mut seconds = Vec::new();
    for medication in data.medications.iter().filter(|m| !m.meta.deleted) {
        doses.clear();
        let mut cursors = Vec::new();
        for schedule in data.schedules_of(medication.meta.id) {
            expand_schedule(
                medication,
                schedule,
                &events,
                zones,
                &mut resolver,
                from,
                horizon,
                &mut doses,
            )?;
            cursors.push((schedule.meta.id, events.cursor(schedule.meta.id)));
        }
        // Slot order is not due order (a time in a skipped hour is due after the next slot), so sort even
        // a single schedule's doses before walking them up to the range end.
        sort_by_due(&mut doses);
        seconds.clear();
        seconds.extend(doses.iter().map(|dose| dose.due.timestamp()));
        let dose_rules = data.rules_for(medication.meta.profile_id);
        for (i, dose) in doses.iter().enumerate().take_while(|(_, d)| d.due < to) {
            let cursor = &mut cursors
                .iter_mut()
                .find(|(id, _)| *id == dose.key.schedule_id)
                .expect("expanded above")
                .1;
            let next_due = doses[i + 1..]
                .iter()
                .position(|next| next.due > dose.due)
                .map(|n| (doses[i + 1 + n].due, seconds[i + 1 + n]));
            let cutoff = cutoff(dose.due, seconds[i], next_due, dose_rules);
            let events = cursor.find(dose.key.slot);
            visit(
                dose,
                status_of(dose.due, seconds[i], cutoff, events, dose_rules, now),
                cutoff,
            );
        }
    }
    Ok(())
}

/// The events that can decide the status of a dose due from `from` on. A slot is the dose's time in UTC or in
/// its zone, so within 14 hours of when it is due: a day's margin leaves out nothing. After-the-last-dose
/// schedules keep every mark (each dose is placed from the one taken before it).
fn index_for(data: &Dataset, from: DateTime<Utc>) -> EventIndex {
    let whole_history: FastSet<Id> = data
        .schedules
        .iter()
        .filter(|s| matches!(s.pattern, Pattern::AfterLastDose { .. }))
        .map(|s| s.meta.id)
        .collect();
    let slots_from = from.naive_utc() - Duration::days(1);
    EventIndex::for_slots_from(&data.dose_events, Some((slots_from, &whole_history)))
}

/// Every due dose in `[from, to)` with its status at `now`, in time order.
pub fn assess(
    data: &Dataset,
    zones: &ZoneContext,
    rules: &dyn ZoneRules,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<Assessed>, UnknownZone> {
    let mut all = Vec::new();
    visit(data, zones, rules, from, to, now, |occurrence, status, cutoff| {
        all.push(Assessed {
            occurrence: *occurrence,
            status,
            cutoff,
        })
    })?;
    // Stable: doses due together stay in medication order.
    crate::sort::sort_by_key(&mut all, |a| a.occurrence.due);
    Ok(all)
}
