//! The second wasm module: Medicines, History, People and Settings. Imported by the first-load app when one of
//! these screens is first opened; mounts into its `#screen-host`, with its own state loaded from the same
//! IndexedDB database and kept in step by the same `BroadcastChannel` and `tend:` events.

use crate::app::provide_shared;
use crate::i18n::{tr, T};
use crate::notices::NoticeBanner;
use crate::pages::{
    history::History,
    medicines::{EditMedicine, Medicines},
    profiles::Profiles,
    settings::Settings,
};
use crate::state::{use_state, LoadState};
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
    leptos::mount::mount_to(host.unchecked_into(), Screens).forget();
}

#[component]
fn Screens() -> impl IntoView {
    let path = provide_shared();
    let state = use_state();
    let loading = Memo::new(move |_| state.load.get() == LoadState::Loading);
    view! {
        <NoticeBanner/>
        {move || {
            if loading.get() {
                return view! { <p class="page">{tr(T::Loading)}</p> }.into_any();
            }
            let path = path.get();
            match path.as_str() {
                "/medicines" => view! { <Medicines/> }.into_any(),
                "/medicines/new" => view! { <EditMedicine editing=None/> }.into_any(),
                "/history" => view! { <History/> }.into_any(),
                "/profiles" => view! { <Profiles/> }.into_any(),
                "/settings" => view! { <Settings/> }.into_any(),
                other => match other.strip_prefix("/medicines/").and_then(|id| Id::parse(id).ok()) {
                    Some(id) => view! { <EditMedicine editing=Some(id)/> }.into_any(),
                    None => ().into_any(),
                },
            }
        }}
    }
}
