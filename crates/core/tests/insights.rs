//! Next best actions from planted histories: each suggestion appears when its pattern is there, with the figures
//! it is based on, and stays away when it is not.

mod common;

use chrono::{Duration, NaiveTime, Weekday};
use common::*;
use tend_core::dataset::ZoneContext;
use tend_core::insights::{moved, suggestions, Suggestion};
use tend_core::medication::{Repeat, Stock};
use tend_core::schedule::{End, Pattern};
use tend_core::zone::BundledRules;
use tend_core::{Dataset, Id};

const NOW: &str = "2026-03-01 00:00";

/// Medicine 10 daily at `times` from `start` to [`NOW`], in UTC, each dose settled by `settle` (minutes after it was due,
/// or `None`: missed).
fn history(
    times: &[&str],
    start: &str,
    settle: impl Fn(usize, &tend_core::occurrence::Occurrence) -> Option<i64>,
) -> Dataset {
    let mut data = single(
        Pattern::Daily {
            times: common::times(times),
        },
        start,
        End::Never,
    );
    let due = occurrences(&data, "UTC", &format!("{start} 00:00"), NOW);
    data.dose_events = due
        .iter()
        .enumerate()
        .filter_map(|(i, o)| {
            Some(taken(
                100 + i as u128,
                o,
                o.due + Duration::minutes(settle(i, o)?),
            ))
        })
        .collect();
    data
}

fn suggested(data: &Dataset) -> Vec<Suggestion> {
    let zones = ZoneContext::single("UTC");
    suggestions(
        data,
        &zones,
        &BundledRules,
        Id::from_u128(PROFILE),
        utc(NOW),
        utc(NOW).date_naive(),
    )
    .unwrap()
}

fn time(text: &str) -> NaiveTime {
    common::time(text)
}

#[test]
fn a_reminder_usually_taken_later_is_suggested_at_the_time_it_is_taken() {
    // Four weeks of the 8 AM dose taken around 9:35.
    let data = history(&["08:00"], "2026-02-01", |i, _| Some(90 + (i % 3) as i64 * 5));
    let found = suggested(&data);
    let expected = Suggestion::MoveReminder {
        medication_id: Id::from_u128(10),
        schedule_id: Id::from_u128(1010),
        from: time("08:00"),
        to: time("09:30"),
        taken: 28,
        looked_at: 28,
    };
    assert_eq!(found, [expected.clone(), Suggestion::Streak { days: 14 }]);
    assert_eq!(expected.key(), "move:00000000-0000-0000-0000-0000000003f2:08:00");
}

#[test]
fn doses_taken_early_and_late_by_turns_move_nothing() {
    let data = history(&["08:00"], "2026-02-01", |i, _| {
        Some(if i % 2 == 0 { 95 } else { -95 })
    });
    assert!(!suggested(&data)
        .iter()
        .any(|s| matches!(s, Suggestion::MoveReminder { .. })));
    // Nor do doses taken on time.
    let data = history(&["08:00"], "2026-02-01", |_, _| Some(10));
    assert_eq!(suggested(&data), [Suggestion::Streak { days: 14 }]);
}

#[test]
fn a_medicine_often_missed_without_repeats_is_suggested_repeats() {
    // Six of 28 doses missed.
    let data = history(&["08:00"], "2026-02-01", |i, _| {
        (i % 5 != 0 || i > 25).then_some(5)
    });
    assert!(suggested(&data).contains(&Suggestion::TurnOnRepeats {
        medication_id: Id::from_u128(10),
        missed: 6,
        due: 28
    }));
    // Reminders that already repeat are left alone; two misses are not a pattern.
    let mut repeating = data.clone();
    repeating.medications[0].repeat = Repeat {
        every_minutes: 10,
        times: 2,
    };
    assert!(!suggested(&repeating)
        .iter()
        .any(|s| matches!(s, Suggestion::TurnOnRepeats { .. })));
    let data = history(&["08:00"], "2026-02-01", |i, _| (i != 3 && i != 9).then_some(5));
    assert!(!suggested(&data)
        .iter()
        .any(|s| matches!(s, Suggestion::TurnOnRepeats { .. })));
}

#[test]
fn stock_within_the_refill_warning_is_suggested_a_refill() {
    let mut data = history(&["08:00"], "2026-02-01", |_, _| Some(5));
    data.medications[0].stock = Some(Stock {
        on_hand: 3.0,
        counted_at: utc(NOW),
        refill_at_days: 7,
        expires_on: None,
    });
    assert!(suggested(&data).contains(&Suggestion::RefillNow {
        medication_id: Id::from_u128(10),
        runs_out_on: date("2026-03-04"),
    }));
    data.medications[0].stock.as_mut().unwrap().on_hand = 30.0;
    assert!(!suggested(&data)
        .iter()
        .any(|s| matches!(s, Suggestion::RefillNow { .. })));
}

#[test]
fn the_evening_missed_most_is_told_only_when_it_stands_out() {
    // Eight weeks of 8 AM and 8 PM doses, every Sunday evening one missed.
    let sunday_evenings = |_: usize, o: &tend_core::occurrence::Occurrence| {
        use chrono::{Datelike, Timelike};
        (!(o.local.weekday() == Weekday::Sun && o.local.hour() == 20)).then_some(5)
    };
    let data = history(&["08:00", "20:00"], "2026-01-04", sunday_evenings);
    let habit = suggested(&data)
        .into_iter()
        .find_map(|s| match s {
            Suggestion::MissedMost(p) => Some(p),
            _ => None,
        })
        .expect("the Sunday evenings are told");
    assert_eq!(
        (habit.weekday, habit.part_of_day, habit.based_on),
        (Weekday::Sun, 3, 8)
    );
    let data = history(&["08:00", "20:00"], "2026-01-04", |_, _| Some(5));
    assert!(!suggested(&data)
        .iter()
        .any(|s| matches!(s, Suggestion::MissedMost(_))));
}

#[test]
fn a_streak_is_celebrated_at_its_last_milestone() {
    let data = history(&["08:00"], "2025-12-15", |_, _| Some(5));
    assert_eq!(suggested(&data), [Suggestion::Streak { days: 60 }]);
    assert_eq!(Suggestion::Streak { days: 60 }.key(), "streak:60");
}

#[test]
fn moving_a_reminder_changes_that_time_only_and_keeps_the_times_in_order() {
    let data = single(
        Pattern::Daily {
            times: common::times(&["08:00", "13:00"]),
        },
        "2026-02-01",
        End::Never,
    );
    let after = moved(&data.schedules[0], time("08:00"), time("14:30"));
    assert_eq!(
        after.pattern,
        Pattern::Daily {
            times: common::times(&["13:00", "14:30"])
        }
    );
    assert_eq!(after.meta, data.schedules[0].meta);
}

#[test]
fn a_reminder_moved_through_revise_is_not_suggested_again() {
    let mut data = history(&["08:00"], "2026-02-01", |_, _| Some(95));
    let old = data.schedules[0].clone();
    let mut edited = moved(&old, time("08:00"), time("09:30"));
    edited.meta.stamp.wall_ms += 1;
    let today = utc(NOW).date_naive();
    let fresh = || tend_core::record::Meta {
        id: Id::from_u128(2000),
        ..old.meta.clone()
    };
    data.schedules = tend_core::schedule::revise(Some(&old), edited, today, fresh);
    assert_eq!(
        data.schedules.len(),
        2,
        "the old one ends yesterday, the moved one starts today"
    );
    assert!(!suggested(&data)
        .iter()
        .any(|s| matches!(s, Suggestion::MoveReminder { .. })));
}
