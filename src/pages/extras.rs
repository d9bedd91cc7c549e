//! Offers around the app, in the extras chunk: "Update available",
//! installing the app, and turning on reminders (asked only after a tap, with the reason first).

use crate::i18n::{tr, S, T};
use crate::pwa;
use crate::state::use_state;
use leptos::prelude::*;
use leptos::task::spawn_local;

const INSTALL_DISMISSED: &str = "tend.installDismissed";
const REMINDERS_DISMISSED: &str = "tend.remindersOfferDismissed";

fn flag(key: &str) -> bool {
    crate::prefs::stored(key).is_some()
}

fn set_flag(key: &str) {
    crate::prefs::store(key, Some("1"));
}

/// Runs `update` on each `event` on the window while the calling component is mounted.
fn while_mounted(event: &str, update: impl Fn() + 'static) {
    let listener = window_event_listener_untyped(event, move |_| update());
    on_cleanup(move || listener.remove());
}

/// Offers a new version when one is waiting (the extras chunk registers the worker once, when it is first drawn).
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let available = RwSignal::new(pwa::update_waiting());
    let updating = RwSignal::new(false);
    while_mounted("tend:update", move || available.set(true));
    let update = move |_| {
        updating.set(true);
        pwa::apply_update();
    };
    view! {
        <Show when=move || available.get()>
            <div class="banner update" role="status">
                <p>{tr(S::UpdateAvailable)}</p>
                <button type="button" class="button button-primary" disabled=move || updating.get() on:click=update>{tr(S::Update)}</button>
            </div>
        </Show>
    }
}

/// Installing the app: the browser's own prompt where it offers one, short instructions on iOS. Shown until
/// installed or dismissed, once.
#[component]
pub fn InstallCard() -> impl IntoView {
    let offer = RwSignal::new(pwa::install_offer());
    let dismissed = RwSignal::new(flag(INSTALL_DISMISSED));
    while_mounted("tend:installable", move || offer.set(pwa::install_offer()));
    let dismiss = move |_| {
        set_flag(INSTALL_DISMISSED);
        dismissed.set(true);
    };
    let install = move |_| {
        spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(pwa::prompt_install()).await;
            offer.set(pwa::install_offer());
        });
    };
    move || {
        let kind = offer.get();
        (!dismissed.get() && (kind == "prompt" || kind == "ios")).then(|| view! {
            <section class="card install" aria-labelledby="install-heading">
                <h2 id="install-heading">{tr(S::InstallTitle)}</h2>
                <p>{tr(S::InstallWhy)}</p>
                {if kind == "ios" {
                    view! {
                        <p class="ios-steps">
                            {tr(S::IosStepShare)} " "
                            <svg class="share-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
                                <path d="M12 3v12M7 8l5-5 5 5M5 12v8h14v-8" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>
                            </svg>
                            " " {tr(S::IosStepAdd)}
                        </p>
                    }.into_any()
                } else {
                    view! { <button type="button" class="button button-primary" on:click=install>{tr(S::Install)}</button> }.into_any()
                }}
                <button type="button" class="button" on:click=dismiss>{tr(S::NotNow)}</button>
            </section>
        })
    }
}

/// Turning on reminders: the reason first, the browser's question only after the person's tap, and what
/// still works if they say no.
#[component]
pub fn ReminderPermission(#[prop(optional)] offer: bool) -> impl IntoView {
    let state = use_state();
    let permission = RwSignal::new(pwa::permission());
    let dismissed = RwSignal::new(offer && flag(REMINDERS_DISMISSED));
    let has_medicines =
        Memo::new(move |_| state.data.with(|d| d.medications.iter().any(|m| !m.meta.deleted)));
    // After the tap the card stays to say what happened.
    let asked = RwSignal::new(false);
    let ask = move |_| {
        asked.set(true);
        spawn_local(async move {
            let answer = wasm_bindgen_futures::JsFuture::from(pwa::request_permission()).await;
            permission.set(
                answer
                    .ok()
                    .and_then(|a| a.as_string())
                    .unwrap_or_else(pwa::permission),
            );
            // Reminders start at once: the clock tick re-plans them, and the server's plan follows.
            state.now.set(crate::clock::now());
            crate::sync::push::replan();
        });
    };
    let dismiss = move |_| {
        set_flag(REMINDERS_DISMISSED);
        dismissed.set(true);
    };
    move || {
        let now = permission.get();
        if offer && (dismissed.get() || (now != "default" && !asked.get()) || !has_medicines.get()) {
            return None;
        }
        Some(view! {
            <section class="card reminders" aria-labelledby="reminders-heading" id="reminders">
                <h2 id="reminders-heading">{tr(S::RemindersTitle)}</h2>
                {match now.as_str() {
                    "granted" => view! {
                        <p>{tr(S::RemindersOn)}</p>
                        {offer.then(|| view! { <button type="button" class="button" on:click=dismiss>{tr(T::Close)}</button> })}
                    }.into_any(),
                    "denied" => view! { <p>{tr(S::RemindersDenied)}</p> }.into_any(),
                    "unsupported" => view! { <p>{tr(S::RemindersUnsupported)}</p> }.into_any(),
                    _ => view! {
                        <p>{tr(S::RemindersWhy)}</p>
                        <button type="button" class="button button-primary" on:click=ask>{tr(S::TurnOnReminders)}</button>
                        {offer.then(|| view! { <button type="button" class="button" on:click=dismiss>{tr(S::NotNow)}</button> })}
                    }.into_any(),
                }}
                <p class="meta">{tr(S::RemindersClosedNote)}</p>
            </section>
        })
    }
}
