//! Browser tests of the translation mechanism: texts with values, counts and ordinals, messages kept in both
//! languages, and sentences put together from translated parts.
#![cfg(target_arch = "wasm32")]

use chrono::{Duration, NaiveDate, NaiveTime, Weekday};
use tend::describe::describe;
use tend::i18n::{fill, format_short_date, format_time, ordinal, plural, Lang, Message, Text, S, T};
use tend_core::schedule::{DoseTime, End, Pattern, Schedule};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn fill_puts_each_value_where_its_name_is() {
    assert_eq!(
        fill("{a} and {b}, {a}", &[("a", &1), ("b", &"two")]),
        "1 and two, 1"
    );
    // A name without a value, and a brace that is not closed, stay as written.
    assert_eq!(fill("{a} {missing} {", &[("a", &1.5)]), "1.5 {missing} {");
    assert_eq!(
        S::PersonAdded.fill(Lang::Es, &[("name", &"Ana")]),
        "Se añadió a Ana y Tend muestra ahora las medicinas de Ana."
    );
    assert_eq!(
        T::DosesLeft.fill(Lang::En, &[("left", &2), ("total", &3)]),
        "2 of 3 doses still to take"
    );
}

#[wasm_bindgen_test]
fn counts_and_ordinals_pick_their_text() {
    let people = |n: usize, lang| plural(n, S::PeopleOne, S::PeopleMany).fill(lang, &[("n", &n)]);
    assert_eq!(people(1, Lang::En), "1 person");
    assert_eq!(people(0, Lang::En), "0 people");
    assert_eq!(people(2, Lang::Es), "2 personas");
    let nth = |n: usize, lang| {
        let text = ordinal(n, [S::NthTimeSt, S::NthTimeNd, S::NthTimeRd, S::NthTimeTh]);
        text.fill(lang, &[("n", &n)])
    };
    let english: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 111]
        .map(|n| nth(n, Lang::En))
        .into();
    assert_eq!(
        english,
        [
            "1st time",
            "2nd time",
            "3rd time",
            "4th time",
            "11th time",
            "12th time",
            "13th time",
            "21st time",
            "22nd time",
            "23rd time",
            "111th time"
        ]
    );
    assert_eq!(nth(2, Lang::Es), "2.ª hora");
}

#[wasm_bindgen_test]
fn a_message_is_shown_in_the_language_chosen_later() {
    let message = Message::fill(S::CalendarFailed, &[("problem", &"no medicines")]);
    assert_eq!(
        message.get(Lang::En),
        "The calendar file could not be made: no medicines"
    );
    assert_eq!(
        message.get(Lang::Es),
        "No se pudo crear el archivo de calendario: no medicines"
    );
    assert_eq!(Message::new(T::Saved).get(Lang::Es), "Guardado.");
}

#[wasm_bindgen_test]
fn a_schedule_is_described_in_each_language() {
    let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let at = |hour| DoseTime {
        time: NaiveTime::from_hms_opt(hour, 0, 0).unwrap(),
        amount: 1.0,
    };
    let time = |lang, hour| format_time(lang, today.and_hms_opt(hour, 0, 0).unwrap());
    let mut schedule: Schedule =
        tend_core::example::demo(today, today.and_time(NaiveTime::MIN).and_utc()).schedules[0].clone();
    schedule.pattern = Pattern::Weekdays {
        days: vec![Weekday::Mon, Weekday::Wed, Weekday::Fri],
        times: vec![at(20), at(8)],
    };
    assert_eq!(
        describe(Lang::Es, &schedule, today),
        format!(
            "Los lunes, miércoles y viernes a las {} y {}",
            time(Lang::Es, 8),
            time(Lang::Es, 20)
        )
    );
    let start = today + Duration::days(1);
    let last = today + Duration::days(30);
    schedule.pattern = Pattern::Cycle {
        days_on: 21,
        days_off: 7,
        times: vec![at(8)],
    };
    schedule.start = start;
    schedule.end = End::On { date: last };
    assert_eq!(
        describe(Lang::En, &schedule, today),
        format!(
            "21 days on, then 7 days off, at {}, from {}, until {}",
            time(Lang::En, 8),
            format_short_date(Lang::En, start),
            format_short_date(Lang::En, last)
        )
    );
}
