//! What a doctor-visit report says beside the doses: the person's goals, their measurements summed up per kind
//! (how many, the average, the range and the latest) and how they have felt (check-ins: mood, the symptoms
//! counted, whether they did what matters to them, their own words) and the side effects noted on doses. The app's report page and
//! `tend export report` both show these, so the figures are computed once, here.

use crate::checkin::{CheckIn, SYMPTOMS};
use crate::dose::{effective, DoseAction};
use crate::export::People;
use crate::goal::Goal;
use crate::measure::{MeasureKind, Measurement, Reading};
use crate::{Dataset, Id};
use chrono::{DateTime, Utc};

/// One kind of measurement over a period.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasureSummary {
    pub kind: MeasureKind,
    pub count: usize,
    /// Each component averaged over the readings that have it (a pulse is optional).
    pub average: Reading,
    /// The readings with the lowest and the highest main number (the systolic one for blood pressure).
    pub lowest: Reading,
    pub highest: Reading,
    pub latest: Reading,
    pub latest_at: DateTime<Utc>,
}

/// The check-ins of a period.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Feelings {
    pub check_ins: usize,
    /// The average mood (1 to 5) of the check-ins that gave one.
    pub mood: Option<f64>,
    /// How often each symptom was ticked, most often first (ties in the list's order); unticked ones left out.
    pub symptoms: Vec<(&'static str, usize)>,
    /// How often the person said they did, and did not do, what matters to them.
    pub did_what_matters: (usize, usize),
    /// Their own words, newest first.
    pub notes: Vec<(DateTime<Utc>, String)>,
}

/// The goals a report lists: the person's current ones, oldest first, then those reached or put away.
pub fn goals(data: &Dataset, people: People) -> Vec<&Goal> {
    let mut goals: Vec<&Goal> = data
        .goals
        .iter()
        .filter(|g| !g.meta.deleted && people.include(g.meta.profile_id))
        .collect();
    goals.sort_by_key(|g| (g.done, g.since));
    goals
}

/// The names of the medicines a goal is about (none: it is about all of them).
pub fn medicine_names<'a>(data: &'a Dataset, goal: &Goal) -> Vec<&'a str> {
    let named = goal.medication_ids.iter().filter_map(|id| data.medication(*id));
    named.map(|m| m.name.as_str()).collect()
}

/// Each kind measured in `[from, to)`, in [`MeasureKind::ALL`]'s order.
pub fn measurements(
    data: &Dataset,
    people: People,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<MeasureSummary> {
    let taken: Vec<&Measurement> = data
        .measurements
        .iter()
        .filter(|m| !m.meta.deleted && people.include(m.meta.profile_id))
        .filter(|m| m.taken_at >= from && m.taken_at < to)
        .collect();
    MeasureKind::ALL
        .into_iter()
        .filter_map(|kind| summarise(kind, taken.iter().copied().filter(|m| m.reading.kind() == kind)))
        .collect()
}

fn summarise<'a>(
    kind: MeasureKind,
    of_kind: impl Iterator<Item = &'a Measurement>,
) -> Option<MeasureSummary> {
    let of_kind: Vec<&Measurement> = of_kind.collect();
    let latest = of_kind.iter().max_by_key(|m| m.taken_at)?;
    let main = |m: &&&Measurement| main_number(m.reading);
    let lowest = of_kind.iter().min_by(|a, b| main(a).total_cmp(&main(b)))?;
    let highest = of_kind.iter().max_by(|a, b| main(a).total_cmp(&main(b)))?;
    Some(MeasureSummary {
        kind,
        count: of_kind.len(),
        average: average(&of_kind),
        lowest: lowest.reading,
        highest: highest.reading,
        latest: latest.reading,
        latest_at: latest.taken_at,
    })
}

/// The number a reading is ranked by: the systolic one for blood pressure.
fn main_number(reading: Reading) -> f64 {
    reading.numbers().0
}

/// The mean of each component; `readings` are of one kind, and not empty.
fn average(readings: &[&Measurement]) -> Reading {
    let mean =
        |values: Vec<f64>| (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
    let main = mean(readings.iter().map(|m| main_number(m.reading)).collect()).unwrap_or_default();
    match readings[0].reading {
        Reading::BloodPressure { .. } => Reading::BloodPressure {
            systolic: main,
            diastolic: mean(readings.iter().filter_map(|m| m.reading.numbers().1).collect())
                .unwrap_or_default(),
            pulse: mean(readings.iter().filter_map(|m| m.reading.numbers().2).collect()),
        },
        Reading::Glucose { .. } => Reading::Glucose { mg_dl: main },
        Reading::Weight { .. } => Reading::Weight { kg: main },
        Reading::PeakFlow { .. } => Reading::PeakFlow { l_min: main },
    }
}

/// The check-ins made in `[from, to)`.
pub fn feelings(data: &Dataset, people: People, from: DateTime<Utc>, to: DateTime<Utc>) -> Feelings {
    let made: Vec<&CheckIn> = data
        .check_ins
        .iter()
        .filter(|c| !c.meta.deleted && people.include(c.meta.profile_id))
        .filter(|c| c.at >= from && c.at < to && !c.is_empty())
        .collect();
    let moods: Vec<u32> = made.iter().filter_map(|c| c.mood).collect();
    let mut symptoms: Vec<(&'static str, usize)> = SYMPTOMS
        .iter()
        .map(|code| {
            (
                *code,
                made.iter()
                    .filter(|c| c.symptoms.iter().any(|s| s == code))
                    .count(),
            )
        })
        .filter(|(_, count)| *count > 0)
        .collect();
    // Stable: equal counts keep the list's order.
    symptoms.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    let answered = |said: bool| made.iter().filter(|c| c.did_what_matters == Some(said)).count();
    let mut notes: Vec<(DateTime<Utc>, String)> = made
        .iter()
        .filter(|c| !c.note.trim().is_empty())
        .map(|c| (c.at, c.note.trim().to_owned()))
        .collect();
    notes.sort_by_key(|n| std::cmp::Reverse(n.0));
    Feelings {
        check_ins: made.len(),
        mood: (!moods.is_empty()).then(|| f64::from(moods.iter().sum::<u32>()) / moods.len() as f64),
        symptoms,
        did_what_matters: (answered(true), answered(false)),
        notes,
    }
}

/// A note marked as a side effect on a dose.
#[derive(Clone, Debug, PartialEq)]
pub struct SideEffect<'a> {
    pub noted_at: DateTime<Utc>,
    pub profile_id: Id,
    pub medication_id: Id,
    pub text: &'a str,
}

/// The side effects noted in `[from, to)`, newest first.
pub fn side_effects(
    data: &Dataset,
    people: People,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<SideEffect<'_>> {
    let mut noted: Vec<SideEffect> = effective(&data.dose_events)
        .filter(|e| e.recorded_at >= from && e.recorded_at < to && people.include(e.meta.profile_id))
        .filter_map(|e| match &e.action {
            DoseAction::Note {
                text,
                side_effect: true,
            } => Some(SideEffect {
                noted_at: e.recorded_at,
                profile_id: e.meta.profile_id,
                medication_id: e.medication_id,
                text,
            }),
            _ => None,
        })
        .collect();
    noted.sort_by_key(|n| std::cmp::Reverse(n.noted_at));
    noted
}
