//! Reads the date and time texts that records are stored with.
//!
//! chrono reads them through its general format parser, which is about a tenth of the code the app loads
//! before Today can show (its strftime items, RFC 2822 names, week dates). The stored forms are fixed, because
//! chrono itself writes them: instants in RFC 3339 (`2026-03-29T07:30:00Z`), dates (`2026-03-29`), times of day
//! (`07:30:00`, with a fraction when there is one) and local date-times (`2026-03-29T07:30:00`). So records are
//! read here, exactly and with checks, and still written by chrono. Instants also accept a numeric offset,
//! which RFC 3339 allows and other tools write, and are converted to UTC. Dates also read the signed years chrono
//! writes past 9999, so that import can call them out of range; instants need four-digit years, which every
//! instant within [`crate::limits`]' bounds has.
//!
//! Fields use it with `#[serde(deserialize_with = "crate::wire_time::one")]`, or `opt` for an optional one
//! (with `#[serde(default)]`, so that a missing field still reads as `None`).

use crate::limits::echo;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::Deserialize;
use std::fmt;
use std::marker::PhantomData;

/// A chrono type with one stored text form.
pub trait WireText: Sized {
    /// What the text should look like, for error messages ("expected ...").
    const EXPECTING: &'static str;
    fn read(text: &str) -> Option<Self>;
}

impl WireText for NaiveDate {
    const EXPECTING: &'static str = "a date like 2026-03-29";
    /// `YYYY-MM-DD`, or with a signed year of more digits as chrono writes years past 9999 (so that import can
    /// say such a date is out of range rather than unreadable).
    fn read(text: &str) -> Option<Self> {
        let (sign, rest) = match text.as_bytes().first()? {
            b'+' => (1, &text[1..]),
            b'-' => (-1, &text[1..]),
            _ => (0, text),
        };
        let b = rest.as_bytes();
        let year_len = b.len().checked_sub(6)?;
        // chrono writes years 0 to 9999 with four digits, others signed with at least four ("-0001", "+10000").
        let signed_as_written = match sign {
            0 => year_len == 4,
            1 => (5..=9).contains(&year_len),
            _ => (4..=9).contains(&year_len),
        };
        if !signed_as_written || b[year_len] != b'-' || b[year_len + 3] != b'-' {
            return None;
        }
        let year = i32::try_from(digits(&b[..year_len])?).ok()? * if sign < 0 { -1 } else { 1 };
        NaiveDate::from_ymd_opt(
            year,
            digits(&b[year_len + 1..year_len + 3])?,
            digits(&b[year_len + 4..])?,
        )
    }
}

impl WireText for NaiveTime {
    const EXPECTING: &'static str = "a time of day like 07:30:00";
    /// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fraction` (up to nanoseconds); a second of 60 is a leap second, as
    /// chrono writes it.
    fn read(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() < 5 || b[2] != b':' {
            return None;
        }
        let (hour, minute) = (digits(&b[0..2])?, digits(&b[3..5])?);
        let (second, nano) = match &b[5..] {
            [] => (0, 0),
            [b':', s1, s2, fraction @ ..] => (digits(&[*s1, *s2])?, nanoseconds(fraction)?),
            _ => return None,
        };
        match second {
            60 => NaiveTime::from_hms_nano_opt(hour, minute, 59, nano.checked_add(1_000_000_000)?),
            _ => NaiveTime::from_hms_nano_opt(hour, minute, second, nano),
        }
    }
}

impl WireText for NaiveDateTime {
    const EXPECTING: &'static str = "a local date and time like 2026-03-29T07:30:00";
    fn read(text: &str) -> Option<Self> {
        let (date, time) = split_date(text)?;
        Some(NaiveDate::read(date)?.and_time(NaiveTime::read(time)?))
    }
}

impl WireText for DateTime<Utc> {
    const EXPECTING: &'static str = "a date and time like 2026-03-29T07:30:00Z";
    /// RFC 3339: a local date-time with seconds, then `Z` or an offset `+HH:MM` / `-HH:MM`.
    fn read(text: &str) -> Option<Self> {
        let (local, offset_minutes) = match text.strip_suffix(['Z', 'z']) {
            Some(local) => (local, 0),
            None => {
                let at = text.len().checked_sub(6)?;
                let (local, offset) = (text.get(..at)?, text.get(at..)?.as_bytes());
                let sign = match offset[0] {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                if offset[3] != b':' {
                    return None;
                }
                let (hours, minutes) = (digits(&offset[1..3])?, digits(&offset[4..6])?);
                if hours > 23 || minutes > 59 {
                    return None;
                }
                (local, sign * (hours * 60 + minutes) as i64)
            }
        };
        if local.len() < "2026-03-29T07:30:00".len() {
            return None; // RFC 3339 always has seconds
        }
        let local = NaiveDateTime::read(local)?;
        Some(
            local
                .checked_sub_signed(Duration::minutes(offset_minutes))?
                .and_utc(),
        )
    }
}

/// The date and the time of `2026-03-29T07:30:00` (RFC 3339 also allows a lowercase `t` or a space).
fn split_date(text: &str) -> Option<(&str, &str)> {
    let separator = text.as_bytes().get(10)?;
    matches!(separator, b'T' | b't' | b' ').then(|| (&text[..10], &text[11..]))
}

/// The value of a run of ASCII digits (at most nine here), or `None` if any byte is not one.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |value, &byte| {
        byte.is_ascii_digit().then(|| value * 10 + u32::from(byte - b'0'))
    })
}

/// `.123` as nanoseconds (1 to 9 digits), or nothing as zero.
fn nanoseconds(fraction: &[u8]) -> Option<u32> {
    match fraction {
        [] => Some(0),
        [b'.', figures @ ..] if (1..=9).contains(&figures.len()) => {
            Some(digits(figures)? * 10u32.pow(9 - figures.len() as u32))
        }
        _ => None,
    }
}

struct TextVisitor<T>(PhantomData<T>);

impl<T: WireText> Visitor<'_> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        T::read(text).ok_or_else(|| E::invalid_value(Unexpected::Str(&echo(text)), &self))
    }
}

/// A stored text read as `T`.
struct Wire<T>(T);

impl<'de, T: WireText> Deserialize<'de> for Wire<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TextVisitor(PhantomData)).map(Wire)
    }
}

/// Reads a required field.
pub fn one<'de, D: Deserializer<'de>, T: WireText>(deserializer: D) -> Result<T, D::Error> {
    Wire::deserialize(deserializer).map(|wire| wire.0)
}

/// Reads an optional field (`null` is `None`); pair it with `#[serde(default)]`.
pub fn opt<'de, D: Deserializer<'de>, T: WireText>(deserializer: D) -> Result<Option<T>, D::Error> {
    Option::<Wire<T>>::deserialize(deserializer).map(|wire| wire.map(|wire| wire.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{SecondsFormat, TimeZone};
    use proptest::prelude::*;

    fn instant(text: &str) -> Option<DateTime<Utc>> {
        DateTime::<Utc>::read(text)
    }

    #[test]
    fn reads_what_chrono_writes() {
        let at = Utc.with_ymd_and_hms(2026, 3, 29, 7, 30, 5).unwrap();
        for at in [
            at,
            at + Duration::milliseconds(250),
            at + Duration::nanoseconds(1),
        ] {
            let written = serde_json::to_string(&at).unwrap();
            assert_eq!(instant(written.trim_matches('"')), Some(at), "{written}");
            let local = at.naive_utc();
            let written = serde_json::to_value(local).unwrap();
            assert_eq!(NaiveDateTime::read(written.as_str().unwrap()), Some(local));
            let written = serde_json::to_value(local.time()).unwrap();
            assert_eq!(NaiveTime::read(written.as_str().unwrap()), Some(local.time()));
        }
    }

    #[test]
    fn instants_with_an_offset_are_converted_to_utc() {
        let utc = Utc.with_ymd_and_hms(2026, 3, 29, 5, 30, 0).unwrap();
        assert_eq!(instant("2026-03-29T07:30:00+02:00"), Some(utc));
        assert_eq!(instant("2026-03-29t01:00:00-04:30"), Some(utc));
        assert_eq!(instant("2026-03-29 05:30:00z"), Some(utc));
    }

    #[test]
    fn refuses_what_is_not_exactly_the_stored_form() {
        for text in [
            "",
            "2026-03-29",
            "2026-03-29T07:30Z",
            "2026-03-29T07:30:00",
            "2026-03-29T07:30:00+0200",
            "2026-03-29T07:30:00+24:00",
            "2026-02-30T07:30:00Z",
            "2026-03-29T24:00:00Z",
            "2026-03-29T07:30:00.Z",
            "2026-03-29T07:30:00.1234567890Z",
            "+2026-03-29T07:30:00Z",
            "2026-3-29T07:30:00Z",
            "２０２６-03-29T07:30:00Z",
            "2026-03-29T07:30:0éZ",
        ] {
            assert_eq!(instant(text), None, "{text}");
        }
        for text in [
            "7:30",
            "07:30:",
            "07:60",
            "07:30:61",
            "07-30",
            "07:30:00.",
            "07:30 ",
        ] {
            assert_eq!(NaiveTime::read(text), None, "{text}");
        }
        for text in [
            "2026-03-29 ",
            "20260329",
            "2026/03/29",
            "2026-13-01",
            "-026-03-29",
            "+2026-03-29",
            "20260-03-29",
        ] {
            assert_eq!(NaiveDate::read(text), None, "{text}");
        }
    }

    #[test]
    fn dates_past_9999_read_as_chrono_writes_them() {
        for year in [-250_000, -1, 10_000, 262_142] {
            let date = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
            assert_eq!(NaiveDate::read(&date.to_string()), Some(date), "{date}");
        }
        assert_eq!(NaiveDate::read("+999999999-01-01"), None);
    }

    #[test]
    fn a_leap_second_reads_as_chrono_writes_it() {
        let leap = NaiveTime::from_hms_milli_opt(23, 59, 59, 1_500).unwrap();
        assert_eq!(NaiveTime::read("23:59:60.5"), Some(leap));
        assert_eq!(serde_json::to_value(leap).unwrap(), "23:59:60.500");
    }

    #[test]
    fn errors_name_the_expected_form_and_quote_the_value_briefly() {
        #[derive(Debug, Deserialize)]
        struct Record {
            #[serde(deserialize_with = "one")]
            at: DateTime<Utc>,
            #[serde(default, deserialize_with = "opt")]
            until: Option<NaiveDate>,
        }
        let long = "9".repeat(10_000);
        let error = serde_json::from_str::<Record>(&format!(r#"{{"at": "{long}"}}"#)).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("a date and time like"), "{message}");
        assert!(message.len() < 200, "{message}");
        let read: Record = serde_json::from_str(r#"{"at": "2026-03-29T07:30:00Z"}"#).unwrap();
        assert_eq!(read.at, Utc.with_ymd_and_hms(2026, 3, 29, 7, 30, 0).unwrap());
        assert_eq!(read.until, None);
        let read: Record = serde_json::from_str(r#"{"at": "2026-03-29T07:30:00Z", "until": null}"#).unwrap();
        assert_eq!(read.until, None);
        let read: Record =
            serde_json::from_str(r#"{"at": "2026-03-29T07:30:00Z", "until": "2026-04-01"}"#).unwrap();
        assert_eq!(read.until, NaiveDate::from_ymd_opt(2026, 4, 1));
        assert!(serde_json::from_str::<Record>(r#"{"at": 5}"#).is_err());
    }

    proptest! {
        /// Every instant a record may hold reads back exactly as chrono wrote it, and agrees with chrono's
        /// own reading of the same text.
        #[test]
        fn agrees_with_chrono(seconds in -2_208_988_800i64..7_258_118_399, nanos in 0u32..1_000_000_000) {
            let at = DateTime::from_timestamp(seconds, nanos).unwrap();
            for format in [SecondsFormat::Secs, SecondsFormat::Millis, SecondsFormat::AutoSi] {
                let text = at.to_rfc3339_opts(format, true);
                let chrono_reads: DateTime<Utc> = text.parse().unwrap();
                prop_assert_eq!(instant(&text), Some(chrono_reads));
            }
            let date = at.date_naive().to_string();
            prop_assert_eq!(NaiveDate::read(&date), date.parse().ok());
            let local = at.naive_utc().to_string().replace(' ', "T");
            prop_assert_eq!(NaiveDateTime::read(&local), local.parse().ok());
        }

        /// Arbitrary text never panics, and anything read is what chrono reads too.
        #[test]
        fn never_panics_and_never_reads_what_chrono_refuses(text in "[0-9T:.Z+ -]{0,32}") {
            if let Some(at) = instant(&text) {
                prop_assert_eq!(text.parse::<DateTime<Utc>>().ok(), Some(at));
            }
            if let Some(time) = NaiveTime::read(&text) {
                prop_assert_eq!(text.parse::<NaiveTime>().ok(), Some(time));
            }
            if let Some(date) = NaiveDate::read(&text) {
                prop_assert_eq!(text.parse::<NaiveDate>().ok(), Some(date));
            }
        }
    }
}
