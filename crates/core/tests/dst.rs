//! Daylight saving and travel: doses are never dropped or doubled, and instants agree with RFC 5545.

mod common;
use chrono::Duration;
use common::*;
use proptest::prelude::*;
use tend_core::adherence::report;
use tend_core::dataset::ZoneContext;
use tend_core::occurrence::expand;
use tend_core::schedule::{End, Pattern};
use tend_core::status::assess;
use tend_core::zone::{BundledRules, ZonePolicy};

/// A daily 02:30 dose across both transition days: once a day, every day, at the RFC 5545 instant.
fn daily_at_0230(zone: &str, spring: &str, autumn: &str) -> (Vec<String>, Vec<String>) {
    let data = single(
        Pattern::Daily {
            times: times(&["02:30"]),
        },
        "2026-01-01",
        End::Never,
    );
    let show = |day: &str| {
        let from = date(day) - Duration::days(1);
        let all = occurrences(
            &data,
            zone,
            &format!("{from} 00:00"),
            &format!("{} 00:00", date(day) + Duration::days(2)),
        );
        assert_eq!(all.len(), 3, "{zone} around {day}: one dose a day");
        all.iter()
            .map(|o| format!("{} {}", o.due.format("%Y-%m-%d %H:%M"), o.local.format("%H:%M")))
            .collect()
    };
    (show(spring), show(autumn))
}

#[test]
fn new_york_0230_on_both_transition_days() {
    let (spring, autumn) = daily_at_0230("America/New_York", "2026-03-08", "2026-11-01");
    assert_eq!(
        spring,
        [
            "2026-03-07 07:30 02:30",
            "2026-03-08 07:30 03:30",
            "2026-03-09 06:30 02:30"
        ]
    );
    assert_eq!(
        autumn,
        [
            "2026-10-31 06:30 02:30",
            "2026-11-01 07:30 02:30",
            "2026-11-02 07:30 02:30"
        ]
    );
}

#[test]
fn london_0230_and_0130_on_both_transition_days() {
    // London moves 01:00 -> 02:00 on 29 March 2026 and 02:00 -> 01:00 on 25 October 2026, so 02:30 exists on both.
    let (spring, autumn) = daily_at_0230("Europe/London", "2026-03-29", "2026-10-25");
    assert_eq!(
        spring,
        [
            "2026-03-28 02:30 02:30",
            "2026-03-29 01:30 02:30",
            "2026-03-30 01:30 02:30"
        ]
    );
    assert_eq!(
        autumn,
        [
            "2026-10-24 01:30 02:30",
            "2026-10-25 02:30 02:30",
            "2026-10-26 02:30 02:30"
        ]
    );
    // 01:30 is skipped in spring (read with the offset before: 02:30 BST) and repeated in autumn (first: BST).
    let data = single(
        Pattern::Daily {
            times: times(&["01:30"]),
        },
        "2026-01-01",
        End::Never,
    );
    let spring = occurrences(&data, "Europe/London", "2026-03-29 00:00", "2026-03-30 00:00");
    assert_eq!(
        (spring.len(), spring[0].due, spring[0].local),
        (1, utc("2026-03-29 01:30"), local("2026-03-29 02:30"))
    );
    let autumn = occurrences(&data, "Europe/London", "2026-10-25 00:00", "2026-10-26 00:00");
    assert_eq!((autumn.len(), autumn[0].due), (1, utc("2026-10-25 00:30")));
}

#[test]
fn lord_howe_half_hour_shift() {
    // +10:30 -> +11 at 02:00 on 4 October 2026; +11 -> +10:30 at 02:00 on 5 April 2026.
    let data = single(
        Pattern::Daily {
            times: times(&["02:15"]),
        },
        "2026-01-01",
        End::Never,
    );
    let spring = occurrences(
        &data,
        "Australia/Lord_Howe",
        "2026-10-03 12:00",
        "2026-10-04 12:00",
    );
    assert_eq!(spring.len(), 1);
    assert_eq!(
        (spring[0].due, spring[0].local.format("%H:%M").to_string()),
        (utc("2026-10-03 15:45"), "02:45".into())
    );
    let data = single(
        Pattern::Daily {
            times: times(&["01:45"]),
        },
        "2026-01-01",
        End::Never,
    );
    let autumn = occurrences(
        &data,
        "Australia/Lord_Howe",
        "2026-04-04 12:00",
        "2026-04-05 12:00",
    );
    assert_eq!(autumn.len(), 1);
    assert_eq!(autumn[0].offset_seconds, 11 * 3600, "first of the two 01:45s");
}

#[test]
fn a_zone_without_dst_is_steady_all_year() {
    let data = single(
        Pattern::Daily {
            times: times(&["02:30"]),
        },
        "2026-01-01",
        End::Never,
    );
    let all = occurrences(&data, "Asia/Kolkata", "2026-01-01 00:00", "2027-01-01 00:00");
    assert_eq!(all.len(), 365);
    assert!(all
        .iter()
        .all(|o| o.offset_seconds == 19800 && o.local.format("%H:%M").to_string() == "02:30"));
}

#[test]
fn every_n_hours_keeps_real_gaps_across_transitions() {
    let data = single(
        Pattern::EveryNHours {
            interval_hours: 8,
            anchor: time("06:00"),
            amount: 1.0,
        },
        "2026-03-07",
        End::On {
            date: date("2026-03-09"),
        },
    );
    let all = occurrences(&data, "America/New_York", "2026-03-01 00:00", "2026-04-01 00:00");
    assert_eq!(all.len(), 9, "three days of 8-hourly doses");
    assert!(all.windows(2).all(|w| w[1].due - w[0].due == Duration::hours(8)));
    assert_eq!(all[0].due, utc("2026-03-07 11:00"));
    // After the spring change the wall clock reads an hour later: 07:00, 15:00, 23:00 EDT.
    assert_eq!(all[6].local, local("2026-03-09 07:00"));
}

#[test]
fn a_year_in_each_zone_has_exactly_one_dose_per_day_per_time() {
    for zone in [
        "America/New_York",
        "Europe/London",
        "Australia/Lord_Howe",
        "Asia/Kolkata",
        "UTC",
    ] {
        let data = single(
            Pattern::Daily {
                times: times(&["00:30", "01:30", "02:00", "02:30", "03:00"]),
            },
            "2026-01-01",
            End::Never,
        );
        let year = expand(
            &data,
            &ZoneContext::single(zone),
            &BundledRules,
            utc("2025-12-31 00:00"),
            utc("2027-01-02 00:00"),
        )
        .unwrap();
        let in_2026: Vec<_> = year
            .iter()
            .filter(|o| o.key.slot.date().format("%Y").to_string() == "2026")
            .collect();
        assert_eq!(in_2026.len(), 365 * 5, "{zone}");
        let mut slots: Vec<_> = in_2026.iter().map(|o| o.key.slot).collect();
        slots.dedup();
        assert_eq!(slots.len(), 365 * 5, "{zone}: no slot twice");
    }
}

#[test]
fn a_fixed_zone_medicine_ignores_travel_and_a_local_one_follows_it() {
    let mut data = single(
        Pattern::Daily {
            times: times(&["09:00"]),
        },
        "2026-06-01",
        End::Never,
    );
    let mut fixed = medication(
        11,
        ZonePolicy::Fixed {
            zone: "Europe/London".into(),
        },
    );
    fixed.name = "Fixed".into();
    data.medications.push(fixed);
    data.schedules.push(schedule(
        11,
        Pattern::Daily {
            times: times(&["09:00"]),
        },
        "2026-06-01",
        End::Never,
    ));
    let tokyo = occurrences(&data, "Asia/Tokyo", "2026-06-02 00:00", "2026-06-03 00:00");
    let local_dose = tokyo
        .iter()
        .find(|o| o.medication_id == tend_core::Id::from_u128(10))
        .unwrap();
    let fixed_dose = tokyo
        .iter()
        .find(|o| o.medication_id == tend_core::Id::from_u128(11))
        .unwrap();
    assert_eq!(local_dose.due, utc("2026-06-02 00:00"), "09:00 in Tokyo");
    assert_eq!(
        fixed_dose.due,
        utc("2026-06-02 08:00"),
        "09:00 in London, wherever the person is"
    );
}

/// Two daily times in a fixed zone, the first inside the spring-forward gap: that day the second is due first
/// (the first is read with the offset before the gap), so a range ending between the two holds only the second.
/// (zone, the two times, the local date of the change, the instant between the doses, the second's instant)
const DUE_OUT_OF_SLOT_ORDER: [(&str, [&str; 2], &str, &str, &str); 3] = [
    (
        "America/St_Johns",
        ["02:30", "03:00"],
        "2026-03-08",
        "2026-03-08 05:45",
        "2026-03-08 05:30",
    ),
    (
        "Pacific/Chatham",
        ["03:00", "03:45"],
        "2026-09-27",
        "2026-09-26 14:10",
        "2026-09-26 14:00",
    ),
    (
        "America/New_York",
        ["02:30", "03:00"],
        "2026-03-08",
        "2026-03-08 07:15",
        "2026-03-08 07:00",
    ),
];

fn fixed_zone_daily(zone: &str, list: &[&str], start: &str) -> tend_core::Dataset {
    let mut data = single(Pattern::Daily { times: times(list) }, start, End::Never);
    data.medications[0].zone_policy = ZonePolicy::Fixed { zone: zone.into() };
    data
}

#[test]
fn a_range_ending_between_doses_due_out_of_slot_order_keeps_the_one_inside() {
    for (zone, list, day, between, second_due) in DUE_OUT_OF_SLOT_ORDER {
        let data = fixed_zone_daily(zone, &list, day);
        let start = utc(between) - Duration::days(1);
        let assessed = assess(
            &data,
            &ZoneContext::single("UTC"),
            &BundledRules,
            start,
            utc(between),
            utc(between),
        )
        .unwrap();
        let due: Vec<_> = assessed
            .iter()
            .map(|a| (a.occurrence.key.slot, a.occurrence.due))
            .collect();
        assert_eq!(
            due,
            [(local(&format!("{day} {}", list[1])), utc(second_due))],
            "{zone}"
        );
    }
}

#[test]
fn adherence_counts_a_dose_due_before_an_earlier_slot_in_the_skipped_hour() {
    for (zone, list, day, between, second_due) in DUE_OUT_OF_SLOT_ORDER {
        let mut data = fixed_zone_daily(zone, &list, day);
        let second = expand(
            &data,
            &ZoneContext::single("UTC"),
            &BundledRules,
            utc(second_due),
            utc(between),
        )
        .unwrap();
        data.dose_events.push(taken(1, &second[0], utc(second_due)));
        let adherence = report(
            &data,
            &ZoneContext::single("UTC"),
            &BundledRules,
            None,
            1,
            utc(between),
        )
        .unwrap();
        assert_eq!(
            (adherence.overall.expected, adherence.overall.on_time),
            (1, 1),
            "{zone}"
        );
    }
}

#[test]
fn a_dose_is_missed_at_the_next_dose_by_due_time_not_by_slot() {
    // New York, 8 March 2026: 03:00 EDT is 07:00Z; 02:30 (in the gap) and 03:30 are both 07:30Z.
    let mut data = fixed_zone_daily("America/New_York", &["02:30", "03:00", "03:30"], "2026-03-08");
    data.profiles[0].rules.on_time_minutes = 15;
    let day = assess(
        &data,
        &ZoneContext::single("UTC"),
        &BundledRules,
        utc("2026-03-08 00:00"),
        utc("2026-03-09 00:00"),
        utc("2026-03-08 00:00"),
    )
    .unwrap();
    let cutoffs: Vec<_> = day
        .iter()
        .map(|a| (a.occurrence.key.slot.format("%H:%M").to_string(), a.cutoff))
        .collect();
    let next_day = utc("2026-03-09 06:30");
    assert_eq!(
        cutoffs,
        [
            ("03:00".to_owned(), utc("2026-03-08 07:30")),
            ("02:30".to_owned(), next_day),
            ("03:30".to_owned(), next_day),
        ]
    );
}

/// Zones with their 2026 offset changes (UTC): half-hour, 45-minute and hour-long gaps and repeats.
const CHANGES: [(&str, &str); 8] = [
    ("America/New_York", "2026-03-08 07:00"),
    ("America/New_York", "2026-11-01 06:00"),
    ("America/St_Johns", "2026-03-08 05:30"),
    ("Pacific/Chatham", "2026-09-26 14:00"),
    ("Pacific/Chatham", "2026-04-04 14:00"),
    ("Australia/Lord_Howe", "2026-10-03 15:30"),
    ("Europe/London", "2026-03-29 01:00"),
    ("Asia/Kolkata", "2026-06-01 00:00"),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// The doses of [a, b) are exactly the year's doses due in [a, b), wherever b falls (just after a dose near
    /// an offset change, near the change, or anywhere in the year): none lost or added at the range's ends,
    /// whatever order the slots resolve in.
    #[test]
    fn a_range_holds_exactly_the_years_doses_due_inside_it(
        pattern in any_pattern(),
        fixed in any::<bool>(),
        (zone, change) in prop::sample::select(CHANGES.to_vec()),
        just_after_dose in prop::option::weighted(0.7, (any::<prop::sample::Index>(), 1i64..60)),
        end_minutes in prop_oneof![-120i64..120, -2880i64..2880, -(120 * 1440i64)..(120 * 1440)],
        length_minutes in 0i64..(20 * 1440),
    ) {
        let mut data = single(pattern, "2025-12-25", End::Never);
        let zones = if fixed {
            data.medications[0].zone_policy = ZonePolicy::Fixed { zone: zone.into() };
            ZoneContext::single("UTC")
        } else {
            ZoneContext::single(zone)
        };
        let doses = |from, to| -> Vec<_> {
            assess(&data, &zones, &BundledRules, from, to, to).unwrap().into_iter().map(|d| d.occurrence).collect()
        };
        let (year_start, year_end) = (utc("2026-01-01 00:00"), utc("2027-01-01 00:00"));
        let year = doses(year_start, year_end);
        let change = utc(change);
        let near_change: Vec<_> = year.iter().filter(|o| (o.due - change).abs() < Duration::days(1)).collect();
        let b = match just_after_dose {
            Some((index, minutes)) if !near_change.is_empty() => {
                index.get(&near_change).due + Duration::minutes(minutes)
            }
            _ => change + Duration::minutes(end_minutes),
        }
        .clamp(year_start, year_end);
        let a = (b - Duration::minutes(length_minutes)).max(year_start);
        let year_inside: Vec<_> = year.into_iter().filter(|o| a <= o.due && o.due < b).collect();
        prop_assert_eq!(doses(a, b), year_inside);
    }
}
