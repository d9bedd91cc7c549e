//! Stock: what is left, how long it lasts, when to refill.

use crate::coverage::{days_supply, pdc, Fill};
use crate::dataset::{Dataset, Kind};
use crate::dose::{effective, DoseAction};
use crate::limits::{Checks, MAX_ON_HAND};
use crate::medication::{Medication, Stock};
use crate::record::{Meta, Record, Reference};
use crate::schedule::Pattern;
use crate::Id;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A refill the person picked up: it adds to the stock on hand from when it was logged, and counts towards the
/// proportion of days covered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Refill {
    #[serde(flatten)]
    pub meta: Meta,
    pub medication_id: Id,
    /// The local date it was picked up.
    #[serde(deserialize_with = "crate::wire_time::one")]
    pub on: NaiveDate,
    /// When it was logged: it adds to a stock counted before then.
    #[serde(deserialize_with = "crate::wire_time::one")]
    pub recorded_at: DateTime<Utc>,
    /// In the medicine's unit.
    pub quantity: f64,
    /// The use-by date on the new pack.
    #[serde(default, deserialize_with = "crate::wire_time::opt")]
    pub expires_on: Option<NaiveDate>,
}

impl Record for Refill {
    fn meta(&self) -> &Meta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }
    /// Keeps which medicine it was for; when and how much goes.
    fn cleared(&self) -> Self {
        Refill {
            meta: self.meta.clone(),
            medication_id: self.medication_id,
            on: NaiveDate::default(),
            recorded_at: DateTime::<Utc>::UNIX_EPOCH,
            quantity: 0.0,
            expires_on: None,
        }
    }
    fn own_problems(&self) -> Vec<(String, String)> {
        let mut checks = Checks::default();
        checks.date("on", self.on);
        checks.instant("recorded_at", self.recorded_at);
        checks.require(
            self.quantity > 0.0 && self.quantity <= MAX_ON_HAND,
            "quantity",
            format_args!("must be above zero and at most {MAX_ON_HAND}"),
        );
        if let Some(expires_on) = self.expires_on {
            checks.date("expires_on", expires_on);
        }
        checks.into_fields()
    }
    fn references(&self) -> Vec<Reference> {
        vec![Reference {
            field: "medication_id",
            kind: Kind::Medication,
            id: self.medication_id,
        }]
    }
}

/// A medicine's refills, not deleted, oldest logged first.
fn refills_of<'a>(data: &'a Dataset, medication: &Medication) -> impl Iterator<Item = &'a Refill> {
    let id = medication.meta.id;
    data.refills
        .iter()
        .filter(move |r| r.medication_id == id && !r.meta.deleted)
}

/// The stock a medicine has after `refill` is logged: unchanged if it is counted (the refill adds to it), or,
/// for a medicine whose stock was not tracked, the refill as its first count.
pub fn stock_after_refill(medication: &Medication, refill: &Refill) -> Option<Stock> {
    match &medication.stock {
        Some(stock) => Some(stock.clone()),
        None => Some(Stock {
            on_hand: refill.quantity,
            counted_at: refill.recorded_at,
            refill_at_days: 7,
            expires_on: refill.expires_on,
        }),
    }
}

/// Days within which a use-by date is warned about.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

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
    /// The use-by date of the newest pack: of the last refill logged since the count that gave one, else the
    /// count's.
    pub expires_on: Option<NaiveDate>,
    pub expired: bool,
    /// It expires within [`EXPIRY_WARNING_DAYS`].
    pub expires_soon: bool,
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
    let newest_pack = refills_of(data, medication)
        .filter(|r| r.recorded_at > stock.counted_at && r.recorded_at <= now)
        .filter_map(|r| Some((r.recorded_at, r.expires_on?)))
        .max();
    let expires_on = newest_pack.map(|(_, date)| date).or(stock.expires_on);
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
        expires_on,
        expired: expires_on.is_some_and(|date| date < today),
        expires_soon: expires_on
            .is_some_and(|date| date >= today && (date - today).num_days() <= EXPIRY_WARNING_DAYS),
    })
}

/// Units left at `now`: the last count, plus the refills logged since, less every dose taken since (never below
/// zero). `None` if the medicine has no stock set. This is the figure the person sees and corrects.
pub fn on_hand(data: &Dataset, medication: &Medication, now: DateTime<Utc>) -> Option<f64> {
    let stock = medication.stock.as_ref()?;
    let refilled: f64 = refills_of(data, medication)
        .filter(|r| r.recorded_at > stock.counted_at && r.recorded_at <= now)
        .map(|r| r.quantity)
        .sum();
    let left = stock.on_hand + refilled - amount_taken(data, medication, stock.counted_at, now);
    Some(left.clamp(0.0, MAX_ON_HAND))
}

/// The proportion of days covered by a medicine's refills over a period ending `today`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Coverage {
    /// From 0 to 1.
    pub share: f64,
    /// The period's first day: `days` before today, or the first refill logged if later (days before it are not
    /// known, so they do not count against the person).
    pub from: NaiveDate,
    pub days: u32,
}

/// The [`Coverage`] of a medicine over the `days` days up to `today`, each refill lasting its quantity at the
/// medicine's scheduled daily use. `None` when it cannot be said: a medicine taken only as needed (no daily use
/// to divide by) or without a refill logged by `today`.
pub fn days_covered(
    data: &Dataset,
    medication: &Medication,
    now: DateTime<Utc>,
    today: NaiveDate,
    days: u32,
) -> Option<Coverage> {
    let scheduled = data
        .schedules_of(medication.meta.id)
        .any(|s| !matches!(s.pattern, Pattern::AsNeeded { .. }));
    if !scheduled {
        return None;
    }
    let per_day = daily_use(data, medication, now, today);
    let fills: Vec<Fill> = refills_of(data, medication)
        .filter(|r| r.on <= today)
        .filter_map(|r| {
            Some(Fill {
                date: r.on,
                days_supply: days_supply(r.quantity, per_day)?,
            })
        })
        .collect();
    let first = fills.iter().map(|f| f.date).min()?;
    let from = (today - Duration::days(i64::from(days.max(1)) - 1)).max(first);
    let share = pdc(&fills, from, today)?;
    let days = u32::try_from((today - from).num_days() + 1).unwrap_or(days);
    Some(Coverage { share, from, days })
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

    fn refill(n: u128, day: u32, quantity: f64, expires_on: Option<NaiveDate>) -> Refill {
        Refill {
            meta: meta(n),
            medication_id: Id::from_u128(100),
            on: at(day).date_naive(),
            recorded_at: at(day) + Duration::hours(4),
            quantity,
            expires_on,
        }
    }

    fn daily(data: &mut Dataset) {
        data.schedules.push(crate::schedule::Schedule {
            meta: meta(200),
            medication_id: Id::from_u128(100),
            pattern: Pattern::Daily {
                times: vec![crate::schedule::DoseTime {
                    time: chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
                    amount: 1.0,
                }],
            },
            start: at(1).date_naive(),
            end: crate::schedule::End::Never,
            taper: vec![],
        });
    }

    #[test]
    fn a_refill_adds_to_the_stock_from_when_it_is_logged_and_a_recount_takes_over() {
        let mut data = ten_taken();
        data.refills.push(refill(300, 6, 28.0, None));
        let medicine = data.medications[0].clone();
        assert_eq!(on_hand(&data, &medicine, at(6)), Some(25.0), "not yet logged");
        assert_eq!(on_hand(&data, &medicine, at(12)), Some(48.0));
        // A recount after the refill is the figure from then on: the refill is in it.
        let mut recounted = medicine.clone();
        recounted.stock = Some(stock(40.0, at(12), 7));
        assert_eq!(on_hand(&data, &recounted, at(12)), Some(40.0));
        // A deleted refill no longer counts.
        data.refills[0] = data.refills[0].tombstone(Hlc::default());
        assert_eq!(on_hand(&data, &medicine, at(12)), Some(20.0));
    }

    #[test]
    fn a_refill_of_an_untracked_medicine_starts_its_count() {
        let mut untracked = ten_taken().medications[0].clone();
        untracked.stock = None;
        let first = refill(300, 12, 30.0, None);
        let started = stock_after_refill(&untracked, &first).unwrap();
        assert_eq!((started.on_hand, started.counted_at), (30.0, first.recorded_at));
        let mut data = ten_taken();
        data.medications[0].stock = Some(started);
        data.refills.push(first);
        let medicine = data.medications[0].clone();
        assert_eq!(on_hand(&data, &medicine, at(13)), Some(30.0), "counted once");
    }

    #[test]
    fn the_newest_pack_gives_the_use_by_date_and_warns_a_month_ahead() {
        let date = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let mut data = ten_taken();
        data.medications[0].stock.as_mut().unwrap().expires_on = Some(date("2026-03-10"));
        let medicine = data.medications[0].clone();
        let status = stock_status(&data, &medicine, at(12), at(12).date_naive()).unwrap();
        assert!(status.expired && !status.expires_soon);
        data.refills.push(refill(300, 5, 28.0, Some(date("2026-04-01"))));
        data.refills.push(refill(301, 6, 28.0, None));
        let status = stock_status(&data, &medicine, at(12), at(12).date_naive()).unwrap();
        assert_eq!(status.expires_on, Some(date("2026-04-01")));
        assert!(!status.expired && status.expires_soon);
        let later = stock_status(&data, &medicine, at(12), date("2026-03-01")).unwrap();
        assert!(!later.expires_soon, "more than 30 days ahead");
    }

    #[test]
    fn coverage_counts_from_the_first_refill_at_the_scheduled_use() {
        let mut data = ten_taken();
        daily(&mut data);
        let medicine = data.medications[0].clone();
        let today = at(31).date_naive();
        assert_eq!(
            days_covered(&data, &medicine, at(31), today, 90),
            None,
            "no refill yet"
        );
        // Ten days' supply on 2 March, twenty on the 22nd: 2-11 and 22-31 covered of 2-31.
        data.refills.push(refill(300, 2, 10.0, None));
        data.refills.push(refill(301, 22, 20.0, None));
        let coverage = days_covered(&data, &medicine, at(31), today, 90).unwrap();
        assert_eq!((coverage.from, coverage.days), (at(2).date_naive(), 30));
        assert!((coverage.share - 20.0 / 30.0).abs() < 1e-9, "{coverage:?}");
        // The last seven days: all covered.
        let week = days_covered(&data, &medicine, at(31), today, 7).unwrap();
        assert_eq!((week.share, week.days), (1.0, 7));
    }
}
