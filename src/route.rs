//! Every place in the app, declared once: read from the address bar, written into links, and matched to the
//! screen that draws it. A path nobody knows is [`Route::NotFound`], never an error.

use chrono::NaiveDateTime;
use tend_core::wire_time::WireText;
use tend_core::Id;

#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    Today,
    Medicines,
    NewMedicine,
    EditMedicine(Id),
    History,
    Profiles,
    Settings,
    Learn,
    Article(String),
    Stories,
    Story(String),
    ShareStory,
    /// Community stories' moderation, for the moderators a server's administrator made (reached by its link).
    Moderate,
    /// The doctor-visit report.
    Report,
    /// Goals, check-ins and measurements.
    Health,
    /// The one-tap confirm screen a reminder opens: `/dose/<schedule>/<slot>` (public/sw.js writes it).
    Dose {
        schedule: Id,
        slot: NaiveDateTime,
    },
    NotFound(String),
}

impl Route {
    /// The route of an address-bar path (without query or fragment).
    pub fn parse(path: &str) -> Route {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let parsed = match segments.as_slice() {
            [""] | ["index.html"] => Some(Route::Today),
            ["medicines"] => Some(Route::Medicines),
            ["medicines", "new"] => Some(Route::NewMedicine),
            ["medicines", id] => Id::parse(id).ok().map(Route::EditMedicine),
            ["history"] => Some(Route::History),
            ["profiles"] => Some(Route::Profiles),
            ["settings"] => Some(Route::Settings),
            ["learn"] => Some(Route::Learn),
            ["learn", id] => Some(Route::Article((*id).to_owned())),
            ["stories"] => Some(Route::Stories),
            ["stories", "share"] => Some(Route::ShareStory),
            ["stories", id] => Some(Route::Story((*id).to_owned())),
            ["moderate"] => Some(Route::Moderate),
            ["report"] => Some(Route::Report),
            ["health"] => Some(Route::Health),
            ["dose", schedule, slot] => dose(schedule, slot),
            _ => None,
        };
        parsed.unwrap_or_else(|| Route::NotFound(path.to_owned()))
    }

    /// The path that [`Route::parse`] reads back as this route.
    pub fn path(&self) -> String {
        match self {
            Route::Today => "/".into(),
            Route::Medicines => "/medicines".into(),
            Route::NewMedicine => "/medicines/new".into(),
            Route::EditMedicine(id) => format!("/medicines/{id}"),
            Route::History => "/history".into(),
            Route::Profiles => "/profiles".into(),
            Route::Settings => "/settings".into(),
            Route::Learn => "/learn".into(),
            Route::Article(id) => format!("/learn/{id}"),
            Route::Stories => "/stories".into(),
            Route::Story(id) => format!("/stories/{id}"),
            Route::ShareStory => "/stories/share".into(),
            Route::Moderate => "/moderate".into(),
            Route::Report => "/report".into(),
            Route::Health => "/health".into(),
            // Debug writes the stored form, 2026-03-29T07:30:00, which needs no escaping in a path.
            Route::Dose { schedule, slot } => format!("/dose/{schedule}/{slot:?}"),
            Route::NotFound(path) => path.clone(),
        }
    }

    /// Where the tab bar marks this route as current: a screen's own tab, or More for the places under it.
    pub fn section(&self) -> Route {
        match self {
            Route::NewMedicine | Route::EditMedicine(_) => Route::Medicines,
            Route::Article(_) => Route::Learn,
            Route::Story(_) | Route::ShareStory => Route::Stories,
            other => other.clone(),
        }
    }
}

/// A reminder's dose: the schedule and the slot, which the service worker URI-encodes (`:` as `%3A`).
fn dose(schedule: &str, slot: &str) -> Option<Route> {
    let slot = slot.replace("%3A", ":").replace("%3a", ":");
    Some(Route::Dose {
        schedule: Id::parse(schedule).ok()?,
        slot: NaiveDateTime::read(&slot)?,
    })
}
