//! The compact binary form of a record: how records are stored on the device and passed between tabs (and what
//! sync will encrypt). JSON stays the backup format, readable by people and other programs.
//!
//! Why not JSON everywhere: decoding JSON into these types through serde is most of the code a program that only
//! stores records carries (about 40 KB of the app's 200 KB first load). This form is a fixed sequence of fields,
//! so its decoder is a few straight-line functions.
//!
//! The form: a record is [`FORMAT`] then its fields in the order [`binary!`] lists them below. Unsigned integers
//! are LEB128, signed ones zigzag then LEB128, `f64` its 8 bytes little-endian (exact), text and lists a count
//! then their items, an `Option` a 0 or 1 byte then the value, an enum its variant's index then its fields, an id
//! its 16 bytes. Times are whole seconds plus nanoseconds, dates days from 0001-01-01. Changing a field list
//! changes the form: bump [`FORMAT`] and keep reading the old one.
//!
//! Decoding never trusts a count: a list claims at most as many items as there are bytes left, so damaged bytes
//! give an error, never a panic or a large allocation.

use crate::checkin::CheckIn;
use crate::dose::{DoseAction, DoseEvent, OccurrenceKey};
use crate::goal::Goal;
use crate::hlc::Hlc;
use crate::inventory::Refill;
use crate::measure::{MeasureKind, Measurement, Reading};
use crate::medication::{
    DoseRules, Form, Medication, MissedCutoff, Pause, Profile, QuietHours, Repeat, Stock,
};
use crate::record::Meta;
use crate::schedule::{DoseTime, End, Pattern, Schedule, TaperStep};
use crate::zone::{ZoneChange, ZonePolicy};
use crate::Id;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc, Weekday};
use std::fmt;

/// The version of the form, the first byte of every encoded record.
pub const FORMAT: u8 = 1;

/// Why bytes did not decode: what was being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeError(pub &'static str);

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "damaged record: {}", self.0)
    }
}

impl std::error::Error for DecodeError {}

/// The bytes still to decode.
pub struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        if n > self.bytes.len() {
            return Err(DecodeError("it ends too early"));
        }
        let (taken, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(taken)
    }

    fn byte(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }

    fn varint(&mut self) -> Result<u64, DecodeError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            let bits = u64::from(byte & 0x7f);
            if shift == 63 && bits > 1 {
                break;
            }
            value |= bits << shift;
            if byte < 0x80 {
                return Ok(value);
            }
        }
        Err(DecodeError("a number is too long"))
    }

    /// A count of items that each take at least one byte: never more than the bytes left.
    fn count(&mut self) -> Result<usize, DecodeError> {
        match usize::try_from(self.varint()?) {
            Ok(n) if n <= self.bytes.len() => Ok(n),
            _ => Err(DecodeError("a length is longer than the record")),
        }
    }

    /// The whole input must be one value: bytes after it mean it is not what it claims.
    pub fn finish<T>(self, value: T) -> Result<T, DecodeError> {
        match self.bytes.is_empty() {
            true => Ok(value),
            false => Err(DecodeError("bytes are left after it")),
        }
    }
}

fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// A value with a binary form.
pub trait Binary: Sized {
    fn write(&self, out: &mut Vec<u8>);
    fn read(input: &mut Reader) -> Result<Self, DecodeError>;
}

/// `value` encoded as a record: [`FORMAT`], then the value.
pub fn encode<T: Binary>(value: &T) -> Vec<u8> {
    let mut out = vec![FORMAT];
    value.write(&mut out);
    out
}

/// Decodes a record that [`encode`] made; any other bytes give an error.
pub fn decode<T: Binary>(bytes: &[u8]) -> Result<T, DecodeError> {
    let mut input = Reader::new(bytes);
    if input.byte()? != FORMAT {
        return Err(DecodeError("an unknown format"));
    }
    let value = T::read(&mut input)?;
    input.finish(value)
}

impl Binary for bool {
    fn write(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn read(input: &mut Reader) -> Result<Self, DecodeError> {
        match input.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(DecodeError("a flag is neither 0 nor 1")),
        }
    }
}

impl Binary for u64 {
    fn write(&self, out: &mut Vec<u8>) {
        write_varint(out, *self);
    }
    fn read(input: &mut Reader) -> Result<Self, DecodeError> {
        input.varint()
    }
}

impl Binary for u32 {
    fn write(&self, out: &mut Vec<u8>) {
        write_varint(out, u64::from(*self));
    }
    fn read(input: &mut Reader) -> Result<Self, DecodeError> {
        u32::try_from(input.varint()?).map_err(|_| DecodeError("a number is out of range"))
    }
}

impl Binary for i64 {
    fn write(&self, out: &mut Vec<u8>) {
        write_varint(out, ((self << 1) ^ (self >> 63)) as u64);
    }
    fn read(input: &mut Reader) -> Result<Self, DecodeError> {
        let zigzag = input.varint()?;
        Ok((zigzag >> 1) as i64 ^ -((zigzag & 1) as i64))
    }
}

impl Binary for f64 {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }
    fn read(input: &mut Reader) -> Result<Self, DecodeError> {
        let bytes = input.take(8)?.try_into().expect("took 8 bytes");
        Ok(f64::from_le_bytes(bytes))
    }
}

impl Binary for String {
    fn write(&self, out: &mut Vec<u8>) {
        write_varint(out, self.len() as u64);
        out.extend_from_slice(self.as_bytes());
    }
    fn read(input: &mut Reader) -> Result<Self, DecodeError> {
        let len = input.count()?;
        let bytes = input.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| DecodeError("text is not UTF-8"))
    }
}

impl<T: Binary> Binary for Vec<T> {
    fn write(&self, out: &mut Vec<u8>) {
        write_varint(out, self.len() as u64);
        self.iter().for_each(|item| item.write(out));
    }
    fn read(input: &mut Reader) -> Result<Self, DecodeError> {
        (0..input.count()?).map(|_| T::read(input)).collect()
    }
}

impl<T: Binary> Binary for Option<T> {
    fn write(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                value.write(out);
            }
        }
    }
    fn read(input: &mut Reader) -> Result<Self, DecodeError> {
        match bool::read(input)? {
            false => Ok(None),
            true => T::read(input).map(Some),
        }
    }
}

impl Binary for Id {
    fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_bytes());
    }
    fn read(input: &mut Reader) -> Result<Self, DecodeError> {
        Ok(Id::from_bytes(input.take(16)?.try_into().expect("took 16 bytes")))
    }
}

impl Binary for NaiveDate {
    fn write(&self, out: &mut Vec<u8>) {
        i64::from(self.num_days_from_ce()).write(out);
    }
    fn read(input: &mut Reader) -> Result<Self, DecodeError> {
        i32::try_from(i64::read(input)?)
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .ok_or(DecodeError("a date is out of range"))
    }
}

impl Binary for NaiveTime {
    fn write(&self, out: &mut Vec<u8>) {
        self.num_seconds_from_midnight().write(out);
        self.nanosecond().write(out);
    }
    fn read(input: &mut Reader) -> Result<Self, DecodeError> {
        let (seconds, nanos) = (u32::read(input)?, u32::read(input)?);
        NaiveTime::from_num_seconds_from_midnight_opt(seconds, nanos)
            .ok_or(DecodeError("a time of day is out of range"))
    }
}

impl Binary for NaiveDateTime {
    fn write(&self, out: &mut Vec<u8>) {
        self.date().write(out);
        self.time().write(out);
    }
    fn read(input: &mut Reader) -> Result<Self, DecodeError> {
        Ok(NaiveDate::read(input)?.and_time(NaiveTime::read(input)?))
    }
}

impl Binary for DateTime<Utc> {
    fn write(&self, out: &mut Vec<u8>) {
        self.timestamp().write(out);
        self.timestamp_subsec_nanos().write(out);
    }
    fn read(input: &mut Reader) -> Result<Self, DecodeError> {
        let (seconds, nanos) = (i64::read(input)?, u32::read(input)?);
        DateTime::from_timestamp(seconds, nanos).ok_or(DecodeError("an instant is out of range"))
    }
}

/// Enums without fields, by their index in a list of every variant.
macro_rules! by_index {
    ($($ty:ty: [$($variant:expr),* $(,)?];)*) => {$(
        impl Binary for $ty {
            fn write(&self, out: &mut Vec<u8>) {
                const ALL: &[$ty] = &[$($variant),*];
                out.push(ALL.iter().position(|v| v == self).expect("every variant is listed") as u8);
            }
            fn read(input: &mut Reader) -> Result<Self, DecodeError> {
                const ALL: &[$ty] = &[$($variant),*];
                ALL.get(usize::from(input.byte()?)).copied().ok_or(DecodeError("an unknown variant"))
            }
        }
    )*};
}

by_index! {
    Weekday: [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
    Form: [
        Form::Tablet, Form::Capsule, Form::Liquid, Form::Inhaler, Form::Injection, Form::Patch, Form::Drops,
        Form::Cream, Form::Other,
    ];
    MeasureKind: [MeasureKind::BloodPressure, MeasureKind::Glucose, MeasureKind::Weight, MeasureKind::PeakFlow];
}

/// Structs, by their fields in this order. A field left out of a list is a compile error (the struct literal).
macro_rules! binary {
    ($($ty:ident { $($field:ident),* $(,)? })*) => {$(
        impl Binary for $ty {
            fn write(&self, out: &mut Vec<u8>) {
                $(self.$field.write(out);)*
            }
            fn read(input: &mut Reader) -> Result<Self, DecodeError> {
                Ok($ty { $($field: Binary::read(input)?),* })
            }
        }
    )*};
}

binary! {
    Hlc { wall_ms, counter, node }
    Meta { id, profile_id, stamp, deleted }
    Profile { meta, name, colour, conditions, rules, quiet_hours }
    DoseRules { on_time_minutes, missed_cutoff }
    QuietHours { start, end }
    Medication {
        meta, name, strength, form, unit, instructions, conditions, colour, pauses, ended_at, zone_policy, stock,
        repeat,
    }
    Pause { from, until }
    Stock { on_hand, counted_at, refill_at_days, expires_on }
    Repeat { every_minutes, times }
    Schedule { meta, medication_id, pattern, start, end, taper }
    DoseTime { time, amount }
    TaperStep { from, to, amount }
    DoseEvent { meta, medication_id, occurrence, action, recorded_at, zone, supersedes }
    OccurrenceKey { schedule_id, slot }
    ZoneChange { meta, since, zone }
    Goal { meta, text, medication_ids, measure, since, done }
    CheckIn { meta, at, zone, mood, symptoms, note, did_what_matters }
    Measurement { meta, taken_at, zone, reading, note }
    Refill { meta, medication_id, on, recorded_at, quantity, expires_on }
}

/// Enums with fields: the variant's index, then its fields in order.
macro_rules! variants {
    ($($ty:ident { $($index:literal: $variant:ident $({ $($field:ident),* })?),* $(,)? })*) => {$(
        impl Binary for $ty {
            fn write(&self, out: &mut Vec<u8>) {
                match self {
                    $($ty::$variant $({ $($field),* })? => {
                        out.push($index);
                        $($($field.write(out);)*)?
                    })*
                }
            }
            fn read(input: &mut Reader) -> Result<Self, DecodeError> {
                Ok(match input.byte()? {
                    $($index => $ty::$variant $({ $($field: Binary::read(input)?),* })?,)*
                    _ => return Err(DecodeError("an unknown variant")),
                })
            }
        }
    )*};
}

variants! {
    MissedCutoff { 0: NextDose, 1: Window { minutes } }
    ZonePolicy { 0: FollowLocal, 1: Fixed { zone } }
    End { 0: Never, 1: On { date }, 2: AfterDays { days } }
    Pattern {
        0: Daily { times },
        1: Weekdays { days, times },
        2: EveryNDays { interval, times },
        3: Cycle { days_on, days_off, times },
        4: EveryNHours { interval_hours, anchor, amount },
        5: AfterLastDose { interval_hours, first, amount },
        6: AsNeeded { max_per_24h, min_gap_minutes, amount },
    }
    Reading {
        0: BloodPressure { systolic, diastolic, pulse },
        1: Glucose { mg_dl },
        2: Weight { kg },
        3: PeakFlow { l_min },
    }
    DoseAction {
        0: Taken { at, amount },
        1: Skipped { reason },
        2: Snoozed { until },
        3: Note { text, side_effect },
        4: Retracted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Binary + PartialEq + fmt::Debug>(value: T) {
        assert_eq!(decode::<T>(&encode(&value)), Ok(value));
    }

    #[test]
    fn numbers_keep_their_extremes() {
        for n in [0, 1, 127, 128, 300, u64::MAX] {
            round_trip(n);
        }
        for n in [0, -1, 1, i64::MIN, i64::MAX] {
            round_trip(n);
        }
        for x in [0.0, -0.0, 0.1, f64::MAX, f64::MIN_POSITIVE, 1e-300] {
            round_trip(x);
        }
        round_trip(u32::MAX);
        assert!(decode::<u32>(&encode(&(u64::from(u32::MAX) + 1))).is_err());
    }

    #[test]
    fn a_number_longer_than_64_bits_is_refused() {
        let mut bytes = vec![FORMAT];
        bytes.extend([0xff; 9]);
        bytes.push(0x02);
        assert_eq!(decode::<u64>(&bytes), Err(DecodeError("a number is too long")));
        let mut endless = vec![FORMAT];
        endless.extend([0x80; 20]);
        assert!(decode::<u64>(&endless).is_err());
    }

    #[test]
    fn a_length_past_the_end_is_refused_before_anything_is_allocated() {
        let mut bytes = vec![FORMAT];
        write_varint(&mut bytes, u64::MAX >> 1);
        assert_eq!(
            decode::<Vec<String>>(&bytes),
            Err(DecodeError("a length is longer than the record"))
        );
        assert_eq!(
            decode::<String>(&[FORMAT, 3, b'a']),
            Err(DecodeError("a length is longer than the record"))
        );
    }

    #[test]
    fn bad_text_flags_variants_and_trailing_bytes_are_refused() {
        assert_eq!(
            decode::<String>(&[FORMAT, 1, 0xff]),
            Err(DecodeError("text is not UTF-8"))
        );
        assert_eq!(
            decode::<bool>(&[FORMAT, 2]),
            Err(DecodeError("a flag is neither 0 nor 1"))
        );
        assert_eq!(
            decode::<Form>(&[FORMAT, 9]),
            Err(DecodeError("an unknown variant"))
        );
        assert_eq!(
            decode::<End>(&[FORMAT, 3]),
            Err(DecodeError("an unknown variant"))
        );
        assert_eq!(
            decode::<bool>(&[FORMAT, 1, 0]),
            Err(DecodeError("bytes are left after it"))
        );
        assert_eq!(
            decode::<bool>(&[FORMAT + 1, 1]),
            Err(DecodeError("an unknown format"))
        );
        assert_eq!(decode::<bool>(&[]), Err(DecodeError("it ends too early")));
    }

    #[test]
    fn times_keep_their_nanoseconds_and_leap_seconds() {
        round_trip(NaiveTime::from_hms_nano_opt(23, 59, 59, 1_999_999_999).unwrap());
        round_trip(DateTime::from_timestamp(-62_135_596_800, 123).unwrap());
        round_trip(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap());
        round_trip(NaiveDate::MAX.and_hms_opt(23, 0, 0).unwrap());
        let mut bad_time = vec![FORMAT];
        86_400u32.write(&mut bad_time);
        0u32.write(&mut bad_time);
        assert_eq!(
            decode::<NaiveTime>(&bad_time),
            Err(DecodeError("a time of day is out of range"))
        );
    }
}
