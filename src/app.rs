//! The app's frame, in the first load: header with the person switcher, navigation, notices and Today. Every
//! other screen, and what runs beside Today, is drawn from lazily loaded chunks (see `screens.rs`).

use crate::i18n::{tr, Language, T};
use crate::nav::{provide_route, CurrentRoute, Link};
use crate::notices::{NoticeBanner, StorageNotice};
use crate::pages::today::Today;
use crate::route::Route;
use crate::screens::{Extras, Place, Screen};
use crate::state::{use_state, AppState, LoadState};
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(crate::prefs::saved_lang());
    provide_context(Language(lang));
    let state = AppState::start();
    provide_context(state);
    crate::prefs::remember(lang, state.profile);
    let route = provide_route();
    crate::screens::Chunks::provide();
    // A message belongs to the screen it was shown on.
    Effect::new(move |_| {
        route.get();
        state.notice.set(None);
    });
    Effect::new(move |_| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.get().code());
        }
    });
    // Once the records are loaded, the device's zone.
    Effect::new(move |recorded: Option<bool>| {
        let ready = state.load.get() == LoadState::Ready;
        if ready && recorded != Some(true) {
            state.record_zone_change();
        }
        ready || recorded == Some(true)
    });
    let today_built = in_next_task();
    let on_today = move || route.is(&Route::Today);
    view! {
        <a class="skip-link" href="#main">{tr(T::SkipToContent)}</a>
        <header class="app-header">
            <span class="app-name">{tr(T::AppName)}</span>
            <ProfileSwitcher/>
        </header>
        <TabBar route/>
        <main id="main" tabindex="-1" aria-busy=move || (state.load.get() == LoadState::Loading).then_some("true")>
            <StorageNotice/>
            <NoticeBanner/>
            <Extras place=Place::Top/>
            {move || if !on_today() {
                view! { <Screen route=route.get()/> }.into_any()
            } else if today_built.get() {
                view! { <Extras place=Place::AboveToday/><Today/><Extras place=Place::BelowToday/> }.into_any()
            } else {
                ().into_any()
            }}
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

/// The places a phone's tab bar holds; the rest are under More.
const TABS: [(Route, T, Icon); 4] = [
    (Route::Today, T::NavToday, Icon::Today),
    (Route::Medicines, T::NavMedicines, Icon::Medicines),
    (Route::History, T::NavHistory, Icon::History),
    (Route::Learn, T::NavLearn, Icon::Learn),
];
const MORE: [(Route, T); 4] = [
    (Route::Health, T::NavHealth),
    (Route::Profiles, T::NavProfiles),
    (Route::Settings, T::NavSettings),
    (Route::Stories, T::NavStories),
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
fn TabBar(route: CurrentRoute) -> impl IntoView {
    let more_open = RwSignal::new(false);
    // Going anywhere closes the menu; More is marked current when one of its places is shown.
    Effect::new(move |_| {
        route.get();
        more_open.set(false);
    });
    let in_more = move || {
        let section = route.get().section();
        MORE.iter().any(|(place, _)| *place == section)
    };
    let close_on_escape = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            more_open.set(false);
        }
    };
    view! {
        <nav class="tab-bar" aria-label=tr(T::MainNavigation) on:keydown=close_on_escape>
            <ul class="more-menu" id="more-menu" hidden=move || !more_open.get()>
                {MORE.into_iter().map(|(place, label)| view! { <li><Link to=place>{tr(label)}</Link></li> }).collect_view()}
            </ul>
            <ul class="tabs">
                {TABS.into_iter().map(|(place, label, which)| view! {
                    <li><Link to=place class="tab">{icon(which)}<span>{tr(label)}</span></Link></li>
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
    let on_change = move |ev| {
        state
            .profile
            .set(tend_core::Id::parse(&event_target_value(&ev)).ok())
    };
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
