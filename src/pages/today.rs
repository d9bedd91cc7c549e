//! Today: the day's doses in time order, grouped by time.

use crate::clock;
use crate::zone_rules::{device_zone, IntlRules};
use chrono::{Duration, NaiveTime};
use leptos::prelude::*;
use tend_core::dataset::ZoneContext;
use tend_core::status::{assess, Assessed, DoseStatus};
use tend_core::zone::{local_at, Resolver, UnknownZone};
use tend_core::Dataset;

/// The day's doses for the built-in example plan.
fn todays_doses(zone: &str) -> Result<(Dataset, Vec<Assessed>), UnknownZone> {
    let rules = IntlRules::default();
    let now = clock::now();
    let today = local_at(&rules, zone, now)?.local.date();
    let data = tend_core::example::demo(today, now);
    let mut resolver = Resolver::new(&rules);
    let start = resolver.resolve(zone, today.and_time(NaiveTime::MIN))?.instant;
    let end = resolver
        .resolve(zone, (today + Duration::days(1)).and_time(NaiveTime::MIN))?
        .instant;
    let doses = assess(&data, &ZoneContext::single(zone), &rules, start, end, now)?;
    Ok((data, doses))
}

fn status_label(status: &DoseStatus) -> &'static str {
    match status {
        DoseStatus::Upcoming => "Coming up",
        DoseStatus::Snoozed { .. } => "Snoozed",
        DoseStatus::Due => "Due now",
        DoseStatus::Late => "Late",
        DoseStatus::Missed => "Missed",
        DoseStatus::TakenOnTime { .. } | DoseStatus::TakenEarly { .. } => "Taken",
        DoseStatus::TakenLate { .. } => "Taken late",
        DoseStatus::Skipped => "Skipped",
    }
}

fn amount_text(amount: f64, unit: &str) -> String {
    let plural = if amount == 1.0 { "" } else { "s" };
    format!("{amount} {unit}{plural}")
}

#[component]
pub fn Today() -> impl IntoView {
    let zone = device_zone();
    match todays_doses(&zone) {
        Ok((data, doses)) => view! { <DoseList data doses/> }.into_any(),
        Err(error) => view! {
            <section class="page">
                <h1>"Today"</h1>
                <p role="alert" class="problem">{format!("Tend cannot read this device's time zone ({error}).")}</p>
            </section>
        }
        .into_any(),
    }
}

#[component]
fn DoseList(data: Dataset, doses: Vec<Assessed>) -> impl IntoView {
    let left = doses.iter().filter(|d| !d.status.is_final()).count();
    let mut groups: Vec<(String, Vec<Assessed>)> = Vec::new();
    for dose in doses {
        let time = dose.occurrence.local.format("%H:%M").to_string();
        match groups.last_mut() {
            Some((last, list)) if *last == time => list.push(dose),
            _ => groups.push((time, vec![dose])),
        }
    }
    let total: usize = groups.iter().map(|(_, list)| list.len()).sum();
    view! {
        <section class="page" aria-labelledby="today-heading">
            <h1 id="today-heading">"Today"</h1>
            <p class="notice">"This is an example plan, so you can see how Tend works."</p>
            <p class="summary">{format!("{left} of {total} doses still to take")}</p>
            {groups
                .into_iter()
                .map(|(time, list)| {
                    let heading = format!("At {time}");
                    view! {
                        <section class="dose-group" aria-label=heading.clone()>
                            <h2 class="dose-time">{time}</h2>
                            <ul class="doses">
                                {list.into_iter().map(|dose| view! { <DoseItem data=data.clone() dose/> }).collect_view()}
                            </ul>
                        </section>
                    }
                })
                .collect_view()}
        </section>
    }
}

#[component]
fn DoseItem(data: Dataset, dose: Assessed) -> impl IntoView {
    let Some(medication) = data.medication(dose.occurrence.medication_id).cloned() else {
        return ().into_any();
    };
    let status = status_label(&dose.status);
    let status_class = format!("status status-{}", dose.status.name());
    view! {
        <li class="dose">
            <span class="swatch" style:background-color=medication.colour.clone() aria-hidden="true"></span>
            <div class="dose-text">
                <p class="dose-name">{medication.name.clone()} " " <span class="strength">{medication.strength.clone()}</span></p>
                <p class="dose-amount">{amount_text(dose.occurrence.amount, &medication.unit)}</p>
                <p class="dose-instructions">{medication.instructions.clone()}</p>
            </div>
            <span class=status_class>{status}</span>
        </li>
    }
    .into_any()
}
