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
    NavLearn => "Learn", "Aprender";
    NavMedicines => "Medicines", "Medicinas";
    NavHistory => "History", "Historial";
    NavProfiles => "People", "Personas";
    NavSettings => "Settings", "Ajustes";
    NavStories => "Stories", "Historias";
    NavMore => "More", "Más";
    MainNavigation => "Main", "Principal";
    Loading => "Loading your medicines…", "Cargando sus medicinas…";
    ShowingProfile => "Showing", "Mostrando";
    Everyone => "Everyone", "Todas las personas";
    Today => "Today", "Hoy";
    NothingToday => "No doses are due today.", "Hoy no hay dosis pendientes.";
    NoMedicinesYet => "No medicines yet. Add your first one, or try the example plan to see how Tend works.", "Aún no hay medicinas. Añada la primera o pruebe el plan de ejemplo para ver cómo funciona Tend.";
    AddMedicine => "Add a medicine", "Añadir una medicina";
    Taken => "Taken", "Tomada";
    Skip => "Skip", "Omitir";
    Snooze => "Snooze", "Posponer";
    SnoozeFor => "Snooze for", "Posponer";
    Minutes => "min", "min";
    Cancel => "Cancel", "Cancelar";
    Undo => "Undo", "Deshacer";
    StatusUpcoming => "Coming up", "Pendiente";
    StatusSnoozed => "Snoozed", "Pospuesta";
    StatusDue => "Due now", "Toca ahora";
    StatusLate => "Late", "Con retraso";
    StatusMissed => "Missed", "Olvidada";
    StatusTaken => "Taken", "Tomada";
    StatusTakenLate => "Taken late", "Tomada tarde";
    StatusSkipped => "Skipped", "Omitida";
    Saved => "Saved.", "Guardado.";
    NotFound => "This page does not exist.", "Esta página no existe.";
    BackToToday => "Back to Today", "Volver a Hoy";
    Quarantined => "Some saved records could not be read. They were kept aside, not deleted. Export a backup and ask for help if this keeps happening:", "No se pudieron leer algunos registros guardados. Se guardaron aparte, sin borrarlos. Exporte una copia y pida ayuda si vuelve a ocurrir:";
    Close => "Close", "Cerrar";
    SkipWhy => "Why skip? (optional)", "¿Por qué la omite? (opcional)";
    SkipFeltUnwell => "Felt unwell", "Me sentía mal";
    SkipRanOut => "Ran out", "Se me acabó";
    SkipSideEffects => "Side effects", "Efectos secundarios";
    SkipDoctor => "Doctor told me", "Me lo dijo el médico";
    SkipOther => "Other", "Otro motivo";
    SkipNoReason => "Skip, no reason", "Omitir sin motivo";
    SnoozedUntil => "Snoozed until", "Pospuesta hasta las";
    Undone => "Undone.", "Deshecho.";
    FirstPerson => "Me", "Yo";
    ScreensFailed => "This screen could not be loaded. Check your connection, then open it again.", "No se pudo cargar esta pantalla. Compruebe la conexión y vuelva a abrirla.";
}

texts! { S;
    AsNeeded => "As needed", "Cuando se necesite";
    TakeNow => "Take now", "Tomar ahora";
    TakeAnyway => "Take anyway", "Tomar de todos modos";
    AskPharmacist => "If you are unsure, ask your pharmacist or doctor.", "Si tiene dudas, consulte a su farmacéutico o médico.";
    WarnAlreadyTaken => "This dose is already logged as taken.", "Esta dosis ya está registrada como tomada.";
    WarnTooSoon => "The last dose was too recent. The next one can be taken from", "La última dosis fue hace poco. La siguiente se puede tomar desde las";
    WarnDailyMax => "You have reached the most doses allowed in 24 hours.", "Ha llegado al máximo de dosis permitidas en 24 horas.";
    LastAt => ", last at", ", la última a las";
    NextFrom => "The next can be taken from", "La siguiente se puede tomar desde las";
    LoadExample => "Try an example plan", "Probar un plan de ejemplo";
    Learn => "Learn", "Aprender";
    LearnIntro => "Plain-language articles on why each medicine matters. Your conditions come first. Everything here is general information, checked against public health sources.", "Artículos en lenguaje sencillo sobre por qué importa cada medicina. Sus afecciones aparecen primero. Todo es información general, revisada con fuentes públicas de salud.";
    StoriesLink => "Stories from people living with these conditions", "Historias de personas que viven con estas afecciones";
    SearchArticles => "Search articles and stories", "Buscar artículos e historias";
    LoadingArticles => "Loading articles…", "Cargando artículos…";
    ArticlesOffline => "The articles could not be loaded. Articles you opened before can be read offline; others need a connection once.", "No se pudieron cargar los artículos. Los que abrió antes se pueden leer sin conexión; los demás necesitan conexión una vez.";
    Results => "Results:", "Resultados:";
    ForYou => "For your conditions", "Para sus afecciones";
    ForEveryone => "For everyone", "Para todos";
    ArticlesRead => "read", "leídos";
    MinutesRead => "min read", "min de lectura";
    Read => "Read", "Leído";
    ChooseConditions => "Choose your conditions", "Elegir sus afecciones";
    ConditionsLegend => "Conditions this person lives with", "Afecciones de esta persona";
    CondHighBloodPressure => "High blood pressure", "Presión arterial alta";
    CondType2Diabetes => "Type 2 diabetes", "Diabetes tipo 2";
    CondHighCholesterol => "High cholesterol", "Colesterol alto";
    CondAsthma => "Asthma", "Asma";
    CondCopd => "COPD", "EPOC";
    CondHeartFailure => "Heart failure", "Insuficiencia cardíaca";
    CondAtrialFibrillation => "Atrial fibrillation", "Fibrilación auricular";
    CondDepression => "Depression", "Depresión";
    CondHypothyroidism => "Underactive thyroid (hypothyroidism)", "Tiroides hipoactiva (hipotiroidismo)";
    CondHiv => "HIV", "VIH";
    ArticleNotFound => "There is no such article", "No existe ese artículo";
    BackToLearn => "Back to Learn", "Volver a Aprender";
    BackToStories => "Back to stories", "Volver a las historias";
    Reviewed => "Reviewed", "Revisado:";
    CompositeLabel => "An illustrative composite: drawn from common experiences, not one real person's story.", "Un relato ilustrativo: reúne experiencias comunes, no es la historia de una persona real.";
    NotTranslated => "This one is not translated yet, so it is shown in English.", "Este aún no está traducido, así que se muestra en inglés.";
    Sources => "Sources", "Fuentes";
    Disclaimer => "This is general information, not medical advice. Ask your doctor or pharmacist about your own medicines.", "Esto es información general, no consejo médico. Pregunte a su médico o farmacéutico sobre sus medicinas.";
    UrgentHelpTitle => "If you need help now", "Si necesita ayuda ahora";
    UrgentHelpEmergency => "If you are thinking about hurting yourself or are in danger, call your local emergency number (911 in the US, 999 in the UK, 112 in Europe) or go to the nearest emergency department.", "Si piensa en hacerse daño o está en peligro, llame al número de emergencias (911 en EE. UU. y México, 112 en Europa) o vaya a la sala de urgencias más cercana.";
    UrgentHelpLines => "You can also call or text 988 in the US (Suicide and Crisis Lifeline), or call Samaritans on 116 123 in the UK, any time.", "También puede llamar o escribir al 988 en EE. UU. (atención en español) o llamar al 024 en España, a cualquier hora.";
    HelpedMe => "This helped me", "Esto me ayudó";
    HelpedMeLocal => "Kept on this device only.", "Se guarda solo en este dispositivo.";
    SuggestedForYou => "Suggested for you", "Sugerido para usted";
    WhySideEffect => "You noted a side effect of", "Anotó un efecto secundario de";
    WhyMissed => "Doses missed in the last seven days:", "Dosis olvidadas en los últimos siete días:";
    WhyRefill => "It is time to refill", "Es hora de resurtir";
    WhyNew => "You recently started", "Empezó hace poco";
    Stories => "Stories", "Historias";
    StoriesIntro => "How others live with the same condition. These stories are illustrative composites, written from common experiences; none is about a real person.", "Cómo viven otras personas con la misma afección. Son relatos ilustrativos, escritos a partir de experiencias comunes; ninguno trata de una persona real.";
    ShareYourStory => "Share your story", "Compartir su historia";
    ShareIntro => "Write how you live with your medicines: what was hard and what helped. Your draft stays on this device. Before it can be shared, Tend checks it for names, phone numbers, email addresses and dosing advice.", "Escriba cómo vive con sus medicinas: qué fue difícil y qué le ayudó. Su borrador se queda en este dispositivo. Antes de compartirlo, Tend revisa que no tenga nombres, teléfonos, correos ni consejos de dosis.";
    StoryCondition => "Condition", "Afección";
    ChooseOne => "Choose one", "Elija una";
    YourStory => "Your story", "Su historia";
    StoryConsent => "I agree that my story, without my name, may be reviewed and shown to others", "Acepto que mi historia, sin mi nombre, se revise y se muestre a otras personas";
    CheckStory => "Check my story", "Revisar mi historia";
    StoryHeldBack => "Your story cannot be shared yet. Please remove:", "Su historia aún no se puede compartir. Quite por favor:";
    ProblemName => "a name:", "un nombre:";
    ProblemPhone => "a phone number:", "un teléfono:";
    ProblemEmail => "an email address:", "un correo electrónico:";
    ProblemDosing => "dosing advice:", "un consejo de dosis:";
    StoryNeedsConsent => "Your story passed the check. Choose a condition and give your consent to get it ready to share.", "Su historia pasó la revisión. Elija una afección y dé su permiso para prepararla.";
    StoryReadyNoServer => "Your story is ready. Sharing needs a Tend server with a community, and none is set up, so your draft stays on this device.", "Su historia está lista. Para compartirla hace falta un servidor de Tend con comunidad, y no hay uno configurado; su borrador se queda en este dispositivo.";
    Preview => "Preview", "Vista previa";
    WhileClosed => "While Tend was closed", "Mientras Tend estaba cerrado";
    WhileClosedIntro => "These doses came due. Tell Tend what happened: when you took each one, or that you skipped it.", "Llegó la hora de estas dosis. Cuéntele a Tend qué pasó: cuándo tomó cada una o si la omitió.";
    TakenWhen => "Taken at", "Tomada a las";
    TakenThen => "Taken at this time", "Tomada a esa hora";
    NotNow => "Not now", "Ahora no";
    ConfirmDose => "Your dose", "Su dosis";
    DoseNotFound => "This dose is not in your plan any more", "Esta dosis ya no está en su plan";
    Snooze10 => "Snooze 10 min", "Posponer 10 min";
    UpdateAvailable => "Update available: a new version of Tend is ready.", "Actualización disponible: hay una nueva versión de Tend.";
    Update => "Update", "Actualizar";
    InstallTitle => "Install Tend", "Instalar Tend";
    InstallWhy => "Tend then opens like an app from your home screen, and works without a connection.", "Así Tend se abre como una app desde su pantalla de inicio y funciona sin conexión.";
    Install => "Install", "Instalar";
    IosStepShare => "Tap Share", "Toque Compartir";
    IosStepAdd => "then Add to Home Screen.", "y luego Agregar a inicio.";
    RemindersTitle => "Reminders", "Recordatorios";
    RemindersWhy => "Tend can show a notification when a dose is due, with Taken and Snooze buttons. Your browser will ask for permission after you tap.", "Tend puede mostrar un aviso cuando toca una dosis, con botones Tomada y Posponer. Su navegador pedirá permiso cuando toque el botón.";
    TurnOnReminders => "Turn on reminders", "Activar recordatorios";
    RemindersOn => "Reminders are on. Each dose due brings a notification with Taken and Snooze.", "Los recordatorios están activados. Cada dosis trae un aviso con Tomada y Posponer.";
    RemindersDenied => "Notifications are blocked for Tend. Today still shows what is due while the app is open, doses missed while it was closed are asked about when you open it, and a calendar file can remind you too (below). You can allow notifications again in your browser's site settings.", "Los avisos están bloqueados para Tend. Hoy sigue mostrando lo pendiente mientras la app está abierta, al abrirla se le pregunta por lo que pasó mientras estaba cerrada, y un archivo de calendario también puede recordárselo (más abajo). Puede permitir los avisos en la configuración del sitio de su navegador.";
    RemindersUnsupported => "This browser cannot show notifications. Today shows what is due while the app is open, and a calendar file can remind you (below).", "Este navegador no puede mostrar avisos. Hoy muestra lo pendiente mientras la app está abierta, y un archivo de calendario puede recordárselo (más abajo).";
    RemindersClosedNote => "Reminders come while Tend is open or in the background. For a backstop when it is closed, add your medicines to your calendar.", "Los recordatorios llegan mientras Tend está abierto o en segundo plano. Como respaldo cuando está cerrado, añada sus medicinas a su calendario.";
    QuietHours => "Quiet hours", "Horas de silencio";
    QuietHoursHint => "Reminders in these hours make no sound and are not repeated. Leave empty for none.", "Los recordatorios en estas horas no suenan ni se repiten. Déjelo vacío si no quiere.";
    QuietFrom => "From", "Desde";
    QuietTo => "To", "Hasta";
    CalendarTitle => "Calendar reminders", "Recordatorios en el calendario";
    CalendarWhy => "As a backstop, add your medicine times to your calendar app, with an alarm at each dose. As-needed medicines and doses timed from the last one are not included.", "Como respaldo, añada los horarios a su calendario, con una alarma en cada dosis. No se incluyen las medicinas según necesidad ni las dosis que se cuentan desde la anterior.";
    CalendarAlarms => "Apple Calendar asks whether to keep the alarms when you import the file; Google Calendar drops alarms from imported files, so set a default notification there instead.", "El Calendario de Apple pregunta si quiere conservar las alarmas al importar el archivo; Google Calendar las descarta, así que configure allí un aviso predeterminado.";
    CalendarWhich => "Medicines", "Medicinas";
    AllMedicines => "All medicines", "Todas las medicinas";
    ExportCalendar => "Download calendar file (.ics)", "Descargar archivo de calendario (.ics)";
    CalendarFailed => "The calendar file could not be made:", "No se pudo crear el archivo de calendario:";
    ConditionFor => "What is it for? (optional, for articles)", "¿Para qué es? (opcional, para artículos)";
    NoCondition => "Not chosen", "Sin elegir";
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
    DayAllTaken => "all taken", "todas tomadas";
    DaySomeTaken => "some taken", "algunas tomadas";
    DayNoneTaken => "none taken", "ninguna tomada";
    NotUsed => "not used", "sin usar";
    UsedOnce => "used once", "usada una vez";
    UsedTimes => "used {n} times", "usada {n} veces";
    NthTime => "time", "hora";
    ForPerson => "For:", "Para:";
    WhosePerson => "Whose medicine is it?", "¿De quién es esta medicina?";
    ChooseWhose => "Choose whose medicine this is.", "Elija de quién es esta medicina.";
    PersonAdded => "{name} was added, and Tend now shows {name}'s medicines.", "Se añadió a {name} y Tend muestra ahora las medicinas de {name}.";
    ProblemDate => "{field}: choose a date from {first} to {last}.", "{field}: elija una fecha entre {first} y {last}.";
    ProblemRange => "{field}: use a whole number from {min} to {max}.", "{field}: use un número entero entre {min} y {max}.";
    ProblemAmount => "{field}: enter an amount above zero and at most {amount}.", "{field}: escriba una cantidad mayor que cero y de {amount} como máximo.";
    ProblemOnHand => "{field}: use a number from 0 to {max}.", "{field}: use un número entre 0 y {max}.";
    ProblemEndDate => "The last day must be on or after the start date, and in {last} at the latest.", "El último día debe ser igual o posterior a la fecha de inicio, y como tarde en {last}.";
    ProblemWeekdays => "Choose at least one day of the week.", "Elija al menos un día de la semana.";
    ProblemTimes => "Add from 1 to {max} times, each with an amount above zero and at most {amount}.", "Añada de 1 a {max} horas, cada una con una cantidad mayor que cero y de {amount} como máximo.";
    ProblemTaper => "Check the tapering steps: at most {steps}, each from {first} to {last}, ending after it starts, with an amount above zero and at most {amount}.", "Revise los pasos de reducción: como máximo {steps}, cada uno entre {first} y {last}, que termine después de empezar y con una cantidad mayor que cero y de {amount} como máximo.";
}

/// Units Tend knows in both languages: (English one, English many, Spanish one, Spanish many). A stored unit
/// that is any of these is shown in the language chosen and in the number's form ("2 comprimidos"); any other
/// unit is shown as the person wrote it.
pub const UNITS: [[&str; 4]; 8] = [
    ["tablet", "tablets", "comprimido", "comprimidos"],
    ["capsule", "capsules", "cápsula", "cápsulas"],
    ["puff", "puffs", "inhalación", "inhalaciones"],
    ["drop", "drops", "gota", "gotas"],
    ["patch", "patches", "parche", "parches"],
    ["application", "applications", "aplicación", "aplicaciones"],
    ["dose", "doses", "dosis", "dosis"],
    ["ml", "ml", "ml", "ml"],
];

/// `unit` in `lang`, singular for exactly one, when it is one of [`UNITS`].
pub fn unit_text(lang: Lang, one: bool, unit: &str) -> &str {
    // ASCII case only: full Unicode lowercasing would bring its tables into the first load.
    let unit = unit.trim();
    UNITS
        .iter()
        .find(|names| names.iter().any(|name| name.eq_ignore_ascii_case(unit)))
        .map_or(unit, |names| {
            let offset = if lang == Lang::Es { 2 } else { 0 };
            names[offset + usize::from(!one)]
        })
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
