//! What every stored record carries, so that sync can merge them later without a change of meaning.

use crate::hlc::Hlc;
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

/// Any record type, for code that works on all of them (merge, validation).
pub trait Record {
    fn meta(&self) -> &Meta;
}
