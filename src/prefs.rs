//! Small values this device keeps in localStorage: the language and whose medicines are shown (so they
//! survive a reload), dismissed offers, when the app was last open.

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

/// Starts `lang` and `profile` from what was kept, and keeps every later choice (only a choice: until the
/// person picks a language, the browser's own is followed).
pub fn keep(lang: RwSignal<Lang>, profile: RwSignal<Option<Id>>) {
    lang.set(saved_lang());
    profile.set(saved_profile());
    Effect::new(move |first: Option<()>| {
        let code = lang.get().code();
        if first.is_some() {
            store(LANG_KEY, Some(code));
        }
    });
    Effect::new(move |first: Option<()>| {
        let id = profile.get().map(|p| p.to_string());
        if first.is_some() {
            store(PROFILE_KEY, id.as_deref());
        }
    });
}
