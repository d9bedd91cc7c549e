//! The app's frame: header and the current page.

use crate::pages::today::Today;
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    view! {
        <header class="app-header">
            <span class="app-name">"Tend"</span>
        </header>
        <main id="main">
            <Today/>
        </main>
    }
}
