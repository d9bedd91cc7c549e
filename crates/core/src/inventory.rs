//! Stock: what is left, how long it lasts, when to refill.

use crate::dataset::Dataset;
use crate::dose::{effective, DoseAction};
use crate::medication::{Medication, Stock};
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
    let on_hand = on_hand(data, medication, now)?;
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

/// Units left at `now`: the last count less every dose taken since (never below zero). `None` if the medicine
/// has no stock set. This is the figure the person sees and corrects.
pub fn on_hand(data: &Dataset, medication: &Medication, now: DateTime<Utc>) -> Option<f64> {
    let stock = medication.stock.as_ref()?;
    Some((stock.on_hand - amount_taken(data, medication, stock.counted_at, now)).max(0.0))
}

/// The stock to store after the person edits it. `typed` is what they entered, counted when they saved it
/// (`None`: the stock is no longer tracked); `shown` is the [`on_hand`] figure the form showed them. An unchanged
/// figure keeps the earlier count and its time, so the doses taken since keep counting down and none is taken
/// off twice; a new figure (a refill, a recount) is a new count from the moment it was entered. The refill
/// warning and the expiry date are always the ones typed.
pub fn update_stock(old: Option<&Stock>, shown: Option<f64>, typed: Option<Stock>) -> Option<Stock> {
    match (old, typed) {
        (Some(old), Some(typed)) if shown == Some(typed.on_hand) => Some(Stock {
            refill_at_days: typed.refill_at_days,
            expires_on: typed.expires_on,
            ..old.clone()
        }),
        (_, typed) => typed,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dose::DoseEvent;
    use crate::hlc::Hlc;
    use crate::medication::Repeat;
    use crate::record::Meta;
    use crate::zone::ZonePolicy;
    use crate::Id;

    fn at(day: u32) -> DateTime<Utc> {
        format!("2026-03-{day:02}T08:00:00Z").parse().unwrap()
    }

    fn meta(n: u128) -> Meta {
        Meta {
            id: Id::from_u128(n),
            profile_id: Id::from_u128(0),
            stamp: Hlc::default(),
            deleted: false,
        }
    }

    fn stock(on_hand: f64, counted_at: DateTime<Utc>, refill_at_days: u32) -> Stock {
        Stock {
            on_hand,
            counted_at,
            refill_at_days,
            expires_on: None,
        }
    }

    /// A medicine counted at 30 on 1 March, one tablet taken each morning from the 2nd to the 11th.
    fn ten_taken() -> Dataset {
        let medication = Medication {
            meta: meta(100),
            name: "Metformin".into(),
            strength: String::new(),
            form: crate::medication::Form::Tablet,
            unit: "tablet".into(),
            instructions: String::new(),
            conditions: vec![],
            colour: "#000".into(),
            pauses: vec![],
            ended_at: None,
            zone_policy: ZonePolicy::FollowLocal,
            stock: Some(stock(30.0, at(1), 7)),
            repeat: Repeat::default(),
        };
        let taken = |day: u32| DoseEvent {
            meta: meta(u128::from(day)),
            medication_id: medication.meta.id,
            occurrence: None,
            action: DoseAction::Taken {
                at: at(day),
                amount: 1.0,
            },
            recorded_at: at(day),
            zone: "UTC".into(),
            supersedes: None,
        };
        Dataset {
            dose_events: (2..=11).map(taken).collect(),
            medications: vec![medication],
            ..Dataset::default()
        }
    }

    #[test]
    fn the_figure_shown_is_the_count_less_the_doses_taken_since() {
        let data = ten_taken();
        assert_eq!(on_hand(&data, &data.medications[0], at(12)), Some(20.0));
        assert_eq!(on_hand(&data, &data.medications[0], at(1)), Some(30.0));
    }

    #[test]
    fn an_unchanged_figure_keeps_counting_down_and_a_new_one_is_a_new_count() {
        let mut data = ten_taken();
        let old = data.medications[0].stock.clone();
        let shown = on_hand(&data, &data.medications[0], at(12));
        // Saved with the figure as shown and a new refill warning: the count of 1 March stays.
        let kept = update_stock(old.as_ref(), shown, Some(stock(20.0, at(12), 10)));
        assert_eq!(kept, Some(stock(30.0, at(1), 10)));
        data.medications[0].stock = kept;
        assert_eq!(on_hand(&data, &data.medications[0], at(12)), Some(20.0));
        // A refill to 50: counted when saved, so the ten doses before it are not taken off again.
        let refilled = update_stock(old.as_ref(), shown, Some(stock(50.0, at(12), 10)));
        assert_eq!(refilled, Some(stock(50.0, at(12), 10)));
        data.medications[0].stock = refilled;
        assert_eq!(on_hand(&data, &data.medications[0], at(12)), Some(50.0));
    }

    #[test]
    fn stock_is_started_and_stopped_as_typed() {
        let first = Some(stock(28.0, at(12), 7));
        assert_eq!(update_stock(None, None, first.clone()), first);
        let old = stock(30.0, at(1), 7);
        assert_eq!(update_stock(Some(&old), Some(20.0), None), None);
    }
}
