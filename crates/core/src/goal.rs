//! What matters to the person, in their own words: the reason they take their medicines, which Today shows
//! beside their doses, optionally tied to the medicines that serve it and to a measurement that tells how it goes.

use crate::dataset::Kind;
use crate::limits::Checks;
use crate::measure::MeasureKind;
use crate::record::{Meta, Record, Reference};
use crate::Id;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The longest goal, in characters: a sentence or two.
pub const MAX_GOAL_CHARS: usize = 300;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    #[serde(flatten)]
    pub meta: Meta,
    /// "Walk to the park with my grandchildren."
    pub text: String,
    /// The medicines that serve it (none: all of them).
    #[serde(default)]
    pub medication_ids: Vec<Id>,
    /// The measurement that tells how it goes.
    #[serde(default)]
    pub measure: Option<MeasureKind>,
    /// The local date it was set, where charts mark it.
    #[serde(deserialize_with = "crate::wire_time::one")]
    pub since: NaiveDate,
    /// Reached or set aside: kept, no longer shown on Today.
    #[serde(default)]
    pub done: bool,
}

impl Goal {
    /// Whether the goal is about this medicine: it names it, or names none.
    pub fn serves(&self, medication_id: Id) -> bool {
        self.medication_ids.is_empty() || self.medication_ids.contains(&medication_id)
    }
}

/// The goals Today shows for a person, oldest first.
pub fn current_goals(goals: &[Goal], profile_id: Id) -> impl Iterator<Item = &Goal> {
    goals
        .iter()
        .filter(move |g| g.meta.profile_id == profile_id && !g.meta.deleted && !g.done)
}

impl Record for Goal {
    fn meta(&self) -> &Meta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }
    /// The words, the links and the dates are the person's: all go.
    fn cleared(&self) -> Self {
        Goal {
            meta: self.meta.clone(),
            text: String::new(),
            medication_ids: Vec::new(),
            measure: None,
            since: NaiveDate::default(),
            done: false,
        }
    }
    fn own_problems(&self) -> Vec<(String, String)> {
        let mut checks = Checks::default();
        checks.require(!self.text.trim().is_empty(), "text", "must not be empty");
        checks.require(
            self.text.chars().count() <= MAX_GOAL_CHARS,
            "text",
            format_args!("must be at most {MAX_GOAL_CHARS} characters"),
        );
        checks.date("since", self.since);
        checks.into_fields()
    }
    fn references(&self) -> Vec<Reference> {
        let medicine = |id| Reference {
            field: "medication_ids",
            kind: Kind::Medication,
            id,
        };
        self.medication_ids.iter().copied().map(medicine).collect()
    }
}
