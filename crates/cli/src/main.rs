//! `tend`: read a Tend backup file from the command line.

mod args;
mod output;
mod report;

use args::{Command, Parsed};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use std::process::ExitCode;
use tend_core::backup::{import_from, Problem};
use tend_core::dataset::ZoneContext;
use tend_core::export::People;
use tend_core::zone::{BundledRules, Resolver, ZoneRules};
use tend_core::Dataset;

/// Exit codes: 0 success, 1 the backup has problems, 2 the command could not run.
fn main() -> ExitCode {
    let parsed = match args::parse(std::env::args().skip(1)) {
        Ok(parsed) => parsed,
        Err(message) => return fail(&format!("{message}\n\n{}", args::USAGE)),
    };
    match run(parsed) {
        Ok(code) => code,
        Err(message) => fail(&message),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("tend: {message}");
    ExitCode::from(2)
}

fn run(parsed: Parsed) -> Result<ExitCode, String> {
    if let Command::Generate { medicines, days } = parsed.command {
        return generate(
            medicines,
            days,
            parsed.tz.as_deref().unwrap_or("UTC"),
            parsed.now.unwrap_or_else(Utc::now),
        );
    }
    let Some(path) = parsed.backup.as_deref() else {
        println!("{}", args::USAGE);
        return Ok(ExitCode::SUCCESS);
    };
    // Read as the file streams in, never held whole: a backup of years of history is hundreds of megabytes.
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let data = match import_from(file, &BundledRules) {
        Ok(data) => data,
        Err(problems) => {
            report_problems(path, &problems);
            return Ok(ExitCode::from(1));
        }
    };
    if let Some(zone) = &parsed.tz {
        if !BundledRules.is_known(zone) {
            return Err(format!(
                "unknown time zone \"{zone}\" (use an IANA name such as Europe/London)"
            ));
        }
    }
    let now = parsed.now.unwrap_or_else(Utc::now);
    match parsed.command {
        Command::Validate => {
            println!("{path}: valid ({})", output::summary(&data));
            Ok(ExitCode::SUCCESS)
        }
        Command::Doses { from, to } => {
            let (zones, zone) = zone_context(&data, parsed.tz.as_deref());
            let start = start_of_day(&zone, from)?;
            let end = start_of_day(&zone, to + Duration::days(1))?;
            let assessed = tend_core::status::assess(&data, &zones, &BundledRules, start, end, now)
                .map_err(|e| e.to_string())?;
            output::doses(&data, &assessed, parsed.json);
            Ok(ExitCode::SUCCESS)
        }
        Command::Generate { .. } => unreachable!("handled before reading a backup"),
        Command::ExportIcs { medicines } => {
            let (zones, _) = zone_context(&data, parsed.tz.as_deref());
            if let Some(unknown) = medicines.iter().find(|id| data.medication(**id).is_none()) {
                return Err(format!("no medicine with id {unknown} in {path}"));
            }
            let calendar = tend_core::ics::export(&data, &zones, &BundledRules, &medicines, now)
                .map_err(|e| e.to_string())?;
            print!("{}", calendar.text);
            for id in &calendar.left_out {
                eprintln!(
                    "tend: left out {} (as-needed, after-last-dose, paused, or a schedule needing more than {} \
                     calendar events)",
                    output::name_of(&data, *id),
                    tend_core::ics::MAX_EVENTS_PER_SCHEDULE
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::ExportCsv { days } => {
            let (zones, _) = zone_context(&data, parsed.tz.as_deref());
            let from = now - Duration::days(i64::from(days));
            let log =
                tend_core::export::dose_log_csv(&data, People::All, &zones, &BundledRules, from, now, now)
                    .map_err(|e| e.to_string())?;
            print!("{log}");
            Ok(ExitCode::SUCCESS)
        }
        Command::ExportMeasurements { days } => {
            let from = now - Duration::days(i64::from(days));
            print!(
                "{}",
                tend_core::export::measurements_csv(&data, People::All, &BundledRules, from, now)
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::ExportFhir { days } => {
            let from = now - Duration::days(i64::from(days));
            let bundle = tend_core::export::fhir_bundle(&data, People::All, &BundledRules, from, now, now);
            println!(
                "{}",
                serde_json::to_string_pretty(&bundle).expect("a JSON value prints")
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::ExportReport => {
            let (zones, zone) = zone_context(&data, parsed.tz.as_deref());
            let adherence = |days| {
                tend_core::adherence::report(&data, &zones, &BundledRules, None, days, now)
                    .map_err(|e| e.to_string())
            };
            let inputs = report::Inputs {
                data: &data,
                rules: &BundledRules,
                adherence: [adherence(report::PERIODS[0])?, adherence(report::PERIODS[1])?],
                zone: &zone,
                now,
            };
            print!("{}", report::markdown(&inputs));
            Ok(ExitCode::SUCCESS)
        }
        Command::Adherence { days } => {
            let (zones, _) = zone_context(&data, parsed.tz.as_deref());
            let report = tend_core::adherence::report(&data, &zones, &BundledRules, None, days, now)
                .map_err(|e| e.to_string())?;
            output::adherence(&data, &report, parsed.json);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Prints a synthetic backup: `medicines` medicines with `days` days of history ending at `now`.
fn generate(medicines: usize, days: u32, zone: &str, now: DateTime<Utc>) -> Result<ExitCode, String> {
    let data = tend_core::example::synthetic(medicines, i64::from(days), now, zone, &BundledRules)
        .map_err(|e| e.to_string())?;
    println!("{}", tend_core::backup::export(&data, now));
    Ok(ExitCode::SUCCESS)
}

fn report_problems(path: &str, problems: &[Problem]) {
    eprintln!(
        "{path}: {} problem{} found, nothing imported:",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for problem in problems {
        eprintln!("  {problem}");
    }
}

/// With `--tz`, follow-local medicines use that zone throughout; without it, each profile's recorded zone
/// history (UTC where none was recorded). Also returns the zone that dates on the command line are read in.
fn zone_context(data: &Dataset, tz: Option<&str>) -> (ZoneContext, String) {
    match tz {
        Some(zone) => (ZoneContext::single(zone), zone.to_owned()),
        None => {
            let zones = ZoneContext::recorded(data, "UTC");
            let zone = data
                .profiles
                .first()
                .map_or("UTC", |p| zones.history(p.meta.id).current())
                .to_owned();
            (zones, zone)
        }
    }
}

fn start_of_day(zone: &str, date: NaiveDate) -> Result<DateTime<Utc>, String> {
    let mut resolver = Resolver::new(&BundledRules);
    Ok(resolver
        .resolve(zone, date.and_time(NaiveTime::MIN))
        .map_err(|e| e.to_string())?
        .instant)
}
