//! Check-ins: how the person feels (mood 1 to 5), symptoms and side effects from a short list plus their own
//! words, and whether they did what matters to them this week. Logged in under a minute, charted beside doses.

use crate::limits::Checks;
use crate::record::{Meta, Record};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The symptoms a check-in offers, as stored in [`CheckIn::symptoms`]: codes, not words, so they can be counted
/// in any language. Common complaints, not a list of any medicine's side effects.
pub const SYMPTOMS: [&str; 10] = [
    "tiredness",
    "headache",
    "dizziness",
    "nausea",
    "upset_stomach",
    "poor_sleep",
    "pain",
    "shortness_of_breath",
    "rash",
    "low_mood",
];

/// The longest note of a check-in, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    #[serde(flatten)]
    pub meta: Meta,
    #[serde(deserialize_with = "crate::wire_time::one")]
    pub at: DateTime<Utc>,
    /// The zone the person was in, so reports give the local time.
    pub zone: String,
    /// 1 (very low) to 5 (very good); `None`: not answered.
    #[serde(default)]
    pub mood: Option<u32>,
    /// Codes from [`SYMPTOMS`].
    #[serde(default)]
    pub symptoms: Vec<String>,
    /// Symptoms or side effects in their own words.
    #[serde(default)]
    pub note: String,
    /// "Did I do what matters to me this week?"; `None`: not answered.
    #[serde(default)]
    pub did_what_matters: Option<bool>,
}

impl CheckIn {
    /// Whether it says anything at all (a form does not save an empty one).
    pub fn is_empty(&self) -> bool {
        self.mood.is_none()
            && self.symptoms.is_empty()
            && self.note.trim().is_empty()
            && self.did_what_matters.is_none()
    }
}

impl Record for CheckIn {
    fn meta(&self) -> &Meta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }
    /// Everything in it is about the person's health: all goes.
    fn cleared(&self) -> Self {
        CheckIn {
            meta: self.meta.clone(),
            at: DateTime::<Utc>::UNIX_EPOCH,
            zone: String::new(),
            mood: None,
            symptoms: Vec::new(),
            note: String::new(),
            did_what_matters: None,
        }
    }
    fn own_problems(&self) -> Vec<(String, String)> {
        let mut checks = Checks::default();
        checks.instant("at", self.at);
        if let Some(mood) = self.mood {
            checks.within("mood", mood, 1..=5, "");
        }
        for symptom in &self.symptoms {
            checks.require(
                SYMPTOMS.contains(&symptom.as_str()),
                "symptoms",
                format_args!(
                    "\"{}\" is not one of {}",
                    crate::limits::echo(symptom),
                    SYMPTOMS.join(", ")
                ),
            );
        }
        checks.require(
            self.note.chars().count() <= MAX_NOTE_CHARS,
            "note",
            format_args!("must be at most {MAX_NOTE_CHARS} characters"),
        );
        checks.into_fields()
    }
    fn zones(&self) -> Vec<(&'static str, &str)> {
        vec![("zone", &self.zone)]
    }
}
