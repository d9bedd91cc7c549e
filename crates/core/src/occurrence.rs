//! Expansion: every due dose of every medication in a range of instants, in time order.

use crate::dataset::{Dataset, ZoneContext};
use crate::dose::{EventIndex, OccurrenceKey};
use crate::medication::Medication;
use crate::schedule::{Pattern, Schedule};
use crate::zone::{Resolved, Resolver, UnknownZone, ZonePolicy, ZoneRules};
use crate::Id;
use chrono::{DateTime, Duration, NaiveDateTime, NaiveTime, Utc};

/// One due dose.
#[derive(Clone, Debug, PartialEq)]
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
    let needs_events = data.schedules.iter().any(|s| matches!(s.pattern, Pattern::AfterLastDose { .. }));
    let index = if needs_events { EventIndex::new(&data.dose_events) } else { EventIndex::default() };
    expand_indexed(data, &index, zones, rules, from, to)
}

/// [`expand`] with the events already indexed.
pub fn expand_indexed(
    data: &Dataset,
    events: &EventIndex,
    zones: &ZoneContext,
    rules: &dyn ZoneRules,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Occurrence>, UnknownZone> {
    let mut resolver = Resolver::new(rules);
    let mut out = Vec::new();
    for schedule in data.schedules.iter().filter(|s| !s.meta.deleted) {
        let Some(medication) = data.medication(schedule.medication_id) else { continue };
        let mut place = Placement { medication, schedule, zones, resolver: &mut resolver };
        let before = out.len();
        match &schedule.pattern {
            Pattern::EveryNHours { interval_hours, anchor, amount } => {
                place.every_n_hours(*interval_hours, *anchor, *amount, from, to, &mut out)?
            }
            Pattern::AfterLastDose { interval_hours, first, amount } => {
                place.after_last_dose(*interval_hours, *first, *amount, events, from, to, &mut out)?
            }
            Pattern::AsNeeded { .. } => {}
            _ => place.daily_times(from, to, &mut out)?,
        }
        let mut placed = out.split_off(before);
        placed.retain(|o| !medication.is_suspended_at(o.due));
        out.append(&mut placed);
    }
    out.sort_by(|a, b| (a.due, a.medication_id, a.key.slot).cmp(&(b.due, b.medication_id, b.key.slot)));
    Ok(out)
}

/// Places one schedule's doses on the time line.
struct Placement<'a, 'r> {
    medication: &'a Medication,
    schedule: &'a Schedule,
    zones: &'a ZoneContext,
    resolver: &'a mut Resolver<'r>,
}

impl Placement<'_, '_> {
    fn resolve(&mut self, local: NaiveDateTime) -> Result<Resolved, UnknownZone> {
        match &self.medication.zone_policy {
            ZonePolicy::Fixed { zone } => self.resolver.resolve(zone, local),
            ZonePolicy::FollowLocal => {
                let history = self.zones.history(self.medication.meta.profile_id);
                history.resolve(self.resolver, local).map(|(resolved, _)| resolved)
            }
        }
    }

    fn occurrence(&self, slot: NaiveDateTime, at: Resolved, amount: f64) -> Occurrence {
        Occurrence {
            profile_id: self.medication.meta.profile_id,
            medication_id: self.medication.meta.id,
            key: OccurrenceKey { schedule_id: self.schedule.meta.id, slot },
            due: at.instant,
            local: at.local,
            offset_seconds: at.offset_seconds,
            amount: self.schedule.amount_on(at.local.date(), amount),
        }
    }

    /// Day-based patterns: each matching local date's times. Dates are widened by two days either side
    /// because a local date and a UTC range differ by up to 14 hours.
    fn daily_times(&mut self, from: DateTime<Utc>, to: DateTime<Utc>, out: &mut Vec<Occurrence>) -> Result<(), UnknownZone> {
        let first = (from - Duration::days(2)).date_naive().max(self.schedule.start);
        let mut last = (to + Duration::days(2)).date_naive();
        if let Some(end) = self.schedule.last_date() {
            last = last.min(end);
        }
        let mut date = first;
        while date <= last {
            for dose in self.schedule.times_on(date) {
                let slot = date.and_time(dose.time);
                let at = self.resolve(slot)?;
                if from <= at.instant && at.instant < to {
                    out.push(self.occurrence(slot, at, dose.amount));
                }
            }
            date = date.succ_opt().expect("date in range");
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
            ZonePolicy::FollowLocal => self.zones.history(self.medication.meta.profile_id).zone_at(instant).to_owned(),
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
        let step = Duration::hours(i64::from(interval_hours.max(1)));
        let start = self.start_instant(anchor)?;
        let to = self.end_instant()?.map_or(to, |end| end.min(to));
        let steps_to_from = ((from - start).num_seconds().max(0) + step.num_seconds() - 1) / step.num_seconds();
        let mut due = start + step * i32::try_from(steps_to_from).unwrap_or(i32::MAX);
        while due < to {
            let at = self.at_instant(due)?;
            out.push(self.occurrence(due.naive_utc(), at, amount));
            due += step;
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
        let step = Duration::hours(i64::from(interval_hours.max(1)));
        let to = self.end_instant()?.map_or(to, |end| end.min(to));
        let mut due = self.start_instant(first)?;
        while due < to {
            let slot = due.naive_utc();
            if due >= from {
                let at = self.at_instant(due)?;
                out.push(self.occurrence(slot, at, amount));
            }
            let key = OccurrenceKey { schedule_id: self.schedule.meta.id, slot };
            // A dose logged very early must still move the schedule forward.
            due = events.taken_at(&key).map_or(due + step, |at| (at + step).max(due + Duration::minutes(1)));
        }
        Ok(())
    }
}
