//! Stable record ids: UUIDv7, so ids sort by creation time and never collide across devices.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A record id. Serialised as the canonical hyphenated UUID string.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(uuid::Uuid);

impl Id {
    /// Builds a UUIDv7 from a Unix time in milliseconds and 10 random bytes supplied by the caller
    /// (the core has no randomness source of its own).
    pub fn v7(unix_ms: u64, random: [u8; 10]) -> Self {
        Id(uuid::Builder::from_unix_timestamp_millis(unix_ms, &random).into_uuid())
    }

    /// A deterministic id for tests and generated examples.
    pub fn from_u128(value: u128) -> Self {
        Id(uuid::Uuid::from_u128(value))
    }

    /// The id's 16 bytes, as [`crate::codec`] stores them.
    pub fn to_bytes(self) -> [u8; 16] {
        *self.0.as_bytes()
    }

    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        Id(uuid::Uuid::from_bytes(bytes))
    }

    /// Reads the canonical form, `0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b` (either case), as Tend writes ids in
    /// URLs, files and keys. Hand-written rather than uuid's parser, which reads four forms and explains each
    /// mistake, and was the largest single function of the app's first load.
    pub fn parse(text: &str) -> Result<Self, String> {
        let invalid = || format!("not a valid id: \"{}\"", crate::limits::echo(text));
        let digits = text.as_bytes();
        if digits.len() != 36 || [8, 13, 18, 23].iter().any(|&i| digits[i] != b'-') {
            return Err(invalid());
        }
        let values: Option<Vec<u8>> = digits
            .iter()
            .enumerate()
            .filter(|(i, _)| ![8, 13, 18, 23].contains(i))
            .map(|(_, &d)| char::from(d).to_digit(16).map(|v| v as u8))
            .collect();
        let values = values.ok_or_else(invalid)?;
        let mut bytes = [0u8; 16];
        for (byte, pair) in bytes.iter_mut().zip(values.chunks(2)) {
            *byte = pair[0] << 4 | pair[1];
        }
        Ok(Id::from_bytes(bytes))
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v7_ids_sort_by_time_and_round_trip_as_text() {
        let early = Id::v7(1_700_000_000_000, [9; 10]);
        let late = Id::v7(1_700_000_000_001, [0; 10]);
        assert!(early < late);
        assert_eq!(Id::parse(&early.to_string()).unwrap(), early);
        assert!(Id::parse("not-an-id").is_err());
        assert_eq!(Id::parse(&early.to_string().to_uppercase()).unwrap(), early);
        for value in [0, u128::MAX, 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210] {
            let id = Id::from_u128(value);
            assert_eq!(Id::parse(&id.to_string()).unwrap(), id);
        }
        for bad in [
            "0190a1b2c3d47e5f8a9b0c1d2e3f4a5b",
            "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5",
            "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5g",
            "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b0",
            "0190a1b2-c3d4-7e5f-8a9b--c1d2e3f4a5b",
            "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4\u{e9}",
            "{0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5}",
        ] {
            assert!(Id::parse(bad).is_err(), "{bad}");
        }
    }
}
