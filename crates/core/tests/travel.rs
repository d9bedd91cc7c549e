//! After a move to another zone: each follow-local medicine's next dose with the clock and on home time.

mod common;
use common::*;
use tend_core::schedule::{End, Pattern};
use tend_core::travel::travel;
use tend_core::zone::{BundledRules, ZoneChange, ZonePolicy};
use tend_core::{Dataset, Id};

fn moved(to_madrid_at: &str) -> Dataset {
    let mut data = single(
        Pattern::Daily {
            times: times(&["08:00"]),
        },
        "2026-03-01",
        End::Never,
    );
    let mut fixed = medication(
        20,
        ZonePolicy::Fixed {
            zone: "America/New_York".into(),
        },
    );
    fixed.name = "Fixed".into();
    data.medications.push(fixed);
    data.schedules.push(schedule(
        20,
        Pattern::Daily {
            times: times(&["09:00"]),
        },
        "2026-03-01",
        End::Never,
    ));
    data.medications.push(medication(30, ZonePolicy::FollowLocal));
    let when_needed = Pattern::AsNeeded {
        max_per_24h: 4,
        min_gap_minutes: 240,
        amount: 1.0,
    };
    data.schedules
        .push(schedule(30, when_needed, "2026-03-01", End::Never));
    for (id, since, zone) in [
        (700, "2026-03-01 00:00", "America/New_York"),
        (701, to_madrid_at, "Europe/Madrid"),
    ] {
        data.zone_changes.push(ZoneChange {
            meta: meta(id),
            since: utc(since),
            zone: zone.into(),
        });
    }
    data
}

#[test]
fn after_a_move_each_medicine_shows_its_next_dose_with_the_clock_and_on_home_time() {
    let data = moved("2026-03-10 12:00");
    let asked = travel(
        &data,
        Id::from_u128(PROFILE),
        &BundledRules,
        utc("2026-03-10 13:00"),
    )
    .unwrap()
    .expect("a move to ask about");
    assert_eq!(
        (asked.home.as_str(), asked.here.as_str()),
        ("America/New_York", "Europe/Madrid")
    );
    assert_eq!(asked.since, utc("2026-03-10 12:00"));
    let local = &asked.medicines[0];
    assert_eq!(local.fixed, None);
    // 08:00 in Madrid (UTC+1 until the end of March), or 08:00 in New York (already on summer time, UTC-4).
    assert_eq!(local.with_clock, Some(utc("2026-03-11 07:00")));
    assert_eq!(local.home_time, Some(utc("2026-03-11 12:00")));
    assert_eq!(
        asked.medicines.len(),
        2,
        "the as-needed medicine has no times to move"
    );
    let fixed = &asked.medicines[1];
    assert_eq!(fixed.fixed.as_deref(), Some("America/New_York"));
    assert_eq!((fixed.with_clock, fixed.home_time), (None, None));
}

#[test]
fn nothing_is_asked_without_a_move_or_a_week_after_it() {
    let data = moved("2026-03-10 12:00");
    let person = Id::from_u128(PROFILE);
    assert_eq!(
        travel(&data, person, &BundledRules, utc("2026-03-17 13:00")).unwrap(),
        None
    );
    let mut stayed = data.clone();
    stayed.zone_changes.truncate(1);
    assert_eq!(
        travel(&stayed, person, &BundledRules, utc("2026-03-10 13:00")).unwrap(),
        None
    );
    assert_eq!(
        travel(
            &Dataset::default(),
            person,
            &BundledRules,
            utc("2026-03-10 13:00")
        )
        .unwrap(),
        None
    );
}

#[test]
fn a_dose_still_due_from_before_the_move_is_passed_over_to_show_where_the_ways_part() {
    // Landed at 10:00 UTC, before New York's 8:00 (12:00 UTC) but after Madrid's (07:00 UTC): that dose is due
    // at 12:00 UTC either way, so the choice shows the next morning's.
    let data = moved("2026-03-10 10:00");
    let asked = travel(
        &data,
        Id::from_u128(PROFILE),
        &BundledRules,
        utc("2026-03-10 10:30"),
    )
    .unwrap()
    .unwrap();
    assert_eq!(asked.medicines[0].with_clock, Some(utc("2026-03-11 07:00")));
    assert_eq!(asked.medicines[0].home_time, Some(utc("2026-03-11 12:00")));
}
