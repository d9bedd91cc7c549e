//! Schedules: when a medication is due, as local wall-clock rules. Expansion into instants is in `occurrence`.

use crate::limits::{
    amount_in_range, date_in_range, Checks, EARLIEST_DATE, LATEST_DATE, MAX_AMOUNT, MAX_DAYS,
    MAX_INTERVAL_HOURS, MAX_MIN_GAP_MINUTES, MAX_PER_24H, MAX_TAPER_STEPS, MAX_TIMES_A_DAY,
};
use crate::record::{Meta, Record};
use crate::Id;
use chrono::{Datelike, Days, Duration, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// A local time of day with the amount due then.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DoseTime {
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
        anchor: NaiveTime,
        amount: f64,
    },
    /// First dose at `first` on the start date, then each next dose `interval_hours` after the last one taken
    /// (or after the last due time, if it was not taken).
    AfterLastDose {
        interval_hours: u32,
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
#[serde(rename_all = "snake_case", tag = "kind")]
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

/// A tapering step: from `from` to `to` (inclusive) every dose is `amount` instead of the usual amount.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaperStep {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub amount: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    #[serde(flatten)]
    pub meta: Meta,
    pub medication_id: Id,
    pub pattern: Pattern,
    pub start: NaiveDate,
    pub end: End,
    #[serde(default)]
    pub taper: Vec<TaperStep>,
}

impl Record for Schedule {
    fn meta(&self) -> &Meta {
        &self.meta
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
            format!("has more than {MAX_TAPER_STEPS} steps"),
        );
        for step in &self.taper {
            checks.require(
                date_in_range(step.from) && date_in_range(step.to),
                "taper",
                format!("a step's dates must be from {EARLIEST_DATE} to {LATEST_DATE}"),
            );
            checks.require(step.from <= step.to, "taper", "a step ends before it starts");
            checks.require(
                amount_in_range(step.amount),
                "taper",
                format!("a step's amount must be above zero and at most {MAX_AMOUNT}"),
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
pub(crate) fn cycle_days(days_on: u32, days_off: u32) -> i64 {
    (i64::from(days_on) + i64::from(days_off)).max(1)
}

/// A day-based pattern's times: how many, and each amount.
fn check_times(checks: &mut Checks, times: &[DoseTime]) {
    checks.require(
        (1..=MAX_TIMES_A_DAY).contains(&times.len()),
        "pattern.times",
        format!("needs from 1 to {MAX_TIMES_A_DAY} times a day"),
    );
    checks.require(
        times.iter().all(|t| amount_in_range(t.amount)),
        "pattern.times",
        format!("each time needs an amount above zero and at most {MAX_AMOUNT}"),
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
}
