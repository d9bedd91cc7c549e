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

    pub fn parse(text: &str) -> Result<Self, String> {
        uuid::Uuid::parse_str(text)
            .map(Id)
            .map_err(|e| format!("not a valid id: {e}"))
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
    }
}
