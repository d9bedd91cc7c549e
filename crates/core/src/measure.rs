//! Measurements beside adherence: their units, conversions, and the range a real reading falls in, so a typo (a
//! systolic of 1200) gets a clear message instead of a silent save. The ranges are deliberately wide: they catch
//! slips of the keyboard, not readings a person should worry about; Tend never judges a reading.

use crate::limits::Checks;
use crate::record::{Meta, Record};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// What is measured, each in the unit it is stored in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// mmHg
    Systolic,
    /// mmHg
    Diastolic,
    /// beats per minute
    Pulse,
    /// mg/dL (shown as mmol/L where the person prefers it)
    Glucose,
    /// kg (shown as lb where the person prefers it)
    Weight,
    /// L/min
    PeakFlow,
}

impl Quantity {
    /// The plausible range, in the stored unit.
    pub fn range(self) -> (f64, f64) {
        match self {
            Quantity::Systolic => (50.0, 300.0),
            Quantity::Diastolic => (20.0, 200.0),
            Quantity::Pulse => (20.0, 250.0),
            Quantity::Glucose => (10.0, 1000.0),
            Quantity::Weight => (1.0, 500.0),
            Quantity::PeakFlow => (30.0, 1000.0),
        }
    }
}

/// Why a reading cannot be saved as typed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ReadingProblem {
    NotANumber,
    /// Outside the plausible range (in the stored unit): probably a typo.
    OutOfRange {
        low: f64,
        high: f64,
    },
    /// A blood pressure whose lower number is not below the upper.
    DiastolicNotBelowSystolic,
}

/// Checks a reading in its stored unit.
pub fn check(quantity: Quantity, value: f64) -> Result<f64, ReadingProblem> {
    if !value.is_finite() {
        return Err(ReadingProblem::NotANumber);
    }
    let (low, high) = quantity.range();
    if value < low || value > high {
        return Err(ReadingProblem::OutOfRange { low, high });
    }
    Ok(value)
}

/// Checks a blood pressure reading as a whole.
pub fn check_blood_pressure(systolic: f64, diastolic: f64) -> Result<(f64, f64), ReadingProblem> {
    let systolic = check(Quantity::Systolic, systolic)?;
    let diastolic = check(Quantity::Diastolic, diastolic)?;
    if diastolic >= systolic {
        return Err(ReadingProblem::DiastolicNotBelowSystolic);
    }
    Ok((systolic, diastolic))
}

/// mg/dL of glucose in one mmol/L: its molar mass, 180.156 g/mol, over ten.
pub const GLUCOSE_MG_DL_PER_MMOL_L: f64 = 18.0156;
/// The international avoirdupois pound, exactly.
pub const KG_PER_LB: f64 = 0.453_592_37;

pub fn mmol_l_to_mg_dl(mmol_l: f64) -> f64 {
    mmol_l * GLUCOSE_MG_DL_PER_MMOL_L
}

pub fn mg_dl_to_mmol_l(mg_dl: f64) -> f64 {
    mg_dl / GLUCOSE_MG_DL_PER_MMOL_L
}

pub fn lb_to_kg(lb: f64) -> f64 {
    lb * KG_PER_LB
}

pub fn kg_to_lb(kg: f64) -> f64 {
    kg / KG_PER_LB
}

/// The glucose unit a locale uses by default: mg/dL in the United States and places that follow it, mmol/L
/// elsewhere. `region` is an ISO 3166 code ("US", "ES").
pub fn glucose_in_mg_dl(region: &str) -> bool {
    const MG_DL: [&str; 22] = [
        "US", "MX", "BR", "AR", "CO", "PE", "VE", "EC", "BO", "PY", "UY", "CL", "DO", "GT", "HN", "NI", "PA",
        "SV", "CR", "JP", "KR", "IN",
    ];
    MG_DL.contains(&region.to_ascii_uppercase().as_str())
}

/// The kinds of measurement a person can log, and a goal can follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    BloodPressure,
    Glucose,
    Weight,
    PeakFlow,
}

impl MeasureKind {
    pub const ALL: [MeasureKind; 4] = [
        MeasureKind::BloodPressure,
        MeasureKind::Glucose,
        MeasureKind::Weight,
        MeasureKind::PeakFlow,
    ];

    /// The kind's name in files (the backup's `reading.kind`, the measurements CSV) and forms.
    pub fn code(self) -> &'static str {
        match self {
            MeasureKind::BloodPressure => "blood_pressure",
            MeasureKind::Glucose => "glucose",
            MeasureKind::Weight => "weight",
            MeasureKind::PeakFlow => "peak_flow",
        }
    }

    /// The unit readings of this kind are stored in (and written in the measurements CSV).
    pub fn unit(self) -> &'static str {
        match self {
            MeasureKind::BloodPressure => "mmHg",
            MeasureKind::Glucose => "mg/dL",
            MeasureKind::Weight => "kg",
            MeasureKind::PeakFlow => "L/min",
        }
    }

    /// The kind with this [`code`](MeasureKind::code).
    pub fn from_code(code: &str) -> Option<MeasureKind> {
        MeasureKind::ALL.into_iter().find(|kind| kind.code() == code)
    }
}

/// One reading, in the units it is stored in (see [`Quantity`]).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Reading {
    BloodPressure {
        systolic: f64,
        diastolic: f64,
        #[serde(default)]
        pulse: Option<f64>,
    },
    Glucose {
        mg_dl: f64,
    },
    Weight {
        kg: f64,
    },
    PeakFlow {
        l_min: f64,
    },
}

impl Reading {
    pub fn kind(&self) -> MeasureKind {
        match self {
            Reading::BloodPressure { .. } => MeasureKind::BloodPressure,
            Reading::Glucose { .. } => MeasureKind::Glucose,
            Reading::Weight { .. } => MeasureKind::Weight,
            Reading::PeakFlow { .. } => MeasureKind::PeakFlow,
        }
    }

    /// The reading's numbers in its stored unit: the main one (a blood pressure's systolic), then a blood
    /// pressure's diastolic and its pulse.
    pub fn numbers(&self) -> (f64, Option<f64>, Option<f64>) {
        match *self {
            Reading::BloodPressure {
                systolic,
                diastolic,
                pulse,
            } => (systolic, Some(diastolic), pulse),
            Reading::Glucose { mg_dl: value }
            | Reading::Weight { kg: value }
            | Reading::PeakFlow { l_min: value } => (value, None, None),
        }
    }

    /// The reading's problems as (field, problem): what a form shows beside the field, and import reports.
    pub fn problems(&self) -> Vec<(&'static str, ReadingProblem)> {
        let one = |field, quantity, value| check(quantity, value).err().map(|p| (field, p));
        match *self {
            Reading::BloodPressure {
                systolic,
                diastolic,
                pulse,
            } => {
                let mut problems: Vec<_> = [
                    one("reading.systolic", Quantity::Systolic, systolic),
                    one("reading.diastolic", Quantity::Diastolic, diastolic),
                    pulse.and_then(|pulse| one("reading.pulse", Quantity::Pulse, pulse)),
                ]
                .into_iter()
                .flatten()
                .collect();
                if problems.is_empty() && diastolic >= systolic {
                    problems.push(("reading.diastolic", ReadingProblem::DiastolicNotBelowSystolic));
                }
                problems
            }
            Reading::Glucose { mg_dl } => one("reading.mg_dl", Quantity::Glucose, mg_dl)
                .into_iter()
                .collect(),
            Reading::Weight { kg } => one("reading.kg", Quantity::Weight, kg).into_iter().collect(),
            Reading::PeakFlow { l_min } => one("reading.l_min", Quantity::PeakFlow, l_min)
                .into_iter()
                .collect(),
        }
    }
}

impl fmt::Display for ReadingProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadingProblem::NotANumber => f.write_str("must be a number"),
            ReadingProblem::OutOfRange { low, high } => write!(f, "must be from {low} to {high}"),
            ReadingProblem::DiastolicNotBelowSystolic => {
                f.write_str("must be below the systolic (upper) number")
            }
        }
    }
}

/// A measurement the person logged.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    #[serde(flatten)]
    pub meta: Meta,
    /// When it was measured.
    #[serde(deserialize_with = "crate::wire_time::one")]
    pub taken_at: DateTime<Utc>,
    /// The zone the person was in, so reports give the local time and its offset.
    pub zone: String,
    pub reading: Reading,
    #[serde(default)]
    pub note: String,
}

impl Record for Measurement {
    fn meta(&self) -> &Meta {
        &self.meta
    }
    fn meta_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }
    /// What was measured stays (an empty reading of that kind), the value, time, place and note go.
    fn cleared(&self) -> Self {
        let reading = match self.reading.kind() {
            MeasureKind::BloodPressure => Reading::BloodPressure {
                systolic: 0.0,
                diastolic: 0.0,
                pulse: None,
            },
            MeasureKind::Glucose => Reading::Glucose { mg_dl: 0.0 },
            MeasureKind::Weight => Reading::Weight { kg: 0.0 },
            MeasureKind::PeakFlow => Reading::PeakFlow { l_min: 0.0 },
        };
        Measurement {
            meta: self.meta.clone(),
            taken_at: DateTime::<Utc>::UNIX_EPOCH,
            zone: String::new(),
            reading,
            note: String::new(),
        }
    }
    fn own_problems(&self) -> Vec<(String, String)> {
        let mut checks = Checks::default();
        checks.instant("taken_at", self.taken_at);
        let mut problems = checks.into_fields();
        let readings = self.reading.problems().into_iter();
        problems.extend(readings.map(|(field, problem)| (field.to_owned(), problem.to_string())));
        problems
    }
    fn zones(&self) -> Vec<(&'static str, &str)> {
        vec![("zone", &self.zone)]
    }
}

/// Whether a locale weighs people in pounds by default: the United States, Liberia and Myanmar; kilograms
/// elsewhere. `region` is an ISO 3166 code.
pub fn weight_in_lb(region: &str) -> bool {
    ["US", "LR", "MM"].contains(&region.to_ascii_uppercase().as_str())
}
