//! Limits: import refuses values outside them, and nothing inside them (or, for the arithmetic, outside them)
//! makes any domain function panic, hang or allocate without bound.

mod common;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use common::*;
use proptest::prelude::*;
use std::ops::RangeInclusive;
use tend_core::backup::{export, import};
use tend_core::dataset::ZoneContext;
use tend_core::dose::{DoseAction, DoseEvent, OccurrenceKey};
use tend_core::limits::*;
use tend_core::medication::{DoseRules, MissedCutoff, Pause, QuietHours, Repeat, Stock};
use tend_core::occurrence::expand;
use tend_core::schedule::{DoseTime, End, Pattern, Schedule, TaperStep};
use tend_core::zone::{BundledRules, ZoneChange, ZonePolicy};
use tend_core::{Dataset, Id};

const FIXTURE: &str = include_str!("fixtures/backup-v1.json");

/// The fixture with `change` made to its JSON, then imported: the problems found.
fn problems_after(change: impl FnOnce(&mut serde_json::Value)) -> Vec<String> {
    let mut document: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
    change(&mut document);
    match import(&document.to_string(), &BundledRules) {
        Ok(_) => vec![],
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn values_that_once_crashed_commands_are_refused_with_their_path() {
    // The fixture's schedules: 0 daily, 3 cycle, 4 every 8 hours, 5 after the last dose.
    let cases: [(&str, serde_json::Value, &str); 6] = [
        (
            "/schedules/0/end",
            serde_json::json!({"kind": "after_days", "days": 4294967295u32}),
            "$.schedules[0].end.days: must be from 1 to 3660 days",
        ),
        (
            "/schedules/4/start",
            serde_json::json!("+262142-01-01"),
            "$.schedules[4].start: must be from 1900-01-01 to 2200-12-31",
        ),
        (
            "/schedules/5/start",
            serde_json::json!("-250000-01-01"),
            "$.schedules[5].start: must be from 1900-01-01 to 2200-12-31",
        ),
        (
            "/schedules/3/pattern/cycle/days_on",
            serde_json::json!(1_000_000),
            "$.schedules[3].pattern.cycle.days_on: must be from 1 to 3660 days",
        ),
        (
            "/schedules/3/pattern/cycle",
            serde_json::json!({"days_on": 4294967295u32, "days_off": 1, "times": [{"time": "21:00:00", "amount": 1.0}]}),
            "$.schedules[3].pattern.cycle.days_on: must be from 1 to 3660 days",
        ),
        (
            "/dose_events/2/action/until",
            serde_json::json!("9999-01-01T00:00:00Z"),
            "$.dose_events[2].action.until: must be from 1900-01-01 to 2200-12-31",
        ),
    ];
    for (pointer, value, expected) in cases {
        let found = problems_after(|document| *document.pointer_mut(pointer).unwrap() = value);
        assert_eq!(found, [expected], "{pointer}");
    }
}

#[test]
fn every_kind_of_record_is_held_to_the_limits() {
    let found = problems_after(|document| {
        document["profiles"][0]["rules"]["on_time_minutes"] = serde_json::json!(100_000);
        document["medications"][1]["repeat"] = serde_json::json!({"every_minutes": 10, "times": 1000});
        document["medications"][1]["stock"]["on_hand"] = serde_json::json!(1e12);
        document["schedules"][0]["pattern"]["daily"]["times"][0]["amount"] = serde_json::json!(1e300);
        document["schedules"][6]["pattern"]["as_needed"]["max_per_24h"] = serde_json::json!(1000);
        document["schedules"][1]["taper"][0]["to"] = serde_json::json!("2999-01-01");
        document["dose_events"][0]["action"]["amount"] = serde_json::json!(-1.0);
        document["dose_events"][1]["stamp"]["wall_ms"] = serde_json::json!(u64::MAX);
        document["zone_changes"][0]["since"] = serde_json::json!("1800-01-01T00:00:00Z");
    });
    assert_eq!(
        found,
        [
            "$.profiles[0].rules.on_time_minutes: must be from 0 to 720 minutes",
            "$.medications[1].stock.on_hand: must be from 0 to 1000000",
            "$.medications[1].repeat.times: must be from 0 to 10",
            "$.schedules[0].pattern.daily.times: each time needs an amount above zero and at most 100000",
            "$.schedules[1].taper: a step's dates must be from 1900-01-01 to 2200-12-31",
            "$.schedules[6].pattern.as_needed.max_per_24h: must be from 1 to 100",
            "$.dose_events[0].action.amount: must be above zero and at most 100000",
            "$.dose_events[1].stamp.wall_ms: must be a time before the end of 2200-12-31",
            "$.zone_changes[0].since: must be from 1900-01-01 to 2200-12-31",
        ]
    );
}

/// Runs every domain function over `[from, from + days)` and checks that what they return stays bounded.
fn run_everything(data: &Dataset, from: DateTime<Utc>, days: i64, zone: &str) {
    let to = from + Duration::days(days);
    let zones = ZoneContext::recorded(data, zone);
    let rules = &BundledRules;
    let Ok(doses) = expand(data, &zones, rules, from, to) else {
        return; // an unknown zone, which import refuses
    };
    let most_a_day = data.schedules.len() * MAX_TIMES_A_DAY;
    assert!(doses.len() <= most_a_day * (days as usize + 1));
    let assessed = tend_core::status::assess(data, &zones, rules, from, to, to).unwrap();
    assert_eq!(assessed.len(), doses.len());
    tend_core::adherence::report(data, &zones, rules, None, days as u32, to).unwrap();
    for medication in &data.medications {
        if let Some(stock) = tend_core::inventory::stock_status(data, medication, to, to.date_naive()) {
            assert!(stock.on_hand >= 0.0);
        }
        tend_core::guard::check(data, medication.meta.id, None, to);
        tend_core::guard::as_needed_use(data, medication.meta.id, to);
    }
    let reminders = tend_core::reminder::plan(data, &zones, rules, from, to, from).unwrap();
    let reminded_doses = expand(data, &zones, rules, from - Duration::days(3), to).unwrap();
    assert!(reminders.len() <= reminded_doses.len() * (MAX_REPEATS as usize + 1));
    let caught_up = tend_core::reminder::catch_up(data, &zones, rules, from, to).unwrap();
    assert!(caught_up.len() <= doses.len());
    let calendar = tend_core::ics::export(data, &zones, rules, &[], from).unwrap();
    let most_events = data.schedules.len() * tend_core::ics::MAX_EVENTS_PER_SCHEDULE;
    assert!(calendar.events <= most_events);
    // Each event is under 2 KB here; each zone's table of changes is under 100 KB.
    assert!(calendar.text.len() <= calendar.events * 2048 + 10 * 100 * 1024);
}

#[test]
fn the_values_that_once_crashed_commands_run_without_panicking() {
    let hours = |start: &str| {
        let mut data = single(
            Pattern::EveryNHours {
                interval_hours: 1,
                anchor: time("08:00"),
                amount: 1.0,
            },
            "2026-01-01",
            End::Never,
        );
        data.schedules[0].start = start.parse().unwrap();
        data
    };
    let cycle = |days_on, days_off| {
        single(
            Pattern::Cycle {
                days_on,
                days_off,
                times: times(&["08:00", "20:00"]),
            },
            "2026-01-01",
            End::Never,
        )
    };
    let long_course = single(
        Pattern::Daily {
            times: times(&["08:00"]),
        },
        "2026-01-01",
        End::AfterDays { days: u32::MAX },
    );
    assert_eq!(long_course.schedules[0].last_date(), Some(NaiveDate::MAX));
    let mut after_last_dose = hours("-250000-01-01");
    after_last_dose.schedules[0].pattern = Pattern::AfterLastDose {
        interval_hours: 1,
        first: time("08:00"),
        amount: 1.0,
    };
    for data in [
        long_course,
        hours("+262142-01-01"),
        hours("-250000-01-01"),
        after_last_dose,
        cycle(1_000_000, 0),
        cycle(u32::MAX, 1),
    ] {
        run_everything(&data, utc("2026-01-01 00:00"), 30, "America/New_York");
    }
}

// Values within the limits, the limits themselves more often than their share.

fn within(range: RangeInclusive<u32>) -> impl Strategy<Value = u32> {
    prop_oneof![Just(*range.start()), Just(*range.end()), range]
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    let (first, last) = (EARLIEST_DATE.num_days_from_ce(), LATEST_DATE.num_days_from_ce());
    prop_oneof![Just(first), Just(last), first..=last]
        .prop_map(|days| NaiveDate::from_num_days_from_ce_opt(days).unwrap())
}

fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
    (any_date(), 0u32..86_400)
        .prop_map(|(date, second)| date.and_time(NaiveTime::MIN).and_utc() + Duration::seconds(second.into()))
}

fn any_amount() -> impl Strategy<Value = f64> {
    prop_oneof![Just(MAX_AMOUNT), Just(f64::MIN_POSITIVE), 0.001..MAX_AMOUNT]
}

fn any_time() -> impl Strategy<Value = NaiveTime> {
    (0u32..86_400).prop_map(|second| NaiveTime::from_num_seconds_from_midnight_opt(second, 0).unwrap())
}

fn any_times() -> impl Strategy<Value = Vec<DoseTime>> {
    let count = prop_oneof![Just(1usize), Just(MAX_TIMES_A_DAY), 1..=MAX_TIMES_A_DAY];
    count.prop_flat_map(|count| {
        prop::collection::vec(
            (any_time(), any_amount()).prop_map(|(time, amount)| DoseTime { time, amount }),
            count,
        )
    })
}

fn any_valid_pattern() -> impl Strategy<Value = Pattern> {
    prop_oneof![
        any_times().prop_map(|times| Pattern::Daily { times }),
        (prop::collection::btree_set(0u8..7, 1..=7), any_times()).prop_map(|(days, times)| {
            Pattern::Weekdays {
                days: days.into_iter().map(|d| Weekday::try_from(d).unwrap()).collect(),
                times,
            }
        }),
        (within(1..=MAX_DAYS), any_times())
            .prop_map(|(interval, times)| Pattern::EveryNDays { interval, times }),
        (within(1..=MAX_DAYS), within(0..=MAX_DAYS), any_times()).prop_map(|(days_on, days_off, times)| {
            Pattern::Cycle {
                days_on,
                days_off,
                times,
            }
        }),
        (within(1..=MAX_INTERVAL_HOURS), any_time(), any_amount()).prop_map(
            |(interval_hours, anchor, amount)| {
                Pattern::EveryNHours {
                    interval_hours,
                    anchor,
                    amount,
                }
            }
        ),
        (within(1..=MAX_INTERVAL_HOURS), any_time(), any_amount()).prop_map(
            |(interval_hours, first, amount)| {
                Pattern::AfterLastDose {
                    interval_hours,
                    first,
                    amount,
                }
            }
        ),
        (
            within(1..=MAX_PER_24H),
            within(0..=MAX_MIN_GAP_MINUTES),
            any_amount()
        )
            .prop_map(|(max_per_24h, min_gap_minutes, amount)| Pattern::AsNeeded {
                max_per_24h,
                min_gap_minutes,
                amount,
            }),
    ]
}

fn any_valid_schedule(medication: u128) -> impl Strategy<Value = Schedule> {
    let taper_step = || {
        (any_date(), any_date(), any_amount()).prop_map(|(a, b, amount)| TaperStep {
            from: a.min(b),
            to: a.max(b),
            amount,
        })
    };
    let steps = prop_oneof![Just(0usize), Just(MAX_TAPER_STEPS), 0..=MAX_TAPER_STEPS];
    let taper = steps.prop_flat_map(move |count| prop::collection::vec(taper_step(), count));
    (
        any_valid_pattern(),
        any_date(),
        0u32..4,
        any_date(),
        within(1..=MAX_DAYS),
        taper,
    )
        .prop_map(move |(pattern, start, end_kind, end_date, days, taper)| {
            let end = match end_kind {
                0 => End::Never,
                1 => End::On {
                    date: end_date.max(start),
                },
                _ => End::AfterDays { days },
            };
            let mut schedule = schedule(medication, pattern, "2026-01-01", end);
            schedule.start = start;
            schedule.taper = taper;
            schedule
        })
}

const ZONES: [&str; 8] = [
    "UTC",
    "America/New_York",
    "America/St_Johns",
    "Pacific/Chatham",
    "Australia/Lord_Howe",
    "Pacific/Kiritimati",
    "Etc/GMT+12",
    "Asia/Kathmandu",
];

/// A person's rules, a medicine with its extremes (repeats, stock, pauses, zone) and one schedule for it.
fn any_valid_medicine(n: u128) -> impl Strategy<Value = Dataset> {
    let rules = (
        within(0..=MAX_ON_TIME_MINUTES),
        prop::option::of(within(0..=MAX_MISSED_WINDOW_MINUTES)),
    )
        .prop_map(|(on_time_minutes, window)| DoseRules {
            on_time_minutes,
            missed_cutoff: window.map_or(MissedCutoff::NextDose, |minutes| MissedCutoff::Window { minutes }),
        });
    let stock = (
        prop_oneof![Just(0.0), Just(MAX_ON_HAND), 0.0..MAX_ON_HAND],
        any_instant(),
        within(0..=MAX_DAYS),
        prop::option::of(any_date()),
    )
        .prop_map(|(on_hand, counted_at, refill_at_days, expires_on)| Stock {
            on_hand,
            counted_at,
            refill_at_days,
            expires_on,
        });
    let pause =
        (any_instant(), prop::option::of(any_instant())).prop_map(|(from, until)| Pause { from, until });
    (
        rules,
        prop::option::of(prop::sample::select(ZONES.to_vec())),
        (within(0..=MAX_REPEAT_EVERY_MINUTES), within(0..=MAX_REPEATS)),
        prop::option::of(stock),
        prop::collection::vec(pause, 0..3),
        prop::option::of(any_instant()),
        any_valid_schedule(n),
    )
        .prop_map(
            move |(rules, fixed_zone, (every_minutes, times), stock, pauses, ended_at, schedule)| {
                let zone_policy = fixed_zone.map_or(ZonePolicy::FollowLocal, |zone| ZonePolicy::Fixed {
                    zone: zone.into(),
                });
                let mut medication = medication(n, zone_policy);
                medication.repeat = Repeat { every_minutes, times };
                medication.stock = stock;
                medication.pauses = pauses;
                medication.ended_at = ended_at;
                let mut profile = profile(rules);
                profile.quiet_hours = Some(QuietHours {
                    start: time("22:00"),
                    end: time("07:00"),
                });
                Dataset {
                    profiles: vec![profile],
                    medications: vec![medication],
                    schedules: vec![schedule],
                    ..Dataset::default()
                }
            },
        )
}

/// One to three medicines, travel, and events on some of the doses due in the window (taken early or late,
/// skipped, snoozed to anywhere in range), plus events at random instants.
fn any_valid_backup() -> impl Strategy<Value = (Dataset, DateTime<Utc>, i64)> {
    let medicines = prop::collection::vec(0u128..1000, 1..=3).prop_flat_map(|ns| {
        let ns: Vec<u128> = ns
            .iter()
            .enumerate()
            .map(|(i, n)| 10 + i as u128 * 1000 + n)
            .collect();
        ns.into_iter().map(any_valid_medicine).collect::<Vec<_>>()
    });
    let travel = prop::collection::vec((any_instant(), prop::sample::select(ZONES.to_vec())), 0..3);
    let window = (any_instant(), prop_oneof![Just(1i64), Just(40), 1i64..40]);
    let events = prop::collection::vec(
        (any::<prop::sample::Index>(), 0u8..4, any_instant(), -600i64..6000),
        0..40,
    );
    (medicines, travel, window, events).prop_map(|(medicines, travel, (from, days), events)| {
        let mut data = Dataset::default();
        for medicine in medicines {
            data.profiles = medicine.profiles;
            data.medications.extend(medicine.medications);
            data.schedules.extend(medicine.schedules);
        }
        data.zone_changes = travel
            .into_iter()
            .enumerate()
            .map(|(i, (since, zone))| ZoneChange {
                meta: meta(500 + i as u128),
                since,
                zone: zone.into(),
            })
            .collect();
        let from = from.min(utc("2200-11-01 00:00"));
        let due = expand(
            &data,
            &ZoneContext::recorded(&data, "UTC"),
            &BundledRules,
            from,
            from + Duration::days(days),
        )
        .unwrap();
        for (i, (pick, kind, instant, minutes)) in events.into_iter().enumerate() {
            let id = 1_000_000 + i as u128;
            let (medication_id, key, at) = match due.get(pick.index(due.len().max(1))) {
                Some(o) => (o.medication_id, Some(o.key), o.due + Duration::minutes(minutes)),
                None => (data.medications[0].meta.id, None, instant),
            };
            let at = at.clamp(utc("1900-01-01 00:00"), utc("2200-12-31 00:00"));
            let action = match kind {
                0 => DoseAction::Taken { at, amount: 1.0 },
                1 => DoseAction::Skipped {
                    reason: "ran_out".into(),
                },
                2 => DoseAction::Snoozed { until: instant },
                _ => DoseAction::Taken {
                    at: instant,
                    amount: MAX_AMOUNT,
                },
            };
            let mut event: DoseEvent = event(id, 0, key, action, at);
            event.medication_id = medication_id;
            event.meta.stamp.wall_ms = at.timestamp_millis().max(0) as u64;
            data.dose_events.push(event);
        }
        (data, from, days)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Every valid backup, extremes included, imports, and every domain function finishes on it with bounded
    /// output.
    #[test]
    fn every_valid_backup_runs_everywhere_within_bounds((data, from, days) in any_valid_backup()) {
        let imported = import(&export(&data, from), &BundledRules);
        prop_assert!(imported.is_ok(), "{:?}", imported.err());
        run_everything(&data, from, days, "Europe/London");
    }
}

// Values of any size, within what the file format can hold: import refuses them, but code reading them anyway
// must not panic.

fn any_date_at_all() -> impl Strategy<Value = NaiveDate> {
    let (first, last) = (
        NaiveDate::MIN.num_days_from_ce(),
        NaiveDate::MAX.num_days_from_ce(),
    );
    prop_oneof![
        Just(first),
        Just(last),
        first..=last,
        any_date().prop_map(|d| d.num_days_from_ce())
    ]
    .prop_map(|days| NaiveDate::from_num_days_from_ce_opt(days).unwrap())
}

fn any_instant_at_all() -> impl Strategy<Value = DateTime<Utc>> {
    prop_oneof![
        Just(DateTime::<Utc>::MIN_UTC),
        Just(DateTime::<Utc>::MAX_UTC),
        any_date_at_all().prop_map(|d| d.and_time(NaiveTime::MIN).and_utc()),
    ]
}

fn any_u32() -> impl Strategy<Value = u32> {
    prop_oneof![Just(0), Just(u32::MAX), any::<u32>(), 0u32..100]
}

fn any_pattern_at_all() -> impl Strategy<Value = Pattern> {
    let times = || {
        prop::collection::vec(
            (any_time(), any::<f64>()).prop_map(|(time, amount)| DoseTime { time, amount }),
            0..4,
        )
    };
    prop_oneof![
        (any_u32(), times()).prop_map(|(interval, times)| Pattern::EveryNDays { interval, times }),
        (any_u32(), any_u32(), times()).prop_map(|(days_on, days_off, times)| Pattern::Cycle {
            days_on,
            days_off,
            times
        }),
        (prop::collection::vec(0u8..7, 0..10), times()).prop_map(|(days, times)| Pattern::Weekdays {
            days: days.into_iter().map(|d| Weekday::try_from(d).unwrap()).collect(),
            times,
        }),
        (any_u32(), any_time(), any::<f64>()).prop_map(|(interval_hours, anchor, amount)| {
            Pattern::EveryNHours {
                interval_hours,
                anchor,
                amount,
            }
        }),
        (any_u32(), any_time(), any::<f64>()).prop_map(|(interval_hours, first, amount)| {
            Pattern::AfterLastDose {
                interval_hours,
                first,
                amount,
            }
        }),
        (any_u32(), any_u32(), any::<f64>()).prop_map(|(max_per_24h, min_gap_minutes, amount)| {
            Pattern::AsNeeded {
                max_per_24h,
                min_gap_minutes,
                amount,
            }
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Records nobody validated (any dates chrono holds, any whole numbers, any amounts) never make a domain
    /// function panic.
    #[test]
    fn unchecked_values_never_panic(
        pattern in any_pattern_at_all(),
        start in any_date_at_all(),
        end in prop_oneof![Just(End::Never), any_date_at_all().prop_map(|date| End::On { date }), any_u32().prop_map(|days| End::AfterDays { days })],
        taper in prop::collection::vec((any_date_at_all(), any_date_at_all(), any::<f64>()), 0..3),
        repeat in (any_u32(), any_u32()),
        rules in (any_u32(), any_u32()),
        instants in prop::collection::vec(any_instant_at_all(), 6),
        on_hand in any::<f64>(),
        window_start in any_date(),
    ) {
        let mut data = single(pattern, "2026-01-01", end);
        data.schedules[0].start = start;
        data.schedules[0].taper = taper.into_iter().map(|(from, to, amount)| TaperStep { from, to, amount }).collect();
        data.profiles[0].rules = DoseRules { on_time_minutes: rules.0, missed_cutoff: MissedCutoff::Window { minutes: rules.1 } };
        let medication = &mut data.medications[0];
        medication.repeat = Repeat { every_minutes: repeat.0, times: repeat.1 };
        medication.stock = Some(Stock { on_hand, counted_at: instants[0], refill_at_days: rules.0, expires_on: Some(start) });
        medication.pauses = vec![Pause { from: instants[1], until: Some(instants[2]) }];
        let key = OccurrenceKey { schedule_id: Id::from_u128(1010), slot: instants[3].naive_utc() };
        data.dose_events = vec![
            event(1, 10, Some(key), DoseAction::Taken { at: instants[4], amount: on_hand }, instants[4]),
            event(2, 10, Some(key), DoseAction::Snoozed { until: instants[5] }, instants[5]),
            event(3, 10, None, DoseAction::Taken { at: instants[5], amount: on_hand }, instants[5]),
        ];
        data.zone_changes = vec![ZoneChange { meta: meta(7), since: instants[2], zone: "Pacific/Chatham".into() }];
        run_everything(&data, window_start.and_time(NaiveTime::MIN).and_utc(), 10, "America/New_York");
    }
}
