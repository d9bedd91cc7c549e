//! Today: the day's doses in time order, grouped by time, with one-tap Taken, Skip and Snooze, as-needed
//! medicines with the double-dose guard, and Undo.

use crate::i18n::{format_date, format_time, tr, unit_text, use_lang, Lang, Text, T};
use crate::nav::Link;
use crate::pages::common::MedicineHeading;
use crate::route::Route;
use crate::state::{use_state, AppState, LoadState};
use crate::storage::Change;
use crate::zone_rules::IntlRules;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use leptos::prelude::*;
use tend_core::dataset::ZoneContext;
use tend_core::dose::{DoseAction, DoseEvent, OccurrenceKey, SKIP_REASONS};
use tend_core::hlc::Hlc;
use tend_core::medication::Medication;
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
    let rules = IntlRules;
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

/// "1.5 tablets" / "1,5 comprimidos": up to three decimals, with the language's decimal mark, the unit in the
/// language when Tend knows it. Done with integers so the first-load module carries no float formatting code.
pub fn amount_text(lang: Lang, amount: f64, unit: &str) -> String {
    let one = (amount * 1000.0).round() == 1000.0;
    format!("{} {}", number_text(lang, amount), unit_text(lang, one, unit))
}

/// A number to three decimals at most, with the language's decimal mark: "1.5", "1,5", "2".
pub fn number_text(lang: Lang, value: f64) -> String {
    let thousandths = (value * 1000.0).round() as i64;
    let (whole, fraction) = (thousandths / 1000, (thousandths % 1000).abs());
    let mark = T::DecimalMark.get(lang);
    if fraction == 0 {
        whole.to_string()
    } else {
        format!("{whole}{mark}{}", format!("{fraction:03}").trim_end_matches('0'))
    }
}

/// Logs an action on a dose as a new event, and remembers it for Undo; `done` is the confirmation to show.
pub fn log(
    state: AppState,
    medication: &Medication,
    occurrence: Option<OccurrenceKey>,
    action: DoseAction,
    done: Option<T>,
) {
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
        done,
    );
}

/// What Today's live region says after an action ("Blood pressure tablet: Taken"), so a screen reader hears
/// the result of a tap whose button has just gone.
#[derive(Clone, Copy)]
pub struct Announcer(pub RwSignal<String>);

impl Announcer {
    pub fn say(self, text: String) {
        self.0.set(text);
    }
}

/// The element id of a dose's status, which takes focus after an action on the dose (and after its Undo).
fn status_id(key: OccurrenceKey) -> String {
    format!("status-{}-{}", key.schedule_id, key.slot.and_utc().timestamp())
}

/// The id of an as-needed medicine's use line, which takes focus after a dose of it is logged or undone.
pub fn use_id(medication: Id) -> String {
    format!("use-{medication}")
}

pub fn focus_by_id(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

type Doses = Memo<Result<(NaiveDate, Vec<Assessed>), String>>;

/// Runs `f` on the day's doses (none if they could not be worked out).
fn with_doses<R>(day: Doses, f: impl FnOnce(&[Assessed]) -> R) -> R {
    day.with(|day| f(day.as_ref().map_or(&[][..], |(_, doses)| doses)))
}

/// Which of Today's views is shown. A memo of this, not of the doses, decides the view, so a tap redraws only
/// the dose it changed.
#[derive(Clone, PartialEq)]
enum TodayView {
    Loading,
    Problem(String),
    NoMedicines,
    Doses,
}

#[component]
pub fn Today() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    // The one memo of the day's doses (of the people shown); everything on Today derives from it.
    let day: Doses = Memo::new(move |_| {
        let now = state.now.get();
        let mut day = state
            .data
            .with(|d| todays_doses(d, &state.zone(), state.today(), now));
        if let Ok((_, doses)) = &mut day {
            doses.retain(|d| state.shows(d.occurrence.profile_id));
        }
        day
    });
    let view_shown = Memo::new(move |_| {
        let has_medicines = state.data.with(|d| {
            d.medications
                .iter()
                .any(|m| !m.meta.deleted && state.shows(m.meta.profile_id))
        });
        match (state.load.get(), day.with(|d| d.as_ref().err().cloned())) {
            (LoadState::Loading, _) => TodayView::Loading,
            (_, Some(problem)) => TodayView::Problem(problem),
            _ if !has_medicines => TodayView::NoMedicines,
            _ => TodayView::Doses,
        }
    });
    let announcement = RwSignal::new(String::new());
    provide_context(Announcer(announcement));
    let date = move || {
        day.with(|d| {
            d.as_ref()
                .map(|(today, _)| format_date(lang.get(), *today))
                .unwrap_or_default()
        })
    };
    view! {
        <section class="page" aria-labelledby="today-heading">
            <h1 id="today-heading">{tr(T::Today)}</h1>
            <p class="visually-hidden" role="status">{move || announcement.get()}</p>
            {move || matches!(view_shown.get(), TodayView::NoMedicines | TodayView::Doses)
                .then(|| view! { <p class="today-date">{date}</p> })}
            {move || match view_shown.get() {
                // Never seen: the static shell covers the app until the records are loaded.
                TodayView::Loading => ().into_any(),
                TodayView::Problem(problem) => view! { <p class="problem" role="alert">{problem}</p> }.into_any(),
                TodayView::NoMedicines => view! { <EmptyToday/> }.into_any(),
                TodayView::Doses => view! {
                    <DoseDay doses=day/>
                    <UndoBar/>
                }
                .into_any(),
            }}
        </section>
    }
}

/// No medicines yet. (The offer to try the example plan is one of the extras, below Today, to keep
/// the example's data out of the first load.)
#[component]
fn EmptyToday() -> impl IntoView {
    view! {
        <p>{tr(T::NoMedicinesYet)}</p>
        <p class="actions">
            <Link to=Route::NewMedicine class="button button-primary">{tr(T::AddMedicine)}</Link>
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

/// A dose and the version of its medicine: the dose is drawn again when the medicine changes.
type DoseVersion = (OccurrenceKey, Option<Hlc>);

/// The day's doses grouped by time.
#[component]
fn DoseDay(doses: Doses) -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let summary = move || {
        let (left, total) = with_doses(doses, |all| {
            (all.iter().filter(|d| !d.status.is_final()).count(), all.len())
        });
        let text = if total == 0 { T::NothingToday } else { T::DosesLeft };
        text.fill(lang.get(), &[("left", &left), ("total", &total)])
    };
    // Which doses are at which time changes only when the plan does, not on a tap: a tap redraws the dose's
    // own status, and every other dose keeps its open panel, warning and focus.
    // Which doses are at which time (and each medicine's version) changes only when the plan does, not on a tap:
    // a tap redraws the dose's own status, and every other dose keeps its open panel, warning and focus.
    let groups = Memo::new(move |_| {
        let mut groups: Vec<(NaiveDateTime, Vec<DoseVersion>)> = Vec::new();
        state.data.with(|data| {
            with_doses(doses, |all| {
                for dose in all {
                    let version = data
                        .medication(dose.occurrence.medication_id)
                        .map(|m| m.meta.stamp);
                    let entry = (dose.occurrence.key, version);
                    match groups.last_mut() {
                        Some((time, keys)) if *time == dose.occurrence.local => keys.push(entry),
                        _ => groups.push((dose.occurrence.local, vec![entry])),
                    }
                }
            })
        });
        groups
    });
    Effect::new(move |_| crate::state::mark("tend-today-rendered"));
    view! {
        <p class="summary">{summary}</p>
        {move || groups.get().into_iter().map(|(time, keys)| {
            let label = move || format_time(lang.get(), time);
            view! {
                <section class="dose-group" aria-label=label>
                    <h2 class="dose-time">{label}</h2>
                    <ul class="doses">{keys.into_iter().map(|(key, _)| view! { <DoseItem key doses/> }).collect_view()}</ul>
                </section>
            }
        }).collect_view()}
    }
}

/// Which panel under a dose's buttons is open.
#[derive(Clone, Copy, PartialEq)]
enum Panel {
    None,
    Skip,
    Snooze,
}

#[component]
fn DoseItem(key: OccurrenceKey, doses: Doses) -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let announcer = expect_context::<Announcer>();
    let find = move |all: &[Assessed]| all.iter().find(|d| d.occurrence.key == key).cloned();
    let Some(first) = untrack(|| with_doses(doses, find)) else {
        return ().into_any();
    };
    let medication_id = first.occurrence.medication_id;
    // Drawn again (by `DoseDay`) when the medicine changes, so it is read once here.
    let Some(shown) = state
        .data
        .with_untracked(|d| d.medication(medication_id).cloned())
    else {
        return ().into_any();
    };
    let medication = StoredValue::new(shown.clone());
    let person = state.data.with_untracked(|d| {
        (state.profile.get_untracked().is_none() && d.profiles.len() > 1)
            .then(|| d.profile(shown.meta.profile_id).map(|p| p.name.clone()))
            .flatten()
    });
    let status = move || with_doses(doses, |all| find(all).map_or(DoseStatus::Upcoming, |d| d.status));
    let amount = first.occurrence.amount;
    let panel = RwSignal::new(Panel::None);
    let id = status_id(key);
    let act = move |action: DoseAction, said: String| {
        medication.with_value(|m| {
            log(state, m, Some(key), action, None);
            announcer.say(format!("{} {}: {said}", m.name, m.strength));
        });
        panel.set(Panel::None);
        focus_by_id(&status_id(key));
    };
    let take = move |_| {
        let said = T::StatusTaken.get(lang.get_untracked()).to_owned();
        act(
            DoseAction::Taken {
                at: crate::clock::now(),
                amount,
            },
            said,
        );
    };
    let skip = move |reason: &'static str| {
        let said = T::StatusSkipped.get(lang.get_untracked()).to_owned();
        act(
            DoseAction::Skipped {
                reason: reason.to_owned(),
            },
            said,
        );
    };
    let snooze = move |minutes: i64| {
        let until = crate::clock::now() + Duration::minutes(minutes);
        let lang = lang.get_untracked();
        let said = format!(
            "{} {}",
            T::SnoozedUntil.get(lang),
            format_time(lang, state.local_time(until))
        );
        act(DoseAction::Snoozed { until }, said);
    };
    let toggle = move |which: Panel| panel.update(|p| *p = if *p == which { Panel::None } else { which });
    let label = format!("{} {}", shown.name, shown.strength);
    // Shown and hidden rather than built and removed: cheaper in the first-load module, and nothing is lost.
    view! {
        <li class="dose">
            <div class="dose-head">
                <MedicineHeading medication=shown.clone()>
                    <p class="dose-amount">{move || amount_text(lang.get(), amount, &shown.unit)}</p>
                    {(!shown.instructions.is_empty()).then(|| view! { <p class="dose-instructions">{shown.instructions.clone()}</p> })}
                    {person.map(|name| view! { <p class="dose-person">{name}</p> })}
                </MedicineHeading>
                <span id=id class=move || format!("status status-{}", status().name()) tabindex="-1">{move || tr(status_text(&status()))()}</span>
            </div>
            <div class="dose-actions" role="group" aria-label=label hidden=move || status().is_final()>
                <button type="button" class="button button-primary" on:click=take>{tr(T::Taken)}</button>
                <button type="button" class="button" aria-expanded=move || (panel.get() == Panel::Skip).to_string()
                    on:click=move |_| toggle(Panel::Skip)>{tr(T::Skip)}</button>
                <button type="button" class="button" aria-expanded=move || (panel.get() == Panel::Snooze).to_string()
                    on:click=move |_| toggle(Panel::Snooze)>{tr(T::Snooze)}</button>
            </div>
            <div class="choices" role="group" aria-label=tr(T::SkipWhy) hidden=move || panel.get() != Panel::Skip || status().is_final()>
                <p class="choices-label" aria-hidden="true">{tr(T::SkipWhy)}</p>
                {SKIP_REASONS.into_iter().zip(SKIP_REASON_TEXTS).map(|(reason, text)| view! {
                    <button type="button" class="button" on:click=move |_| skip(reason)>{tr(text)}</button>
                }).collect_view()}
                <button type="button" class="button" on:click=move |_| skip("")>{tr(T::SkipNoReason)}</button>
            </div>
            <div class="choices" role="group" aria-label=tr(T::SnoozeFor) hidden=move || panel.get() != Panel::Snooze || status().is_final()>
                {[10i64, 30, 60].into_iter().map(|minutes| view! {
                    <button type="button" class="button" on:click=move |_| snooze(minutes)>
                        {format!("{minutes} ")}{tr(T::Minutes)}
                    </button>
                }).collect_view()}
            </div>
        </li>
    }
    .into_any()
}

/// The words for `SKIP_REASONS`, in the same order.
const SKIP_REASON_TEXTS: [T; 5] = [
    T::SkipFeltUnwell,
    T::SkipRanOut,
    T::SkipSideEffects,
    T::SkipDoctor,
    T::SkipOther,
];

/// Withdraws the last action logged here (by this module), then puts focus back on the dose it was about.
#[component]
pub fn UndoBar() -> impl IntoView {
    let state = use_state();
    let announcer = expect_context::<Announcer>();
    let lang = use_lang();
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
        let target = original
            .occurrence
            .map_or_else(|| use_id(original.medication_id), status_id);
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
        announcer.say(T::Undone.get(lang.get_untracked()).to_owned());
        focus_by_id(&target);
    };
    view! {
        <Show when=move || state.undo.get().is_some()>
            <p class="undo-bar"><button type="button" class="button" on:click=undo>{tr(T::Undo)}</button></p>
        </Show>
    }
}
