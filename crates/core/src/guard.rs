//! The double-dose guard: would taking a dose now break a minimum gap or a daily maximum, or repeat a dose
//! already taken? It warns; the person decides.

use crate::dataset::Dataset;
use crate::dose::{effective, OccurrenceKey};
use crate::schedule::Pattern;
use crate::zone::shift;
use crate::Id;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "warning")]
pub enum Warning {
    /// This scheduled dose is already logged as taken.
    AlreadyTaken { at: DateTime<Utc> },
    /// The last dose was too recent; the next may be taken from `earliest`.
    TooSoon {
        last: DateTime<Utc>,
        earliest: DateTime<Utc>,
    },
    /// The 24-hour maximum has been reached.
    DailyMaximum { taken: u32, max: u32 },
}

/// How an as-needed medicine has been used, for showing before the person taps: doses in the last 24 hours
/// against the maximum, the last one, and when the limits allow the next.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct AsNeededUse {
    pub taken_24h: u32,
    pub max_per_24h: u32,
    pub last: Option<DateTime<Utc>>,
    /// When the minimum gap and the 24-hour maximum next allow a dose; `None` if they allow one now.
    pub next_allowed: Option<DateTime<Utc>>,
}

/// The use of `medication_id`'s as-needed schedule at `now`, or `None` if it has none. Uses the same rule as
/// [`check`]: a dose counts against the maximum while it is less than 24 hours old.
pub fn as_needed_use(data: &Dataset, medication_id: Id, now: DateTime<Utc>) -> Option<AsNeededUse> {
    let (max, min_gap) = data.schedules_of(medication_id).find_map(|s| match s.pattern {
        Pattern::AsNeeded {
            max_per_24h,
            min_gap_minutes,
            ..
        } => Some((max_per_24h, Duration::minutes(i64::from(min_gap_minutes)))),
        _ => None,
    })?;
    let day_ago = now - Duration::hours(24);
    let recent: Vec<DateTime<Utc>> = effective(&data.dose_events)
        .filter(|e| e.medication_id == medication_id)
        .filter_map(|e| e.taken_at())
        .filter(|at| *at <= now && *at > day_ago)
        .collect();
    let last = recent.iter().max().copied();
    let taken = recent.len() as u32;
    let after_gap = last.map(|last| shift(last, min_gap));
    // With `max` or more in the window, the next is allowed once the one with `max - 1` newer doses is 24 hours
    // old. Found by counting, not sorting: there are only a few doses in a day, and it keeps the app small.
    let after_max = (max > 0 && taken >= max)
        .then(|| {
            recent
                .iter()
                .find(|at| {
                    let newer = recent.iter().filter(|other| other > at).count() as u32;
                    let same = recent.iter().filter(|other| other == at).count() as u32;
                    newer < max && newer + same >= max
                })
                .map(|at| shift(*at, Duration::hours(24)))
        })
        .flatten();
    let next_allowed = after_gap.max(after_max).filter(|at| *at > now);
    Some(AsNeededUse {
        taken_24h: taken,
        max_per_24h: max,
        last,
        next_allowed,
    })
}

/// Warnings for taking `medication_id` at `now`, for a scheduled dose (`occurrence`) or an unscheduled one.
pub fn check(
    data: &Dataset,
    medication_id: Id,
    occurrence: Option<OccurrenceKey>,
    now: DateTime<Utc>,
) -> Vec<Warning> {
    // One pass over the events in force: this medicine's doses taken, with the scheduled dose each was for.
    let taken: Vec<(DateTime<Utc>, Option<OccurrenceKey>)> = effective(&data.dose_events)
        .filter(|e| e.medication_id == medication_id)
        .filter_map(|e| Some((e.taken_at()?, e.occurrence)))
        .collect();
    let takes: Vec<DateTime<Utc>> = taken.iter().map(|(at, _)| *at).filter(|at| *at <= now).collect();
    let mut warnings = Vec::new();
    if let Some((at, _)) = occurrence.and_then(|key| taken.iter().find(|(_, k)| *k == Some(key))) {
        warnings.push(Warning::AlreadyTaken { at: *at });
    }
    let last = takes.iter().max().copied();
    for schedule in data.schedules_of(medication_id) {
        let (min_gap, max) = match schedule.pattern {
            Pattern::AsNeeded {
                max_per_24h,
                min_gap_minutes,
                ..
            } => (Duration::minutes(i64::from(min_gap_minutes)), Some(max_per_24h)),
            Pattern::AfterLastDose { interval_hours, .. } => {
                (Duration::hours(i64::from(interval_hours)), None)
            }
            _ => continue,
        };
        if let Some(last) = last.filter(|last| now < shift(*last, min_gap)) {
            warnings.push(Warning::TooSoon {
                last,
                earliest: shift(last, min_gap),
            });
        }
        if let Some(max) = max {
            let taken = takes.iter().filter(|at| **at > now - Duration::hours(24)).count() as u32;
            if taken >= max {
                warnings.push(Warning::DailyMaximum { taken, max });
            }
        }
    }
    warnings
}
