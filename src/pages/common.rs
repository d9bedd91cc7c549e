//! Pieces several screens draw the same way.

use leptos::prelude::*;
use tend_core::medication::Medication;

/// A colour badge with the first letter of a name (upper-cased by the style sheet), on a tint of the colour that
/// keeps the letter readable whatever the colour: colour is never the only signal.
pub fn swatch(colour: String, name: &str) -> impl IntoView {
    let letter: String = name.chars().take(1).collect();
    view! { <span class="swatch" style:--swatch=colour aria-hidden="true">{letter}</span> }
}

/// A medicine's badge, name and strength, with whatever the screen adds below them.
#[component]
pub fn MedicineHeading(medication: Medication, children: Children) -> impl IntoView {
    view! {
        {swatch(medication.colour, &medication.name)}
        <div class="dose-text">
            <p class="dose-name">{medication.name} " " <span class="strength">{medication.strength}</span></p>
            {children()}
        </div>
    }
}
