//! IANA time-zone rules from the browser's `Intl` data, so the wasm carries no tz tables of its own
//! (see ARCHITECTURE.md: the bundled database would cost more than the whole first-load budget allows).

use chrono::{DateTime, NaiveDate, Utc};
use js_sys::{Object, Reflect};
use std::cell::RefCell;
use std::collections::HashMap;
use tend_core::zone::{UnknownZone, ZoneRules};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type Formatter;

    /// Throws a RangeError for an unknown zone, caught here rather than aborting.
    #[wasm_bindgen(catch, constructor, js_namespace = Intl, js_class = "DateTimeFormat")]
    fn new(locale: &str, options: &Object) -> Result<Formatter, JsValue>;

    #[wasm_bindgen(method)]
    fn format(this: &Formatter, epoch_ms: f64) -> String;
}

/// Zone rules read from `Intl.DateTimeFormat`. Making a formatter costs far more than using one (about a
/// millisecond on a phone), and every memo that shows a time asks for rules, so the formatters are made once
/// per zone for the whole page, not once per `IntlRules`.
pub struct IntlRules;

thread_local! {
    /// Each zone's formatter, or `None` for a zone the browser does not know.
    static FORMATTERS: RefCell<HashMap<String, Option<Formatter>>> = RefCell::default();
}

fn formatter_for(zone: &str) -> Option<Formatter> {
    let options = Object::new();
    for (key, value) in [
        ("timeZone", zone),
        ("hourCycle", "h23"),
        ("year", "numeric"),
        ("month", "2-digit"),
        ("day", "2-digit"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("second", "2-digit"),
    ] {
        Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    Formatter::new("en-US", &options).ok()
}

/// Reads "MM/DD/YYYY, HH:MM:SS", the fixed shape of the en-US formatter above.
fn parse_en_us(text: &str) -> Option<chrono::NaiveDateTime> {
    let numbers: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    let [month, day, year, hour, minute, second] = numbers[..] else {
        return None;
    };
    NaiveDate::from_ymd_opt(year as i32, month, day)?.and_hms_opt(hour, minute, second)
}

impl ZoneRules for IntlRules {
    fn offset_at(&self, zone: &str, instant: DateTime<Utc>) -> Result<i32, UnknownZone> {
        let whole_seconds = instant.timestamp() * 1000;
        let text = FORMATTERS.with_borrow_mut(|formatters| {
            let formatter = formatters
                .entry(zone.to_owned())
                .or_insert_with(|| formatter_for(zone));
            formatter.as_ref().map(|f| f.format(whole_seconds as f64))
        });
        let local = text
            .as_deref()
            .and_then(parse_en_us)
            .ok_or_else(|| UnknownZone(zone.to_owned()))?;
        Ok((local.and_utc().timestamp() - instant.timestamp()) as i32)
    }
}

/// The device's current IANA zone, or UTC if the browser does not say.
pub fn device_zone() -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &Object::new()).resolved_options();
    Reflect::get(&options, &"timeZone".into())
        .ok()
        .and_then(|z| z.as_string())
        .unwrap_or_else(|| "UTC".into())
}
