//! The chance of missing a dose, from the person's own last eight weeks: transparent and local. Each dose falls
//! in a cell (weekday × time of day: night, morning, afternoon, evening); a cell's chance is its recency-weighted
//! share of missed doses, pulled toward the person's overall share when the cell has few doses. The app says
//! something only when this has predicted the person's own past better than their overall share alone (a
//! backtest on their history, scored by Brier score), and then says it as a pattern in plain words with the
//! doses it is based on.

use chrono::{Datelike, NaiveDateTime, Timelike, Weekday};

/// A settled scheduled dose: when it was due (local time) and whether it was missed. Skipped doses are a
/// decision, not a slip, and are left out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    pub due: NaiveDateTime,
    pub missed: bool,
}

/// How far back the predictor looks, and how fast old doses fade (half their weight every two weeks).
pub const WINDOW_DAYS: i64 = 56;
const HALF_LIFE_DAYS: f64 = 14.0;
/// How many doses' worth of the overall share a cell starts from: a cell needs several doses to stand apart.
const PRIOR_DOSES: f64 = 3.0;
/// The overall share starts from one miss in ten doses, worth two doses.
const BASE_PRIOR: (f64, f64) = (0.2, 2.0);

/// Time of day as the adherence report buckets it: night, morning, afternoon, evening.
pub fn part_of_day(due: NaiveDateTime) -> usize {
    crate::adherence::time_of_day_bucket(due.hour())
}

fn cell(due: NaiveDateTime) -> usize {
    due.weekday().num_days_from_monday() as usize * 4 + part_of_day(due)
}

/// The recency-weighted tallies of the doses due in the window before `at`.
#[derive(Clone, Debug, Default)]
struct Tally {
    missed: [f64; 28],
    all: [f64; 28],
    doses: [u32; 28],
}

impl Tally {
    fn of(history: &[Outcome], at: NaiveDateTime) -> Tally {
        let mut tally = Tally::default();
        for outcome in history {
            let age = (at - outcome.due).num_minutes() as f64 / (24.0 * 60.0);
            if !(0.0..WINDOW_DAYS as f64).contains(&age) || outcome.due >= at {
                continue;
            }
            let weight = 0.5f64.powf(age / HALF_LIFE_DAYS);
            let c = cell(outcome.due);
            tally.all[c] += weight;
            tally.doses[c] += 1;
            if outcome.missed {
                tally.missed[c] += weight;
            }
        }
        tally
    }

    fn overall(&self) -> f64 {
        let missed: f64 = self.missed.iter().sum();
        let all: f64 = self.all.iter().sum();
        (missed + BASE_PRIOR.0) / (all + BASE_PRIOR.1)
    }

    fn chance(&self, c: usize) -> f64 {
        let overall = self.overall();
        (self.missed[c] + PRIOR_DOSES * overall) / (self.all[c] + PRIOR_DOSES)
    }
}

/// The predicted chance of missing a dose due at `due`, from the history before `now`.
pub fn chance_of_missing(history: &[Outcome], now: NaiveDateTime, due: NaiveDateTime) -> f64 {
    Tally::of(history, now).chance(cell(due))
}

/// The base rate: the person's overall recency-weighted share of missed doses before `now`.
pub fn base_rate(history: &[Outcome], now: NaiveDateTime) -> f64 {
    Tally::of(history, now).overall()
}

/// Brier scores (mean squared error of the chance given against what happened; lower is better) of the
/// predictor and of the base rate, over the doses of the last `days` days of `history`, each predicted from
/// only the doses before its own day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Backtest {
    pub predictor: f64,
    pub base_rate: f64,
    pub doses: usize,
}

impl Backtest {
    /// Whether the predictor did better than the base rate, by more than noise: at least 5 % lower.
    pub fn predictor_wins(&self) -> bool {
        self.doses >= 20 && self.predictor < self.base_rate * 0.95
    }
}

/// Backtests over the doses due in the `days` days before `now` (history in time order).
pub fn backtest(history: &[Outcome], now: NaiveDateTime, days: i64) -> Backtest {
    let from = now - chrono::Duration::days(days);
    let (mut predictor, mut base, mut doses) = (0.0, 0.0, 0);
    let mut day = None;
    let mut tally = Tally::default();
    for outcome in history.iter().filter(|o| o.due >= from && o.due < now) {
        let date = outcome.due.date();
        if day != Some(date) {
            // Predicted as of the start of its day, as the app would have the evening before.
            tally = Tally::of(history, date.and_hms_opt(0, 0, 0).expect("midnight exists"));
            day = Some(date);
        }
        let happened = if outcome.missed { 1.0 } else { 0.0 };
        predictor += (tally.chance(cell(outcome.due)) - happened).powi(2);
        base += (tally.overall() - happened).powi(2);
        doses += 1;
    }
    let mean = |sum: f64| if doses == 0 { 0.0 } else { sum / doses as f64 };
    Backtest {
        predictor: mean(predictor),
        base_rate: mean(base),
        doses,
    }
}

/// A pattern worth telling the person, with what it is based on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pattern {
    pub weekday: Weekday,
    /// 0 night, 1 morning, 2 afternoon, 3 evening.
    pub part_of_day: usize,
    pub chance: f64,
    pub overall: f64,
    /// Doses due in that weekday and time of day in the last eight weeks.
    pub based_on: u32,
}

/// The weekday and time of day the person misses most, when it stands out (a chance of at least one in three,
/// twice their overall share, from at least three doses) and the predictor has beaten the base rate on their
/// own last four weeks; otherwise nothing, so the app stays quiet rather than guess.
pub fn pattern(history: &[Outcome], now: NaiveDateTime) -> Option<Pattern> {
    if !backtest(history, now, 28).predictor_wins() {
        return None;
    }
    let tally = Tally::of(history, now);
    let overall = tally.overall();
    (0..28)
        .filter(|&c| tally.doses[c] >= 3)
        .map(|c| (c, tally.chance(c)))
        .filter(|&(_, chance)| chance >= 1.0 / 3.0 && chance >= 2.0 * overall)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, chance)| Pattern {
            weekday: Weekday::try_from((c / 4) as u8).expect("a weekday index"),
            part_of_day: c % 4,
            chance,
            overall,
            based_on: tally.doses[c],
        })
}
