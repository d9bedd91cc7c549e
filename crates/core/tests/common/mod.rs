//! Builders shared by the core's integration tests.
#![allow(dead_code)]

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};
use proptest::prelude::*;
use tend_core::checkin::CheckIn;
use tend_core::dataset::ZoneContext;
use tend_core::dose::{DoseAction, DoseEvent, OccurrenceKey};
use tend_core::goal::Goal;
use tend_core::hlc::Hlc;
use tend_core::inventory::Refill;
use tend_core::measure::{MeasureKind, Measurement, Reading};
use tend_core::medication::{DoseRules, Form, Medication, Pause, Profile, Stock};
use tend_core::occurrence::{expand, Occurrence};
use tend_core::record::Meta;
use tend_core::schedule::{DoseTime, End, Pattern, Schedule, TaperStep};
use tend_core::zone::{BundledRules, ZoneChange, ZonePolicy};
use tend_core::{Dataset, Id};

pub const PROFILE: u128 = 1;

pub fn utc(text: &str) -> DateTime<Utc> {
    local(text).and_utc()
}

pub fn local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

pub fn time(text: &str) -> NaiveTime {
    NaiveTime::parse_from_str(text, "%H:%M").unwrap()
}

pub fn times(list: &[&str]) -> Vec<DoseTime> {
    list.iter()
        .map(|t| DoseTime {
            time: time(t),
            amount: 1.0,
        })
        .collect()
}

pub fn meta(id: u128) -> Meta {
    Meta {
        id: Id::from_u128(id),
        profile_id: Id::from_u128(PROFILE),
        stamp: Hlc::default(),
        deleted: false,
    }
}

pub fn profile(rules: DoseRules) -> Profile {
    Profile {
        meta: meta(PROFILE),
        name: "Ana".into(),
        colour: "#123456".into(),
        conditions: vec![],
        rules,
        quiet_hours: None,
    }
}

pub fn medication(id: u128, zone_policy: ZonePolicy) -> Medication {
    Medication {
        meta: meta(id),
        name: format!("Medicine {id}"),
        strength: String::new(),
        form: Form::Tablet,
        unit: "tablet".into(),
        instructions: String::new(),
        conditions: vec![],
        colour: "#000000".into(),
        pauses: vec![],
        ended_at: None,
        zone_policy,
        stock: None,
        repeat: Default::default(),
    }
}

/// Schedule `1000 + medication` for `medication`.
pub fn schedule(medication: u128, pattern: Pattern, start: &str, end: End) -> Schedule {
    Schedule {
        meta: meta(1000 + medication),
        medication_id: Id::from_u128(medication),
        pattern,
        start: date(start),
        end,
        taper: vec![],
    }
}

/// One medication (id 10) on one schedule, following local time.
pub fn single(pattern: Pattern, start: &str, end: End) -> Dataset {
    Dataset {
        profiles: vec![profile(DoseRules::default())],
        medications: vec![medication(10, ZonePolicy::FollowLocal)],
        schedules: vec![schedule(10, pattern, start, end)],
        ..Dataset::default()
    }
}

pub fn occurrences(data: &Dataset, zone: &str, from: &str, to: &str) -> Vec<Occurrence> {
    expand(
        data,
        &ZoneContext::single(zone),
        &BundledRules,
        utc(from),
        utc(to),
    )
    .unwrap()
}

pub fn event(
    id: u128,
    medication: u128,
    key: Option<OccurrenceKey>,
    action: DoseAction,
    recorded: DateTime<Utc>,
) -> DoseEvent {
    DoseEvent {
        meta: Meta {
            stamp: Hlc {
                wall_ms: recorded.timestamp_millis() as u64,
                counter: 0,
                node: 0,
            },
            ..meta(id)
        },
        medication_id: Id::from_u128(medication),
        occurrence: key,
        action,
        recorded_at: recorded,
        zone: "UTC".into(),
        supersedes: None,
    }
}

pub fn taken(id: u128, o: &Occurrence, at: DateTime<Utc>) -> DoseEvent {
    let medication = o.medication_id;
    DoseEvent {
        medication_id: medication,
        ..event(id, 0, Some(o.key), DoseAction::Taken { at, amount: o.amount }, at)
    }
}

/// Up to three distinct times of day, most of them on the quarter hours from 01:00 to 03:45, where the
/// daylight-saving gaps and repeated hours are.
pub fn any_times() -> impl Strategy<Value = Vec<DoseTime>> {
    let minute = prop_oneof![1 => 0u32..(24 * 60), 3 => (4u32..16).prop_map(|quarter| quarter * 15)];
    prop::collection::btree_set(minute, 1..4).prop_map(|minutes| {
        minutes
            .into_iter()
            .map(|m| DoseTime {
                time: NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap(),
                amount: 1.0,
            })
            .collect()
    })
}

/// Any pattern with a timetable (not after-last-dose or as-needed).
pub fn any_pattern() -> impl Strategy<Value = Pattern> {
    prop_oneof![
        any_times().prop_map(|times| Pattern::Daily { times }),
        (prop::collection::btree_set(0u8..7, 1..7), any_times()).prop_map(|(days, times)| {
            Pattern::Weekdays {
                days: days.into_iter().map(|d| Weekday::try_from(d).unwrap()).collect(),
                times,
            }
        }),
        (1u32..10, any_times()).prop_map(|(interval, times)| Pattern::EveryNDays { interval, times }),
        (1u32..10, 0u32..10, any_times()).prop_map(|(days_on, days_off, times)| Pattern::Cycle {
            days_on,
            days_off,
            times
        }),
        (1u32..49, 0u32..24).prop_map(|(interval_hours, h)| Pattern::EveryNHours {
            interval_hours,
            anchor: time(&format!("{h:02}:00")),
            amount: 1.0
        }),
    ]
}

/// One of every record type and variant.
pub fn everything() -> Dataset {
    let mut data = single(
        Pattern::Daily {
            times: times(&["08:00", "20:00"]),
        },
        "2026-01-05",
        End::Never,
    );
    let mut fixed = medication(
        11,
        ZonePolicy::Fixed {
            zone: "Europe/London".into(),
        },
    );
    fixed.stock = Some(Stock {
        on_hand: 27.5,
        counted_at: utc("2026-01-05 09:00"),
        refill_at_days: 5,
        expires_on: Some(date("2027-01-01")),
    });
    fixed.pauses = vec![Pause {
        from: utc("2026-02-01 00:00"),
        until: Some(utc("2026-02-03 00:00")),
    }];
    fixed.conditions = vec!["asthma".into()];
    data.medications.push(fixed);
    let mut ended = medication(12, ZonePolicy::FollowLocal);
    ended.ended_at = Some(utc("2026-03-01 00:00"));
    data.medications.push(ended);
    let mut taper = schedule(
        11,
        Pattern::Weekdays {
            days: vec![chrono::Weekday::Tue],
            times: times(&["09:30"]),
        },
        "2026-01-05",
        End::On {
            date: date("2026-12-31"),
        },
    );
    taper.taper = vec![TaperStep {
        from: date("2026-01-05"),
        to: date("2026-01-31"),
        amount: 0.5,
    }];
    data.schedules.push(taper);
    let extra = [
        Pattern::EveryNDays {
            interval: 2,
            times: vec![DoseTime {
                time: time("07:15"),
                amount: 2.0,
            }],
        },
        Pattern::Cycle {
            days_on: 21,
            days_off: 7,
            times: times(&["21:00"]),
        },
        Pattern::EveryNHours {
            interval_hours: 8,
            anchor: time("06:00"),
            amount: 1.0,
        },
        Pattern::AfterLastDose {
            interval_hours: 4,
            first: time("08:00"),
            amount: 1.0,
        },
        Pattern::AsNeeded {
            max_per_24h: 4,
            min_gap_minutes: 240,
            amount: 2.0,
        },
    ];
    for (i, pattern) in extra.into_iter().enumerate() {
        let mut s = schedule(12, pattern, "2026-01-05", End::AfterDays { days: 30 });
        s.meta.id = Id::from_u128(2000 + i as u128);
        data.schedules.push(s);
    }
    let key = OccurrenceKey {
        schedule_id: Id::from_u128(1010),
        slot: local("2026-01-05 08:00"),
    };
    let at = utc("2026-01-05 08:05");
    data.dose_events = vec![
        event(1, 10, Some(key), DoseAction::Taken { at, amount: 1.0 }, at),
        event(
            2,
            10,
            Some(key),
            DoseAction::Note {
                text: "Took it with breakfast \"quoted\" ✓".into(),
                side_effect: false,
            },
            at,
        ),
        event(
            3,
            10,
            None,
            DoseAction::Snoozed {
                until: at + Duration::minutes(10),
            },
            at,
        ),
        event(
            4,
            10,
            None,
            DoseAction::Skipped {
                reason: "ran out".into(),
            },
            at,
        ),
        event(5, 10, None, DoseAction::Retracted, at),
    ];
    data.dose_events[4].supersedes = Some(Id::from_u128(4));
    data.zone_changes = vec![ZoneChange {
        meta: meta(7),
        since: utc("2026-01-01 00:00"),
        zone: "America/New_York".into(),
    }];
    let mut done = goal(8, "Keep gardening through the summer \"quoted\" ✓");
    done.done = true;
    done.medication_ids = vec![];
    done.measure = None;
    data.goals = vec![goal(6, "Walk to the park with my grandchildren"), done];
    let mut quiet = check_in(13, "2026-01-06 20:00");
    quiet.mood = None;
    quiet.symptoms = vec![];
    quiet.did_what_matters = None;
    data.check_ins = vec![check_in(9, "2026-01-05 21:00"), quiet];
    data.measurements = vec![
        measurement(
            20,
            "2026-01-05 07:30",
            Reading::BloodPressure {
                systolic: 132.0,
                diastolic: 84.0,
                pulse: Some(71.0),
            },
        ),
        measurement(
            21,
            "2026-01-05 07:35",
            Reading::BloodPressure {
                systolic: 128.5,
                diastolic: 80.0,
                pulse: None,
            },
        ),
        measurement(22, "2026-01-05 07:40", Reading::Glucose { mg_dl: 104.0 }),
        measurement(23, "2026-01-05 07:45", Reading::Weight { kg: 72.4 }),
        measurement(24, "2026-01-05 07:50", Reading::PeakFlow { l_min: 420.0 }),
    ];
    let mut no_date = refill(31, 11, "2026-01-20", 28.0);
    no_date.expires_on = None;
    data.refills = vec![refill(30, 10, "2026-01-10", 56.0), no_date];
    data
}

/// The records of `data` that a file of backup `version` can hold: version 1 had no goals, check-ins,
/// measurements or refills.
pub fn as_of_version(mut data: Dataset, version: u64) -> Dataset {
    if version < 2 {
        data.goals.clear();
        data.check_ins.clear();
        data.measurements.clear();
        data.refills.clear();
    }
    data
}

/// A goal about medicine 10 and blood pressure, set on 5 January 2026.
pub fn goal(id: u128, text: &str) -> Goal {
    Goal {
        meta: meta(id),
        text: text.into(),
        medication_ids: vec![Id::from_u128(10)],
        measure: Some(MeasureKind::BloodPressure),
        since: date("2026-01-05"),
        done: false,
    }
}

/// A check-in in New York with every answer given.
pub fn check_in(id: u128, at: &str) -> CheckIn {
    CheckIn {
        meta: meta(id),
        at: utc(at),
        zone: "America/New_York".into(),
        mood: Some(4),
        symptoms: vec!["headache".into(), "poor_sleep".into()],
        note: "A bit dizzy after lunch".into(),
        did_what_matters: Some(true),
    }
}

pub fn measurement(id: u128, at: &str, reading: Reading) -> Measurement {
    Measurement {
        meta: meta(id),
        taken_at: utc(at),
        zone: "America/New_York".into(),
        reading,
        note: String::new(),
    }
}

/// A refill of `medication` picked up on `on`, logged that day at noon, with a use-by date a year on.
pub fn refill(id: u128, medication: u128, on: &str, quantity: f64) -> Refill {
    let on = date(on);
    Refill {
        meta: meta(id),
        medication_id: Id::from_u128(medication),
        on,
        recorded_at: on.and_hms_opt(12, 0, 0).unwrap().and_utc(),
        quantity,
        expires_on: on.checked_add_signed(Duration::days(365)),
    }
}
