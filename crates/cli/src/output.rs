//! Printing results as text for people or JSON for programs (format documented in docs/formats.md).

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use tend_core::adherence::{Counts, Report, TIME_OF_DAY};
use tend_core::status::Assessed;
use tend_core::{Dataset, Id};

pub fn summary(data: &Dataset) -> String {
    format!(
        "profiles: {}, medications: {}, schedules: {}, dose events: {}",
        data.profiles.len(),
        data.medications.len(),
        data.schedules.len(),
        data.dose_events.len()
    )
}

pub fn name_of(data: &Dataset, medication: Id) -> &str {
    data.medications
        .iter()
        .find(|m| m.meta.id == medication)
        .map_or("?", |m| m.name.as_str())
}

/// One line of `tend doses --json`.
#[derive(Serialize)]
struct DoseLine<'a> {
    profile_id: Id,
    medication_id: Id,
    medication: &'a str,
    schedule_id: Id,
    /// The local date-time with its UTC offset, RFC 3339.
    local: String,
    /// The instant it is due, RFC 3339 in UTC.
    utc: String,
    amount: f64,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    taken_at: Option<String>,
}

fn local_with_offset(a: &Assessed) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(a.occurrence.offset_seconds).expect("offsets are within a day");
    a.occurrence.due.with_timezone(&offset)
}

pub fn doses(data: &Dataset, assessed: &[Assessed], json: bool) {
    if json {
        let lines: Vec<DoseLine> = assessed
            .iter()
            .map(|a| DoseLine {
                profile_id: a.occurrence.profile_id,
                medication_id: a.occurrence.medication_id,
                medication: name_of(data, a.occurrence.medication_id),
                schedule_id: a.occurrence.key.schedule_id,
                local: local_with_offset(a).to_rfc3339(),
                utc: a
                    .occurrence
                    .due
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                amount: a.occurrence.amount,
                status: a.status.name(),
                taken_at: a
                    .status
                    .taken_at()
                    .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&lines).expect("serialisable"));
        return;
    }
    if assessed.is_empty() {
        println!("No doses due in this range.");
    }
    for a in assessed {
        println!(
            "{}  {:<28} {:>5}  {}",
            local_with_offset(a).format("%Y-%m-%d %H:%M %:z"),
            name_of(data, a.occurrence.medication_id),
            a.occurrence.amount,
            a.status.name().replace('_', " ")
        );
    }
}

fn percent(value: Option<f64>) -> String {
    value.map_or("n/a".into(), |v| format!("{:.0}%", v * 100.0))
}

fn counts_line(label: &str, c: &Counts) -> String {
    format!(
        "{label:<28} taking {:>5}  timing {:>5}  ({} expected: {} on time, {} off time, {} skipped, {} missed)",
        percent(c.taking()),
        percent(c.timing()),
        c.expected,
        c.on_time,
        c.off_time,
        c.skipped,
        c.missed
    )
}

#[derive(Serialize)]
struct AdherenceJson<'a> {
    #[serde(flatten)]
    report: &'a Report,
    taking: Option<f64>,
    timing: Option<f64>,
}

pub fn adherence(data: &Dataset, report: &Report, json: bool) {
    if json {
        let out = AdherenceJson {
            report,
            taking: report.overall.taking(),
            timing: report.overall.timing(),
        };
        println!("{}", serde_json::to_string_pretty(&out).expect("serialisable"));
        return;
    }
    println!(
        "Adherence from {} to {}",
        report.from.format("%Y-%m-%d %H:%M UTC"),
        report.to.format("%Y-%m-%d %H:%M UTC")
    );
    println!("{}", counts_line("All scheduled medicines", &report.overall));
    for (medication, counts) in &report.per_medication {
        println!("{}", counts_line(name_of(data, *medication), counts));
    }
    for use_ in &report.as_needed {
        println!(
            "{:<28} as needed: {} taken (most allowed {}, busiest day {})",
            name_of(data, use_.medication_id),
            use_.doses_taken,
            use_.most_allowed,
            use_.busiest_day
        );
    }
    println!(
        "Streak: {} days now, {} at best",
        report.streaks.current, report.streaks.longest
    );
    let [by_time, by_day] = misses(report);
    println!("Missed or skipped by time of day: {by_time}");
    println!("Missed or skipped by weekday: {by_day}");
}

/// The doses missed or skipped by time of day ("night 0, morning 2, …") and by weekday ("Mon 1, …").
pub fn misses(report: &Report) -> [String; 2] {
    let by_time: Vec<String> = TIME_OF_DAY
        .iter()
        .zip(report.misses_by_time_of_day)
        .map(|(part, n)| format!("{part} {n}"))
        .collect();
    let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let by_day: Vec<String> = days
        .iter()
        .zip(report.misses_by_weekday)
        .map(|(day, n)| format!("{day} {n}"))
        .collect();
    [by_time.join(", "), by_day.join(", ")]
}
