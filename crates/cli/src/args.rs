//! Command-line parsing, by hand: three commands and a few flags, each with a clear error.

use chrono::{DateTime, NaiveDate, Utc};
use tend_core::limits::{date_in_range, echo, instant_in_range, EARLIEST_DATE, LATEST_DATE};

pub const USAGE: &str = "usage:
  tend doses BACKUP.json --from DATE --to DATE [--tz ZONE] [--json] [--now INSTANT]
  tend adherence BACKUP.json [--days N] [--tz ZONE] [--json] [--now INSTANT]
  tend validate BACKUP.json
  tend export ics BACKUP.json [--medicine ID]... [--now INSTANT] > reminders.ics
  tend export csv BACKUP.json [--days N] [--tz ZONE] [--now INSTANT] > doses.csv
  tend export measurements BACKUP.json [--days N] [--now INSTANT] > measurements.csv
  tend export fhir BACKUP.json [--days N] [--now INSTANT] > bundle.json
  tend export report BACKUP.json [--tz ZONE] [--now INSTANT] > report.md
  tend generate --medicines N --days N [--tz ZONE] [--now INSTANT] > BACKUP.json

generate writes a synthetic history (two or three daily doses per medicine, mostly taken) for benchmarks and
stress tests; it is not medical data. export ics writes a calendar (RRULE events with alarms) from today on,
for every medicine or the ones named; as-needed and after-last-dose schedules have no timetable and are left out,
as is a schedule that would need more than 5000 events (a long cycle with many times and tapering steps).
export csv writes the dose log of the last N days (default 90), export measurements the measurements taken in
them, and export fhir a FHIR R4 Bundle of the medicines, the doses taken and the measurements (docs/formats.md).
export report writes the doctor-visit report as Markdown: goals, medicines and schedules, adherence over 30
and 90 days, misses, measurements, check-ins and side effects of the last 90 days.

DATE is YYYY-MM-DD (both days included); ZONE an IANA name such as America/New_York;
INSTANT an RFC 3339 time such as 2026-03-08T12:00:00Z (default: now); dates and times from 1900-01-01 to
2200-12-31; --days from 1 to 36600.
Exit status: 0 success, 1 the backup has problems, 2 the command could not run.";

#[derive(Debug, PartialEq)]
pub enum Command {
    Doses { from: NaiveDate, to: NaiveDate },
    Adherence { days: u32 },
    Validate,
    Generate { medicines: usize, days: u32 },
    ExportIcs { medicines: Vec<tend_core::Id> },
    ExportCsv { days: u32 },
    ExportMeasurements { days: u32 },
    ExportFhir { days: u32 },
    ExportReport,
}

#[derive(Debug, PartialEq)]
pub struct Parsed {
    pub command: Command,
    /// `None` for `--help` and `generate`.
    pub backup: Option<String>,
    pub tz: Option<String>,
    pub json: bool,
    pub now: Option<DateTime<Utc>>,
}

pub fn parse(args: impl Iterator<Item = String>) -> Result<Parsed, String> {
    let args: Vec<String> = args.collect();
    if args.is_empty() || args.iter().any(|a| a == "--help" || a == "-h") {
        return Ok(Parsed {
            command: Command::Validate,
            backup: None,
            tz: None,
            json: false,
            now: None,
        });
    }
    let mut positional = Vec::new();
    let (mut from, mut to, mut days, mut tz, mut json, mut now) = (None, None, None, None, false, None);
    let mut medicines = None;
    let mut chosen = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = || rest.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--from" => from = Some(date(value()?)?),
            "--to" => to = Some(date(value()?)?),
            "--days" => {
                days = Some(
                    value()?
                        .parse::<u32>()
                        .ok()
                        .filter(|d| (1..=MAX_DAYS).contains(d))
                        .ok_or(format!(
                            "--days takes a whole number of days from 1 to {MAX_DAYS}"
                        ))?,
                )
            }
            "--tz" => tz = Some(value()?.clone()),
            "--medicines" => {
                medicines = Some(
                    value()?
                        .parse::<usize>()
                        .ok()
                        .filter(|n| (1..=100).contains(n))
                        .ok_or("--medicines takes a number from 1 to 100")?,
                )
            }
            "--now" => now = Some(instant(value()?)?),
            "--medicine" => {
                let id = value()?;
                chosen.push(
                    tend_core::Id::parse(id)
                        .map_err(|_| format!("--medicine takes a medicine id, not \"{id}\""))?,
                )
            }
            "--json" => json = true,
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            _ => positional.push(arg.clone()),
        }
    }
    if positional.first().map(String::as_str) == Some("generate") && positional.len() == 1 {
        let (Some(medicines), Some(days)) = (medicines, days) else {
            return Err("generate needs --medicines N and --days N".into());
        };
        return Ok(Parsed {
            command: Command::Generate { medicines, days },
            backup: None,
            tz,
            json,
            now,
        });
    }
    if let [export, format, backup] = positional.as_slice() {
        let days = days.unwrap_or(90);
        let command = match (export.as_str(), format.as_str()) {
            ("export", "ics") => Command::ExportIcs { medicines: chosen },
            ("export", "csv") => Command::ExportCsv { days },
            ("export", "measurements") => Command::ExportMeasurements { days },
            ("export", "fhir") => Command::ExportFhir { days },
            ("export", "report") => Command::ExportReport,
            _ => {
                return Err(format!(
                    "unknown command \"{export} {format}\" (export ics, csv, measurements, fhir or report?)"
                ))
            }
        };
        return Ok(Parsed {
            command,
            backup: Some(backup.clone()),
            tz,
            json,
            now,
        });
    }
    let [name, backup] = positional.as_slice() else {
        return Err("expected a command and a backup file".into());
    };
    let command = match name.as_str() {
        "doses" => {
            let (Some(from), Some(to)) = (from, to) else {
                return Err("doses needs --from DATE and --to DATE".into());
            };
            if to < from {
                return Err("--to is before --from".into());
            }
            Command::Doses { from, to }
        }
        "adherence" => Command::Adherence {
            days: days.unwrap_or(30),
        },
        "validate" => Command::Validate,
        other => return Err(format!("unknown command \"{other}\"")),
    };
    Ok(Parsed {
        command,
        backup: Some(backup.clone()),
        tz,
        json,
        now,
    })
}

/// The longest period `--days` takes: a century.
const MAX_DAYS: u32 = 36_600;

fn date(text: &str) -> Result<NaiveDate, String> {
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("\"{}\" is not a date like 2026-03-08", echo(text)))?;
    in_range(date_in_range(date), text)?;
    Ok(date)
}

fn instant(text: &str) -> Result<DateTime<Utc>, String> {
    let instant = DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| format!("\"{}\" is not a time like 2026-03-08T12:00:00Z", echo(text)))?;
    in_range(instant_in_range(instant), text)?;
    Ok(instant)
}

/// Dates and times on the command line stay within the dates a backup may hold.
fn in_range(ok: bool, text: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!(
            "\"{}\" is not from {EARLIEST_DATE} to {LATEST_DATE}",
            echo(text)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_line(line: &str) -> Result<Parsed, String> {
        parse(line.split_whitespace().map(String::from))
    }

    #[test]
    fn reads_each_command() {
        let doses =
            parse_line("doses b.json --from 2026-03-01 --to 2026-03-02 --tz Europe/London --json").unwrap();
        assert_eq!(
            doses.command,
            Command::Doses {
                from: date("2026-03-01").unwrap(),
                to: date("2026-03-02").unwrap()
            }
        );
        assert_eq!((doses.tz.as_deref(), doses.json), (Some("Europe/London"), true));
        assert_eq!(
            parse_line("adherence b.json").unwrap().command,
            Command::Adherence { days: 30 }
        );
        assert_eq!(parse_line("validate b.json").unwrap().command, Command::Validate);
        assert_eq!(
            parse_line("generate --medicines 12 --days 1826").unwrap().command,
            Command::Generate {
                medicines: 12,
                days: 1826
            }
        );
    }

    #[test]
    fn explains_what_is_wrong() {
        assert_eq!(
            parse_line("doses b.json --from 2026-03-01").unwrap_err(),
            "doses needs --from DATE and --to DATE"
        );
        assert_eq!(
            parse_line("doses b.json --from March").unwrap_err(),
            "\"March\" is not a date like 2026-03-08"
        );
        assert_eq!(
            parse_line("adherence b.json --days 0").unwrap_err(),
            "--days takes a whole number of days from 1 to 36600"
        );
        assert_eq!(
            parse_line("adherence b.json --days 4294967295").unwrap_err(),
            "--days takes a whole number of days from 1 to 36600"
        );
        assert_eq!(
            parse_line("doses b.json --from +262142-01-01 --to +262142-01-02").unwrap_err(),
            "\"+262142-01-01\" is not from 1900-01-01 to 2200-12-31"
        );
        assert_eq!(
            parse_line("adherence b.json --now 9999-12-31T00:00:00Z").unwrap_err(),
            "\"9999-12-31T00:00:00Z\" is not from 1900-01-01 to 2200-12-31"
        );
        assert_eq!(
            parse_line("frobnicate b.json").unwrap_err(),
            "unknown command \"frobnicate\""
        );
        assert_eq!(
            parse_line("validate b.json --tz").unwrap_err(),
            "--tz needs a value"
        );
        assert_eq!(
            parse_line("validate").unwrap_err(),
            "expected a command and a backup file"
        );
    }
}
