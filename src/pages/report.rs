//! The doctor-visit report: one page to bring to an appointment, or print on A4 or Letter: what matters to the
//! person, the medicines with their schedules in words, how doses were taken over 30 and 90 days, when doses
//! were missed, the measurements, how they have felt, and the side effects noted. The print styles (public/style.css) leave out the app's frame and buttons.

use crate::describe::describe;
use crate::i18n::{format_short_date, tr, use_lang, Lang, Text, S};
use crate::pages::health::{kind_name, symptom_name, value_text};
use crate::pages::history::AdherenceTable;
use crate::pages::medicines::weekday_short;
use crate::pages::today::number_text;
use crate::state::use_state;
use crate::zone_rules::IntlRules;
use chrono::{Duration, Weekday};
use leptos::prelude::*;
use tend_core::adherence::report;
use tend_core::dataset::ZoneContext;
use tend_core::export::People;
use tend_core::visit::{feelings, goals, measurements, medicine_names, side_effects};

/// The periods the report's figures cover.
const PERIODS: [u32; 2] = [30, 90];
/// Misses and side effects are those of this many days.
const RECENT_DAYS: u32 = 90;

#[component]
pub fn Report() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let made = move || {
        let lang = lang.get();
        let date = format_short_date(lang, state.today());
        let person = state
            .profile
            .get()
            .and_then(|id| state.data.with(|d| d.profile(id).map(|p| p.name.clone())));
        match person {
            Some(name) => S::ReportFor.fill(lang, &[("name", &name), ("date", &date)]),
            None => S::ReportForAll.fill(lang, &[("date", &date)]),
        }
    };
    view! {
        <section class="page report" aria-labelledby="report-heading">
            <h1 id="report-heading">{tr(S::ReportTitle)}</h1>
            <p>{made}</p>
            <p class="no-print">
                <button type="button" class="button button-primary" on:click=|_| { let _ = window().print(); }>{tr(S::Print)}</button>
            </p>
            <ReportGoals/>
            <ReportMedicines/>
            <AdherenceTable periods=&PERIODS/>
            <Misses/>
            <ReportMeasurements/>
            <Felt/>
            <SideEffects/>
            <p class="meta">{tr(S::ReportNote)}</p>
        </section>
    }
}

/// The medicines taken now (paused ones said so) and those stopped, each with its schedules in words.
#[component]
fn ReportMedicines() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let listed = move |stopped: bool| {
        let (lang, today, now) = (lang.get(), state.today(), crate::clock::now());
        let mut medicines = state.data.with(|d| {
            d.medications
                .iter()
                .filter(|m| !m.meta.deleted && state.shows(m.meta.profile_id))
                .filter(|m| m.has_ended_at(now) == stopped)
                .map(|m| {
                    let paused = m.is_paused_at(now);
                    let schedules: Vec<String> = d
                        .schedules_of(m.meta.id)
                        .filter(|s| !s.meta.deleted)
                        .map(|s| describe(lang, s, today))
                        .collect();
                    (
                        format!("{} {}", m.name, m.strength).trim().to_owned(),
                        paused,
                        schedules,
                        m.instructions.clone(),
                    )
                })
                .collect::<Vec<_>>()
        });
        // In the order a doctor reads a list: by name.
        tend_core::sort::sort_by_key(&mut medicines, |m| m.0.to_lowercase());
        medicines
    };
    let list = move |stopped: bool| {
        listed(stopped)
            .into_iter()
            .map(|(name, paused, schedules, instructions)| {
                view! {
                    <li>
                        <strong>{name}</strong>
                        {paused.then(|| view! { " (" {tr(S::ReportPaused)} ")" })}
                        {schedules.into_iter().map(|s| view! { <br/>{s} }).collect_view()}
                        {(!instructions.is_empty()).then(|| view! { <br/>{instructions} })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section aria-labelledby="report-medicines-heading">
            <h2 id="report-medicines-heading">{tr(S::Medicines)}</h2>
            <h3>{tr(S::ReportTakingNow)}</h3>
            <ul class="report-list">{move || list(false)}</ul>
            {move || {
                let past = list(true);
                (!listed(true).is_empty()).then(|| view! { <h3>{tr(S::ReportStopped)}</h3><ul class="report-list">{past}</ul> })
            }}
        </section>
    }
}

/// Doses missed or skipped in the last 90 days, by time of day and by weekday: the patterns a doctor asks about.
#[component]
fn Misses() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let counts = move || {
        let now = crate::clock::now();
        state.data.with(|d| {
            let zones = ZoneContext::recorded(d, &state.zone());
            report(d, &zones, &IntlRules, state.profile.get(), RECENT_DAYS, now)
                .ok()
                .map(|r| (r.misses_by_time_of_day, r.misses_by_weekday))
        })
    };
    let parts = [S::PartNight, S::PartMorning, S::PartAfternoon, S::PartEvening];
    let days = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let table = move |lang: Lang, heads: Vec<&'static str>, values: Vec<u32>, caption: S| {
        view! {
            // One row per time of day or weekday: as narrow as a phone's screen needs.
            <table class="figures">
                <caption>{caption.get(lang)}</caption>
                <tbody>
                    {heads.into_iter().zip(values).map(|(h, v)| view! { <tr><th scope="row">{h}</th><td>{v}</td></tr> }).collect_view()}
                </tbody>
            </table>
        }
    };
    view! {
        <section aria-labelledby="misses-heading">
            <h2 id="misses-heading">{tr(S::ReportMisses)}</h2>
            {move || {
                let lang = lang.get();
                counts().map(|(by_part, by_day)| view! {
                    {table(lang, parts.iter().map(|p| p.get(lang)).collect(), by_part.to_vec(), S::ReportByTimeOfDay)}
                    {table(lang, days.iter().map(|d| weekday_short(lang, *d)).collect(), by_day.to_vec(), S::ReportByWeekday)}
                })
            }}
        </section>
    }
}

/// The notes marked as side effects in the last 90 days, newest first, with their dates and medicines.
#[component]
fn SideEffects() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let noted = move || {
        let now = crate::clock::now();
        let since = now - Duration::days(i64::from(RECENT_DAYS));
        let lang = lang.get();
        state.data.with(|d| {
            side_effects(d, people(state.profile.get()), since, now)
                .into_iter()
                .map(|n| {
                    let medicine = d.medication(n.medication_id).map_or("", |m| m.name.as_str());
                    let date = format_short_date(lang, state.local_time(n.noted_at).date());
                    format!("{date} · {medicine}: {}", n.text)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section aria-labelledby="side-effects-heading">
            <h2 id="side-effects-heading">{tr(S::ReportSideEffects)}</h2>
            {move || {
                let notes = noted();
                if notes.is_empty() {
                    view! { <p>{tr(S::ReportNoSideEffects)}</p> }.into_any()
                } else {
                    view! { <ul class="report-list">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul> }.into_any()
                }
            }}
        </section>
    }
}

/// Whose records the report covers: the person shown, or everyone.
fn people(profile: Option<tend_core::Id>) -> People {
    profile.map_or(People::All, People::Only)
}

/// The person's goals in their own words, with the date each was set.
#[component]
fn ReportGoals() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let listed = move || {
        let lang = lang.get();
        state.data.with(|d| {
            let goals = goals(d, people(state.profile.get()));
            goals
                .into_iter()
                .map(|g| {
                    let since = S::ReportGoalSince.fill(lang, &[("date", &format_short_date(lang, g.since))]);
                    let done = if g.done {
                        format!(", {}", S::ReportGoalDone.get(lang))
                    } else {
                        String::new()
                    };
                    let medicines = medicine_names(d, g).join(", ");
                    let about = if medicines.is_empty() {
                        String::new()
                    } else {
                        format!(" · {medicines}")
                    };
                    format!("{} ({since}{done}){about}", g.text)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section aria-labelledby="report-goals-heading">
            <h2 id="report-goals-heading">{tr(S::WhatMatters)}</h2>
            {move || {
                let goals = listed();
                if goals.is_empty() {
                    return view! { <p>{tr(S::ReportNoGoals)}</p> }.into_any();
                }
                view! { <ul class="report-list">{goals.into_iter().map(|g| view! { <li>{g}</li> }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

/// Each kind measured in the last 90 days: how many readings, the average, the range and the latest.
#[component]
fn ReportMeasurements() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let lines = move || {
        let (lang, now) = (lang.get(), crate::clock::now());
        let since = now - Duration::days(i64::from(RECENT_DAYS));
        let summaries = state
            .data
            .with(|d| measurements(d, people(state.profile.get()), since, now));
        summaries
            .into_iter()
            .map(|m| {
                let date = format_short_date(lang, state.local_time(m.latest_at).date());
                let line = S::ReportMeasureLine.fill(
                    lang,
                    &[
                        ("count", &m.count),
                        ("average", &value_text(lang, m.average)),
                        ("lowest", &value_text(lang, m.lowest)),
                        ("highest", &value_text(lang, m.highest)),
                        ("latest", &value_text(lang, m.latest)),
                        ("date", &date),
                    ],
                );
                (kind_name(m.kind).get(lang), line)
            })
            .collect::<Vec<_>>()
    };
    view! {
        <section aria-labelledby="report-measurements-heading">
            <h2 id="report-measurements-heading">{tr(S::ReportMeasurements)}</h2>
            {move || {
                let lines = lines();
                if lines.is_empty() {
                    return view! { <p>{tr(S::ReportNoMeasurements)}</p> }.into_any();
                }
                view! {
                    <ul class="report-list">
                        {lines.into_iter().map(|(kind, line)| view! { <li><strong>{kind}</strong>". "{line}</li> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// The check-ins of the last 90 days: how many, the average mood, the symptoms ticked, whether the person did
/// what matters to them, and their own words.
#[component]
fn Felt() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let felt = move || {
        let now = crate::clock::now();
        let since = now - Duration::days(i64::from(RECENT_DAYS));
        state
            .data
            .with(|d| feelings(d, people(state.profile.get()), since, now))
    };
    let summary = move || {
        let (lang, felt) = (lang.get(), felt());
        if felt.check_ins == 0 {
            return vec![S::ReportNoCheckIns.get(lang).to_owned()];
        }
        let mut lines = vec![S::ReportCheckIns.fill(lang, &[("count", &felt.check_ins)])];
        if let Some(mood) = felt.mood {
            let mood = number_text(lang, (mood * 10.0).round() / 10.0);
            lines.push(S::ReportMood.fill(lang, &[("mood", &mood)]));
        }
        if !felt.symptoms.is_empty() {
            let list: Vec<String> = felt
                .symptoms
                .iter()
                .map(|(code, count)| format!("{} ({count})", symptom_name(lang, code)))
                .collect();
            lines.push(S::ReportSymptoms.fill(lang, &[("list", &list.join(", "))]));
        }
        let (yes, no) = felt.did_what_matters;
        if yes + no > 0 {
            lines.push(S::ReportDidWhatMatters.fill(lang, &[("yes", &yes), ("no", &no)]));
        }
        lines
    };
    let notes = move || {
        let lang = lang.get();
        felt()
            .notes
            .into_iter()
            .map(|(at, text)| {
                format!(
                    "{} · {text}",
                    format_short_date(lang, state.local_time(at).date())
                )
            })
            .collect::<Vec<_>>()
    };
    view! {
        <section aria-labelledby="report-felt-heading">
            <h2 id="report-felt-heading">{tr(S::ReportFelt)}</h2>
            {move || summary().into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
            {move || {
                let notes = notes();
                (!notes.is_empty()).then(|| view! {
                    <h3>{tr(S::ReportOwnWords)}</h3>
                    <ul class="report-list">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                })
            }}
        </section>
    }
}
