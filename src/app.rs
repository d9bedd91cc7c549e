//! The app's frame: header, notices and the Today page.

use crate::i18n::{tr, use_lang, Lang, Language, T};
use crate::pages::today::Today;
use crate::state::{use_state, AppState, LoadState, Notice};
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    provide_context(Language(RwSignal::new(Lang::from_browser())));
    provide_context(AppState::start());
    let lang = use_lang();
    Effect::new(move |_| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.get().code());
        }
    });
    view! {
        <a class="skip-link" href="#main">{tr(T::SkipToContent)}</a>
        <header class="app-header">
            <span class="app-name">{tr(T::AppName)}</span>
        </header>
        <main id="main" tabindex="-1">
            <StorageNotice/>
            <QuarantineNotice/>
            <NoticeBanner/>
            <Today/>
        </main>
    }
}

/// Says when storage cannot be used, and what that means.
#[component]
fn StorageNotice() -> impl IntoView {
    let state = use_state();
    move || match state.load.get() {
        LoadState::Unsaved(message) => {
            view! { <p class="banner banner-error" role="alert">{message}</p> }.into_any()
        }
        _ => ().into_any(),
    }
}

/// Records that could not be read are kept aside; say so, and which.
#[component]
fn QuarantineNotice() -> impl IntoView {
    let state = use_state();
    view! {
        <Show when=move || state.quarantined.with(|q| !q.is_empty())>
            <div class="banner banner-error" role="alert">
                <p>{tr(T::Quarantined)}</p>
                <ul>{move || state.quarantined.get().into_iter().map(|q| view! { <li>{format!("{}/{}", q.store, q.key)}</li> }).collect_view()}</ul>
            </div>
        </Show>
    }
}

#[component]
fn NoticeBanner() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let close = tr(T::Close);
    move || {
        state.notice.get().map(|notice| {
            let (class, role, text) = match notice {
                Notice::Error(message) => ("banner banner-error", "alert", message),
                Notice::Info(key) => ("banner banner-info", "status", key.get(lang.get()).to_owned()),
            };
            view! {
                <div class=class role=role>
                    <p>{text}</p>
                    <button type="button" class="button button-quiet" on:click=move |_| state.notice.set(None)>{close}</button>
                </div>
            }
        })
    }
}
