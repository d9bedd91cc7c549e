//! Calendar export (RFC 5545): each medicine's schedule as recurring events with a display alarm at the dose
//! time, so a calendar app can remind the person as a backstop. Times are written in the medicine's zone with a
//! VTIMEZONE built from the same zone rules the app uses (interval schedules, which count real hours, in UTC),
//! so a calendar expands them to the same instants as `occurrence::expand`, daylight saving included.
//! The export starts today: a calendar is for reminders ahead, and past pauses are history, not rules.

use crate::dataset::{Dataset, ZoneContext};
use crate::limits::{EARLIEST_DATE, LATEST_DATE};
use crate::medication::{Medication, MedicationState};
use crate::occurrence::{first_step_at_or_after, interval_step};
use crate::schedule::{cycle_days, Pattern, Schedule};
use crate::zone::{shift, Resolver, UnknownZone, ZonePolicy, ZoneRules};
use crate::Id;
use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use std::fmt::Write;

/// How many years of daylight-saving transitions each VTIMEZONE lists after the last dated event.
const ZONE_YEARS_AHEAD: i64 = 10;
/// The most events one schedule may take; one needing more (a long cycle with many times of day and tapering
/// steps) is left out, so the file stays a size calendar apps take.
pub const MAX_EVENTS_PER_SCHEDULE: usize = 5000;

pub struct Calendar {
    /// The .ics text, CRLF line endings.
    pub text: String,
    pub events: usize,
    /// Medicines left out: as-needed and after-last-dose schedules have no timetable, paused medicines no doses,
    /// and a schedule needing more than [`MAX_EVENTS_PER_SCHEDULE`] events is too long for a calendar.
    pub left_out: Vec<Id>,
}

/// The calendar for `medications` (all live medicines when empty) from the local date of `now` on.
pub fn export(
    data: &Dataset,
    zones: &ZoneContext,
    rules: &dyn ZoneRules,
    medications: &[Id],
    now: DateTime<Utc>,
) -> Result<Calendar, UnknownZone> {
    let mut resolver = Resolver::new(rules);
    let mut events = String::new();
    let mut count = 0;
    let mut left_out = Vec::new();
    let mut used_zones: Vec<(String, DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    let chosen = data
        .medications
        .iter()
        .filter(|m| !m.meta.deleted && (medications.is_empty() || medications.contains(&m.meta.id)));
    for medication in chosen {
        let zone = match &medication.zone_policy {
            ZonePolicy::Fixed { zone } => zone.clone(),
            ZonePolicy::FollowLocal => zones.history(medication.meta.profile_id).current().to_owned(),
        };
        let ended = medication.ended_at.is_some_and(|end| end <= now);
        if medication.state() == MedicationState::Paused || ended {
            left_out.push(medication.meta.id);
            continue;
        }
        let who = data
            .profile(medication.meta.profile_id)
            .map_or("", |p| p.name.as_str());
        let mut writer = EventWriter {
            medication,
            who,
            zone: &zone,
            resolver: &mut resolver,
            now,
            out: &mut events,
            count: 0,
            span: None,
        };
        let mut expressible = true;
        for schedule in data.schedules_of(medication.meta.id) {
            expressible &= writer.schedule(schedule)?;
        }
        if !expressible {
            left_out.push(medication.meta.id);
        }
        count += writer.count;
        if let Some((first, last)) = writer.span {
            if zone != "UTC" {
                match used_zones.iter_mut().find(|(z, _, _)| *z == zone) {
                    Some(used) => {
                        used.1 = used.1.min(first);
                        used.2 = used.2.max(last);
                    }
                    None => used_zones.push((zone, first, last)),
                }
            }
        }
    }
    let mut text = String::from(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tend//Medicine reminders//EN\r\nCALSCALE:GREGORIAN\r\n",
    );
    // Within the dates a record may hold, so a date beyond them never makes a table of centuries.
    let earliest = EARLIEST_DATE.and_time(NaiveTime::MIN).and_utc();
    let latest = shift(
        LATEST_DATE.and_time(NaiveTime::MIN).and_utc(),
        Duration::days(365 * ZONE_YEARS_AHEAD),
    );
    for (zone, first, last) in &used_zones {
        vtimezone(
            &mut text,
            rules,
            zone,
            shift(*first, -Duration::days(1)).clamp(earliest, latest),
            shift(*last, Duration::days(365 * ZONE_YEARS_AHEAD)).clamp(earliest, latest),
        )?;
    }
    text.push_str(&events);
    text.push_str("END:VCALENDAR\r\n");
    Ok(Calendar {
        text,
        events: count,
        left_out,
    })
}

struct EventWriter<'a, 'r> {
    medication: &'a Medication,
    who: &'a str,
    zone: &'a str,
    resolver: &'a mut Resolver<'r>,
    now: DateTime<Utc>,
    out: &'a mut String,
    count: usize,
    /// The first start and last end written, for the VTIMEZONE's range.
    span: Option<(DateTime<Utc>, DateTime<Utc>)>,
}

/// One recurrence: its first date and the rule (without UNTIL).
struct Series {
    first: NaiveDate,
    rule: String,
}

impl EventWriter<'_, '_> {
    /// Writes a schedule's events; `false` if it has no timetable a calendar can hold.
    fn schedule(&mut self, schedule: &Schedule) -> Result<bool, UnknownZone> {
        let today = self.local_date(self.now)?;
        let from = schedule.start.max(today);
        if schedule.last_date().is_some_and(|last| last < from) {
            return Ok(true);
        }
        let ranges = amount_ranges(schedule, from);
        if ranges.len().saturating_mul(events_per_range(&schedule.pattern)) > MAX_EVENTS_PER_SCHEDULE {
            return Ok(false);
        }
        for (range_start, range_end) in ranges {
            match &schedule.pattern {
                Pattern::EveryNHours {
                    interval_hours,
                    anchor,
                    amount,
                } => self.hourly(
                    schedule,
                    *interval_hours,
                    *anchor,
                    *amount,
                    range_start,
                    range_end,
                )?,
                Pattern::AfterLastDose { .. } | Pattern::AsNeeded { .. } => return Ok(false),
                _ => self.daily(schedule, range_start, range_end)?,
            }
        }
        Ok(true)
    }

    /// Day-based patterns: one event per time of day and series, in the medicine's zone.
    fn daily(
        &mut self,
        schedule: &Schedule,
        from: NaiveDate,
        to: Option<NaiveDate>,
    ) -> Result<(), UnknownZone> {
        let until = self.until(to)?;
        let Some(times) = schedule.pattern.times() else {
            return Ok(());
        };
        for series in day_series(schedule, from)
            .into_iter()
            .filter(|s| to.is_none_or(|to| s.first <= to))
        {
            for (index, dose) in times.iter().enumerate() {
                let start = series.first.and_time(dose.time);
                let amount = schedule.amount_on(series.first, dose.amount);
                let uid = format!("{}-{}-{index}", schedule.meta.id, series.first.format("%Y%m%d"));
                let dtstart = if self.zone == "UTC" {
                    format!("DTSTART:{}Z", stamp(start))
                } else {
                    format!("DTSTART;TZID={}:{}", self.zone, stamp(start))
                };
                let first = self.resolver.resolve(self.zone, start)?.instant;
                self.event(&uid, &dtstart, &series.rule, until, amount, first);
            }
        }
        Ok(())
    }

    /// Every N hours of elapsed time: a UTC start and an hourly rule, which no daylight-saving change can move.
    fn hourly(
        &mut self,
        schedule: &Schedule,
        interval_hours: u32,
        anchor: NaiveTime,
        amount: f64,
        from: NaiveDate,
        to: Option<NaiveDate>,
    ) -> Result<(), UnknownZone> {
        let anchor = self
            .resolver
            .resolve(self.zone, schedule.start.and_time(anchor))?
            .instant;
        let range_start = self
            .resolver
            .resolve(self.zone, from.and_time(NaiveTime::MIN))?
            .instant;
        let first = first_step_at_or_after(anchor, interval_step(interval_hours), range_start);
        let until = self.until(to)?;
        if until.is_some_and(|until| first > until) {
            return Ok(());
        }
        let uid = format!("{}-{}", schedule.meta.id, from.format("%Y%m%d"));
        let rule = format!("FREQ=HOURLY;INTERVAL={}", interval_hours.max(1));
        let dtstart = format!("DTSTART:{}Z", stamp(first.naive_utc()));
        self.event(
            &uid,
            &dtstart,
            &rule,
            until,
            schedule.amount_on(from, amount),
            first,
        );
        Ok(())
    }

    /// The last instant of local date `to` (UTC, as RFC 5545 asks for UNTIL), or the medicine's end if sooner.
    fn until(&mut self, to: Option<NaiveDate>) -> Result<Option<DateTime<Utc>>, UnknownZone> {
        let day_end = match to.and_then(|d| d.succ_opt()) {
            Some(next) => Some(shift(
                self.resolver
                    .resolve(self.zone, next.and_time(NaiveTime::MIN))?
                    .instant,
                -Duration::seconds(1),
            )),
            None => None,
        };
        let ended = self
            .medication
            .ended_at
            .map(|end| shift(end, -Duration::seconds(1)));
        Ok(match (day_end, ended) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        })
    }

    fn local_date(&mut self, instant: DateTime<Utc>) -> Result<NaiveDate, UnknownZone> {
        Ok(crate::zone::local_at(self.resolver.rules(), self.zone, instant)?
            .local
            .date())
    }

    fn event(
        &mut self,
        uid: &str,
        dtstart: &str,
        rule: &str,
        until: Option<DateTime<Utc>>,
        amount: f64,
        first: DateTime<Utc>,
    ) {
        let m = self.medication;
        let mut summary = m.name.clone();
        if !m.strength.is_empty() {
            summary = format!("{summary} {}", m.strength);
        }
        summary = format!("{summary}: {} {}", number(amount), m.unit);
        if !self.who.is_empty() {
            summary = format!("{}: {summary}", self.who);
        }
        let until_part = until
            .map(|u| format!(";UNTIL={}Z", stamp(u.naive_utc())))
            .unwrap_or_default();
        let mut lines = vec![
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{uid}@tend"),
            format!("DTSTAMP:{}Z", stamp(self.now.naive_utc())),
            dtstart.to_owned(),
            "DURATION:PT15M".to_owned(),
            format!("RRULE:{rule}{until_part}"),
            format!("SUMMARY:{}", escape(&summary)),
        ];
        if !m.instructions.is_empty() {
            lines.push(format!("DESCRIPTION:{}", escape(&m.instructions)));
        }
        lines.extend([
            "TRANSP:TRANSPARENT".to_owned(),
            "BEGIN:VALARM".to_owned(),
            "ACTION:DISPLAY".to_owned(),
            format!("DESCRIPTION:{}", escape(&summary)),
            "TRIGGER:PT0M".to_owned(),
            "END:VALARM".to_owned(),
            "END:VEVENT".to_owned(),
        ]);
        for line in lines {
            push_folded(self.out, &line);
        }
        self.count += 1;
        let last = until.unwrap_or(first);
        self.span = Some(match self.span {
            Some((a, b)) => (a.min(first), b.max(last)),
            None => (first, last),
        });
    }
}

/// An upper bound on the events one amount range of a schedule takes: one per series and time of day.
fn events_per_range(pattern: &Pattern) -> usize {
    let series = match pattern {
        Pattern::Cycle { days_on, .. } => usize::try_from(*days_on).unwrap_or(usize::MAX),
        _ => 1,
    };
    // At least one time counted, so a schedule without times cannot hide a huge number of series.
    series.saturating_mul(pattern.times().map_or(1, |times| times.len().max(1)))
}

/// Date ranges from `from` over which no tapering step starts or ends, so every dose in one has one amount.
fn amount_ranges(schedule: &Schedule, from: NaiveDate) -> Vec<(NaiveDate, Option<NaiveDate>)> {
    let last = schedule.last_date();
    let mut cuts: Vec<NaiveDate> = schedule
        .taper
        .iter()
        .flat_map(|step| [Some(step.from), step.to.succ_opt()])
        .flatten()
        .filter(|d| *d > from && last.is_none_or(|last| *d <= last))
        .collect();
    crate::sort::sort(&mut cuts);
    cuts.dedup();
    let mut ranges = Vec::new();
    let mut start = from;
    for cut in cuts {
        ranges.push((start, cut.pred_opt()));
        start = cut;
    }
    ranges.push((start, last));
    ranges
}

/// The recurrences of a day-based pattern from `from`, keeping its phase from the schedule's start. A cycle of
/// N days on and M off is N daily rules with an interval of N + M, one per day of the "on" stretch.
fn day_series(schedule: &Schedule, from: NaiveDate) -> Vec<Series> {
    // The first date from `from` on that is `phase` days into a period of `period` days from the start.
    let first_in_phase = |period: i64, phase: i64| {
        let ahead = (phase - (from - schedule.start).num_days()).rem_euclid(period);
        from.checked_add_days(Days::new(ahead.unsigned_abs()))
    };
    let every = |n: i64| {
        if n > 1 {
            format!("FREQ=DAILY;INTERVAL={n}")
        } else {
            "FREQ=DAILY".into()
        }
    };
    match &schedule.pattern {
        Pattern::Daily { .. } => vec![Series {
            first: from,
            rule: every(1),
        }],
        Pattern::Weekdays { days, .. } => {
            let byday: Vec<&str> = days.iter().map(|d| crate::schedule::ical_weekday(*d)).collect();
            (0..7)
                .filter_map(|i| from.checked_add_days(Days::new(i)))
                .find(|d| days.contains(&d.weekday()))
                .map(|first| Series {
                    first,
                    rule: format!("FREQ=WEEKLY;WKST=MO;BYDAY={}", byday.join(",")),
                })
                .into_iter()
                .collect()
        }
        Pattern::EveryNDays { interval, .. } => {
            let n = i64::from((*interval).max(1));
            first_in_phase(n, 0)
                .map(|first| Series {
                    first,
                    rule: every(n),
                })
                .into_iter()
                .collect()
        }
        Pattern::Cycle {
            days_on, days_off, ..
        } => {
            let period = cycle_days(*days_on, *days_off);
            (0..i64::from(*days_on))
                .filter_map(|k| first_in_phase(period, k))
                .map(|first| Series {
                    first,
                    rule: every(period),
                })
                .collect()
        }
        _ => vec![],
    }
}

/// A VTIMEZONE listing every offset change of `zone` in `[from, to]`, found by asking the zone rules day by
/// day and narrowing each change to the second.
fn vtimezone(
    out: &mut String,
    rules: &dyn ZoneRules,
    zone: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<(), UnknownZone> {
    let mut offset = rules.offset_at(zone, from)?;
    let _ = write!(out, "BEGIN:VTIMEZONE\r\nTZID:{zone}\r\n");
    observance(out, "STANDARD", from, offset, offset);
    let mut day = from;
    while day < to {
        let next = day + Duration::days(1);
        let next_offset = rules.offset_at(zone, next)?;
        if next_offset != offset {
            let (mut before, mut after) = (day, next);
            while after - before > Duration::seconds(1) {
                let middle = before + (after - before) / 2;
                if rules.offset_at(zone, middle)? == offset {
                    before = middle;
                } else {
                    after = middle;
                }
            }
            let kind = if next_offset > offset {
                "DAYLIGHT"
            } else {
                "STANDARD"
            };
            observance(out, kind, after, offset, next_offset);
            offset = next_offset;
        }
        day = next;
    }
    out.push_str("END:VTIMEZONE\r\n");
    Ok(())
}

fn observance(out: &mut String, kind: &str, at: DateTime<Utc>, from: i32, to: i32) {
    // DTSTART is the local time just before the change, in the offset it changes from.
    let local = at.naive_utc() + Duration::seconds(i64::from(from));
    let _ = write!(
        out,
        "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\nEND:{kind}\r\n",
        stamp(local),
        utc_offset(from),
        utc_offset(to)
    );
}

fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, s % 3600 / 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

fn stamp(local: NaiveDateTime) -> String {
    local.format("%Y%m%dT%H%M%S").to_string()
}

fn number(amount: f64) -> String {
    let text = format!("{amount:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// TEXT values: backslash, semicolon, comma and newline are escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | ';' | ',' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Lines longer than 75 octets continue on the next line after a space, never inside a UTF-8 character.
fn push_folded(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_long_lines_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        push_folded(&mut out, &format!("SUMMARY:{}", "é".repeat(60)));
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line}");
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("SUMMARY:{}\r\n", "é".repeat(60))
        );
    }

    #[test]
    fn escapes_text_and_formats_offsets_and_amounts() {
        assert_eq!(escape("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
        assert_eq!(utc_offset(-18000), "-0500");
        assert_eq!(utc_offset(37800), "+1030");
        assert_eq!(number(1.0), "1");
        assert_eq!(number(0.5), "0.5");
    }
}
