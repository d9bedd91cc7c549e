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
use chrono::NaiveDate;
use chrono::{Duration, Weekday};
use leptos::prelude::*;
use tend_core::coverage::PDC_THRESHOLD;
use tend_core::dataset::ZoneContext;
use tend_core::inventory::{days_covered, on_hand, stock_after_refill, stock_status, Refill};
use tend_core::limits::MAX_ON_HAND;
use tend_core::medication::{Form, Medication, MedicationState};
use tend_core::occurrence::expand;
use tend_core::wire_time::WireText;
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
    if let Some(day) = status.expires_on.filter(|_| status.expires_soon) {
        if !text.ends_with('.') {
            text.push('.');
        }
        text.push_str(&S::StockUseBy.fill(lang, &[("day", &format_date(lang, day))]));
    }
    Some(text)
}

/// The share of the last 90 days covered by refills, with what the share means, a week after the first refill.
fn coverage_line(lang: Lang, data: &Dataset, medication: &Medication, state: &AppState) -> Option<String> {
    let coverage = days_covered(
        data,
        medication,
        crate::clock::now(),
        state.today(),
        COVERAGE_DAYS,
    )
    .filter(|c| c.days >= MIN_COVERAGE_DAYS)?;
    let percent = (coverage.share * 100.0).round();
    let key = if coverage.share >= PDC_THRESHOLD {
        S::CoverageWell
    } else {
        S::CoverageLow
    };
    Some(key.fill(lang, &[("percent", &percent), ("days", &coverage.days)]))
}

/// The period the coverage shown on a medicine spans, and the fewest days (from the first refill logged) that say
/// anything.
const COVERAGE_DAYS: u32 = 90;
const MIN_COVERAGE_DAYS: u32 = 7;

/// Logging a refill: how much, the day it was picked up and the new pack's use-by date. Stock follows (a
/// medicine without a count starts one).
#[component]
fn RefillForm(medication: Medication, open: RwSignal<bool>) -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let quantity = RwSignal::new(String::new());
    let on = RwSignal::new(state.today().to_string());
    let expires = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<S>);
    let id = medication.meta.id;
    let unit = medication.unit.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let amount = quantity
            .get_untracked()
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .unwrap_or(f64::NAN);
        let picked = NaiveDate::read(&on.get_untracked()).filter(|day| *day <= state.today());
        let typed_expiry = expires.get_untracked();
        let expires_on = NaiveDate::read(&typed_expiry);
        let found = if !(amount > 0.0 && amount <= MAX_ON_HAND) {
            Some(S::RefillQuantityProblem)
        } else if picked.is_none() {
            Some(S::RefillDateProblem)
        } else if !typed_expiry.is_empty() && expires_on.is_none() {
            Some(S::RefillExpiryProblem)
        } else {
            None
        };
        problem.set(found);
        let (Some(on), None) = (picked, found) else {
            return;
        };
        let refill = Refill {
            meta: state.meta(medication.meta.profile_id),
            medication_id: id,
            on,
            recorded_at: crate::clock::now(),
            quantity: amount,
            expires_on,
        };
        let mut change = Change::default();
        if medication.stock.is_none() {
            let mut counted = medication.clone();
            counted.stock = stock_after_refill(&medication, &refill);
            counted.meta.stamp = state.stamp();
            change.medications.push(counted);
        }
        change.refills.push(refill);
        state.save(change, Some(S::RefillSaved));
        open.set(false);
    };
    let field = move |name: &str| format!("refill-{name}-{id}");
    view! {
        <form class="refill" on:submit=save>
            <div class="field">
                <label for=field("quantity")>{move || S::RefillQuantity.fill(lang.get(), &[("unit", &unit)])}</label>
                <input id=field("quantity") type="text" inputmode="decimal" autocomplete="off" size="6"
                    prop:value=move || quantity.get() on:input=move |ev| quantity.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for=field("on")>{tr(S::RefillOn)}</label>
                <input id=field("on") type="date" prop:value=move || on.get() on:input=move |ev| on.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for=field("expires")>{tr(S::RefillExpires)}</label>
                <input id=field("expires") type="date" prop:value=move || expires.get() on:input=move |ev| expires.set(event_target_value(&ev))/>
            </div>
            <p role="alert">{move || problem.get().map(|p| tr(p)())}</p>
            <p class="actions">
                <button type="submit" class="button button-primary">{tr(S::SaveRefill)}</button>
                <button type="button" class="button button-quiet" on:click=move |_| open.set(false)>{tr(T::Cancel)}</button>
            </p>
        </form>
    }
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
    let coverage = {
        let medication = medication.clone();
        move || {
            state
                .data
                .with(|d| coverage_line(lang.get(), d, &medication, &state))
        }
    };
    let refilling = RwSignal::new(false);
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
                    {move || coverage().map(|text| view! { <p class="stock-text">{text}</p> })}
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
                {(current != MedicationState::Ended).then(|| view! {
                    <button type="button" class="button" aria-expanded=move || refilling.get().to_string()
                        on:click=move |_| refilling.update(|open| *open = !*open)>{tr(S::LogRefill)}</button>
                })}
            </div>
            {move || refilling.get().then(|| view! { <RefillForm medication=medication.clone() open=refilling/> })}
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
