//! As-needed medicines below Today: their use in the last 24 hours, the next time the limits allow, and the
//! double-dose guard before logging. One of Today's extras: it measured 11.8 KB brotli,
//! more than the first load has to spare (see ARCHITECTURE.md), so it appears when the extras chunk is in.

use crate::i18n::{format_time, tr, use_lang, Lang, Text, S, T};
use crate::pages::common::MedicineHeading;
use crate::pages::today::{amount_text, focus_by_id, log, use_id, Announcer, UndoBar};
use crate::state::{use_state, AppState};
use leptos::prelude::*;
use tend_core::dose::DoseAction;
use tend_core::guard::{as_needed_use, check, AsNeededUse, Warning};
use tend_core::medication::Medication;
use tend_core::schedule::Pattern;
use tend_core::Id;

/// As-needed medicines, with their use so far and the double-dose guard before logging.
#[component]
pub fn AsNeeded() -> impl IntoView {
    let state = use_state();
    let medicines = move || {
        state.data.with(|d| {
            d.medications
                .iter()
                .filter(|m| {
                    !m.meta.deleted
                        && state.shows(m.meta.profile_id)
                        && m.state() == tend_core::medication::MedicationState::Active
                })
                .filter(|m| {
                    d.schedules_of(m.meta.id)
                        .any(|s| matches!(s.pattern, Pattern::AsNeeded { .. }))
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    // Its own live region and Undo: this module logs these doses, so Today's Undo does not know of them.
    let announcement = RwSignal::new(String::new());
    provide_context(Announcer(announcement));
    view! {
        <Show when=move || !medicines().is_empty()>
            <section class="as-needed" aria-labelledby="as-needed-heading">
                <h2 id="as-needed-heading">{tr(S::AsNeeded)}</h2>
                <p class="visually-hidden" role="status">{move || announcement.get()}</p>
                <ul class="doses">
                    <For each=medicines key=|m| (m.meta.id, m.meta.stamp) let:medication>
                        <AsNeededItem medication/>
                    </For>
                </ul>
                <UndoBar/>
            </section>
        </Show>
    }
}

fn warning_text(state: AppState, lang: Lang, warning: &Warning) -> String {
    match warning {
        Warning::AlreadyTaken { .. } => S::WarnAlreadyTaken.get(lang).to_owned(),
        Warning::TooSoon { earliest, .. } => {
            let local = state.local_time(*earliest);
            format!("{} {}.", S::WarnTooSoon.get(lang), format_time(lang, local))
        }
        Warning::DailyMaximum { .. } => S::WarnDailyMax.get(lang).to_owned(),
    }
}

/// "Taken in the last 24 hours: 2 of at most 8, last at 12:05." and, while the limits hold the next one back,
/// "The next can be taken from 16:05."
fn use_text(state: AppState, lang: Lang, shown: &AsNeededUse) -> String {
    let time = |at| format_time(lang, state.local_time(at));
    let mut text = S::UseIn24h.fill(lang, &[("taken", &shown.taken_24h), ("max", &shown.max_per_24h)]);
    if let Some(last) = shown.last {
        text.push_str(&format!("{} {}", S::LastAt.get(lang), time(last)));
    }
    text.push('.');
    if let Some(next) = shown.next_allowed {
        text.push_str(&format!(" {} {}.", S::NextFrom.get(lang), time(next)));
    }
    text
}

#[component]
fn AsNeededItem(medication: Medication) -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let announcer = expect_context::<Announcer>();
    let warnings: RwSignal<Vec<Warning>> = RwSignal::new(Vec::new());
    let amount = state.data.with_untracked(|d| {
        d.schedules_of(medication.meta.id)
            .find_map(|s| match s.pattern {
                Pattern::AsNeeded { amount, .. } => Some(amount),
                _ => None,
            })
            .unwrap_or(1.0)
    });
    let id: Id = medication.meta.id;
    let usage = move || {
        let now = state.now.get().max(crate::clock::now());
        state.data.with(|d| as_needed_use(d, id, now))
    };
    let stored = StoredValue::new(medication.clone());
    let log_taken = move || {
        stored.with_value(|m| {
            log(
                state,
                m,
                None,
                DoseAction::Taken {
                    at: crate::clock::now(),
                    amount,
                },
                None,
            );
            announcer.say(format!(
                "{} {}: {}",
                m.name,
                m.strength,
                T::StatusTaken.get(lang.get_untracked())
            ));
        });
        focus_by_id(&use_id(id));
    };
    let take = move |_| {
        let found = state
            .data
            .with_untracked(|d| check(d, id, None, crate::clock::now()));
        if found.is_empty() {
            log_taken();
        } else {
            warnings.set(found);
        }
    };
    let take_anyway = move |_| {
        warnings.set(Vec::new());
        log_taken();
    };
    view! {
        <li class="dose">
            <div class="dose-head">
                <MedicineHeading medication=medication.clone()>
                    <p class="dose-amount">{amount_text(use_lang().get_untracked(), amount, &medication.unit)}</p>
                    <p class="dose-use" id=use_id(id) tabindex="-1">
                        {move || usage().map(|shown| use_text(state, lang.get(), &shown))}
                    </p>
                </MedicineHeading>
            </div>
            <div class="dose-actions">
                <button type="button" class="button button-primary" on:click=take>{tr(S::TakeNow)}</button>
            </div>
            <Show when=move || !warnings.get().is_empty()>
                <div class="guard" role="alert">
                    <ul>{move || warnings.get().iter().map(|w| view! { <li>{warning_text(state, lang.get(), w)}</li> }).collect_view()}</ul>
                    <p>{tr(S::AskPharmacist)}</p>
                    <div class="dose-actions">
                        <button type="button" class="button" on:click=take_anyway>{tr(S::TakeAnyway)}</button>
                        <button type="button" class="button" on:click=move |_| warnings.set(Vec::new())>{tr(T::Cancel)}</button>
                    </div>
                </div>
            </Show>
        </li>
    }
}
