//! What is not in the first load: every screen but Today, and what runs beside Today once it is interactive
//! (reminders, the service worker and its update flow, catch-up, as-needed medicines, the install and
//! reminder offers, the suggested article). Each group below is a chunk of the same wasm program, split off at
//! build time (scripts/build.sh) and fetched the first time it is drawn or when the browser is idle; the
//! records, signals and runtime are the first load's, shared. One more chunk is not a screen: the JSON decoder
//! for records stored before schema v4.

use crate::i18n::{tr, S, T};
use crate::nav::Link;
use crate::notices::QuarantineNotice;
use crate::pages::{
    as_needed::AsNeeded,
    catch_up::CatchUp,
    confirm::ConfirmDose,
    extras::{InstallCard, ReminderPermission, UpdateBanner},
    health::{Health, TodayWhy},
    history::History,
    learn::{Article, Learn, NextBestCard},
    medicines::{EditMedicine, Medicines},
    moderate::Moderate,
    profiles::Profiles,
    report::Report,
    settings::Settings,
    stories::{ShareStory, Stories},
    sync::ConflictNotice,
    today::TryExample,
    travel::TravelPrompt,
};
use crate::route::Route;
use crate::state::{use_state, LoadState};
use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

/// A chunk that could not be fetched (offline on the first visit, say).
pub struct Unavailable;

impl From<SplitLoaderError> for Unavailable {
    fn from(_: SplitLoaderError) -> Self {
        Unavailable
    }
}

/// A chunk's drawing function: a plain function pointer, so it can be kept in a signal and called where a view
/// is built (with that place's reactive owner), once the chunk is in.
type Draw<A> = fn(A) -> AnyView;

/// Declares `$load`, which fetches the chunk `$chunk` (the first time) and gives the function `$f`, whose code
/// (and everything only it uses) the splitter puts in that chunk. With the `split` feature (scripts/build.sh
/// turns it on); without it (native and browser tests) `$load` is an ordinary async function.
macro_rules! in_chunk {
    ($chunk:ident: $vis:vis $load:ident -> $f:path as $ty:ty) => {
        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = leptos::wasm_split, fallible)]
        $vis fn $load() -> Result<$ty, Unavailable> {
            Ok($f)
        }
        #[cfg(not(feature = "split"))]
        $vis async fn $load() -> Result<$ty, Unavailable> {
            Ok($f)
        }
    };
}

in_chunk!(extras: load_extras -> draw_extras as Draw<Place>);
in_chunk!(care: load_care -> draw_care as Draw<Route>);
in_chunk!(reading: load_reading -> draw_reading as Draw<Route>);
// Records stored as JSON (before schema v4): read once after an upgrade, and rarely after (src/storage.rs).
in_chunk!(json: pub(crate) load_json_decoder -> crate::storage::from_json as crate::storage::FromJson);

/// Where beside Today the extras are drawn.
#[derive(Clone, Copy, PartialEq)]
pub enum Place {
    /// Above everything, on every screen: records kept aside, "Update available".
    Top,
    /// Above Today's doses: catch-up.
    AboveToday,
    /// Below Today's doses, so appearing late never pushes them down; the suggested article (its catalog is
    /// fetched) and the install offer (a browser event) come last, so they never move a focused offer either.
    BelowToday,
}

fn draw_extras(place: Place) -> AnyView {
    match place {
        Place::Top => {
            // Once per page: this place is drawn once and never removed.
            crate::pwa::register_worker();
            crate::reminders::start();
            crate::sync::start(use_state());
            crate::sync::push::start();
            view! { <QuarantineNotice/><ConflictNotice/><UpdateBanner/> }.into_any()
        }
        Place::AboveToday => view! { <TravelPrompt/><CatchUp/> }.into_any(),
        Place::BelowToday => view! {
            <AsNeeded/><TryExample/><TodayWhy/><ReminderPermission offer=true/><NextBestCard/><InstallCard/>
        }
        .into_any(),
    }
}

fn draw_care(route: Route) -> AnyView {
    match route {
        Route::Medicines => view! { <Medicines/> }.into_any(),
        Route::NewMedicine => view! { <EditMedicine editing=None/> }.into_any(),
        Route::EditMedicine(id) => view! { <EditMedicine editing=Some(id)/> }.into_any(),
        Route::History => view! { <History/> }.into_any(),
        Route::Report => view! { <Report/> }.into_any(),
        Route::Health => view! { <Health/> }.into_any(),
        Route::Profiles => view! { <Profiles/> }.into_any(),
        Route::Settings => view! { <Settings/> }.into_any(),
        Route::Dose { schedule, slot } => view! { <ConfirmDose schedule at=slot/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

fn draw_reading(route: Route) -> AnyView {
    match route {
        Route::Learn => view! { <Learn/> }.into_any(),
        Route::Stories => view! { <Stories/> }.into_any(),
        Route::ShareStory => view! { <ShareStory/> }.into_any(),
        Route::Moderate => view! { <Moderate/> }.into_any(),
        Route::Article(id) | Route::Story(id) => view! { <Article id/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

/// Where a chunk is: not asked for, on its way, in (with its drawing function), or failed.
enum Fetch<A> {
    NotYet,
    Fetching,
    Ready(Draw<A>),
    Failed,
}

// Derived Clone and Copy would ask the same of `A`, which is only the argument of a function pointer.
impl<A> Clone for Fetch<A> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<A> Copy for Fetch<A> {}

/// Each chunk's state, for the whole page (a chunk is fetched once, however often its screens are opened).
#[derive(Clone, Copy)]
pub struct Chunks {
    extras: RwSignal<Fetch<Place>>,
    care: RwSignal<Fetch<Route>>,
    reading: RwSignal<Fetch<Route>>,
}

impl Chunks {
    pub fn provide() -> Self {
        let chunks = Chunks {
            extras: RwSignal::new(Fetch::NotYet),
            care: RwSignal::new(Fetch::NotYet),
            reading: RwSignal::new(Fetch::NotYet),
        };
        provide_context(chunks);
        chunks
    }

    /// Fetches the screens' chunks, so they open at once, and offline.
    pub fn prefetch(self) {
        fetch(self.care, load_care);
        fetch(self.reading, load_reading);
    }
}

/// Starts fetching a chunk unless it is in or on its way; a failed one is tried again.
fn fetch<A: 'static, F>(slot: RwSignal<Fetch<A>>, load: fn() -> F)
where
    F: std::future::Future<Output = Result<Draw<A>, Unavailable>> + 'static,
{
    if matches!(slot.get_untracked(), Fetch::Ready(_) | Fetch::Fetching) {
        return;
    }
    slot.set(Fetch::Fetching);
    leptos::task::spawn_local(async move {
        slot.set(match load().await {
            Ok(draw) => Fetch::Ready(draw),
            Err(Unavailable) => Fetch::Failed,
        });
    });
}

/// The screen of `route` (never Today, which is in the first load; "not found" is in the care chunk, whose
/// strings it shares), once its chunk and its records are in; "Loading" until then, and a way to try again if
/// the chunk cannot be fetched. History and Settings (backups) ask for every dose event ever recorded; the
/// rest, like Today, need only what start-up reads (`Dataset::events_needed_from`).
#[component]
pub fn Screen(route: Route) -> impl IntoView {
    let state = use_state();
    let needs_everything = matches!(route, Route::History | Route::Settings | Route::Report);
    if needs_everything {
        state.read_everything();
    }
    let records_in = move || match needs_everything {
        true => state.everything.get(),
        false => state.load.get() != LoadState::Loading,
    };
    let chunks = expect_context::<Chunks>();
    let reading = matches!(
        route,
        Route::Learn
            | Route::Article(_)
            | Route::Stories
            | Route::Story(_)
            | Route::ShareStory
            | Route::Moderate
    );
    let slot = if reading { chunks.reading } else { chunks.care };
    let load = move || match reading {
        true => fetch(chunks.reading, load_reading),
        false => fetch(chunks.care, load_care),
    };
    load();
    move || match slot.get() {
        Fetch::Ready(draw) if records_in() => draw(route.clone()),
        Fetch::Failed => unavailable(load),
        _ => view! { <p class="page">{tr(T::Loading)}</p> }.into_any(),
    }
}

/// A chunk that could not be fetched: what happened, and a way to try again.
fn unavailable(retry: impl Fn() + Copy + Send + Sync + 'static) -> AnyView {
    view! {
        <div class="page">
            <p class="banner banner-error" role="alert">{tr(T::ScreensFailed)}</p>
            <p><button type="button" class="button" on:click=move |_| retry()>{tr(T::TryAgain)}</button></p>
        </div>
    }
    .into_any()
}

/// How long after Today is ready the extras are fetched, so they never compete with the first paint.
const EXTRAS_AFTER_MS: u64 = 2500;

/// The extras for `place`, once their chunk is in. The top place, drawn on every screen, fetches it shortly
/// after the records are loaded, then the screens' chunks while the browser is idle.
#[component]
pub fn Extras(place: Place) -> impl IntoView {
    let state = use_state();
    let chunks = expect_context::<Chunks>();
    if place == Place::Top {
        Effect::new(move |asked: Option<bool>| {
            let loaded = state.load.get() != LoadState::Loading;
            if loaded && asked != Some(true) {
                set_timeout(
                    move || fetch(chunks.extras, load_extras),
                    std::time::Duration::from_millis(EXTRAS_AFTER_MS),
                );
            }
            loaded || asked == Some(true)
        });
        Effect::new(move |_| {
            if matches!(chunks.extras.get(), Fetch::Ready(_)) {
                request_idle_callback(move || chunks.prefetch());
            }
        });
    }
    move || match chunks.extras.get() {
        Fetch::Ready(draw) => Some(draw(place)),
        _ => None,
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>{tr(S::NotFound)}</h1>
            <p><Link to=Route::Today>{tr(S::BackToToday)}</Link></p>
        </section>
    }
}
