use chrono::NaiveDate;
use tend_core::coverage::{days_supply, pdc, Fill, PDC_THRESHOLD};
use tend_core::measure::*;

#[test]
fn a_typo_is_caught_and_a_real_reading_kept() {
    assert_eq!(check(Quantity::Systolic, 128.0), Ok(128.0));
    assert_eq!(
        check(Quantity::Systolic, 1200.0),
        Err(ReadingProblem::OutOfRange {
            low: 50.0,
            high: 300.0
        })
    );
    assert_eq!(check(Quantity::Pulse, f64::NAN), Err(ReadingProblem::NotANumber));
    assert_eq!(
        check(Quantity::Weight, f64::INFINITY),
        Err(ReadingProblem::NotANumber)
    );
    assert_eq!(check_blood_pressure(132.0, 84.0), Ok((132.0, 84.0)));
    assert_eq!(
        check_blood_pressure(84.0, 132.0),
        Err(ReadingProblem::DiastolicNotBelowSystolic)
    );
    assert!(check(Quantity::Glucose, mmol_l_to_mg_dl(5.5)).is_ok());
    assert!(check(Quantity::PeakFlow, 5.0).is_err());
}

#[test]
fn the_locale_picks_the_units() {
    assert!(glucose_in_mg_dl("us") && !glucose_in_mg_dl("GB"));
    assert!(weight_in_lb("US") && !weight_in_lb("ES"));
}

#[test]
fn a_reading_names_the_field_that_is_wrong() {
    let bp = |systolic, diastolic, pulse| Reading::BloodPressure {
        systolic,
        diastolic,
        pulse,
    };
    assert!(bp(132.0, 84.0, Some(70.0)).problems().is_empty());
    assert_eq!(
        bp(1200.0, 84.0, Some(7.0)).problems(),
        [
            (
                "reading.systolic",
                ReadingProblem::OutOfRange {
                    low: 50.0,
                    high: 300.0
                }
            ),
            (
                "reading.pulse",
                ReadingProblem::OutOfRange {
                    low: 20.0,
                    high: 250.0
                }
            ),
        ]
    );
    assert_eq!(
        bp(80.0, 120.0, None).problems(),
        [("reading.diastolic", ReadingProblem::DiastolicNotBelowSystolic)]
    );
    assert_eq!(
        Reading::Glucose { mg_dl: f64::NAN }.problems(),
        [("reading.mg_dl", ReadingProblem::NotANumber)]
    );
    assert_eq!(Reading::Weight { kg: 72.0 }.problems(), []);
}

#[test]
fn units_convert_both_ways() {
    assert!((mmol_l_to_mg_dl(5.5) - 99.0858).abs() < 1e-3);
    assert!((mg_dl_to_mmol_l(mmol_l_to_mg_dl(7.2)) - 7.2).abs() < 1e-12);
    assert!((lb_to_kg(1.0) - 0.45359237).abs() < 1e-15);
    assert!((kg_to_lb(lb_to_kg(180.0)) - 180.0).abs() < 1e-9);
    assert!(glucose_in_mg_dl("us") && glucose_in_mg_dl("MX"));
    assert!(!glucose_in_mg_dl("ES") && !glucose_in_mg_dl("GB"));
}

fn d(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

#[test]
fn pdc_counts_each_day_once_carries_early_refills_over_and_clips_to_the_period() {
    let (from, to) = (d(1, 1), d(3, 31)); // 90 days
    let on_time = [
        Fill {
            date: d(1, 1),
            days_supply: 30,
        },
        Fill {
            date: d(1, 31),
            days_supply: 30,
        },
        Fill {
            date: d(3, 2),
            days_supply: 30,
        },
    ];
    assert_eq!(pdc(&on_time, from, to), Some(1.0));
    // A gap of 15 days before the second fill.
    let gap = [
        Fill {
            date: d(1, 1),
            days_supply: 30,
        },
        Fill {
            date: d(2, 15),
            days_supply: 30,
        },
    ];
    assert_eq!(pdc(&gap, from, to), Some(60.0 / 90.0));
    assert!(pdc(&gap, from, to).unwrap() < PDC_THRESHOLD);
    // Refilled 10 days early: the new supply starts when the old runs out, so nothing is double-counted.
    let early = [
        Fill {
            date: d(1, 21),
            days_supply: 30,
        },
        Fill {
            date: d(1, 1),
            days_supply: 30,
        },
    ];
    assert_eq!(pdc(&early, from, to), Some(60.0 / 90.0));
    // A fill before the period counts only for its days inside it.
    let before = [Fill {
        date: NaiveDate::from_ymd_opt(2025, 12, 20).unwrap(),
        days_supply: 30,
    }];
    assert_eq!(pdc(&before, from, to), Some(18.0 / 90.0));
    assert_eq!(pdc(&[], from, to), Some(0.0));
    assert_eq!(pdc(&on_time, to, from), None);
    assert_eq!(days_supply(60.0, 2.0), Some(30));
    assert_eq!(days_supply(60.0, 0.0), None);
}
