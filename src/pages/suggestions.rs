//! Suggestions on History: the core's next best actions (`tend_core::insights`), each with its reason in plain
//! words, one tap to act where there is something to do, and "Don't suggest this again", which this device
//! remembers. A suggestion changes when Tend reminds, never how much is taken.

use crate::describe::{time, weekday};
use crate::i18n::{format_short_date, tr, use_lang, Lang, Text, S};
use crate::nav::Link;
use crate::prefs::{store, stored};
use crate::route::Route;
use crate::state::{use_state, AppState};
use crate::storage::Change;
use crate::zone_rules::IntlRules;
use leptos::prelude::*;
use tend_core::dataset::ZoneContext;
use tend_core::insights::{moved, suggestions, Suggestion};
use tend_core::medication::Repeat;
use tend_core::schedule::revise;
use tend_core::Id;

const DISMISSED_KEY: &str = "tend.dismissedSuggestions";
/// What "Repeat reminders" sets: again every 10 minutes, up to three times.
const REPEAT: Repeat = Repeat {
    every_minutes: 10,
    times: 3,
};

fn dismissed() -> Vec<String> {
    stored(DISMISSED_KEY).map_or_else(Vec::new, |keys| keys.lines().map(str::to_owned).collect())
}

/// The suggestions for the people shown, the dismissed ones left out; nothing at all when there are none.
#[component]
pub fn Suggestions() -> impl IntoView {
    let state = use_state();
    let gone = RwSignal::new(dismissed());
    let found = Memo::new(move |_| {
        let (now, today) = (state.now.get(), state.today());
        state.data.with(|d| {
            let zones = ZoneContext::recorded(d, &state.zone());
            let people: Vec<Id> = d
                .profiles
                .iter()
                .filter(|p| !p.meta.deleted && state.shows(p.meta.id))
                .map(|p| p.meta.id)
                .collect();
            let named = people.len() > 1;
            let mut all = Vec::new();
            for person in people {
                let name = named.then(|| d.profile(person).map(|p| p.name.clone())).flatten();
                let found = suggestions(d, &zones, &IntlRules, person, now, today).unwrap_or_default();
                all.extend(found.into_iter().map(|s| (name.clone(), s)));
            }
            all
        })
    });
    let shown = move || {
        let gone = gone.get();
        let found = found.get();
        found
            .into_iter()
            .filter(|(_, s)| !gone.contains(&s.key()))
            .collect::<Vec<_>>()
    };
    let dismiss = Callback::new(move |key: String| {
        gone.update(|keys| keys.push(key));
        store(DISMISSED_KEY, Some(&gone.get_untracked().join("\n")));
    });
    view! {
        <Show when=move || !shown().is_empty()>
            <section class="card suggestions" aria-labelledby="suggestions-heading">
                <h2 id="suggestions-heading">{tr(S::Suggestions)}</h2>
                <p class="meta">{tr(S::SuggestionsWhy)}</p>
                <ul class="suggestion-list">
                    <For each=shown key=|(name, s)| (name.clone(), s.key()) let((name, suggestion))>
                        <SuggestionItem name suggestion dismiss/>
                    </For>
                </ul>
            </section>
        </Show>
    }
}

#[component]
fn SuggestionItem(name: Option<String>, suggestion: Suggestion, dismiss: Callback<String>) -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let key = suggestion.key();
    let said = suggestion.clone();
    let text = move || {
        let text = reason(&state, lang.get(), &said);
        name.as_ref()
            .map_or(text.clone(), |name| format!("{name}: {text}"))
    };
    view! {
        <li class="suggestion">
            <p>{text}</p>
            <p class="suggestion-actions">
                {act(state, suggestion)}
                <button type="button" class="button" on:click=move |_| dismiss.run(key.clone())>{tr(S::DontSuggestAgain)}</button>
            </p>
        </li>
    }
}

fn medicine_name(state: &AppState, id: Id) -> String {
    state
        .data
        .with(|d| d.medication(id).map(|m| m.name.clone()).unwrap_or_default())
}

fn percent(share: f64) -> String {
    format!("{:.0}", share * 100.0)
}

/// The suggestion and its reason, in plain words with the figures it is based on.
fn reason(state: &AppState, lang: Lang, suggestion: &Suggestion) -> String {
    match *suggestion {
        Suggestion::MoveReminder {
            medication_id,
            from,
            to,
            taken,
            looked_at,
            ..
        } => S::SuggestMove.fill(
            lang,
            &[
                ("medicine", &medicine_name(state, medication_id)),
                ("from", &time(lang, from)),
                ("to", &time(lang, to)),
                ("taken", &taken),
                ("looked_at", &looked_at),
            ],
        ),
        Suggestion::TurnOnRepeats {
            medication_id,
            missed,
            due,
        } => S::SuggestRepeats.fill(
            lang,
            &[
                ("medicine", &medicine_name(state, medication_id)),
                ("missed", &missed),
                ("due", &due),
            ],
        ),
        Suggestion::RefillNow {
            medication_id,
            runs_out_on,
        } => S::SuggestRefill.fill(
            lang,
            &[
                ("medicine", &medicine_name(state, medication_id)),
                ("date", &format_short_date(lang, runs_out_on)),
            ],
        ),
        Suggestion::MissedMost(habit) => {
            let parts = [S::PartNight, S::PartMorning, S::PartAfternoon, S::PartEvening];
            S::SuggestHabit.fill(
                lang,
                &[
                    ("day", &weekday(habit.weekday).get(lang)),
                    ("part", &parts[habit.part_of_day].get(lang).to_lowercase()),
                    ("chance", &percent(habit.chance)),
                    ("overall", &percent(habit.overall)),
                    ("based_on", &habit.based_on),
                ],
            )
        }
        Suggestion::Streak { days } => S::SuggestStreak.fill(lang, &[("days", &days)]),
    }
}

/// The one tap that acts on a suggestion, where there is one.
fn act(state: AppState, suggestion: Suggestion) -> Option<AnyView> {
    match suggestion {
        Suggestion::MoveReminder {
            schedule_id,
            from,
            to,
            ..
        } => {
            let lang = use_lang();
            let label = move || S::RemindAt.fill(lang.get(), &[("time", &time(lang.get(), to))]);
            Some(view! { <button type="button" class="button button-primary" on:click=move |_| move_reminder(state, schedule_id, from, to)>{label}</button> }.into_any())
        }
        Suggestion::TurnOnRepeats { medication_id, .. } => Some(
            view! { <button type="button" class="button button-primary" on:click=move |_| repeat_reminders(state, medication_id)>{tr(S::RepeatReminders)}</button> }
                .into_any(),
        ),
        Suggestion::RefillNow { .. } => {
            Some(view! { <Link to=Route::Medicines class="button button-primary">{tr(S::LogRefill)}</Link> }.into_any())
        }
        Suggestion::MissedMost(_) | Suggestion::Streak { .. } => None,
    }
}

/// Moves the reminder from `from` to `to`: a schedule under way ends yesterday and goes on today with the new
/// time ([`revise`]), so the doses already past keep the time they had.
fn move_reminder(state: AppState, schedule_id: Id, from: chrono::NaiveTime, to: chrono::NaiveTime) {
    let Some(old) = state
        .data
        .with(|d| d.schedules.iter().find(|s| s.meta.id == schedule_id).cloned())
    else {
        return;
    };
    let mut edited = moved(&old, from, to);
    edited.meta.stamp = state.stamp();
    let profile = old.meta.profile_id;
    let schedules = revise(Some(&old), edited, state.today(), || state.meta(profile));
    state.save(
        Change {
            schedules,
            ..Change::default()
        },
        Some(S::ReminderMoved),
    );
}

fn repeat_reminders(state: AppState, medication_id: Id) {
    let Some(mut medication) = state.data.with(|d| d.medication(medication_id).cloned()) else {
        return;
    };
    medication.repeat = REPEAT;
    medication.meta.stamp = state.stamp();
    state.save(
        Change {
            medications: vec![medication],
            ..Change::default()
        },
        Some(S::RepeatsOn),
    );
}
