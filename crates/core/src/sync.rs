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
use std::collections::HashMap;

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

/// An entry of the space's log as the client read it. `plaintext` is `None` for an entry that did not open
/// with the space key, and for one of this device's own versions (its mutation is in the outbox), which the
/// client need not open: it is here already.
#[derive(Clone, Copy, Debug)]
pub struct Incoming<'a> {
    pub seq: i64,
    pub mutation: Id,
    pub plaintext: Option<&'a [u8]>,
}

/// What a page of the log did here.
#[derive(Debug, Default, PartialEq)]
pub struct PageReceived {
    /// The versions that won, to store and show.
    pub changed: Change,
    /// The concurrent edits found in the page (kept in [`SyncState::conflicts`] too).
    pub found: Vec<Conflict>,
    /// Entries of other devices that did not open: skipped, for good.
    pub unreadable: usize,
    /// The page stopped at an entry in a form this app does not know; it is read again next time.
    pub newer: Option<DecodeError>,
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

    /// Merges a page of the space's log into `data`, in one merge however long the page. Entries must come in
    /// the log's order; one at or before [`cursor`](SyncState::cursor) is a repeat and changes nothing. This
    /// device's own versions leave the outbox; another device's version of a record this device has a
    /// different version of waiting is a [`Conflict`].
    pub fn receive_page(&mut self, data: &mut Dataset, page: &[Incoming]) -> PageReceived {
        let mut waiting: HashMap<Id, usize> = self
            .outbox
            .iter()
            .enumerate()
            .map(|(at, o)| (o.mutation, at))
            .collect();
        let mut back = vec![false; self.outbox.len()];
        let mut incoming = Change::default();
        let mut received = PageReceived::default();
        let repeats = self.cursor;
        for entry in page.iter().filter(|e| e.seq > repeats) {
            if let Some(at) = waiting.remove(&entry.mutation) {
                back[at] = true;
            } else if let Some(plaintext) = entry.plaintext {
                match self.other_version(&mut incoming, plaintext, &back) {
                    Ok(found) => received.found.extend(found),
                    Err(error) => {
                        received.newer = Some(error);
                        break;
                    }
                }
            } else {
                received.unreadable += 1;
            }
            self.cursor = entry.seq;
        }
        let mut at = 0;
        self.outbox.retain(|_| {
            at += 1;
            !back[at - 1]
        });
        received.changed = data.merge(&incoming);
        received
    }

    /// Decodes another device's version into `incoming`; answers the conflict it makes with a version of this
    /// device's still waiting (those `back` marks have come back).
    fn other_version(
        &mut self,
        incoming: &mut Change,
        plaintext: &[u8],
        back: &[bool],
    ) -> Result<Option<Conflict>, DecodeError> {
        let (kind, bytes) = open(plaintext)?;
        let records = incoming.records_mut(kind);
        let id = records.push_bytes(bytes)?.id;
        if kind.rule() != Rule::LastWriterWins {
            return Ok(None);
        }
        let waiting = (0..self.outbox.len())
            .rev()
            .find(|&at| !back[at] && self.outbox[at].id == id);
        let Some(mine) = waiting.map(|at| &self.outbox[at]) else {
            return Ok(None);
        };
        if same_content(kind, &mine.bytes, bytes) {
            return Ok(None);
        }
        let found = Conflict {
            kind,
            id,
            mine: mine.bytes.clone(),
            theirs: bytes.to_vec(),
        };
        self.conflicts.retain(|c| c.id != id);
        self.conflicts.push(found.clone());
        Ok(Some(found))
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
