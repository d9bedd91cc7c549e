//! Every place in the app, as one typed value: parsed from the address bar once, turned back into an address
//! by the same table, so a route is never written twice.

use chrono::NaiveDateTime;
use tend_core::Id;

/// A dose's slot in a confirm address, as the service worker writes it (`/dose/<schedule>/<slot>`).
pub const SLOT_FORMAT: &str = "%Y-%m-%dT%H:%M:%S";

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
    ShareStory,
    Story(String),
    /// The one-tap confirm screen a reminder notification opens.
    ConfirmDose {
        schedule: Id,
        at: NaiveDateTime,
    },
    NotFound,
}

impl Route {
    pub fn parse(path: &str) -> Route {
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        match segments.as_slice() {
            [""] | ["index.html"] => Route::Today,
            ["medicines"] => Route::Medicines,
            ["medicines", "new"] => Route::NewMedicine,
            ["medicines", id] => Id::parse(id).map_or(Route::NotFound, Route::EditMedicine),
            ["history"] => Route::History,
            ["profiles"] => Route::Profiles,
            ["settings"] => Route::Settings,
            ["learn"] => Route::Learn,
            ["learn", id] if !id.is_empty() => Route::Article((*id).into()),
            ["stories"] => Route::Stories,
            ["stories", "share"] => Route::ShareStory,
            ["stories", id] if !id.is_empty() => Route::Story((*id).into()),
            ["dose", schedule, slot] => confirm_dose(schedule, slot).unwrap_or(Route::NotFound),
            _ => Route::NotFound,
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::Today | Route::NotFound => "/".into(),
            Route::Medicines => "/medicines".into(),
            Route::NewMedicine => "/medicines/new".into(),
            Route::EditMedicine(id) => format!("/medicines/{id}"),
            Route::History => "/history".into(),
            Route::Profiles => "/profiles".into(),
            Route::Settings => "/settings".into(),
            Route::Learn => "/learn".into(),
            Route::Article(id) => format!("/learn/{id}"),
            Route::Stories => "/stories".into(),
            Route::ShareStory => "/stories/share".into(),
            Route::Story(id) => format!("/stories/{id}"),
            Route::ConfirmDose { schedule, at } => {
                format!("/dose/{schedule}/{}", at.format(SLOT_FORMAT))
            }
        }
    }

    /// The tab or menu entry a route belongs to, for marking it current.
    pub fn place(&self) -> Route {
        match self {
            Route::NewMedicine | Route::EditMedicine(_) => Route::Medicines,
            Route::Article(_) => Route::Learn,
            Route::ShareStory | Route::Story(_) => Route::Stories,
            Route::ConfirmDose { .. } | Route::NotFound => Route::Today,
            other => other.clone(),
        }
    }
}

fn confirm_dose(schedule: &str, slot: &str) -> Option<Route> {
    // The worker encodes the slot's colons.
    let slot = slot.replace("%3A", ":").replace("%3a", ":");
    Some(Route::ConfirmDose {
        schedule: Id::parse(schedule).ok()?,
        at: NaiveDateTime::parse_from_str(&slot, SLOT_FORMAT).ok()?,
    })
}
