//! On opening the app: the doses that fell due while it was closed and were neither taken nor skipped, each
//! asking for the time it was actually taken, or a skip.

use crate::i18n::{format_date, format_time, tr, use_lang, S, T};
use crate::pages::common::MedicineHeading;
use crate::pages::today::{amount_text, log};
use crate::state::{use_state, LoadState};
use crate::zone_rules::IntlRules;
use chrono::{DateTime, NaiveDateTime, Utc};
use leptos::prelude::*;
use tend_core::dataset::ZoneContext;
use tend_core::dose::DoseAction;
use tend_core::occurrence::Occurrence;
use tend_core::reminder::catch_up;
use tend_core::zone::Resolver;

const LAST_SEEN_KEY: &str = "tend.lastSeen";
/// How far back catch-up looks at most, however long the app was closed.
const LOOK_BACK_DAYS: i64 = 7;

/// When the app was last seen open, read once before this visit starts updating it.
fn last_seen() -> Option<DateTime<Utc>> {
    crate::prefs::stored_instant(LAST_SEEN_KEY)
}

/// Keeps "last seen" current while the app is open, so the next opening knows what it missed.
fn keep_last_seen_current(now: RwSignal<DateTime<Utc>>) {
    Effect::new(move |_| {
        crate::prefs::store_instant(LAST_SEEN_KEY, now.get());
    });
}

#[component]
pub fn CatchUp() -> impl IntoView {
    let state = use_state();
    let since = last_seen();
    keep_last_seen_current(state.now);
    let dismissed = RwSignal::new(false);
    let missed = Memo::new(move |_| {
        let now = state.now.get();
        let Some(since) = since else { return Vec::new() };
        if state.load.get() != LoadState::Ready {
            return Vec::new();
        }
        let since = since.max(now - chrono::Duration::days(LOOK_BACK_DAYS));
        state.data.with(|d| {
            let zones = ZoneContext::recorded(d, &state.zone());
            catch_up(d, &zones, &IntlRules, since, now)
                .unwrap_or_default()
                .into_iter()
                .filter(|o| state.shows(o.profile_id))
                .collect::<Vec<_>>()
        })
    });
    move || {
        let doses = missed.get();
        (!doses.is_empty() && !dismissed.get()).then(|| view! {
            <section class="card catch-up" aria-labelledby="catch-up-heading">
                <h2 id="catch-up-heading">{tr(S::WhileClosed)}</h2>
                <p>{tr(S::WhileClosedIntro)}</p>
                <ul class="doses">{doses.into_iter().map(|dose| view! { <CatchUpItem dose/> }).collect_view()}</ul>
                <button type="button" class="button" on:click=move |_| dismissed.set(true)>{tr(S::NotNow)}</button>
            </section>
        })
    }
}

#[component]
fn CatchUpItem(dose: Occurrence) -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let Some(medication) = state
        .data
        .with_untracked(|d| d.medication(dose.medication_id).cloned())
    else {
        return ().into_any();
    };
    let taken_at = RwSignal::new(dose.local.format("%Y-%m-%dT%H:%M").to_string());
    let input_id = format!("taken-{}-{}", dose.key.schedule_id, dose.due.timestamp());
    let stored = StoredValue::new(medication.clone());
    let take = move |_| {
        let Ok(local) = NaiveDateTime::parse_from_str(&taken_at.get_untracked(), "%Y-%m-%dT%H:%M") else {
            return;
        };
        let Ok(at) = Resolver::new(&IntlRules).resolve(&state.zone(), local) else {
            return;
        };
        let at = at.instant.min(crate::clock::now());
        stored.with_value(|m| {
            log(
                state,
                m,
                Some(dose.key),
                DoseAction::Taken {
                    at,
                    amount: dose.amount,
                },
                Some(T::Saved),
            )
        });
    };
    let skip = move |_| {
        stored.with_value(|m| {
            log(
                state,
                m,
                Some(dose.key),
                DoseAction::Skipped {
                    reason: String::new(),
                },
                Some(T::Saved),
            )
        })
    };
    let when = format!(
        "{}, {}",
        format_date(lang.get_untracked(), dose.local.date()),
        format_time(lang.get_untracked(), dose.local)
    );
    view! {
        <li class="dose">
            <div class="dose-head">
                <MedicineHeading medication=medication.clone()>
                    <p class="dose-amount">{amount_text(lang.get_untracked(), dose.amount, &medication.unit)} " · " {when}</p>
                </MedicineHeading>
            </div>
            <div class="field">
                <label for=input_id.clone()>{tr(S::TakenWhen)}</label>
                <input id=input_id type="datetime-local" prop:value=move || taken_at.get() on:input=move |ev| taken_at.set(event_target_value(&ev))/>
            </div>
            <div class="dose-actions">
                <button type="button" class="button button-primary" on:click=take>{tr(S::TakenThen)}</button>
                <button type="button" class="button" on:click=skip>{tr(T::Skip)}</button>
            </div>
        </li>
    }
    .into_any()
}
