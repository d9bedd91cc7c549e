//! Generated data: the built-in example the app shows before anyone adds a medicine, and the large synthetic
//! histories the benchmarks and stress tests use. Both are deterministic.

use crate::dataset::{Dataset, ZoneContext};
use crate::dose::{DoseAction, DoseEvent};
use crate::hlc::Hlc;
use crate::medication::{DoseRules, Form, Medication, Profile, Stock};
use crate::occurrence::expand;
use crate::record::Meta;
use crate::schedule::{DoseTime, End, Pattern, Schedule};
use crate::zone::{UnknownZone, ZonePolicy, ZoneRules};
use crate::Id;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};

const PROFILE: u128 = 0x0001;

fn meta(id: u128, stamp_ms: u64) -> Meta {
    Meta {
        id: Id::from_u128(id),
        profile_id: Id::from_u128(PROFILE),
        stamp: Hlc {
            wall_ms: stamp_ms,
            counter: 0,
            node: 0,
        },
        deleted: false,
    }
}

fn at(hour: u32, minute: u32, amount: f64) -> DoseTime {
    DoseTime {
        time: NaiveTime::from_hms_opt(hour, minute, 0).expect("valid time"),
        amount,
    }
}

fn profile(name: &str, stamp_ms: u64) -> Profile {
    Profile {
        meta: meta(PROFILE, stamp_ms),
        name: name.into(),
        colour: "#2f6f4f".into(),
        conditions: vec![],
        rules: DoseRules::default(),
        quiet_hours: None,
    }
}

fn medication(
    n: u128,
    name: &str,
    strength: &str,
    form: Form,
    unit: &str,
    colour: &str,
    stamp_ms: u64,
) -> Medication {
    Medication {
        meta: meta(0x100 + n, stamp_ms),
        name: name.into(),
        strength: strength.into(),
        form,
        unit: unit.into(),
        instructions: String::new(),
        conditions: vec![],
        colour: colour.into(),
        pauses: vec![],
        ended_at: None,
        zone_policy: ZonePolicy::FollowLocal,
        stock: None,
        repeat: Default::default(),
    }
}

fn schedule(n: u128, pattern: Pattern, start: NaiveDate, stamp_ms: u64) -> Schedule {
    Schedule {
        meta: meta(0x200 + n, stamp_ms),
        medication_id: Id::from_u128(0x100 + n),
        pattern,
        start,
        end: End::Never,
        taper: vec![],
    }
}

/// A small, clearly labelled example household of medicines starting `start`, for a first look at the app.
/// The names describe what the medicine is for rather than naming real products.
pub fn demo(start: NaiveDate, created: DateTime<Utc>) -> Dataset {
    let ms = created.timestamp_millis().max(0) as u64;
    let mut blood_pressure = medication(
        1,
        "Blood pressure tablet",
        "10 mg",
        Form::Tablet,
        "tablet",
        "#1f6feb",
        ms,
    );
    blood_pressure.conditions = vec!["high-blood-pressure".into()];
    blood_pressure.instructions = "Example medicine".into();
    blood_pressure.stock = Some(Stock {
        on_hand: 28.0,
        counted_at: created,
        refill_at_days: 7,
        expires_on: None,
    });
    let mut diabetes = medication(
        2,
        "Diabetes tablet",
        "500 mg",
        Form::Tablet,
        "tablet",
        "#b35900",
        ms,
    );
    diabetes.conditions = vec!["type-2-diabetes".into()];
    diabetes.instructions = "Example medicine".into();
    let mut vitamin = medication(3, "Vitamin D", "", Form::Capsule, "capsule", "#8250df", ms);
    vitamin.instructions = "Example medicine".into();
    let mut inhaler = medication(4, "Reliever inhaler", "", Form::Inhaler, "puff", "#0a7f7a", ms);
    inhaler.instructions = "Example medicine, as needed".into();
    Dataset {
        profiles: vec![profile("Me", ms)],
        medications: vec![blood_pressure, diabetes, vitamin, inhaler],
        schedules: vec![
            schedule(
                1,
                Pattern::Daily {
                    times: vec![at(8, 0, 1.0)],
                },
                start,
                ms,
            ),
            schedule(
                2,
                Pattern::Daily {
                    times: vec![at(8, 0, 1.0), at(20, 0, 1.0)],
                },
                start,
                ms,
            ),
            schedule(
                3,
                Pattern::Weekdays {
                    days: vec![Weekday::Mon, Weekday::Thu],
                    times: vec![at(13, 0, 1.0)],
                },
                start,
                ms,
            ),
            schedule(
                4,
                Pattern::AsNeeded {
                    max_per_24h: 8,
                    min_gap_minutes: 240,
                    amount: 2.0,
                },
                start,
                ms,
            ),
        ],
        ..Dataset::default()
    }
}

/// A deterministic pseudo-random sequence (a 64-bit LCG), so generated histories are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next_percent(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % 100
    }
}

/// `medications` medicines with two to three daily doses each and `days` days of history ending at `end`:
/// mostly taken on time, some late, some skipped, some missed. For benchmarks and stress tests.
pub fn synthetic(
    medications: usize,
    days: i64,
    end: DateTime<Utc>,
    zone: &str,
    rules: &dyn ZoneRules,
) -> Result<Dataset, UnknownZone> {
    let begin = end - Duration::days(days);
    let start = begin.date_naive();
    let ms = begin.timestamp_millis().max(0) as u64;
    let mut data = Dataset {
        profiles: vec![profile("Synthetic", ms)],
        ..Dataset::default()
    };
    for n in 0..medications as u128 {
        data.medications.push(medication(
            n,
            &format!("Medicine {n}"),
            "1 mg",
            Form::Tablet,
            "tablet",
            "#555555",
            ms,
        ));
        let times = if n % 3 == 0 {
            vec![at(7, 30, 1.0), at(13, 0, 1.0), at(21, 0, 1.0)]
        } else {
            vec![at(8, 0, 1.0), at(20, 0, 2.0)]
        };
        data.schedules
            .push(schedule(n, Pattern::Daily { times }, start, ms));
    }
    let occurrences = expand(&data, &ZoneContext::single(zone), rules, begin, end)?;
    let mut random = Lcg(42);
    for (i, o) in occurrences.iter().enumerate() {
        let roll = random.next_percent();
        let taken = |minutes: i64| DoseAction::Taken {
            at: o.due + Duration::minutes(minutes),
            amount: o.amount,
        };
        let (action, recorded) = match roll as i64 {
            roll @ 0..=84 => (taken(roll % 40 - 10), o.due + Duration::minutes(roll % 40 - 10)),
            roll @ 85..=91 => (taken(90 + roll), o.due + Duration::minutes(90 + roll)),
            92..=95 => (
                DoseAction::Skipped {
                    reason: "felt unwell".into(),
                },
                o.due,
            ),
            _ => continue,
        };
        data.dose_events.push(DoseEvent {
            meta: Meta {
                id: Id::from_u128(0x1_0000_0000 + i as u128),
                profile_id: o.profile_id,
                stamp: Hlc {
                    wall_ms: recorded.timestamp_millis().max(0) as u64,
                    counter: 0,
                    node: 0,
                },
                deleted: false,
            },
            medication_id: o.medication_id,
            occurrence: Some(o.key),
            action,
            recorded_at: recorded,
            zone: zone.into(),
            supersedes: None,
        });
    }
    Ok(data)
}

/// A planted habit of missing: doses on `weekday` at `part_of_day` (0 night to 3 evening) are missed `percent`
/// of the time.
#[derive(Clone, Copy, Debug)]
pub struct Habit {
    pub weekday: chrono::Weekday,
    pub part_of_day: usize,
    pub percent: u64,
}

/// `weeks` weeks of two daily doses (08:00 and 20:00) from `start`, each missed `base_percent` of the time, or
/// as `habit` says for its cell: the synthetic histories the predictor is backtested on.
pub fn miss_history(
    seed: u64,
    start: NaiveDate,
    weeks: i64,
    base_percent: u64,
    habit: Option<Habit>,
) -> Vec<crate::predict::Outcome> {
    let mut random = Lcg(seed.wrapping_mul(2654435761).wrapping_add(1));
    let mut history = Vec::new();
    for day in 0..weeks * 7 {
        let date = start + Duration::days(day);
        for hour in [8, 20] {
            let due = date.and_hms_opt(hour, 0, 0).expect("a whole hour exists");
            let percent = match habit {
                Some(h)
                    if h.weekday == due.weekday() && h.part_of_day == crate::predict::part_of_day(due) =>
                {
                    h.percent
                }
                _ => base_percent,
            };
            history.push(crate::predict::Outcome {
                due,
                missed: random.next_percent() < percent,
            });
        }
    }
    history
}
