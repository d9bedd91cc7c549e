//! The doctor-visit summaries: goals, measurements per kind and check-ins over a period.

mod common;

use common::*;
use tend_core::dose::DoseAction;
use tend_core::export::People;
use tend_core::measure::{MeasureKind, Reading};
use tend_core::record::Record;
use tend_core::visit::{feelings, goals, measurements, side_effects};
use tend_core::{Dataset, Id};

fn deleted<R: Record>(mut record: R) -> R {
    record.meta_mut().deleted = true;
    record
}

fn pressure(systolic: f64, diastolic: f64, pulse: Option<f64>) -> Reading {
    Reading::BloodPressure {
        systolic,
        diastolic,
        pulse,
    }
}

#[test]
fn measurements_are_summed_up_per_kind_within_the_period() {
    let data = Dataset {
        measurements: vec![
            measurement(1, "2026-03-01 08:00", pressure(150.0, 95.0, Some(80.0))),
            measurement(2, "2026-03-03 08:00", pressure(130.0, 85.0, None)),
            measurement(3, "2026-03-02 08:00", pressure(122.0, 78.0, Some(70.0))),
            measurement(4, "2026-03-02 09:00", Reading::Weight { kg: 80.5 }),
            // Before the period, after it, and deleted: none counts.
            measurement(5, "2026-02-27 23:59", pressure(200.0, 120.0, None)),
            measurement(6, "2026-03-10 00:00", pressure(90.0, 60.0, None)),
            deleted(measurement(7, "2026-03-05 08:00", pressure(210.0, 100.0, None))),
        ],
        ..Default::default()
    };
    let summaries = measurements(
        &data,
        People::All,
        utc("2026-02-28 00:00"),
        utc("2026-03-10 00:00"),
    );
    assert_eq!(summaries.len(), 2);
    let blood = &summaries[0];
    assert_eq!(blood.kind, MeasureKind::BloodPressure);
    assert_eq!(blood.count, 3);
    // The pulse is averaged over the two readings that have one.
    assert_eq!(blood.average, pressure(134.0, 86.0, Some(75.0)));
    assert_eq!(blood.lowest, pressure(122.0, 78.0, Some(70.0)));
    assert_eq!(blood.highest, pressure(150.0, 95.0, Some(80.0)));
    assert_eq!(blood.latest, pressure(130.0, 85.0, None));
    assert_eq!(blood.latest_at, utc("2026-03-03 08:00"));
    assert_eq!(summaries[1].kind, MeasureKind::Weight);
    assert_eq!(summaries[1].average, Reading::Weight { kg: 80.5 });
}

#[test]
fn a_report_for_one_person_leaves_the_others_out() {
    let mut theirs = measurement(2, "2026-03-01 08:00", Reading::Glucose { mg_dl: 110.0 });
    theirs.meta.profile_id = Id::from_u128(999);
    let data = Dataset {
        measurements: vec![
            measurement(1, "2026-03-01 08:00", Reading::Glucose { mg_dl: 90.0 }),
            theirs,
        ],
        ..Default::default()
    };
    let mine = People::Only(Id::from_u128(PROFILE));
    let summaries = measurements(&data, mine, utc("2026-01-01 00:00"), utc("2027-01-01 00:00"));
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0].count, 1);
    assert_eq!(summaries[0].average, Reading::Glucose { mg_dl: 90.0 });
    assert!(feelings(&data, mine, utc("2026-01-01 00:00"), utc("2027-01-01 00:00")).check_ins == 0);
}

#[test]
fn check_ins_give_mood_symptoms_and_own_words() {
    let mut low = check_in(2, "2026-03-04 20:00");
    low.mood = Some(2);
    low.symptoms = vec!["poor_sleep".into(), "nausea".into()];
    low.did_what_matters = Some(false);
    let mut quiet = check_in(3, "2026-03-05 20:00");
    quiet.mood = None;
    quiet.symptoms.clear();
    quiet.note = "  ".into();
    quiet.did_what_matters = None;
    let data = Dataset {
        check_ins: vec![check_in(1, "2026-03-02 20:00"), low, quiet],
        ..Default::default()
    };
    let felt = feelings(
        &data,
        People::All,
        utc("2026-03-01 00:00"),
        utc("2026-04-01 00:00"),
    );
    // The empty check-in is not one.
    assert_eq!(felt.check_ins, 2);
    assert_eq!(felt.mood, Some(3.0));
    // Poor sleep twice comes first; headache before nausea, as the list has them.
    assert_eq!(
        felt.symptoms,
        vec![("poor_sleep", 2), ("headache", 1), ("nausea", 1)]
    );
    assert_eq!(felt.did_what_matters, (1, 1));
    assert_eq!(felt.notes.len(), 2);
    assert_eq!(felt.notes[0].0, utc("2026-03-04 20:00"));
    assert_eq!(felt.notes[1].1, "A bit dizzy after lunch");
}

#[test]
fn current_goals_come_before_those_put_away() {
    let mut done = goal(1, "Walk to the shops");
    done.done = true;
    done.since = date("2025-01-01");
    let mut later = goal(2, "Keep gardening");
    later.since = date("2026-02-01");
    let gone = deleted(goal(4, "Deleted"));
    let data = Dataset {
        goals: vec![
            done,
            later,
            goal(3, "Walk to the park with my grandchildren"),
            gone,
        ],
        ..Default::default()
    };
    let texts: Vec<&str> = goals(&data, People::All)
        .iter()
        .map(|g| g.text.as_str())
        .collect();
    assert_eq!(
        texts,
        [
            "Walk to the park with my grandchildren",
            "Keep gardening",
            "Walk to the shops"
        ]
    );
}

#[test]
fn side_effects_are_the_notes_marked_so_newest_first() {
    let note = |id, text: &str, side_effect, at| {
        let action = DoseAction::Note {
            text: text.into(),
            side_effect,
        };
        event(id, 10, None, action, utc(at))
    };
    let data = Dataset {
        dose_events: vec![
            note(1, "dizzy when standing up", true, "2026-03-02 08:00"),
            note(2, "took it with breakfast", false, "2026-03-03 08:00"),
            note(3, "dry cough", true, "2026-03-04 08:00"),
            note(4, "long ago", true, "2025-01-01 08:00"),
        ],
        ..Default::default()
    };
    let noted = side_effects(
        &data,
        People::All,
        utc("2026-03-01 00:00"),
        utc("2026-04-01 00:00"),
    );
    let texts: Vec<&str> = noted.iter().map(|n| n.text).collect();
    assert_eq!(texts, ["dry cough", "dizzy when standing up"]);
    assert_eq!(noted[0].medication_id, Id::from_u128(10));
}
