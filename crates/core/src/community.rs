//! Community stories' rules, shared by the app (which checks before sending) and the server (which checks again,
//! so a client that skips the app's checks is still refused): what a submission must be, which stories are shown
//! with the urgent-help box, how a moderator's redaction reads, and a story's life from review to publication.

use crate::learn::{story_problems, StoryProblem, CONDITIONS};

/// A story's length in characters: long enough to be an experience, short enough to read on a phone.
pub const STORY_MIN_CHARS: usize = 40;
pub const STORY_MAX_CHARS: usize = 5000;
/// The conditions one story may be about.
pub const MAX_CONDITIONS: usize = 3;
/// Distinct readers' reports that hide a published story until a moderator looks again.
pub const REPORTS_TO_HIDE: i64 = 3;
/// A moderator's decline reason or a reader's report note, in characters.
pub const MAX_REASON_CHARS: usize = 500;
/// What a moderator's redaction leaves in the text, so readers see that something was taken out.
pub const REMOVED: &str = "[removed]";
/// Passages one redaction may remove.
pub const MAX_REDACTIONS: usize = 20;

/// Why a submission cannot be published as it is: the story's own problems, or its form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubmissionProblem {
    Story(StoryProblem),
    TooShort,
    TooLong,
    NoCondition,
    TooManyConditions,
    UnknownCondition(String),
    NoConsent,
}

/// Every reason the submission would be refused, in the order a person would fix them; empty when it may go to
/// review.
pub fn submission_problems(text: &str, conditions: &[String], consent: bool) -> Vec<SubmissionProblem> {
    let mut problems = Vec::new();
    let length = text.trim().chars().count();
    if length < STORY_MIN_CHARS {
        problems.push(SubmissionProblem::TooShort);
    }
    if length > STORY_MAX_CHARS {
        problems.push(SubmissionProblem::TooLong);
    }
    if conditions.is_empty() {
        problems.push(SubmissionProblem::NoCondition);
    }
    if conditions.len() > MAX_CONDITIONS {
        problems.push(SubmissionProblem::TooManyConditions);
    }
    for condition in conditions {
        if !CONDITIONS.contains(&condition.as_str()) {
            problems.push(SubmissionProblem::UnknownCondition(condition.clone()));
        }
    }
    if !consent {
        problems.push(SubmissionProblem::NoConsent);
    }
    if length <= STORY_MAX_CHARS {
        problems.extend(story_problems(text).into_iter().map(SubmissionProblem::Story));
    }
    problems
}

/// Words that mean a story touches self-harm or suicide (English and Spanish), so that it is shown with the
/// urgent-help box. Cautious on purpose: the box beside a story that did not need it costs nothing.
const SELF_HARM: [&str; 18] = [
    "suicid",
    "kill myself",
    "killing myself",
    "end my life",
    "ending my life",
    "take my own life",
    "self-harm",
    "self harm",
    "hurt myself",
    "hurting myself",
    "want to die",
    "wanted to die",
    "better off dead",
    "quitarme la vida",
    "matarme",
    "hacerme daño",
    "no quería vivir",
    "no quiero vivir",
];

/// Whether a story touches self-harm or suicide.
pub fn touches_self_harm(text: &str) -> bool {
    let lower = text.to_lowercase();
    SELF_HARM.iter().any(|phrase| lower.contains(phrase))
}

/// Why a moderator's redaction cannot be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedactionProblem {
    TooMany,
    Empty,
    /// A passage that is not in the story (as written, case and all).
    NotFound(String),
}

/// The story with every occurrence of each passage replaced by [`REMOVED`].
pub fn redact(text: &str, passages: &[String]) -> Result<String, RedactionProblem> {
    if passages.len() > MAX_REDACTIONS {
        return Err(RedactionProblem::TooMany);
    }
    let mut redacted = text.to_owned();
    for passage in passages {
        if passage.trim().is_empty() {
            return Err(RedactionProblem::Empty);
        }
        if !text.contains(passage.as_str()) {
            return Err(RedactionProblem::NotFound(passage.clone()));
        }
        redacted = redacted.replace(passage.as_str(), REMOVED);
    }
    Ok(redacted)
}

/// Where a story is in its life. Only `Published` stories are ever served to readers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoryStatus {
    /// Waiting for a moderator.
    Pending,
    Published,
    /// Not published, with the moderator's reason for the author.
    Declined,
    /// Withdrawn by its author: its text is erased.
    Withdrawn,
    /// Reported by several readers: hidden until a moderator looks again.
    Hidden,
}

impl StoryStatus {
    pub const ALL: [StoryStatus; 5] = [
        StoryStatus::Pending,
        StoryStatus::Published,
        StoryStatus::Declined,
        StoryStatus::Withdrawn,
        StoryStatus::Hidden,
    ];

    /// The name stored by the server and sent in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            StoryStatus::Pending => "pending",
            StoryStatus::Published => "published",
            StoryStatus::Declined => "declined",
            StoryStatus::Withdrawn => "withdrawn",
            StoryStatus::Hidden => "hidden",
        }
    }

    pub fn parse(name: &str) -> Option<StoryStatus> {
        StoryStatus::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Whether a moderator still has to decide: new stories, and reported ones.
    pub fn awaits_review(self) -> bool {
        matches!(self, StoryStatus::Pending | StoryStatus::Hidden)
    }
}

/// Why a reader reports a story.
pub const REPORT_REASONS: [&str; 5] = [
    "personal-details",
    "dosing-advice",
    "harmful",
    "promotion",
    "other",
];
