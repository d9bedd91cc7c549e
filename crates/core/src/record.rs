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

/// Last-writer-wins merge of two versions of the same mutable record.
pub fn merge_lww<R: Record + Clone>(local: &R, remote: &R) -> R {
    if remote.meta().stamp > local.meta().stamp {
        remote.clone()
    } else {
        local.clone()
    }
}

/// The live (not deleted) records of one profile.
pub fn live_in_profile<R: Record>(records: &[R], profile_id: Id) -> impl Iterator<Item = &R> {
    records
        .iter()
        .filter(move |r| !r.meta().deleted && r.meta().profile_id == profile_id)
}
