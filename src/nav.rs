//! Navigation without a router crate (which cost too much of the first-load budget): the path lives in the
//! address bar, links push history entries, and both wasm modules on the page (the Today shell and the lazily
//! loaded screens) follow the same `tend:navigate` event and `popstate`.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

const NAVIGATE_EVENT: &str = "tend:navigate";

pub fn current_path() -> String {
    window().location().pathname().unwrap_or_else(|_| "/".into())
}

/// Goes to `path` and tells every listener on the page.
pub fn navigate(path: &str) {
    if let Ok(history) = window().history() {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(path));
    }
    if let Ok(event) = web_sys::Event::new(NAVIGATE_EVENT) {
        let _ = window().dispatch_event(&event);
    }
    window().scroll_to_with_x_and_y(0.0, 0.0);
}

/// The current path, provided at each app's root.
#[derive(Clone, Copy)]
pub struct CurrentPath(pub RwSignal<String>);

/// Provides the current path as a signal, kept up to date by navigation and the back and forward buttons.
pub fn provide_path() -> RwSignal<String> {
    let path = RwSignal::new(current_path());
    provide_context(CurrentPath(path));
    let update = Closure::<dyn FnMut()>::new(move || path.set(current_path()));
    for event in ["popstate", NAVIGATE_EVENT] {
        let _ = window().add_event_listener_with_callback(event, update.as_ref().unchecked_ref());
    }
    update.forget();
    path
}

/// A link that navigates inside the app; marks itself as the current page.
#[component]
pub fn Link(
    #[prop(into)] href: String,
    #[prop(optional, into)] class: String,
    children: Children,
) -> impl IntoView {
    let current = expect_context::<CurrentPath>().0;
    let target = href.clone();
    let is_current = move || (current.get() == target).then_some("page");
    let go = href.clone();
    view! {
        <a href=href class=class aria-current=is_current on:click=move |ev: web_sys::MouseEvent| {
            if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key()) {
                ev.prevent_default();
                navigate(&go);
            }
        }>{children()}</a>
    }
}
