//! The records' binary form (tend_core::codec): every kind and variant round trips, the form is pinned by a
//! fixture, and damaged bytes give an error, never a panic.

mod common;
use common::*;
use proptest::prelude::*;
use tend_core::dose::DoseAction;
use tend_core::medication::{MissedCutoff, QuietHours};
use tend_core::{Dataset, Kind};

const FIXTURE: &str = include_str!("fixtures/records-format-1.hex");

/// [`everything`] with the variants it leaves out.
fn every_variant() -> Dataset {
    let mut data = everything();
    let mut quiet = data.profiles[0].clone();
    quiet.meta.id = tend_core::Id::from_u128(900);
    quiet.rules.missed_cutoff = MissedCutoff::Window { minutes: 90 };
    quiet.quiet_hours = Some(QuietHours {
        start: time("22:00"),
        end: time("07:00"),
    });
    quiet.conditions = vec!["asthma".into(), "diabetes".into()];
    data.profiles.push(quiet);
    data.dose_events[1].action = DoseAction::Note {
        text: "dizzy".into(),
        side_effect: true,
    };
    data
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn encoded(data: &Dataset) -> String {
    Kind::ALL
        .into_iter()
        .flat_map(|kind| {
            let records = data.records(kind);
            (0..records.len()).map(move |i| format!("{} {}\n", kind.name(), hex(&records.to_bytes(i))))
        })
        .collect()
}

#[test]
fn every_kind_and_variant_round_trips() {
    let data = every_variant();
    let mut decoded = Dataset::default();
    for kind in Kind::ALL {
        for i in 0..data.records(kind).len() {
            let bytes = data.records(kind).to_bytes(i);
            decoded.records_mut(kind).push_bytes(&bytes).unwrap();
        }
    }
    assert_eq!(decoded, data);
}

/// The stored form never changes by accident: records written by an earlier build must still decode to the same
/// values. A deliberate change bumps `codec::FORMAT`, adds a fixture and keeps reading this one; a new kind only
/// adds lines.
#[test]
fn the_form_matches_the_fixture() {
    assert_eq!(
        encoded(&every_variant()),
        FIXTURE,
        "regenerate only with a new FORMAT"
    );
}

fn any_record() -> impl Strategy<Value = (Kind, Vec<u8>)> {
    let data = every_variant();
    let all: Vec<(Kind, Vec<u8>)> = Kind::ALL
        .into_iter()
        .flat_map(|kind| (0..data.records(kind).len()).map(move |i| (kind, i)))
        .map(|(kind, i)| (kind, data.records(kind).to_bytes(i)))
        .collect();
    prop::sample::select(all)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any bytes at all, as any kind: an error or a record, never a panic.
    #[test]
    fn any_bytes_decode_or_fail_cleanly(bytes in prop::collection::vec(any::<u8>(), 0..200), k in 0..Kind::ALL.len()) {
        let mut data = Dataset::default();
        let _ = data.records_mut(Kind::ALL[k]).push_bytes(&bytes);
    }

    /// A record cut short, or with a byte changed, is refused or decodes to something else, never a panic; cut
    /// short, it is always refused.
    #[test]
    fn damaged_records_are_refused((kind, bytes) in any_record(), at in any::<prop::sample::Index>(), to in any::<u8>()) {
        let cut = at.index(bytes.len());
        let mut data = Dataset::default();
        prop_assert!(data.records_mut(kind).push_bytes(&bytes[..cut]).is_err());
        let mut changed = bytes.clone();
        changed[cut] = to;
        let _ = data.records_mut(kind).push_bytes(&changed);
    }

    /// Any text and amounts survive.
    #[test]
    fn arbitrary_values_round_trip(name in "\\PC{0,40}", amount in any::<f64>().prop_filter("a number", |x| !x.is_nan()), pattern in any_times()) {
        let mut data = every_variant();
        data.medications[0].name = name;
        data.schedules[0].pattern = tend_core::schedule::Pattern::Daily { times: pattern };
        data.dose_events[0].action = DoseAction::Taken { at: utc("2026-01-05 08:05"), amount };
        let mut decoded = Dataset::default();
        for kind in Kind::ALL {
            for i in 0..data.records(kind).len() {
                decoded.records_mut(kind).push_bytes(&data.records(kind).to_bytes(i)).unwrap();
            }
        }
        prop_assert_eq!(decoded, data);
    }
}
