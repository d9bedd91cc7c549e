//! History: a month calendar marked with daily adherence (by colour and a symbol), a day's doses with their
//! events (scheduled doses and doses taken as needed), edits that supersede rather than overwrite, notes, and
//! adherence over 7, 30 and 90 days per medicine (use, for as-needed medicines).

use crate::i18n::{format_date, format_month, format_time, tr, use_lang, Lang, Text, S, T};
use crate::nav::Link;
use crate::pages::common::swatch;
use crate::pages::medicines::weekday_short;
use crate::pages::suggestions::Suggestions;
use crate::pages::today::{amount_text, status_text};
use crate::route::Route;
use crate::state::{use_state, AppState};
use crate::storage::Change;
use crate::zone_rules::IntlRules;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};
use leptos::prelude::*;
use std::collections::{BTreeMap, HashMap};
use tend_core::adherence::{report, Report};
use tend_core::dataset::ZoneContext;
use tend_core::dose::{effective, DoseAction, DoseEvent, OccurrenceKey};
use tend_core::schedule::Pattern;
use tend_core::status::{assess, Assessed, DoseStatus};
use tend_core::zone::Resolver;
use tend_core::{Dataset, Id};

/// The periods of the adherence table, in days.
const PERIODS: [u32; 3] = [7, 30, 90];

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).expect("day 1 exists")
}

fn next_month(first: NaiveDate) -> NaiveDate {
    first_of_month(first + Duration::days(32))
}

/// The instants from the start of one local date to the start of another, in `zone`.
fn instants_between(zone: &str, from: NaiveDate, to: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let rules = IntlRules;
    let mut resolver = Resolver::new(&rules);
    let start = resolver.resolve(zone, from.and_time(NaiveTime::MIN)).ok()?;
    let end = resolver.resolve(zone, to.and_time(NaiveTime::MIN)).ok()?;
    Some((start.instant, end.instant))
}

/// The scheduled doses between two local dates (end excluded), in the device's zone.
fn doses_between(
    data: &Dataset,
    zone: &str,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Vec<Assessed> {
    let Some((start, end)) = instants_between(zone, from, to) else {
        return Vec::new();
    };
    let zones = ZoneContext::recorded(data, zone);
    assess(data, &zones, &IntlRules, start, end, now).unwrap_or_default()
}

/// How much of a day's settled doses were taken: shown by colour, a symbol and words, never colour alone.
#[derive(Clone, Copy, PartialEq)]
enum DayLevel {
    NoDoses,
    All,
    Some,
    Nothing,
}

impl DayLevel {
    fn of(counts: Option<(u32, u32)>) -> Self {
        match counts {
            None => DayLevel::NoDoses,
            Some((taken, expected)) if taken == expected => DayLevel::All,
            Some((0, _)) => DayLevel::Nothing,
            Some(_) => DayLevel::Some,
        }
    }

    fn class(self) -> &'static str {
        match self {
            DayLevel::NoDoses => "day day-none",
            DayLevel::All => "day day-all",
            DayLevel::Some => "day day-some",
            DayLevel::Nothing => "day day-nothing",
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            DayLevel::NoDoses => "",
            DayLevel::All => "✓",
            DayLevel::Some => "½",
            DayLevel::Nothing => "✗",
        }
    }

    fn words(self, lang: Lang) -> &'static str {
        match self {
            DayLevel::NoDoses => "",
            DayLevel::All => S::DayAllTaken.get(lang),
            DayLevel::Some => S::DaySomeTaken.get(lang),
            DayLevel::Nothing => S::DayNoneTaken.get(lang),
        }
    }
}

#[component]
pub fn History() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let today = state.today();
    let month = RwSignal::new(first_of_month(today));
    let selected = RwSignal::new(today);
    // Taken and settled doses per day of the month shown.
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
        let counts = move || by_day.with(|days| days.get(&date).copied());
        let level = move || DayLevel::of(counts());
        // The visible day and count start the accessible name; the words and the full date follow.
        let hidden = move || {
            let words = level().words(lang.get());
            let date = format_date(lang.get(), date);
            if words.is_empty() {
                format!(", {date}")
            } else {
                format!(", {words}, {date}")
            }
        };
        view! {
            <button type="button" class=move || level().class() aria-pressed=move || (selected.get() == date).to_string()
                on:click=move |_| selected.set(date)>
                <span class="day-number">{date.day()}</span>
                " "
                <span class="day-count">
                    <span class="day-mark" aria-hidden="true">{move || level().symbol()}</span>
                    {move || counts().map(|(taken, expected)| format!("{taken}/{expected}"))}
                </span>
                <span class="visually-hidden">{hidden}</span>
            </button>
        }
    };
    view! {
        <section class="page" aria-labelledby="history-heading">
            <h1 id="history-heading">{tr(S::History)}</h1>
            <p><Link to=Route::Report>{tr(S::ReportTitle)}</Link></p>
            <Suggestions/>
            <div class="month-bar">
                <button type="button" class="button" on:click=move |_| month.update(|m| *m = first_of_month(*m - Duration::days(1)))>
                    {tr(S::PreviousMonth)}
                </button>
                <h2 aria-live="polite">{move || format_month(lang.get(), month.get())}</h2>
                <button type="button" class="button" on:click=move |_| month.update(|m| *m = next_month(*m))>{tr(S::NextMonth)}</button>
            </div>
            <div class="calendar">
                // Each day's button names its full date, so the headings are for the eye only.
                {(0..7u8).map(|i| {
                    let day = Weekday::try_from(i).expect("0..7");
                    view! { <span class="weekday" aria-hidden="true">{move || weekday_short(lang.get(), day)}</span> }
                }).collect_view()}
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
            <AdherenceTable periods=&PERIODS/>
        </section>
    }
}

/// Which dose a row is: a scheduled dose, or one taken without a slot (as needed, or extra), named by the first
/// event logged for it, so a corrected time keeps its row, its open editor and its notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum DoseKey {
    Scheduled(OccurrenceKey),
    Unscheduled(Id),
}

/// One dose of the day shown, with the events in force for it.
#[derive(Clone, Debug, PartialEq)]
struct DayDose {
    key: DoseKey,
    medication_id: Id,
    profile_id: Id,
    /// When it was due, or, for an unscheduled dose, when it was taken.
    local: NaiveDateTime,
    amount: f64,
    /// `None` for an unscheduled dose, which is taken by being there.
    status: Option<DoseStatus>,
    /// What notes about this dose carry as their occurrence: its key, or for an unscheduled dose the medicine's
    /// schedule and the instant it was first logged (as interval schedules name slots by UTC time).
    note_key: OccurrenceKey,
    events: Vec<DoseEvent>,
}

impl DayDose {
    fn is_taken(&self) -> bool {
        self.status.is_none_or(|s| s.is_taken())
    }

    fn occurrence(&self) -> Option<OccurrenceKey> {
        match self.key {
            DoseKey::Scheduled(key) => Some(key),
            DoseKey::Unscheduled(_) => None,
        }
    }

    fn taken_event(&self) -> Option<&DoseEvent> {
        self.events.iter().rev().find(|e| e.taken_at().is_some())
    }

    /// Unique per dose, for element ids: ids made in the same millisecond share their first characters, so use
    /// whole ids.
    fn dom_id(&self) -> String {
        match self.key {
            DoseKey::Scheduled(key) => format!("{}-{}", key.schedule_id, key.slot.and_utc().timestamp()),
            DoseKey::Unscheduled(first) => first.to_string(),
        }
    }
}

/// Follows corrections back to the event first logged for a dose.
fn first_logged<'a>(event: &'a DoseEvent, by_id: &HashMap<Id, &'a DoseEvent>) -> &'a DoseEvent {
    std::iter::successors(Some(event), |e| {
        e.supersedes.and_then(|id| by_id.get(&id).copied())
    })
    .take(by_id.len() + 1)
    .last()
    .unwrap_or(event)
}

/// Every dose of one local day, scheduled or not, in time order, each with its events.
fn day_doses(data: &Dataset, state: &AppState, day: NaiveDate, now: DateTime<Utc>) -> Vec<DayDose> {
    let zone = state.zone();
    let next = day + Duration::days(1);
    let mut doses: Vec<DayDose> = doses_between(data, &zone, day, next, now)
        .into_iter()
        .filter(|a| state.shows(a.occurrence.profile_id))
        .map(|a| DayDose {
            key: DoseKey::Scheduled(a.occurrence.key),
            medication_id: a.occurrence.medication_id,
            profile_id: a.occurrence.profile_id,
            local: a.occurrence.local,
            amount: a.occurrence.amount,
            status: Some(a.status),
            note_key: a.occurrence.key,
            events: Vec::new(),
        })
        .collect();
    let in_force: Vec<&DoseEvent> = effective(&data.dose_events).collect();
    if let Some((start, end)) = instants_between(&zone, day, next) {
        let unscheduled: HashMap<Id, &DoseEvent> = data
            .dose_events
            .iter()
            .filter(|e| e.occurrence.is_none() && e.taken_at().is_some())
            .map(|e| (e.meta.id, e))
            .collect();
        for event in in_force.iter().filter(|e| e.occurrence.is_none()) {
            let DoseAction::Taken { at, amount } = event.action else {
                continue;
            };
            if !(start..end).contains(&at) || !state.shows(event.meta.profile_id) {
                continue;
            }
            let first = first_logged(event, &unscheduled);
            let schedule_id = data
                .schedules_of(event.medication_id)
                .min_by_key(|s| !matches!(s.pattern, Pattern::AsNeeded { .. }))
                .map_or(event.medication_id, |s| s.meta.id);
            doses.push(DayDose {
                key: DoseKey::Unscheduled(first.meta.id),
                medication_id: event.medication_id,
                profile_id: event.meta.profile_id,
                local: state.local_time(at),
                amount,
                status: None,
                note_key: OccurrenceKey {
                    schedule_id,
                    slot: first.taken_at().unwrap_or(at).naive_utc(),
                },
                events: vec![(*event).clone()],
            });
        }
    }
    let scheduled: HashMap<OccurrenceKey, usize> = doses
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.occurrence().map(|key| (key, i)))
        .collect();
    let noted: HashMap<(Id, NaiveDateTime), usize> = doses
        .iter()
        .enumerate()
        .filter(|(_, d)| d.occurrence().is_none())
        .map(|(i, d)| ((d.medication_id, d.note_key.slot), i))
        .collect();
    for event in in_force {
        let Some(key) = event.occurrence else {
            continue;
        };
        let is_note = matches!(event.action, DoseAction::Note { .. });
        let found = scheduled.get(&key).or_else(|| {
            is_note
                .then(|| noted.get(&(event.medication_id, key.slot)))
                .flatten()
        });
        if let Some(&i) = found {
            doses[i].events.push(event.clone());
        }
    }
    tend_core::sort::sort_by_key(&mut doses, |d| d.local);
    doses
}

#[component]
fn DayDetail(selected: RwSignal<NaiveDate>) -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let doses = Memo::new(move |_| {
        // Never behind a dose just logged: `now` ticks only every 30 seconds.
        let (day, now) = (selected.get(), state.now.get().max(crate::clock::now()));
        state.data.with(|d| day_doses(d, &state, day, now))
    });
    view! {
        <section class="day-detail" aria-labelledby="day-heading">
            <h2 id="day-heading">{tr(S::DayDetail)} ": " {move || format_date(lang.get(), selected.get())}</h2>
            <Show when=move || doses.with(|list| !list.is_empty()) fallback=|| view! { <p>{tr(S::NoEvents)}</p> }>
                // Keyed: the clock's tick and saves of other doses update each row in place, so an open editor
                // and what is typed in it stay.
                <ul class="doses">
                    <For each=move || doses.get() key=|dose| dose.key let:dose>
                        <DoseRecord dose doses/>
                    </For>
                </ul>
            </Show>
        </section>
    }
}

fn event_text(state: AppState, lang: Lang, event: &DoseEvent) -> String {
    let time = |at| format_time(lang, state.local_time(at));
    let text = match &event.action {
        DoseAction::Taken { at, .. } => format!("{} {}", T::StatusTaken.get(lang), time(*at)),
        DoseAction::Skipped { .. } => T::StatusSkipped.get(lang).to_owned(),
        DoseAction::Snoozed { until } => format!("{} → {}", T::StatusSnoozed.get(lang), time(*until)),
        DoseAction::Note { text, side_effect } => {
            let label = if *side_effect { S::SideEffect } else { S::Note };
            format!("{}: {text}", label.get(lang))
        }
        DoseAction::Retracted => String::new(),
    };
    match event.supersedes {
        Some(_) => format!("{text} ({})", S::Corrected.get(lang)),
        None => text,
    }
}

/// A dose of the past with every event logged for it, newest last; corrections and notes add events. Built once
/// per dose: what changes is read from `doses`.
#[component]
fn DoseRecord(dose: DayDose, doses: Memo<Vec<DayDose>>) -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let Some(medication) = state
        .data
        .with_untracked(|d| d.medication(dose.medication_id).cloned())
    else {
        return ().into_any();
    };
    let key = dose.key;
    let id = dose.dom_id();
    let current = Memo::new(move |previous: Option<&DayDose>| {
        doses
            .with(|all| all.iter().find(|d| d.key == key).cloned())
            .or_else(|| previous.cloned())
            .unwrap_or_else(|| dose.clone())
    });
    let editing = RwSignal::new(false);
    let new_time = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let side_effect = RwSignal::new(false);
    let save = move |occurrence: Option<OccurrenceKey>, action: DoseAction, supersedes: Option<Id>| {
        let event = DoseEvent {
            meta: state.meta(current.with_untracked(|d| d.profile_id)),
            medication_id: current.with_untracked(|d| d.medication_id),
            occurrence,
            action,
            recorded_at: crate::clock::now(),
            zone: state.zone(),
            supersedes,
        };
        state.save(
            Change {
                dose_events: vec![event],
                ..Change::default()
            },
            Some(T::Saved),
        );
    };
    let change_time = move |_| {
        let Ok(time) = NaiveTime::parse_from_str(new_time.get_untracked().trim(), "%H:%M") else {
            return;
        };
        let dose = current.get_untracked();
        let rules = IntlRules;
        let Ok(at) = Resolver::new(&rules).resolve(&state.zone(), dose.local.date().and_time(time)) else {
            return;
        };
        let action = DoseAction::Taken {
            at: at.instant,
            amount: dose.amount,
        };
        save(dose.occurrence(), action, dose.taken_event().map(|e| e.meta.id));
    };
    let add_note = move |_| {
        let text = note.get_untracked().trim().to_owned();
        if text.is_empty() {
            return;
        }
        let action = DoseAction::Note {
            text,
            side_effect: side_effect.get_untracked(),
        };
        note.set(String::new());
        side_effect.set(false);
        save(Some(current.with_untracked(|d| d.note_key)), action, None);
    };
    let time = move || format_time(lang.get(), current.with(|d| d.local));
    let status = move || current.with(|d| d.status);
    let (editor_id, time_id, note_id, side_id) = (
        format!("edit-{id}"),
        format!("time-{id}"),
        format!("note-{id}"),
        format!("side-{id}"),
    );
    let name = medication.name.clone();
    view! {
        <li class="dose">
            <div class="dose-head">
                {swatch(medication.colour.clone(), &medication.name)}
                <div class="dose-text">
                    <p class="dose-name">{time} " · " {medication.name.clone()}</p>
                    <p class="dose-amount">
                        {move || amount_text(lang.get(), current.with(|d| d.amount), &medication.unit)}
                        {move || status().is_none().then(|| format!(" · {}", S::AsNeeded.get(lang.get())))}
                    </p>
                    // Under the name rather than beside it, so a long name keeps the card's width.
                    <p class="dose-status">
                        <span class=move || format!("status status-{}", status().map_or("as_needed", |s| s.name()))>
                            {move || status().map_or(T::StatusTaken, |s| status_text(&s)).get(lang.get())}
                        </span>
                    </p>
                    <ul class="events">
                        {move || current.with(|d| d.events.iter().map(|e| event_text(state, lang.get(), e)).collect::<Vec<_>>())
                            .into_iter()
                            .map(|text| view! { <li>{text}</li> })
                            .collect_view()}
                    </ul>
                </div>
            </div>
            <div class="dose-actions">
                <button type="button" class="button" aria-expanded=move || editing.get().to_string() aria-controls=editor_id.clone()
                    on:click=move |_| editing.update(|open| *open = !*open)>
                    {tr(S::Edit)}
                    <span class="visually-hidden">{move || format!(": {name}, {}", time())}</span>
                </button>
            </div>
            <div id=editor_id hidden=move || !editing.get()>
                <Show when=move || current.with(DayDose::is_taken)>
                    <div class="edit-row">
                        <div class="field">
                            <label for=time_id.clone()>{tr(S::ChangeTime)}</label>
                            <input id=time_id.clone() type="time" prop:value=move || new_time.get() on:input=move |ev| new_time.set(event_target_value(&ev))/>
                        </div>
                        <button type="button" class="button" on:click=change_time>{tr(S::Save)}</button>
                    </div>
                </Show>
                <div class="edit-row">
                    <div class="field">
                        <label for=note_id.clone()>{tr(S::AddNote)}</label>
                        <input id=note_id type="text" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                        <label class="check" for=side_id.clone()>
                            <input id=side_id.clone() type="checkbox" prop:checked=move || side_effect.get() on:change=move |ev| side_effect.set(event_target_checked(&ev))/>
                            {tr(S::NoteIsSideEffect)}
                        </label>
                    </div>
                    <button type="button" class="button" on:click=add_note>{tr(S::Save)}</button>
                </div>
            </div>
        </li>
    }
    .into_any()
}

/// How often an as-needed medicine was used ("used 12 times").
fn uses(lang: Lang, times: u32) -> String {
    match times {
        0 => S::NotUsed.get(lang).to_owned(),
        1 => S::UsedOnce.get(lang).to_owned(),
        n => S::UsedTimes.fill(lang, &[("n", &n)]),
    }
}

/// Whether a report has anything on a medicine: scheduled doses, or an as-needed schedule.
fn has_figures(report: &Report, medication_id: Id) -> bool {
    report.per_medication.contains_key(&medication_id)
        || report.as_needed.iter().any(|u| u.medication_id == medication_id)
}

/// A medicine's figure for one period: taking adherence, or use for an as-needed medicine; `None` while no dose
/// of it has settled.
fn figure(lang: Lang, report: &Report, medication_id: Id) -> Option<String> {
    if let Some(counts) = report.per_medication.get(&medication_id) {
        return counts.taking().map(|taking| format!("{:.0}%", taking * 100.0));
    }
    report
        .as_needed
        .iter()
        .find(|u| u.medication_id == medication_id)
        .map(|u| uses(lang, u.doses_taken))
}

/// A figure, or a dash read out as "no doses yet".
fn figure_cell(figure: Option<String>) -> impl IntoView {
    match figure {
        Some(text) => view! { <td>{text}</td> }.into_any(),
        None => view! { <td><span aria-hidden="true">"–"</span><span class="visually-hidden">{tr(S::NoData)}</span></td> }
            .into_any(),
    }
}

#[component]
pub fn AdherenceTable(
    /// The periods shown, in days.
    periods: &'static [u32],
) -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let rows = move || {
        let (now, lang) = (state.now.get().max(crate::clock::now()), lang.get());
        state.data.with(|d| {
            let zones = ZoneContext::recorded(d, &state.zone());
            let reports: Vec<Report> = periods
                .iter()
                .copied()
                .filter_map(|days| report(d, &zones, &IntlRules, state.profile.get(), days, now).ok())
                .collect();
            d.medications
                .iter()
                .filter(|m| !m.meta.deleted && state.shows(m.meta.profile_id))
                .filter(|m| reports.iter().any(|r| has_figures(r, m.meta.id)))
                .map(|m| {
                    let cells: Vec<Option<String>> =
                        reports.iter().map(|r| figure(lang, r, m.meta.id)).collect();
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
                        // "Last" is left to screen readers, so each heading fits a narrow column.
                        {periods.iter().map(|&days| view! {
                            <th scope="col"><span class="visually-hidden">{tr(S::LastDays)} " "</span>{days} " " {tr(S::DaysWord)}</th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {move || rows().into_iter().map(|(name, cells)| view! {
                        <tr><th scope="row">{name}</th>{cells.into_iter().map(figure_cell).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
