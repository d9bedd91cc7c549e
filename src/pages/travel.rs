//! The travel question above Today's doses (in the extras chunk): once the device is in another zone, for each
//! medicine that follows local time, its next dose both ways (`tend_core::travel`) and a choice: keep the same
//! times of day here, or stay on home time, which fixes the medicine to the home zone. Answers are kept on the
//! device per move.

use crate::i18n::{format_time, tr, use_lang, Lang, Text, S};
use crate::state::{use_state, LoadState};
use crate::zone_rules::IntlRules;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use tend_core::travel::{travel, Choice, Travel};
use tend_core::zone::{local_at, ZonePolicy};
use tend_core::{Change, Id};

/// The medicines already answered for, as `<medicine>@<move's start in ms>`, comma-separated.
const ANSWERED_KEY: &str = "tend.travelAnswered";

fn answered() -> Vec<String> {
    crate::prefs::stored(ANSWERED_KEY)
        .map(|s| s.split(',').map(str::to_owned).collect())
        .unwrap_or_default()
}

fn answer_key(medication: Id, since: DateTime<Utc>) -> String {
    format!("{medication}@{}", since.timestamp_millis())
}

/// "8:00 AM" in `zone`, or nothing where the zone is unknown.
fn time_in(lang: Lang, zone: &str, at: DateTime<Utc>) -> String {
    local_at(&IntlRules, zone, at)
        .map(|l| format_time(lang, l.local))
        .unwrap_or_default()
}

fn zone_name(zone: &str) -> String {
    zone.replace('_', " ")
}

#[component]
pub fn TravelPrompt() -> impl IntoView {
    let state = use_state();
    let done = RwSignal::new(answered());
    // Each person shown who moved, with their medicines still to answer for.
    let asked = Memo::new(move |_| {
        if state.load.get() != LoadState::Ready {
            return Vec::new();
        }
        let now = state.now.get();
        let done = done.get();
        state.data.with(|d| {
            d.profiles
                .iter()
                .filter(|p| !p.meta.deleted && state.shows(p.meta.id))
                .filter_map(|p| travel(d, p.meta.id, &IntlRules, now).ok().flatten())
                .filter(|t| {
                    t.medicines
                        .iter()
                        .any(|c| c.fixed.is_none() && !done.contains(&answer_key(c.medication_id, t.since)))
                })
                .collect::<Vec<Travel>>()
        })
    });
    let answer = move |choice: &Choice, travel: &Travel, stay: bool| {
        if stay {
            let medication = state
                .data
                .with_untracked(|d| d.medication(choice.medication_id).cloned());
            if let Some(mut medication) = medication {
                medication.zone_policy = ZonePolicy::Fixed {
                    zone: travel.home.clone(),
                };
                medication.meta.stamp = state.stamp();
                state.save(
                    Change {
                        medications: vec![medication],
                        ..Change::default()
                    },
                    Some(S::TravelStaying),
                );
            }
        }
        let key = answer_key(choice.medication_id, travel.since);
        done.update(|d| d.push(key));
        crate::prefs::store(ANSWERED_KEY, Some(&done.get_untracked().join(",")));
    };
    move || {
        let moves = asked.get();
        (!moves.is_empty()).then(|| {
            view! {
                <section class="card travel" aria-labelledby="travel-heading">
                    <h2 id="travel-heading">{tr(S::TravelTitle)}</h2>
                    {moves.into_iter().map(|t| view! { <Move travel=t done answer/> }).collect_view()}
                </section>
            }
        })
    }
}

/// One person's move: the question, then each medicine with its next dose both ways and the two answers.
#[component]
fn Move(
    travel: Travel,
    done: RwSignal<Vec<String>>,
    answer: impl Fn(&Choice, &Travel, bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let (here, home) = (zone_name(&travel.here), zone_name(&travel.home));
    let what = {
        let (here, home) = (here.clone(), home.clone());
        move || S::TravelWhat.fill(lang.get(), &[("here", &here), ("home", &home)])
    };
    // Redrawn as answers come in: an answer that saves nothing changes no record.
    let items = move || {
        let travel = travel.clone();
        let done = done.get();
        travel
            .medicines
            .clone()
            .into_iter()
            .filter(|c| c.fixed.is_some() || !done.contains(&answer_key(c.medication_id, travel.since)))
            .map(|choice| {
            let name = state
                .data
                .with_untracked(|d| d.medication(choice.medication_id).map(|m| m.name.clone()))
                .unwrap_or_default();
            if let Some(zone) = &choice.fixed {
                let zone = zone_name(zone);
                let text = move || S::TravelFixed.fill(lang.get(), &[("name", &name), ("zone", &zone)]);
                return view! { <li>{text}</li> }.into_any();
            }
            let both_ways = {
                let travel = travel.clone();
                move |at: Option<DateTime<Utc>>, text: S| {
                    let lang = lang.get();
                    match at {
                        Some(at) => text.fill(
                            lang,
                            &[("here", &time_in(lang, &travel.here, at)), ("home", &time_in(lang, &travel.home, at))],
                        ),
                        None => S::TravelNoDose.get(lang).to_owned(),
                    }
                }
            };
            let with_clock = {
                let both_ways = both_ways.clone();
                move || both_ways(choice.with_clock, S::TravelWithClock)
            };
            let home_time = move || both_ways(choice.home_time, S::TravelHomeTime);
            let (keep, stay) = ((choice.clone(), travel.clone()), (choice.clone(), travel.clone()));
            let label = name.clone();
            view! {
                <li>
                    <strong>{name}</strong>
                    <p>{with_clock}</p>
                    <p>{home_time}</p>
                    <div class="actions" role="group" aria-label=label>
                        <button type="button" class="button" on:click=move |_| answer(&keep.0, &keep.1, false)>{tr(S::TravelKeepTimes)}</button>
                        <button type="button" class="button" on:click=move |_| answer(&stay.0, &stay.1, true)>{tr(S::TravelStayHome)}</button>
                    </div>
                </li>
            }
            .into_any()
        })
        .collect_view()
    };
    view! {
        <p>{what}</p>
        <ul class="travel-list">{items}</ul>
    }
}
