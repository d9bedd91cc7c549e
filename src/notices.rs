//! Messages for the person, shown at the top of each app: storage problems, records kept aside, results of actions.

use crate::i18n::{tr, use_lang, Message, T};
use crate::state::{use_state, LoadState, Notice};
use crate::storage::StorageError;
use leptos::prelude::*;

/// Says when storage cannot be used, and what that means.
#[component]
pub fn StorageNotice() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    move || match state.load.get() {
        LoadState::Unsaved(message) => {
            view! { <p class="banner banner-error" role="alert">{message.get(lang.get()).to_owned()}</p> }
                .into_any()
        }
        _ => ().into_any(),
    }
}

/// Records that could not be read are kept aside; say so, and which.
#[component]
pub fn QuarantineNotice() -> impl IntoView {
    let state = use_state();
    view! {
        <Show when=move || state.quarantined.with(|q| !q.is_empty())>
            <div class="banner banner-error" role="alert">
                <p>{tr(crate::i18n::S::Quarantined)}</p>
                <ul>{move || state.quarantined.get().into_iter().map(|q| view! { <li>{format!("{}/{}", q.store, q.key)}</li> }).collect_view()}</ul>
            </div>
        </Show>
    }
}

/// The result of the last action: an error with what to do, or a confirmation.
#[component]
pub fn NoticeBanner() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let close = tr(T::Close);
    move || {
        state.notice.get().map(|notice| {
            let (class, role, text) = match notice {
                Notice::Error(message) => ("banner banner-error", "alert", message),
                Notice::Info(message) => ("banner banner-info", "status", message),
            };
            let text = text.get(lang.get()).to_owned();
            view! {
                <div class=class role=role>
                    <p>{text}</p>
                    <button type="button" class="button button-quiet" on:click=move |_| state.notice.set(None)>{close}</button>
                </div>
            }
        })
    }
}

/// What a storage failure means for the person, and what to do.
pub fn storage_problem(error: &StorageError) -> Message {
    match error {
        StorageError::Unavailable(_) => Message::new(T::StorageUnavailable),
        StorageError::QuotaExceeded => Message::new(T::StorageFull),
        StorageError::Blocked => Message::new(T::StorageBlocked),
        StorageError::Failed(detail) => Message::fill(T::StorageFailed, &[("detail", detail)]),
    }
}
