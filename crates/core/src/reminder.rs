//! Reminders: when to notify about each dose, and what fell due while the app was closed. Statuses decide:
//! a dose taken or skipped is never reminded again; a snoozed one comes back when its snooze ends; a dose not
//! acted on is reminded again every few minutes, up to the medicine's limit and never past its missed cut-off.
//! In the person's quiet hours a reminder is silent and repeats wait.

use crate::dataset::{Dataset, ZoneContext};
use crate::dose::{effective, DoseAction, OccurrenceKey};
use crate::fast_hash::FastMap;
use crate::limits::{MAX_REPEATS, MAX_REPEAT_EVERY_MINUTES};
use crate::medication::Medication;
use crate::occurrence::Occurrence;
use crate::status::{visit, DoseStatus};
use crate::zone::{local_at, shift, UnknownZone, ZoneRules};
use chrono::{DateTime, Duration, Utc};

#[derive(Clone, Debug, PartialEq)]
pub struct Reminder {
    pub at: DateTime<Utc>,
    pub occurrence: Occurrence,
    /// 0 for the first reminder (or the one when a snooze ends), then 1, 2, … for repeats.
    pub attempt: u32,
    /// In the person's quiet hours: show it without sound or vibration.
    pub quiet: bool,
    /// When the dose becomes missed: a reminder is not worth showing after it.
    pub cutoff: DateTime<Utc>,
}

/// Every reminder due in `[from, to)`, in time order, given what is recorded at `now`.
pub fn plan(
    data: &Dataset,
    zones: &ZoneContext,
    rules: &dyn ZoneRules,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<Reminder>, UnknownZone> {
    // A dose due before `from` can still have repeats or a snooze ending inside the range. (A tombstone's
    // content is not checked on import, so it is not read.)
    let longest_repeat = data
        .medications
        .iter()
        .filter(|m| !m.meta.deleted)
        .map(|m| repeat_every(m).num_minutes() * i64::from(repeat_times(m)))
        .max()
        .unwrap_or(0);
    let mut doses = Vec::new();
    visit(
        data,
        zones,
        rules,
        from - Duration::minutes(longest_repeat) - Duration::days(1),
        to,
        now,
        |o, status, cutoff| {
            doses.push((*o, status, cutoff));
        },
    )?;
    // A snooze that has ended leaves the dose due again: its reminders restart from the end of the snooze.
    let mut snoozed: FastMap<OccurrenceKey, DateTime<Utc>> = FastMap::default();
    for event in effective(&data.dose_events) {
        if let (Some(key), DoseAction::Snoozed { until }) = (event.occurrence, &event.action) {
            let latest = snoozed.entry(key).or_insert(*until);
            *latest = (*latest).max(*until);
        }
    }
    let mut out = Vec::new();
    for (occurrence, status, cutoff) in doses {
        let first = match status {
            DoseStatus::Snoozed { until } => until,
            DoseStatus::Upcoming | DoseStatus::Due | DoseStatus::Late => snoozed
                .get(&occurrence.key)
                .copied()
                .unwrap_or(occurrence.due)
                .max(occurrence.due),
            _ => continue,
        };
        let Some(medication) = data.medication(occurrence.medication_id) else {
            continue;
        };
        let quiet_hours = data.profile(occurrence.profile_id).and_then(|p| p.quiet_hours);
        let zone = zones.history(occurrence.profile_id).zone_at(first).to_owned();
        let every = repeat_every(medication);
        for attempt in 0..=repeat_times(medication) {
            let at = shift(first, every * attempt as i32);
            if at >= cutoff.max(shift(first, Duration::seconds(1))) || at >= to {
                break;
            }
            let local = local_at(rules, &zone, at)?.local.time();
            let quiet = quiet_hours.is_some_and(|q| q.contains(local));
            if quiet && attempt > 0 {
                continue;
            }
            if at >= from {
                out.push(Reminder {
                    at,
                    occurrence,
                    attempt,
                    quiet,
                    cutoff,
                });
            }
        }
    }
    crate::sort::sort_by_key(&mut out, |r| r.at);
    Ok(out)
}

/// The doses acted on (taken, skipped, snoozed, corrected) in records made after `since`, on this device or
/// synced from another, each once: the reminders other devices planned for them are to be cancelled. With the
/// newest such record's time, to look from next time.
pub fn acted_since(data: &Dataset, since: DateTime<Utc>) -> (Vec<OccurrenceKey>, Option<DateTime<Utc>>) {
    let (mut keys, mut seen) = (Vec::new(), FastMap::default());
    let mut newest = None;
    for event in data.dose_events.iter().filter(|e| e.recorded_at > since) {
        newest = newest.max(Some(event.recorded_at));
        if let Some(key) = event.occurrence.filter(|k| seen.insert(*k, ()).is_none()) {
            keys.push(key);
        }
    }
    (keys, newest)
}

/// The wait between repeated reminders, read within the limits so an unchecked record cannot overflow it.
fn repeat_every(medication: &Medication) -> Duration {
    let minutes = medication.repeat.every_minutes.clamp(1, MAX_REPEAT_EVERY_MINUTES);
    Duration::minutes(i64::from(minutes))
}

fn repeat_times(medication: &Medication) -> u32 {
    medication.repeat.times.min(MAX_REPEATS)
}

/// Doses that fell due in `[since, now)` and were neither taken nor skipped: what to ask about when the app
/// opens after being closed. In time order.
pub fn catch_up(
    data: &Dataset,
    zones: &ZoneContext,
    rules: &dyn ZoneRules,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<Occurrence>, UnknownZone> {
    let mut out = Vec::new();
    visit(data, zones, rules, since, now, now, |o, status, _| {
        let open = matches!(status, DoseStatus::Due | DoseStatus::Late | DoseStatus::Missed);
        let snoozed_past = matches!(status, DoseStatus::Snoozed { until } if until <= now);
        if open || snoozed_past {
            out.push(*o);
        }
    })?;
    crate::sort::sort_by_key(&mut out, |o| o.due);
    Ok(out)
}
