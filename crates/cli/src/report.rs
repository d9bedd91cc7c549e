//! `tend export report`: the doctor-visit report as Markdown, to read as text or turn into a page. The same
//! sections as the app's report page, in English, from the core's figures; readings in the units they are stored
//! in, dates in the person's zone (or `--tz`).

use crate::output::name_of;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::fmt::Write;
use tend_core::adherence::{Counts, Report};
use tend_core::export::People;
use tend_core::measure::{MeasureKind, Reading};
use tend_core::medication::UNITS;
use tend_core::schedule::{DoseTime, Pattern, Schedule};
use tend_core::visit::{feelings, goals, measurements, medicine_names, side_effects};
use tend_core::zone::{local_at, ZoneRules};
use tend_core::Dataset;

/// Measurements, check-ins and side effects are those of this many days; adherence is given over both periods.
const RECENT_DAYS: u32 = 90;
pub const PERIODS: [u32; 2] = [30, 90];

pub struct Inputs<'a> {
    pub data: &'a Dataset,
    pub rules: &'a dyn ZoneRules,
    /// Adherence over each of [`PERIODS`], in that order.
    pub adherence: [Report; 2],
    /// The zone the report's dates are given in.
    pub zone: &'a str,
    pub now: DateTime<Utc>,
}

pub fn markdown(inputs: &Inputs) -> String {
    let mut out = String::new();
    let made = local_date(inputs, inputs.zone, inputs.now);
    let _ = writeln!(
        out,
        "# Report for your doctor\n\nFor everyone in this backup, made on {made}.\n"
    );
    goals_section(&mut out, inputs.data);
    medicines_section(&mut out, inputs);
    adherence_section(&mut out, inputs);
    misses_section(&mut out, &inputs.adherence[1]);
    measurements_section(&mut out, inputs);
    felt_section(&mut out, inputs);
    side_effects_section(&mut out, inputs);
    out.push_str(
        "Made by Tend from what was logged. It is for talking with your doctor or pharmacist: ask them before you \
         change how you take a medicine.\n",
    );
    out
}

fn since(inputs: &Inputs) -> DateTime<Utc> {
    inputs.now - Duration::days(i64::from(RECENT_DAYS))
}

fn local_date(inputs: &Inputs, zone: &str, at: DateTime<Utc>) -> NaiveDate {
    local_at(inputs.rules, zone, at).map_or(at.date_naive(), |l| l.local.date())
}

fn goals_section(out: &mut String, data: &Dataset) {
    out.push_str("## What matters to me\n\n");
    let goals = goals(data, People::All);
    if goals.is_empty() {
        out.push_str("None written yet.\n");
    }
    for goal in goals {
        let done = if goal.done { ", reached or put away" } else { "" };
        let medicines = medicine_names(data, goal).join(", ");
        let about = if medicines.is_empty() {
            String::new()
        } else {
            format!(" · {medicines}")
        };
        let _ = writeln!(out, "- {} (since {}{done}){about}", goal.text, goal.since);
    }
    out.push('\n');
}

fn medicines_section(out: &mut String, inputs: &Inputs) {
    let data = inputs.data;
    out.push_str("## Medicines\n");
    for (heading, stopped) in [("Taking now", false), ("Stopped", true)] {
        let mut listed: Vec<_> = data
            .medications
            .iter()
            .filter(|m| !m.meta.deleted && m.has_ended_at(inputs.now) == stopped)
            .collect();
        if stopped && listed.is_empty() {
            continue;
        }
        tend_core::sort::sort_by_key(&mut listed, |m| m.name.to_lowercase());
        let _ = writeln!(out, "\n### {heading}\n");
        for m in listed {
            let paused = if m.is_paused_at(inputs.now) {
                " (paused)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "- **{}**{paused}",
                format!("{} {}", m.name, m.strength).trim()
            );
            for schedule in data.schedules_of(m.meta.id).filter(|s| !s.meta.deleted) {
                let _ = writeln!(out, "  - {}", schedule_words(schedule, &m.unit));
            }
            if !m.instructions.is_empty() {
                let _ = writeln!(out, "  - {}", m.instructions);
            }
        }
    }
    out.push('\n');
}

/// A schedule in a few plain words: "every day: 1 tablet at 08:00, 1 tablet at 20:00, from 2026-01-05".
fn schedule_words(schedule: &Schedule, unit: &str) -> String {
    let amount = |amount: f64| {
        format!("{amount} {}", unit_in_number(unit, amount))
            .trim()
            .to_owned()
    };
    let at = |times: &[DoseTime]| {
        let times: Vec<String> = times
            .iter()
            .map(|t| format!("{} at {}", amount(t.amount), t.time.format("%H:%M")))
            .collect();
        times.join(", ")
    };
    let pattern = match &schedule.pattern {
        Pattern::Daily { times } => format!("every day: {}", at(times)),
        Pattern::Weekdays { days, times } => {
            let days: Vec<String> = days.iter().map(|d| d.to_string()).collect();
            format!("on {}: {}", days.join(", "), at(times))
        }
        Pattern::EveryNDays { interval, times } => format!("every {interval} days: {}", at(times)),
        Pattern::Cycle {
            days_on,
            days_off,
            times,
        } => format!("{days_on} days on, {days_off} days off: {}", at(times)),
        Pattern::EveryNHours {
            interval_hours,
            anchor,
            amount: dose,
        } => format!(
            "{} every {interval_hours} hours from {}",
            amount(*dose),
            anchor.format("%H:%M")
        ),
        Pattern::AfterLastDose {
            interval_hours,
            first,
            amount: dose,
        } => format!(
            "{} {interval_hours} hours after the last dose, the first at {}",
            amount(*dose),
            first.format("%H:%M")
        ),
        Pattern::AsNeeded {
            max_per_24h,
            min_gap_minutes,
            amount: dose,
        } => format!(
            "{} as needed, at most {max_per_24h} doses in 24 hours, {min_gap_minutes} minutes apart",
            amount(*dose)
        ),
    };
    format!("{pattern}, from {}", schedule.start)
}

/// A unit Tend knows in the plural for any amount but one; any other as written.
fn unit_in_number(unit: &str, amount: f64) -> &str {
    let known = UNITS.iter().find(|[one, many, ..]| *one == unit || *many == unit);
    match known {
        Some([one, many, ..]) => {
            if amount == 1.0 {
                one
            } else {
                many
            }
        }
        None => unit,
    }
}

fn adherence_section(out: &mut String, inputs: &Inputs) {
    out.push_str("## How doses were taken\n\n");
    out.push_str("Taken: doses taken of those due; on time: within the person's window.\n\n");
    let [short, long] = &inputs.adherence;
    let _ = writeln!(
        out,
        "| Medicine | Taken, {0} days | On time, {0} days | Taken, {1} days | On time, {1} days |",
        PERIODS[0], PERIODS[1]
    );
    out.push_str("|---|---|---|---|---|\n");
    let row = |out: &mut String, name: &str, a: Option<&Counts>, b: Option<&Counts>| {
        let cells = [a, b].map(|c| [c.and_then(Counts::taking), c.and_then(Counts::timing)].map(percent));
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} | {} |",
            cells[0][0], cells[0][1], cells[1][0], cells[1][1]
        );
    };
    for id in long.per_medication.keys() {
        row(
            out,
            name_of(inputs.data, *id),
            short.per_medication.get(id),
            long.per_medication.get(id),
        );
    }
    row(
        out,
        "All scheduled medicines",
        Some(&short.overall),
        Some(&long.overall),
    );
    out.push('\n');
}

fn percent(share: Option<f64>) -> String {
    share.map_or("none due".into(), |s| format!("{:.0}%", s * 100.0))
}

fn misses_section(out: &mut String, report: &Report) {
    let _ = writeln!(out, "## Doses missed or skipped in the last {RECENT_DAYS} days\n");
    let [by_time, by_day] = crate::output::misses(report);
    let _ = writeln!(out, "- By time of day: {by_time}");
    let _ = writeln!(out, "- By day of the week: {by_day}\n");
}

fn measurements_section(out: &mut String, inputs: &Inputs) {
    let _ = writeln!(out, "## Measurements in the last {RECENT_DAYS} days\n");
    let summaries = measurements(inputs.data, People::All, since(inputs), inputs.now);
    if summaries.is_empty() {
        out.push_str("None logged.\n");
    }
    for m in summaries {
        let _ = writeln!(
            out,
            "- **{}**. Readings: {}. Average {}; lowest {}; highest {}; latest {}, on {}.",
            kind_name(m.kind),
            m.count,
            value(m.average),
            value(m.lowest),
            value(m.highest),
            value(m.latest),
            local_date(inputs, inputs.zone, m.latest_at)
        );
    }
    out.push('\n');
}

fn kind_name(kind: MeasureKind) -> &'static str {
    match kind {
        MeasureKind::BloodPressure => "Blood pressure",
        MeasureKind::Glucose => "Blood sugar",
        MeasureKind::Weight => "Weight",
        MeasureKind::PeakFlow => "Peak flow",
    }
}

/// A reading to a tenth, in its stored units.
fn value(reading: Reading) -> String {
    let n = |v: f64| ((v * 10.0).round() / 10.0).to_string();
    let (main, diastolic, pulse) = reading.numbers();
    let value = diastolic.map_or_else(|| n(main), |d| format!("{}/{}", n(main), n(d)));
    let pulse = pulse.map(|p| format!(", pulse {}", n(p))).unwrap_or_default();
    format!("{value} {}{pulse}", reading.kind().unit())
}

fn felt_section(out: &mut String, inputs: &Inputs) {
    let _ = writeln!(out, "## How I have felt in the last {RECENT_DAYS} days\n");
    let felt = feelings(inputs.data, People::All, since(inputs), inputs.now);
    if felt.check_ins == 0 {
        out.push_str("No check-ins.\n\n");
        return;
    }
    let _ = writeln!(out, "- Check-ins: {}.", felt.check_ins);
    if let Some(mood) = felt.mood {
        let _ = writeln!(out, "- Average mood: {:.1} out of 5 (5 is very good).", mood);
    }
    if !felt.symptoms.is_empty() {
        let list: Vec<String> = felt
            .symptoms
            .iter()
            .map(|(code, count)| format!("{} ({count})", code.replace('_', " ")))
            .collect();
        let _ = writeln!(out, "- Symptoms ticked, and how often: {}.", list.join(", "));
    }
    let (yes, no) = felt.did_what_matters;
    if yes + no > 0 {
        let _ = writeln!(out, "- Did what matters to me that week: yes {yes}, no {no}.");
    }
    for (at, text) in &felt.notes {
        let _ = writeln!(
            out,
            "- {}, in my own words: {text}",
            local_date(inputs, inputs.zone, *at)
        );
    }
    out.push('\n');
}

fn side_effects_section(out: &mut String, inputs: &Inputs) {
    let _ = writeln!(out, "## Side effects noted in the last {RECENT_DAYS} days\n");
    let noted = side_effects(inputs.data, People::All, since(inputs), inputs.now);
    if noted.is_empty() {
        out.push_str("None noted.\n");
    }
    for n in noted {
        let date = local_date(inputs, inputs.zone, n.noted_at);
        let _ = writeln!(
            out,
            "- {date} · {}: {}",
            name_of(inputs.data, n.medication_id),
            n.text
        );
    }
    out.push('\n');
}
