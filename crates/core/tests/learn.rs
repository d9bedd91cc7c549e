//! The next-best-article rules and the shared search terms.

mod common;
use common::*;
use tend_core::dataset::ZoneContext;
use tend_core::dose::DoseAction;
use tend_core::learn::{next_article, search_terms, Reason};
use tend_core::medication::Stock;
use tend_core::schedule::{End, Pattern};
use tend_core::zone::BundledRules;
use tend_core::{Dataset, Id};

const MED: u128 = 10;

/// One medicine taken at 08:00 every day since `start`, in UTC.
fn daily_since(start: &str) -> Dataset {
    single(
        Pattern::Daily {
            times: times(&["08:00"]),
        },
        start,
        End::Never,
    )
}

fn next(data: &Dataset, now: &str) -> Option<Reason> {
    let now = utc(now);
    next_article(
        data,
        &ZoneContext::single("UTC"),
        &BundledRules,
        Some(Id::from_u128(PROFILE)),
        now,
        now.date_naive(),
    )
    .unwrap()
}

/// Logs every dose from the start as taken, except those on the dates given.
fn take_all_but(data: &mut Dataset, from: &str, to: &str, missed_days: &[&str]) {
    let all = occurrences(data, "UTC", from, to);
    for (i, o) in all.iter().enumerate() {
        let day = o.local.date().to_string();
        if !missed_days.contains(&day.as_str()) {
            data.dose_events.push(taken(5000 + i as u128, o, o.due));
        }
    }
}

#[test]
fn nothing_to_suggest_for_an_established_routine() {
    let mut data = daily_since("2026-01-01");
    take_all_but(&mut data, "2026-01-01 00:00", "2026-03-10 12:00", &[]);
    assert_eq!(next(&data, "2026-03-10 12:00"), None);
}

#[test]
fn a_medicine_started_this_fortnight_suggests_starting_a_new_medicine() {
    let data = daily_since("2026-03-01");
    let reason = next(&data, "2026-03-01 07:00").unwrap();
    assert_eq!(
        reason,
        Reason::StartedRecently {
            medication: Id::from_u128(MED)
        }
    );
    assert_eq!(reason.article(), "starting-a-new-medicine");
    // Two weeks on, it is no longer new (and every dose was taken).
    let mut later = daily_since("2026-03-01");
    take_all_but(&mut later, "2026-03-01 00:00", "2026-03-16 12:00", &[]);
    assert_eq!(next(&later, "2026-03-16 12:00"), None);
}

#[test]
fn two_misses_this_week_outrank_a_new_medicine() {
    let mut data = daily_since("2026-03-01");
    take_all_but(&mut data, "2026-03-01 00:00", "2026-03-06 12:00", &["2026-03-04"]);
    // One miss: still the new-medicine article.
    assert_eq!(
        next(&data, "2026-03-06 12:00").unwrap().article(),
        "starting-a-new-medicine"
    );
    let mut data = daily_since("2026-03-01");
    take_all_but(
        &mut data,
        "2026-03-01 00:00",
        "2026-03-06 12:00",
        &["2026-03-03", "2026-03-04"],
    );
    assert_eq!(
        next(&data, "2026-03-06 12:00"),
        Some(Reason::MissedThisWeek { count: 2 })
    );
    // Misses older than seven days no longer count.
    let mut data = daily_since("2026-01-01");
    take_all_but(
        &mut data,
        "2026-01-01 00:00",
        "2026-03-20 12:00",
        &["2026-03-03", "2026-03-04"],
    );
    assert_eq!(next(&data, "2026-03-20 12:00"), None);
}

#[test]
fn a_side_effect_note_comes_first_for_two_weeks() {
    let mut data = daily_since("2026-03-01");
    take_all_but(
        &mut data,
        "2026-03-01 00:00",
        "2026-03-06 12:00",
        &["2026-03-03", "2026-03-04"],
    );
    let note = DoseAction::Note {
        text: "Dizzy after lunch".into(),
        side_effect: true,
    };
    data.dose_events
        .push(event(9000, MED, None, note, utc("2026-03-05 14:00")));
    assert_eq!(
        next(&data, "2026-03-06 12:00"),
        Some(Reason::SideEffectNoted {
            medication: Id::from_u128(MED)
        })
    );
    assert_eq!(
        next(&data, "2026-03-19 15:00").map(|r| r.article()),
        Some("remembering-doses")
    );
    // A plain note is not a side effect.
    let mut plain = daily_since("2026-03-01");
    plain.dose_events.push(event(
        9001,
        MED,
        None,
        DoseAction::Note {
            text: "Took it with tea".into(),
            side_effect: false,
        },
        utc("2026-03-01 09:00"),
    ));
    assert_eq!(
        next(&plain, "2026-03-01 07:00").unwrap().article(),
        "starting-a-new-medicine"
    );
}

#[test]
fn a_refill_due_suggests_cost_and_refills() {
    let mut data = daily_since("2026-01-01");
    take_all_but(&mut data, "2026-01-01 00:00", "2026-03-10 12:00", &[]);
    data.medications[0].stock = Some(Stock {
        on_hand: 5.0,
        counted_at: utc("2026-03-10 09:00"),
        refill_at_days: 7,
        expires_on: None,
    });
    assert_eq!(
        next(&data, "2026-03-10 12:00"),
        Some(Reason::RefillDue {
            medication: Id::from_u128(MED)
        })
    );
}

#[test]
fn another_persons_misses_do_not_count() {
    let mut data = daily_since("2026-01-01");
    take_all_but(
        &mut data,
        "2026-01-01 00:00",
        "2026-03-10 12:00",
        &["2026-03-08", "2026-03-09"],
    );
    let someone_else = Id::from_u128(2);
    let found = next_article(
        &data,
        &ZoneContext::single("UTC"),
        &BundledRules,
        Some(someone_else),
        utc("2026-03-10 12:00"),
        date("2026-03-10"),
    )
    .unwrap();
    assert_eq!(found, None);
}

#[test]
fn search_terms_fold_case_and_accents() {
    assert_eq!(
        search_terms("Presión ALTA, y el año: 2026!"),
        ["presion", "alta", "ano", "2026"]
    );
}

mod stories {
    use tend_core::learn::{story_problems, StoryProblem};

    #[test]
    fn a_plain_story_has_no_problems() {
        let text = "I kept forgetting my evening pills. In March I put them by my toothbrush. \
                    My pharmacist suggested a weekly box, and now I rarely miss one.";
        assert_eq!(story_problems(text), []);
    }

    #[test]
    fn phone_numbers_and_emails_are_held_back() {
        let found =
            story_problems("Call me on 555-123-4567 or +44 20 7946 0958, or write to ana@example.org.");
        assert!(
            found.contains(&StoryProblem::Phone("555-123-4567".into())),
            "{found:?}"
        );
        assert!(
            found.contains(&StoryProblem::Phone("+44 20 7946 0958".into())),
            "{found:?}"
        );
        assert!(
            found.contains(&StoryProblem::Email("ana@example.org".into())),
            "{found:?}"
        );
        // Years and short numbers are not phone numbers.
        assert_eq!(story_problems("In 2019 I had 3 bad weeks."), []);
    }

    #[test]
    fn names_are_held_back() {
        let found = story_problems("My doctor, Dr. Patel, said my son Tom could help. We met Maria there.");
        for name in ["Patel", "Tom", "Maria"] {
            assert!(
                found.contains(&StoryProblem::Name(name.into())),
                "{name}: {found:?}"
            );
        }
    }

    #[test]
    fn dosing_advice_is_held_back() {
        let found =
            story_problems("If you miss one, just double up. I went up to 500 mg and then 20mg more.");
        assert!(
            found.contains(&StoryProblem::DosingAdvice("double up".into())),
            "{found:?}"
        );
        assert!(
            found.contains(&StoryProblem::DosingAdvice("500 mg".into())),
            "{found:?}"
        );
        assert!(
            found.contains(&StoryProblem::DosingAdvice("20mg".into())),
            "{found:?}"
        );
    }
}
