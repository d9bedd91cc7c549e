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

/// The conditions the education library covers, in the order Learn lists them.
pub const CONDITIONS: [&str; 10] = [
    "high-blood-pressure",
    "type-2-diabetes",
    "high-cholesterol",
    "asthma",
    "copd",
    "heart-failure",
    "atrial-fibrillation",
    "depression",
    "hypothyroidism",
    "hiv",
];

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

/// Why a drafted story cannot be shared as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoryProblem {
    /// A word that looks like a person's name ("Dr. Patel", "my son Tom").
    Name(String),
    Phone(String),
    Email(String),
    /// Amounts or dose changes ("500 mg", "double up"): stories share experience, never dosing advice.
    DosingAdvice(String),
}

/// Checks a drafted story for what must not be shared: names, phone numbers, email addresses and dosing advice.
/// Deliberately cautious: a false alarm costs the writer a small edit, a miss could expose someone.
pub fn story_problems(text: &str) -> Vec<StoryProblem> {
    let mut problems = Vec::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, raw) in words.iter().enumerate() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '@' && c != '.' && c != '+');
        let bare = word.trim_end_matches('.');
        if bare.contains('@') && bare.contains('.') {
            problems.push(StoryProblem::Email(bare.to_owned()));
        }
        let lower = bare.to_lowercase();
        let previous = if i > 0 {
            words[i - 1].to_lowercase()
        } else {
            String::new()
        };
        let previous = previous.trim_matches(|c: char| !c.is_alphanumeric());
        if is_unit(&lower) && previous.parse::<f64>().is_ok() {
            problems.push(StoryProblem::DosingAdvice(format!("{previous} {bare}")));
        }
        if let Some(amount) = unit_glued(&lower) {
            problems.push(StoryProblem::DosingAdvice(amount));
        }
        let capitalised = bare.chars().next().is_some_and(char::is_uppercase)
            && bare.chars().skip(1).all(char::is_lowercase);
        let after_title = [
            "dr", "doctor", "nurse", "mr", "mrs", "ms", "named", "called", "son", "daughter", "wife",
            "husband",
        ]
        .contains(&previous);
        let sentence_start = i == 0 || words[i - 1].ends_with(['.', '!', '?', ':', '"']);
        if capitalised
            && bare.len() > 1
            && (after_title || (!sentence_start && !COMMON_CAPITALISED.contains(&bare)))
        {
            problems.push(StoryProblem::Name(bare.to_owned()));
        }
    }
    problems.extend(phone_numbers(text).into_iter().map(StoryProblem::Phone));
    let lower = text.to_lowercase();
    for phrase in DOSING_PHRASES {
        if lower.contains(phrase) {
            problems.push(StoryProblem::DosingAdvice((*phrase).to_owned()));
        }
    }
    problems.dedup();
    problems
}

/// Capitalised words that are not names: the pronoun I, days, months, and the conditions' own words.
const COMMON_CAPITALISED: [&str; 31] = [
    "I",
    "I'm",
    "I've",
    "I'd",
    "I'll",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "HIV",
    "COPD",
    "AFib",
    "ART",
    "Christmas",
    "English",
    "Spanish",
];

const DOSING_PHRASES: [&str; 9] = [
    "double up",
    "double dose",
    "extra dose",
    "extra pill",
    "take two",
    "take more",
    "stop taking",
    "increase your dose",
    "lower your dose",
];

fn is_unit(word: &str) -> bool {
    matches!(
        word,
        "mg" | "mcg" | "ml" | "g" | "units" | "unit" | "tablets" | "pills" | "puffs" | "capsules" | "drops"
    )
}

/// "500mg", "2.5ml": an amount written together with its unit.
fn unit_glued(word: &str) -> Option<String> {
    let digits = word
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .count();
    (digits > 0 && digits < word.len() && is_unit(&word[digits..])).then(|| word.to_owned())
}

/// Runs of at least seven digits, allowing spaces, dots, dashes, brackets and a leading plus between them.
fn phone_numbers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current = String::new();
    let mut digits = 0;
    for c in text.chars().chain(std::iter::once('\n')) {
        let joins = matches!(c, ' ' | '-' | '.' | '(' | ')' | '+') && (digits > 0 || c == '+' || c == '(');
        if c.is_ascii_digit() {
            current.push(c);
            digits += 1;
        } else if joins && !current.ends_with(' ') {
            current.push(c);
        } else {
            if digits >= 7 {
                found.push(current.trim().trim_end_matches(['-', '.', '(']).to_owned());
            }
            current.clear();
            digits = 0;
        }
    }
    found
}
