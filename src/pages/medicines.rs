//! Medicines: the list (active, paused, ended) and the add/edit form with its schedule builder and preview.

use crate::describe::describe;
use crate::i18n::{format_date, format_time, plural, tr, use_lang, Lang, Text, S, T};
use crate::nav::{use_route, Link};
use crate::pages::common::MedicineHeading;
use crate::pages::draft::{
    is_palette_colour, unused_colour, AdvancedFields, DetailFields, Draft, NameFields, ScheduleFields,
};
use crate::pages::today::amount_text;
use crate::route::Route;
use crate::state::{use_state, AppState};
use crate::storage::Change;
use crate::zone_rules::IntlRules;
use chrono::{Duration, Weekday};
use leptos::prelude::*;
use tend_core::dataset::ZoneContext;
use tend_core::inventory::{on_hand, stock_status};
use tend_core::medication::{Form, Medication, MedicationState};
use tend_core::occurrence::expand;
use tend_core::{Dataset, Id};

#[component]
pub fn Medicines() -> impl IntoView {
    let state = use_state();
    let in_state = move |wanted: MedicationState| {
        state.data.with(|d| {
            d.medications
                .iter()
                .filter(|m| !m.meta.deleted && state.shows(m.meta.profile_id) && m.state() == wanted)
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="page" aria-labelledby="medicines-heading">
            <h1 id="medicines-heading">{tr(S::Medicines)}</h1>
            <p><Link to=Route::NewMedicine class="button button-primary">{tr(T::AddMedicine)}</Link></p>
            // Each list is named by its heading, so "Paused, list, 1 item" is heard as well as seen.
            {[(MedicationState::Active, S::Active, "medicines-active"), (MedicationState::Paused, S::Paused, "medicines-paused"), (MedicationState::Ended, S::Ended, "medicines-ended")]
                .into_iter()
                .map(|(wanted, heading, id)| {
                    view! {
                        <Show when=move || !in_state(wanted).is_empty()>
                            <h2 id=id>{tr(heading)}</h2>
                            <ul class="medicine-list" aria-labelledby=id>
                                <For each=move || in_state(wanted) key=|m| (m.meta.id, m.meta.stamp) let:medication>
                                    <MedicineItem medication/>
                                </For>
                            </ul>
                        </Show>
                    }
                })
                .collect_view()}
        </section>
    }
}

fn stock_line(lang: Lang, data: &Dataset, medication: &Medication, state: &AppState) -> Option<String> {
    // Not the 30-second tick alone: a dose taken since it is already counted off.
    let now = state.now.get().max(crate::clock::now());
    let status = stock_status(data, medication, now, state.today())?;
    // "28 tablets", "1 tablet", "1,5 comprimidos": the number and the unit as Today writes amounts.
    let left = amount_text(lang, status.on_hand, &medication.unit);
    let count = if status.on_hand == 1.0 { 1 } else { 2 };
    let mut text = match status.runs_out_on {
        Some(day) => plural(count, S::StockLeftUntilOne, S::StockLeftUntil)
            .fill(lang, &[("left", &left), ("day", &format_date(lang, day))]),
        None => plural(count, S::StockLeftOne, S::StockLeft).fill(lang, &[("left", &left)]),
    };
    if status.refill_due {
        text.push_str(S::StockRefill.get(lang));
    }
    if status.expired {
        text.push_str(S::StockExpired.get(lang));
    }
    Some(text)
}

#[component]
fn MedicineItem(medication: Medication) -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let schedules = move || {
        state.data.with(|d| {
            d.schedules_of(medication.meta.id)
                .map(|s| describe(lang.get(), s, state.today()))
                .collect::<Vec<_>>()
        })
    };
    let stock = {
        let medication = medication.clone();
        move || {
            state
                .data
                .with(|d| stock_line(lang.get(), d, &medication, &state))
        }
    };
    let change_state = {
        let medication = medication.clone();
        move |action: MedicationState| {
            let mut updated = medication.clone();
            let now = crate::clock::now();
            match action {
                MedicationState::Paused => updated.pause(now),
                MedicationState::Active => updated.resume(now),
                MedicationState::Ended => updated.end(now),
            }
            updated.meta.stamp = state.stamp();
            state.save(
                Change {
                    medications: vec![updated],
                    ..Change::default()
                },
                Some(T::Saved),
            );
        }
    };
    // Under "Everyone" with several people, whose medicine each one is.
    let owner = medication.meta.profile_id;
    let person = move || {
        state.data.with(|d| {
            let several = d.profiles.iter().filter(|p| !p.meta.deleted).count() > 1;
            (state.profile.get().is_none() && several)
                .then(|| {
                    d.profile(owner)
                        .map(|p| format!("{} {}", S::ForPerson.get(lang.get()), p.name))
                })
                .flatten()
        })
    };
    let current = medication.state();
    let edit = Route::EditMedicine(medication.meta.id);
    let label = format!("{} {}", medication.name, medication.strength);
    view! {
        <li class="medicine">
            <div class="dose-head">
                <MedicineHeading medication=medication.clone()>
                    {move || schedules().into_iter().map(|text| view! { <p class="schedule-text">{text}</p> }).collect_view()}
                    {move || stock().map(|text| view! { <p class="stock-text">{text}</p> })}
                    {move || person().map(|text| view! { <p class="dose-person">{text}</p> })}
                </MedicineHeading>
            </div>
            <div class="dose-actions" role="group" aria-label=label>
                <Link to=edit class="button">{tr(S::Edit)}</Link>
                {match current {
                    MedicationState::Active => {
                        let pause = change_state.clone();
                        view! {
                            <button type="button" class="button" on:click=move |_| pause(MedicationState::Paused)>{tr(S::Pause)}</button>
                        }.into_any()
                    }
                    MedicationState::Paused => {
                        let resume = change_state.clone();
                        view! {
                            <button type="button" class="button" on:click=move |_| resume(MedicationState::Active)>{tr(S::Resume)}</button>
                        }.into_any()
                    }
                    MedicationState::Ended => ().into_any(),
                }}
                {(current != MedicationState::Ended).then(|| {
                    let end = change_state.clone();
                    view! { <button type="button" class="button" on:click=move |_| end(MedicationState::Ended)>{tr(S::End)}</button> }
                })}
            </div>
        </li>
    }
}

/// The next five due times of a draft, in the device's zone.
fn next_five(
    medication: &Medication,
    schedule: &tend_core::schedule::Schedule,
    zone: &str,
) -> Vec<chrono::NaiveDateTime> {
    let data = Dataset {
        medications: vec![medication.clone()],
        schedules: vec![schedule.clone()],
        ..Dataset::default()
    };
    let now = crate::clock::now();
    expand(
        &data,
        &ZoneContext::single(zone),
        &IntlRules,
        now,
        now + Duration::days(400),
    )
    .map(|all| all.into_iter().take(5).map(|o| o.local).collect())
    .unwrap_or_default()
}

/// Everyone on this device: id and name.
fn people(data: &Dataset) -> Vec<(Id, String)> {
    data.profiles
        .iter()
        .filter(|p| !p.meta.deleted)
        .map(|p| (p.meta.id, p.name.clone()))
        .collect()
}

#[component]
pub fn EditMedicine(editing: Option<Id>) -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let existing = editing.and_then(|id| {
        state.data.with_untracked(|d| {
            let medication = d.medication(id)?.clone();
            let schedule = d.schedules_of(id).last().cloned();
            Some((medication, schedule))
        })
    });
    let people = Memo::new(move |_| state.data.with(people));
    let chosen: RwSignal<Option<Id>> = RwSignal::new(None);
    let owner_of_existing = existing.as_ref().map(|(m, _)| m.meta.profile_id);
    // Asked rather than guessed when everyone is shown and there are several people.
    let asks_whose =
        move || owner_of_existing.is_none() && state.profile.get().is_none() && people.with(|p| p.len() > 1);
    // Whose medicine it is: its own person when editing, the person shown, the only person, or the one chosen.
    let owner = Memo::new(move |_| {
        owner_of_existing
            .or_else(|| state.profile.get())
            .or_else(|| people.with(|p| (p.len() == 1).then(|| p[0].0)))
            .or_else(|| chosen.get())
    });
    let owner_name = move || {
        let id = owner.get()?;
        people.with(|p| p.iter().find(|(i, _)| *i == id).map(|(_, name)| name.clone()))
    };
    let draft = RwSignal::new(match &existing {
        Some((medication, schedule)) => {
            let on_hand = state
                .data
                .with_untracked(|d| on_hand(d, medication, crate::clock::now()));
            Draft::from_records(
                medication,
                schedule.as_ref(),
                on_hand,
                state.today(),
                lang.get_untracked(),
            )
        }
        None => Draft::new(
            state.today(),
            lang.get_untracked(),
            state
                .data
                .with_untracked(|d| unused_colour(d, owner.get_untracked())),
        ),
    });
    let choose_person = move |ev| {
        let person = Id::parse(&event_target_value(&ev)).ok();
        chosen.set(person);
        let colour = state.data.with_untracked(|d| unused_colour(d, person));
        draft.update(|d| {
            if is_palette_colour(&d.colour) {
                d.colour = colour;
            }
        });
    };
    let problems: RwSignal<Vec<String>> = RwSignal::new(Vec::new());
    let route = use_route();
    let preview = move || {
        let (medication, schedule) = draft.with(|d| d.preview(lang.get()))?;
        Some((
            describe(lang.get(), &schedule, state.today()),
            next_five(&medication, &schedule, &state.zone()),
        ))
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let read = draft.with_untracked(|d| {
            d.to_records(
                lang.get_untracked(),
                &state,
                owner.get_untracked(),
                existing.clone(),
            )
        });
        match read {
            Ok((medication, schedule)) => {
                let change =
                    crate::pages::draft::save_change(&state, existing.as_ref(), medication, schedule);
                state.save(change, Some(T::Saved));
                route.go(Route::Medicines);
            }
            Err(found) => problems.set(found),
        }
    };
    let title = move || {
        if editing.is_some() {
            S::Edit.get(lang.get())
        } else {
            T::AddMedicine.get(lang.get())
        }
    };
    view! {
        <section class="page" aria-labelledby="edit-heading">
            <h1 id="edit-heading">{title}</h1>
            <form class="medicine-form" on:submit=save novalidate>
                <Show when=asks_whose fallback=move || view! { <p class="for-person">{tr(S::ForPerson)} " " <strong>{owner_name}</strong></p> }>
                    <div class="field">
                        <label for="med-person">{tr(S::WhosePerson)}</label>
                        <select id="med-person" required on:change=choose_person>
                            <option value="" selected=move || chosen.get().is_none()>{tr(S::ChooseOne)}</option>
                            <For each=move || people.get() key=|person| person.clone() let:person>
                                <option value=person.0.to_string() selected=move || chosen.get() == Some(person.0)>{person.1}</option>
                            </For>
                        </select>
                    </div>
                </Show>
                <NameFields draft/>
                <ScheduleFields draft/>
                <section class="preview" aria-labelledby="preview-heading" aria-live="polite">
                    <h2 id="preview-heading">{tr(S::Preview)}</h2>
                    {move || preview().map(|(text, next)| view! {
                        <p class="preview-text">{text}</p>
                        {(!next.is_empty()).then(|| view! {
                            <h3>{tr(S::NextDoses)}</h3>
                            <ol class="next-doses">
                                {next.into_iter().map(|at| view! {
                                    <li>{format!("{}, {}", format_date(lang.get(), at.date()), format_time(lang.get(), at))}</li>
                                }).collect_view()}
                            </ol>
                        })}
                    })}
                </section>
                <DetailFields draft/>
                <AdvancedFields draft problems/>
                <Show when=move || !problems.get().is_empty()>
                    <div class="problems" role="alert">
                        <p>{tr(S::FixProblems)}</p>
                        <ul>{move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                    </div>
                </Show>
                <p class="actions"><button type="submit" class="button button-primary">{tr(S::Save)}</button></p>
            </form>
        </section>
    }
}

pub fn form_name(lang: Lang, form: Form) -> &'static str {
    match form {
        Form::Tablet => S::FormTablet,
        Form::Capsule => S::FormCapsule,
        Form::Liquid => S::FormLiquid,
        Form::Inhaler => S::FormInhaler,
        Form::Injection => S::FormInjection,
        Form::Patch => S::FormPatch,
        Form::Drops => S::FormDrops,
        Form::Cream => S::FormCream,
        Form::Other => S::FormOther,
    }
    .get(lang)
}

pub fn weekday_short(lang: Lang, day: Weekday) -> &'static str {
    const NAMES: [S; 7] = [S::Mon, S::Tue, S::Wed, S::Thu, S::Fri, S::Sat, S::Sun];
    NAMES[day.num_days_from_monday() as usize].get(lang)
}
