//! Everything not on the first load: every screen but Today, and what runs beside Today once it is interactive
//! (reminders, the service worker's update flow, catch-up, the offers, the suggested article, the as-needed
//! section). Each function made by `split_point!` is a split point: the release build (feature `split`) cuts
//! the program there with wasm_split_cli_support, so the code only it uses becomes a chunk, fetched the first
//! time it is called and prefetched when the browser is idle. It is one program with one runtime: the chunks
//! draw with the same state and contexts as Today. Without the feature (tests, lints) they are plain functions.

use crate::pages::as_needed::AsNeeded;
use crate::pages::{
    catch_up::CatchUp,
    confirm::ConfirmDose,
    extras::{InstallCard, ReminderPermission, UpdateBanner},
    history::History,
    learn::{Article, Learn, NextBestCard},
    medicines::{EditMedicine, Medicines},
    profiles::Profiles,
    settings::Settings,
    stories::{ShareStory, Stories},
    today::TryExample,
};
use crate::route::Route;
use chrono::NaiveDateTime;
use leptos::prelude::*;
use tend_core::Id;

/// A chunk that could not be fetched (the first visit was offline, say). The next call tries again.
#[derive(Debug)]
pub struct Unavailable;

impl From<wasm_split_helpers::SplitLoaderError> for Unavailable {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        Unavailable
    }
}

/// `split_point!(chunk, fn name(args) -> T { body })`: an async `name` giving `Result<T, Unavailable>`.
/// Functions naming the same chunk share it. With `preload = p` it also makes an async `p` that only fetches
/// the chunk, for prefetching.
macro_rules! split_point {
    ($chunk:ident, preload = $preload:ident, fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty $body:block) => {
        #[cfg(feature = "split")]
        #[wasm_split_helpers::wasm_split($chunk, preload($preload), fallible)]
        fn $name($($arg: $ty),*) -> Result<$out, Unavailable> {
            Ok($body)
        }

        #[cfg(not(feature = "split"))]
        async fn $name($($arg: $ty),*) -> Result<$out, Unavailable> {
            Ok($body)
        }

        #[cfg(not(feature = "split"))]
        async fn $preload() -> Result<(), wasm_split_helpers::SplitLoaderError> {
            Ok(())
        }
    };
    ($chunk:ident, fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty $body:block) => {
        #[cfg(feature = "split")]
        #[wasm_split_helpers::wasm_split($chunk, fallible)]
        fn $name($($arg: $ty),*) -> Result<$out, Unavailable> {
            Ok($body)
        }

        #[cfg(not(feature = "split"))]
        async fn $name($($arg: $ty),*) -> Result<$out, Unavailable> {
            Ok($body)
        }
    };
}

split_point!(
    medicines,
    preload = preload_medicines,
    fn medicines() -> AnyView {
        view! { <Medicines/> }.into_any()
    }
);
split_point!(
    medicine_form,
    preload = preload_medicine_form,
    fn medicine_form(editing: Option<Id>) -> AnyView {
        view! { <EditMedicine editing/> }.into_any()
    }
);
split_point!(
    history,
    preload = preload_history,
    fn history() -> AnyView {
        view! { <History/> }.into_any()
    }
);
split_point!(
    people,
    preload = preload_people,
    fn people() -> AnyView {
        view! { <Profiles/> }.into_any()
    }
);
split_point!(
    settings,
    preload = preload_settings,
    fn settings() -> AnyView {
        view! { <Settings/> }.into_any()
    }
);
split_point!(
    learn,
    preload = preload_learn,
    fn learn() -> AnyView {
        view! { <Learn/> }.into_any()
    }
);
split_point!(
    learn,
    fn article(id: String) -> AnyView {
        view! { <Article id/> }.into_any()
    }
);
split_point!(
    stories,
    preload = preload_stories,
    fn stories() -> AnyView {
        view! { <Stories/> }.into_any()
    }
);
split_point!(
    stories,
    fn share_story() -> AnyView {
        view! { <ShareStory/> }.into_any()
    }
);
split_point!(
    confirm,
    preload = preload_confirm,
    fn confirm(schedule: Id, at: NaiveDateTime) -> AnyView {
        view! { <ConfirmDose schedule at/> }.into_any()
    }
);

/// The screen for a route other than Today (which is on the first load); `None` for Today and unknown paths.
pub async fn screen(route: Route) -> Option<Result<AnyView, Unavailable>> {
    Some(match route {
        Route::Today | Route::NotFound => return None,
        Route::Medicines => medicines().await,
        Route::NewMedicine => medicine_form(None).await,
        Route::EditMedicine(id) => medicine_form(Some(id)).await,
        Route::History => history().await,
        Route::Profiles => people().await,
        Route::Settings => settings().await,
        Route::Learn => learn().await,
        Route::Article(id) | Route::Story(id) => article(id).await,
        Route::Stories => stories().await,
        Route::ShareStory => share_story().await,
        Route::ConfirmDose { schedule, at } => confirm(schedule, at).await,
    })
}

/// Fetches every screen's chunk, one after another, so each opens at once later and offline (the service
/// worker keeps what is fetched). Failures are left for the screen itself to report when opened.
pub async fn prefetch() {
    let _ = preload_medicines().await;
    let _ = preload_history().await;
    let _ = preload_learn().await;
    let _ = preload_medicine_form().await;
    let _ = preload_settings().await;
    let _ = preload_people().await;
    let _ = preload_stories().await;
    let _ = preload_confirm().await;
}

split_point!(
    extras,
    fn extras_banner() -> AnyView {
        // Drawn once for the page's life: the place to start what runs in the background.
        crate::reminders::start();
        view! { <UpdateBanner/> }.into_any()
    }
);
split_point!(
    extras,
    fn extras_above_today() -> AnyView {
        view! { <CatchUp/> }.into_any()
    }
);
// Below Today's doses, so appearing late never pushes them down; the suggested article (its catalog is
// fetched) and the install offer (a browser event) come last, so they never move a focused offer either.
split_point!(
    extras,
    fn extras_below_today() -> AnyView {
        view! { <AsNeeded/><TryExample/><ReminderPermission offer=true/><NextBestCard/><InstallCard/> }
            .into_any()
    }
);

/// Where Today's extras go.
#[derive(Clone, Copy)]
pub enum ExtrasPlace {
    Banner,
    AboveToday,
    BelowToday,
}

pub async fn extras(place: ExtrasPlace) -> Result<AnyView, Unavailable> {
    match place {
        ExtrasPlace::Banner => extras_banner().await,
        ExtrasPlace::AboveToday => extras_above_today().await,
        ExtrasPlace::BelowToday => extras_below_today().await,
    }
}
