//! Every user-visible string, in English and Spanish. The macro makes a missing translation a compile error.
//! Dates and times are formatted by the browser's `Intl` for the chosen language.

use chrono::{NaiveDate, NaiveDateTime};
use js_sys::{Object, Reflect};
use leptos::prelude::*;
use std::fmt::{Display, Write};
use wasm_bindgen::JsValue;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Es];

    /// The language's own name for itself, as a language menu shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
        }
    }

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
        browser_language().map_or(Lang::En, |code| Lang::from_code(&code))
    }
}

/// The browser's preferred language tag ("en-US").
pub fn browser_language() -> Option<String> {
    web_sys::window().and_then(|w| w.navigator().language())
}

/// A translatable text: `T` for the first load, `S` for the lazily loaded chunks, kept apart so the first load
/// carries only its own strings.
pub trait Text: Copy + Send + Sync + 'static {
    fn get(self, lang: Lang) -> &'static str;

    /// The text with each `{name}` in it replaced by the value given for `name`:
    /// `S::UsedTimes.fill(lang, &[("n", &3)])` is "used 3 times". A count picks its text with [`plural`] first.
    fn fill(self, lang: Lang, values: &[Value]) -> String {
        fill(self.get(lang), values)
    }
}

/// A value for a text's `{name}`: the name (without braces) and what to put there.
pub type Value<'a> = (&'a str, &'a dyn Display);

/// `text` with each `{name}` replaced by its value; a name without a value is left as written.
pub fn fill(text: &str, values: &[Value]) -> String {
    let mut filled = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(length) = rest[open..].find('}') else {
            break;
        };
        filled.push_str(&rest[..open]);
        let name = &rest[open + 1..open + length];
        match values.iter().find(|(key, _)| *key == name) {
            Some((_, value)) => {
                let _ = write!(filled, "{value}");
            }
            None => filled.push_str(&rest[open..=open + length]),
        }
        rest = &rest[open + length + 1..];
    }
    filled.push_str(rest);
    filled
}

/// The text for a count: `one` for exactly one, `many` otherwise (zero included), as in English and Spanish.
pub fn plural<K: Text>(count: usize, one: K, many: K) -> K {
    if count == 1 {
        one
    } else {
        many
    }
}

/// The text for the `n`th of something, by the English ordinal suffix ("1st", "2nd", "3rd", "4th", "11th"); the
/// Spanish texts of all four are the same ("1.ª").
pub fn ordinal<K: Text>(n: usize, [st, nd, rd, th]: [K; 4]) -> K {
    match (n % 10, n % 100) {
        (_, 11..=13) => th,
        (1, _) => st,
        (2, _) => nd,
        (3, _) => rd,
        _ => th,
    }
}

/// A text made now and shown later, in the language chosen by then (a notice stays up across a language switch):
/// it keeps the text in every language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message([String; 2]);

impl Message {
    pub fn new(text: impl Text) -> Message {
        Message::fill(text, &[])
    }

    pub fn fill(text: impl Text, values: &[Value]) -> Message {
        Message(Lang::ALL.map(|lang| text.fill(lang, values)))
    }

    pub fn get(&self, lang: Lang) -> &str {
        // `Lang::ALL` is in declaration order.
        &self.0[lang as usize]
    }
}

/// Whether `text` has `name` (from `from` to `to` in `of`, braces included) in it, at compile time.
const fn contains(text: &[u8], of: &[u8], from: usize, to: usize) -> bool {
    let mut at = 0;
    while at + (to - from) <= text.len() {
        let mut i = 0;
        while i < to - from && text[at + i] == of[from + i] {
            i += 1;
        }
        if i == to - from {
            return true;
        }
        at += 1;
    }
    false
}

/// Whether every `{name}` of `a` is closed and is also in `b`, at compile time.
const fn placeholders_within(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut open = 0;
    while open < a.len() {
        if a[open] == b'{' {
            let mut close = open + 1;
            while close < a.len() && a[close] != b'}' {
                close += 1;
            }
            if close == a.len() || !contains(b, a, open, close + 1) {
                return false;
            }
            open = close;
        }
        open += 1;
    }
    true
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
        // A value left out of one language, or a misspelt `{name}`, is a build error too.
        const _: () = {
            $(assert!(
                placeholders_within($en, $es) && placeholders_within($es, $en),
                concat!(stringify!($name), "::", stringify!($key), ": English and Spanish name different {{values}}")
            );)*
        };
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
    NavHealth => "My health", "Mi salud";
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
    DecimalMark => ".", ",";
    DosesLeft => "{left} of {total} doses still to take", "Quedan {left} de {total} dosis por tomar";
    StorageUnavailable => "This browser window does not let Tend save anything (this happens in some private or incognito windows, or when site data is blocked). Open Tend in a normal window to keep your records.", "Esta ventana del navegador no deja que Tend guarde nada (pasa en algunas ventanas privadas o de incógnito, o cuando se bloquean los datos del sitio). Abra Tend en una ventana normal para conservar sus registros.";
    StorageFull => "This device is out of storage space for Tend. Free some space, then try again. Nothing you saved before was lost.", "Este dispositivo no tiene espacio para Tend. Libere espacio e inténtelo de nuevo. No se perdió nada de lo que guardó antes.";
    StorageBlocked => "Tend is updating, but it is still open in another tab or window. Close the other Tend tabs, then reload this page.", "Tend se está actualizando, pero sigue abierto en otra pestaña o ventana. Cierre las otras pestañas de Tend y vuelva a cargar esta página.";
    StorageFailed => "Tend could not read or save your records just now. Reload the page and try again. If it keeps happening, please report it with this detail: {detail}", "Tend no pudo leer ni guardar sus registros ahora. Vuelva a cargar la página e inténtelo de nuevo. Si sigue pasando, informe del problema con este detalle: {detail}";
    ScreensFailed => "This screen could not be loaded. Check your connection, then try again.", "No se pudo cargar esta pantalla. Compruebe la conexión e inténtelo de nuevo.";
    TryAgain => "Try again", "Intentar de nuevo";
}

texts! { S;
    NotFound => "This page does not exist.", "Esta página no existe.";
    BackToToday => "Back to Today", "Volver a Hoy";
    Quarantined => "Some saved records could not be read. They were kept aside, not deleted. Export a backup and ask for help if this keeps happening:", "No se pudieron leer algunos registros guardados. Se guardaron aparte, sin borrarlos. Exporte una copia y pida ayuda si vuelve a ocurrir:";
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
    StoriesIntro => "How others live with the same condition: stories written by Tend from common experiences (none is about a real person), and stories shared by members of the community, each read by a moderator before anyone sees it.", "Cómo viven otras personas con la misma afección: historias escritas por Tend a partir de experiencias comunes (ninguna trata de una persona real) e historias compartidas por miembros de la comunidad, cada una leída por un moderador antes de mostrarse.";
    ShareYourStory => "Share your story", "Compartir su historia";
    ShareIntro => "Write how you live with your medicines: what was hard and what helped. Your draft stays on this device until you send it. Tend checks it for names, phone numbers, email addresses and dosing advice, shows you exactly what would be published, and a moderator reads it before anyone else sees it.", "Escriba cómo vive con sus medicinas: qué fue difícil y qué le ayudó. Su borrador se queda en este dispositivo hasta que lo envíe. Tend revisa que no tenga nombres, teléfonos, correos ni consejos de dosis, le muestra exactamente lo que se publicaría, y un moderador lo lee antes de que nadie más lo vea.";
    YourStory => "Your story", "Su historia";
    StoryConsent => "I agree that my story may be published without my name, after a moderator has read it", "Acepto que mi historia se publique sin mi nombre, después de que un moderador la lea";
    CheckStory => "Check my story", "Revisar mi historia";
    StoryHeldBack => "Your story cannot be shared yet:", "Su historia aún no se puede compartir:";
    ProblemName => "remove a name:", "quite un nombre:";
    ProblemPhone => "remove a phone number:", "quite un teléfono:";
    ProblemEmail => "remove an email address:", "quite un correo electrónico:";
    ProblemDosing => "remove dosing advice:", "quite un consejo de dosis:";
    StoryConditions => "Conditions it is about (one to three)", "Afecciones de las que trata (de una a tres)";
    ProblemTooShort => "write a little more: at least 40 characters", "escriba un poco más: al menos 40 caracteres";
    ProblemTooLong => "shorten it to 5,000 characters or fewer", "acórtela a 5.000 caracteres o menos";
    ProblemNoCondition => "choose the condition it is about", "elija la afección de la que trata";
    ProblemTooManyConditions => "choose at most three conditions", "elija tres afecciones como máximo";
    ProblemNoConsent => "give your consent below the story", "dé su permiso debajo de la historia";
    StoryExactly => "This is exactly what will be published, without your name", "Esto es exactamente lo que se publicará, sin su nombre";
    StoryAbout => "About: {conditions}", "Trata de: {conditions}";
    SendForReview => "Send for review", "Enviar para revisión";
    Sending => "Sending…", "Enviando…";
    StorySent => "Sent for review. A moderator reads every story before anyone else sees it. You can follow it below and withdraw it at any time.", "Enviada para revisión. Un moderador lee cada historia antes de que nadie más la vea. Puede seguirla abajo y retirarla cuando quiera.";
    StoryNoServer => "Sharing needs a Tend server with a community, and none answers here, so your draft stays on this device.", "Para compartirla hace falta un servidor de Tend con comunidad, y aquí no responde ninguno; su borrador se queda en este dispositivo.";
    StoryOffline => "Tend could not reach the server. Your draft is kept on this device: try again when you are online.", "Tend no pudo llegar al servidor. Su borrador se guarda en este dispositivo: inténtelo de nuevo cuando tenga conexión.";
    StoryBusy => "This device has sent several stories today. Your draft is kept: try again tomorrow.", "Este dispositivo ya envió varias historias hoy. Su borrador se guarda: inténtelo mañana.";
    StoryRefused => "The server did not accept the story. Check it again, and change what it points out.", "El servidor no aceptó la historia. Revísela de nuevo y cambie lo que se indica.";
    YourStories => "Your shared stories", "Sus historias compartidas";
    YourStoriesUnreachable => "Your shared stories could not be fetched just now: try again later.", "Ahora no se pudieron traer sus historias compartidas: inténtelo más tarde.";
    StatusPending => "Waiting for review", "Esperando revisión";
    StatusPublished => "Published", "Publicada";
    StatusDeclined => "Not published", "No publicada";
    StatusHidden => "Hidden while a moderator looks at readers' reports", "Oculta mientras un moderador revisa las denuncias de lectores";
    StatusWithdrawn => "Withdrawn", "Retirada";
    StatusWhy => "Why: {reason}", "Por qué: {reason}";
    SentOn => "sent {date}", "enviada el {date}";
    Withdraw => "Withdraw", "Retirar";
    WithdrawConfirm => "Withdraw this story? It will no longer be shown, and its text is erased from the server.", "¿Retirar esta historia? Dejará de mostrarse y su texto se borrará del servidor.";
    WithdrawYes => "Withdraw it", "Retirarla";
    KeepIt => "Keep it", "Conservarla";
    WrittenByTend => "Illustrative story written by Tend", "Historia ilustrativa escrita por Tend";
    SharedByCommunity => "Shared by a member of the community", "Compartida por un miembro de la comunidad";
    CommunityHeading => "From the community", "De la comunidad";
    CommunityLoading => "Looking for stories from the community…", "Buscando historias de la comunidad…";
    CommunityKept => "Tend could not reach the server, so these are the community stories this device kept.", "Tend no pudo llegar al servidor; estas son las historias de la comunidad que guardó este dispositivo.";
    CommunityNoServer => "Stories from the community come from a Tend server, and none answers here.", "Las historias de la comunidad vienen de un servidor de Tend, y aquí no responde ninguno.";
    CommunityUnreachable => "Stories from the community could not be fetched. You may be offline: try again later.", "No se pudieron traer las historias de la comunidad. Puede que no tenga conexión: inténtelo más tarde.";
    CommunityNone => "No stories from the community about your conditions yet.", "Todavía no hay historias de la comunidad sobre sus afecciones.";
    CommunityActionFailed => "Tend could not reach the server: try again later.", "Tend no pudo llegar al servidor: inténtelo más tarde.";
    FoundHelpful => "Found helpful: {n}", "Les ayudó: {n}";
    Report => "Report", "Denunciar";
    ReportWhy => "Why are you reporting this story?", "¿Por qué denuncia esta historia?";
    ReasonPersonal => "It has someone's personal details", "Tiene datos personales de alguien";
    ReasonDosing => "It gives dosing advice", "Da consejos de dosis";
    ReasonHarmful => "It is harmful or unkind", "Es dañina o hiriente";
    ReasonPromotion => "It promotes a product or service", "Promociona un producto o servicio";
    ReasonOther => "Something else", "Otra cosa";
    SendReport => "Send report", "Enviar denuncia";
    ReportSent => "Thank you. A moderator will look at this story again.", "Gracias. Un moderador volverá a revisar esta historia.";
    Moderation => "Moderation", "Moderación";
    ModIntro => "Every story is read here before anyone else sees it. Publish it, remove passages that could identify someone (they show as [removed]), or decline it with a reason its author will see. Every decision is logged.", "Cada historia se lee aquí antes de que nadie más la vea. Publíquela, quite los pasajes que puedan identificar a alguien (se muestran como [removed]) o recházela con un motivo que verá su autor. Cada decisión queda registrada.";
    ModChecking => "Loading…", "Cargando…";
    ModSignedOut => "Sign in with the link your server's administrator gave you. Moderators are made on the server with tend-server moderator add.", "Inicie sesión con el enlace que le dio el administrador de su servidor. Los moderadores se crean en el servidor con tend-server moderator add.";
    ModSignedOutNow => "You have signed out.", "Ha cerrado la sesión.";
    ModLinkInvalid => "This sign-in link is not valid: it may be used already or older than a day. Ask your server's administrator for a new one.", "Este enlace de inicio de sesión no es válido: puede que ya se haya usado o que tenga más de un día. Pida uno nuevo al administrador de su servidor.";
    ModSignedIn => "Signed in as {name}", "Sesión iniciada como {name}";
    SignOut => "Sign out", "Cerrar sesión";
    ModShow => "Show", "Mostrar";
    ModPending => "Waiting for review", "Esperando revisión";
    ModHidden => "Hidden after readers' reports", "Ocultas tras denuncias de lectores";
    ModPublished => "Published", "Publicadas";
    ModDeclined => "Declined", "Rechazadas";
    ModEmpty => "No stories here.", "No hay historias aquí.";
    ModUrgent => "This story touches self-harm: it is shown with the urgent-help box.", "Esta historia trata de autolesiones: se muestra con el recuadro de ayuda urgente.";
    ModReports => "Readers' reports", "Denuncias de lectores";
    ModPassage => "Passage to remove, exactly as written", "Pasaje que quitar, tal como está escrito";
    ModAddPassage => "Remove this passage", "Quitar este pasaje";
    ModPassageNotFound => "That passage is not in the story: copy it exactly as written.", "Ese pasaje no está en la historia: cópielo tal como está escrito.";
    ModToRemove => "These passages will show as [removed]:", "Estos pasajes se mostrarán como [removed]:";
    ModKeepPassage => "Keep it", "Conservarlo";
    Publish => "Publish", "Publicar";
    ModReason => "Reason the author will see, if you decline", "Motivo que verá el autor, si la rechaza";
    Decline => "Decline", "Rechazar";
    ModNeedsReason => "Write the reason the author will see first.", "Escriba primero el motivo que verá el autor.";
    ModPublishedDone => "Published.", "Publicada.";
    ModDeclinedDone => "Declined: its author will see your reason.", "Rechazada: su autor verá el motivo.";
    ModChanged => "This story changed since it was shown, so nothing was decided. The list is up to date again.", "Esta historia cambió desde que se mostró, así que no se decidió nada. La lista está al día de nuevo.";
    ModLog => "Moderation log", "Registro de moderación";
    LogPublished => "published", "publicó";
    LogDeclined => "declined", "rechazó";
    LogWithdrawn => "withdrawn by its author", "retirada por su autor";
    LogHidden => "hidden by readers' reports", "ocultada por denuncias de lectores";
    ChooseOne => "Choose one", "Elija una";
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
    RemindersClosedNote => "Reminders come while Tend is open or in the background. With sync on, your sync server can send them when Tend is closed too (see Sync). As a backstop, add your medicines to your calendar.", "Los recordatorios llegan mientras Tend está abierto o en segundo plano. Con la sincronización activada, su servidor también puede enviarlos con Tend cerrado (vea Sincronización). Como respaldo, añada sus medicinas a su calendario.";
    PushDiscreetTitle => "Time for your medicine", "Es hora de su medicina";
    PushDiscreetBody => "Open Tend to see which one.", "Abra Tend para ver cuál.";
    PushTitle => "Reminders when Tend is closed", "Recordatorios con Tend cerrado";
    PushWhat => "This device gives your sync server its reminders for the next two weeks, each locked so that only this browser can read it. The server learns when reminders are due, not what they are for. Logging a dose on any device cancels its reminders.", "Este dispositivo da a su servidor de sincronización sus recordatorios de las próximas dos semanas, cada uno cerrado para que solo este navegador pueda leerlo. El servidor sabe cuándo toca un recordatorio, no para qué es. Anotar una dosis en cualquier dispositivo cancela sus recordatorios.";
    PushOn => "Send reminders through my sync server", "Enviar recordatorios por mi servidor de sincronización";
    PushDiscreet => "Discreet: the lock screen shows only “Time for your medicine”", "Discreto: la pantalla de bloqueo solo muestra «Es hora de su medicina»";
    PushNeedsPermission => "Turn on reminders above first.", "Primero active los recordatorios (arriba).";
    PushUnsupported => "This browser cannot receive reminders while Tend is closed.", "Este navegador no puede recibir recordatorios con Tend cerrado.";
    PushFailed => "Your sync server could not be reached to plan reminders. Tend tries again at the next change.", "No se pudo contactar con su servidor para planificar los recordatorios. Tend lo intentará de nuevo en el próximo cambio.";
    PushPlanned => "{n} reminders are planned at your server, the last on {date}.", "Hay {n} recordatorios planificados en su servidor, el último el {date}.";
    PushNothing => "No reminders to plan in the next two weeks.", "No hay recordatorios que planificar en las próximas dos semanas.";
    QuietHours => "Quiet hours", "Horas de silencio";
    QuietHoursHint => "Reminders in these hours make no sound and are not repeated. Leave empty for none.", "Los recordatorios en estas horas no suenan ni se repiten. Déjelo vacío si no quiere.";
    QuietFrom => "From", "Desde";
    QuietTo => "To", "Hasta";
    TravelTitle => "You are in another time zone", "Está en otra zona horaria";
    TravelWhat => "Times are now shown for {here}. For each medicine that follows the clock, choose: keep the same times of day here, or stay on home time ({home}). If a medicine must be taken at exact intervals, ask your pharmacist which to choose.", "Las horas se muestran ahora para {here}. Para cada medicina que sigue el reloj, elija: mantener las mismas horas del día aquí, o seguir la hora de casa ({home}). Si una medicina debe tomarse a intervalos exactos, pregunte a su farmacéutico cuál elegir.";
    TravelWithClock => "Same times here: next dose at {here} here ({home} at home).", "Mismas horas aquí: próxima dosis a las {here} aquí ({home} en casa).";
    TravelHomeTime => "On home time: next dose at {here} here ({home} at home).", "Con la hora de casa: próxima dosis a las {here} aquí ({home} en casa).";
    TravelNoDose => "No dose in the next week.", "No hay dosis en la próxima semana.";
    TravelKeepTimes => "Keep the same times here", "Mantener las mismas horas aquí";
    TravelStayHome => "Stay on home time", "Seguir la hora de casa";
    TravelFixed => "{name} stays on {zone} time, as set for it.", "{name} sigue la hora de {zone}, como está configurada.";
    TravelStaying => "Saved: it stays on home time.", "Guardado: sigue la hora de casa.";
    ReportTitle => "Report for your doctor", "Informe para su médico";
    ReportFor => "For {name}, made on {date}.", "De {name}, hecho el {date}.";
    ReportForAll => "For everyone on this device, made on {date}.", "De todas las personas de este dispositivo, hecho el {date}.";
    Print => "Print", "Imprimir";
    ReportTakingNow => "Taking now", "Las que toma ahora";
    ReportStopped => "Stopped", "Dejadas";
    ReportPaused => "paused", "en pausa";
    ReportMisses => "Doses missed or skipped in the last 90 days", "Dosis olvidadas u omitidas en los últimos 90 días";
    ReportByTimeOfDay => "By time of day", "Por momento del día";
    ReportByWeekday => "By day of the week", "Por día de la semana";
    PartNight => "Night", "Noche";
    PartMorning => "Morning", "Mañana";
    PartAfternoon => "Afternoon", "Tarde";
    PartEvening => "Evening", "Atardecer";
    ReportSideEffects => "Side effects noted in the last 90 days", "Efectos secundarios anotados en los últimos 90 días";
    ReportNoSideEffects => "None noted.", "Ninguno anotado.";
    ReportGoalSince => "since {date}", "desde el {date}";
    ReportGoalDone => "reached or put away", "conseguido o guardado";
    ReportNoGoals => "None written yet.", "Aún no ha escrito ninguno.";
    ReportMeasurements => "Measurements in the last 90 days", "Medidas de los últimos 90 días";
    ReportNoMeasurements => "None logged.", "Ninguna anotada.";
    ReportMeasureLine => "Readings: {count}. Average {average}; lowest {lowest}; highest {highest}; latest {latest}, on {date}.", "Medidas: {count}. Media {average}; la más baja {lowest}; la más alta {highest}; la última {latest}, el {date}.";
    ReportFelt => "How I have felt in the last 90 days", "Cómo me he sentido en los últimos 90 días";
    ReportNoCheckIns => "No check-ins.", "Sin anotaciones de cómo me siento.";
    ReportCheckIns => "Check-ins: {count}.", "Anotaciones: {count}.";
    ReportMood => "Average mood: {mood} out of 5 (5 is very good).", "Ánimo medio: {mood} de 5 (5 es muy bien).";
    ReportSymptoms => "Symptoms ticked, and how often: {list}.", "Síntomas marcados, y cuántas veces: {list}.";
    ReportDidWhatMatters => "Did what matters to me that week: yes {yes}, no {no}.", "Hice lo que me importa esa semana: sí {yes}, no {no}.";
    ReportOwnWords => "In my own words", "Con mis palabras";
    Suggestions => "Suggestions", "Sugerencias";
    SuggestionsWhy => "From your own records on this device. They change when Tend reminds you, never how much you take: ask your doctor or pharmacist about that.", "A partir de sus propios registros en este dispositivo. Cambian cuándo le avisa Tend, nunca cuánto toma: eso, pregúnteselo a su médico o farmacéutico.";
    SuggestMove => "{medicine}: you usually take the {from} dose around {to} ({taken} of the last {looked_at} times). A reminder at {to} may suit your day better.", "{medicine}: suele tomar la dosis de las {from} hacia las {to} ({taken} de las últimas {looked_at} veces). Un aviso a las {to} puede encajar mejor en su día.";
    SuggestRepeats => "{medicine}: {missed} of the last {due} doses were missed. A reminder that repeats every 10 minutes, up to 3 times, may help.", "{medicine}: se olvidaron {missed} de las últimas {due} dosis. Un aviso que se repite cada 10 minutos, hasta 3 veces, puede ayudar.";
    SuggestRefill => "{medicine} runs out around {date}. Refill now so you do not run short.", "{medicine} se acaba hacia el {date}. Consiga más ahora para no quedarse sin ella.";
    SuggestHabit => "The doses you miss most are {day} {part} doses: about {chance}% of them in the last eight weeks, against {overall}% overall (from {based_on} doses). A reminder or a routine at that time may help.", "Las dosis que más olvida son las del {day} ({part}): cerca del {chance}% en las últimas ocho semanas, frente al {overall}% en general (de {based_on} dosis). Un aviso o una rutina a esa hora puede ayudar.";
    SuggestStreak => "{days} days in a row with every dose taken. Well done!", "{days} días seguidos con todas las dosis tomadas. ¡Muy bien!";
    RemindAt => "Remind me at {time}", "Avisarme a las {time}";
    RepeatReminders => "Repeat the reminders", "Repetir los avisos";
    DontSuggestAgain => "Don't suggest this again", "No volver a sugerirlo";
    ReminderMoved => "Reminder moved. Doses already past keep their time.", "Aviso cambiado. Las dosis pasadas mantienen su hora.";
    RepeatsOn => "Reminders now repeat every 10 minutes, up to 3 times.", "Los avisos se repiten ahora cada 10 minutos, hasta 3 veces.";
    ChartsTitle => "How it goes", "Cómo va";
    ChartPeriod => "Period", "Periodo";
    DaysCount => "{days} days", "{days} días";
    ChartWeekly => "Doses taken, week by week", "Dosis tomadas, semana a semana";
    ChartWeeklyDesc => "Each week's share of doses taken (solid) and taken on time (hatched), from {from} to {to}.", "La parte de las dosis de cada semana tomadas (relleno) y tomadas a su hora (rayado), del {from} al {to}.";
    LegendTaken => "Taken", "Tomadas";
    LegendOnTime => "On time", "A su hora";
    NoDosesDue => "no doses due", "sin dosis";
    ShowAsTable => "Show as a table", "Ver como tabla";
    WeekOf => "Week of", "Semana del";
    ChartWhen => "Date", "Fecha";
    ChartReadingsDesc => "{kind}, {from} to {to}. Readings: {count}; lowest {low}, highest {high}.", "{kind}, del {from} al {to}. Medidas: {count}; la más baja {low}, la más alta {high}.";
    ChartMood => "Mood in check-ins", "Ánimo en las anotaciones";
    ChartMoodDesc => "Mood from 1 (very low) to 5 (very good), {from} to {to}. Check-ins: {count}.", "Ánimo de 1 (muy mal) a 5 (muy bien), del {from} al {to}. Anotaciones: {count}.";
    ChartMoodColumn => "Mood (1 to 5)", "Ánimo (1 a 5)";
    GoalsMarked => "Goals marked on the charts", "Metas marcadas en los gráficos";
    ReportNote => "Made by Tend from what was logged on this device. It is for talking with your doctor or pharmacist: ask them before you change how you take a medicine.", "Hecho por Tend con lo anotado en este dispositivo. Sirve para hablar con su médico o farmacéutico: pregúnteles antes de cambiar cómo toma una medicina.";
    DoctorFiles => "Files for your doctor", "Archivos para su médico";
    DoctorFilesWhy => "The last 90 days of doses and measurements, for the person shown: spreadsheets (CSV), or a file in the FHIR standard that a clinic's system can read. They stay on this device until you send them.", "Las dosis y medidas de los últimos 90 días, de la persona mostrada: hojas de cálculo (CSV), o un archivo en el estándar FHIR que el sistema de una clínica puede leer. Se quedan en este dispositivo hasta que usted los envíe.";
    ExportFailed => "The file could not be made: {problem}", "No se pudo crear el archivo: {problem}";
    ExportDoseLog => "Download the dose log (CSV)", "Descargar el registro de dosis (CSV)";
    ExportMeasurements => "Download the measurements (CSV)", "Descargar las medidas (CSV)";
    ExportFhir => "Download for a clinic's system (FHIR)", "Descargar para el sistema de una clínica (FHIR)";
    CalendarTitle => "Calendar reminders", "Recordatorios en el calendario";
    CalendarWhy => "As a backstop, add your medicine times to your calendar app, with an alarm at each dose. As-needed medicines and doses timed from the last one are not included.", "Como respaldo, añada los horarios a su calendario, con una alarma en cada dosis. No se incluyen las medicinas según necesidad ni las dosis que se cuentan desde la anterior.";
    CalendarAlarms => "Apple Calendar asks whether to keep the alarms when you import the file; Google Calendar drops alarms from imported files, so set a default notification there instead.", "El Calendario de Apple pregunta si quiere conservar las alarmas al importar el archivo; Google Calendar las descarta, así que configure allí un aviso predeterminado.";
    CalendarWhich => "Medicines", "Medicinas";
    AllMedicines => "All medicines", "Todas las medicinas";
    ExportCalendar => "Download calendar file (.ics)", "Descargar archivo de calendario (.ics)";
    CalendarFailed => "The calendar file could not be made: {problem}", "No se pudo crear el archivo de calendario: {problem}";
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
    Used => "Used: {used} MB of {quota} MB", "Usado: {used} MB de {quota} MB";
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
    NthTimeSt => "{n}st time", "{n}.ª hora";
    NthTimeNd => "{n}nd time", "{n}.ª hora";
    NthTimeRd => "{n}rd time", "{n}.ª hora";
    NthTimeTh => "{n}th time", "{n}.ª hora";
    ForPerson => "For:", "Para:";
    WhosePerson => "Whose medicine is it?", "¿De quién es esta medicina?";
    ChooseWhose => "Choose whose medicine this is.", "Elija de quién es esta medicina.";
    PersonAdded => "{name} was added, and Tend now shows {name}'s medicines.", "Se añadió a {name} y Tend muestra ahora las medicinas de {name}.";
    BackupSaved => "Backup saved: {file}, {people}, {records}.", "Copia guardada: {file}, {people}, {records}.";
    PeopleOne => "{n} person", "{n} persona";
    PeopleMany => "{n} people", "{n} personas";
    DoseRecordsOne => "{n} dose record", "{n} registro de dosis";
    DoseRecordsMany => "{n} dose records", "{n} registros de dosis";
    UseIn24h => "Taken in the last 24 hours: {taken} of at most {max}", "Tomadas en las últimas 24 horas: {taken} de {max} como máximo";
    StockLeftOne => "{left} left", "Queda {left}";
    StockLeft => "{left} left", "Quedan {left}";
    StockLeftUntilOne => "{left} left, until about {day}", "Queda {left}, hasta el {day} aprox.";
    StockLeftUntil => "{left} left, until about {day}", "Quedan {left}, hasta el {day} aprox.";
    StockRefill => ". Time to refill.", ". Hora de pedir más.";
    StockExpired => " Expired.", " Caducada.";
    StockUseBy => " Use by {day}.", " Usar antes del {day}.";
    CoverageWell => "Refills covered {percent}% of the last {days} days. 80% or more is what studies call well covered.", "Las recargas cubrieron el {percent}% de los últimos {days} días. Los estudios llaman bien cubierto a un 80% o más.";
    CoverageLow => "Refills covered {percent}% of the last {days} days, below the 80% that studies call well covered: there were days without this medicine at home.", "Las recargas cubrieron el {percent}% de los últimos {days} días, menos del 80% que los estudios llaman bien cubierto: hubo días sin esta medicina en casa.";
    LogRefill => "Log a refill", "Anotar una recarga";
    RefillQuantity => "How much ({unit})", "Cuánto ({unit})";
    RefillOn => "Picked up on", "Recogida el";
    RefillExpires => "Use-by date on the pack (optional)", "Fecha de caducidad del envase (opcional)";
    RefillQuantityProblem => "How much: please type a number above zero.", "Cuánto: escriba un número mayor que cero.";
    RefillDateProblem => "Picked up on: please give a day that is not in the future.", "Recogida el: indique un día que no sea futuro.";
    RefillExpiryProblem => "Use-by date: please give a whole date, or leave it empty.", "Caducidad: indique una fecha completa, o déjela vacía.";
    SaveRefill => "Save refill", "Guardar recarga";
    RefillSaved => "Refill logged. The stock is updated.", "Recarga anotada. Las existencias están al día.";
    FormTablet => "Tablet", "Comprimido";
    FormCapsule => "Capsule", "Cápsula";
    FormLiquid => "Liquid", "Líquido";
    FormInhaler => "Inhaler", "Inhalador";
    FormInjection => "Injection", "Inyección";
    FormPatch => "Patch", "Parche";
    FormDrops => "Drops", "Gotas";
    FormCream => "Cream", "Crema";
    FormOther => "Other", "Otra";
    Monday => "Monday", "lunes";
    Tuesday => "Tuesday", "martes";
    Wednesday => "Wednesday", "miércoles";
    Thursday => "Thursday", "jueves";
    Friday => "Friday", "viernes";
    Saturday => "Saturday", "sábado";
    Sunday => "Sunday", "domingo";
    Mon => "Mon", "lun";
    Tue => "Tue", "mar";
    Wed => "Wed", "mié";
    Thu => "Thu", "jue";
    Fri => "Fri", "vie";
    Sat => "Sat", "sáb";
    Sun => "Sun", "dom";
    ListAnd => " and ", " y ";
    DescDaily => "Every day at {times}", "Todos los días a las {times}";
    DescWeekdays => "On {days} at {times}", "Los {days} a las {times}";
    DescEveryNDays => "Every {interval} days at {times}", "Cada {interval} días a las {times}";
    DescCycle => "{on} days on, then {off} days off, at {times}", "{on} días sí y {off} días no, a las {times}";
    DescEveryNHours => "Every {hours} hours from {from}", "Cada {hours} horas desde las {from}";
    DescAfterLast => "First dose at {first}, then {hours} hours after each one taken", "Primera dosis a las {first}, luego {hours} horas después de cada toma";
    DescAsNeeded => "When needed: at most {max} in 24 hours, at least {gap} minutes apart", "Cuando se necesite: como máximo {max} en 24 horas, con {gap} minutos entre dosis";
    DescFrom => ", from {start}", ", desde el {start}";
    DescUntil => ", until {last}", ", hasta el {last}";
    DescTapering => ", with tapering steps", ", con reducción gradual";
    ZoneUnknown => "\"{zone}\" is not a time zone this browser knows. Use a name like Europe/London.", "\"{zone}\" no es una zona horaria conocida. Use un nombre como Europe/Madrid.";
    FillIn => "please fill this in", "rellene este campo";
    WholeNumber => "enter a whole number", "escriba un número entero";
    AmountAboveZero => "enter an amount above zero, like 1 or 0.5", "escriba una cantidad mayor que cero, como 1 o 0,5";
    NumberZeroOrMore => "enter a number, 0 or more", "escriba un número, 0 o más";
    TimeLike => "enter a time like 08:00", "escriba una hora como 08:00";
    DateChoose => "choose a date", "elija una fecha";
    ProblemDate => "{field}: choose a date from {first} to {last}.", "{field}: elija una fecha entre {first} y {last}.";
    ProblemRange => "{field}: use a whole number from {min} to {max}.", "{field}: use un número entero entre {min} y {max}.";
    ProblemAmount => "{field}: enter an amount above zero and at most {amount}.", "{field}: escriba una cantidad mayor que cero y de {amount} como máximo.";
    ProblemOnHand => "{field}: use a number from 0 to {max}.", "{field}: use un número entre 0 y {max}.";
    ProblemEndDate => "The last day must be on or after the start date, and in {last} at the latest.", "El último día debe ser igual o posterior a la fecha de inicio, y como tarde en {last}.";
    ProblemWeekdays => "Choose at least one day of the week.", "Elija al menos un día de la semana.";
    ProblemTimes => "Add from 1 to {max} times, each with an amount above zero and at most {amount}.", "Añada de 1 a {max} horas, cada una con una cantidad mayor que cero y de {amount} como máximo.";
    ProblemTaper => "Check the tapering steps: at most {steps}, each from {first} to {last}, ending after it starts, with an amount above zero and at most {amount}.", "Revise los pasos de reducción: como máximo {steps}, cada uno entre {first} y {last}, que termine después de empezar y con una cantidad mayor que cero y de {amount} como máximo.";
    SyncHeading => "Sync between your devices", "Sincronizar sus dispositivos";
    SyncExplain => "Keep this device and your other devices in step through the server Tend came from. Everything is encrypted on this device before it is sent: the server cannot read your medicines, notes or names. Sync stays off unless you turn it on.", "Mantenga este dispositivo y los demás al día a través del servidor del que vino Tend. Todo se cifra en este dispositivo antes de enviarse: el servidor no puede leer sus medicinas, notas ni nombres. La sincronización sigue desactivada si usted no la activa.";
    DeviceName => "Name of this device", "Nombre de este dispositivo";
    ThisDevice => "This device", "Este dispositivo";
    TurnOnSync => "Turn on sync", "Activar la sincronización";
    JoinPhraseLabel => "Already syncing on another device? Type its recovery phrase (12 words)", "¿Ya sincroniza en otro dispositivo? Escriba su frase de recuperación (12 palabras)";
    JoinWithPhrase => "Join with this phrase", "Unirse con esta frase";
    PhraseShownOnce => "Your recovery phrase. Write these 12 words down, in order, and keep them somewhere safe: you need them to add a device, or to get your records back if this device is lost. They are shown only now, and nobody, not even the server, can recover them for you.", "Su frase de recuperación. Anote estas 12 palabras, en orden, y guárdelas en un lugar seguro: las necesitará para añadir un dispositivo o para recuperar sus registros si pierde este. Solo se muestran ahora y nadie, ni siquiera el servidor, puede recuperarlas por usted.";
    RecoveryPhrase => "Recovery phrase", "Frase de recuperación";
    TypeWord => "To check you wrote it down, type word {n}", "Para comprobar que la anotó, escriba la palabra {n}";
    SyncCheckWrong => "Those words do not match the phrase. Check what you wrote down and try again.", "Esas palabras no coinciden con la frase. Revise lo que anotó e inténtelo de nuevo.";
    SyncTurningOn => "Turning sync on… this takes a few seconds.", "Activando la sincronización… tarda unos segundos.";
    SyncSending => "Sending changes", "Enviando cambios";
    SyncNow => "Sync now", "Sincronizar ahora";
    TurnOffSync => "Turn off sync on this device", "Desactivar la sincronización en este dispositivo";
    SyncSendingCount => "Sending {sent} of {total} changes…", "Enviando {sent} de {total} cambios…";
    SyncReceiving => "Syncing: {received} changes received…", "Sincronizando: {received} cambios recibidos…";
    SyncReceivingOf => "Syncing: {received} of {total} changes received…", "Sincronizando: {received} de {total} cambios recibidos…";
    SyncReceivingBar => "Receiving changes", "Recibiendo cambios";
    SyncedAt => "Sync is on. Last synced at {time}.", "La sincronización está activada. Última sincronización: {time}.";
    SyncOnNotYet => "Sync is on. Not synced yet.", "La sincronización está activada. Aún no se ha sincronizado.";
    SyncWaitingOne => "1 change is waiting to be sent.", "1 cambio espera para enviarse.";
    SyncWaiting => "{n} changes are waiting to be sent.", "{n} cambios esperan para enviarse.";
    SyncUnreadable => "{n} changes from another device could not be opened with this space's key; they were left on the server.", "{n} cambios de otro dispositivo no se pudieron abrir con la clave de este espacio; se dejaron en el servidor.";
    PhraseWordCount => "A recovery phrase has {words} words; this has {n}.", "Una frase de recuperación tiene {words} palabras; esta tiene {n}.";
    PhraseUnknownWord => "Word {n}, “{word}”, is not a recovery phrase word. Check its spelling.", "La palabra {n}, «{word}», no es una palabra de frase de recuperación. Revise cómo se escribe.";
    PhraseChecksum => "These words are not a recovery phrase together: check each word and its place.", "Estas palabras no forman juntas una frase de recuperación: revise cada palabra y su lugar.";
    SyncUnreachable => "The sync server cannot be reached: you may be offline. Your changes are kept here and sent once it can be reached.", "No se puede contactar con el servidor de sincronización: quizá no tenga conexión. Sus cambios se guardan aquí y se envían cuando se pueda.";
    SyncNoServer => "This copy of Tend is not served by a Tend sync server, so sync is not available here.", "Esta copia de Tend no la sirve un servidor de sincronización de Tend, así que aquí no se puede sincronizar.";
    SyncRemoved => "This device was removed from sync. Turn sync off here, then join again with the recovery phrase if you want it back.", "Este dispositivo se quitó de la sincronización. Desactívela aquí y vuelva a unirse con la frase de recuperación si la quiere de nuevo.";
    SyncWrongPhrase => "No synced records were found for this phrase. Check each word against what you wrote down.", "No se encontraron registros sincronizados para esta frase. Compare cada palabra con lo que anotó.";
    SyncBusy => "The sync server is busy. Try again in a moment.", "El servidor de sincronización está ocupado. Inténtelo de nuevo en un momento.";
    SyncFailed => "Sync did not work this time. Your records here are safe; try again later.", "La sincronización no funcionó esta vez. Sus registros aquí están a salvo; inténtelo más tarde.";
    SyncNewerApp => "Another device uses a newer version of Tend. Update this one (reload the page) to keep syncing.", "Otro dispositivo usa una versión más reciente de Tend. Actualice esta (recargue la página) para seguir sincronizando.";
    SyncDevices => "Devices in sync", "Dispositivos sincronizados";
    UnnamedDevice => "Unnamed device", "Dispositivo sin nombre";
    ThisDeviceNow => "(this device)", "(este dispositivo)";
    DeviceRemoved => "(removed)", "(quitado)";
    DeviceLastSeen => "last seen {date}, {time}", "visto por última vez el {date}, {time}";
    RemoveDevice => "Remove", "Quitar";
    RemoveDeviceNamed => "Remove {name}", "Quitar {name}";
    RemoveDeviceAsk => "Remove {name} from sync? It stops syncing at once; the records already on it stay there.", "¿Quitar {name} de la sincronización? Deja de sincronizar en el acto; los registros que ya tiene se quedan en él.";
    ConflictHeading => "{what} was changed on two devices", "{what} se cambió en dos dispositivos";
    ConflictAbout => "It was changed here and on another device before they were in step. Which version do you keep?", "Se cambió aquí y en otro dispositivo antes de que estuvieran al día. ¿Qué versión conserva?";
    KeepMine => "Keep this device's: {version}", "Conservar la de este dispositivo: {version}";
    KeepTheirs => "Keep the other device's: {version}", "Conservar la del otro dispositivo: {version}";
    AddDevice => "Add a device", "Añadir un dispositivo";
    PairingCodeShown => "On the new device, open Tend's Settings and, under “Sync between your devices”, type this code or scan the square with its camera. It works once, for 10 minutes.", "En el dispositivo nuevo, abra los Ajustes de Tend y, en «Sincronizar sus dispositivos», escriba este código o escanee el cuadro con su cámara. Sirve una vez, durante 10 minutos.";
    PairingCode => "Pairing code:", "Código de emparejamiento:";
    PairingQr => "The pairing code as a square to scan", "El código de emparejamiento como un cuadro para escanear";
    PairingCompare => "The new device shows a number. It must be this one:", "El dispositivo nuevo muestra un número. Debe ser este:";
    PairingMatch => "They match: add the device", "Coinciden: añadir el dispositivo";
    PairingNoMatch => "They do not match", "No coinciden";
    PairingAdded => "The new device was added. It syncs in a moment.", "Se añadió el dispositivo nuevo. Se sincroniza en un momento.";
    PairingStopped => "The device was not added. If the numbers did not match, someone may have tried to get in between: add it with the recovery phrase instead.", "No se añadió el dispositivo. Si los números no coincidían, alguien pudo intentar interponerse: añádalo con la frase de recuperación.";
    PairingExpired => "The code expired. Start again to get a new one.", "El código caducó. Empiece de nuevo para obtener otro.";
    JoinCodeLabel => "Or type the pairing code your other device shows", "O escriba el código de emparejamiento que muestra su otro dispositivo";
    JoinWithCode => "Join with this code", "Unirse con este código";
    PairingCheck => "On your other device, check that it shows this number, and confirm there:", "En su otro dispositivo, compruebe que muestra este número y confírmelo allí:";
    PairingBadCode => "That code was not found: it may be mistyped, used already or older than 10 minutes. Ask the other device for a new one.", "No se encontró ese código: puede estar mal escrito, usado ya o tener más de 10 minutos. Pida otro al otro dispositivo.";
    SyncTurnedOff => "Sync is off on this device. Your records stay here.", "La sincronización está desactivada en este dispositivo. Sus registros siguen aquí.";
    HealthTitle => "My health", "Mi salud";
    WhatMatters => "What matters to me", "Lo que me importa";
    WhatMattersHint => "Why you take your medicines, in your own words: Today shows it beside your doses.", "Por qué toma sus medicinas, con sus palabras: Hoy lo muestra junto a sus dosis.";
    GoalInOwnWords => "In your own words", "Con sus palabras";
    GoalMeasure => "A measurement that shows how it goes (optional)", "Una medida que muestra cómo va (opcional)";
    GoalMedicines => "The medicines it is about (optional)", "Las medicinas a las que se refiere (opcional)";
    GoalNoMeasure => "None", "Ninguna";
    GoalEmpty => "Write what matters to you first.", "Escriba primero lo que le importa.";
    AddGoal => "Add", "Añadir";
    GoalReached => "Reached or put away", "Conseguido o guardado";
    GoalPutAway => "Put away. It stays in your records.", "Guardado. Sigue en sus registros.";
    CheckInTitle => "Check in", "Cómo estoy";
    MoodQuestion => "How do you feel today?", "¿Cómo se siente hoy?";
    Mood1 => "Very low", "Muy mal";
    Mood2 => "Low", "Mal";
    Mood3 => "All right", "Regular";
    Mood4 => "Good", "Bien";
    Mood5 => "Very good", "Muy bien";
    SymptomsQuestion => "Anything bothering you? (optional)", "¿Le molesta algo? (opcional)";
    SymptomTiredness => "Tiredness", "Cansancio";
    SymptomHeadache => "Headache", "Dolor de cabeza";
    SymptomDizziness => "Dizziness", "Mareo";
    SymptomNausea => "Feeling sick", "Náuseas";
    SymptomUpsetStomach => "Upset stomach", "Molestias de estómago";
    SymptomPoorSleep => "Poor sleep", "Dormir mal";
    SymptomPain => "Pain", "Dolor";
    SymptomBreath => "Short of breath", "Falta de aire";
    SymptomRash => "Rash", "Erupción en la piel";
    SymptomLowMood => "Feeling down", "Ánimo bajo";
    CheckInNote => "Anything else, in your own words (optional)", "Algo más, con sus palabras (opcional)";
    DidWhatMatters => "Did you do what matters to you this week?", "¿Hizo esta semana lo que le importa?";
    No => "No", "No";
    CheckInEmpty => "Answer at least one question first.", "Responda primero al menos una pregunta.";
    SaveCheckIn => "Save check-in", "Guardar";
    CheckInSaved => "Check-in saved.", "Guardado.";
    LogMeasurement => "Log a measurement", "Anotar una medida";
    WhatMeasured => "What you measured", "Qué ha medido";
    KindBloodPressure => "Blood pressure", "Tensión arterial";
    KindGlucose => "Blood sugar", "Glucosa";
    KindWeight => "Weight", "Peso";
    KindPeakFlow => "Peak flow", "Flujo espiratorio máximo";
    Systolic => "Upper number (systolic)", "Número alto (sistólica)";
    Diastolic => "Lower number (diastolic)", "Número bajo (diastólica)";
    Pulse => "Pulse", "Pulso";
    PulseOptional => "Pulse (optional)", "Pulso (opcional)";
    PeakFlowLabel => "Peak flow (L/min)", "Flujo máximo (L/min)";
    MeasureUnit => "Unit", "Unidad";
    UnitMmHg => "mmHg", "mmHg";
    UnitBpm => "beats a minute", "latidos por minuto";
    UnitMgDl => "mg/dL", "mg/dL";
    UnitMmolL => "mmol/L", "mmol/L";
    UnitKg => "kg", "kg";
    UnitLb => "lb", "lb";
    UnitLMin => "L/min", "L/min";
    MeasuredWhen => "When (leave empty for now)", "Cuándo (vacío: ahora)";
    MeasuredWhenProblem => "When: please give a date and time that is not in the future.", "Cuándo: indique una fecha y hora que no sea futura.";
    ReadingNotNumber => "{field}: please type a number.", "{field}: escriba un número.";
    ReadingOutOfRange => "{field}: that looks like a typo. A reading is between {low} and {high} {unit}; please check it.", "{field}: parece un error al escribir. Una medida está entre {low} y {high} {unit}; revísela.";
    DiastolicNotBelow => "The lower number must be below the upper one: please check both.", "El número bajo debe ser menor que el alto: revise los dos.";
    SaveMeasurement => "Save measurement", "Guardar medida";
    MeasurementSaved => "Measurement saved.", "Medida guardada.";
    RecentMeasurements => "Recent measurements", "Medidas recientes";
    DeleteMeasurement => "Delete", "Borrar";
    DeleteMeasurementQuestion => "Delete this measurement?", "¿Borrar esta medida?";
    DeleteMeasurementYes => "Yes, delete it", "Sí, borrarla";
    MeasurementDeleted => "Measurement deleted.", "Medida borrada.";
    NoMeasurementsYet => "No measurements yet.", "Aún no hay medidas.";
    CheckInFromToday => "How are you? Check in, or log a measurement", "¿Cómo está? Anote cómo se siente o una medida";
}

pub use tend_core::medication::UNITS;

/// Whether `unit` is `known` (an English plural of [`UNITS`]) in either language and number.
pub fn unit_is(unit: &str, known: &str) -> bool {
    unit_text(Lang::En, false, unit) == known
}

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

/// How a date or time is written: the `Intl.DateTimeFormat` fields asked for.
type Fields = &'static [(&'static str, &'static str)];

thread_local! {
    /// Made once per language and shape: a new `Intl.DateTimeFormat` costs far more than formatting with one
    /// (the first one on a page loads the locale's data), and Today and History format many times per draw.
    static FORMATTERS: std::cell::RefCell<Vec<(Lang, Fields, js_sys::Function)>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn formatter(lang: Lang, fields: Fields) -> js_sys::Function {
    FORMATTERS.with_borrow_mut(|made| {
        if let Some((_, _, format)) = made.iter().find(|(l, f, _)| *l == lang && *f == fields) {
            return format.clone();
        }
        let options = Object::new();
        for (key, value) in fields.iter().chain(&[("timeZone", "UTC")]) {
            let _ = Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value));
        }
        let locales = js_sys::Array::of1(&JsValue::from_str(lang.code()));
        let format = js_sys::Intl::DateTimeFormat::new(&locales, &options).format();
        made.push((lang, fields, format.clone()));
        format
    })
}

fn intl_format(lang: Lang, millis: f64, fields: Fields) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(millis));
    formatter(lang, fields)
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
