//! My health: what matters to the person (goals in their own words), a check-in in under a minute, and
//! measurements, each saved only once it reads as a plausible value. The numbers are the person's: Tend checks
//! for typos, never judges a reading.

use crate::clock;
use crate::i18n::{browser_language, format_date, format_time, tr, use_lang, Lang, Text, S, T};
use crate::nav::Link;
use crate::pages::charts::Charts;
use crate::pages::today::number_text;
use crate::route::Route;
use crate::state::{use_state, AppState};
use crate::storage::Change;
use crate::zone_rules::IntlRules;
use chrono::{DateTime, NaiveDateTime, Utc};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use tend_core::checkin::{CheckIn, MAX_NOTE_CHARS, SYMPTOMS};
use tend_core::goal::{current_goals, Goal, MAX_GOAL_CHARS};
use tend_core::measure::{
    glucose_in_mg_dl, kg_to_lb, lb_to_kg, mg_dl_to_mmol_l, mmol_l_to_mg_dl, weight_in_lb, MeasureKind,
    Measurement, Reading, ReadingProblem,
};
use tend_core::record::Record;
use tend_core::visit::medicine_names;
use tend_core::wire_time::WireText;
use tend_core::Id;

#[component]
pub fn Health() -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="health-heading">
            <h1 id="health-heading">{tr(S::HealthTitle)}</h1>
            <Goals/>
            <CheckInForm/>
            <MeasurementForm/>
            <RecentMeasurements/>
            <Charts/>
        </section>
    }
}

/// The person's goals, and a form to add one.
#[component]
fn Goals() -> impl IntoView {
    let state = use_state();
    let text = RwSignal::new(String::new());
    let measure = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<Id>::new());
    let empty = RwSignal::new(false);
    let medicines = move || {
        let Some(person) = state.target_profile() else {
            return Vec::new();
        };
        let now = clock::now();
        state.data.with(|d| {
            let theirs = d
                .medications
                .iter()
                .filter(|m| m.meta.profile_id == person && !m.meta.deleted);
            theirs
                .filter(|m| !m.has_ended_at(now))
                .map(|m| (m.meta.id, m.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let goals = move || {
        let Some(person) = state.target_profile() else {
            return Vec::new();
        };
        state
            .data
            .with(|d| current_goals(&d.goals, person).cloned().collect::<Vec<_>>())
    };
    let add = move |ev: SubmitEvent| {
        ev.prevent_default();
        let words = text.get_untracked().trim().to_owned();
        empty.set(words.is_empty());
        let Some(person) = state.target_profile().filter(|_| !words.is_empty()) else {
            return;
        };
        let goal = Goal {
            meta: state.meta(person),
            text: words,
            medication_ids: chosen.get_untracked(),
            measure: MeasureKind::from_code(&measure.get_untracked()),
            since: state.today(),
            done: false,
        };
        text.set(String::new());
        measure.set(String::new());
        chosen.set(Vec::new());
        let change = Change {
            goals: vec![goal],
            ..Change::default()
        };
        state.save(change, Some(T::Saved));
    };
    view! {
        <section class="card" aria-labelledby="goals-heading">
            <h2 id="goals-heading">{tr(S::WhatMatters)}</h2>
            <p>{tr(S::WhatMattersHint)}</p>
            <ul class="goal-list">
                <For each=goals key=|g| (g.meta.id, g.meta.stamp) let:goal>
                    <GoalItem goal/>
                </For>
            </ul>
            <form on:submit=add>
                <div class="field">
                    <label for="goal-text">{tr(S::GoalInOwnWords)}</label>
                    <textarea id="goal-text" rows="2" maxlength=MAX_GOAL_CHARS.to_string()
                        aria-describedby="goal-problem"
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </div>
                <div class="field">
                    <label for="goal-measure">{tr(S::GoalMeasure)}</label>
                    <select id="goal-measure" on:change=move |ev| measure.set(event_target_value(&ev))
                        prop:value=move || measure.get()>
                        <option value="">{tr(S::GoalNoMeasure)}</option>
                        {MeasureKind::ALL.map(|k| view! { <option value=k.code()>{tr(kind_name(k))}</option> })}
                    </select>
                </div>
                {move || {
                    let medicines = medicines();
                    (!medicines.is_empty()).then(|| view! {
                        <fieldset class="choices">
                            <legend>{tr(S::GoalMedicines)}</legend>
                            {medicines.into_iter().map(|(id, name)| view! {
                                <label class="choice">
                                    <input type="checkbox" prop:checked=move || chosen.with(|c| c.contains(&id))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            chosen.update(|c| { c.retain(|x| *x != id); if on { c.push(id); } });
                                        }/>
                                    {name}
                                </label>
                            }).collect_view()}
                        </fieldset>
                    })
                }}
                <p id="goal-problem" role="alert">{move || empty.get().then(|| tr(S::GoalEmpty)())}</p>
                <p class="actions"><button type="submit" class="button button-primary">{tr(S::AddGoal)}</button></p>
            </form>
        </section>
    }
}

#[component]
fn GoalItem(goal: Goal) -> impl IntoView {
    let state = use_state();
    let text = goal.text.clone();
    let measure = goal
        .measure
        .map(|k| view! { <span class="goal-measure">" · " {tr(kind_name(k))}</span> });
    let medicines = state.data.with(|d| medicine_names(d, &goal).join(", "));
    let medicines =
        (!medicines.is_empty()).then(|| view! { <span class="goal-measure">" · " {medicines}</span> });
    let reached = move |_| {
        let mut done = goal.clone();
        done.done = true;
        done.meta.stamp = state.stamp();
        let change = Change {
            goals: vec![done],
            ..Change::default()
        };
        state.save(change, Some(S::GoalPutAway));
    };
    view! {
        <li class="goal">
            <span class="goal-text">{text.clone()}</span>
            {measure}
            {medicines}
            <button type="button" class="button" on:click=reached>
                {tr(S::GoalReached)} <span class="visually-hidden">": " {text}</span>
            </button>
        </li>
    }
}

/// How the person is: mood, symptoms, their own words, and whether they did what matters to them.
#[component]
fn CheckInForm() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let mood = RwSignal::new(None::<u32>);
    let symptoms = RwSignal::new(Vec::<&'static str>::new());
    let note = RwSignal::new(String::new());
    let did = RwSignal::new(None::<bool>);
    let empty = RwSignal::new(false);
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(person) = state.target_profile() else {
            return;
        };
        let check_in = CheckIn {
            meta: state.meta(person),
            at: clock::now(),
            zone: state.zone(),
            mood: mood.get_untracked(),
            symptoms: symptoms.get_untracked().into_iter().map(str::to_owned).collect(),
            note: note.get_untracked().trim().to_owned(),
            did_what_matters: did.get_untracked(),
        };
        empty.set(check_in.is_empty());
        if check_in.is_empty() {
            return;
        }
        mood.set(None);
        symptoms.set(Vec::new());
        note.set(String::new());
        did.set(None);
        let change = Change {
            check_ins: vec![check_in],
            ..Change::default()
        };
        state.save(change, Some(S::CheckInSaved));
    };
    let moods = [S::Mood1, S::Mood2, S::Mood3, S::Mood4, S::Mood5];
    view! {
        <section class="card" id="check-in" aria-labelledby="check-in-heading">
            <h2 id="check-in-heading">{tr(S::CheckInTitle)}</h2>
            <form on:submit=save>
                <fieldset class="choices">
                    <legend>{tr(S::MoodQuestion)}</legend>
                    {moods.into_iter().zip(1u32..).map(|(label, value)| view! {
                        <label class="choice">
                            <input type="radio" name="mood" prop:checked=move || mood.get() == Some(value)
                                on:change=move |_| mood.set(Some(value))/>
                            {format!("{value} · ")}{tr(label)}
                        </label>
                    }).collect_view()}
                </fieldset>
                <fieldset class="choices">
                    <legend>{tr(S::SymptomsQuestion)}</legend>
                    {SYMPTOMS.map(|code| view! {
                        <label class="choice">
                            <input type="checkbox" prop:checked=move || symptoms.with(|s| s.contains(&code))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    symptoms.update(|s| {
                                        s.retain(|c| *c != code);
                                        if on {
                                            s.push(code);
                                        }
                                    });
                                }/>
                            {move || symptom_name(lang.get(), code)}
                        </label>
                    })}
                </fieldset>
                <div class="field">
                    <label for="check-in-note">{tr(S::CheckInNote)}</label>
                    <textarea id="check-in-note" rows="2" maxlength=MAX_NOTE_CHARS.to_string()
                        prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                </div>
                <fieldset class="choices">
                    <legend>{tr(S::DidWhatMatters)}</legend>
                    {[(true, S::Yes), (false, S::No)].map(|(value, label)| view! {
                        <label class="choice">
                            <input type="radio" name="did-what-matters" prop:checked=move || did.get() == Some(value)
                                on:change=move |_| did.set(Some(value))/>
                            {tr(label)}
                        </label>
                    })}
                </fieldset>
                <p role="alert">{move || empty.get().then(|| tr(S::CheckInEmpty)())}</p>
                <p class="actions"><button type="submit" class="button button-primary">{tr(S::SaveCheckIn)}</button></p>
            </form>
        </section>
    }
}

/// The units a measurement is typed in: the locale's, changeable.
#[derive(Clone, Copy, PartialEq)]
struct Units {
    glucose_mmol: bool,
    weight_lb: bool,
}

/// A measurement as typed, with its time, checked before it is saved.
#[component]
fn MeasurementForm() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let region = browser_region();
    let kind = RwSignal::new(MeasureKind::BloodPressure);
    let units = RwSignal::new(Units {
        glucose_mmol: !glucose_in_mg_dl(&region),
        weight_lb: weight_in_lb(&region),
    });
    let [first, second, third] = [(); 3].map(|_| RwSignal::new(String::new()));
    let when = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<String>::new());
    let save = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(person) = state.target_profile() else {
            return;
        };
        let lang = lang.get_untracked();
        let typed = [first, second, third].map(|s| s.get_untracked());
        let taken_at = match taken_at(&state, &when.get_untracked()) {
            Some(at) => at,
            None => return problems.set(vec![S::MeasuredWhenProblem.get(lang).to_owned()]),
        };
        match read_reading(lang, kind.get_untracked(), units.get_untracked(), &typed) {
            Err(found) => problems.set(found),
            Ok(reading) => {
                problems.set(Vec::new());
                [first, second, third].iter().for_each(|s| s.set(String::new()));
                when.set(String::new());
                let measurement = Measurement {
                    meta: state.meta(person),
                    taken_at,
                    zone: state.zone(),
                    reading,
                    note: String::new(),
                };
                let change = Change {
                    measurements: vec![measurement],
                    ..Change::default()
                };
                state.save(change, Some(S::MeasurementSaved));
            }
        }
    };
    let number = move |id: &'static str, label: S, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{tr(label)}</label>
                <input id=id type="text" inputmode="decimal" autocomplete="off" size="6"
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            </div>
        }
    };
    let fields = move || match kind.get() {
        MeasureKind::BloodPressure => view! {
            {number("reading-systolic", S::Systolic, first)}
            {number("reading-diastolic", S::Diastolic, second)}
            {number("reading-pulse", S::PulseOptional, third)}
        }
        .into_any(),
        MeasureKind::Glucose => view! {
            {number("reading-value", S::KindGlucose, first)}
            <UnitChoice first=S::UnitMgDl second=S::UnitMmolL
                second_chosen=Signal::derive(move || units.get().glucose_mmol)
                choose=Callback::new(move |mmol| units.update(|u| u.glucose_mmol = mmol))/>
        }
        .into_any(),
        MeasureKind::Weight => view! {
            {number("reading-value", S::KindWeight, first)}
            <UnitChoice first=S::UnitKg second=S::UnitLb
                second_chosen=Signal::derive(move || units.get().weight_lb)
                choose=Callback::new(move |lb| units.update(|u| u.weight_lb = lb))/>
        }
        .into_any(),
        MeasureKind::PeakFlow => number("reading-value", S::PeakFlowLabel, first).into_any(),
    };
    view! {
        <section class="card" aria-labelledby="measure-heading">
            <h2 id="measure-heading">{tr(S::LogMeasurement)}</h2>
            <form on:submit=save novalidate>
                <div class="field">
                    <label for="measure-kind">{tr(S::WhatMeasured)}</label>
                    <select id="measure-kind" on:change=move |ev| {
                        let code = event_target_value(&ev);
                        if let Some(k) = MeasureKind::from_code(&code) {
                            kind.set(k);
                            problems.set(Vec::new());
                        }
                    }>
                        {MeasureKind::ALL.map(|k| view! {
                            <option value=k.code() selected=move || kind.get() == k>{tr(kind_name(k))}</option>
                        })}
                    </select>
                </div>
                {fields}
                <div class="field">
                    <label for="measured-at">{tr(S::MeasuredWhen)}</label>
                    <input id="measured-at" type="datetime-local" prop:value=move || when.get()
                        on:input=move |ev| when.set(event_target_value(&ev))/>
                </div>
                <div role="alert">
                    {move || (!problems.get().is_empty()).then(|| view! {
                        <div class="problems">
                            <p>{tr(S::FixProblems)}</p>
                            <ul>{problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                        </div>
                    })}
                </div>
                <p class="actions"><button type="submit" class="button button-primary">{tr(S::SaveMeasurement)}</button></p>
            </form>
        </section>
    }
}

/// Two units to choose between, as radio buttons.
#[component]
fn UnitChoice(first: S, second: S, second_chosen: Signal<bool>, choose: Callback<bool>) -> impl IntoView {
    view! {
        <fieldset class="choices choices-inline">
            <legend>{tr(S::MeasureUnit)}</legend>
            {[(false, first), (true, second)].map(|(value, label)| view! {
                <label class="choice">
                    <input type="radio" name="unit" prop:checked=move || second_chosen.get() == value
                        on:change=move |_| choose.run(value)/>
                    {tr(label)}
                </label>
            })}
        </fieldset>
    }
}

/// When it was measured: now if left empty, else the local time typed, in the device's zone.
fn taken_at(state: &AppState, typed: &str) -> Option<DateTime<Utc>> {
    if typed.trim().is_empty() {
        return Some(clock::now());
    }
    let local = NaiveDateTime::read(&format!("{typed}:00")).or_else(|| NaiveDateTime::read(typed))?;
    let resolved = tend_core::zone::resolve(&IntlRules, &state.zone(), local).ok()?;
    (resolved.instant <= clock::now() + chrono::Duration::minutes(5)).then_some(resolved.instant)
}

/// The reading typed, in stored units, or each problem in plain words with the range in the units typed.
fn read_reading(
    lang: Lang,
    kind: MeasureKind,
    units: Units,
    typed: &[String; 3],
) -> Result<Reading, Vec<String>> {
    let parse = |text: &str| text.trim().replace(',', ".").parse::<f64>().unwrap_or(f64::NAN);
    let value = parse(&typed[0]);
    let reading = match kind {
        MeasureKind::BloodPressure => Reading::BloodPressure {
            systolic: value,
            diastolic: parse(&typed[1]),
            pulse: (!typed[2].trim().is_empty()).then(|| parse(&typed[2])),
        },
        MeasureKind::Glucose if units.glucose_mmol => Reading::Glucose {
            mg_dl: mmol_l_to_mg_dl(value),
        },
        MeasureKind::Glucose => Reading::Glucose { mg_dl: value },
        MeasureKind::Weight if units.weight_lb => Reading::Weight { kg: lb_to_kg(value) },
        MeasureKind::Weight => Reading::Weight { kg: value },
        MeasureKind::PeakFlow => Reading::PeakFlow { l_min: value },
    };
    let problems = reading.problems();
    if problems.is_empty() {
        return Ok(reading);
    }
    Err(problems
        .into_iter()
        .map(|(field, problem)| reading_problem(lang, field, problem, units))
        .collect())
}

fn reading_problem(lang: Lang, field: &str, problem: ReadingProblem, units: Units) -> String {
    let (label, unit, shown): (S, S, fn(f64) -> f64) = match field {
        "reading.systolic" => (S::Systolic, S::UnitMmHg, |v| v),
        "reading.diastolic" => (S::Diastolic, S::UnitMmHg, |v| v),
        "reading.pulse" => (S::Pulse, S::UnitBpm, |v| v),
        "reading.mg_dl" if units.glucose_mmol => (S::KindGlucose, S::UnitMmolL, mg_dl_to_mmol_l),
        "reading.mg_dl" => (S::KindGlucose, S::UnitMgDl, |v| v),
        "reading.kg" if units.weight_lb => (S::KindWeight, S::UnitLb, kg_to_lb),
        "reading.kg" => (S::KindWeight, S::UnitKg, |v| v),
        _ => (S::PeakFlowLabel, S::UnitLMin, |v| v),
    };
    let field = label.get(lang);
    match problem {
        ReadingProblem::NotANumber => S::ReadingNotNumber.fill(lang, &[("field", &field)]),
        ReadingProblem::OutOfRange { low, high } => {
            let round = |v: f64| number_text(lang, (shown(v) * 10.0).round() / 10.0);
            let values = [
                ("field", &field as &dyn std::fmt::Display),
                ("low", &round(low)),
                ("high", &round(high)),
                ("unit", &unit.get(lang)),
            ];
            S::ReadingOutOfRange.fill(lang, &values)
        }
        ReadingProblem::DiastolicNotBelowSystolic => S::DiastolicNotBelow.get(lang).to_owned(),
    }
}

/// The person's last measurements, newest first.
#[component]
fn RecentMeasurements() -> impl IntoView {
    let state = use_state();
    let recent = move || {
        let Some(person) = state.target_profile() else {
            return Vec::new();
        };
        let mut theirs: Vec<Measurement> = state.data.with(|d| {
            let live = d
                .measurements
                .iter()
                .filter(|m| m.meta.profile_id == person && !m.meta.deleted);
            live.cloned().collect()
        });
        theirs.sort_by_key(|m| std::cmp::Reverse(m.taken_at));
        theirs.truncate(10);
        theirs
    };
    view! {
        <section class="card" aria-labelledby="recent-heading">
            <h2 id="recent-heading">{tr(S::RecentMeasurements)}</h2>
            {move || {
                let recent = recent();
                if recent.is_empty() {
                    return view! { <p>{tr(S::NoMeasurementsYet)}</p> }.into_any();
                }
                view! {
                    <ul class="measurement-list">
                        {recent.into_iter().map(|m| view! { <MeasurementItem measurement=m/> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// One measurement, and a way to delete one typed by mistake (asked first; its tombstone keeps no reading).
#[component]
fn MeasurementItem(measurement: Measurement) -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let asking = RwSignal::new(false);
    let local = state.local_time(measurement.taken_at);
    let when = move || {
        format!(
            "{}, {}",
            format_date(lang.get(), local.date()),
            format_time(lang.get(), local)
        )
    };
    let reading = measurement.reading;
    let delete = move |_| {
        let gone = measurement.tombstone(state.stamp());
        let change = Change {
            measurements: vec![gone],
            ..Change::default()
        };
        state.save(change, Some(S::MeasurementDeleted));
    };
    view! {
        <li>
            <span class="measurement-when">{when}</span> " · " {move || reading_text(lang.get(), reading)}
            <p class="actions">
                {move || if asking.get() {
                    view! {
                        <span>{tr(S::DeleteMeasurementQuestion)}</span>
                        <button type="button" class="button" on:click=delete.clone()>{tr(S::DeleteMeasurementYes)}</button>
                        <button type="button" class="button" on:click=move |_| asking.set(false)>{tr(S::KeepIt)}</button>
                    }
                    .into_any()
                } else {
                    view! {
                        <button type="button" class="button" on:click=move |_| asking.set(true)>
                            {tr(S::DeleteMeasurement)}
                            <span class="visually-hidden">": " {move || reading_text(lang.get(), reading)}</span>
                        </button>
                    }
                    .into_any()
                }}
            </p>
        </li>
    }
}

/// A reading in words and units: "Blood pressure 132/84 mmHg, pulse 71".
pub fn reading_text(lang: Lang, reading: Reading) -> String {
    let name = kind_name(reading.kind()).get(lang);
    format!("{name} {}", value_text(lang, reading))
}

/// A reading's value and units, to a tenth: "132/84 mmHg, pulse 71".
pub fn value_text(lang: Lang, reading: Reading) -> String {
    let number = |v: f64| number_text(lang, (v * 10.0).round() / 10.0);
    let (main, diastolic, pulse) = reading.numbers();
    let value = diastolic.map_or_else(|| number(main), |d| format!("{}/{}", number(main), number(d)));
    let text = format!("{value} {}", reading.kind().unit());
    let pulse = pulse.map(|p| format!(", {} {}", S::Pulse.get(lang).to_lowercase(), number(p)));
    text + &pulse.unwrap_or_default()
}

pub fn kind_name(kind: MeasureKind) -> S {
    match kind {
        MeasureKind::BloodPressure => S::KindBloodPressure,
        MeasureKind::Glucose => S::KindGlucose,
        MeasureKind::Weight => S::KindWeight,
        MeasureKind::PeakFlow => S::KindPeakFlow,
    }
}

pub fn symptom_name(lang: Lang, code: &str) -> &'static str {
    let text = match code {
        "tiredness" => S::SymptomTiredness,
        "headache" => S::SymptomHeadache,
        "dizziness" => S::SymptomDizziness,
        "nausea" => S::SymptomNausea,
        "upset_stomach" => S::SymptomUpsetStomach,
        "poor_sleep" => S::SymptomPoorSleep,
        "pain" => S::SymptomPain,
        "shortness_of_breath" => S::SymptomBreath,
        "rash" => S::SymptomRash,
        _ => S::SymptomLowMood,
    };
    text.get(lang)
}

/// The region of the browser's language ("US" of "en-US"), which picks the default units.
fn browser_region() -> String {
    let language = browser_language().unwrap_or_default();
    language.rsplit(['-', '_']).next().unwrap_or_default().to_owned()
}

/// Below Today's doses: the person's own reasons, and one tap to check in or log a measurement.
#[component]
pub fn TodayWhy() -> impl IntoView {
    let state = use_state();
    let goals = move || {
        let Some(person) = state.target_profile() else {
            return Vec::new();
        };
        state.data.with(|d| {
            current_goals(&d.goals, person)
                .map(|g| g.text.clone())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="card today-why" aria-labelledby="why-heading">
            <h2 id="why-heading">{tr(S::WhatMatters)}</h2>
            {move || {
                let goals = goals();
                if goals.is_empty() {
                    return view! { <p>{tr(S::WhatMattersHint)}</p> }.into_any();
                }
                view! { <ul class="goal-list">{goals.into_iter().map(|g| view! { <li>{g}</li> }).collect_view()}</ul> }.into_any()
            }}
            <p><Link to=Route::Health class="button">{tr(S::CheckInFromToday)}</Link></p>
        </section>
    }
}
