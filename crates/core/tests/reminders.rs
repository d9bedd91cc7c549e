//! Reminder planning (repeats, snoozes, quiet hours, acted-on doses) and catch-up after the app was closed.

mod common;
use chrono::{DateTime, Utc};
use common::*;
use tend_core::dataset::ZoneContext;
use tend_core::dose::DoseAction;
use tend_core::medication::{QuietHours, Repeat};
use tend_core::reminder::{acted_since, catch_up, plan};
use tend_core::schedule::{End, Pattern};
use tend_core::zone::BundledRules;
use tend_core::Dataset;

/// 08:00 and 20:00 every day in New York, reminded again every 10 minutes up to 3 times.
fn twice_daily() -> Dataset {
    let mut data = single(
        Pattern::Daily {
            times: times(&["08:00", "20:00"]),
        },
        "2026-03-01",
        End::Never,
    );
    data.medications[0].repeat = Repeat {
        every_minutes: 10,
        times: 3,
    };
    data
}

fn planned(data: &Dataset, from: &str, to: &str, now: &str) -> Vec<(DateTime<Utc>, u32, bool)> {
    plan(
        data,
        &ZoneContext::single("America/New_York"),
        &BundledRules,
        utc(from),
        utc(to),
        utc(now),
    )
    .unwrap()
    .into_iter()
    .map(|r| (r.at, r.attempt, r.quiet))
    .collect()
}

#[test]
fn a_dose_not_acted_on_is_reminded_again_up_to_the_limit() {
    // 08:00 EST is 13:00 UTC.
    let reminders = planned(
        &twice_daily(),
        "2026-03-02 12:00",
        "2026-03-02 18:00",
        "2026-03-02 12:00",
    );
    let expected: Vec<_> = ["13:00", "13:10", "13:20", "13:30"]
        .iter()
        .enumerate()
        .map(|(i, t)| (utc(&format!("2026-03-02 {t}")), i as u32, false))
        .collect();
    assert_eq!(reminders, expected);
}

#[test]
fn no_repeats_when_the_medicine_has_none() {
    let mut data = twice_daily();
    data.medications[0].repeat = Repeat::default();
    let reminders = planned(&data, "2026-03-02 12:00", "2026-03-03 12:00", "2026-03-02 12:00");
    assert_eq!(
        reminders.iter().map(|r| r.0).collect::<Vec<_>>(),
        [utc("2026-03-02 13:00"), utc("2026-03-03 01:00")]
    );
}

#[test]
fn taking_or_skipping_stops_reminders_and_a_snooze_restarts_them() {
    let mut data = twice_daily();
    let doses = occurrences(&data, "America/New_York", "2026-03-02 12:00", "2026-03-03 12:00");
    data.dose_events
        .push(taken(500, &doses[0], utc("2026-03-02 13:05")));
    let evening = &doses[1];
    let snooze = DoseAction::Snoozed {
        until: utc("2026-03-03 01:30"),
    };
    data.dose_events
        .push(event(501, 10, Some(evening.key), snooze, utc("2026-03-03 01:02")));
    let after_taking = planned(&data, "2026-03-02 13:06", "2026-03-03 12:00", "2026-03-02 13:06");
    assert_eq!(
        after_taking[0].0,
        utc("2026-03-03 01:30"),
        "the morning dose is not reminded again: {after_taking:?}"
    );
    let during_snooze = planned(&data, "2026-03-03 01:03", "2026-03-03 12:00", "2026-03-03 01:03");
    assert_eq!(
        during_snooze.iter().map(|r| r.0).collect::<Vec<_>>()[..2],
        [utc("2026-03-03 01:30"), utc("2026-03-03 01:40")]
    );
    // Once the snooze has ended the repeats still count from its end.
    let after_snooze = planned(&data, "2026-03-03 01:35", "2026-03-03 12:00", "2026-03-03 01:35");
    assert_eq!(
        after_snooze.iter().map(|r| r.0).collect::<Vec<_>>()[..2],
        [utc("2026-03-03 01:40"), utc("2026-03-03 01:50")]
    );
    let skip = DoseAction::Skipped {
        reason: String::new(),
    };
    data.dose_events
        .push(event(502, 10, Some(evening.key), skip, utc("2026-03-03 01:36")));
    assert!(planned(&data, "2026-03-03 01:37", "2026-03-03 12:00", "2026-03-03 01:37").is_empty());
}

#[test]
fn quiet_hours_make_reminders_silent_and_hold_back_repeats() {
    let mut data = twice_daily();
    // 20:00 local falls in quiet hours from 19:30 to 07:00.
    data.profiles[0].quiet_hours = Some(QuietHours {
        start: time("19:30"),
        end: time("07:00"),
    });
    let reminders = planned(&data, "2026-03-02 12:00", "2026-03-03 12:00", "2026-03-02 12:00");
    assert_eq!(
        reminders
            .iter()
            .filter(|r| r.0 == utc("2026-03-03 01:00"))
            .collect::<Vec<_>>(),
        [&(utc("2026-03-03 01:00"), 0, true)]
    );
    assert!(reminders
        .iter()
        .all(|r| !(r.0 > utc("2026-03-03 01:00") && r.0 < utc("2026-03-03 12:00"))));
    assert_eq!(
        reminders.iter().filter(|r| !r.2).count(),
        4,
        "the morning dose and its repeats are not quiet"
    );
}

#[test]
fn repeats_stop_at_the_missed_cut_off() {
    let mut data = twice_daily();
    data.medications[0].repeat = Repeat {
        every_minutes: 240,
        times: 5,
    };
    let reminders = planned(&data, "2026-03-02 12:00", "2026-03-03 00:59", "2026-03-02 12:00");
    // 13:00, 17:00, 21:00; 01:00 is the next dose, which is the cut-off.
    assert_eq!(reminders.len(), 3);
}

#[test]
fn catch_up_lists_what_fell_due_while_closed_and_was_not_acted_on() {
    let mut data = twice_daily();
    let doses = occurrences(&data, "America/New_York", "2026-03-02 00:00", "2026-03-04 00:00");
    data.dose_events
        .push(taken(600, &doses[0], utc("2026-03-02 13:00")));
    let skip = DoseAction::Skipped {
        reason: String::new(),
    };
    data.dose_events
        .push(event(601, 10, Some(doses[2].key), skip, utc("2026-03-03 13:00")));
    let open = catch_up(
        &data,
        &ZoneContext::single("America/New_York"),
        &BundledRules,
        utc("2026-03-02 12:00"),
        utc("2026-03-03 14:00"),
    )
    .unwrap();
    // doses: 20:00 (taken), 08:00 (open), 20:00 (skipped), 08:00 (open, late at 09:00).
    assert_eq!(
        open.iter().map(|o| o.due).collect::<Vec<_>>(),
        [doses[1].due, doses[3].due]
    );
}

#[test]
fn doses_acted_on_since_a_time_are_named_once_with_the_newest_record() {
    let mut data = twice_daily();
    let doses = occurrences(&data, "America/New_York", "2026-03-02 12:00", "2026-03-03 12:00");
    assert_eq!(acted_since(&data, utc("2026-03-01 00:00")), (vec![], None));
    data.dose_events
        .push(taken(500, &doses[0], utc("2026-03-02 13:05")));
    let snooze = DoseAction::Snoozed {
        until: utc("2026-03-03 01:30"),
    };
    data.dose_events.push(event(
        501,
        10,
        Some(doses[1].key),
        snooze,
        utc("2026-03-03 01:02"),
    ));
    data.dose_events
        .push(taken(502, &doses[1], utc("2026-03-03 01:31")));
    let (keys, newest) = acted_since(&data, utc("2026-03-02 13:05"));
    assert_eq!(
        keys,
        [doses[1].key],
        "the morning dose was acted on at the time given, not after"
    );
    assert_eq!(newest, Some(utc("2026-03-03 01:31")));
    assert_eq!(
        acted_since(&data, utc("2026-03-01 00:00")).0,
        [doses[0].key, doses[1].key]
    );
}
