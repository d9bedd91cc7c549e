//! Backtests the miss predictor (tend_core::predict) on synthetic histories (BENCHMARKS.md): 200 with a planted
//! habit (Sunday evening doses missed 70 % of the time, others 5 %) and 200 without one (every dose 12 %), 16
//! weeks of two daily doses each. For each, the last four weeks are predicted day by day from the eight weeks
//! before, and scored by Brier score against the base rate; and whether the app would speak.
//! Run: cargo run --release -q -p tend-core --example backtest

use chrono::{Duration, NaiveDate, Weekday};
use tend_core::example::{miss_history, Habit};
use tend_core::predict::{backtest, pattern};

fn main() {
    let start = NaiveDate::from_ymd_opt(2026, 1, 5).expect("a date");
    let now = (start + Duration::weeks(16))
        .and_hms_opt(0, 0, 0)
        .expect("midnight");
    let habit = Habit {
        weekday: Weekday::Sun,
        part_of_day: 3,
        percent: 70,
    };
    for (name, habit, base) in [("planted habit", Some(habit), 5), ("no pattern", None, 12)] {
        let (mut predictor, mut base_rate, mut wins, mut speaks, mut right) = (0.0, 0.0, 0, 0, 0);
        let runs = 200;
        for seed in 0..runs {
            let history = miss_history(seed, start, 16, base, habit);
            let scored = backtest(&history, now, 28);
            predictor += scored.predictor;
            base_rate += scored.base_rate;
            wins += usize::from(scored.predictor_wins());
            if let Some(found) = pattern(&history, now) {
                speaks += 1;
                right += usize::from(found.weekday == Weekday::Sun && found.part_of_day == 3);
            }
        }
        let runs = runs as f64;
        println!(
            "{name}: Brier {:.4} (base rate {:.4}); beats the base rate in {wins} of {runs}; the app speaks for {speaks}, naming Sunday evening {right} times",
            predictor / runs,
            base_rate / runs
        );
    }
}
