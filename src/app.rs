//! The app's frame: header with the person switcher, navigation, notices, and the route's screen. Today is on the
//! first load; every other screen, and Today's extras, are split points in `screens.rs`, fetched on first use.

use crate::i18n::{tr, use_lang, Language, T};
use crate::nav::{provide_route, Link};
use crate::notices::{NoticeBanner, QuarantineNotice, StorageNotice};
use crate::pages::today::Today;
use crate::route::Route;
use crate::screens::{ExtrasPlace, Unavailable};
use crate::state::{use_state, AppState, LoadState};
use leptos::prelude::*;

/// How long after Today is ready its extras are fetched, so they never compete with the first paint.
const EXTRAS_AFTER_MS: u64 = 2500;

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(crate::prefs::saved_lang());
    provide_context(Language(lang));
    let state = AppState::start();
    provide_context(state);
    crate::prefs::keep(lang, state.profile);
    let route = provide_route();
    // A message belongs to the screen it was shown on.
    Effect::new(move |_| {
        route.track();
        state.notice.set(None);
    });
    let lang = use_lang();
    Effect::new(move |_| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.get().code());
        }
    });
    // The device's zone, once the records are loaded.
    Effect::new(move |recorded: Option<bool>| {
        let ready = state.load.get() == LoadState::Ready;
        if ready && recorded != Some(true) {
            state.record_zone_change();
        }
        ready || recorded == Some(true)
    });
    let extras_wanted = RwSignal::new(false);
    Effect::new(move |_| {
        if state.load.get() != LoadState::Loading {
            set_timeout(
                move || extras_wanted.set(true),
                std::time::Duration::from_millis(EXTRAS_AFTER_MS),
            );
        }
    });
    let on_today = move || route.with(|r| *r == Route::Today);
    view! {
        <a class="skip-link" href="#main">{tr(T::SkipToContent)}</a>
        <header class="app-header">
            <span class="app-name">{tr(T::AppName)}</span>
            <ProfileSwitcher/>
        </header>
        <TabBar route/>
        <main id="main" tabindex="-1">
            <StorageNotice/>
            <QuarantineNotice/>
            <NoticeBanner/>
            <Extras place=ExtrasPlace::Banner wanted=extras_wanted/>
            <div hidden=move || !on_today()><Extras place=ExtrasPlace::AboveToday wanted=extras_wanted/></div>
            {move || match route.get() {
                Route::Today => view! { <Today/> }.into_any(),
                Route::NotFound => view! { <NotFound/> }.into_any(),
                other => view! { <Screen route=other/> }.into_any(),
            }}
            <div hidden=move || !on_today()><Extras place=ExtrasPlace::BelowToday wanted=extras_wanted/></div>
        </main>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>{tr(T::NotFound)}</h1>
            <p><Link to=Route::Today>{tr(T::BackToToday)}</Link></p>
        </section>
    }
}

/// A screen's chunk is fetched the first time it is opened (then it draws at once); until the records are
/// loaded it says so. If the chunk cannot be fetched (the first visit was offline, say), the person is told,
/// and opening the screen again tries again.
#[component]
fn Screen(route: Route) -> impl IntoView {
    let state = use_state();
    move || {
        if state.load.get() == LoadState::Loading {
            return view! { <p class="page">{tr(T::Loading)}</p> }.into_any();
        }
        let route = route.clone();
        later(async move { crate::screens::screen(route).await.map(unavailable_message) }).into_any()
    }
}

fn unavailable_message(screen: Result<AnyView, Unavailable>) -> AnyView {
    screen.unwrap_or_else(|Unavailable| {
        view! { <p class="banner banner-error" role="alert">{tr(T::ScreensFailed)}</p> }.into_any()
    })
}

/// Draws what a split point makes, once its chunk is there (in the same task when it already is). The view is
/// made under this owner, so it has the app's contexts and goes when this does. (Leptos' `Suspense` does the
/// same with more machinery than the first load has room for.)
fn later(view: impl std::future::Future<Output = Option<AnyView>> + 'static) -> impl IntoView {
    let drawn = RwSignal::new_local(None::<AnyView>);
    leptos::task::spawn_local_scoped(async move {
        if let Some(view) = view.await {
            let _ = drawn.try_set(Some(view));
        }
    });
    move || {
        drawn.track();
        drawn.try_update_untracked(Option::take).flatten()
    }
}

/// One of Today's extras, once they are wanted (shortly after Today is ready); the rest of the screens'
/// chunks are then prefetched while the browser is idle.
#[component]
fn Extras(place: ExtrasPlace, wanted: RwSignal<bool>) -> impl IntoView {
    move || {
        wanted.get().then(|| {
            later(async move {
                let drawn = crate::screens::extras(place).await.ok();
                if matches!(place, ExtrasPlace::Banner) {
                    request_idle_callback(|| leptos::task::spawn_local(crate::screens::prefetch()));
                }
                drawn
            })
        })
    }
}

/// The places a phone's tab bar holds; the rest are under More.
const TABS: [(Route, T, Icon); 4] = [
    (Route::Today, T::NavToday, Icon::Today),
    (Route::Medicines, T::NavMedicines, Icon::Medicines),
    (Route::History, T::NavHistory, Icon::History),
    (Route::Learn, T::NavLearn, Icon::Learn),
];
const MORE: [(Route, T); 3] = [
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
fn TabBar(route: RwSignal<Route>) -> impl IntoView {
    let more_open = RwSignal::new(false);
    // Going anywhere closes the menu; More is marked current when one of its places is shown.
    Effect::new(move |_| {
        route.track();
        more_open.set(false);
    });
    let in_more = move || route.with(|r| MORE.iter().any(|(place, _)| r.place() == *place));
    let close_on_escape = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            more_open.set(false);
        }
    };
    view! {
        <nav class="tab-bar" aria-label=tr(T::MainNavigation) on:keydown=close_on_escape>
            <ul class="more-menu" id="more-menu" hidden=move || !more_open.get()>
                {MORE.into_iter().map(|(to, label)| view! { <li><Link to>{tr(label)}</Link></li> }).collect_view()}
            </ul>
            <ul class="tabs">
                {TABS.into_iter().map(|(to, label, which)| view! {
                    <li><Link to class="tab">{icon(which)}<span>{tr(label)}</span></Link></li>
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
