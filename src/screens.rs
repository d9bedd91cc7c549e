//! The second wasm module: every screen but Today, plus what runs beside Today once it is interactive
//! (reminders, the service worker and its update flow, catch-up, the install offer, the suggested article).
//! Imported by the first-load app shortly after Today is ready, or at once when another screen is opened;
//! mounts into `#screen-host` and, through portals, into the first-load app's other hosts. It has its own
//! state, loaded from the same IndexedDB database and kept in step by the same `BroadcastChannel` and
//! `tend:` events.

use crate::app::provide_shared;
use crate::i18n::{tr, S, T};
use crate::notices::{NoticeBanner, QuarantineNotice};
use crate::pages::as_needed::AsNeeded;
use crate::pages::{
    catch_up::CatchUp,
    confirm::{parse, ConfirmDose},
    extras::{InstallCard, ReminderPermission, UpdateBanner},
    history::History,
    learn::{Article, Learn, NextBestCard},
    medicines::{EditMedicine, Medicines},
    profiles::Profiles,
    settings::Settings,
    stories::{ShareStory, Stories},
    today::TryExample,
};
use crate::state::{use_state, LoadState};
use leptos::portal::Portal;
use leptos::prelude::*;
use tend_core::Id;
use wasm_bindgen::JsCast;

/// Mounts the screens into the host element the first-load app made.
pub fn start() {
    // Readable panic messages in development; release builds leave the formatting code out of the first load.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    let Some(host) = document().get_element_by_id("screen-host") else {
        return;
    };
    crate::state::leave_first_profile_to_the_frame();
    crate::pwa::register_worker();
    leptos::mount::mount_to(host.unchecked_into(), Screens).forget();
}

fn host(id: &str) -> Option<web_sys::Element> {
    document().get_element_by_id(id)
}

#[component]
fn Screens() -> impl IntoView {
    let path = provide_shared();
    let state = use_state();
    crate::reminders::start();
    let loading = Memo::new(move |_| state.load.get() == LoadState::Loading);
    // Loaded, or running unsaved for this visit when the browser stores nothing.
    let ready = move || state.load.get() != LoadState::Loading;
    view! {
        {host("app-extras").map(|mount| view! { <Portal mount><QuarantineNotice/><UpdateBanner/></Portal> })}
        {host("today-top").map(|mount| view! {
            <Portal mount>
                <Show when=ready><CatchUp/></Show>
            </Portal>
        })}
        // Below Today's doses, so appearing late never pushes them down; the suggested article (its catalog is
        // fetched) and the install offer (a browser event) come last, so they never move a focused offer either.
        {host("today-bottom").map(|mount| view! {
            <Portal mount>
                <Show when=ready><AsNeeded/><TryExample/><ReminderPermission offer=true/><NextBestCard/><InstallCard/></Show>
            </Portal>
        })}
        <NoticeBanner/>
        {move || {
            let path = path.get();
            if !crate::app::is_screen(&path) {
                return ().into_any();
            }
            if loading.get() {
                return view! { <p class="page">{tr(T::Loading)}</p> }.into_any();
            }
            screen(&path)
        }}
    }
}

fn screen(path: &str) -> AnyView {
    match path {
        "/medicines" => view! { <Medicines/> }.into_any(),
        "/medicines/new" => view! { <EditMedicine editing=None/> }.into_any(),
        "/history" => view! { <History/> }.into_any(),
        "/profiles" => view! { <Profiles/> }.into_any(),
        "/settings" => view! { <Settings/> }.into_any(),
        "/learn" => view! { <Learn/> }.into_any(),
        "/stories" => view! { <Stories/> }.into_any(),
        "/stories/share" => view! { <ShareStory/> }.into_any(),
        other => {
            if let Some(id) = other
                .strip_prefix("/medicines/")
                .and_then(|id| Id::parse(id).ok())
            {
                return view! { <EditMedicine editing=Some(id)/> }.into_any();
            }
            if let Some(id) = other
                .strip_prefix("/learn/")
                .or_else(|| other.strip_prefix("/stories/"))
            {
                return view! { <Article id=id.to_owned()/> }.into_any();
            }
            match other.strip_prefix("/dose/").and_then(parse) {
                Some((schedule, at)) => view! { <ConfirmDose schedule at/> }.into_any(),
                None => view! { <NotFound/> }.into_any(),
            }
        }
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>{tr(S::NotFound)}</h1>
            <p><crate::nav::Link href="/">{tr(S::BackToToday)}</crate::nav::Link></p>
        </section>
    }
}
