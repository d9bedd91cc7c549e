//! Adherence by the brief's definitions.
//!
//! - Taking adherence = (on time + late + early) / expected, capped at 100 %.
//! - Timing adherence = on time / expected (on time = within the profile's window, 60 minutes by default).
//! - Expected = scheduled doses whose status is final (taken, skipped or missed); doses still open are left
//!   out until they settle. As-needed medicines are not in the denominator: their use is reported against
//!   their maximum.

use crate::dataset::{Dataset, ZoneContext};
use crate::dose::effective;
use crate::schedule::Pattern;
use crate::status::{visit, DoseStatus};
use crate::zone::{local_at, UnknownZone, ZoneRules};
use crate::Id;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub expected: u32,
    pub on_time: u32,
    /// Taken outside the on-time window (late or early).
    pub off_time: u32,
    pub skipped: u32,
    pub missed: u32,
}

impl Counts {
    pub(crate) fn add(&mut self, status: &DoseStatus) {
        if !status.is_final() {
            return;
        }
        self.expected += 1;
        match status {
            DoseStatus::TakenOnTime { .. } => self.on_time += 1,
            DoseStatus::TakenLate { .. } | DoseStatus::TakenEarly { .. } => self.off_time += 1,
            DoseStatus::Skipped => self.skipped += 1,
            _ => self.missed += 1,
        }
    }

    /// Taking adherence in 0..=1, or `None` when nothing was expected.
    pub fn taking(&self) -> Option<f64> {
        (self.expected > 0)
            .then(|| (f64::from(self.on_time + self.off_time) / f64::from(self.expected)).min(1.0))
    }

    /// Timing adherence in 0..=1, or `None` when nothing was expected.
    pub fn timing(&self) -> Option<f64> {
        (self.expected > 0).then(|| f64::from(self.on_time) / f64::from(self.expected))
    }
}

/// Use of an as-needed medicine against its maximum.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AsNeededUse {
    pub medication_id: Id,
    pub doses_taken: u32,
    /// The most the schedule allows over the period (its 24-hour maximum times the days).
    pub most_allowed: u32,
    /// The most taken in any one local day.
    pub busiest_day: u32,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Streaks {
    /// Days in a row up to today with every due dose taken (days without doses neither count nor break it).
    pub current: u32,
    pub longest: u32,
}

/// Local time-of-day buckets for patterns of misses.
pub const TIME_OF_DAY: [&str; 4] = ["night", "morning", "afternoon", "evening"];

pub(crate) fn time_of_day_bucket(hour: u32) -> usize {
    match hour {
        5..=11 => 1,
        12..=16 => 2,
        17..=21 => 3,
        _ => 0,
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub overall: Counts,
    pub per_medication: BTreeMap<Id, Counts>,
    pub as_needed: Vec<AsNeededUse>,
    pub streaks: Streaks,
    /// Missed or skipped doses by local time of day, in [`TIME_OF_DAY`] order.
    pub misses_by_time_of_day: [u32; 4],
    /// Missed or skipped doses by local weekday, Monday first.
    pub misses_by_weekday: [u32; 7],
}

/// Adherence over the `days` days that end at `now`, for one profile or all.
pub fn report(
    data: &Dataset,
    zones: &ZoneContext,
    rules: &dyn ZoneRules,
    profile: Option<Id>,
    days: u32,
    now: DateTime<Utc>,
) -> Result<Report, UnknownZone> {
    let from = now - Duration::days(i64::from(days));
    let mut report = Report {
        from,
        to: now,
        overall: Counts::default(),
        per_medication: BTreeMap::new(),
        as_needed: as_needed_use(data, rules, profile, from, now, days),
        streaks: Streaks::default(),
        misses_by_time_of_day: [0; 4],
        misses_by_weekday: [0; 7],
    };
    let mut days = DayLedger::new(from);
    let mut current: Option<(Id, Counts)> = None;
    visit(
        data,
        zones,
        rules,
        from,
        now + Duration::seconds(1),
        now,
        |dose, status, _| {
            if profile.is_some_and(|p| dose.profile_id != p) {
                return;
            }
            // Doses arrive medication by medication: count into a local tally, filed when the medication changes.
            match &mut current {
                Some((id, counts)) if *id == dose.medication_id => counts.add(&status),
                _ => {
                    if let Some((id, counts)) = current.replace((dose.medication_id, Counts::default())) {
                        report.per_medication.insert(id, counts);
                    }
                    current.as_mut().expect("just set").1.add(&status);
                }
            }
            report.overall.add(&status);
            days.record(dose.local.date(), &status);
            if matches!(status, DoseStatus::Missed | DoseStatus::Skipped) {
                report.misses_by_time_of_day[time_of_day_bucket(dose.local.hour())] += 1;
                report.misses_by_weekday[dose.local.weekday().num_days_from_monday() as usize] += 1;
            }
        },
    )?;
    if let Some((id, counts)) = current {
        report.per_medication.insert(id, counts);
    }
    report.streaks = days.streaks();
    Ok(report)
}

/// Each local day's state, in a vector indexed by days from the start of the period.
struct DayLedger {
    first: NaiveDate,
    days: Vec<DayState>,
    /// The last date recorded and its index: a medication's doses come in time order, several a day, and
    /// working out a date's index is calendar arithmetic.
    last: Option<(NaiveDate, Option<usize>)>,
}

#[derive(Clone, Copy, PartialEq)]
enum DayState {
    NoDoses,
    AllTaken,
    Open,
    Broken,
}

impl DayLedger {
    fn new(from: DateTime<Utc>) -> Self {
        // Local dates can be up to 14 hours either side of UTC.
        DayLedger {
            first: from.date_naive() - Duration::days(1),
            days: Vec::new(),
            last: None,
        }
    }

    fn record(&mut self, date: NaiveDate, status: &DoseStatus) {
        let index = match self.last {
            Some((last, index)) if last == date => index,
            // The next day: cheaper than calendar arithmetic.
            Some((last, Some(index))) if last.succ_opt() == Some(date) => {
                self.last = Some((date, Some(index + 1)));
                Some(index + 1)
            }
            _ => {
                let index = usize::try_from((date - self.first).num_days()).ok();
                self.last = Some((date, index));
                index
            }
        };
        let Some(index) = index else {
            return;
        };
        if index >= self.days.len() {
            self.days.resize(index + 1, DayState::NoDoses);
        }
        let day = &mut self.days[index];
        *day = match (*day, status.is_final(), status.is_taken()) {
            (DayState::Broken, _, _) | (_, true, false) => DayState::Broken,
            (_, false, _) => DayState::Open,
            (DayState::Open, true, true) => DayState::Open,
            (_, true, true) => DayState::AllTaken,
        };
    }

    /// A day counts when every due dose is taken; a miss or skip breaks the run; a day still in progress or
    /// without doses neither counts nor breaks it.
    fn streaks(&self) -> Streaks {
        let mut streaks = Streaks::default();
        for day in &self.days {
            match day {
                DayState::AllTaken => streaks.current += 1,
                DayState::Broken => streaks.current = 0,
                DayState::NoDoses | DayState::Open => {}
            }
            streaks.longest = streaks.longest.max(streaks.current);
        }
        streaks
    }
}

fn as_needed_use(
    data: &Dataset,
    rules: &dyn ZoneRules,
    profile: Option<Id>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    days: u32,
) -> Vec<AsNeededUse> {
    let mut uses: BTreeMap<Id, (u32, BTreeMap<NaiveDate, u32>)> = BTreeMap::new();
    let mut maxima: BTreeMap<Id, u32> = BTreeMap::new();
    for schedule in data.schedules.iter().filter(|s| !s.meta.deleted) {
        if let Pattern::AsNeeded { max_per_24h, .. } = schedule.pattern {
            if profile.is_none_or(|p| schedule.meta.profile_id == p) {
                maxima.insert(schedule.medication_id, max_per_24h);
            }
        }
    }
    if maxima.is_empty() {
        return Vec::new();
    }
    for event in effective(&data.dose_events) {
        let Some(at) = event.taken_at().filter(|at| from <= *at && *at <= to) else {
            continue;
        };
        if !maxima.contains_key(&event.medication_id) {
            continue;
        }
        let entry = uses.entry(event.medication_id).or_default();
        entry.0 += 1;
        // The day in the zone the dose was logged in, so an evening's doses are not split at UTC midnight.
        let local_day = local_at(rules, &event.zone, at).map_or(at.date_naive(), |r| r.local.date());
        *entry.1.entry(local_day).or_default() += 1;
    }
    maxima
        .into_iter()
        .map(|(medication_id, max)| {
            let (doses_taken, per_day) = uses.remove(&medication_id).unwrap_or_default();
            AsNeededUse {
                medication_id,
                doses_taken,
                most_allowed: max.saturating_mul(days),
                busiest_day: per_day.values().copied().max().unwrap_or(0),
            }
        })
        .collect()
}
