//! The miss predictor: it finds a planted habit and says so with what it is based on, stays quiet on a history
//! without one, forgets what is older than eight weeks, and beats the base rate only where there is something to
//! find.

use chrono::{Duration, NaiveDate, Weekday};
use tend_core::example::{miss_history, Habit};
use tend_core::predict::{backtest, base_rate, chance_of_missing, pattern, Outcome};

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
}

const SUNDAY_EVENING: Habit = Habit {
    weekday: Weekday::Sun,
    part_of_day: 3,
    percent: 70,
};

fn end(weeks: i64) -> chrono::NaiveDateTime {
    (start() + Duration::weeks(weeks)).and_hms_opt(0, 0, 0).unwrap()
}

#[test]
fn a_planted_habit_is_found_and_told_with_what_it_is_based_on() {
    let history = miss_history(1, start(), 16, 5, Some(SUNDAY_EVENING));
    let now = end(16);
    let found = pattern(&history, now).expect("a pattern");
    assert_eq!((found.weekday, found.part_of_day), (Weekday::Sun, 3));
    assert!(
        found.chance >= 1.0 / 3.0 && found.chance > 3.0 * found.overall,
        "{found:?}"
    );
    assert_eq!(found.based_on, 8, "eight Sunday evenings in eight weeks");
    let sunday_evening = (start() + Duration::weeks(16) + Duration::days(6))
        .and_hms_opt(20, 0, 0)
        .unwrap();
    let monday_morning = end(16) + Duration::hours(8);
    let (sunday, monday) = (
        chance_of_missing(&history, now, sunday_evening),
        chance_of_missing(&history, now, monday_morning),
    );
    assert!(sunday > 2.0 * monday, "{sunday} {monday}");
    let scored = backtest(&history, now, 28);
    assert!(scored.predictor_wins(), "{scored:?}");
}

#[test]
fn without_a_habit_the_app_stays_quiet() {
    let quiet = (0..20)
        .filter(|seed| pattern(&miss_history(*seed, start(), 16, 12, None), end(16)).is_none())
        .count();
    assert!(quiet >= 18, "quiet for {quiet} of 20 patternless histories");
}

#[test]
fn with_no_history_the_chance_is_the_prior_and_nothing_is_said() {
    let now = end(0);
    assert!((base_rate(&[], now) - 0.1).abs() < 1e-9);
    assert!((chance_of_missing(&[], now, now) - 0.1).abs() < 1e-9);
    assert_eq!(pattern(&[], now), None);
    assert_eq!(backtest(&[], now, 28).doses, 0);
}

#[test]
fn doses_older_than_eight_weeks_do_not_count_and_recent_ones_count_more() {
    let due = |days: i64| Outcome {
        due: end(0) + Duration::days(days) + Duration::hours(20),
        missed: true,
    };
    let now = end(0) + Duration::days(100);
    let old = vec![due(0), due(1), due(2)];
    assert!((base_rate(&old, now) - 0.1).abs() < 1e-9, "beyond the window");
    let recent = vec![due(98)];
    let older = vec![due(60)];
    assert!(base_rate(&recent, now) > base_rate(&older, now));
    let future = vec![due(101)];
    assert!(
        (base_rate(&future, now) - 0.1).abs() < 1e-9,
        "nothing from after now"
    );
}
