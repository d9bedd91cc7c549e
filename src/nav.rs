//! Navigation without a router crate (which cost too much of the first-load budget): the current [`Route`]
//! is a signal, links push history entries, and the back and forward buttons set it from the address bar.

use crate::route::Route;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

fn address_bar() -> Route {
    Route::parse(&window().location().pathname().unwrap_or_default())
}

/// The route shown, provided at the app's root.
#[derive(Clone, Copy)]
pub struct CurrentRoute(pub RwSignal<Route>);

/// Provides the current route, kept up to date by the back and forward buttons.
pub fn provide_route() -> RwSignal<Route> {
    let route = RwSignal::new(address_bar());
    provide_context(CurrentRoute(route));
    let handle = window_event_listener(leptos::ev::popstate, move |_| route.set(address_bar()));
    on_cleanup(move || handle.remove());
    route
}

pub fn use_route() -> RwSignal<Route> {
    expect_context::<CurrentRoute>().0
}

/// Goes to a route: a new history entry, the top of the page.
pub fn go(route: RwSignal<Route>, to: Route) {
    if let Ok(history) = window().history() {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&to.href()));
    }
    route.set(to);
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

/// A link that navigates inside the app; marks itself as the current page.
#[component]
pub fn Link(
    #[prop(into)] to: Route,
    #[prop(optional, into)] class: String,
    children: Children,
) -> impl IntoView {
    let current = use_route();
    let target = to.clone();
    let is_current = move || current.with(|r| *r == target).then_some("page");
    view! {
        <a href=to.href() class=class aria-current=is_current on:click=move |ev: web_sys::MouseEvent| {
            if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key()) {
                ev.prevent_default();
                go(current, to.clone());
            }
        }>{children()}</a>
    }
}
