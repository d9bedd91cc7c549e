//! Next best actions, each with the reason it is suggested, from the person's own records: move a reminder to
//! the time the dose is actually taken, repeat the reminders of a medicine often missed, refill before running
//! out, the weekday and time of day missed most (only when the predictor has earned it, see [`crate::predict`]),
//! and a streak worth celebrating. Never dosing advice: a suggestion changes when Tend reminds, never how much is
//! taken. Each has a [`key`](Suggestion::key) the person can dismiss for good.

use crate::adherence::report;
use crate::dataset::ZoneContext;
use crate::inventory::stock_status;
use crate::predict::{pattern, Outcome, Pattern, WINDOW_DAYS};
use crate::schedule::Schedule;
use crate::status::{assess, Assessed, DoseStatus};
use crate::zone::{UnknownZone, ZoneRules};
use crate::{Dataset, Id};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Timelike, Utc};

/// Reminder times and repeats are judged on the last four weeks.
pub const RECENT_DAYS: i64 = 28;
/// A reminder is worth moving when most of at least this many doses were taken this far from it.
const MIN_TAKEN: usize = 8;
const MIN_SHIFT_MINUTES: i64 = 45;
/// A medicine's reminders are worth repeating when at least this many of its doses were missed, and this share.
const MIN_MISSED: u32 = 3;
const MIN_MISSED_SHARE: f64 = 0.2;
/// Streaks celebrated, in days.
pub const STREAK_MILESTONES: [u32; 7] = [7, 14, 30, 60, 90, 180, 365];

#[derive(Clone, Debug, PartialEq)]
pub enum Suggestion {
    /// The dose due at `from` is usually taken around `to` (`taken` of the last `looked_at` doses): remind then.
    MoveReminder {
        medication_id: Id,
        schedule_id: Id,
        from: NaiveTime,
        to: NaiveTime,
        taken: u32,
        looked_at: u32,
    },
    /// `missed` of the last `due` doses were missed and the reminder is not repeated.
    TurnOnRepeats {
        medication_id: Id,
        missed: u32,
        due: u32,
    },
    /// The stock runs out on `runs_out_on`, within the days the person asked to be told.
    RefillNow {
        medication_id: Id,
        runs_out_on: NaiveDate,
    },
    /// The weekday and time of day missed most.
    MissedMost(Pattern),
    /// Every dose taken for `days` days in a row, a milestone.
    Streak { days: u32 },
}

impl Suggestion {
    /// What a dismissal remembers: a moved reminder is not suggested again for that schedule and time, nor
    /// repeats for that medicine, nor a refill for that run-out date, nor the same habit, nor the same milestone.
    pub fn key(&self) -> String {
        match self {
            Suggestion::MoveReminder {
                schedule_id, from, ..
            } => format!("move:{schedule_id}:{}", from.format("%H:%M")),
            Suggestion::TurnOnRepeats { medication_id, .. } => format!("repeat:{medication_id}"),
            Suggestion::RefillNow {
                medication_id,
                runs_out_on,
            } => format!("refill:{medication_id}:{runs_out_on}"),
            Suggestion::MissedMost(p) => format!("habit:{}:{}", p.weekday, p.part_of_day),
            Suggestion::Streak { days } => format!("streak:{days}"),
        }
    }
}

/// The suggestions for one person at `now` (local date `today`), the most useful first: moving a reminder,
/// repeats, refills, the habit, the streak.
pub fn suggestions(
    data: &Dataset,
    zones: &ZoneContext,
    rules: &dyn ZoneRules,
    profile: Id,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> Result<Vec<Suggestion>, UnknownZone> {
    let from = now - Duration::days(WINDOW_DAYS);
    let doses: Vec<Assessed> = assess(data, zones, rules, from, now, now)?
        .into_iter()
        .filter(|a| a.occurrence.profile_id == profile && a.status.is_final())
        .collect();
    let recent_from = now - Duration::days(RECENT_DAYS);
    let recent: Vec<&Assessed> = doses.iter().filter(|a| a.occurrence.due >= recent_from).collect();
    let mut found = moved_reminders(data, &recent, today);
    found.extend(repeats(data, &recent));
    found.extend(refills(data, profile, now, today));
    let zone = zones.history(profile).zone_at(now);
    let local_now = crate::zone::local_at(rules, zone, now)?.local;
    found.extend(missed_most(&doses, local_now));
    let streak = report(data, zones, rules, Some(profile), 400, now)?
        .streaks
        .current;
    found.extend(
        STREAK_MILESTONES
            .iter()
            .rev()
            .find(|m| streak >= **m)
            .map(|&days| Suggestion::Streak { days }),
    );
    Ok(found)
}

/// Each dose time of a schedule under way whose doses are mostly taken 45 minutes or more from it, the same way.
fn moved_reminders(data: &Dataset, recent: &[&Assessed], today: NaiveDate) -> Vec<Suggestion> {
    let mut slots: Vec<(Id, NaiveTime)> = recent
        .iter()
        .map(|a| (a.occurrence.key.schedule_id, a.occurrence.key.slot.time()))
        .collect();
    slots.sort();
    slots.dedup();
    slots
        .into_iter()
        .filter_map(|(schedule_id, from)| {
            let schedule = data
                .schedules
                .iter()
                .find(|s| s.meta.id == schedule_id)
                .filter(|s| movable(s, from, today))?;
            let of_slot: Vec<&&Assessed> = recent
                .iter()
                .filter(|a| {
                    a.occurrence.key.schedule_id == schedule_id && a.occurrence.key.slot.time() == from
                })
                .collect();
            let mut shifts: Vec<i64> = of_slot
                .iter()
                .filter_map(|a| Some((a.status.taken_at()? - a.occurrence.due).num_minutes()))
                .collect();
            if shifts.len() < MIN_TAKEN {
                return None;
            }
            shifts.sort();
            let median = shifts[shifts.len() / 2];
            let same_way = shifts
                .iter()
                .filter(|s| s.abs() >= MIN_SHIFT_MINUTES && s.signum() == median.signum())
                .count();
            // Three in four taken at least 45 minutes off, the same way.
            if median.abs() < MIN_SHIFT_MINUTES || same_way * 4 < shifts.len() * 3 {
                return None;
            }
            let to = rounded(from, median)?;
            let taken_times = schedule
                .pattern
                .times()
                .unwrap_or_default()
                .iter()
                .any(|t| t.time == to);
            (!taken_times).then_some(Suggestion::MoveReminder {
                medication_id: schedule.medication_id,
                schedule_id,
                from,
                to,
                taken: same_way as u32,
                looked_at: of_slot.len() as u32,
            })
        })
        .collect()
}

/// A live schedule with doses from `today` on, this time of day in its timetable, and no tapering steps (whose
/// amounts follow the times). One moved already ended yesterday, so it is not suggested again.
fn movable(schedule: &Schedule, time: NaiveTime, today: NaiveDate) -> bool {
    let goes_on = schedule.last_date().is_none_or(|last| last >= today);
    !schedule.meta.deleted
        && goes_on
        && schedule.taper.is_empty()
        && schedule
            .pattern
            .times()
            .unwrap_or_default()
            .iter()
            .any(|t| t.time == time)
}

/// `from` moved by `minutes`, to the nearest quarter hour, on the same day (a reminder does not cross midnight).
fn rounded(from: NaiveTime, minutes: i64) -> Option<NaiveTime> {
    let moved = i64::from(from.num_seconds_from_midnight() / 60) + minutes;
    let quarter = (moved + 7).div_euclid(15) * 15;
    let minute = u32::try_from(quarter).ok().filter(|m| *m < 24 * 60)?;
    NaiveTime::from_hms_opt(minute / 60, minute % 60, 0)
}

/// The pattern with the dose time `from` moved to `to`: what acting on [`Suggestion::MoveReminder`] stores, through
/// [`crate::schedule::revise`] so the doses already past keep their time.
pub fn moved(schedule: &Schedule, from: NaiveTime, to: NaiveTime) -> Schedule {
    let mut moved = schedule.clone();
    if let Some(times) = moved.pattern.times_mut() {
        for t in times.iter_mut().filter(|t| t.time == from) {
            t.time = to;
        }
        times.sort_by_key(|t| t.time);
    }
    moved
}

/// Medicines whose reminders do not repeat and whose doses were missed at least three times, and one in five.
fn repeats(data: &Dataset, recent: &[&Assessed]) -> Vec<Suggestion> {
    let mut medicines: Vec<Id> = recent.iter().map(|a| a.occurrence.medication_id).collect();
    medicines.sort();
    medicines.dedup();
    medicines
        .into_iter()
        .filter(|id| data.medication(*id).is_some_and(|m| m.repeat.times == 0))
        .filter_map(|medication_id| {
            let of: Vec<&&Assessed> = recent
                .iter()
                .filter(|a| a.occurrence.medication_id == medication_id)
                .collect();
            let missed = of.iter().filter(|a| a.status == DoseStatus::Missed).count() as u32;
            let due = of.len() as u32;
            (missed >= MIN_MISSED && f64::from(missed) >= MIN_MISSED_SHARE * f64::from(due)).then_some(
                Suggestion::TurnOnRepeats {
                    medication_id,
                    missed,
                    due,
                },
            )
        })
        .collect()
}

fn refills(data: &Dataset, profile: Id, now: DateTime<Utc>, today: NaiveDate) -> Vec<Suggestion> {
    data.medications
        .iter()
        .filter(|m| m.meta.profile_id == profile && !m.meta.deleted && !m.has_ended_at(now))
        .filter_map(|m| {
            let status = stock_status(data, m, now, today)?;
            let runs_out_on = status.runs_out_on.filter(|_| status.refill_due)?;
            Some(Suggestion::RefillNow {
                medication_id: m.meta.id,
                runs_out_on,
            })
        })
        .collect()
}

/// The predictor's pattern over the person's last eight weeks of scheduled doses (skipped ones are a choice, not
/// a slip, and left out), when it has beaten the base rate.
fn missed_most(doses: &[Assessed], local_now: chrono::NaiveDateTime) -> Option<Suggestion> {
    let history: Vec<Outcome> = doses
        .iter()
        .filter(|a| a.status != DoseStatus::Skipped)
        .map(|a| Outcome {
            due: a.occurrence.local,
            missed: a.status == DoseStatus::Missed,
        })
        .collect();
    pattern(&history, local_now).map(Suggestion::MissedMost)
}
