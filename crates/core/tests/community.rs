use tend_core::community::*;
use tend_core::learn::StoryProblem;

const GOOD: &str = "The first weeks on my inhaler were hard, and a note on the fridge helped me remember.";

fn conditions(list: &[&str]) -> Vec<String> {
    list.iter().map(|c| (*c).to_owned()).collect()
}

#[test]
fn a_good_submission_has_no_problems() {
    assert_eq!(submission_problems(GOOD, &conditions(&["asthma"]), true), []);
    let three = conditions(&["asthma", "copd", "hiv"]);
    assert_eq!(submission_problems(GOOD, &three, true), []);
}

#[test]
fn every_problem_of_a_submission_is_named() {
    let found = submission_problems("Too short.", &[], false);
    assert_eq!(
        found,
        [
            SubmissionProblem::TooShort,
            SubmissionProblem::NoCondition,
            SubmissionProblem::NoConsent
        ]
    );
    let four = conditions(&["asthma", "copd", "hiv", "depression"]);
    assert!(submission_problems(GOOD, &four, true).contains(&SubmissionProblem::TooManyConditions));
    let unknown = submission_problems(GOOD, &conditions(&["gout"]), true);
    assert_eq!(unknown, [SubmissionProblem::UnknownCondition("gout".into())]);
    let long = "word ".repeat(STORY_MAX_CHARS);
    assert_eq!(
        submission_problems(&long, &conditions(&["asthma"]), true),
        [SubmissionProblem::TooLong]
    );
    let advice = format!("{GOOD} If you forget, just double up the next day.");
    assert_eq!(
        submission_problems(&advice, &conditions(&["asthma"]), true),
        [SubmissionProblem::Story(StoryProblem::DosingAdvice(
            "double up".into()
        ))]
    );
}

#[test]
fn the_length_counts_characters_not_bytes() {
    let spanish = "ñ".repeat(STORY_MAX_CHARS);
    assert!(
        !submission_problems(&spanish, &conditions(&["asthma"]), true).contains(&SubmissionProblem::TooLong)
    );
}

#[test]
fn self_harm_is_recognised_in_english_and_spanish_in_any_case() {
    for text in [
        "Some nights I thought about suicide.",
        "I wanted to END MY LIFE that winter.",
        "Pensé en quitarme la vida.",
        "Había días en que no quería vivir.",
        "I used to self-harm.",
    ] {
        assert!(touches_self_harm(text), "{text}");
    }
    assert!(!touches_self_harm(GOOD));
    assert!(!touches_self_harm("I felt better after a walk in the park."));
}

#[test]
fn a_redaction_leaves_a_visible_mark_and_refuses_what_is_not_there() {
    let text = "My neighbour Rosa drove me to the clinic on Elm Street. Rosa is kind.";
    let redacted = redact(text, &conditions(&["Rosa", "Elm Street"])).unwrap();
    assert_eq!(
        redacted,
        "My neighbour [removed] drove me to the clinic on [removed]. [removed] is kind."
    );
    assert_eq!(
        redact(text, &conditions(&["Mario"])),
        Err(RedactionProblem::NotFound("Mario".into()))
    );
    assert_eq!(redact(text, &conditions(&[" "])), Err(RedactionProblem::Empty));
    let many: Vec<String> = (0..=MAX_REDACTIONS).map(|_| "Rosa".to_owned()).collect();
    assert_eq!(redact(text, &many), Err(RedactionProblem::TooMany));
    assert_eq!(redact(text, &[]).unwrap(), text);
}

#[test]
fn statuses_round_trip_by_name_and_only_new_and_reported_ones_await_review() {
    for status in StoryStatus::ALL {
        assert_eq!(StoryStatus::parse(status.as_str()), Some(status));
    }
    assert_eq!(StoryStatus::parse("approved"), None);
    let waiting: Vec<_> = StoryStatus::ALL
        .into_iter()
        .filter(|s| s.awaits_review())
        .collect();
    assert_eq!(waiting, [StoryStatus::Pending, StoryStatus::Hidden]);
}
