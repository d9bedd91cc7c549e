//! The charts' series: weeks of doses by local date, readings and moods in time order, round value axes.

mod common;

use chrono::Duration;
use common::*;
use tend_core::chart::{moods, readings, weekly, Axis};
use tend_core::dataset::ZoneContext;
use tend_core::export::People;
use tend_core::measure::{MeasureKind, Reading};
use tend_core::schedule::{End, Pattern};
use tend_core::zone::BundledRules;
use tend_core::Id;

#[test]
fn doses_are_counted_in_the_week_of_their_local_date() {
    // Daily at 08:00 from Monday 2 March; Wednesday 4 and Monday 9 March missed, the rest taken on time.
    let mut data = single(
        Pattern::Daily {
            times: times(&["08:00"]),
        },
        "2026-03-02",
        End::Never,
    );
    let due = occurrences(&data, "UTC", "2026-03-02 00:00", "2026-03-13 00:00");
    data.dose_events = due
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 2 && *i != 7)
        .map(|(i, o)| taken(100 + i as u128, o, o.due + Duration::minutes(5)))
        .collect();
    let now = utc("2026-03-12 12:00");
    let zones = ZoneContext::single("UTC");
    let weeks = weekly(
        &data,
        &zones,
        &BundledRules,
        People::All,
        14,
        now,
        now.date_naive(),
    )
    .unwrap();
    // 27 February to 12 March: the weeks of 23 February, 2 March and 9 March.
    let mondays: Vec<String> = weeks.iter().map(|w| w.monday.to_string()).collect();
    assert_eq!(mondays, ["2026-02-23", "2026-03-02", "2026-03-09"]);
    assert_eq!(weeks[0].counts.expected, 0);
    assert_eq!(
        (
            weeks[1].counts.expected,
            weeks[1].counts.on_time,
            weeks[1].counts.missed
        ),
        (7, 6, 1)
    );
    assert_eq!((weeks[2].counts.expected, weeks[2].counts.missed), (4, 1));
    assert_eq!(weeks[1].counts.taking(), Some(6.0 / 7.0));
    let nobody = People::Only(Id::from_u128(999));
    let weeks = weekly(&data, &zones, &BundledRules, nobody, 14, now, now.date_naive()).unwrap();
    assert!(weeks.iter().all(|w| w.counts.expected == 0));
}

#[test]
fn readings_and_moods_come_in_time_order_within_the_period() {
    let mut data = single(
        Pattern::Daily {
            times: times(&["08:00"]),
        },
        "2026-03-02",
        End::Never,
    );
    data.measurements = vec![
        measurement(
            1,
            "2026-03-05 08:00",
            Reading::BloodPressure {
                systolic: 140.0,
                diastolic: 90.0,
                pulse: None,
            },
        ),
        measurement(
            2,
            "2026-03-03 08:00",
            Reading::BloodPressure {
                systolic: 130.0,
                diastolic: 85.0,
                pulse: Some(70.0),
            },
        ),
        measurement(3, "2026-03-04 08:00", Reading::Weight { kg: 70.0 }),
        measurement(
            4,
            "2026-01-01 08:00",
            Reading::BloodPressure {
                systolic: 150.0,
                diastolic: 95.0,
                pulse: None,
            },
        ),
    ];
    let mut quiet = check_in(6, "2026-03-04 20:00");
    quiet.mood = None;
    data.check_ins = vec![check_in(5, "2026-03-06 20:00"), quiet];
    let (from, to) = (utc("2026-03-01 00:00"), utc("2026-04-01 00:00"));
    let pressure = readings(&data, People::All, MeasureKind::BloodPressure, from, to);
    assert_eq!(
        pressure,
        [
            (utc("2026-03-03 08:00"), 130.0, Some(85.0)),
            (utc("2026-03-05 08:00"), 140.0, Some(90.0))
        ]
    );
    assert_eq!(
        readings(&data, People::All, MeasureKind::Weight, from, to),
        [(utc("2026-03-04 08:00"), 70.0, None)]
    );
    assert_eq!(
        moods(&data, People::All, from, to),
        [(utc("2026-03-06 20:00"), 4)]
    );
}

#[test]
fn an_axis_covers_the_values_in_round_steps() {
    let axis = Axis::covering([122.0, 150.0, 131.0], 4).unwrap();
    assert_eq!((axis.low, axis.high, axis.step), (120.0, 150.0, 10.0));
    assert_eq!(axis.ticks(), [120.0, 130.0, 140.0, 150.0]);
    assert_eq!(axis.place(135.0), 0.5);
    let axis = Axis::covering([5.5, 7.8], 4).unwrap();
    assert_eq!((axis.low, axis.high, axis.step), (5.0, 8.0, 1.0));
    // One value still gets an axis around it; nothing gets none.
    let axis = Axis::covering([72.4], 4).unwrap();
    assert!(axis.low <= 72.4 && axis.high > 72.4, "{axis:?}");
    assert_eq!(Axis::covering([], 4), None);
    assert_eq!(Axis::covering([f64::NAN], 4), None);
}
