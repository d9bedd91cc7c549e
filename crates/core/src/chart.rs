//! The series the health charts draw, computed here so the app only places them: weekly taking and timing
//! adherence, each measurement and check-in on the same time axis, the goals' dates, and a value axis with round
//! ticks. The app draws SVG from these (no chart library: see ARCHITECTURE.md).

use crate::adherence::Counts;
use crate::dataset::ZoneContext;
use crate::export::People;
use crate::measure::MeasureKind;
use crate::status::visit;
use crate::zone::{UnknownZone, ZoneRules};
use crate::Dataset;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

/// One week's doses, Monday to Sunday by the dose's local date.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Week {
    pub monday: NaiveDate,
    pub counts: Counts,
}

/// Each week with a day in the `days` days up to `now` (local date `today`), oldest first, counting the
/// scheduled doses settled in that period (a week cut by the period's start counts only its days inside).
pub fn weekly(
    data: &Dataset,
    zones: &ZoneContext,
    rules: &dyn ZoneRules,
    people: People,
    days: u32,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Vec<Week>, UnknownZone> {
    let first = today - Duration::days(i64::from(days) - 1);
    let first_monday = monday_of(first);
    let weeks = (today - first_monday).num_days() / 7 + 1;
    let mut found: Vec<Week> = (0..weeks)
        .map(|w| Week {
            monday: first_monday + Duration::weeks(w),
            counts: Counts::default(),
        })
        .collect();
    let from = now - Duration::days(i64::from(days) + 1);
    visit(data, zones, rules, from, now, now, |dose, status, _| {
        let date = dose.local.date();
        if !people.include(dose.profile_id) || date < first || date > today {
            return;
        }
        let index = ((monday_of(date) - first_monday).num_days() / 7) as usize;
        if let Some(week) = found.get_mut(index) {
            week.counts.add(&status);
        }
    })?;
    Ok(found)
}

fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

/// A reading on a chart: when, the main number, and the second one (a blood pressure's diastolic).
pub type Point = (DateTime<Utc>, f64, Option<f64>);

/// One measurement's numbers in `[from, to)`, oldest first.
pub fn readings(
    data: &Dataset,
    people: People,
    kind: MeasureKind,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<Point> {
    let mut found: Vec<_> = data
        .measurements
        .iter()
        .filter(|m| !m.meta.deleted && people.include(m.meta.profile_id))
        .filter(|m| m.reading.kind() == kind && m.taken_at >= from && m.taken_at < to)
        .map(|m| {
            let (main, second, _) = m.reading.numbers();
            (m.taken_at, main, second)
        })
        .collect();
    crate::sort::sort_by_key(&mut found, |r| r.0);
    found
}

/// The moods given in check-ins in `[from, to)`, oldest first.
pub fn moods(
    data: &Dataset,
    people: People,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, u32)> {
    let mut found: Vec<_> = data
        .check_ins
        .iter()
        .filter(|c| !c.meta.deleted && people.include(c.meta.profile_id))
        .filter(|c| c.at >= from && c.at < to)
        .filter_map(|c| Some((c.at, c.mood?)))
        .collect();
    crate::sort::sort_by_key(&mut found, |m| m.0);
    found
}

/// A value axis: from `low` to `high` in steps of `step`, a round number (1, 2 or 5 times a power of ten), with
/// about `ticks` steps, covering every value given.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Axis {
    pub low: f64,
    pub high: f64,
    pub step: f64,
}

impl Axis {
    pub fn covering(values: impl IntoIterator<Item = f64>, ticks: u32) -> Option<Axis> {
        let (mut min, mut max) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values.into_iter().filter(|v| v.is_finite()) {
            min = min.min(v);
            max = max.max(v);
        }
        if min > max {
            return None;
        }
        // One value, or all the same: a little room either side.
        let span = if max > min {
            max - min
        } else {
            min.abs().max(1.0) / 5.0
        };
        let rough = span / f64::from(ticks.max(1));
        let power = 10f64.powf(rough.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|m| m * power)
            .find(|s| *s >= rough)
            .unwrap_or(10.0 * power);
        let low = (min / step).floor() * step;
        let mut high = (max / step).ceil() * step;
        if high <= low {
            high = low + step;
        }
        Some(Axis { low, high, step })
    }

    /// The ticks from `low` to `high`.
    pub fn ticks(&self) -> Vec<f64> {
        let count = ((self.high - self.low) / self.step).round() as usize;
        (0..=count.min(100))
            .map(|i| self.low + self.step * i as f64)
            .collect()
    }

    /// Where `value` sits, 0 at `low` to 1 at `high`.
    pub fn place(&self, value: f64) -> f64 {
        (value - self.low) / (self.high - self.low)
    }
}
