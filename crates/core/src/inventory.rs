//! Stock: what is left, how long it lasts, when to refill.

use crate::dataset::Dataset;
use crate::dose::{effective, DoseAction};
use crate::medication::Medication;
use crate::schedule::Pattern;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StockStatus {
    /// Units left now: the last count less every dose taken since.
    pub on_hand: f64,
    /// Average units used a day, from the schedules (scheduled doses) or the last 30 days (as-needed).
    pub daily_use: f64,
    pub days_left: Option<f64>,
    /// `None` when nothing is used, or when the stock lasts past the last date chrono can hold.
    pub runs_out_on: Option<NaiveDate>,
    pub refill_due: bool,
    pub expired: bool,
}

/// How many days ahead scheduled use is averaged over, so weekly and cyclic patterns even out.
const AVERAGE_OVER_DAYS: i64 = 28;

/// The stock status of a medicine at `now`, on local date `today`. `None` if it has no stock set.
pub fn stock_status(
    data: &Dataset,
    medication: &Medication,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Option<StockStatus> {
    let stock = medication.stock.as_ref()?;
    let on_hand = (stock.on_hand - amount_taken(data, medication, stock.counted_at, now)).max(0.0);
    let daily_use = daily_use(data, medication, now, today);
    let days_left = (daily_use > 0.0).then(|| on_hand / daily_use);
    let runs_out_on = days_left.and_then(|days| {
        let whole_days = Duration::try_days(days.floor() as i64)?;
        today.checked_add_signed(whole_days)
    });
    Some(StockStatus {
        on_hand,
        daily_use,
        days_left,
        runs_out_on,
        refill_due: days_left.is_some_and(|days| days <= f64::from(stock.refill_at_days)),
        expired: stock.expires_on.is_some_and(|date| date < today),
    })
}

/// Units of a medicine taken in `[since, until]`.
fn amount_taken(data: &Dataset, medication: &Medication, since: DateTime<Utc>, until: DateTime<Utc>) -> f64 {
    effective(&data.dose_events)
        .filter(|e| e.medication_id == medication.meta.id)
        .filter_map(|e| match e.action {
            DoseAction::Taken { at, amount } if since <= at && at <= until => Some(amount),
            _ => None,
        })
        .sum()
}

fn daily_use(data: &Dataset, medication: &Medication, now: DateTime<Utc>, today: NaiveDate) -> f64 {
    let mut total = 0.0;
    for schedule in data.schedules_of(medication.meta.id) {
        total += match &schedule.pattern {
            Pattern::EveryNHours {
                interval_hours,
                amount,
                ..
            }
            | Pattern::AfterLastDose {
                interval_hours,
                amount,
                ..
            } => 24.0 / f64::from((*interval_hours).max(1)) * amount,
            Pattern::AsNeeded { .. } => amount_taken(data, medication, now - Duration::days(30), now) / 30.0,
            _ => {
                let scheduled: f64 = (0..AVERAGE_OVER_DAYS)
                    .map(|d| today + Duration::days(d))
                    .flat_map(|date| {
                        schedule
                            .times_on(date)
                            .iter()
                            .map(move |t| schedule.amount_on(date, t.amount))
                    })
                    .sum();
                scheduled / AVERAGE_OVER_DAYS as f64
            }
        };
    }
    total
}
