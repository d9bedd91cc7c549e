//! Plain-language descriptions of schedules ("Every day at 8:00 and 20:00, until 31 March").

use crate::i18n::{format_short_date, format_time, Lang, Text, S};
use chrono::{NaiveDate, NaiveTime, Weekday};
use tend_core::schedule::{DoseTime, End, Pattern, Schedule};

pub fn time(lang: Lang, t: NaiveTime) -> String {
    format_time(lang, NaiveDate::default().and_time(t))
}

fn list(lang: Lang, items: Vec<String>) -> String {
    let and = S::ListAnd.get(lang);
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}{and}{last}", rest.join(", ")),
    }
}

fn times(lang: Lang, times: &[DoseTime]) -> String {
    let mut sorted: Vec<NaiveTime> = times.iter().map(|t| t.time).collect();
    tend_core::sort::sort(&mut sorted);
    list(lang, sorted.into_iter().map(|t| time(lang, t)).collect())
}

pub fn weekday(day: Weekday) -> S {
    const NAMES: [S; 7] = [
        S::Monday,
        S::Tuesday,
        S::Wednesday,
        S::Thursday,
        S::Friday,
        S::Saturday,
        S::Sunday,
    ];
    NAMES[day.num_days_from_monday() as usize]
}

fn pattern(lang: Lang, pattern: &Pattern) -> String {
    match pattern {
        Pattern::Daily { times: t } => S::DescDaily.fill(lang, &[("times", &times(lang, t))]),
        Pattern::Weekdays { days, times: t } => {
            let days = list(
                lang,
                days.iter().map(|d| weekday(*d).get(lang).to_owned()).collect(),
            );
            S::DescWeekdays.fill(lang, &[("days", &days), ("times", &times(lang, t))])
        }
        Pattern::EveryNDays { interval, times: t } => {
            S::DescEveryNDays.fill(lang, &[("interval", interval), ("times", &times(lang, t))])
        }
        Pattern::Cycle {
            days_on,
            days_off,
            times: t,
        } => S::DescCycle.fill(
            lang,
            &[("on", days_on), ("off", days_off), ("times", &times(lang, t))],
        ),
        Pattern::EveryNHours {
            interval_hours,
            anchor,
            ..
        } => S::DescEveryNHours.fill(lang, &[("hours", interval_hours), ("from", &time(lang, *anchor))]),
        Pattern::AfterLastDose {
            interval_hours,
            first,
            ..
        } => S::DescAfterLast.fill(lang, &[("first", &time(lang, *first)), ("hours", interval_hours)]),
        Pattern::AsNeeded {
            max_per_24h,
            min_gap_minutes,
            ..
        } => S::DescAsNeeded.fill(lang, &[("max", max_per_24h), ("gap", min_gap_minutes)]),
    }
}

/// The whole schedule in one sentence.
pub fn describe(lang: Lang, schedule: &Schedule, today: NaiveDate) -> String {
    let mut text = pattern(lang, &schedule.pattern);
    if schedule.start > today {
        let start = format_short_date(lang, schedule.start);
        text.push_str(&S::DescFrom.fill(lang, &[("start", &start)]));
    }
    match (schedule.end, schedule.last_date()) {
        (End::Never, _) | (_, None) => {}
        (_, Some(last)) => {
            let last = format_short_date(lang, last);
            text.push_str(&S::DescUntil.fill(lang, &[("last", &last)]));
        }
    }
    if !schedule.taper.is_empty() {
        text.push_str(S::DescTapering.get(lang));
    }
    text
}
