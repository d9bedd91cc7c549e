//! People: several profiles on one device, each with its own medicines and colour; switch who is shown. A person
//! just added is shown at once (a caregiver adds someone to look after their medicines), and the page says so.

use crate::i18n::{tr, use_lang, Text, S};
use crate::state::use_state;
use crate::storage::Change;
use leptos::prelude::*;

#[component]
pub fn Profiles() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let name = RwSignal::new(String::new());
    let added: RwSignal<Option<String>> = RwSignal::new(None);
    let colour = RwSignal::new("#8250df".to_owned());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = name.get_untracked().trim().to_owned();
        if chosen.is_empty() {
            return;
        }
        let profile = state.new_profile(chosen.clone(), colour.get_untracked());
        let id = profile.meta.id;
        name.set(String::new());
        // Said below instead of "Saved.", with the switch.
        state.save(
            Change {
                profiles: vec![profile],
                ..Change::default()
            },
            None::<S>,
        );
        state.profile.set(Some(id));
        added.set(Some(chosen));
    };
    let profiles = move || {
        state.data.with(|d| {
            d.profiles
                .iter()
                .filter(|p| !p.meta.deleted)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="page" aria-labelledby="profiles-heading">
            <h1 id="profiles-heading">{tr(S::People)}</h1>
            <ul class="profile-list">
                <For each=profiles key=|p| (p.meta.id, p.meta.stamp) let:profile>
                    {
                        let id = profile.meta.id;
                        view! {
                            <li class="profile">
                                {crate::pages::common::swatch(profile.colour.clone(), &profile.name)}
                                <span class="profile-name">{profile.name.clone()}</span>
                                <button type="button" class="button" aria-pressed=move || (state.profile.get() == Some(id)).to_string()
                                    on:click=move |_| state.profile.set(Some(id))>
                                    {tr(S::ShowThisPerson)} " " {profile.name.clone()}
                                </button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <div role="status">
                {move || added.get().map(|person| view! {
                    <p class="notice">{S::PersonAdded.fill(lang.get(), &[("name", &person)])}</p>
                })}
            </div>
            <form class="add-profile" on:submit=add>
                <h2>{tr(S::AddPerson)}</h2>
                <div class="field">
                    <label for="profile-name">{tr(S::Name)}</label>
                    <input id="profile-name" type="text" required prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="profile-colour">{tr(S::Colour)}</label>
                    <input id="profile-colour" type="color" prop:value=move || colour.get() on:input=move |ev| colour.set(event_target_value(&ev))/>
                </div>
                <p class="actions"><button type="submit" class="button button-primary">{tr(S::AddPerson)}</button></p>
            </form>
        </section>
    }
}
