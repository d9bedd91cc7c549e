//! The bounds every record's values must keep, and the checks that report values outside them.
//!
//! Import refuses anything outside these bounds and the app's forms use the same constants, so every function
//! of the core runs in bounded time and memory on any record that validates. Code that reads values from a
//! record still uses checked or saturating arithmetic, so one that skipped validation cannot make it panic.

use chrono::{DateTime, NaiveDate, Utc};
use std::fmt;
use std::ops::RangeInclusive;

/// The earliest date a record may hold (dates of schedules, and the UTC date of every instant).
pub const EARLIEST_DATE: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a valid date");
/// The latest date a record may hold.
pub const LATEST_DATE: NaiveDate = NaiveDate::from_ymd_opt(2200, 12, 31).expect("a valid date");
/// The longest course (`after_days`), every-N-days interval, and cycle stretch (days on, days off): ten years.
pub const MAX_DAYS: u32 = 3660;
/// The longest gap of an every-N-hours or after-last-dose schedule: a week.
pub const MAX_INTERVAL_HOURS: u32 = 168;
/// The most times of day in one schedule: every half hour.
pub const MAX_TIMES_A_DAY: usize = 48;
/// The largest amount of one dose, and of a dose taken, in the medicine's unit.
pub const MAX_AMOUNT: f64 = 100_000.0;
/// The most stock on hand, in the medicine's unit.
pub const MAX_ON_HAND: f64 = 1_000_000.0;
/// The most as-needed doses allowed in 24 hours.
pub const MAX_PER_24H: u32 = 100;
/// The longest minimum gap between as-needed doses: a week.
pub const MAX_MIN_GAP_MINUTES: u32 = 7 * 24 * 60;
/// The most tapering steps in one schedule.
pub const MAX_TAPER_STEPS: usize = 50;
/// The most repeated reminders for one dose, and the longest wait between them.
pub const MAX_REPEATS: u32 = 10;
pub const MAX_REPEAT_EVERY_MINUTES: u32 = 240;
/// The widest on-time window either side of a dose (12 hours) and the longest fixed missed cut-off (a week).
pub const MAX_ON_TIME_MINUTES: u32 = 12 * 60;
pub const MAX_MISSED_WINDOW_MINUTES: u32 = 7 * 24 * 60;
/// How much of a value a message quotes before it is cut short.
pub const MAX_ECHOED_CHARS: usize = 60;

pub fn date_in_range(date: NaiveDate) -> bool {
    (EARLIEST_DATE..=LATEST_DATE).contains(&date)
}

pub fn instant_in_range(instant: DateTime<Utc>) -> bool {
    date_in_range(instant.date_naive())
}

/// A dose's amount: above zero and at most [`MAX_AMOUNT`] (which also refuses NaN and infinity).
pub fn amount_in_range(amount: f64) -> bool {
    amount > 0.0 && amount <= MAX_AMOUNT
}

/// `value` for quoting in a message: as it is, or cut to [`MAX_ECHOED_CHARS`] characters with its length, so a
/// huge value never makes a huge message.
pub fn echo(value: &str) -> String {
    echo_up_to(value, MAX_ECHOED_CHARS)
}

pub(crate) fn echo_up_to(value: &str, most: usize) -> String {
    match value.char_indices().nth(most) {
        None => value.to_owned(),
        Some((cut, _)) => format!("{}… ({} characters)", &value[..cut], value.chars().count()),
    }
}

/// One record's problems as (field, message) pairs, worded for the person who will read them.
#[derive(Default)]
pub(crate) struct Checks(Vec<(&'static str, String)>);

impl Checks {
    /// Records `message` (a `&str`, or `format_args!` so nothing is formatted unless it fails) unless `ok`.
    pub fn require(&mut self, ok: bool, field: &'static str, message: impl fmt::Display) {
        if !ok {
            self.0.push((field, message.to_string()));
        }
    }

    pub fn date(&mut self, field: &'static str, date: NaiveDate) {
        self.in_date_range(date_in_range(date), field);
    }

    pub fn instant(&mut self, field: &'static str, instant: DateTime<Utc>) {
        self.in_date_range(instant_in_range(instant), field);
    }

    fn in_date_range(&mut self, ok: bool, field: &'static str) {
        self.require(
            ok,
            field,
            format_args!("must be from {EARLIEST_DATE} to {LATEST_DATE}"),
        );
    }

    pub fn amount(&mut self, field: &'static str, amount: f64) {
        self.require(
            amount_in_range(amount),
            field,
            format_args!("must be above zero and at most {MAX_AMOUNT}"),
        );
    }

    /// A whole number within `range`, with its unit ("days", "minutes", or "" for a count).
    pub fn within(&mut self, field: &'static str, value: u32, range: RangeInclusive<u32>, unit: &str) {
        let (first, last) = (range.start(), range.end());
        let message = format_args!(
            "must be from {first} to {last}{}{unit}",
            if unit.is_empty() { "" } else { " " }
        );
        self.require(range.contains(&value), field, message);
    }

    pub fn into_vec(self) -> Vec<(&'static str, String)> {
        self.0
    }

    /// The problems with owned field names, as [`crate::record::Record::own_problems`] gives them.
    pub fn into_fields(self) -> Vec<(String, String)> {
        self.0
            .into_iter()
            .map(|(field, message)| (field.to_owned(), message))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_echoed_cut_short_with_their_length() {
        assert_eq!(echo("Europe/London"), "Europe/London");
        let long = "é".repeat(1000);
        assert_eq!(echo(&long), format!("{}… (1000 characters)", "é".repeat(60)));
        assert_eq!(echo(&"x".repeat(60)), "x".repeat(60));
    }
}
