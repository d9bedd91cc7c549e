//! Travel: once a person's device is in another zone, each medicine that follows local time can move with the
//! clock (the same times of day here) or stay on home time (the zone they came from). What to ask, with each
//! medicine's next dose both ways; a medicine already fixed to a zone says so.

use crate::dataset::{Dataset, ZoneContext};
use crate::medication::Medication;
use crate::occurrence::expand;
use crate::zone::{UnknownZone, ZoneHistory, ZonePolicy, ZoneRules};
use crate::Id;
use chrono::{DateTime, Duration, Utc};

/// A move is asked about for this long after it (a trip's first days).
pub const ASK_WITHIN: Duration = Duration::days(7);
/// How far ahead a next dose is looked for.
const LOOK_AHEAD: Duration = Duration::days(8);

#[derive(Clone, Debug, PartialEq)]
pub struct Travel {
    pub home: String,
    pub here: String,
    /// When the device was first seen here: the move's identity, for remembering the answers.
    pub since: DateTime<Utc>,
    pub medicines: Vec<Choice>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub medication_id: Id,
    /// The zone a medicine is fixed to: nothing to ask.
    pub fixed: Option<String>,
    /// The next dose if it moves with the clock, and if it stays on home time.
    pub with_clock: Option<DateTime<Utc>>,
    pub home_time: Option<DateTime<Utc>>,
}

/// What to ask `profile` after a move within [`ASK_WITHIN`] of `now` (their medicines with doses at set times);
/// `None` if they have not moved.
pub fn travel(
    data: &Dataset,
    profile: Id,
    rules: &dyn ZoneRules,
    now: DateTime<Utc>,
) -> Result<Option<Travel>, UnknownZone> {
    let changes = data.zone_changes.iter().filter(|z| z.meta.profile_id == profile);
    let Some(history) = ZoneHistory::from_changes(changes) else {
        return Ok(None);
    };
    let (since, here) = history.newest();
    let Some(home) = history.previous().filter(|home| *home != here) else {
        return Ok(None);
    };
    if now - since > ASK_WITHIN {
        return Ok(None);
    }
    let zones = ZoneContext::recorded(data, here);
    let mut medicines = Vec::new();
    for medication in data
        .medications
        .iter()
        .filter(|m| !m.meta.deleted && m.meta.profile_id == profile && !m.has_ended_at(now))
    {
        let choice = match &medication.zone_policy {
            ZonePolicy::Fixed { zone } => Choice {
                medication_id: medication.meta.id,
                fixed: Some(zone.clone()),
                with_clock: None,
                home_time: None,
            },
            ZonePolicy::FollowLocal => {
                let staying = Medication {
                    zone_policy: ZonePolicy::Fixed {
                        zone: home.to_owned(),
                    },
                    ..medication.clone()
                };
                let (with_clock, home_time) = first_difference(
                    &dues(data, &zones, rules, medication, now)?,
                    &dues(data, &zones, rules, &staying, now)?,
                );
                Choice {
                    medication_id: medication.meta.id,
                    fixed: None,
                    with_clock,
                    home_time,
                }
            }
        };
        // A medicine taken only when needed has no times to move.
        if choice.fixed.is_some() || choice.with_clock.is_some() || choice.home_time.is_some() {
            medicines.push(choice);
        }
    }
    Ok(Some(Travel {
        home: home.to_owned(),
        here: here.to_owned(),
        since,
        medicines,
    }))
}

/// The doses of `medication` (as given, whatever the records say of it) in the week after `now`.
fn dues(
    data: &Dataset,
    zones: &ZoneContext,
    rules: &dyn ZoneRules,
    medication: &Medication,
    now: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, UnknownZone> {
    let id = medication.meta.id;
    let only = Dataset {
        profiles: data
            .profiles
            .iter()
            .filter(|p| p.meta.id == medication.meta.profile_id)
            .cloned()
            .collect(),
        medications: vec![medication.clone()],
        schedules: data.schedules_of(id).cloned().collect(),
        dose_events: data
            .dose_events
            .iter()
            .filter(|e| e.medication_id == id)
            .cloned()
            .collect(),
        ..Dataset::default()
    };
    Ok(expand(&only, zones, rules, now, now + LOOK_AHEAD)?
        .into_iter()
        .map(|o| o.due)
        .collect())
}

/// The first dose that the two ways put at different times (a dose due before the move whose time here has
/// passed is still due at its home time either way, so the first doses can agree); the first doses if none do.
fn first_difference(
    with_clock: &[DateTime<Utc>],
    home_time: &[DateTime<Utc>],
) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
    let differ = with_clock
        .iter()
        .zip(home_time)
        .find(|(a, b)| a != b)
        .map(|(a, b)| (*a, *b));
    differ.map_or(
        (with_clock.first().copied(), home_time.first().copied()),
        |(a, b)| (Some(a), Some(b)),
    )
}
