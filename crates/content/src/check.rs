//! The content check: every rule of "Writing content" in the product brief that a program can verify, plus the
//! library's coverage. Each problem names its file.

use crate::document::{self, Document};
use crate::markdown::{self, Rendered};
use crate::readability::{self, Counts};
use crate::{CONDITIONS, CONDITION_KINDS, CROSS_CUTTING, LANGUAGES};
use std::collections::BTreeSet;
use std::path::Path;

/// Highest Flesch-Kincaid grade for English; lowest Szigriszt-Pazos score for Spanish ("fairly easy" on INFLESZ).
pub const MAX_GRADE_EN: f64 = 8.0;
pub const MIN_EASE_ES: f64 = 65.0;
const WORDS_PER_MINUTE: usize = 200;
const ARTICLE_KINDS: [&str; 6] = [
    "what-it-is",
    "how-medicines-work",
    "why-adherence",
    "living-with",
    "when-to-call",
    "cross-cutting",
];
/// Words that mean a story touches low mood, so it must carry the urgent-help box.
const LOW_MOOD_WORDS: [&str; 8] = [
    "hopeless",
    "depress",
    "suicid",
    "self-harm",
    "low mood",
    "worthless",
    "despair",
    "sad",
];

/// A checked document with its rendering and reading figures.
pub struct Entry {
    pub doc: Document,
    pub rendered: Rendered,
    pub counts: Counts,
}

impl Entry {
    /// Flesch-Kincaid grade (English) or Szigriszt-Pazos ease (Spanish).
    pub fn readability(&self) -> f64 {
        if self.doc.lang == "es" {
            readability::szigriszt_pazos(self.counts)
        } else {
            readability::flesch_kincaid_grade(self.counts)
        }
    }

    pub fn minutes(&self) -> u32 {
        self.counts.words.div_ceil(WORDS_PER_MINUTE).max(1) as u32
    }
}

pub struct Library {
    pub entries: Vec<Entry>,
    pub problems: Vec<String>,
}

impl Library {
    pub fn find(&self, lang: &str, id: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.doc.lang == lang && e.doc.front.id == id)
    }

    /// One line per document: language, kind, id, words, reading figure.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for e in &self.entries {
            let figure = if e.doc.lang == "es" {
                format!("ease {:5.1} (min {MIN_EASE_ES})", e.readability())
            } else {
                format!("grade {:4.1} (max {MAX_GRADE_EN})", e.readability())
            };
            out.push_str(&format!(
                "{}  {:<18} {:<40} {:>4} words  {figure}\n",
                e.doc.lang, e.doc.front.kind, e.doc.front.id, e.counts.words
            ));
        }
        out
    }
}

pub fn load(root: &Path) -> Library {
    let mut problems = Vec::new();
    let mut entries = Vec::new();
    for loaded in document::load_all(root) {
        match loaded {
            Ok(doc) => {
                let rendered = markdown::render(&doc.body);
                let counts = readability::count(&rendered.text, &doc.lang);
                entries.push(Entry {
                    doc,
                    rendered,
                    counts,
                });
            }
            Err((path, e)) => problems.push(format!("{}: {e}", path.display())),
        }
    }
    let mut library = Library { entries, problems };
    let found: Vec<String> = library
        .entries
        .iter()
        .flat_map(|e| check_entry(e, &library))
        .collect();
    library.problems.extend(found);
    let coverage = check_coverage(&library);
    library.problems.extend(coverage);
    library
}

fn check_entry(e: &Entry, library: &Library) -> Vec<String> {
    let f = &e.doc.front;
    let mut problems: Vec<String> = e.rendered.problems.clone();
    let stem = e
        .doc
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if f.id != stem {
        problems.push(format!("id \"{}\" differs from the file name \"{stem}\"", f.id));
    }
    for field in [("title", &f.title), ("summary", &f.summary)] {
        if field.1.trim().is_empty() {
            problems.push(format!("{} is empty", field.0));
        }
    }
    if !is_date(&f.reviewed) {
        problems.push(format!(
            "reviewed \"{}\" is not a date like 2026-11-22",
            f.reviewed
        ));
    }
    for c in &f.conditions {
        if !CONDITIONS.contains(&c.as_str()) {
            problems.push(format!("unknown condition \"{c}\""));
        }
    }
    if e.doc.is_story() {
        problems.extend(check_story(e));
    } else {
        problems.extend(check_article(e));
    }
    if e.doc.lang != "en" && library.find("en", &f.id).is_none() {
        problems.push("a translation needs its English original with the same id".into());
    }
    for link in &e.rendered.links {
        problems.extend(check_link(link, e, library));
    }
    if e.doc.lang == "es" && e.readability() < MIN_EASE_ES {
        problems.push(format!(
            "reading ease {:.1} is below {MIN_EASE_ES}: use shorter sentences and words",
            e.readability()
        ));
    }
    if e.doc.lang == "en" && e.readability() > MAX_GRADE_EN {
        problems.push(format!(
            "reading grade {:.1} is above {MAX_GRADE_EN}: use shorter sentences and words",
            e.readability()
        ));
    }
    problems
        .into_iter()
        .map(|p| format!("{}: {p}", e.doc.path.display()))
        .collect()
}

fn check_article(e: &Entry) -> Vec<String> {
    let f = &e.doc.front;
    let mut problems = Vec::new();
    if !ARTICLE_KINDS.contains(&f.kind.as_str()) {
        problems.push(format!("unknown kind \"{}\"", f.kind));
    }
    if (f.kind == "cross-cutting") != f.conditions.is_empty() {
        problems.push("cross-cutting articles have no conditions; every other article has one".into());
    }
    if f.sources.is_empty() {
        problems.push("an article must list its sources".into());
    }
    for s in &f.sources {
        if s.title.trim().is_empty() || !s.url.starts_with("https://") {
            problems.push(format!("source \"{}\" needs a title and an https URL", s.title));
        }
    }
    match f.reading_minutes {
        Some(m) if m == e.minutes() => {}
        _ => problems.push(format!(
            "reading_minutes must be {} ({} words)",
            e.minutes(),
            e.counts.words
        )),
    }
    problems
}

fn check_story(e: &Entry) -> Vec<String> {
    let f = &e.doc.front;
    let mut problems = Vec::new();
    if f.conditions.is_empty() {
        problems.push("a story belongs to at least one condition".into());
    }
    let text = e.rendered.text.to_lowercase();
    if !e.doc.urgent_help() && LOW_MOOD_WORDS.iter().any(|w| text.contains(w)) {
        problems.push(
            "this story touches low mood: set low_mood = true so it shows where to get urgent help".into(),
        );
    }
    problems
}

fn check_link(link: &str, e: &Entry, library: &Library) -> Vec<String> {
    if let Some(id) = link.strip_prefix("/learn/") {
        let exists = library
            .find(&e.doc.lang, id)
            .or_else(|| library.find("en", id))
            .is_some_and(|t| !t.doc.is_story());
        return if exists {
            vec![]
        } else {
            vec![format!("broken link to article \"{id}\"")]
        };
    }
    if e.doc.front.sources.iter().any(|s| s.url == link) {
        return vec![];
    }
    vec![format!(
        "link \"{link}\" is neither /learn/<id> nor one of this article's sources"
    )]
}

fn check_coverage(library: &Library) -> Vec<String> {
    let mut problems = Vec::new();
    let has = |lang: &str, id: &str| library.find(lang, id).is_some();
    for condition in CONDITIONS {
        for kind in CONDITION_KINDS {
            if !has("en", &format!("{condition}-{kind}")) {
                problems.push(format!("missing English article {condition}-{kind}"));
            }
        }
        if !has("es", &format!("{condition}-why-adherence")) {
            problems.push(format!("missing Spanish article {condition}-why-adherence"));
        }
        let stories = library
            .entries
            .iter()
            .filter(|e| {
                e.doc.is_story()
                    && e.doc.lang == "en"
                    && e.doc.front.conditions.iter().any(|c| c == condition)
            })
            .count();
        if stories < 2 {
            problems.push(format!(
                "{condition} has {stories} stories; it needs at least two"
            ));
        }
    }
    for id in CROSS_CUTTING {
        for lang in LANGUAGES {
            if !has(lang, id) {
                problems.push(format!("missing {lang} cross-cutting article {id}"));
            }
        }
    }
    let mut seen = BTreeSet::new();
    for e in &library.entries {
        if !seen.insert((e.doc.lang.as_str(), e.doc.front.id.as_str())) {
            problems.push(format!(
                "{}: id \"{}\" is used twice",
                e.doc.path.display(),
                e.doc.front.id
            ));
        }
    }
    problems
}

fn is_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 3
        && [4, 2, 2]
            .iter()
            .zip(&parts)
            .all(|(n, p)| p.len() == *n && p.chars().all(|c| c.is_ascii_digit()))
}
