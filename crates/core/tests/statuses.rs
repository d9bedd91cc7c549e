//! Statuses, adherence, inventory and the double-dose guard.

mod common;
use chrono::Duration;
use common::*;
use proptest::prelude::*;
use tend_core::adherence::report;
use tend_core::dataset::ZoneContext;
use tend_core::dose::DoseAction;
use tend_core::guard::{as_needed_use, check, AsNeededUse, Warning};
use tend_core::inventory::stock_status;
use tend_core::medication::{DoseRules, MissedCutoff, Stock};
use tend_core::schedule::{End, Pattern};
use tend_core::status::{assess, DoseStatus};
use tend_core::zone::BundledRules;
use tend_core::{Dataset, Id};

fn twice_daily() -> Dataset {
    single(
        Pattern::Daily {
            times: times(&["08:00", "20:00"]),
        },
        "2026-06-01",
        End::Never,
    )
}

fn statuses(data: &Dataset, now: &str) -> Vec<DoseStatus> {
    assess(
        data,
        &ZoneContext::single("UTC"),
        &BundledRules,
        utc("2026-06-01 00:00"),
        utc("2026-06-02 00:00"),
        utc(now),
    )
    .unwrap()
    .into_iter()
    .map(|a| a.status)
    .collect()
}

#[test]
fn an_untouched_dose_goes_upcoming_due_late_missed() {
    let data = twice_daily();
    assert_eq!(statuses(&data, "2026-06-01 07:00")[0], DoseStatus::Upcoming);
    assert_eq!(statuses(&data, "2026-06-01 08:30")[0], DoseStatus::Due);
    assert_eq!(statuses(&data, "2026-06-01 12:00")[0], DoseStatus::Late);
    assert_eq!(
        statuses(&data, "2026-06-01 20:00")[0],
        DoseStatus::Missed,
        "missed when the next dose is due"
    );
}

#[test]
fn a_fixed_missed_window_replaces_the_next_dose_cutoff() {
    let mut data = twice_daily();
    data.profiles[0].rules = DoseRules {
        on_time_minutes: 30,
        missed_cutoff: MissedCutoff::Window { minutes: 180 },
    };
    assert_eq!(statuses(&data, "2026-06-01 08:45")[0], DoseStatus::Late);
    assert_eq!(statuses(&data, "2026-06-01 11:00")[0], DoseStatus::Missed);
}

#[test]
fn taken_skipped_and_snoozed() {
    let mut data = twice_daily();
    let all = tend_core::occurrence::expand(
        &data,
        &ZoneContext::single("UTC"),
        &BundledRules,
        utc("2026-06-01 00:00"),
        utc("2026-06-02 00:00"),
    )
    .unwrap();
    data.dose_events.push(taken(1, &all[0], utc("2026-06-01 10:00")));
    data.dose_events.push(event(
        2,
        10,
        Some(all[1].key),
        DoseAction::Snoozed {
            until: utc("2026-06-01 20:30"),
        },
        utc("2026-06-01 20:00"),
    ));
    let now = statuses(&data, "2026-06-01 20:10");
    assert_eq!(
        now[0],
        DoseStatus::TakenLate {
            at: utc("2026-06-01 10:00")
        }
    );
    assert_eq!(
        now[1],
        DoseStatus::Snoozed {
            until: utc("2026-06-01 20:30")
        }
    );
    assert_eq!(statuses(&data, "2026-06-01 20:40")[1], DoseStatus::Due);
    data.dose_events.push(event(
        3,
        10,
        Some(all[1].key),
        DoseAction::Skipped {
            reason: "nausea".into(),
        },
        utc("2026-06-01 20:45"),
    ));
    assert_eq!(statuses(&data, "2026-06-01 21:00")[1], DoseStatus::Skipped);
    // A correction moves the time; the original stays in the record.
    let mut fix = taken(4, &all[0], utc("2026-06-01 08:10"));
    fix.supersedes = Some(Id::from_u128(1));
    data.dose_events.push(fix);
    assert_eq!(
        statuses(&data, "2026-06-01 21:00")[0],
        DoseStatus::TakenOnTime {
            at: utc("2026-06-01 08:10")
        }
    );
    assert_eq!(data.dose_events.len(), 4);
}

/// 10 days of two doses: 12 on time, 3 late, 2 skipped, 3 not logged; an as-needed medicine beside it.
fn ten_days() -> Dataset {
    let mut data = twice_daily();
    data.medications
        .push(medication(20, tend_core::zone::ZonePolicy::FollowLocal));
    data.schedules.push(schedule(
        20,
        Pattern::AsNeeded {
            max_per_24h: 4,
            min_gap_minutes: 240,
            amount: 1.0,
        },
        "2026-06-01",
        End::Never,
    ));
    let all = tend_core::occurrence::expand(
        &data,
        &ZoneContext::single("UTC"),
        &BundledRules,
        utc("2026-06-01 00:00"),
        utc("2026-06-11 00:00"),
    )
    .unwrap();
    for (i, o) in all.iter().enumerate() {
        let id = 100 + i as u128;
        match i {
            0..=11 => data.dose_events.push(taken(id, o, o.due + Duration::minutes(5))),
            12..=14 => data.dose_events.push(taken(id, o, o.due + Duration::hours(3))),
            15 | 16 => data.dose_events.push(event(
                id,
                10,
                Some(o.key),
                DoseAction::Skipped {
                    reason: String::new(),
                },
                o.due,
            )),
            _ => {}
        }
    }
    for hour in [1, 6, 12] {
        let at = utc("2026-06-09 00:00") + Duration::hours(hour);
        data.dose_events.push(event(
            500 + hour as u128,
            20,
            None,
            DoseAction::Taken { at, amount: 1.0 },
            at,
        ));
    }
    data
}

#[test]
fn adherence_by_the_brief_definitions() {
    let data = ten_days();
    let r = report(
        &data,
        &ZoneContext::single("UTC"),
        &BundledRules,
        None,
        10,
        utc("2026-06-11 00:00"),
    )
    .unwrap();
    // The last dose (20:00 on day 10) is late but not yet missed at midnight: it is left out until it settles.
    assert_eq!(
        (
            r.overall.expected,
            r.overall.on_time,
            r.overall.off_time,
            r.overall.skipped,
            r.overall.missed
        ),
        (19, 12, 3, 2, 2)
    );
    assert_eq!(r.overall.taking(), Some(15.0 / 19.0));
    assert_eq!(r.overall.timing(), Some(12.0 / 19.0));
    assert_eq!(
        r.per_medication.len(),
        1,
        "as-needed medicine not in the denominator"
    );
    assert_eq!(r.as_needed.len(), 1);
    assert_eq!(
        (
            r.as_needed[0].doses_taken,
            r.as_needed[0].most_allowed,
            r.as_needed[0].busiest_day
        ),
        (3, 40, 3)
    );
    // Days 1-7 fully taken (doses 0-14 cover 7.5 days), then a skip breaks it.
    assert_eq!(r.streaks.longest, 7);
    assert_eq!(r.streaks.current, 0);
    // Skips and misses (doses 15-18): 20:00, 08:00, 20:00, 08:00.
    assert_eq!(r.misses_by_time_of_day, [0, 2, 0, 2]);
    assert_eq!(r.misses_by_weekday.iter().sum::<u32>(), 4);
}

#[test]
fn open_doses_are_left_out_until_they_settle() {
    let data = twice_daily();
    let r = report(
        &data,
        &ZoneContext::single("UTC"),
        &BundledRules,
        None,
        1,
        utc("2026-06-01 09:00"),
    )
    .unwrap();
    assert_eq!(r.overall.expected, 0);
    assert_eq!(r.overall.taking(), None);
}

#[test]
fn stock_goes_down_with_doses_and_warns_before_running_out() {
    let mut data = ten_days();
    data.medications[0].stock = Some(Stock {
        on_hand: 30.0,
        counted_at: utc("2026-06-01 00:00"),
        refill_at_days: 8,
        expires_on: Some(date("2026-06-05")),
    });
    let status = stock_status(
        &data,
        &data.medications[0],
        utc("2026-06-11 00:00"),
        date("2026-06-11"),
    )
    .unwrap();
    assert_eq!(status.on_hand, 15.0);
    assert_eq!(status.daily_use, 2.0);
    assert_eq!(status.days_left, Some(7.5));
    assert_eq!(status.runs_out_on, Some(date("2026-06-18")));
    assert!(status.refill_due);
    assert!(status.expired);
}

#[test]
fn the_guard_warns_about_gaps_maxima_and_repeats() {
    let data = ten_days();
    let prn = Id::from_u128(20);
    assert_eq!(
        check(&data, prn, None, utc("2026-06-09 14:00")),
        [Warning::TooSoon {
            last: utc("2026-06-09 12:00"),
            earliest: utc("2026-06-09 16:00")
        }]
    );
    assert!(check(&data, prn, None, utc("2026-06-09 17:00")).is_empty());
    let mut busy = data.clone();
    let at = utc("2026-06-09 17:00");
    busy.dose_events
        .push(event(900, 20, None, DoseAction::Taken { at, amount: 1.0 }, at));
    assert_eq!(
        check(&busy, prn, None, utc("2026-06-09 23:00")),
        [Warning::DailyMaximum { taken: 4, max: 4 }]
    );
    let first = data.dose_events[0].occurrence;
    assert!(matches!(
        check(&data, Id::from_u128(10), first, utc("2026-06-01 09:00"))[..],
        [Warning::AlreadyTaken { .. }]
    ));
}

#[test]
fn as_needed_use_says_how_many_in_24_hours_and_when_the_next_is_allowed() {
    let data = ten_days();
    let prn = Id::from_u128(20);
    let shown = as_needed_use(&data, prn, utc("2026-06-09 14:00")).unwrap();
    assert_eq!(shown.last, Some(utc("2026-06-09 12:00")));
    assert_eq!(shown.next_allowed, Some(utc("2026-06-09 16:00")));
    assert_eq!(shown.max_per_24h, 4);
    assert!(as_needed_use(&data, Id::from_u128(10), utc("2026-06-09 14:00")).is_none());
    let mut busy = data.clone();
    let at = utc("2026-06-09 17:00");
    busy.dose_events
        .push(event(900, 20, None, DoseAction::Taken { at, amount: 1.0 }, at));
    let AsNeededUse {
        taken_24h,
        next_allowed,
        ..
    } = as_needed_use(&busy, prn, utc("2026-06-09 23:00")).unwrap();
    assert_eq!(taken_24h, 4);
    // The maximum, not the gap, decides: the oldest of the four must be 24 hours old.
    assert!(next_allowed.unwrap() > utc("2026-06-09 23:00"));
    assert!(check(&busy, prn, None, next_allowed.unwrap()).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The time the card says the next dose is allowed is exactly when the guard stops warning.
    #[test]
    fn the_next_allowed_time_agrees_with_the_guard(takes in prop::collection::vec(0i64..(3 * 24 * 60), 0..12), at in 0i64..(4 * 24 * 60)) {
        let mut data = ten_days();
        let prn = Id::from_u128(20);
        data.dose_events.retain(|e| e.medication_id != prn);
        let start = utc("2026-06-01 00:00");
        // Only doses taken up to `now`: a later one would be news to both.
        for (i, minute) in takes.iter().filter(|m| **m <= at).enumerate() {
            let taken = start + Duration::minutes(*minute);
            data.dose_events.push(event(500 + i as u128, 20, None, DoseAction::Taken { at: taken, amount: 1.0 }, taken));
        }
        let now = start + Duration::minutes(at);
        let blocked = |t| !check(&data, prn, None, t).is_empty();
        match as_needed_use(&data, prn, now).unwrap().next_allowed {
            None => prop_assert!(!blocked(now)),
            Some(next) => {
                prop_assert!(next > now && blocked(now) && !blocked(next));
                prop_assert!(blocked(next - Duration::seconds(1)));
            }
        }
    }

    /// Whatever happened, taking adherence is at least timing adherence and both stay within 0..=1;
    /// with nothing logged, an untouched dose only moves forward through its statuses.
    #[test]
    fn adherence_stays_in_bounds(outcomes in prop::collection::vec(0u8..4, 1..40), days in 1u32..30) {
        let mut data = twice_daily();
        let all = tend_core::occurrence::expand(&data, &ZoneContext::single("UTC"), &BundledRules, utc("2026-06-01 00:00"), utc("2026-07-01 00:00")).unwrap();
        for (i, (o, outcome)) in all.iter().zip(&outcomes).enumerate() {
            let id = 100 + i as u128;
            match outcome {
                0 => data.dose_events.push(taken(id, o, o.due)),
                1 => data.dose_events.push(taken(id, o, o.due + Duration::hours(2))),
                2 => data.dose_events.push(event(id, 10, Some(o.key), DoseAction::Skipped { reason: String::new() }, o.due)),
                _ => {}
            }
        }
        let r = report(&data, &ZoneContext::single("UTC"), &BundledRules, None, days, utc("2026-06-01 00:00") + Duration::days(i64::from(days))).unwrap();
        if let (Some(taking), Some(timing)) = (r.overall.taking(), r.overall.timing()) {
            prop_assert!((0.0..=1.0).contains(&taking) && (0.0..=1.0).contains(&timing) && taking >= timing);
        }
        prop_assert_eq!(r.overall.expected, r.overall.on_time + r.overall.off_time + r.overall.skipped + r.overall.missed);
    }

    #[test]
    fn untouched_statuses_only_move_forward(minutes in prop::collection::vec(0i64..(24 * 60), 2..20)) {
        let data = twice_daily();
        let mut sorted = minutes.clone();
        sorted.sort();
        let rank = |s: &DoseStatus| match s { DoseStatus::Upcoming => 0, DoseStatus::Due => 1, DoseStatus::Late => 2, _ => 3 };
        let ranks: Vec<u8> = sorted.iter().map(|m| {
            let now = (utc("2026-06-01 00:00") + Duration::minutes(*m)).format("%Y-%m-%d %H:%M").to_string();
            rank(&statuses(&data, &now)[0])
        }).collect();
        prop_assert!(ranks.windows(2).all(|w| w[0] <= w[1]));
    }
}

/// Sixty days of the synthetic history, with `corrections` applied: each (a, b) adds, recorded at the end, an
/// event for event b's dose that supersedes event a (any age, either way round), or withdraws a when a == b.
fn corrected_history(corrections: &[(usize, usize)]) -> Dataset {
    let end = utc("2026-08-01 12:00");
    let mut data = tend_core::example::synthetic(3, 60, end, "Europe/London", &BundledRules).unwrap();
    let count = data.dose_events.len();
    for (n, &(a, b)) in corrections.iter().enumerate() {
        let (old, about) = (
            data.dose_events[a % count].clone(),
            data.dose_events[b % count].clone(),
        );
        let mut correction = about.clone();
        correction.meta.id = Id::from_u128(0xC000_0000 + n as u128);
        correction.meta.stamp.wall_ms = end.timestamp_millis() as u64 + n as u64;
        correction.recorded_at = end;
        correction.supersedes = Some(old.meta.id);
        if a % count == b % count {
            correction.action = DoseAction::Retracted;
        }
        data.dose_events.push(correction);
    }
    data
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A window of days is worked out from the events near it only; the statuses in it are the same as those a
    /// window starting weeks earlier gives (which reads events weeks older).
    #[test]
    fn a_window_gives_the_statuses_a_wider_window_gives(
        start_day in 0i64..55,
        length_hours in 24i64..(24 * 6),
        now_hours in 0i64..(24 * 62),
        corrections in prop::collection::vec((0usize..400, 0usize..400), 0..12),
    ) {
        let data = corrected_history(&corrections);
        let zones = ZoneContext::single("Europe/London");
        let begin = utc("2026-06-02 12:00");
        let from = begin + Duration::days(start_day) + Duration::minutes(start_day * 37);
        let to = from + Duration::hours(length_hours);
        let now = begin + Duration::hours(now_hours);
        let window = assess(&data, &zones, &BundledRules, from, to, now).unwrap();
        let wider: Vec<_> = assess(&data, &zones, &BundledRules, from - Duration::days(30), to, now)
            .unwrap()
            .into_iter()
            .filter(|a| a.occurrence.due >= from)
            .collect();
        prop_assert!(!window.is_empty());
        prop_assert_eq!(window, wider);
    }
}

#[test]
fn after_the_last_dose_a_late_window_follows_a_dose_taken_months_before() {
    let mut data = single(
        Pattern::AfterLastDose {
            interval_hours: 5,
            first: time("08:00"),
            amount: 1.0,
        },
        "2026-01-01",
        End::Never,
    );
    let zones = ZoneContext::single("UTC");
    let (start, from, to, now) = (
        utc("2026-01-01 00:00"),
        utc("2026-06-01 00:00"),
        utc("2026-06-03 00:00"),
        utc("2026-06-02 12:00"),
    );
    let all = tend_core::occurrence::expand(&data, &zones, &BundledRules, start, to).unwrap();
    // Taken 70 minutes late in January: every later dose moves.
    data.dose_events
        .push(taken(1, &all[100], all[100].due + Duration::minutes(70)));
    let window = assess(&data, &zones, &BundledRules, from, to, now).unwrap();
    let whole: Vec<_> = assess(&data, &zones, &BundledRules, start, to, now)
        .unwrap()
        .into_iter()
        .filter(|a| a.occurrence.due >= from)
        .collect();
    assert_eq!(window.len(), 10);
    assert_eq!(window, whole);
}
