//! The education library's rules that depend on the person's data: which article to suggest next, and why; and
//! the search terms shared by the content build (which indexes) and the app (which looks up).

use crate::dataset::{Dataset, ZoneContext};
use crate::dose::{effective, DoseAction};
use crate::inventory::stock_status;
use crate::medication::MedicationState;
use crate::status::{visit, DoseStatus};
use crate::zone::{UnknownZone, ZoneRules};
use crate::Id;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// Why an article is suggested. Each reason names the article that answers it.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// A note marked as a side effect in the last two weeks.
    SideEffectNoted { medication: Id },
    /// Two or more doses missed in the last seven days.
    MissedThisWeek { count: u32 },
    /// A medicine's stock is at its refill point.
    RefillDue { medication: Id },
    /// A medicine started in the last two weeks.
    StartedRecently { medication: Id },
}

impl Reason {
    pub fn article(&self) -> &'static str {
        match self {
            Reason::SideEffectNoted { .. } => "side-effects",
            Reason::MissedThisWeek { .. } => "remembering-doses",
            Reason::RefillDue { .. } => "cost-and-refills",
            Reason::StartedRecently { .. } => "starting-a-new-medicine",
        }
    }
}

/// How far back a side effect or a new medicine still prompts an article.
const RECENT_DAYS: i64 = 14;
const MISSES_WEEK_DAYS: i64 = 7;
const MISSES_THRESHOLD: u32 = 2;

/// The most pressing article for a person (or everyone, with `None`) at `now`, on local date `today`, in order:
/// a side effect (safety first), missed doses, a refill, a new medicine. `None` when nothing calls for one.
pub fn next_article(
    data: &Dataset,
    zones: &ZoneContext,
    rules: &dyn ZoneRules,
    profile: Option<Id>,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Option<Reason>, UnknownZone> {
    let mine = |profile_id: Id| profile.is_none_or(|p| p == profile_id);
    let active: Vec<_> = data
        .medications
        .iter()
        .filter(|m| !m.meta.deleted && mine(m.meta.profile_id))
        .filter(|m| m.state() == MedicationState::Active)
        .collect();
    let recent = now - Duration::days(RECENT_DAYS);
    let side_effect = effective(&data.dose_events)
        .filter(|e| mine(e.meta.profile_id) && e.recorded_at >= recent)
        .filter(|e| {
            matches!(
                e.action,
                DoseAction::Note {
                    side_effect: true,
                    ..
                }
            )
        })
        .max_by_key(|e| e.recorded_at);
    if let Some(event) = side_effect {
        return Ok(Some(Reason::SideEffectNoted {
            medication: event.medication_id,
        }));
    }
    let mut missed = 0;
    visit(
        data,
        zones,
        rules,
        now - Duration::days(MISSES_WEEK_DAYS),
        now,
        now,
        |dose, status, _| {
            if status == DoseStatus::Missed && mine(dose.profile_id) {
                missed += 1;
            }
        },
    )?;
    if missed >= MISSES_THRESHOLD {
        return Ok(Some(Reason::MissedThisWeek { count: missed }));
    }
    if let Some(m) = active
        .iter()
        .find(|m| stock_status(data, m, now, today).is_some_and(|s| s.refill_due))
    {
        return Ok(Some(Reason::RefillDue {
            medication: m.meta.id,
        }));
    }
    let started = |id: Id| data.schedules_of(id).map(|s| s.start).min();
    let new = active.iter().find(|m| {
        started(m.meta.id).is_some_and(|start| start <= today && start > today - Duration::days(RECENT_DAYS))
    });
    Ok(new.map(|m| Reason::StartedRecently {
        medication: m.meta.id,
    }))
}

/// The words of a text as search terms: lower case, accents folded ("presión" finds "presion"), at least three
/// letters. Both the index and the query go through it, so they always agree.
pub fn search_terms(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(|word| {
            word.chars()
                .flat_map(char::to_lowercase)
                .map(fold_accent)
                .collect::<String>()
        })
        .filter(|word| word.chars().count() >= 3)
        .collect()
}

fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        other => other,
    }
}
