//! Plain-language descriptions of schedules ("Every day at 8:00 and 20:00, until 31 March").

use crate::i18n::{format_short_date, format_time, Lang};
use chrono::{NaiveDate, NaiveTime, Weekday};
use tend_core::schedule::{DoseTime, End, Pattern, Schedule};

fn time(lang: Lang, t: NaiveTime) -> String {
    format_time(lang, NaiveDate::default().and_time(t))
}

fn list(lang: Lang, items: Vec<String>) -> String {
    let and = if lang == Lang::Es { " y " } else { " and " };
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}{and}{last}", rest.join(", ")),
    }
}

fn times(lang: Lang, times: &[DoseTime]) -> String {
    let mut sorted: Vec<NaiveTime> = times.iter().map(|t| t.time).collect();
    sorted.sort();
    list(lang, sorted.into_iter().map(|t| time(lang, t)).collect())
}

fn weekday(lang: Lang, day: Weekday) -> &'static str {
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const ES: [&str; 7] = [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ];
    let table = if lang == Lang::Es { ES } else { EN };
    table[day.num_days_from_monday() as usize]
}

fn pattern(lang: Lang, pattern: &Pattern) -> String {
    let es = lang == Lang::Es;
    match pattern {
        Pattern::Daily { times: t } => {
            if es {
                format!("Todos los días a las {}", times(lang, t))
            } else {
                format!("Every day at {}", times(lang, t))
            }
        }
        Pattern::Weekdays { days, times: t } => {
            let days = list(lang, days.iter().map(|d| weekday(lang, *d).to_owned()).collect());
            if es {
                format!("Los {days} a las {}", times(lang, t))
            } else {
                format!("On {days} at {}", times(lang, t))
            }
        }
        Pattern::EveryNDays { interval, times: t } => {
            if es {
                format!("Cada {interval} días a las {}", times(lang, t))
            } else {
                format!("Every {interval} days at {}", times(lang, t))
            }
        }
        Pattern::Cycle {
            days_on,
            days_off,
            times: t,
        } => {
            if es {
                format!("{days_on} días sí y {days_off} días no, a las {}", times(lang, t))
            } else {
                format!(
                    "{days_on} days on, then {days_off} days off, at {}",
                    times(lang, t)
                )
            }
        }
        Pattern::EveryNHours {
            interval_hours,
            anchor,
            ..
        } => {
            let from = time(lang, *anchor);
            if es {
                format!("Cada {interval_hours} horas desde las {from}")
            } else {
                format!("Every {interval_hours} hours from {from}")
            }
        }
        Pattern::AfterLastDose {
            interval_hours,
            first,
            ..
        } => {
            let first = time(lang, *first);
            if es {
                format!("Primera dosis a las {first}, luego {interval_hours} horas después de cada toma")
            } else {
                format!("First dose at {first}, then {interval_hours} hours after each one taken")
            }
        }
        Pattern::AsNeeded {
            max_per_24h,
            min_gap_minutes,
            ..
        } => {
            if es {
                format!("Cuando se necesite: como máximo {max_per_24h} en 24 horas, con {min_gap_minutes} minutos entre dosis")
            } else {
                format!("When needed: at most {max_per_24h} in 24 hours, at least {min_gap_minutes} minutes apart")
            }
        }
    }
}

/// The whole schedule in one sentence.
pub fn describe(lang: Lang, schedule: &Schedule, today: NaiveDate) -> String {
    let es = lang == Lang::Es;
    let mut text = pattern(lang, &schedule.pattern);
    if schedule.start > today {
        let start = format_short_date(lang, schedule.start);
        text.push_str(&if es {
            format!(", desde el {start}")
        } else {
            format!(", from {start}")
        });
    }
    match (schedule.end, schedule.last_date()) {
        (End::Never, _) | (_, None) => {}
        (_, Some(last)) => {
            let last = format_short_date(lang, last);
            text.push_str(&if es {
                format!(", hasta el {last}")
            } else {
                format!(", until {last}")
            });
        }
    }
    if !schedule.taper.is_empty() {
        text.push_str(if es {
            ", con reducción gradual"
        } else {
            ", with tapering steps"
        });
    }
    text
}
