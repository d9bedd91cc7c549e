//! Choices both wasm modules on the page share: the language and whose medicines are shown. Kept in
//! localStorage (so they survive a reload) and announced with a `tend:prefs` event (so the other module follows).

use crate::i18n::Lang;
use leptos::prelude::*;
use tend_core::Id;
use wasm_bindgen::prelude::*;

const EVENT: &str = "tend:prefs";
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

fn write(key: &str, value: Option<&str>) {
    store(key, value);
    if let Ok(event) = web_sys::Event::new(EVENT) {
        let _ = window().dispatch_event(&event);
    }
}

pub fn saved_lang() -> Lang {
    stored(LANG_KEY).map_or_else(Lang::from_browser, |code| Lang::from_code(&code))
}

pub fn saved_profile() -> Option<Id> {
    stored(PROFILE_KEY).and_then(|id| Id::parse(&id).ok())
}

pub fn set_lang(lang: Lang) {
    write(LANG_KEY, Some(lang.code()));
}

pub fn set_profile(profile: Option<Id>) {
    write(PROFILE_KEY, profile.map(|p| p.to_string()).as_deref());
}

/// Keeps `lang` and `profile` equal to the shared choices.
pub fn follow(lang: RwSignal<crate::i18n::Lang>, profile: RwSignal<Option<Id>>) {
    lang.set(saved_lang());
    profile.set(saved_profile());
    let update = Closure::<dyn FnMut()>::new(move || {
        lang.set(saved_lang());
        profile.set(saved_profile());
    });
    let _ = window().add_event_listener_with_callback(EVENT, update.as_ref().unchecked_ref());
    update.forget();
}
