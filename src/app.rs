//! The first-load app: header with the person switcher, navigation, notices and Today. The other screens are a
//! second wasm module (see `screens.rs`), imported the first time the person opens one of them.

use crate::i18n::{tr, use_lang, Language, T};
use crate::nav::{provide_path, Link};
use crate::notices::{NoticeBanner, StorageNotice};
use crate::pages::today::Today;
use crate::state::{use_state, AppState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(
    inline_js = "export function import_screens(url) { return import(url).then((m) => m.default()); }"
)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn import_screens(url: &str) -> Result<js_sys::Promise, JsValue>;
}

/// The paths the screens module draws: every one but Today's (it says when a path is unknown).
pub fn is_screen(path: &str) -> bool {
    !is_today(path)
}

/// Today's own path.
pub fn is_today(path: &str) -> bool {
    matches!(path, "/" | "/index.html")
}

/// Sets up what both apps share: language, state, current path, and following the shared choices.
pub fn provide_shared() -> RwSignal<String> {
    let lang = RwSignal::new(crate::prefs::saved_lang());
    provide_context(Language(lang));
    let state = AppState::start();
    provide_context(state);
    crate::prefs::follow(lang, state.profile);
    let path = provide_path();
    // A message belongs to the screen it was shown on.
    Effect::new(move |_| {
        path.track();
        state.notice.set(None);
    });
    path
}

#[component]
pub fn App() -> impl IntoView {
    let path = provide_shared();
    let lang = use_lang();
    let state = use_state();
    Effect::new(move |_| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.get().code());
        }
    });
    // Only this module records the device's zone, once its records are loaded (the screens module would race it).
    Effect::new(move |recorded: Option<bool>| {
        let ready = state.load.get() == crate::state::LoadState::Ready;
        if ready && recorded != Some(true) {
            state.record_zone_change();
        }
        ready || recorded == Some(true)
    });
    let today_built = in_next_task();
    view! {
        <a class="skip-link" href="#main">{tr(T::SkipToContent)}</a>
        <header class="app-header">
            <span class="app-name">{tr(T::AppName)}</span>
            <ProfileSwitcher/>
        </header>
        <TabBar path/>
        <main id="main" tabindex="-1" aria-busy=move || (state.load.get() == crate::state::LoadState::Loading).then_some("true")>
            <StorageNotice/>
            <NoticeBanner/>
            // Hosts the screens module fills once loaded: the update banner, and Today's extras (catch-up,
            // install and reminder offers above, the suggested article below).
            <div id="app-extras"></div>
            <div id="today-top" hidden=move || !is_today(&path.get())></div>
            <Show when=move || today_built.get() && is_today(&path.get())><Today/></Show>
            <div id="today-bottom" hidden=move || !is_today(&path.get())></div>
            <ScreenHost path/>
        </main>
    }
}

/// A signal that turns true in the next task. Today is built then, apart from the frame, so start-up is short
/// tasks rather than one long one and a tap while the app starts is answered sooner (figures in BENCHMARKS.md).
/// The static shell in index.html covers the page meanwhile.
fn in_next_task() -> ReadSignal<bool> {
    let (done, set_done) = signal(false);
    set_timeout(move || set_done.set(true), std::time::Duration::ZERO);
    done
}

/// Where the screens module draws. It is imported once: when a screen is opened, or shortly after Today is
/// ready (it also runs reminders and Today's extras); if that fails (the first visit was offline, say), the
/// person is told on opening a screen and can try again.
/// How long after Today is ready the rest of the app is fetched, so it never competes with the first paint.
const IMPORT_AFTER_MS: u64 = 2500;

#[component]
fn ScreenHost(path: RwSignal<String>) -> impl IntoView {
    let loaded = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let state = use_state();
    let idle = RwSignal::new(false);
    Effect::new(move |_| {
        if state.load.get() != crate::state::LoadState::Loading {
            set_timeout(
                move || idle.set(true),
                std::time::Duration::from_millis(IMPORT_AFTER_MS),
            );
        }
    });
    Effect::new(move |_| {
        let wanted = is_screen(&path.get()) || idle.get();
        if !wanted || loaded.get_untracked() {
            return;
        }
        loaded.set(true);
        let url = document()
            .query_selector("meta[name=tend-screens]")
            .ok()
            .flatten()
            .and_then(|meta| meta.get_attribute("content"))
            .unwrap_or_default();
        spawn_local(async move {
            let imported = match import_screens(&url) {
                Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.is_ok(),
                Err(_) => false,
            };
            if !imported {
                loaded.set(false);
                failed.set(true);
            }
        });
    });
    view! {
        <Show when=move || failed.get() && is_screen(&path.get())>
            <p class="banner banner-error" role="alert">{tr(T::ScreensFailed)}</p>
        </Show>
        <div id="screen-host" hidden=move || !is_screen(&path.get())></div>
    }
}

/// The places a phone's tab bar holds; the rest are under More.
const TABS: [(&str, T, Icon); 4] = [
    ("/", T::NavToday, Icon::Today),
    ("/medicines", T::NavMedicines, Icon::Medicines),
    ("/history", T::NavHistory, Icon::History),
    ("/learn", T::NavLearn, Icon::Learn),
];
const MORE: [(&str, T); 3] = [
    ("/profiles", T::NavProfiles),
    ("/settings", T::NavSettings),
    ("/stories", T::NavStories),
];

#[derive(Clone, Copy)]
enum Icon {
    Today,
    Medicines,
    History,
    Learn,
    More,
}

/// A 24 px line icon, hidden from screen readers (the label beside it names the place).
fn icon(which: Icon) -> impl IntoView {
    let path = match which {
        Icon::Today => "M12 3v2m0 14v2M3 12h2m14 0h2M6 6l1.5 1.5M16.5 16.5 18 18M6 18l1.5-1.5M16.5 7.5 18 6M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z",
        Icon::Medicines => "M8.5 4.5a4.95 4.95 0 0 1 7 7l-8 8a4.95 4.95 0 0 1-7-7zM5 9l7 7",
        Icon::History => "M4 5h16v15H4zM4 9h16M8 3v4m8-4v4",
        Icon::Learn => "M4 5a2 2 0 0 1 2-2h13v16H6a2 2 0 0 0-2 2zM4 21V5",
        Icon::More => "M5 12h.01M12 12h.01M19 12h.01",
    };
    view! {
        <svg class="tab-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
            <path d=path/>
        </svg>
    }
}

/// The tab bar at the bottom of the screen: four places and More (People, Settings, Stories), each an icon and
/// a label with a 44 px target.
#[component]
fn TabBar(path: RwSignal<String>) -> impl IntoView {
    let more_open = RwSignal::new(false);
    // Going anywhere closes the menu; More is marked current when one of its places is shown.
    Effect::new(move |_| {
        path.track();
        more_open.set(false);
    });
    let in_more = move || MORE.iter().any(|(href, _)| path.get().starts_with(href));
    let close_on_escape = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            more_open.set(false);
        }
    };
    view! {
        <nav class="tab-bar" aria-label=tr(T::MainNavigation) on:keydown=close_on_escape>
            <ul class="more-menu" id="more-menu" hidden=move || !more_open.get()>
                {MORE.into_iter().map(|(href, label)| view! { <li><Link href=href>{tr(label)}</Link></li> }).collect_view()}
            </ul>
            <ul class="tabs">
                {TABS.into_iter().map(|(href, label, which)| view! {
                    <li><Link href=href class="tab">{icon(which)}<span>{tr(label)}</span></Link></li>
                }).collect_view()}
                <li>
                    <button type="button" class="tab" aria-expanded=move || more_open.get().to_string() aria-controls="more-menu"
                        data-current=move || in_more().to_string() on:click=move |_| more_open.update(|open| *open = !*open)>
                        {icon(Icon::More)}<span>{tr(T::NavMore)}</span>
                    </button>
                </li>
            </ul>
        </nav>
    }
}

/// Always in reach: whose medicines are shown.
#[component]
fn ProfileSwitcher() -> impl IntoView {
    let state = use_state();
    let on_change = move |ev| crate::prefs::set_profile(tend_core::Id::parse(&event_target_value(&ev)).ok());
    view! {
        <label class="switcher">
            <span class="switcher-label">{tr(T::ShowingProfile)}</span>
            <select on:change=on_change prop:value=move || state.profile.get().map(|p| p.to_string()).unwrap_or_default()>
                <option value="">{tr(T::Everyone)}</option>
                {move || {
                    state.data.with(|d| {
                        d.profiles
                            .iter()
                            .filter(|p| !p.meta.deleted)
                            .map(|p| {
                                let id = p.meta.id;
                                view! { <option value=id.to_string() selected=move || state.profile.get() == Some(id)>{p.name.clone()}</option> }
                            })
                            .collect_view()
                    })
                }}
            </select>
        </label>
    }
}
