//! The one-tap confirm screen a reminder notification opens (`/dose/<schedule>/<slot>`): the dose, with Taken,
//! Skip and Snooze. On iOS, where notifications have no action buttons, this is how a reminder is answered.

use crate::i18n::{format_time, tr, use_lang, S, T};
use crate::nav::{use_route, Link};
use crate::pages::common::MedicineHeading;
use crate::pages::today::{amount_text, log, status_text};
use crate::route::Route;
use crate::state::use_state;
use crate::zone_rules::IntlRules;
use chrono::{Duration, NaiveDateTime};
use leptos::prelude::*;
use tend_core::dataset::ZoneContext;
use tend_core::dose::DoseAction;
use tend_core::status::{assess, Assessed};
use tend_core::Id;

#[component]
pub fn ConfirmDose(schedule: Id, at: NaiveDateTime) -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let dose = Memo::new(move |_| {
        let now = state.now.get();
        state.data.with(|d| {
            let zones = ZoneContext::recorded(d, &state.zone());
            let around = at.and_utc();
            assess(
                d,
                &zones,
                &IntlRules,
                around - Duration::days(2),
                around + Duration::days(2),
                now,
            )
            .ok()?
            .into_iter()
            .find(|a| a.occurrence.key.schedule_id == schedule && a.occurrence.key.slot == at)
        })
    });
    move || match dose.get() {
        None => view! {
            <section class="page">
                <h1>{tr(S::DoseNotFound)}</h1>
                <p><Link to=Route::Today>{tr(S::BackToToday)}</Link></p>
            </section>
        }
        .into_any(),
        Some(dose) => view! { <ConfirmCard dose lang=lang.get()/> }.into_any(),
    }
}

#[component]
fn ConfirmCard(dose: Assessed, lang: crate::i18n::Lang) -> impl IntoView {
    let state = use_state();
    let route = use_route();
    let Some(medication) = state
        .data
        .with_untracked(|d| d.medication(dose.occurrence.medication_id).cloned())
    else {
        return ().into_any();
    };
    let key = dose.occurrence.key;
    let amount = dose.occurrence.amount;
    let stored = StoredValue::new(medication.clone());
    let act = move |action: DoseAction| {
        stored.with_value(|m| log(state, m, Some(key), action, Some(T::Saved)));
        route.go(Route::Today);
    };
    let open = !dose.status.is_final();
    view! {
        <section class="page confirm" aria-labelledby="confirm-heading">
            <h1 id="confirm-heading">{tr(S::ConfirmDose)}</h1>
            <div class="card dose">
                <div class="dose-head">
                    <MedicineHeading medication=medication.clone()>
                        <p class="dose-amount">{amount_text(lang, amount, &medication.unit)} " · " {format_time(lang, dose.occurrence.local)}</p>
                        {(!medication.instructions.is_empty()).then(|| view! { <p class="dose-instructions">{medication.instructions.clone()}</p> })}
                    </MedicineHeading>
                    <span class=format!("status status-{}", dose.status.name())>{tr(status_text(&dose.status))}</span>
                </div>
                {open.then(|| view! {
                    <div class="dose-actions confirm-actions">
                        <button type="button" class="button button-primary" on:click=move |_| act(DoseAction::Taken { at: crate::clock::now(), amount })>{tr(T::Taken)}</button>
                        <button type="button" class="button" on:click=move |_| act(DoseAction::Skipped { reason: String::new() })>{tr(T::Skip)}</button>
                        <button type="button" class="button" on:click=move |_| act(DoseAction::Snoozed { until: crate::clock::now() + Duration::minutes(10) })>{tr(S::Snooze10)}</button>
                    </div>
                })}
            </div>
            <p><Link to=Route::Today>{tr(S::BackToToday)}</Link></p>
        </section>
    }
    .into_any()
}
