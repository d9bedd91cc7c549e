//! Small values this device keeps in localStorage: the person's choices (the language, whose medicines are
//! shown), dismissed offers, when the app was last open. Never records.

use crate::i18n::Lang;
use leptos::prelude::*;
use tend_core::Id;

const LANG_KEY: &str = "tend.lang";
const PROFILE_KEY: &str = "tend.profile";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// A value this device keeps in localStorage (small things read before or beside the records: choices,
/// dismissed offers, when the app was last open).
pub fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Keeps `value` under `key`; `None` removes it. Storage that refuses (private mode, full) is ignored: these
/// values are conveniences, never records.
pub fn store(key: &str, value: Option<&str>) {
    if let Some(storage) = storage() {
        let _ = match value {
            Some(value) => storage.set_item(key, value),
            None => storage.remove_item(key),
        };
    }
}

pub fn stored_instant(key: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp_millis(stored(key)?.parse().ok()?)
}

pub fn store_instant(key: &str, at: chrono::DateTime<chrono::Utc>) {
    store(key, Some(&at.timestamp_millis().to_string()));
}

pub fn saved_lang() -> Lang {
    stored(LANG_KEY).map_or_else(Lang::from_browser, |code| Lang::from_code(&code))
}

pub fn saved_profile() -> Option<Id> {
    stored(PROFILE_KEY).and_then(|id| Id::parse(&id).ok())
}

/// Keeps the language and whose medicines are shown for the next visit, whenever the person changes them.
pub fn remember(lang: RwSignal<Lang>, profile: RwSignal<Option<Id>>) {
    Effect::watch(
        move || lang.get(),
        |lang, _, _| store(LANG_KEY, Some(lang.code())),
        false,
    );
    Effect::watch(
        move || profile.get(),
        |profile, _, _| store(PROFILE_KEY, profile.map(|p| p.to_string()).as_deref()),
        false,
    );
}
