//! Pieces several screens draw the same way.

use leptos::prelude::*;
use tend_core::medication::Medication;

/// A medicine's colour swatch, name and strength, with whatever the screen adds below them.
#[component]
pub fn MedicineHeading(medication: Medication, children: Children) -> impl IntoView {
    view! {
        <span class="swatch" style:background-color=medication.colour aria-hidden="true"></span>
        <div class="dose-text">
            <p class="dose-name">{medication.name} " " <span class="strength">{medication.strength}</span></p>
            {children()}
        </div>
    }
}
