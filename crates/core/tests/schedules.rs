//! Every schedule kind expands to the right dates, times and amounts.

mod common;
use chrono::{Duration, Weekday};
use common::*;
use proptest::prelude::*;
use tend_core::dose::DoseAction;
use tend_core::medication::Pause;
use tend_core::schedule::{End, Pattern, TaperStep};

fn dates(data: &tend_core::Dataset, from: &str, to: &str) -> Vec<String> {
    occurrences(data, "UTC", from, to)
        .iter()
        .map(|o| o.local.format("%m-%d %H:%M").to_string())
        .collect()
}

#[test]
fn chosen_weekdays() {
    let data = single(
        Pattern::Weekdays {
            days: vec![Weekday::Mon, Weekday::Fri],
            times: times(&["09:00"]),
        },
        "2026-06-01",
        End::Never,
    );
    assert_eq!(
        dates(&data, "2026-06-01 00:00", "2026-06-15 00:00"),
        ["06-01 09:00", "06-05 09:00", "06-08 09:00", "06-12 09:00"]
    );
}

#[test]
fn every_n_days_from_the_start() {
    let data = single(
        Pattern::EveryNDays {
            interval: 3,
            times: times(&["07:00"]),
        },
        "2026-06-02",
        End::Never,
    );
    assert_eq!(
        dates(&data, "2026-06-01 00:00", "2026-06-10 00:00"),
        ["06-02 07:00", "06-05 07:00", "06-08 07:00"]
    );
}

#[test]
fn cycles_of_days_on_and_off() {
    let data = single(
        Pattern::Cycle {
            days_on: 2,
            days_off: 3,
            times: times(&["08:00"]),
        },
        "2026-06-01",
        End::Never,
    );
    assert_eq!(
        dates(&data, "2026-06-01 00:00", "2026-06-12 00:00"),
        [
            "06-01 08:00",
            "06-02 08:00",
            "06-06 08:00",
            "06-07 08:00",
            "06-11 08:00"
        ]
    );
}

#[test]
fn course_length_and_end_date_include_their_last_day() {
    let course = single(
        Pattern::Daily {
            times: times(&["08:00", "20:00"]),
        },
        "2026-06-01",
        End::AfterDays { days: 5 },
    );
    assert_eq!(
        occurrences(&course, "UTC", "2026-05-01 00:00", "2026-07-01 00:00").len(),
        10
    );
    let until = single(
        Pattern::Daily {
            times: times(&["08:00"]),
        },
        "2026-06-01",
        End::On {
            date: date("2026-06-03"),
        },
    );
    assert_eq!(
        dates(&until, "2026-05-01 00:00", "2026-07-01 00:00"),
        ["06-01 08:00", "06-02 08:00", "06-03 08:00"]
    );
}

#[test]
fn tapering_changes_the_amount_by_date_range() {
    let mut data = single(
        Pattern::Daily {
            times: times(&["08:00"]),
        },
        "2026-06-01",
        End::On {
            date: date("2026-06-06"),
        },
    );
    data.schedules[0].taper = vec![
        TaperStep {
            from: date("2026-06-01"),
            to: date("2026-06-02"),
            amount: 4.0,
        },
        TaperStep {
            from: date("2026-06-03"),
            to: date("2026-06-04"),
            amount: 2.0,
        },
    ];
    let amounts: Vec<f64> = occurrences(&data, "UTC", "2026-06-01 00:00", "2026-07-01 00:00")
        .iter()
        .map(|o| o.amount)
        .collect();
    assert_eq!(amounts, [4.0, 4.0, 2.0, 2.0, 1.0, 1.0]);
}

#[test]
fn after_the_last_dose_follows_what_was_taken() {
    let mut data = single(
        Pattern::AfterLastDose {
            interval_hours: 6,
            first: time("08:00"),
            amount: 1.0,
        },
        "2026-06-01",
        End::AfterDays { days: 1 },
    );
    let first = occurrences(&data, "UTC", "2026-06-01 00:00", "2026-06-02 00:00");
    assert_eq!(
        first.iter().map(|o| o.due).collect::<Vec<_>>(),
        [
            utc("2026-06-01 08:00"),
            utc("2026-06-01 14:00"),
            utc("2026-06-01 20:00")
        ]
    );
    // Taken an hour late: the following doses move an hour later.
    data.dose_events
        .push(taken(1, &first[0], utc("2026-06-01 09:00")));
    let moved = occurrences(&data, "UTC", "2026-06-01 00:00", "2026-06-02 00:00");
    assert_eq!(
        moved.iter().map(|o| o.due).collect::<Vec<_>>(),
        [
            utc("2026-06-01 08:00"),
            utc("2026-06-01 15:00"),
            utc("2026-06-01 21:00")
        ]
    );
}

#[test]
fn after_the_last_dose_starting_long_ago_gives_the_same_doses_in_a_late_window() {
    let mut data = single(
        Pattern::AfterLastDose {
            interval_hours: 5,
            first: time("08:00"),
            amount: 1.0,
        },
        "1990-01-01",
        End::Never,
    );
    let all = occurrences(&data, "UTC", "1990-01-01 00:00", "2026-06-03 00:00");
    // Two doses taken late, years apart: each moves every later dose.
    data.dose_events
        .push(taken(1, &all[1000], all[1000].due + Duration::minutes(70)));
    data.dose_events
        .push(taken(2, &all[50_000], all[50_000].due + Duration::minutes(20)));
    let all = occurrences(&data, "UTC", "1990-01-01 00:00", "2026-06-03 00:00");
    let window = occurrences(&data, "UTC", "2026-06-01 00:00", "2026-06-03 00:00");
    let from = utc("2026-06-01 00:00");
    let expected: Vec<_> = all.into_iter().filter(|o| o.due >= from).collect();
    assert_eq!(window.len(), 9);
    assert_eq!(window, expected);
}

#[test]
fn as_needed_medicines_are_never_due() {
    let data = single(
        Pattern::AsNeeded {
            max_per_24h: 4,
            min_gap_minutes: 240,
            amount: 1.0,
        },
        "2026-06-01",
        End::Never,
    );
    assert!(occurrences(&data, "UTC", "2026-06-01 00:00", "2026-07-01 00:00").is_empty());
}

#[test]
fn a_pause_suspends_doses_without_touching_earlier_or_later_ones() {
    let mut data = single(
        Pattern::Daily {
            times: times(&["08:00"]),
        },
        "2026-06-01",
        End::Never,
    );
    data.medications[0].pauses = vec![Pause {
        from: utc("2026-06-03 00:00"),
        until: Some(utc("2026-06-05 00:00")),
    }];
    assert_eq!(
        dates(&data, "2026-06-01 00:00", "2026-06-07 00:00"),
        ["06-01 08:00", "06-02 08:00", "06-05 08:00", "06-06 08:00"]
    );
    data.medications[0].ended_at = Some(utc("2026-06-06 00:00"));
    assert_eq!(
        data.medications[0].state(),
        tend_core::medication::MedicationState::Ended
    );
    assert_eq!(dates(&data, "2026-06-01 00:00", "2026-06-07 00:00").len(), 3);
}

#[test]
fn rrules_for_calendar_patterns() {
    let rule = |pattern| single(pattern, "2026-06-01", End::Never).schedules[0].rrule();
    assert_eq!(
        rule(Pattern::Daily {
            times: times(&["08:00"])
        })
        .as_deref(),
        Some("FREQ=DAILY")
    );
    assert_eq!(
        rule(Pattern::Weekdays {
            days: vec![Weekday::Mon, Weekday::Sun],
            times: times(&["08:00"])
        })
        .as_deref(),
        Some("FREQ=WEEKLY;BYDAY=MO,SU")
    );
    assert_eq!(
        rule(Pattern::EveryNDays {
            interval: 2,
            times: times(&["08:00"])
        })
        .as_deref(),
        Some("FREQ=DAILY;INTERVAL=2")
    );
    assert_eq!(
        rule(Pattern::EveryNHours {
            interval_hours: 8,
            anchor: time("06:00"),
            amount: 1.0
        })
        .as_deref(),
        Some("FREQ=HOURLY;INTERVAL=8")
    );
    assert_eq!(
        rule(Pattern::AsNeeded {
            max_per_24h: 1,
            min_gap_minutes: 0,
            amount: 1.0
        }),
        None
    );
}

#[test]
fn schedule_problems_are_named_by_field() {
    let data = single(
        Pattern::Weekdays {
            days: vec![],
            times: vec![],
        },
        "2026-06-01",
        End::On {
            date: date("2026-05-01"),
        },
    );
    let fields: Vec<&str> = data.schedules[0].problems().iter().map(|p| p.0).collect();
    assert_eq!(fields, ["pattern.days", "pattern.times", "end.date"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Expanding [a, c) gives the same doses as [a, b) followed by [b, c): nothing dropped or doubled at a seam.
    #[test]
    fn expansion_is_sorted_and_splits_cleanly(
        pattern in any_pattern(),
        zone in prop::sample::select(vec!["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata"]),
        split_hours in 1i64..(24 * 60),
    ) {
        let data = single(pattern, "2026-01-10", End::Never);
        let whole = occurrences(&data, zone, "2026-01-01 00:00", "2026-03-31 00:00");
        let split = utc("2026-01-01 00:00") + Duration::hours(split_hours);
        let split_text = split.format("%Y-%m-%d %H:%M").to_string();
        let mut parts = occurrences(&data, zone, "2026-01-01 00:00", &split_text);
        parts.extend(occurrences(&data, zone, &split_text, "2026-03-31 00:00"));
        prop_assert_eq!(&whole, &parts);
        prop_assert!(whole.windows(2).all(|w| w[0].due <= w[1].due));
        prop_assert!(whole.iter().all(|o| utc("2026-01-01 00:00") <= o.due && o.due < utc("2026-03-31 00:00")));
        // Nothing before the start date, read in the zone the schedule follows.
        prop_assert!(whole.iter().all(|o| o.local.date() >= date("2026-01-10")));
    }

    /// After the last dose: a window gives the doses the whole history gives in it, whichever doses were taken
    /// and when (also doses logged for times the count no longer passes), since each dose taken starts the count
    /// again. Start-up relies on it, reading no event older than the last dose taken before the window.
    #[test]
    fn after_the_last_dose_windows_agree_with_the_whole_history(
        interval_hours in 1u32..30,
        picks in prop::collection::vec((0usize..400, -90i64..300), 0..6),
        window_hours in 0i64..(24 * 60),
    ) {
        let mut data = single(
            Pattern::AfterLastDose { interval_hours, first: time("08:00"), amount: 1.0 },
            "2026-01-01",
            End::Never,
        );
        let untaken = occurrences(&data, "UTC", "2026-01-01 00:00", "2026-04-01 00:00");
        for (n, (pick, late_minutes)) in picks.into_iter().enumerate() {
            let dose = &untaken[pick % untaken.len()];
            data.dose_events.push(taken(n as u128 + 1, dose, dose.due + Duration::minutes(late_minutes)));
        }
        let whole = occurrences(&data, "UTC", "2026-01-01 00:00", "2026-04-01 00:00");
        let from = utc("2026-01-01 00:00") + Duration::hours(window_hours);
        let window = occurrences(&data, "UTC", &from.format("%Y-%m-%d %H:%M").to_string(), "2026-04-01 00:00");
        let expected: Vec<_> = whole.into_iter().filter(|o| o.due >= from).collect();
        prop_assert_eq!(window, expected);
    }

    /// Daily doses: exactly one per time per day, whatever the zone.
    #[test]
    fn daily_count_is_days_times_times(count in 1usize..4, days in 1i64..200) {
        let list: Vec<String> = (0..count).map(|i| format!("{:02}:30", 1 + i * 7)).collect();
        let data = single(Pattern::Daily { times: times(&list.iter().map(String::as_str).collect::<Vec<_>>()) }, "2026-01-01", End::AfterDays { days: days as u32 });
        let all = occurrences(&data, "America/New_York", "2025-12-01 00:00", "2027-01-01 00:00");
        prop_assert_eq!(all.len(), count * days as usize);
    }
}

#[test]
fn events_for_other_actions_do_not_move_after_last_dose_schedules() {
    let mut data = single(
        Pattern::AfterLastDose {
            interval_hours: 12,
            first: time("08:00"),
            amount: 1.0,
        },
        "2026-06-01",
        End::AfterDays { days: 1 },
    );
    let first = occurrences(&data, "UTC", "2026-06-01 00:00", "2026-06-02 00:00");
    data.dose_events.push(event(
        1,
        10,
        Some(first[0].key),
        DoseAction::Skipped {
            reason: String::new(),
        },
        utc("2026-06-01 09:00"),
    ));
    let after = occurrences(&data, "UTC", "2026-06-01 00:00", "2026-06-02 00:00");
    assert_eq!(after[1].due, utc("2026-06-01 20:00"));
}
