//! Navigation without a router crate (which cost too much of the first-load budget): the route lives in the
//! address bar and in one signal; links push history entries, and the back and forward buttons set the signal.

use crate::route::Route;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The route shown, provided at the app's root.
#[derive(Clone, Copy)]
pub struct CurrentRoute(RwSignal<Route>);

impl CurrentRoute {
    pub fn get(self) -> Route {
        self.0.get()
    }

    /// Whether `route` is shown (tracked, so a view that asks follows navigation).
    pub fn is(self, route: &Route) -> bool {
        self.0.with(|shown| shown == route)
    }

    /// Goes to `to`: a new history entry, the top of the page. To the place shown, only the top of the page, so
    /// a tap on the current tab keeps what the screen holds.
    pub fn go(self, to: Route) {
        if !self.0.with_untracked(|shown| *shown == to) {
            if let Ok(history) = window().history() {
                let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&to.path()));
            }
            self.0.set(to);
        }
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

fn address_bar_route() -> Route {
    Route::parse(&window().location().pathname().unwrap_or_default())
}

/// Provides the current route, kept up to date by the back and forward buttons.
pub fn provide_route() -> CurrentRoute {
    let route = CurrentRoute(RwSignal::new(address_bar_route()));
    provide_context(route);
    let listener = window_event_listener(leptos::ev::popstate, move |_| route.0.set(address_bar_route()));
    on_cleanup(move || listener.remove());
    route
}

pub fn use_route() -> CurrentRoute {
    expect_context::<CurrentRoute>()
}

/// A link that navigates inside the app; marks itself as the current page.
#[component]
pub fn Link(to: Route, #[prop(optional, into)] class: String, children: Children) -> impl IntoView {
    let route = use_route();
    let href = to.path();
    let is_current = {
        let to = to.clone();
        move || route.is(&to).then_some("page")
    };
    view! {
        <a href=href class=class aria-current=is_current on:click=move |ev: web_sys::MouseEvent| {
            if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key()) {
                ev.prevent_default();
                route.go(to.clone());
            }
        }>{children()}</a>
    }
}
