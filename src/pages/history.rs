//! History: a month calendar coloured (and labelled) by daily adherence, a day's doses with their events, edits
//! that supersede rather than overwrite, notes, and adherence over 7, 30 and 90 days per medicine.

use crate::i18n::{format_date, format_month, format_time, tr, use_lang, Lang, Text, S, T};
use crate::pages::today::{amount_text, status_text};
use crate::state::use_state;
use crate::storage::Change;
use crate::zone_rules::IntlRules;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use leptos::prelude::*;
use std::collections::BTreeMap;
use tend_core::adherence::report;
use tend_core::dataset::ZoneContext;
use tend_core::dose::{effective, DoseAction, DoseEvent};
use tend_core::status::{assess, Assessed};
use tend_core::zone::Resolver;
use tend_core::Dataset;

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).expect("day 1 exists")
}

fn next_month(first: NaiveDate) -> NaiveDate {
    first_of_month(first + Duration::days(32))
}

/// The doses between two local dates (end excluded), in the device's zone.
fn doses_between(
    data: &Dataset,
    zone: &str,
    from: NaiveDate,
    to: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<Assessed> {
    let rules = IntlRules::default();
    let mut resolver = Resolver::new(&rules);
    let (Ok(start), Ok(end)) = (
        resolver.resolve(zone, from.and_time(NaiveTime::MIN)),
        resolver.resolve(zone, to.and_time(NaiveTime::MIN)),
    ) else {
        return Vec::new();
    };
    assess(
        data,
        &ZoneContext::recorded(data, zone),
        &rules,
        start.instant,
        end.instant,
        now,
    )
    .unwrap_or_default()
}

#[component]
pub fn History() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let today = state.today();
    let month = RwSignal::new(first_of_month(today));
    let selected = RwSignal::new(today);
    let by_day = Memo::new(move |_| {
        let first = month.get();
        let now = state.now.get();
        let mut days: BTreeMap<NaiveDate, (u32, u32)> = BTreeMap::new();
        state.data.with(|d| {
            for dose in doses_between(d, &state.zone(), first, next_month(first), now) {
                if state.shows(dose.occurrence.profile_id) && dose.status.is_final() {
                    let day = days.entry(dose.occurrence.local.date()).or_default();
                    day.1 += 1;
                    day.0 += u32::from(dose.status.is_taken());
                }
            }
        });
        days
    });
    let day_cell = move |date: NaiveDate| {
        let counts = by_day.with(|days| days.get(&date).copied());
        let level = match counts {
            None => "none",
            Some((taken, expected)) if taken == expected => "all",
            Some((0, _)) => "nothing",
            Some(_) => "some",
        };
        let label = counts
            .map(|(taken, expected)| format!("{taken}/{expected}"))
            .unwrap_or_default();
        // The visible day and count start the accessible name; the full date follows for screen readers.
        let full = format!(", {}", format_date(lang.get(), date));
        view! {
            <button type="button" class=format!("day day-{level}") aria-pressed=move || (selected.get() == date).to_string()
                on:click=move |_| selected.set(date)>
                <span class="day-number">{date.day()}</span>
                " "
                <span class="day-count">{label}</span>
                <span class="visually-hidden">{full}</span>
            </button>
        }
    };
    view! {
        <section class="page" aria-labelledby="history-heading">
            <h1 id="history-heading">{tr(S::History)}</h1>
            <div class="month-bar">
                <button type="button" class="button" on:click=move |_| month.update(|m| *m = first_of_month(*m - Duration::days(1)))>
                    {tr(S::PreviousMonth)}
                </button>
                <h2 aria-live="polite">{move || format_month(lang.get(), month.get())}</h2>
                <button type="button" class="button" on:click=move |_| month.update(|m| *m = next_month(*m))>{tr(S::NextMonth)}</button>
            </div>
            <div class="calendar">
                {move || {
                    let first = month.get();
                    let blanks = first.weekday().num_days_from_monday();
                    let days = (next_month(first) - first).num_days();
                    view! {
                        {(0..blanks).map(|_| view! { <span class="day-blank" aria-hidden="true"></span> }).collect_view()}
                        {(0..days).map(|i| day_cell(first + Duration::days(i))).collect_view()}
                    }
                }}
            </div>
            <DayDetail selected/>
            <AdherenceTable/>
        </section>
    }
}

#[component]
fn DayDetail(selected: RwSignal<NaiveDate>) -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let doses = move || {
        let day = selected.get();
        let now = state.now.get();
        state
            .data
            .with(|d| doses_between(d, &state.zone(), day, day + Duration::days(1), now))
            .into_iter()
            .filter(|dose| state.shows(dose.occurrence.profile_id))
            .collect::<Vec<_>>()
    };
    view! {
        <section class="day-detail" aria-labelledby="day-heading">
            <h2 id="day-heading">{tr(S::DayDetail)} ": " {move || format_date(lang.get(), selected.get())}</h2>
            {move || {
                let list = doses();
                if list.is_empty() {
                    return view! { <p>{tr(S::NoEvents)}</p> }.into_any();
                }
                view! { <ul class="doses">{list.into_iter().map(|dose| view! { <DoseRecord dose/> }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

/// A dose of the past with every event logged for it, newest last; corrections add events.
#[component]
fn DoseRecord(dose: Assessed) -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let medication = state
        .data
        .with_untracked(|d| d.medication(dose.occurrence.medication_id).cloned());
    let Some(medication) = medication else {
        return ().into_any();
    };
    let key = dose.occurrence.key;
    let events = move || {
        state.data.with(|d| {
            effective(&d.dose_events)
                .filter(|e| e.occurrence == Some(key))
                .cloned()
                .collect::<Vec<DoseEvent>>()
        })
    };
    let taken_event = move || events().into_iter().rev().find(|e| e.taken_at().is_some());
    let new_time = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let side_effect = RwSignal::new(false);
    let local_of = move |at| state.local_time(at);
    let medication_id = medication.meta.id;
    let profile_id = medication.meta.profile_id;
    let change_time = move |_| {
        let Ok(time) = NaiveTime::parse_from_str(new_time.get_untracked().trim(), "%H:%M") else {
            return;
        };
        let rules = IntlRules::default();
        let Ok(at) =
            Resolver::new(&rules).resolve(&state.zone(), dose.occurrence.local.date().and_time(time))
        else {
            return;
        };
        let original = taken_event();
        let event = DoseEvent {
            meta: state.meta(profile_id),
            medication_id,
            occurrence: Some(key),
            action: DoseAction::Taken {
                at: at.instant,
                amount: dose.occurrence.amount,
            },
            recorded_at: crate::clock::now(),
            zone: state.zone(),
            supersedes: original.map(|e| e.meta.id),
        };
        state.save(
            Change {
                dose_events: vec![event],
                ..Change::default()
            },
            Some(T::Saved),
        );
    };
    let add_note = move |_| {
        let text = note.get_untracked().trim().to_owned();
        if text.is_empty() {
            return;
        }
        let event = DoseEvent {
            meta: state.meta(profile_id),
            medication_id,
            occurrence: Some(key),
            action: DoseAction::Note {
                text,
                side_effect: side_effect.get_untracked(),
            },
            recorded_at: crate::clock::now(),
            zone: state.zone(),
            supersedes: None,
        };
        note.set(String::new());
        side_effect.set(false);
        state.save(
            Change {
                dose_events: vec![event],
                ..Change::default()
            },
            Some(T::Saved),
        );
    };
    // Unique per dose: ids made in the same millisecond share their first characters, so use the whole id.
    let id = format!("{}-{}", key.schedule_id, key.slot.and_utc().timestamp());
    let (time_id, note_id, side_id) = (format!("time-{id}"), format!("note-{id}"), format!("side-{id}"));
    view! {
        <li class="dose">
            <div class="dose-head">
                <span class="swatch" style:background-color=medication.colour.clone() aria-hidden="true"></span>
                <div class="dose-text">
                    <p class="dose-name">{format_time(lang.get_untracked(), dose.occurrence.local)} " · " {medication.name.clone()}</p>
                    <p class="dose-amount">{amount_text(lang.get_untracked(), dose.occurrence.amount, &medication.unit)}</p>
                    <ul class="events">
                        {move || events().into_iter().map(|e| {
                            let text = match &e.action {
                                DoseAction::Taken { at, .. } => format!("{} {}", T::StatusTaken.get(lang.get()), format_time(lang.get(), local_of(*at))),
                                DoseAction::Skipped { .. } => T::StatusSkipped.get(lang.get()).to_owned(),
                                DoseAction::Snoozed { until } => format!("{} → {}", T::StatusSnoozed.get(lang.get()), format_time(lang.get(), local_of(*until))),
                                DoseAction::Note { text, side_effect } => {
                                    let label = if *side_effect { S::SideEffect } else { S::Note };
                                    format!("{}: {text}", label.get(lang.get()))
                                }
                                DoseAction::Retracted => String::new(),
                            };
                            let corrected = e.supersedes.is_some().then(|| format!(" ({})", S::Corrected.get(lang.get())));
                            view! { <li>{text}{corrected}</li> }
                        }).collect_view()}
                    </ul>
                </div>
                <span class=format!("status status-{}", dose.status.name())>{tr(status_text(&dose.status))}</span>
            </div>
            <div class="edit-row">
                <div class="field">
                    <label for=time_id.clone()>{tr(S::ChangeTime)}</label>
                    <input id=time_id type="time" prop:value=move || new_time.get() on:input=move |ev| new_time.set(event_target_value(&ev))/>
                </div>
                <button type="button" class="button" on:click=change_time>{tr(S::Save)}</button>
            </div>
            <div class="edit-row">
                <div class="field">
                    <label for=note_id.clone()>{tr(S::AddNote)}</label>
                    <input id=note_id type="text" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                    <label class="check" for=side_id>
                        <input id=side_id.clone() type="checkbox" prop:checked=move || side_effect.get() on:change=move |ev| side_effect.set(event_target_checked(&ev))/>
                        {tr(S::NoteIsSideEffect)}
                    </label>
                </div>
                <button type="button" class="button" on:click=add_note>{tr(S::Save)}</button>
            </div>
        </li>
    }
    .into_any()
}

fn percent(lang: Lang, value: Option<f64>) -> String {
    value.map_or_else(
        || S::NoData.get(lang).to_owned(),
        |v| format!("{:.0}%", v * 100.0),
    )
}

#[component]
fn AdherenceTable() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let rows = move || {
        let now = state.now.get();
        state.data.with(|d| {
            let zones = ZoneContext::recorded(d, &state.zone());
            let reports: Vec<_> = [7u32, 30, 90]
                .into_iter()
                .filter_map(|days| {
                    report(d, &zones, &IntlRules::default(), state.profile.get(), days, now).ok()
                })
                .collect();
            d.medications
                .iter()
                .filter(|m| !m.meta.deleted && state.shows(m.meta.profile_id))
                .filter(|m| reports.iter().any(|r| r.per_medication.contains_key(&m.meta.id)))
                .map(|m| {
                    let cells: Vec<String> = reports
                        .iter()
                        .map(|r| {
                            percent(
                                lang.get(),
                                r.per_medication.get(&m.meta.id).and_then(|c| c.taking()),
                            )
                        })
                        .collect();
                    (m.name.clone(), cells)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section aria-labelledby="adherence-heading">
            <h2 id="adherence-heading">{tr(S::Adherence)}</h2>
            <table class="adherence">
                <thead>
                    <tr>
                        <th scope="col">{tr(S::Medicines)}</th>
                        {[7, 30, 90].into_iter().map(|days| view! { <th scope="col">{tr(S::LastDays)} " " {days} " " {tr(S::DaysWord)}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {move || rows().into_iter().map(|(name, cells)| view! {
                        <tr><th scope="row">{name}</th>{cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
