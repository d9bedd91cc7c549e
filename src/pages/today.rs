//! Today: the day's doses in time order, grouped by time, with one-tap Taken, Skip and Snooze, as-needed
//! medicines with the double-dose guard, and Undo.

use crate::i18n::{format_date, format_time, tr, use_lang, Lang, Text, T};
use crate::nav::Link;
use crate::pages::common::MedicineHeading;
use crate::state::{use_state, AppState, LoadState};
use crate::storage::Change;
use crate::zone_rules::IntlRules;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use leptos::prelude::*;
use tend_core::dataset::ZoneContext;
use tend_core::dose::{DoseAction, DoseEvent, OccurrenceKey};
use tend_core::guard::{check, Warning};
use tend_core::medication::Medication;
use tend_core::schedule::Pattern;
use tend_core::status::{assess, Assessed, DoseStatus};
use tend_core::zone::Resolver;
use tend_core::{Dataset, Id};

/// The doses due on the person's local date `today`.
fn todays_doses(
    data: &Dataset,
    zone: &str,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(NaiveDate, Vec<Assessed>), String> {
    let rules = IntlRules::default();
    let mut resolver = Resolver::new(&rules);
    let mut start_of = |date: NaiveDate| {
        resolver
            .resolve(zone, date.and_time(NaiveTime::MIN))
            .map(|r| r.instant)
    };
    let start = start_of(today).map_err(|e| e.to_string())?;
    let end = start_of(today + Duration::days(1)).map_err(|e| e.to_string())?;
    let zones = ZoneContext::recorded(data, zone);
    let doses = assess(data, &zones, &rules, start, end, now).map_err(|e| e.to_string())?;
    Ok((today, doses))
}

pub fn status_text(status: &DoseStatus) -> T {
    match status {
        DoseStatus::Upcoming => T::StatusUpcoming,
        DoseStatus::Snoozed { .. } => T::StatusSnoozed,
        DoseStatus::Due => T::StatusDue,
        DoseStatus::Late => T::StatusLate,
        DoseStatus::Missed => T::StatusMissed,
        DoseStatus::TakenOnTime { .. } | DoseStatus::TakenEarly { .. } => T::StatusTaken,
        DoseStatus::TakenLate { .. } => T::StatusTakenLate,
        DoseStatus::Skipped => T::StatusSkipped,
    }
}

/// "1.5 tablet" / "1,5 tablet": up to three decimals, with the language's decimal mark. Done with integers so the
/// first-load module carries no float formatting code.
pub fn amount_text(lang: Lang, amount: f64, unit: &str) -> String {
    let thousandths = (amount * 1000.0).round() as i64;
    let (whole, fraction) = (thousandths / 1000, (thousandths % 1000).abs());
    let mark = if lang == Lang::Es { ',' } else { '.' };
    let number = if fraction == 0 {
        whole.to_string()
    } else {
        format!("{whole}{mark}{}", format!("{fraction:03}").trim_end_matches('0'))
    };
    format!("{number} {unit}")
}

/// Logs an action on a dose as a new event, and remembers it for Undo.
pub fn log(state: AppState, medication: &Medication, occurrence: Option<OccurrenceKey>, action: DoseAction) {
    let event = DoseEvent {
        meta: state.meta(medication.meta.profile_id),
        medication_id: medication.meta.id,
        occurrence,
        action,
        recorded_at: state.now.get_untracked().max(crate::clock::now()),
        zone: state.zone(),
        supersedes: None,
    };
    state.undo.set(Some(event.meta.id));
    state.save(
        Change {
            dose_events: vec![event],
            ..Change::default()
        },
        Some(T::Saved),
    );
}

#[component]
pub fn Today() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let doses = Memo::new(move |_| {
        let now = state.now.get();
        state
            .data
            .with(|d| todays_doses(d, &state.zone(), state.today(), now))
    });
    let has_medicines = move || {
        state.data.with(|d| {
            d.medications
                .iter()
                .any(|m| !m.meta.deleted && state.shows(m.meta.profile_id))
        })
    };
    view! {
        <section class="page" aria-labelledby="today-heading">
            <h1 id="today-heading">{tr(T::Today)}</h1>
            {move || match (state.load.get(), doses.get()) {
                (LoadState::Loading, _) => view! { <p>{tr(T::Loading)}</p> }.into_any(),
                (_, Err(problem)) => view! { <p class="problem" role="alert">{problem}</p> }.into_any(),
                (_, Ok(_)) if !has_medicines() => view! { <EmptyToday/> }.into_any(),
                (_, Ok((today, doses))) => {
                    let shown: Vec<Assessed> = doses.into_iter().filter(|d| state.shows(d.occurrence.profile_id)).collect();
                    view! {
                        <p class="today-date">{format_date(lang.get(), today)}</p>
                        <DoseDay doses=shown/>
                        <UndoBar/>
                        <AsNeeded/>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// No medicines yet. (The offer to try the example plan comes with the screens module, below Today, to keep
/// the example's data out of the first load.)
#[component]
fn EmptyToday() -> impl IntoView {
    view! {
        <p>{tr(T::NoMedicinesYet)}</p>
        <p class="actions">
            <Link href="/medicines/new" class="button button-primary">{tr(T::AddMedicine)}</Link>
        </p>
    }
}

/// Offers the example plan to someone with no medicines yet.
#[component]
pub fn TryExample() -> impl IntoView {
    let state = use_state();
    let empty = Memo::new(move |_| {
        state.load.get() != LoadState::Loading
            && state.data.with(|d| {
                !d.medications
                    .iter()
                    .any(|m| !m.meta.deleted && state.shows(m.meta.profile_id))
            })
    });
    let load_example = move |_| {
        let Some(profile) = state.target_profile() else {
            return;
        };
        let example = crate::example::for_profile(&state, profile);
        state.save(example, None::<T>);
    };
    view! {
        <Show when=move || empty.get()>
            <p class="actions">
                <button type="button" class="button" on:click=load_example>{tr(crate::i18n::S::LoadExample)}</button>
            </p>
        </Show>
    }
}

#[component]
fn DoseDay(doses: Vec<Assessed>) -> impl IntoView {
    let lang = use_lang();
    let left = doses.iter().filter(|d| !d.status.is_final()).count();
    let total = doses.len();
    let summary = move || match lang.get() {
        Lang::En => format!("{left} of {total} doses still to take"),
        Lang::Es => format!("Quedan {left} de {total} dosis por tomar"),
    };
    let mut groups: Vec<(String, Vec<Assessed>)> = Vec::new();
    for dose in doses {
        let time = format_time(lang.get_untracked(), dose.occurrence.local);
        match groups.last_mut() {
            Some((last, list)) if *last == time => list.push(dose),
            _ => groups.push((time, vec![dose])),
        }
    }
    Effect::new(move |_| crate::state::mark("tend-today-rendered"));
    view! {
        {if total == 0 {
            view! { <p class="summary">{tr(T::NothingToday)}</p> }.into_any()
        } else {
            view! { <p class="summary" aria-live="polite">{summary}</p> }.into_any()
        }}
        {groups
            .into_iter()
            .map(|(time, list)| {
                let label = time.clone();
                view! {
                    <section class="dose-group" aria-label=label>
                        <h2 class="dose-time">{time}</h2>
                        <ul class="doses">{list.into_iter().map(|dose| view! { <DoseItem dose/> }).collect_view()}</ul>
                    </section>
                }
            })
            .collect_view()}
    }
}

#[component]
fn DoseItem(dose: Assessed) -> impl IntoView {
    let state = use_state();
    let Some(medication) = state
        .data
        .with_untracked(|d| d.medication(dose.occurrence.medication_id).cloned())
    else {
        return ().into_any();
    };
    let person = state.data.with_untracked(|d| {
        (state.profile.get_untracked().is_none() && d.profiles.len() > 1)
            .then(|| d.profile(medication.meta.profile_id).map(|p| p.name.clone()))
            .flatten()
    });
    let status_class = format!("status status-{}", dose.status.name());
    let open = !dose.status.is_final();
    let key = dose.occurrence.key;
    let amount = dose.occurrence.amount;
    let snoozing = RwSignal::new(false);
    let stored = StoredValue::new(medication.clone());
    let act = move |action: DoseAction| stored.with_value(|m| log(state, m, Some(key), action));
    let take = move |_| {
        act(DoseAction::Taken {
            at: crate::clock::now(),
            amount,
        })
    };
    let skip = move |_| {
        act(DoseAction::Skipped {
            reason: String::new(),
        })
    };
    let snooze = move |minutes: i64| {
        act(DoseAction::Snoozed {
            until: crate::clock::now() + Duration::minutes(minutes),
        });
        snoozing.set(false);
    };
    let label = format!("{} {}", medication.name, medication.strength);
    view! {
        <li class="dose">
            <div class="dose-head">
                <MedicineHeading medication=medication.clone()>
                    <p class="dose-amount">{amount_text(use_lang().get_untracked(), amount, &medication.unit)}</p>
                    {(!medication.instructions.is_empty()).then(|| view! { <p class="dose-instructions">{medication.instructions.clone()}</p> })}
                    {person.map(|name| view! { <p class="dose-person">{name}</p> })}
                </MedicineHeading>
                <span class=status_class>{tr(status_text(&dose.status))}</span>
            </div>
            {open.then(|| view! {
                <div class="dose-actions" role="group" aria-label=label.clone()>
                    <button type="button" class="button button-primary" on:click=take>{tr(T::Taken)}</button>
                    <button type="button" class="button" on:click=skip>{tr(T::Skip)}</button>
                    <button type="button" class="button" aria-expanded=move || snoozing.get().to_string()
                        on:click=move |_| snoozing.update(|s| *s = !*s)>{tr(T::Snooze)}</button>
                </div>
                <Show when=move || snoozing.get()>
                    <div class="snooze-choices" role="group" aria-label=tr(T::SnoozeFor)>
                        {[10i64, 30, 60].into_iter().map(|minutes| view! {
                            <button type="button" class="button" on:click=move |_| snooze(minutes)>
                                {format!("{minutes} ")}{tr(T::Minutes)}
                            </button>
                        }).collect_view()}
                    </div>
                </Show>
            })}
        </li>
    }
    .into_any()
}

/// Withdraws the last action logged here.
#[component]
fn UndoBar() -> impl IntoView {
    let state = use_state();
    let undo = move |_| {
        let Some(last) = state.undo.get_untracked() else {
            return;
        };
        let Some(original) = state
            .data
            .with_untracked(|d| d.dose_events.iter().find(|e| e.meta.id == last).cloned())
        else {
            return;
        };
        let retraction = DoseEvent {
            meta: state.meta(original.meta.profile_id),
            action: DoseAction::Retracted,
            recorded_at: crate::clock::now(),
            zone: state.zone(),
            supersedes: Some(original.meta.id),
            ..original
        };
        state.undo.set(None);
        state.save(
            Change {
                dose_events: vec![retraction],
                ..Change::default()
            },
            None::<T>,
        );
    };
    view! {
        <Show when=move || state.undo.get().is_some()>
            <p class="undo-bar"><button type="button" class="button" on:click=undo>{tr(T::Undo)}</button></p>
        </Show>
    }
}

/// As-needed medicines, with the double-dose guard before logging.
#[component]
fn AsNeeded() -> impl IntoView {
    let state = use_state();
    let medicines = move || {
        state.data.with(|d| {
            d.medications
                .iter()
                .filter(|m| {
                    !m.meta.deleted
                        && state.shows(m.meta.profile_id)
                        && m.state() == tend_core::medication::MedicationState::Active
                })
                .filter(|m| {
                    d.schedules_of(m.meta.id)
                        .any(|s| matches!(s.pattern, Pattern::AsNeeded { .. }))
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || !medicines().is_empty()>
            <section class="as-needed" aria-labelledby="as-needed-heading">
                <h2 id="as-needed-heading">{tr(T::AsNeeded)}</h2>
                <ul class="doses">
                    <For each=medicines key=|m| (m.meta.id, m.meta.stamp) let:medication>
                        <AsNeededItem medication/>
                    </For>
                </ul>
            </section>
        </Show>
    }
}

fn warning_text(state: AppState, lang: Lang, warning: &Warning) -> String {
    match warning {
        Warning::AlreadyTaken { .. } => T::WarnAlreadyTaken.get(lang).to_owned(),
        Warning::TooSoon { earliest, .. } => {
            let local = state.local_time(*earliest);
            format!("{} {}.", T::WarnTooSoon.get(lang), format_time(lang, local))
        }
        Warning::DailyMaximum { .. } => T::WarnDailyMax.get(lang).to_owned(),
    }
}

#[component]
fn AsNeededItem(medication: Medication) -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let warnings: RwSignal<Vec<Warning>> = RwSignal::new(Vec::new());
    let amount = state.data.with_untracked(|d| {
        d.schedules_of(medication.meta.id)
            .find_map(|s| match s.pattern {
                Pattern::AsNeeded { amount, .. } => Some(amount),
                _ => None,
            })
            .unwrap_or(1.0)
    });
    let id: Id = medication.meta.id;
    let stored = StoredValue::new(medication.clone());
    let log_taken = move || {
        stored.with_value(|m| {
            log(
                state,
                m,
                None,
                DoseAction::Taken {
                    at: crate::clock::now(),
                    amount,
                },
            )
        })
    };
    let take = move |_| {
        let found = state
            .data
            .with_untracked(|d| check(d, id, None, crate::clock::now()));
        if found.is_empty() {
            log_taken();
        } else {
            warnings.set(found);
        }
    };
    let take_anyway = move |_| {
        warnings.set(Vec::new());
        log_taken();
    };
    view! {
        <li class="dose">
            <div class="dose-head">
                <MedicineHeading medication=medication.clone()>
                    <p class="dose-amount">{amount_text(use_lang().get_untracked(), amount, &medication.unit)}</p>
                </MedicineHeading>
            </div>
            <div class="dose-actions">
                <button type="button" class="button button-primary" on:click=take>{tr(T::TakeNow)}</button>
            </div>
            <Show when=move || !warnings.get().is_empty()>
                <div class="guard" role="alert">
                    <ul>{move || warnings.get().iter().map(|w| view! { <li>{warning_text(state, lang.get(), w)}</li> }).collect_view()}</ul>
                    <p>{tr(T::AskPharmacist)}</p>
                    <div class="dose-actions">
                        <button type="button" class="button" on:click=take_anyway>{tr(T::TakeAnyway)}</button>
                        <button type="button" class="button" on:click=move |_| warnings.set(Vec::new())>{tr(T::Cancel)}</button>
                    </div>
                </div>
            </Show>
        </li>
    }
}
