//! Builders shared by the core's integration tests.
#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};
use proptest::prelude::*;
use tend_core::dataset::ZoneContext;
use tend_core::dose::{DoseAction, DoseEvent, OccurrenceKey};
use tend_core::hlc::Hlc;
use tend_core::medication::{DoseRules, Form, Medication, Profile};
use tend_core::occurrence::{expand, Occurrence};
use tend_core::record::Meta;
use tend_core::schedule::{DoseTime, End, Pattern, Schedule};
use tend_core::zone::{BundledRules, ZonePolicy};
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
