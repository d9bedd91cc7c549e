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

/// A translatable text: `T` for the first-load module, `S` for the screens module, kept apart so the first load
/// carries only its own strings.
pub trait Text: Copy + Send + Sync + 'static {
    fn get(self, lang: Lang) -> &'static str;
}

macro_rules! texts {
    ($name:ident; $($key:ident => $en:literal, $es:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $name { $($key),* }
        impl Text for $name {
            fn get(self, lang: Lang) -> &'static str {
                match (self, lang) { $(($name::$key, Lang::En) => $en, ($name::$key, Lang::Es) => $es,)* }
            }
        }
    };
}

texts! { T;
    AppName => "Tend", "Tend";
    SkipToContent => "Skip to content", "Saltar al contenido";
    NavToday => "Today", "Hoy";
    NavMedicines => "Medicines", "Medicinas";
    NavHistory => "History", "Historial";
    NavProfiles => "People", "Personas";
    NavSettings => "Settings", "Ajustes";
    MainNavigation => "Main", "Principal";
    Loading => "Loading your medicines…", "Cargando sus medicinas…";
    ShowingProfile => "Showing", "Mostrando";
    Everyone => "Everyone", "Todas las personas";
    Today => "Today", "Hoy";
    NothingToday => "No doses are due today.", "Hoy no hay dosis pendientes.";
    NoMedicinesYet => "No medicines yet. Add your first one, or try the example plan to see how Tend works.", "Aún no hay medicinas. Añada la primera o pruebe el plan de ejemplo para ver cómo funciona Tend.";
    AddMedicine => "Add a medicine", "Añadir una medicina";
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
    NotFound => "This page does not exist.", "Esta página no existe.";
    BackToToday => "Back to Today", "Volver a Hoy";
    Quarantined => "Some saved records could not be read. They were kept aside, not deleted. Export a backup and ask for help if this keeps happening:", "No se pudieron leer algunos registros guardados. Se guardaron aparte, sin borrarlos. Exporte una copia y pida ayuda si vuelve a ocurrir:";
    Close => "Close", "Cerrar";
    ScreensFailed => "This screen could not be loaded. Check your connection, then open it again.", "No se pudo cargar esta pantalla. Compruebe la conexión y vuelva a abrirla.";
}

texts! { S;
    ExampleNotice => "This is an example plan, so you can see how Tend works.", "Este es un plan de ejemplo para que vea cómo funciona Tend.";
    Medicines => "Medicines", "Medicinas";
    Active => "Active", "Activas";
    Paused => "Paused", "En pausa";
    Ended => "Ended", "Terminadas";
    Edit => "Edit", "Editar";
    Pause => "Pause", "Pausar";
    Resume => "Resume", "Reanudar";
    End => "End", "Terminar";
    Save => "Save", "Guardar";
    Name => "Name", "Nombre";
    Strength => "Strength (as on the label)", "Concentración (como en la etiqueta)";
    Form => "Form", "Forma";
    Unit => "Counted in", "Se cuenta en";
    Instructions => "Instructions from your prescriber", "Indicaciones de quien la recetó";
    Colour => "Colour", "Color";
    Schedule => "Schedule", "Horario";
    ScheduleKind => "How often", "Con qué frecuencia";
    KindDaily => "Every day", "Todos los días";
    KindWeekdays => "On chosen days of the week", "Ciertos días de la semana";
    KindEveryNDays => "Every few days", "Cada ciertos días";
    KindCycle => "Days on, days off", "Días sí, días no";
    KindEveryNHours => "Every few hours", "Cada ciertas horas";
    KindAfterLast => "Hours after the last dose", "Horas después de la última dosis";
    KindAsNeeded => "Only when needed", "Solo cuando se necesite";
    KindSpread => "Several times a day, spread over waking hours", "Varias veces al día, repartidas mientras está despierto";
    Times => "Times", "Horas";
    AddTime => "Add a time", "Añadir una hora";
    Remove => "Remove", "Quitar";
    Amount => "Amount each time", "Cantidad cada vez";
    Days => "Days", "Días";
    IntervalDays => "Every how many days", "Cada cuántos días";
    DaysOn => "Days on", "Días con dosis";
    DaysOff => "Days off", "Días sin dosis";
    IntervalHours => "Every how many hours", "Cada cuántas horas";
    FirstDose => "First dose at", "Primera dosis a las";
    MaxPer24h => "Most doses in 24 hours", "Máximo de dosis en 24 horas";
    MinGapMinutes => "Minutes between doses, at least", "Minutos entre dosis, como mínimo";
    DosesPerDay => "Doses a day", "Dosis al día";
    WakeTime => "Wake up", "Despertar";
    SleepTime => "Bedtime", "Acostarse";
    StartDate => "Start date", "Fecha de inicio";
    EndsKind => "Ends", "Termina";
    EndsNever => "No end date", "Sin fecha de fin";
    EndsOn => "On a date", "En una fecha";
    EndsAfter => "After a number of days", "Tras un número de días";
    EndDate => "Last day", "Último día";
    CourseDays => "Number of days", "Número de días";
    Taper => "Tapering steps (optional)", "Reducción gradual (opcional)";
    AddTaperStep => "Add a step", "Añadir un paso";
    From => "From", "Desde";
    To => "To", "Hasta";
    TimeZone => "Time zone", "Zona horaria";
    FollowLocal => "Follow the time where I am", "Seguir la hora de donde esté";
    FixedZone => "Stay on one time zone (time-critical medicines)", "Mantener una zona horaria (medicinas de horario estricto)";
    ZoneName => "Zone (for example Europe/London)", "Zona (por ejemplo Europe/Madrid)";
    Stock => "Stock (optional)", "Existencias (opcional)";
    OnHand => "Units on hand now", "Unidades disponibles ahora";
    RefillAt => "Remind me to refill with this many days left", "Avisarme para reponer cuando queden estos días";
    ExpiresOn => "Expiry date", "Fecha de caducidad";
    Preview => "Preview", "Vista previa";
    NextDoses => "Next doses", "Próximas dosis";
    FixProblems => "Please fix these first:", "Corrija esto primero:";
    History => "History", "Historial";
    Adherence => "Taken as prescribed", "Tomadas según lo indicado";
    OnTime => "On time", "A tiempo";
    LastDays => "Last", "Últimos";
    DaysWord => "days", "días";
    NoData => "no doses yet", "aún sin dosis";
    PreviousMonth => "Previous month", "Mes anterior";
    NextMonth => "Next month", "Mes siguiente";
    DayDetail => "Doses on this day", "Dosis de este día";
    NoEvents => "Nothing logged.", "Nada registrado.";
    ChangeTime => "Change time taken", "Cambiar hora de la toma";
    AddNote => "Add a note", "Añadir una nota";
    Note => "Note", "Nota";
    Reminders => "Reminders", "Recordatorios";
    RepeatHint => "If a dose is not marked, Tend can remind you again.", "Si no marca una dosis, Tend puede recordárselo de nuevo.";
    RepeatTimes => "Remind again (times, 0 for never)", "Recordar de nuevo (veces, 0 para nunca)";
    RepeatEvery => "Minutes between reminders", "Minutos entre recordatorios";
    NoteIsSideEffect => "This is a side effect", "Es un efecto secundario";
    SideEffect => "Side effect", "Efecto secundario";
    Corrected => "corrected", "corregido";
    People => "People", "Personas";
    AddPerson => "Add a person", "Añadir una persona";
    ShowThisPerson => "Show", "Mostrar";
    Settings => "Settings", "Ajustes";
    Language => "Language", "Idioma";
    OnTimeWindow => "A dose counts as on time within this many minutes", "Una dosis cuenta como a tiempo dentro de estos minutos";
    MissedAfter => "A dose counts as missed", "Una dosis cuenta como olvidada";
    MissedAtNext => "when the next dose is due", "cuando toca la siguiente dosis";
    MissedAfterMinutes => "after this many minutes", "tras estos minutos";
    Backup => "Backup", "Copia de seguridad";
    Export => "Export a backup file", "Exportar copia de seguridad";
    Import => "Import a backup file", "Importar copia de seguridad";
    ImportDone => "Backup imported.", "Copia importada.";
    ImportProblems => "This file was not imported. Nothing was changed. Problems found:", "No se importó el archivo. No se cambió nada. Problemas encontrados:";
    DeleteProfileData => "Delete all data of this person", "Borrar todos los datos de esta persona";
    ConfirmDelete => "Yes, delete everything for", "Sí, borrar todo de";
    Deleted => "Deleted.", "Borrado.";
    Storage => "Storage on this device", "Almacenamiento en este dispositivo";
    Used => "Used", "Usado";
    Persistent => "Protected from automatic clearing", "Protegido contra el borrado automático";
    NotPersistent => "The browser may clear it if space runs low. Export a backup now and then.", "El navegador podría borrarlo si falta espacio. Exporte una copia de vez en cuando.";
    Yes => "Yes", "Sí";
    ZoneNow => "This device is in the time zone", "Este dispositivo está en la zona horaria";
    ZoneExplain => "Medicines that follow local time move with you when you travel; medicines set to one time zone stay on it. You choose for each medicine in its form.", "Las medicinas que siguen la hora local cambian con usted al viajar; las que tienen una zona horaria fija se quedan en ella. Puede elegirlo para cada medicina en su ficha.";
}

/// The chosen language, provided at the root.
#[derive(Clone, Copy)]
pub struct Language(pub RwSignal<Lang>);

pub fn use_lang() -> RwSignal<Lang> {
    expect_context::<Language>().0
}

/// A reactive translated string.
pub fn tr(key: impl Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
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

/// A month heading ("November 2026").
pub fn format_month(lang: Lang, first_day: NaiveDate) -> String {
    let millis = first_day
        .and_time(chrono::NaiveTime::MIN)
        .and_utc()
        .timestamp_millis() as f64;
    intl_format(lang, millis, &[("month", "long"), ("year", "numeric")])
}

/// A short date ("22 Nov 2026").
pub fn format_short_date(lang: Lang, date: NaiveDate) -> String {
    let millis = date.and_time(chrono::NaiveTime::MIN).and_utc().timestamp_millis() as f64;
    intl_format(
        lang,
        millis,
        &[("day", "numeric"), ("month", "short"), ("year", "numeric")],
    )
}
