//! Proportion of days covered (PDC): of the days in a period, the share on which the person had the medicine on
//! hand, from their refills. The standard method: each fill covers its days' supply from its date, a fill before
//! the last runs out starts when it does (the supply is kept, not doubled), and days outside the period do not
//! count. 80 % is the threshold studies commonly use for "covered enough".

use chrono::NaiveDate;

/// The threshold below which coverage is commonly called too low.
pub const PDC_THRESHOLD: f64 = 0.8;

/// A refill: the date it was picked up and how many days it lasts at the prescribed use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fill {
    pub date: NaiveDate,
    pub days_supply: u32,
}

/// The share of days in `[from, to]` covered by `fills` (in any order); `None` for an empty period.
pub fn pdc(fills: &[Fill], from: NaiveDate, to: NaiveDate) -> Option<f64> {
    let days = (to - from).num_days() + 1;
    if days <= 0 {
        return None;
    }
    let mut fills = fills.to_vec();
    crate::sort::sort_by_key(&mut fills, |f| f.date);
    // The first day the fills so far do not cover.
    let mut covered_until: Option<NaiveDate> = None;
    let mut covered = 0i64;
    for fill in fills {
        let start = covered_until.map_or(fill.date, |until| fill.date.max(until));
        let end = start + chrono::Duration::days(i64::from(fill.days_supply)); // exclusive
        let (counted_from, counted_to) = (start.max(from), end.min(to + chrono::Duration::days(1)));
        covered += (counted_to - counted_from).num_days().max(0);
        covered_until = Some(end);
    }
    Some(covered.min(days) as f64 / days as f64)
}

/// How many days a fill lasts: the quantity at the daily use, rounded down; `None` without a daily use.
pub fn days_supply(quantity: f64, per_day: f64) -> Option<u32> {
    (per_day > 0.0 && quantity.is_finite() && quantity >= 0.0)
        .then(|| (quantity / per_day).floor().min(3660.0) as u32)
}
