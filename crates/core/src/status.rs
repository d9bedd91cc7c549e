//! What happened to each due dose, derived from the occurrences, the events in force and the clock.

use crate::dataset::{Dataset, ZoneContext};
use crate::dose::{EventIndex, SlotEvents};
use crate::medication::{DoseRules, MissedCutoff};
use crate::occurrence::{expand_indexed, Occurrence};
use crate::zone::{UnknownZone, ZoneRules};
use crate::Id;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use crate::fast_hash::FastMap;

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

/// The status of one dose given what its events say. Taken beats skipped beats snoozed.
pub fn status_of(due: DateTime<Utc>, cutoff: DateTime<Utc>, events: Option<&SlotEvents>, rules: DoseRules, now: DateTime<Utc>) -> DoseStatus {
    let window = Duration::minutes(i64::from(rules.on_time_minutes));
    let events = events.copied().unwrap_or_default();
    if let Some((_, at)) = events.taken {
        return if at < due - window {
            DoseStatus::TakenEarly { at }
        } else if at <= due + window {
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
        Some((_, until)) if now < until => DoseStatus::Snoozed { until },
        _ if now < due => DoseStatus::Upcoming,
        _ if now <= due + window => DoseStatus::Due,
        _ => DoseStatus::Late,
    }
}

/// The missed cut-off of each occurrence: the next dose of the same medicine (or a day later if none follows
/// in the list), or a fixed window, by the profile's rules. Never earlier than the end of the on-time window.
fn cutoffs(occurrences: &[Occurrence], rules_for: impl Fn(Id) -> DoseRules) -> Vec<DateTime<Utc>> {
    let mut next_due: FastMap<Id, DateTime<Utc>> = FastMap::default();
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
    let index = EventIndex::new(&data.dose_events);
    // Look two days past the range so the last doses know their next-dose cut-off.
    let occurrences = expand_indexed(data, &index, zones, rules, from, to + Duration::days(2))?;
    let cutoffs = cutoffs(&occurrences, |profile| data.rules_for(profile));
    Ok(occurrences
        .into_iter()
        .zip(cutoffs)
        .take_while(|(o, _)| o.due < to)
        .map(|(occurrence, cutoff)| {
            let rules = data.rules_for(occurrence.profile_id);
            let status = status_of(occurrence.due, cutoff, index.get(&occurrence.key), rules, now);
            Assessed { occurrence, status, cutoff }
        })
        .collect())
}
