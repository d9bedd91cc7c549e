//! What every stored record carries, so that sync can merge them later without a change of meaning.

use crate::hlc::Hlc;
use crate::limits::{Checks, LATEST_DATE};
use crate::Id;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Stable across devices and edits.
    pub id: Id,
    /// The person this record belongs to.
    pub profile_id: Id,
    /// When this version of the record was written; mutable records merge last-writer-wins by this stamp.
    pub stamp: Hlc,
    /// A tombstone: deleted records are kept (and synced) with this flag rather than removed.
    #[serde(default)]
    pub deleted: bool,
}

impl Meta {
    /// Checks the header: a stamp from after [`LATEST_DATE`] would win every merge for ever.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let latest_ms = LATEST_DATE
            .and_time(chrono::NaiveTime::MIN)
            .and_utc()
            .timestamp_millis()
            + 24 * 3600 * 1000;
        let mut checks = Checks::default();
        checks.require(
            i64::try_from(self.stamp.wall_ms).is_ok_and(|ms| ms < latest_ms),
            "stamp.wall_ms",
            format!("must be a time before the end of {LATEST_DATE}"),
        );
        checks.into_vec()
    }
}

/// Any record type, for code that works on all of them (merge, validation).
pub trait Record {
    fn meta(&self) -> &Meta;
}
