//! Measurements beside adherence: their units, conversions, and the range a real reading falls in, so a typo (a
//! systolic of 1200) gets a clear message instead of a silent save. The ranges are deliberately wide: they catch
//! slips of the keyboard, not readings a person should worry about; Tend never judges a reading.

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
