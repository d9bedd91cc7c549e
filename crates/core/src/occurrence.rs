//! Expansion: every due dose of every medication in a range of instants, in time order.

use crate::dataset::{Dataset, ZoneContext};
use crate::dose::{EventIndex, OccurrenceKey};
use crate::medication::Medication;
use crate::schedule::{Pattern, Schedule};
use crate::zone::{
    at_offset, shift, to_instant, Resolved, Resolver, UnknownZone, ZoneHistory, ZonePolicy, ZoneRules,
};
use crate::Id;
use chrono::{DateTime, Duration, NaiveDateTime, NaiveTime, Utc};

/// One due dose.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Occurrence {
    pub profile_id: Id,
    pub medication_id: Id,
    pub key: OccurrenceKey,
    /// When it is due.
    pub due: DateTime<Utc>,
    /// The wall-clock time it is due at, in the zone it follows (shifted forward inside a skipped hour).
    pub local: NaiveDateTime,
    pub offset_seconds: i32,
    pub amount: f64,
}

/// All due doses in `[from, to)` for every live medication, sorted by due time.
/// As-needed schedules have no due doses.
pub fn expand(
    data: &Dataset,
    zones: &ZoneContext,
    rules: &dyn ZoneRules,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Occurrence>, UnknownZone> {
    // Only after-last-dose schedules depend on events; skip indexing them when there are none.
    let needs_events = data
        .schedules
        .iter()
        .any(|s| matches!(s.pattern, Pattern::AfterLastDose { .. }));
    let events = if needs_events {
        EventIndex::new(&data.dose_events)
    } else {
        EventIndex::default()
    };
    let mut resolver = Resolver::new(rules);
    let mut out = Vec::new();
    for schedule in data.schedules.iter().filter(|s| !s.meta.deleted) {
        if let Some(medication) = data.medication(schedule.medication_id) {
            expand_schedule(
                medication,
                schedule,
                &events,
                zones,
                &mut resolver,
                from,
                to,
                &mut out,
            )?;
        }
    }
    sort_by_due(&mut out);
    Ok(out)
}

/// Time order; doses due at the same instant keep their order (schedule by schedule, slot by slot), so the
/// result is the same on every run.
pub fn sort_by_due(occurrences: &mut [Occurrence]) {
    if !occurrences.is_sorted_by_key(|o| o.due) {
        crate::sort::sort_by_key(occurrences, |o| o.due);
    }
}

/// Appends one schedule's doses in `[from, to)` to `out`, in slot order. That is not always due order: a time
/// in a skipped hour is read with the offset before the gap, so it can be due after the next slot.
#[allow(clippy::too_many_arguments)]
pub(crate) fn expand_schedule(
    medication: &Medication,
    schedule: &Schedule,
    events: &EventIndex,
    zones: &ZoneContext,
    resolver: &mut Resolver,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    out: &mut Vec<Occurrence>,
) -> Result<(), UnknownZone> {
    let before = out.len();
    let history = zones.history(medication.meta.profile_id);
    let mut place = Placement {
        medication,
        schedule,
        history,
        resolver,
    };
    match &schedule.pattern {
        Pattern::EveryNHours {
            interval_hours,
            anchor,
            amount,
        } => place.every_n_hours(*interval_hours, *anchor, *amount, from, to, out)?,
        Pattern::AfterLastDose {
            interval_hours,
            first,
            amount,
        } => place.after_last_dose(*interval_hours, *first, *amount, events, from, to, out)?,
        Pattern::AsNeeded { .. } => {}
        _ => place.daily_times(from, to, out)?,
    }
    let placed = &mut out[before..];
    if !placed.is_sorted_by_key(|o| o.key.slot) {
        crate::sort::sort_by_key(placed, |o| o.key.slot);
    }
    if !medication.pauses.is_empty() || medication.ended_at.is_some() {
        let mut kept = out.split_off(before);
        kept.retain(|o| !medication.is_suspended_at(o.due));
        out.append(&mut kept);
    }
    Ok(())
}

/// Places one schedule's doses on the time line.
struct Placement<'a, 'r> {
    medication: &'a Medication,
    schedule: &'a Schedule,
    /// Where the person has been, for follow-local medicines.
    history: &'a ZoneHistory,
    resolver: &'a mut Resolver<'r>,
}

impl Placement<'_, '_> {
    fn resolve(&mut self, local: NaiveDateTime) -> Result<Resolved, UnknownZone> {
        match &self.medication.zone_policy {
            ZonePolicy::Fixed { zone } => self.resolver.resolve(zone, local),
            ZonePolicy::FollowLocal => self
                .history
                .resolve(self.resolver, local)
                .map(|(resolved, _)| resolved),
        }
    }

    fn occurrence(&self, slot: NaiveDateTime, at: Resolved, amount: f64) -> Occurrence {
        Occurrence {
            profile_id: self.medication.meta.profile_id,
            medication_id: self.medication.meta.id,
            key: OccurrenceKey {
                schedule_id: self.schedule.meta.id,
                slot,
            },
            due: at.instant,
            local: at.local,
            offset_seconds: at.offset_seconds,
            amount: self.schedule.amount_on(at.local.date(), amount),
        }
    }

    /// Day-based patterns: each matching local date's times. Dates are widened by two days either side
    /// because a local date and a UTC range differ by up to 14 hours.
    fn daily_times(
        &mut self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        out: &mut Vec<Occurrence>,
    ) -> Result<(), UnknownZone> {
        let first = (from - Duration::days(2)).date_naive().max(self.schedule.start);
        let mut last = (to + Duration::days(2)).date_naive();
        if let Some(end) = self.schedule.last_date() {
            last = last.min(end);
        }
        // Resolved a day at a time: away from transitions and travel, one offset holds for the whole day. That
        // is the zone the medicine stays in, or the current zone once the person had arrived by the day's first
        // moment (later times of the day resolve to later instants): exactly what `resolve` would give each time.
        let (day_zone, since) = match &self.medication.zone_policy {
            ZonePolicy::Fixed { zone } => (self.resolver.zone(zone), DateTime::<Utc>::MIN_UTC),
            ZonePolicy::FollowLocal => {
                let (since, zone) = self.history.newest();
                (self.resolver.zone(zone), since)
            }
        };
        let mut date = first;
        while date <= last {
            let times = self.schedule.times_on(date);
            let steady = match times.is_empty() {
                true => None,
                false => self
                    .resolver
                    .steady(day_zone, date)?
                    .filter(|offset| to_instant(date.and_time(NaiveTime::MIN), *offset) >= since),
            };
            for dose in times {
                let slot = date.and_time(dose.time);
                let at = match steady {
                    Some(offset_seconds) => at_offset(slot, offset_seconds),
                    None => self.resolve(slot)?,
                };
                if from <= at.instant && at.instant < to {
                    out.push(self.occurrence(slot, at, dose.amount));
                }
            }
            let Some(next) = date.succ_opt() else { break };
            date = next;
        }
        Ok(())
    }

    /// The instant after which the schedule has no more doses.
    fn end_instant(&mut self) -> Result<Option<DateTime<Utc>>, UnknownZone> {
        match self.schedule.last_date().and_then(|d| d.succ_opt()) {
            Some(day_after) => Ok(Some(self.resolve(day_after.and_time(NaiveTime::MIN))?.instant)),
            None => Ok(None),
        }
    }

    fn start_instant(&mut self, time: NaiveTime) -> Result<DateTime<Utc>, UnknownZone> {
        Ok(self.resolve(self.schedule.start.and_time(time))?.instant)
    }

    fn at_instant(&mut self, instant: DateTime<Utc>) -> Result<Resolved, UnknownZone> {
        let zone = match &self.medication.zone_policy {
            ZonePolicy::Fixed { zone } => zone.clone(),
            ZonePolicy::FollowLocal => self.history.zone_at(instant).to_owned(),
        };
        crate::zone::local_at(self.resolver.rules(), &zone, instant)
    }

    fn every_n_hours(
        &mut self,
        interval_hours: u32,
        anchor: NaiveTime,
        amount: f64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        out: &mut Vec<Occurrence>,
    ) -> Result<(), UnknownZone> {
        let step = interval_step(interval_hours);
        let start = self.start_instant(anchor)?;
        let to = self.end_instant()?.map_or(to, |end| end.min(to));
        let mut due = first_step_at_or_after(start, step, from);
        while due < to {
            let at = self.at_instant(due)?;
            out.push(self.occurrence(due.naive_utc(), at, amount));
            due = shift(due, step);
        }
        Ok(())
    }

    /// Each dose is due `interval_hours` after the previous one was taken, or after it was due if it was not.
    #[allow(clippy::too_many_arguments)]
    fn after_last_dose(
        &mut self,
        interval_hours: u32,
        first: NaiveTime,
        amount: f64,
        events: &EventIndex,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        out: &mut Vec<Occurrence>,
    ) -> Result<(), UnknownZone> {
        let step = interval_step(interval_hours);
        let to = self.end_instant()?.map_or(to, |end| end.min(to));
        let mut due = self.start_instant(first)?;
        let mut cursor = events.cursor(self.schedule.meta.id);
        // Each dose taken starts the count again, so the doses from `from` on follow from the last one taken
        // before it: no older event matters (start-up reads no further back, `Dataset::misses_last_doses`).
        if let Some(last) = cursor.last_taken_before(from.naive_utc()) {
            due = due.max(last.and_utc());
        }
        while due < to {
            if due < from {
                // Until the next dose taken, doses are whole steps apart: skip those before the range at once.
                due = match cursor.next_taken(due.naive_utc()) {
                    Some(taken) if taken.and_utc() < from => taken.and_utc(),
                    _ => last_step_at_or_before(due, step, from),
                };
            }
            let slot = due.naive_utc();
            if due >= from {
                let at = self.at_instant(due)?;
                out.push(self.occurrence(slot, at, amount));
            }
            // A dose logged very early must still move the schedule forward.
            let next = cursor
                .find(slot)
                .and_then(|e| e.taken)
                .map_or(shift(due, step), |at| {
                    shift(at, step).max(shift(due, Duration::minutes(1)))
                });
            // A dose logged for a time the count no longer passes (an earlier dose's time was corrected since)
            // still starts it again, as it would for a window that begins after it.
            due = match cursor.next_taken(slot + Duration::seconds(1)) {
                Some(taken) if taken < next.naive_utc() => taken.and_utc(),
                _ => next,
            };
        }
        Ok(())
    }
}

pub(crate) fn interval_step(interval_hours: u32) -> Duration {
    Duration::hours(i64::from(interval_hours.max(1)))
}

/// The first of `start`, `start + step`, … at or after `instant` (`start` itself if that is later).
pub(crate) fn first_step_at_or_after(
    start: DateTime<Utc>,
    step: Duration,
    instant: DateTime<Utc>,
) -> DateTime<Utc> {
    let steps = ((instant - start).num_seconds().max(0) + step.num_seconds() - 1) / step.num_seconds();
    shift(start, Duration::seconds(steps * step.num_seconds()))
}

/// The last of `start`, `start + step`, … at or before `instant` (`start` itself if that is later).
fn last_step_at_or_before(start: DateTime<Utc>, step: Duration, instant: DateTime<Utc>) -> DateTime<Utc> {
    let steps = (instant - start).num_seconds().max(0) / step.num_seconds();
    shift(start, Duration::seconds(steps * step.num_seconds()))
}
