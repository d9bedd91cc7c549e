//! The Tend app: thin Leptos components over `tend-core`, with the browser's services behind small modules.

pub mod app;
pub mod clock;
pub mod community;
pub mod content;
pub mod crypto;
pub mod describe;
pub mod example;
pub mod i18n;
pub mod nav;
pub mod notices;
pub mod pages;
pub mod prefs;
pub mod pwa;
pub mod reminders;
pub mod route;
pub mod screens;
pub mod state;
pub mod storage;
pub mod sync;
pub mod zone_rules;

/// Mounts the app on the page's body.
pub fn start() {
    // Readable panic messages in development; release builds leave the formatting code out of the first load.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    // In a task of its own, after the one that compiled and instantiated the module: start-up is then several
    // short tasks, so a tap while the app starts is answered sooner (and Lighthouse's blocking time stays low).
    leptos::prelude::set_timeout(
        || leptos::mount::mount_to_body(app::App),
        std::time::Duration::ZERO,
    );
}
