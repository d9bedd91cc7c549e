//! The content check against a small library written to a temporary folder: each rule fails when broken.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use tend_content::check::load;

const GOOD: &str = "+++\nid = \"remembering-doses\"\ntitle = \"Remembering doses\"\nconditions = []\nkind = \"cross-cutting\"\nreading_minutes = 1\nreviewed = \"2026-11-22\"\nsummary = \"Ways to remember.\"\n\n[[sources]]\ntitle = \"Taking medicines (MedlinePlus)\"\nurl = \"https://medlineplus.gov/medicines.html\"\n+++\nTie your pills to a habit. Keep them by your toothbrush.\n\n## Ask for help\n\nAsk your pharmacist about a pill box. See [side effects](/learn/side-effects).\n";

fn library(files: &[(&str, String)]) -> (PathBuf, Vec<String>) {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let unique = NEXT.fetch_add(1, Ordering::Relaxed);
    let root = std::env::temp_dir().join(format!("tend-content-{}-{unique}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let problems = load(&root).problems;
    (root, problems)
}

fn problems_of(file: &str, text: String) -> Vec<String> {
    let side = GOOD
        .replace("remembering-doses", "side-effects")
        .replace("(/learn/side-effects)", "(/learn/remembering-doses)");
    let (root, problems) = library(&[(file, text), ("articles/en/side-effects.md", side)]);
    let _ = std::fs::remove_dir_all(root);
    // Coverage of the whole library is checked too; these tests look at one file's problems.
    problems.into_iter().filter(|p| p.contains(file)).collect()
}

const FILE: &str = "articles/en/remembering-doses.md";

#[test]
fn a_good_article_has_no_problems() {
    assert_eq!(problems_of(FILE, GOOD.into()), Vec::<String>::new());
}

#[test]
fn missing_front_matter_and_fields_fail() {
    assert!(problems_of(FILE, "Just text.\n".into())[0].contains("missing front matter"));
    let no_kind = GOOD.replace("kind = \"cross-cutting\"\n", "");
    assert!(problems_of(FILE, no_kind)[0].contains("kind"));
    let bad_kind = GOOD.replace("kind = \"cross-cutting\"", "kind = \"opinion\"");
    assert!(problems_of(FILE, bad_kind)
        .iter()
        .any(|p| p.contains("unknown kind")));
}

#[test]
fn an_article_without_sources_fails() {
    let start = GOOD.find("[[sources]]").unwrap();
    let end = GOOD.find("+++\nTie").unwrap();
    let text = format!("{}{}", &GOOD[..start], &GOOD[end..]);
    assert!(problems_of(FILE, text)
        .iter()
        .any(|p| p.contains("must list its sources")));
}

#[test]
fn a_broken_internal_link_fails() {
    let text = GOOD.replace("/learn/side-effects", "/learn/no-such-article");
    assert!(problems_of(FILE, text)
        .iter()
        .any(|p| p.contains("broken link to article \"no-such-article\"")));
}

#[test]
fn raw_html_fails() {
    let text = GOOD.replace("Keep them", "<b>Keep</b> them");
    assert!(problems_of(FILE, text).iter().any(|p| p.contains("raw HTML")));
}

#[test]
fn a_reading_grade_above_eight_fails() {
    let text = GOOD.replace(
        "Tie your pills to a habit. Keep them by your toothbrush.",
        "Pharmacological adherence interventions substantially ameliorate cardiovascular morbidity, particularly \
         amongst individuals demonstrating inconsistent medication-taking characteristics.",
    );
    assert!(problems_of(FILE, text)
        .iter()
        .any(|p| p.contains("reading grade")));
}

#[test]
fn a_wrong_reading_time_fails() {
    let text = GOOD.replace("reading_minutes = 1", "reading_minutes = 4");
    assert!(problems_of(FILE, text)
        .iter()
        .any(|p| p.contains("reading_minutes must be 1")));
}

#[test]
fn a_story_touching_low_mood_must_show_urgent_help() {
    let story = "+++\nid = \"story-asthma-9\"\ntitle = \"A story\"\nconditions = [\"asthma\"]\nkind = \"story\"\nreviewed = \"2026-11-22\"\nsummary = \"S.\"\n+++\nI felt hopeless for a while. My nurse helped me.\n";
    let file = "stories/en/story-asthma-9.md";
    assert!(problems_of(file, story.into())
        .iter()
        .any(|p| p.contains("low_mood = true")));
    let flagged = story.replace("kind = \"story\"", "kind = \"story\"\nlow_mood = true");
    assert_eq!(problems_of(file, flagged), Vec::<String>::new());
}

#[test]
fn the_shipped_library_passes() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let library = load(&root);
    assert!(library.problems.is_empty(), "{:#?}", library.problems);
    assert!(library.entries.len() >= 50 + 7 + 17 + 20);
}
