//! Schedules: when a medication is due, as local wall-clock rules. Expansion into instants is in `occurrence`.

use crate::dataset::Kind;
use crate::limits::{
    amount_in_range, date_in_range, Checks, EARLIEST_DATE, LATEST_DATE, MAX_AMOUNT, MAX_DAYS,
    MAX_INTERVAL_HOURS, MAX_MIN_GAP_MINUTES, MAX_PER_24H, MAX_TAPER_STEPS, MAX_TIMES_A_DAY,
};
use crate::record::{Meta, Record, Reference};
use crate::Id;
use chrono::{Datelike, Days, Duration, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// A local time of day with the amount due then.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DoseTime {
    #[serde(deserialize_with = "crate::wire_time::one")]
    pub time: NaiveTime,
    pub amount: f64,
}

/// Externally tagged (`{"daily": {...}}`) so that an import error inside it keeps its exact path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pattern {
    /// The same times every day.
    Daily { times: Vec<DoseTime> },
    /// The same times on chosen weekdays.
    Weekdays {
        days: Vec<Weekday>,
        times: Vec<DoseTime>,
    },
    /// Every `interval` days from the start date.
    EveryNDays { interval: u32, times: Vec<DoseTime> },
    /// `days_on` days of doses, then `days_off` days without, repeating from the start date.
    Cycle {
        days_on: u32,
        days_off: u32,
        times: Vec<DoseTime>,
    },
    /// Every `interval_hours` of elapsed time from `anchor` on the start date. Counted in real hours, so a
    /// daylight-saving change never shortens or stretches the gap between two doses.
    EveryNHours {
        interval_hours: u32,
        #[serde(deserialize_with = "crate::wire_time::one")]
        anchor: NaiveTime,
        amount: f64,
    },
    /// First dose at `first` on the start date, then each next dose `interval_hours` after the last one taken
    /// (or after the last due time, if it was not taken).
    AfterLastDose {
        interval_hours: u32,
        #[serde(deserialize_with = "crate::wire_time::one")]
        first: NaiveTime,
        amount: f64,
    },
    /// Taken when needed, never more than `max_per_24h` doses in any 24 hours, at least `min_gap_minutes` apart.
    AsNeeded {
        max_per_24h: u32,
        min_gap_minutes: u32,
        amount: f64,
    },
}

impl Pattern {
    /// The times of day of a day-based pattern (daily, weekdays, every N days, cycle); interval and as-needed
    /// patterns have none.
    pub fn times(&self) -> Option<&[DoseTime]> {
        match self {
            Pattern::Daily { times }
            | Pattern::Weekdays { times, .. }
            | Pattern::EveryNDays { times, .. }
            | Pattern::Cycle { times, .. } => Some(times),
            _ => None,
        }
    }

    pub fn times_mut(&mut self) -> Option<&mut Vec<DoseTime>> {
        match self {
            Pattern::Daily { times }
            | Pattern::Weekdays { times, .. }
            | Pattern::EveryNDays { times, .. }
            | Pattern::Cycle { times, .. } => Some(times),
            _ => None,
        }
    }

    /// The pattern's name in the file (`{"daily": {...}}`), which JSON paths into it go through.
    pub fn name(&self) -> &'static str {
        match self {
            Pattern::Daily { .. } => "daily",
            Pattern::Weekdays { .. } => "weekdays",
            Pattern::EveryNDays { .. } => "every_n_days",
            Pattern::Cycle { .. } => "cycle",
            Pattern::EveryNHours { .. } => "every_n_hours",
            Pattern::AfterLastDose { .. } => "after_last_dose",
            Pattern::AsNeeded { .. } => "as_needed",
        }
    }
}

/// When the schedule stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", try_from = "StoredEnd")]
pub enum End {
    Never,
    /// The last day with doses (inclusive).
    On {
        date: NaiveDate,
    },
    /// A course of this many days, counting the start date.
    AfterDays {
        days: u32,
    },
}

/// [`End`] as stored, read as a plain struct (see `medication::StoredCutoff` for why).
#[derive(Deserialize)]
struct StoredEnd {
    kind: EndKind,
    #[serde(default, deserialize_with = "crate::wire_time::opt")]
    date: Option<NaiveDate>,
    #[serde(default)]
    days: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum EndKind {
    Never,
    On,
    AfterDays,
}

impl TryFrom<StoredEnd> for End {
    type Error = &'static str;

    fn try_from(stored: StoredEnd) -> Result<Self, Self::Error> {
        match stored.kind {
            EndKind::Never => Ok(End::Never),
            EndKind::On => stored
                .date
                .map(|date| End::On { date })
                .ok_or("missing field `date`"),
            EndKind::AfterDays => stored
                .days
                .map(|days| End::AfterDays { days })
                .ok_or("missing field `days`"),
        }
    }
}

/// A tapering step: from `from` to `to` (inclusive) every dose is `amount` instead of the usual amount.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaperStep {
    #[serde(deserialize_with = "crate::wire_time::one")]
    pub from: NaiveDate,
    #[serde(deserialize_with = "crate::wire_time::one")]
    pub to: NaiveDate,
    pub amount: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    #[serde(flatten)]
    pub meta: Meta,
    pub medication_id: Id,
    pub pattern: Pattern,
    #[serde(deserialize_with = "crate::wire_time::one")]
    pub start: NaiveDate,
    pub end: End,
    #[serde(default)]
    pub taper: Vec<TaperStep>,
}

impl Record for Schedule {
    fn meta(&self) -> &Meta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }
    /// Keeps only which medicine it was for; the times, amounts and dates go.
    fn cleared(&self) -> Self {
        Schedule {
            meta: self.meta.clone(),
            medication_id: self.medication_id,
            pattern: Pattern::Daily { times: Vec::new() },
            start: NaiveDate::default(),
            end: End::Never,
            taper: Vec::new(),
        }
    }
    /// The file nests a pattern's values under its name: `pattern.times` is `pattern.daily.times` there.
    fn own_problems(&self) -> Vec<(String, String)> {
        let field = |field: &'static str| match field.strip_prefix("pattern.") {
            Some(inner) => format!("pattern.{}.{inner}", self.pattern.name()),
            None => field.to_owned(),
        };
        self.problems()
            .into_iter()
            .map(|(f, message)| (field(f), message))
            .collect()
    }
    fn references(&self) -> Vec<Reference> {
        vec![Reference {
            field: "medication_id",
            kind: Kind::Medication,
            id: self.medication_id,
        }]
    }
}

impl Schedule {
    /// The last date with doses, if the schedule ends.
    pub fn last_date(&self) -> Option<NaiveDate> {
        match self.end {
            End::Never => None,
            End::On { date } => Some(date),
            // A course running past the last date chrono can hold ends there.
            End::AfterDays { days } => Some(
                self.start
                    .checked_add_days(Days::new(u64::from(days.max(1) - 1)))
                    .unwrap_or(NaiveDate::MAX),
            ),
        }
    }

    /// The amount due on `date` at a slot whose usual amount is `usual`, after tapering.
    pub fn amount_on(&self, date: NaiveDate, usual: f64) -> f64 {
        self.taper
            .iter()
            .find(|s| s.from <= date && date <= s.to)
            .map_or(usual, |s| s.amount)
    }

    /// The day-based patterns' times on `date`, or nothing if no dose falls on that date.
    /// Interval and as-needed patterns have no fixed daily times and return nothing.
    pub fn times_on(&self, date: NaiveDate) -> &[DoseTime] {
        if date < self.start || self.last_date().is_some_and(|last| date > last) {
            return &[];
        }
        let days_in = (date - self.start).num_days();
        match &self.pattern {
            Pattern::Daily { times } => times,
            Pattern::Weekdays { days, times } if days.contains(&date.weekday()) => times,
            Pattern::EveryNDays { interval, times } if days_in % i64::from((*interval).max(1)) == 0 => times,
            Pattern::Cycle {
                days_on,
                days_off,
                times,
            } if days_in % cycle_days(*days_on, *days_off) < i64::from(*days_on) => times,
            _ => &[],
        }
    }

    /// Checks the schedule's own values against [`crate::limits`]; each problem is a (field, message) pair.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut checks = Checks::default();
        checks.date("start", self.start);
        match &self.pattern {
            Pattern::Daily { times } => check_times(&mut checks, times),
            Pattern::Weekdays { days, times } => {
                checks.require(!days.is_empty(), "pattern.days", "choose at least one weekday");
                let distinct: HashSet<&Weekday> = days.iter().collect();
                checks.require(
                    distinct.len() == days.len(),
                    "pattern.days",
                    "lists the same weekday twice",
                );
                check_times(&mut checks, times);
            }
            Pattern::EveryNDays { interval, times } => {
                checks.within("pattern.interval", *interval, 1..=MAX_DAYS, "days");
                check_times(&mut checks, times);
            }
            Pattern::Cycle {
                days_on,
                days_off,
                times,
            } => {
                checks.within("pattern.days_on", *days_on, 1..=MAX_DAYS, "days");
                checks.within("pattern.days_off", *days_off, 0..=MAX_DAYS, "days");
                check_times(&mut checks, times);
            }
            Pattern::EveryNHours {
                interval_hours,
                amount,
                ..
            }
            | Pattern::AfterLastDose {
                interval_hours,
                amount,
                ..
            } => {
                checks.within(
                    "pattern.interval_hours",
                    *interval_hours,
                    1..=MAX_INTERVAL_HOURS,
                    "hours",
                );
                checks.amount("pattern.amount", *amount);
            }
            Pattern::AsNeeded {
                max_per_24h,
                min_gap_minutes,
                amount,
            } => {
                checks.within("pattern.max_per_24h", *max_per_24h, 1..=MAX_PER_24H, "");
                checks.within(
                    "pattern.min_gap_minutes",
                    *min_gap_minutes,
                    0..=MAX_MIN_GAP_MINUTES,
                    "minutes",
                );
                checks.amount("pattern.amount", *amount);
            }
        }
        match self.end {
            End::Never => {}
            End::On { date } => {
                checks.date("end.date", date);
                checks.require(date >= self.start, "end.date", "is before the start date");
            }
            End::AfterDays { days } => checks.within("end.days", days, 1..=MAX_DAYS, "days"),
        }
        checks.require(
            self.taper.len() <= MAX_TAPER_STEPS,
            "taper",
            format_args!("has more than {MAX_TAPER_STEPS} steps"),
        );
        for step in &self.taper {
            checks.require(
                date_in_range(step.from) && date_in_range(step.to),
                "taper",
                format_args!("a step's dates must be from {EARLIEST_DATE} to {LATEST_DATE}"),
            );
            checks.require(step.from <= step.to, "taper", "a step ends before it starts");
            checks.require(
                amount_in_range(step.amount),
                "taper",
                format_args!("a step's amount must be above zero and at most {MAX_AMOUNT}"),
            );
        }
        checks.into_vec()
    }

    /// The RFC 5545 recurrence rule for this schedule's times, one rule per time of day, when one exists.
    /// Returns `None` for patterns a calendar cannot express (after the last dose, as needed).
    /// `UNTIL` (from [`Schedule::last_date`]) is left to the caller, which knows the zone to express it in.
    pub fn rrule(&self) -> Option<String> {
        let rule = match &self.pattern {
            Pattern::Daily { .. } => "FREQ=DAILY".to_owned(),
            Pattern::Weekdays { days, .. } => {
                let days: Vec<&str> = days.iter().map(|d| ical_weekday(*d)).collect();
                format!("FREQ=WEEKLY;BYDAY={}", days.join(","))
            }
            Pattern::EveryNDays { interval, .. } => format!("FREQ=DAILY;INTERVAL={interval}"),
            // A cycle of days_on days within each (on + off) days: a daily rule limited to the first `on` days
            // is not expressible in one RRULE unless days_on is 1.
            Pattern::Cycle {
                days_on: 1, days_off, ..
            } => format!("FREQ=DAILY;INTERVAL={}", 1 + u64::from(*days_off)),
            Pattern::Cycle { .. } => return None,
            Pattern::EveryNHours { interval_hours, .. } => format!("FREQ=HOURLY;INTERVAL={interval_hours}"),
            Pattern::AfterLastDose { .. } | Pattern::AsNeeded { .. } => return None,
        };
        Some(rule)
    }
}

/// The length of one cycle of `days_on` days on and `days_off` off, at least a day; never overflows.
/// What to store when the person edits a medicine's schedule: `old` as stored, `edited` as typed (with `old`'s
/// id and a new stamp), on local date `today`.
///
/// Editing a schedule that is under way (started before today, not finished before today) so that its doses
/// change ends the old schedule yesterday and starts the new one today, under an id from `fresh`: the history
/// of past days keeps the schedule that applied then, and their logged doses stay attached to it. The new
/// schedule keeps what the person typed: a course ends on the day it would have ended from the typed start, and
/// an every-N-days or cycle schedule starts on its next dose day counted from the typed start, so its rhythm
/// does not move (a cycle edited during its days on starts a new run of days on today). An ended schedule is
/// never lengthened, and if the edited course is already over only the ended schedule is stored. Every other
/// edit (a schedule not under way yet, a finished one, or a change that leaves the doses as they were, such as a
/// new end date) replaces the schedule in place.
pub fn revise(
    old: Option<&Schedule>,
    edited: Schedule,
    today: NaiveDate,
    fresh: impl FnOnce() -> Meta,
) -> Vec<Schedule> {
    let Some(old) = old else {
        return vec![edited];
    };
    let under_way = old.start < today && old.last_date().is_none_or(|last| last >= today);
    let changes_doses = old.pattern != edited.pattern || old.taper != edited.taper;
    let Some(yesterday) = today.pred_opt().filter(|_| under_way && changes_doses) else {
        return vec![edited];
    };
    let last = edited.last_date();
    let mut ended = old.clone();
    ended.meta = edited.meta.clone();
    ended.end = End::On {
        date: last.map_or(yesterday, |last| last.min(yesterday)).max(old.start),
    };
    let start = edited.next_dose_day(edited.start.max(today));
    if last.is_some_and(|last| last < start) {
        return vec![ended];
    }
    let end = match (edited.end, last) {
        (End::AfterDays { .. }, Some(last)) => End::AfterDays {
            days: u32::try_from((last - start).num_days() + 1).unwrap_or(u32::MAX),
        },
        (end, _) => end,
    };
    let next = Schedule {
        meta: fresh(),
        start,
        end,
        ..edited
    };
    vec![ended, next]
}

impl Schedule {
    /// The first date from `from` on with doses, for the patterns counted in days from the start (every N days,
    /// cycles); `from` itself for every other pattern, or when no dose falls within one round of the pattern.
    fn next_dose_day(&self, from: NaiveDate) -> NaiveDate {
        let round = match &self.pattern {
            Pattern::EveryNDays { interval, .. } => i64::from(*interval),
            Pattern::Cycle {
                days_on, days_off, ..
            } => cycle_days(*days_on, *days_off),
            _ => return from,
        };
        (0..round)
            .map_while(|days| from.checked_add_signed(Duration::days(days)))
            .find(|date| !self.times_on(*date).is_empty())
            .unwrap_or(from)
    }
}

pub(crate) fn cycle_days(days_on: u32, days_off: u32) -> i64 {
    (i64::from(days_on) + i64::from(days_off)).max(1)
}

/// A day-based pattern's times: how many, and each amount.
fn check_times(checks: &mut Checks, times: &[DoseTime]) {
    checks.require(
        (1..=MAX_TIMES_A_DAY).contains(&times.len()),
        "pattern.times",
        format_args!("needs from 1 to {MAX_TIMES_A_DAY} times a day"),
    );
    checks.require(
        times.iter().all(|t| amount_in_range(t.amount)),
        "pattern.times",
        format_args!("each time needs an amount above zero and at most {MAX_AMOUNT}"),
    );
}

pub(crate) fn ical_weekday(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

/// Spreads `count` doses a day evenly from waking to bedtime, both included, rounded to 5 minutes.
/// Bedtime earlier than waking means after midnight (a night worker waking at 14:00 and sleeping at 02:00).
pub fn spread_over_waking_hours(count: u32, wake: NaiveTime, sleep: NaiveTime) -> Vec<NaiveTime> {
    let wake_min = minutes_from_midnight(wake);
    let mut awake = minutes_from_midnight(sleep) - wake_min;
    if awake <= 0 {
        awake += 24 * 60;
    }
    match count {
        0 => vec![],
        1 => vec![wake],
        n => (0..i64::from(n))
            .map(|i| {
                let minute = wake_min + (awake * i / (i64::from(n) - 1) + 2) / 5 * 5;
                NaiveTime::MIN + Duration::minutes(minute.rem_euclid(24 * 60))
            })
            .collect(),
    }
}

fn minutes_from_midnight(time: NaiveTime) -> i64 {
    use chrono::Timelike;
    i64::from(time.num_seconds_from_midnight() / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn each_pattern_is_named_as_in_the_file() {
        let times = vec![DoseTime {
            time: t(8, 0),
            amount: 1.0,
        }];
        for pattern in [
            Pattern::Daily { times: times.clone() },
            Pattern::Weekdays {
                days: vec![Weekday::Mon],
                times: times.clone(),
            },
            Pattern::EveryNDays {
                interval: 2,
                times: times.clone(),
            },
            Pattern::Cycle {
                days_on: 1,
                days_off: 1,
                times,
            },
            Pattern::EveryNHours {
                interval_hours: 8,
                anchor: t(8, 0),
                amount: 1.0,
            },
            Pattern::AfterLastDose {
                interval_hours: 8,
                first: t(8, 0),
                amount: 1.0,
            },
            Pattern::AsNeeded {
                max_per_24h: 4,
                min_gap_minutes: 60,
                amount: 1.0,
            },
        ] {
            let json = serde_json::to_value(&pattern).unwrap();
            assert_eq!(json.as_object().unwrap().keys().next().unwrap(), pattern.name());
        }
    }

    #[test]
    fn spreads_three_doses_over_a_day_from_seven_to_ten() {
        assert_eq!(
            spread_over_waking_hours(3, t(7, 0), t(22, 0)),
            vec![t(7, 0), t(14, 30), t(22, 0)]
        );
        assert_eq!(
            spread_over_waking_hours(4, t(7, 0), t(22, 0)),
            vec![t(7, 0), t(12, 0), t(17, 0), t(22, 0)]
        );
        assert_eq!(spread_over_waking_hours(1, t(8, 0), t(22, 0)), vec![t(8, 0)]);
    }

    #[test]
    fn spreads_across_midnight_for_night_workers() {
        assert_eq!(
            spread_over_waking_hours(3, t(14, 0), t(2, 0)),
            vec![t(14, 0), t(20, 0), t(2, 0)]
        );
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn meta(n: u128, wall_ms: u64) -> Meta {
        Meta {
            id: Id::from_u128(n),
            profile_id: Id::from_u128(0),
            stamp: crate::hlc::Hlc {
                wall_ms,
                ..Default::default()
            },
            deleted: false,
        }
    }

    fn schedule(pattern: Pattern, start: &str, end: End) -> Schedule {
        Schedule {
            meta: meta(1, 1),
            medication_id: Id::from_u128(100),
            pattern,
            start: date(start),
            end,
            taper: vec![],
        }
    }

    fn daily_at(h: u32) -> Pattern {
        Pattern::Daily {
            times: vec![DoseTime {
                time: t(h, 0),
                amount: 1.0,
            }],
        }
    }

    /// `old` edited to `pattern` and `end` (the start as the form shows it), stamped 2, on `today`.
    fn revised(old: &Schedule, pattern: Pattern, end: End, today: &str) -> Vec<Schedule> {
        let edited = Schedule {
            meta: meta(1, 2),
            pattern,
            end,
            ..old.clone()
        };
        revise(Some(old), edited, date(today), || meta(2, 3))
    }

    #[test]
    fn changing_a_schedule_under_way_ends_it_yesterday_and_starts_the_new_one_today() {
        let old = schedule(daily_at(8), "2026-01-01", End::Never);
        let stored = revised(&old, daily_at(9), End::Never, "2026-03-10");
        assert_eq!(stored.len(), 2);
        let (ended, next) = (&stored[0], &stored[1]);
        assert_eq!((ended.meta.id, ended.meta.stamp.wall_ms), (old.meta.id, 2));
        assert_eq!(ended.pattern, old.pattern);
        assert_eq!(
            (ended.start, ended.end),
            (
                old.start,
                End::On {
                    date: date("2026-03-09")
                }
            )
        );
        assert_eq!(next.meta, meta(2, 3));
        assert_eq!(
            (next.pattern.clone(), next.start, next.end),
            (daily_at(9), date("2026-03-10"), End::Never)
        );
    }

    #[test]
    fn edits_that_do_not_touch_past_doses_replace_the_schedule() {
        let old = schedule(daily_at(8), "2026-01-01", End::Never);
        // Only the end changes.
        let end = End::On {
            date: date("2026-06-30"),
        };
        assert_eq!(revised(&old, daily_at(8), end, "2026-03-10").len(), 1);
        // Not under way yet: it starts today.
        let stored = revised(&old, daily_at(9), End::Never, "2026-01-01");
        assert_eq!((stored.len(), stored[0].meta.stamp.wall_ms), (1, 2));
        // A new medicine has no old schedule.
        let new = schedule(daily_at(8), "2026-01-01", End::Never);
        assert_eq!(
            revise(None, new.clone(), date("2026-03-10"), || unreachable!()),
            vec![new]
        );
    }

    #[test]
    fn a_finished_schedule_is_corrected_in_place_and_an_ended_one_is_never_lengthened() {
        let finished = schedule(
            daily_at(8),
            "2026-01-01",
            End::On {
                date: date("2026-01-31"),
            },
        );
        let end = finished.end;
        assert_eq!(revised(&finished, daily_at(9), end, "2026-03-10").len(), 1);
        // Under way, and the person also moves the end back to last week: the old schedule ends then.
        let old = schedule(daily_at(8), "2026-01-01", End::Never);
        let stored = revised(
            &old,
            daily_at(9),
            End::On {
                date: date("2026-03-03"),
            },
            "2026-03-10",
        );
        assert_eq!(stored.len(), 1, "the edited schedule is already over");
        assert_eq!(
            stored[0].end,
            End::On {
                date: date("2026-03-03")
            }
        );
        assert_eq!(stored[0].pattern, daily_at(8));
    }

    #[test]
    fn a_course_revised_midway_still_ends_on_its_last_day() {
        // Ten days from 1 March: the last day is 10 March.
        let old = schedule(daily_at(8), "2026-03-01", End::AfterDays { days: 10 });
        let stored = revised(&old, daily_at(9), End::AfterDays { days: 10 }, "2026-03-04");
        assert_eq!(stored[0].last_date(), Some(date("2026-03-03")));
        assert_eq!(stored[1].start, date("2026-03-04"));
        assert_eq!(stored[1].end, End::AfterDays { days: 7 });
        assert_eq!(stored[1].last_date(), Some(date("2026-03-10")));
    }

    #[test]
    fn every_n_days_and_cycles_keep_their_rhythm() {
        let every_three = |h| Pattern::EveryNDays {
            interval: 3,
            times: vec![DoseTime {
                time: t(h, 0),
                amount: 1.0,
            }],
        };
        // Doses on 1, 4, 7, 10 March: edited on the 8th, the next dose day is still the 10th.
        let old = schedule(every_three(8), "2026-03-01", End::Never);
        let stored = revised(&old, every_three(9), End::Never, "2026-03-08");
        assert_eq!(stored[1].start, date("2026-03-10"));
        let doses = |s: &Schedule| {
            (0..30)
                .map(|d| date("2026-03-01") + Duration::days(d))
                .filter(|d| !s.times_on(*d).is_empty())
                .collect::<Vec<_>>()
        };
        let mut after: Vec<NaiveDate> = doses(&stored[0]);
        after.extend(doses(&stored[1]));
        assert_eq!(after, doses(&old));
        // Five days on, two off from 1 March: edited on the 6th (a day off), the next run starts on the 8th.
        let cycle = |h| Pattern::Cycle {
            days_on: 5,
            days_off: 2,
            times: vec![DoseTime {
                time: t(h, 0),
                amount: 1.0,
            }],
        };
        let old = schedule(cycle(8), "2026-03-01", End::Never);
        assert_eq!(
            revised(&old, cycle(9), End::Never, "2026-03-06")[1].start,
            date("2026-03-08")
        );
    }

    #[test]
    fn an_end_reads_back_what_it_writes_and_names_a_missing_field() {
        let date = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        for end in [End::Never, End::On { date }, End::AfterDays { days: 10 }] {
            let text = serde_json::to_string(&end).unwrap();
            assert_eq!(serde_json::from_str::<End>(&text).unwrap(), end, "{text}");
        }
        assert_eq!(
            serde_json::to_string(&End::AfterDays { days: 10 }).unwrap(),
            r#"{"kind":"after_days","days":10}"#
        );
        for (text, field) in [(r#"{"kind":"on"}"#, "date"), (r#"{"kind":"after_days"}"#, "days")] {
            let error = serde_json::from_str::<End>(text).unwrap_err();
            assert!(error.to_string().contains(field), "{error}");
        }
        assert!(serde_json::from_str::<End>(r#"{"kind":"someday"}"#).is_err());
    }
}
