//! Every user-visible string, in English and Spanish. The macro makes a missing translation a compile error.
//! Dates and times are formatted by the browser's `Intl` for the chosen language.

use chrono::{NaiveDate, NaiveDateTime};
use js_sys::{Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    pub fn from_code(code: &str) -> Lang {
        if code.to_ascii_lowercase().starts_with("es") {
            Lang::Es
        } else {
            Lang::En
        }
    }

    /// The browser's preferred language, when it is one we have.
    pub fn from_browser() -> Lang {
        web_sys::window()
            .and_then(|w| w.navigator().language())
            .map_or(Lang::En, |code| Lang::from_code(&code))
    }
}

macro_rules! texts {
    ($($key:ident => $en:literal, $es:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum T { $($key),* }
        impl T {
            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) { $((T::$key, Lang::En) => $en, (T::$key, Lang::Es) => $es,)* }
            }
        }
    };
}

texts! {
    AppName => "Tend", "Tend";
    SkipToContent => "Skip to content", "Saltar al contenido";
    Loading => "Loading your medicines…", "Cargando sus medicinas…";
    Today => "Today", "Hoy";
    NothingToday => "No doses are due today.", "Hoy no hay dosis pendientes.";
    NoMedicinesYet => "No medicines yet. Try the example plan to see how Tend works.", "Aún no hay medicinas. Pruebe el plan de ejemplo para ver cómo funciona Tend.";
    LoadExample => "Try an example plan", "Probar un plan de ejemplo";
    Taken => "Taken", "Tomada";
    Skip => "Skip", "Omitir";
    Snooze => "Snooze", "Posponer";
    SnoozeFor => "Snooze for", "Posponer";
    Minutes => "min", "min";
    TakeNow => "Take now", "Tomar ahora";
    TakeAnyway => "Take anyway", "Tomar de todos modos";
    Cancel => "Cancel", "Cancelar";
    Undo => "Undo", "Deshacer";
    AsNeeded => "As needed", "Cuando se necesite";
    StatusUpcoming => "Coming up", "Pendiente";
    StatusSnoozed => "Snoozed", "Pospuesta";
    StatusDue => "Due now", "Toca ahora";
    StatusLate => "Late", "Con retraso";
    StatusMissed => "Missed", "Olvidada";
    StatusTaken => "Taken", "Tomada";
    StatusTakenLate => "Taken late", "Tomada tarde";
    StatusSkipped => "Skipped", "Omitida";
    WarnAlreadyTaken => "This dose is already logged as taken.", "Esta dosis ya está registrada como tomada.";
    WarnTooSoon => "The last dose was too recent. The next one can be taken from", "La última dosis fue hace poco. La siguiente se puede tomar desde las";
    WarnDailyMax => "You have reached the most doses allowed in 24 hours.", "Ha llegado al máximo de dosis permitidas en 24 horas.";
    AskPharmacist => "If you are unsure, ask your pharmacist or doctor.", "Si tiene dudas, consulte a su farmacéutico o médico.";
    Saved => "Saved.", "Guardado.";
    Close => "Close", "Cerrar";
    Quarantined => "Some saved records could not be read. They were kept aside, not deleted. Export a backup and ask for help if this keeps happening:", "No se pudieron leer algunos registros guardados. Se guardaron aparte, sin borrarlos. Exporte una copia y pida ayuda si vuelve a ocurrir:";
}

/// The chosen language, provided at the root.
#[derive(Clone, Copy)]
pub struct Language(pub RwSignal<Lang>);

pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<Language>().0
}

/// A reactive translated string.
pub fn tr(key: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || key.get(lang.get())
}

fn intl_format(lang: Lang, millis: f64, fields: &[(&str, &str)]) -> String {
    let options = Object::new();
    for (key, value) in fields.iter().chain(&[("timeZone", "UTC")]) {
        let _ = Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    let locales = js_sys::Array::of1(&JsValue::from_str(lang.code()));
    let formatter = js_sys::Intl::DateTimeFormat::new(&locales, &options);
    let date = js_sys::Date::new(&JsValue::from_f64(millis));
    formatter
        .format()
        .call1(&JsValue::NULL, &date)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// A wall-clock time in the person's language ("8:00 AM", "8:00").
pub fn format_time(lang: Lang, local: NaiveDateTime) -> String {
    intl_format(
        lang,
        local.and_utc().timestamp_millis() as f64,
        &[("hour", "numeric"), ("minute", "2-digit")],
    )
}

/// A date in the person's language ("Sunday, 22 November").
pub fn format_date(lang: Lang, date: NaiveDate) -> String {
    let millis = date.and_time(chrono::NaiveTime::MIN).and_utc().timestamp_millis() as f64;
    intl_format(
        lang,
        millis,
        &[("weekday", "long"), ("day", "numeric"), ("month", "long")],
    )
}
