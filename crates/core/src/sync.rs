//! Sync between a person's devices through a server that only numbers sealed records (docs/sync.md): what a
//! device keeps to sync, the plaintext it seals, and how the space's log merges in. Pure: no network, no
//! cryptography, no clock; the app's sync client does those around it.
//!
//! Every version a device writes goes into its [`SyncState::outbox`] with a mutation id, and stays there until
//! the device reads it back from the space's log, in the log's order. That is also how a concurrent edit is
//! found: a version of a person-edited record that arrives from another device while this device still has a
//! version of it of its own in the outbox was written without knowing that one, and the other way round (this
//! device has not seen it until now). Both are kept, and the person chooses ([`SyncState::resolve`]). If a
//! version is overwritten without either, its writer's device had seen it first: every concurrent pair is
//! met by the device whose version the log numbered second, because that device reads the first while its own
//! is still waiting.

use crate::codec::{self, DecodeError};
use crate::dataset::{Change, Dataset, Kind};
use crate::hlc::Hlc;
use crate::record::{EachKind, Record, Rule};
use crate::Id;

/// The plaintext limit before sealing (docs/sync.md).
pub const MAX_PLAINTEXT: usize = 16 * 1024;

/// A version written on this device, waiting to be read back from the log.
#[derive(Clone, Debug, PartialEq)]
pub struct Outgoing {
    pub mutation: Id,
    pub kind: Kind,
    pub id: Id,
    /// The record's [binary form](crate::codec).
    pub bytes: Vec<u8>,
}

/// Two versions of one record written on two devices, neither knowing of the other: the person keeps one.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub kind: Kind,
    pub id: Id,
    /// This device's version, and the other device's, in their binary form.
    pub mine: Vec<u8>,
    pub theirs: Vec<u8>,
}

/// Which version of a [`Conflict`] the person keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    Mine,
    Theirs,
}

/// What a device keeps to sync, besides its records.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncState {
    pub outbox: Vec<Outgoing>,
    /// The last sequence number of the space's log merged here.
    pub cursor: i64,
    pub conflicts: Vec<Conflict>,
}

/// A version read from the log, and whether it changed anything here.
#[derive(Debug, Default, PartialEq)]
pub struct Received {
    /// The versions that won, to store and show.
    pub changed: Change,
    /// The entry's stamp, for the device's clock to observe (zero for a repeat).
    pub stamp: Hlc,
    /// A concurrent edit was found.
    pub conflict: bool,
}

impl SyncState {
    /// Queues every version in `change` (a local action, or a resolved conflict) to be sent, each under a new
    /// mutation id from `mutation`.
    pub fn queue(&mut self, change: &Change, mut mutation: impl FnMut() -> Id) {
        for kind in Kind::ALL {
            let records = change.records(kind);
            for i in 0..records.len() {
                self.outbox.push(Outgoing {
                    mutation: mutation(),
                    kind,
                    id: records.meta(i).id,
                    bytes: records.to_bytes(i),
                });
            }
        }
    }

    /// Merges the log's entry `seq` (with its mutation id and opened plaintext) into `data`. Entries must come
    /// in the log's order; one at or before [`cursor`](SyncState::cursor) is a repeat and changes nothing.
    /// Plaintext that does not decode is an error and moves nothing, so the entry is read again next time.
    pub fn receive(
        &mut self,
        data: &mut Dataset,
        seq: i64,
        mutation: Id,
        plaintext: &[u8],
    ) -> Result<Received, DecodeError> {
        if seq <= self.cursor {
            return Ok(Received::default());
        }
        let (kind, bytes) = open(plaintext)?;
        let mut change = Change::default();
        let meta = change.records_mut(kind).push_bytes(bytes)?.clone();
        self.cursor = seq;
        let mut conflict = false;
        if let Some(mine) = self.outbox.iter().position(|o| o.mutation == mutation) {
            self.outbox.remove(mine);
        } else if kind.rule() == Rule::LastWriterWins {
            let waiting = self.outbox.iter().rev().find(|o| o.id == meta.id);
            if let Some(mine) = waiting.filter(|o| !same_content(kind, &o.bytes, bytes)) {
                conflict = true;
                let found = Conflict {
                    kind,
                    id: meta.id,
                    mine: mine.bytes.clone(),
                    theirs: bytes.to_vec(),
                };
                self.conflicts.retain(|c| c.id != meta.id);
                self.conflicts.push(found);
            }
        }
        Ok(Received {
            changed: data.merge(&change),
            stamp: meta.stamp,
            conflict,
        })
    }

    /// The person's choice for a conflict: the kept version again, stamped `stamp` (newer than both), as a change
    /// to merge and [`queue`](SyncState::queue). The conflict is gone.
    pub fn resolve(&mut self, id: Id, keep: Keep, stamp: Hlc) -> Option<Change> {
        let at = self.conflicts.iter().position(|c| c.id == id)?;
        let conflict = self.conflicts.remove(at);
        let kept = match keep {
            Keep::Mine => &conflict.mine,
            Keep::Theirs => &conflict.theirs,
        };
        let mut change = Change::default();
        restamp(&mut change, conflict.kind, kept, stamp).ok()?;
        Some(change)
    }
}

/// Whether two versions of a record differ only in their stamps.
fn same_content(kind: Kind, a: &[u8], b: &[u8]) -> bool {
    let mut versions = Change::default();
    let zero = Hlc::default();
    restamp(&mut versions, kind, a, zero).is_ok()
        && restamp(&mut versions, kind, b, zero).is_ok()
        && versions.records(kind).to_bytes(0) == versions.records(kind).to_bytes(1)
}

/// Decodes a version into `change`, stamped `stamp`.
fn restamp(change: &mut Change, kind: Kind, bytes: &[u8], stamp: Hlc) -> Result<(), DecodeError> {
    struct Restamp<'a> {
        change: &'a mut Change,
        kind: Kind,
        bytes: &'a [u8],
        stamp: Hlc,
        result: Result<(), DecodeError>,
    }
    impl EachKind for Restamp<'_> {
        fn visit<R: Record>(&mut self) {
            if R::KIND == self.kind {
                self.result = codec::decode::<R>(self.bytes).map(|mut record| {
                    record.meta_mut().stamp = self.stamp;
                    R::of_mut(self.change).push(record);
                });
            }
        }
    }
    let mut visit = Restamp {
        change,
        kind,
        bytes,
        stamp,
        result: Err(DecodeError("an unknown kind")),
    };
    Dataset::each_kind(&mut visit);
    visit.result
}

/// The plaintext a device seals for one version: its kind's index, the record's binary form, then `0x80` and
/// zeros up to the next size bucket (64, 128, 256, 512 bytes, then multiples of 512), so that a ciphertext's
/// length tells at most its bucket. `None` past [`MAX_PLAINTEXT`].
pub fn seal_plaintext(kind: Kind, bytes: &[u8]) -> Option<Vec<u8>> {
    let length = bytes.len() + 2;
    let bucket = match length {
        0..=64 => 64,
        65..=128 => 128,
        129..=256 => 256,
        _ => length.div_ceil(512) * 512,
    };
    if bucket > MAX_PLAINTEXT {
        return None;
    }
    let mut plaintext = Vec::with_capacity(bucket);
    plaintext.push(kind_index(kind));
    plaintext.extend_from_slice(bytes);
    plaintext.push(0x80);
    plaintext.resize(bucket, 0);
    Some(plaintext)
}

/// The kind and record bytes of a plaintext [`seal_plaintext`] made.
pub fn open(plaintext: &[u8]) -> Result<(Kind, &[u8]), DecodeError> {
    let end = plaintext
        .iter()
        .rposition(|&b| b != 0)
        .filter(|&i| plaintext[i] == 0x80)
        .ok_or(DecodeError("its padding is damaged"))?;
    let (&index, bytes) = plaintext[..end].split_first().ok_or(DecodeError("it is empty"))?;
    let kind = Kind::ALL
        .get(usize::from(index))
        .copied()
        .ok_or(DecodeError("an unknown kind"))?;
    Ok((kind, bytes))
}

fn kind_index(kind: Kind) -> u8 {
    Kind::ALL
        .iter()
        .position(|&k| k == kind)
        .expect("every kind is listed") as u8
}
