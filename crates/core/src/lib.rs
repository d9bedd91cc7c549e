//! Tend's medication domain: pure Rust, no web dependencies, no clock and no I/O.
//!
//! Everything that needs "now", randomness or time-zone rules takes them as arguments, so the same code runs
//! natively (CLI, tests, benchmarks) and in the browser, and every result is reproducible.

pub mod adherence;
pub mod backup;
pub mod chart;
pub mod checkin;
pub mod codec;
pub mod community;
pub mod coverage;
pub mod dataset;
pub mod dose;
pub mod example;
pub mod export;
mod fast_hash;
pub mod goal;
pub mod guard;
pub mod hlc;
pub mod ics;
pub mod id;
pub mod insights;
pub mod inventory;
pub mod keys;
pub mod learn;
pub mod limits;
pub mod measure;
pub mod medication;
pub mod occurrence;
pub mod predict;
pub mod record;
pub mod reminder;
pub mod schedule;
pub mod sort;
pub mod status;
pub mod sync;
pub mod travel;
pub mod visit;
pub mod webpush;
pub mod wire_time;
pub mod zone;

pub use dataset::{Change, Dataset, Kind};
pub use id::Id;
