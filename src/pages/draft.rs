//! The medicine form: a draft of text fields, turned into a medication and a schedule only when every field
//! reads cleanly, with problems said in plain words.

use crate::i18n::{ordinal, tr, unit_is, unit_text, use_lang, Lang, Text, Value, S};
use crate::pages::medicines::{form_name, weekday_short};
use crate::state::AppState;
use crate::storage::Change;
use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use leptos::prelude::*;
use std::ops::RangeInclusive;
use tend_core::inventory::update_stock;
use tend_core::limits::{
    EARLIEST_DATE, LATEST_DATE, MAX_AMOUNT, MAX_DAYS, MAX_INTERVAL_HOURS, MAX_MIN_GAP_MINUTES, MAX_ON_HAND,
    MAX_PER_24H, MAX_REPEATS, MAX_REPEAT_EVERY_MINUTES, MAX_TAPER_STEPS, MAX_TIMES_A_DAY,
};
use tend_core::medication::{Form, Medication, Stock};
use tend_core::record::Meta;
use tend_core::schedule::{revise, spread_over_waking_hours, DoseTime, End, Pattern, Schedule, TaperStep};
use tend_core::zone::{ZonePolicy, ZoneRules};
use tend_core::{Dataset, Id};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleKind {
    Daily,
    Weekdays,
    EveryNDays,
    Cycle,
    EveryNHours,
    AfterLastDose,
    AsNeeded,
    Spread,
}

const KINDS: [(ScheduleKind, &str, S); 8] = [
    (ScheduleKind::Daily, "daily", S::KindDaily),
    (ScheduleKind::Weekdays, "weekdays", S::KindWeekdays),
    (ScheduleKind::EveryNDays, "every_n_days", S::KindEveryNDays),
    (ScheduleKind::Cycle, "cycle", S::KindCycle),
    (ScheduleKind::EveryNHours, "every_n_hours", S::KindEveryNHours),
    (ScheduleKind::AfterLastDose, "after_last_dose", S::KindAfterLast),
    (ScheduleKind::AsNeeded, "as_needed", S::KindAsNeeded),
    (ScheduleKind::Spread, "spread", S::KindSpread),
];

/// Each form, its code, and what a dose of it is counted in (a unit of `i18n::UNITS`, in English).
const FORMS: [(Form, &str, &str); 9] = [
    (Form::Tablet, "tablet", "tablets"),
    (Form::Capsule, "capsule", "capsules"),
    (Form::Liquid, "liquid", "ml"),
    (Form::Inhaler, "inhaler", "puffs"),
    (Form::Injection, "injection", "doses"),
    (Form::Patch, "patch", "patches"),
    (Form::Drops, "drops", "drops"),
    (Form::Cream, "cream", "applications"),
    (Form::Other, "other", "doses"),
];

/// What `form` is counted in, unless the person says otherwise (English; `unit_text` words it in a language).
fn default_unit(form: Form) -> &'static str {
    FORMS
        .iter()
        .find(|(f, _, _)| *f == form)
        .map_or("doses", |(_, _, unit)| unit)
}

/// Medicine colours, each distinct from the others in light and dark mode. A new medicine gets the first one its
/// person does not use yet; its badge also shows its first letter, so colour is never the only signal.
const PALETTE: [&str; 8] = [
    "#1f6feb", "#b35900", "#8250df", "#0a7f7a", "#c4314b", "#4d7c0f", "#bf3989", "#6e7781",
];

/// The first palette colour none of `profile`'s medicines has (or, when all are taken, the next in turn).
pub fn unused_colour(data: &Dataset, profile: Option<Id>) -> String {
    let used: Vec<String> = data
        .medications
        .iter()
        .filter(|m| !m.meta.deleted && Some(m.meta.profile_id) == profile)
        .map(|m| m.colour.to_ascii_lowercase())
        .collect();
    let colour = PALETTE
        .iter()
        .find(|c| !used.iter().any(|u| u == *c))
        .unwrap_or(&PALETTE[used.len() % PALETTE.len()]);
    (*colour).to_owned()
}

/// Whether `colour` is one the form chose rather than the person.
pub fn is_palette_colour(colour: &str) -> bool {
    PALETTE.contains(&colour.to_ascii_lowercase().as_str())
}

/// The form's defaults for the sections behind headings.
const REFILL_AT_DAYS: &str = "7";
const REPEAT_TIMES: &str = "0";
const REPEAT_EVERY: &str = "10";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndKind {
    Never,
    On,
    After,
}

/// Everything the form holds, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub name: String,
    pub strength: String,
    pub form: Form,
    pub unit: String,
    pub instructions: String,
    pub colour: String,
    pub kind: ScheduleKind,
    pub times: Vec<(String, String)>,
    pub days: [bool; 7],
    pub interval_days: String,
    pub days_on: String,
    pub days_off: String,
    pub interval_hours: String,
    pub first: String,
    pub amount: String,
    pub max_per_24h: String,
    pub min_gap_minutes: String,
    pub per_day: String,
    pub wake: String,
    pub sleep: String,
    pub start: String,
    pub end_kind: EndKind,
    pub end_date: String,
    pub course_days: String,
    pub taper: Vec<(String, String, String)>,
    pub fixed_zone: bool,
    pub zone: String,
    pub on_hand: String,
    /// The figure the form opened with (the last count less the doses taken since), when stock is kept.
    pub on_hand_shown: Option<f64>,
    pub refill_at_days: String,
    pub expires_on: String,
    pub repeat_every: String,
    pub repeat_times: String,
    /// A condition id from the education library, or empty.
    pub condition: String,
}

fn hhmm(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

impl Draft {
    pub fn new(today: NaiveDate, lang: Lang, colour: String) -> Self {
        Draft {
            name: String::new(),
            strength: String::new(),
            form: Form::Tablet,
            unit: unit_text(lang, false, default_unit(Form::Tablet)).into(),
            instructions: String::new(),
            colour,
            kind: ScheduleKind::Daily,
            times: vec![("08:00".into(), "1".into())],
            days: [false; 7],
            interval_days: "2".into(),
            days_on: "21".into(),
            days_off: "7".into(),
            interval_hours: "8".into(),
            first: "08:00".into(),
            amount: "1".into(),
            max_per_24h: "4".into(),
            min_gap_minutes: "240".into(),
            per_day: "3".into(),
            wake: "07:00".into(),
            sleep: "22:00".into(),
            start: today.to_string(),
            end_kind: EndKind::Never,
            end_date: String::new(),
            course_days: "7".into(),
            taper: Vec::new(),
            fixed_zone: false,
            zone: crate::zone_rules::device_zone(),
            on_hand: String::new(),
            on_hand_shown: None,
            refill_at_days: REFILL_AT_DAYS.into(),
            expires_on: String::new(),
            repeat_every: REPEAT_EVERY.into(),
            repeat_times: REPEAT_TIMES.into(),
            condition: String::new(),
        }
    }

    /// The form for a stored medicine; `on_hand` is its stock now ([`tend_core::inventory::on_hand`]).
    pub fn from_records(
        medication: &Medication,
        schedule: Option<&Schedule>,
        on_hand: Option<f64>,
        today: NaiveDate,
        lang: Lang,
    ) -> Self {
        let mut draft = Draft::new(today, lang, medication.colour.clone());
        draft.name = medication.name.clone();
        draft.strength = medication.strength.clone();
        draft.form = medication.form;
        draft.unit = medication.unit.clone();
        draft.instructions = medication.instructions.clone();
        if let ZonePolicy::Fixed { zone } = &medication.zone_policy {
            draft.fixed_zone = true;
            draft.zone = zone.clone();
        }
        draft.condition = medication.conditions.first().cloned().unwrap_or_default();
        // 0 is the stored default: no interval chosen.
        if medication.repeat.every_minutes > 0 {
            draft.repeat_every = medication.repeat.every_minutes.to_string();
        }
        draft.repeat_times = medication.repeat.times.to_string();
        if let (Some(stock), Some(on_hand)) = (&medication.stock, on_hand) {
            draft.on_hand = on_hand.to_string();
            draft.on_hand_shown = Some(on_hand);
            draft.refill_at_days = stock.refill_at_days.to_string();
            draft.expires_on = stock.expires_on.map(|d| d.to_string()).unwrap_or_default();
        }
        if let Some(schedule) = schedule {
            draft.read_schedule(schedule);
        }
        draft
    }

    /// Whether the unit is empty or what its form is counted in (in any language): then it follows the form.
    fn unit_is_default(&self) -> bool {
        let unit = self.unit.trim();
        unit.is_empty() || unit_is(unit, default_unit(self.form))
    }

    fn has_stock(&self) -> bool {
        !self.on_hand.trim().is_empty()
            || !self.expires_on.trim().is_empty()
            || self.refill_at_days.trim() != REFILL_AT_DAYS
    }

    fn repeats(&self) -> bool {
        self.repeat_times.trim() != REPEAT_TIMES || self.repeat_every.trim() != REPEAT_EVERY
    }

    fn read_schedule(&mut self, schedule: &Schedule) {
        let list = |times: &[DoseTime]| {
            times
                .iter()
                .map(|t| (hhmm(t.time), t.amount.to_string()))
                .collect()
        };
        self.start = schedule.start.to_string();
        (self.end_kind, self.end_date, self.course_days) = match schedule.end {
            End::Never => (EndKind::Never, String::new(), self.course_days.clone()),
            End::On { date } => (EndKind::On, date.to_string(), self.course_days.clone()),
            End::AfterDays { days } => (EndKind::After, String::new(), days.to_string()),
        };
        self.taper = schedule
            .taper
            .iter()
            .map(|s| (s.from.to_string(), s.to.to_string(), s.amount.to_string()))
            .collect();
        match &schedule.pattern {
            Pattern::Daily { times } => (self.kind, self.times) = (ScheduleKind::Daily, list(times)),
            Pattern::Weekdays { days, times } => {
                (self.kind, self.times) = (ScheduleKind::Weekdays, list(times));
                days.iter()
                    .for_each(|d| self.days[d.num_days_from_monday() as usize] = true);
            }
            Pattern::EveryNDays { interval, times } => {
                (self.kind, self.times, self.interval_days) =
                    (ScheduleKind::EveryNDays, list(times), interval.to_string())
            }
            Pattern::Cycle {
                days_on,
                days_off,
                times,
            } => {
                (self.kind, self.times) = (ScheduleKind::Cycle, list(times));
                (self.days_on, self.days_off) = (days_on.to_string(), days_off.to_string());
            }
            Pattern::EveryNHours {
                interval_hours,
                anchor,
                amount,
            } => {
                self.kind = ScheduleKind::EveryNHours;
                (self.interval_hours, self.first, self.amount) =
                    (interval_hours.to_string(), hhmm(*anchor), amount.to_string());
            }
            Pattern::AfterLastDose {
                interval_hours,
                first,
                amount,
            } => {
                self.kind = ScheduleKind::AfterLastDose;
                (self.interval_hours, self.first, self.amount) =
                    (interval_hours.to_string(), hhmm(*first), amount.to_string());
            }
            Pattern::AsNeeded {
                max_per_24h,
                min_gap_minutes,
                amount,
            } => {
                self.kind = ScheduleKind::AsNeeded;
                (self.max_per_24h, self.min_gap_minutes, self.amount) = (
                    max_per_24h.to_string(),
                    min_gap_minutes.to_string(),
                    amount.to_string(),
                );
            }
        }
    }

    /// The medication and schedule this draft describes for `profile`, or every problem in it (`profile` is
    /// `None` when the person has not said whose medicine it is).
    pub fn to_records(
        &self,
        lang: Lang,
        state: &AppState,
        profile: Option<Id>,
        existing: Option<(Medication, Option<Schedule>)>,
    ) -> Result<(Medication, Schedule), Vec<String>> {
        let mut reader = Reader::new(lang);
        if profile.is_none() {
            reader.problems.push(S::ChooseWhose.get(lang).to_owned());
        }
        reader.require(!self.name.trim().is_empty(), S::Name);
        let (old_medication, old_schedule) = existing.map_or((None, None), |(m, s)| (Some(m), s));
        let owner = profile.unwrap_or_else(|| Id::from_u128(0));
        let renewed = |meta: &Meta| Meta {
            stamp: state.stamp(),
            ..meta.clone()
        };
        let schedule_meta = old_schedule
            .as_ref()
            .map_or_else(|| state.meta(owner), |s| renewed(&s.meta));
        let medication_meta = old_medication
            .as_ref()
            .map_or_else(|| state.meta(owner), |m| renewed(&m.meta));
        let schedule = self.schedule(&mut reader, schedule_meta, medication_meta.id);
        reader.require(!self.unit.trim().is_empty(), S::Unit);
        let medication = self.medication(&mut reader, medication_meta, old_medication.as_ref());
        if reader.problems.is_empty() {
            Ok((medication, schedule))
        } else {
            Err(reader.problems)
        }
    }

    /// The schedule alone and a medication to expand it with, for the preview: it needs no name, so it shows
    /// as soon as the schedule reads cleanly. `None` while the schedule has a problem.
    pub fn preview(&self, lang: Lang) -> Option<(Medication, Schedule)> {
        let placeholder = Meta {
            id: Id::from_u128(0),
            profile_id: Id::from_u128(0),
            stamp: Default::default(),
            deleted: false,
        };
        let mut reader = Reader::new(lang);
        let schedule = self.schedule(&mut reader, placeholder.clone(), placeholder.id);
        let medication = self.medication(&mut Reader::new(lang), placeholder, None);
        reader.problems.is_empty().then_some((medication, schedule))
    }

    /// The schedule as typed; problems the core finds in it are added to the reader's.
    fn schedule(&self, reader: &mut Reader, meta: Meta, medication_id: Id) -> Schedule {
        let pattern = self.pattern(reader);
        let start = reader.date(&self.start, S::StartDate);
        let end = match self.end_kind {
            EndKind::Never => End::Never,
            EndKind::On => End::On {
                date: reader.date(&self.end_date, S::EndDate),
            },
            EndKind::After => End::AfterDays {
                days: reader.number(&self.course_days, S::CourseDays),
            },
        };
        let taper = self
            .taper
            .iter()
            .map(|(from, to, amount)| TaperStep {
                from: reader.date(from, S::From),
                to: reader.date(to, S::To),
                amount: reader.amount(amount),
            })
            .collect();
        let schedule = Schedule {
            meta,
            medication_id,
            pattern,
            start,
            end,
            taper,
        };
        for (field, message) in schedule.problems() {
            reader.problems.push(record_problem(reader.lang, field, &message));
        }
        schedule
    }

    /// The medication as typed, keeping what the form does not show (pauses, the end) from `old`.
    fn medication(&self, reader: &mut Reader, meta: Meta, old: Option<&Medication>) -> Medication {
        if self.fixed_zone && !crate::zone_rules::IntlRules.is_known(self.zone.trim()) {
            let zone = self.zone.trim();
            reader
                .problems
                .push(S::ZoneUnknown.fill(reader.lang, &[("zone", &zone)]));
        }
        let stock = (!self.on_hand.trim().is_empty()).then(|| Stock {
            on_hand: reader.amount_or_zero(&self.on_hand),
            counted_at: crate::clock::now(),
            refill_at_days: reader.number(&self.refill_at_days, S::RefillAt),
            expires_on: (!self.expires_on.trim().is_empty())
                .then(|| reader.date(&self.expires_on, S::ExpiresOn)),
        });
        let repeat = tend_core::medication::Repeat {
            times: reader.number(&self.repeat_times, S::RepeatTimes).min(MAX_REPEATS),
            every_minutes: reader
                .number(&self.repeat_every, S::RepeatEvery)
                .clamp(1, MAX_REPEAT_EVERY_MINUTES),
        };
        let medication = Medication {
            meta,
            name: self.name.trim().to_owned(),
            strength: self.strength.trim().to_owned(),
            form: self.form,
            unit: self.unit.trim().to_owned(),
            instructions: self.instructions.trim().to_owned(),
            conditions: (!self.condition.is_empty())
                .then(|| self.condition.clone())
                .into_iter()
                .collect(),
            colour: self.colour.clone(),
            pauses: old.map(|m| m.pauses.clone()).unwrap_or_default(),
            ended_at: old.and_then(|m| m.ended_at),
            zone_policy: if self.fixed_zone {
                ZonePolicy::Fixed {
                    zone: self.zone.trim().to_owned(),
                }
            } else {
                ZonePolicy::FollowLocal
            },
            stock: update_stock(old.and_then(|m| m.stock.as_ref()), self.on_hand_shown, stock),
            repeat,
        };
        // The name is asked for above, in the form's words.
        for (field, message) in medication.problems() {
            if field != "name" {
                reader.problems.push(record_problem(reader.lang, field, &message));
            }
        }
        medication
    }

    fn times(&self, reader: &mut Reader) -> Vec<DoseTime> {
        self.times
            .iter()
            .map(|(time, amount)| DoseTime {
                time: reader.time(time, S::Times),
                amount: reader.amount(amount),
            })
            .collect()
    }

    fn pattern(&self, reader: &mut Reader) -> Pattern {
        match self.kind {
            ScheduleKind::Daily => Pattern::Daily {
                times: self.times(reader),
            },
            ScheduleKind::Weekdays => Pattern::Weekdays {
                days: (0..7)
                    .filter(|i| self.days[*i as usize])
                    .map(|i| Weekday::try_from(i).expect("0..7"))
                    .collect(),
                times: self.times(reader),
            },
            ScheduleKind::EveryNDays => Pattern::EveryNDays {
                interval: reader.number(&self.interval_days, S::IntervalDays),
                times: self.times(reader),
            },
            ScheduleKind::Cycle => Pattern::Cycle {
                days_on: reader.number(&self.days_on, S::DaysOn),
                days_off: reader.number(&self.days_off, S::DaysOff),
                times: self.times(reader),
            },
            ScheduleKind::EveryNHours => Pattern::EveryNHours {
                interval_hours: reader.number(&self.interval_hours, S::IntervalHours),
                anchor: reader.time(&self.first, S::FirstDose),
                amount: reader.amount(&self.amount),
            },
            ScheduleKind::AfterLastDose => Pattern::AfterLastDose {
                interval_hours: reader.number(&self.interval_hours, S::IntervalHours),
                first: reader.time(&self.first, S::FirstDose),
                amount: reader.amount(&self.amount),
            },
            ScheduleKind::AsNeeded => Pattern::AsNeeded {
                max_per_24h: reader.number(&self.max_per_24h, S::MaxPer24h),
                min_gap_minutes: reader.number(&self.min_gap_minutes, S::MinGapMinutes),
                amount: reader.amount(&self.amount),
            },
            ScheduleKind::Spread => {
                let count = reader.number(&self.per_day, S::DosesPerDay);
                let (wake, sleep) = (
                    reader.time(&self.wake, S::WakeTime),
                    reader.time(&self.sleep, S::SleepTime),
                );
                let amount = reader.amount(&self.amount);
                Pattern::Daily {
                    times: spread_over_waking_hours(count, wake, sleep)
                        .into_iter()
                        .map(|time| DoseTime { time, amount })
                        .collect(),
                }
            }
        }
    }
}

/// Reads typed text, collecting a plain-language problem for each field that does not read.
struct Reader {
    lang: Lang,
    problems: Vec<String>,
}

impl Reader {
    fn new(lang: Lang) -> Self {
        Reader {
            lang,
            problems: Vec::new(),
        }
    }

    fn complain(&mut self, field: S, problem: S) {
        let (field, problem) = (field.get(self.lang), problem.get(self.lang));
        self.problems.push(format!("{field}: {problem}"));
    }

    fn require(&mut self, ok: bool, field: S) {
        if !ok {
            self.complain(field, S::FillIn);
        }
    }

    fn number(&mut self, text: &str, field: S) -> u32 {
        text.trim().parse().unwrap_or_else(|_| {
            self.complain(field, S::WholeNumber);
            1
        })
    }

    fn amount(&mut self, text: &str) -> f64 {
        match text.trim().replace(',', ".").parse::<f64>() {
            Ok(value) if value.is_finite() && value > 0.0 => value,
            _ => {
                self.complain(S::Amount, S::AmountAboveZero);
                1.0
            }
        }
    }

    fn amount_or_zero(&mut self, text: &str) -> f64 {
        match text.trim().replace(',', ".").parse::<f64>() {
            Ok(value) if value.is_finite() && value >= 0.0 => value,
            _ => {
                self.complain(S::OnHand, S::NumberZeroOrMore);
                0.0
            }
        }
    }

    fn time(&mut self, text: &str, field: S) -> NaiveTime {
        NaiveTime::parse_from_str(text.trim(), "%H:%M").unwrap_or_else(|_| {
            self.complain(field, S::TimeLike);
            NaiveTime::MIN
        })
    }

    fn date(&mut self, text: &str, field: S) -> NaiveDate {
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").unwrap_or_else(|_| {
            self.complain(field, S::DateChoose);
            NaiveDate::default()
        })
    }
}

/// A problem `Schedule::problems` or `Medication::problems` found, in plain words with the limits of
/// `tend_core::limits`. One this form has no words for still names its field (by the form's label, or as the core
/// calls it) with the core's own description, never another field's.
fn record_problem(lang: Lang, field: &str, message: &str) -> String {
    let fill = |text: S, values: &[Value]| text.fill(lang, values);
    let (first_year, last_year) = (EARLIEST_DATE.year(), LATEST_DATE.year());
    let first: Value = ("first", &first_year);
    let last: Value = ("last", &last_year);
    let amount: Value = ("amount", &MAX_AMOUNT);
    let date = |field: S| fill(S::ProblemDate, &[("field", &field.get(lang)), first, last]);
    let range = |field: S, range: RangeInclusive<u32>| {
        let (min, max) = (range.start(), range.end());
        fill(
            S::ProblemRange,
            &[("field", &field.get(lang)), ("min", min), ("max", max)],
        )
    };
    match field {
        "start" => date(S::StartDate),
        "stock.expires_on" => date(S::ExpiresOn),
        "end.date" => fill(S::ProblemEndDate, &[last]),
        "end.days" => range(S::CourseDays, 1..=MAX_DAYS),
        "pattern.days" => S::ProblemWeekdays.get(lang).to_owned(),
        "pattern.times" => fill(S::ProblemTimes, &[("max", &MAX_TIMES_A_DAY), amount]),
        "pattern.amount" => fill(S::ProblemAmount, &[("field", &S::Amount.get(lang)), amount]),
        "pattern.interval" => range(S::IntervalDays, 1..=MAX_DAYS),
        "pattern.days_on" => range(S::DaysOn, 1..=MAX_DAYS),
        "pattern.days_off" => range(S::DaysOff, 0..=MAX_DAYS),
        "pattern.interval_hours" => range(S::IntervalHours, 1..=MAX_INTERVAL_HOURS),
        "pattern.max_per_24h" => range(S::MaxPer24h, 1..=MAX_PER_24H),
        "pattern.min_gap_minutes" => range(S::MinGapMinutes, 0..=MAX_MIN_GAP_MINUTES),
        "stock.refill_at_days" => range(S::RefillAt, 0..=MAX_DAYS),
        "stock.on_hand" => fill(
            S::ProblemOnHand,
            &[("field", &S::OnHand.get(lang)), ("max", &MAX_ON_HAND)],
        ),
        "taper" => fill(
            S::ProblemTaper,
            &[("steps", &MAX_TAPER_STEPS), first, last, amount],
        ),
        other => format!("{other}: {message}"),
    }
}

/// The records to store: the medication, and the schedule as [`revise`] decides (changing a schedule already
/// under way ends the old one yesterday and starts the new one today, so past days keep the schedule that
/// applied then).
pub fn save_change(
    state: &AppState,
    existing: Option<&(Medication, Option<Schedule>)>,
    medication: Medication,
    schedule: Schedule,
) -> Change {
    let old = existing.and_then(|(_, s)| s.as_ref());
    let profile_id = schedule.meta.profile_id;
    Change {
        medications: vec![medication],
        schedules: revise(old, schedule, state.today(), || state.meta(profile_id)),
        ..Change::default()
    }
}

/// One labelled text-like input bound to a draft field.
fn field(
    draft: RwSignal<Draft>,
    id: &'static str,
    label: S,
    kind: &'static str,
    get: fn(&Draft) -> String,
    set: fn(&mut Draft, String),
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{tr(label)}</label>
            <input id=id type=kind prop:value=move || draft.with(get) on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev)))/>
        </div>
    }
}

/// What the first screen asks: the name and the strength.
#[component]
pub fn NameFields(draft: RwSignal<Draft>) -> impl IntoView {
    view! {
        {field(draft, "med-name", S::Name, "text", |d| d.name.clone(), |d, v| d.name = v)}
        {field(draft, "med-strength", S::Strength, "text", |d| d.strength.clone(), |d, v| d.strength = v)}
    }
}

/// How often and when.
#[component]
pub fn ScheduleFields(draft: RwSignal<Draft>) -> impl IntoView {
    let lang = use_lang();
    let kind = move || draft.with(|d| d.kind);
    let shows_times = move || {
        matches!(
            kind(),
            ScheduleKind::Daily | ScheduleKind::Weekdays | ScheduleKind::EveryNDays | ScheduleKind::Cycle
        )
    };
    let shows_amount = move || {
        matches!(
            kind(),
            ScheduleKind::EveryNHours
                | ScheduleKind::AfterLastDose
                | ScheduleKind::AsNeeded
                | ScheduleKind::Spread
        )
    };
    view! {
        <fieldset>
            <legend>{tr(S::Schedule)}</legend>
            <div class="field">
                <label for="schedule-kind">{tr(S::ScheduleKind)}</label>
                <select id="schedule-kind" on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Some((kind, _, _)) = KINDS.iter().find(|(_, code, _)| *code == value) {
                        draft.update(|d| d.kind = *kind);
                    }
                }>
                    {KINDS.iter().map(|(k, code, label)| view! {
                        <option value=*code selected=move || kind() == *k>{tr(*label)}</option>
                    }).collect_view()}
                </select>
            </div>
            <Show when=move || kind() == ScheduleKind::Weekdays>
                <fieldset class="weekdays">
                    <legend>{tr(S::Days)}</legend>
                    {(0..7u8).map(|i| {
                        let day = Weekday::try_from(i).expect("0..7");
                        let (id, for_id) = (format!("weekday-{i}"), format!("weekday-{i}"));
                        view! {
                            <label class="check" for=for_id>
                                <input id=id type="checkbox" prop:checked=move || draft.with(|d| d.days[i as usize])
                                    on:change=move |ev| draft.update(|d| d.days[i as usize] = event_target_checked(&ev))/>
                                {move || weekday_short(lang.get(), day)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
            </Show>
            <Show when=move || kind() == ScheduleKind::EveryNDays>
                {field(draft, "interval-days", S::IntervalDays, "number", |d| d.interval_days.clone(), |d, v| d.interval_days = v)}
            </Show>
            <Show when=move || kind() == ScheduleKind::Cycle>
                {field(draft, "days-on", S::DaysOn, "number", |d| d.days_on.clone(), |d, v| d.days_on = v)}
                {field(draft, "days-off", S::DaysOff, "number", |d| d.days_off.clone(), |d, v| d.days_off = v)}
            </Show>
            <Show when=move || matches!(kind(), ScheduleKind::EveryNHours | ScheduleKind::AfterLastDose)>
                {field(draft, "interval-hours", S::IntervalHours, "number", |d| d.interval_hours.clone(), |d, v| d.interval_hours = v)}
                {field(draft, "first-dose", S::FirstDose, "time", |d| d.first.clone(), |d, v| d.first = v)}
            </Show>
            <Show when=move || kind() == ScheduleKind::AsNeeded>
                {field(draft, "max-24h", S::MaxPer24h, "number", |d| d.max_per_24h.clone(), |d, v| d.max_per_24h = v)}
                {field(draft, "min-gap", S::MinGapMinutes, "number", |d| d.min_gap_minutes.clone(), |d, v| d.min_gap_minutes = v)}
            </Show>
            <Show when=move || kind() == ScheduleKind::Spread>
                {field(draft, "per-day", S::DosesPerDay, "number", |d| d.per_day.clone(), |d, v| d.per_day = v)}
                {field(draft, "wake", S::WakeTime, "time", |d| d.wake.clone(), |d, v| d.wake = v)}
                {field(draft, "sleep", S::SleepTime, "time", |d| d.sleep.clone(), |d, v| d.sleep = v)}
            </Show>
            <Show when=shows_amount>
                {field(draft, "amount", S::Amount, "text", |d| d.amount.clone(), |d, v| d.amount = v)}
            </Show>
            <Show when=shows_times>
                <TimeList draft/>
            </Show>
            {field(draft, "start-date", S::StartDate, "date", |d| d.start.clone(), |d, v| d.start = v)}
            <EndFields draft/>
        </fieldset>
    }
}

/// The medicine itself: its form and what it is counted in (which follows the form until the person types
/// their own), colour, instructions and condition.
#[component]
pub fn DetailFields(draft: RwSignal<Draft>) -> impl IntoView {
    let lang = use_lang();
    let choose_form = move |ev| {
        let value = event_target_value(&ev);
        if let Some((form, _, unit)) = FORMS.iter().find(|(_, code, _)| *code == value) {
            draft.update(|d| {
                if d.unit_is_default() {
                    d.unit = unit_text(lang.get_untracked(), false, unit).to_owned();
                }
                d.form = *form;
            });
        }
    };
    view! {
        <div class="field">
            <label for="med-form">{tr(S::Form)}</label>
            <select id="med-form" on:change=choose_form>
                {FORMS.iter().map(|(form, code, _)| view! {
                    <option value=*code selected=move || draft.with(|d| d.form == *form)>{move || form_name(lang.get(), *form)}</option>
                }).collect_view()}
            </select>
        </div>
        {field(draft, "med-unit", S::Unit, "text", |d| d.unit.clone(), |d, v| d.unit = v)}
        {field(draft, "med-colour", S::Colour, "color", |d| d.colour.clone(), |d, v| d.colour = v)}
        {field(draft, "med-instructions", S::Instructions, "text", |d| d.instructions.clone(), |d, v| d.instructions = v)}
        <div class="field">
            <label for="med-condition">{tr(S::ConditionFor)}</label>
            <select id="med-condition" on:change=move |ev| draft.update(|d| d.condition = event_target_value(&ev))>
                <option value="" selected=move || draft.with(|d| d.condition.is_empty())>{tr(S::NoCondition)}</option>
                {tend_core::learn::CONDITIONS.iter().map(|&c| view! {
                    <option value=c selected=move || draft.with(|d| d.condition == c)>{tr(crate::pages::learn::condition_name(c))}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

/// A section most medicines leave as it is, collapsed behind its heading. It starts open when it holds something
/// other than the form's defaults (editing such a medicine), and opens when a save finds problems while it
/// holds such a value (every problem it can have is one); the person's own opening and closing is kept.
#[component]
fn Advanced(
    draft: RwSignal<Draft>,
    problems: RwSignal<Vec<String>>,
    title: S,
    holds_value: fn(&Draft) -> bool,
    children: Children,
) -> impl IntoView {
    let open = RwSignal::new(draft.with_untracked(holds_value));
    Effect::new(move |_| {
        if problems.with(|p| !p.is_empty()) && draft.with_untracked(holds_value) {
            open.set(true);
        }
    });
    view! {
        <details class="advanced" open=move || open.get()
            on:toggle=move |ev| open.set(event_target::<web_sys::Element>(&ev).has_attribute("open"))>
            <summary>{tr(title)}</summary>
            {children()}
        </details>
    }
}

/// Tapering, time zone, stock and reminders.
#[component]
pub fn AdvancedFields(draft: RwSignal<Draft>, problems: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <Advanced draft problems title=S::Taper holds_value=|d| !d.taper.is_empty()>
            <TaperFields draft/>
        </Advanced>
        <Advanced draft problems title=S::TimeZone holds_value=|d| d.fixed_zone>
            // Named by the heading above it rather than a second, hidden copy of it.
            <div role="radiogroup" aria-label=tr(S::TimeZone)>
                <label class="check" for="zone-local">
                    <input id="zone-local" type="radio" name="zone-policy" prop:checked=move || draft.with(|d| !d.fixed_zone)
                        on:change=move |_| draft.update(|d| d.fixed_zone = false)/>
                    {tr(S::FollowLocal)}
                </label>
                <label class="check" for="zone-fixed">
                    <input id="zone-fixed" type="radio" name="zone-policy" prop:checked=move || draft.with(|d| d.fixed_zone)
                        on:change=move |_| draft.update(|d| d.fixed_zone = true)/>
                    {tr(S::FixedZone)}
                </label>
                <Show when=move || draft.with(|d| d.fixed_zone)>
                    {field(draft, "zone-name", S::ZoneName, "text", |d| d.zone.clone(), |d, v| d.zone = v)}
                </Show>
            </div>
        </Advanced>
        <Advanced draft problems title=S::Stock holds_value=Draft::has_stock>
            {field(draft, "on-hand", S::OnHand, "text", |d| d.on_hand.clone(), |d, v| d.on_hand = v)}
            {field(draft, "refill-at", S::RefillAt, "number", |d| d.refill_at_days.clone(), |d, v| d.refill_at_days = v)}
            {field(draft, "expires-on", S::ExpiresOn, "date", |d| d.expires_on.clone(), |d, v| d.expires_on = v)}
        </Advanced>
        <Advanced draft problems title=S::Reminders holds_value=Draft::repeats>
            <p>{tr(S::RepeatHint)}</p>
            {field(draft, "repeat-times", S::RepeatTimes, "number", |d| d.repeat_times.clone(), |d, v| d.repeat_times = v)}
            {field(draft, "repeat-every", S::RepeatEvery, "number", |d| d.repeat_every.clone(), |d, v| d.repeat_every = v)}
        </Advanced>
    }
}

/// "1st time", "2nd time" / "1.ª hora", "2.ª hora".
fn nth_time(lang: Lang, n: usize) -> String {
    let text = ordinal(n, [S::NthTimeSt, S::NthTimeNd, S::NthTimeRd, S::NthTimeTh]);
    text.fill(lang, &[("n", &n)])
}

#[component]
fn TimeList(draft: RwSignal<Draft>) -> impl IntoView {
    let lang = use_lang();
    let count = move || draft.with(|d| d.times.len());
    view! {
        // Each time is labelled "1st time", "2nd time"…: the group's name is for screen readers.
        <fieldset class="times plain">
            <legend class="visually-hidden">{tr(S::Times)}</legend>
            {move || (0..count()).map(|i| {
                let (time_id, amount_id) = (format!("time-{i}"), format!("time-amount-{i}"));
                let (time_for, amount_for) = (time_id.clone(), amount_id.clone());
                view! {
                    <div class="time-row">
                        <div class="field">
                            <label for=time_for>{move || nth_time(lang.get(), i + 1)}</label>
                            <input id=time_id type="time" prop:value=move || draft.with(|d| d.times.get(i).map(|t| t.0.clone()).unwrap_or_default())
                                on:input=move |ev| draft.update(|d| if let Some(t) = d.times.get_mut(i) { t.0 = event_target_value(&ev) })/>
                        </div>
                        <div class="field">
                            <label for=amount_for>{tr(S::Amount)}</label>
                            <input id=amount_id type="text" inputmode="decimal" prop:value=move || draft.with(|d| d.times.get(i).map(|t| t.1.clone()).unwrap_or_default())
                                on:input=move |ev| draft.update(|d| if let Some(t) = d.times.get_mut(i) { t.1 = event_target_value(&ev) })/>
                        </div>
                        // A schedule of times needs one, so the last cannot be removed.
                        <Show when=move || { count() > 1 }>
                            <button type="button" class="button button-quiet" on:click=move |_| draft.update(|d| { d.times.remove(i); })>
                                {tr(S::Remove)}
                            </button>
                        </Show>
                    </div>
                }
            }).collect_view()}
            <button type="button" class="button" on:click=move |_| draft.update(|d| d.times.push(("20:00".into(), "1".into())))>{tr(S::AddTime)}</button>
        </fieldset>
    }
}

#[component]
fn EndFields(draft: RwSignal<Draft>) -> impl IntoView {
    let end_kind = move || draft.with(|d| d.end_kind);
    let option = move |kind: EndKind, id: &'static str, label: S| {
        view! {
            <label class="check" for=id>
                <input id=id type="radio" name="end-kind" prop:checked=move || end_kind() == kind on:change=move |_| draft.update(|d| d.end_kind = kind)/>
                {tr(label)}
            </label>
        }
    };
    view! {
        <fieldset>
            <legend>{tr(S::EndsKind)}</legend>
            {option(EndKind::Never, "end-never", S::EndsNever)}
            {option(EndKind::On, "end-on", S::EndsOn)}
            {option(EndKind::After, "end-after", S::EndsAfter)}
            <Show when=move || end_kind() == EndKind::On>
                {field(draft, "end-date", S::EndDate, "date", |d| d.end_date.clone(), |d, v| d.end_date = v)}
            </Show>
            <Show when=move || end_kind() == EndKind::After>
                {field(draft, "course-days", S::CourseDays, "number", |d| d.course_days.clone(), |d, v| d.course_days = v)}
            </Show>
        </fieldset>
    }
}

#[component]
fn TaperFields(draft: RwSignal<Draft>) -> impl IntoView {
    let count = move || draft.with(|d| d.taper.len());
    view! {
        <div class="taper">
            {move || (0..count()).map(|i| {
                let ids = [format!("taper-from-{i}"), format!("taper-to-{i}"), format!("taper-amount-{i}")];
                let cell = move |which: usize, label: S, kind: &'static str, id: String| view! {
                    <div class="field">
                        <label for=id.clone()>{tr(label)}</label>
                        <input id=id type=kind
                            prop:value=move || draft.with(|d| d.taper.get(i).map(|s| [&s.0, &s.1, &s.2][which].clone()).unwrap_or_default())
                            on:input=move |ev| draft.update(|d| if let Some(s) = d.taper.get_mut(i) {
                                *[&mut s.0, &mut s.1, &mut s.2][which] = event_target_value(&ev)
                            })/>
                    </div>
                };
                let [from, to, amount] = ids;
                view! {
                    <div class="time-row">
                        {cell(0, S::From, "date", from)}
                        {cell(1, S::To, "date", to)}
                        {cell(2, S::Amount, "text", amount)}
                        <button type="button" class="button button-quiet" on:click=move |_| draft.update(|d| { d.taper.remove(i); })>{tr(S::Remove)}</button>
                    </div>
                }
            }).collect_view()}
            <button type="button" class="button" on:click=move |_| draft.update(|d| {
                let start = d.start.clone();
                d.taper.push((start.clone(), start, "1".into()))
            })>{tr(S::AddTaperStep)}</button>
        </div>
    }
}
