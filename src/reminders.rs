//! Reminders while the app is open (in the extras chunk): a timer for the next planned reminder of every
//! person; at its time a notification through the service worker, with Taken and Snooze actions the worker
//! records even after the page is gone. Also keeps the app badge at the number of doses due now.
//! What falls due while the app is closed is asked about on opening (`pages::catch_up`).

use crate::i18n::{format_time, use_lang, Lang, S};
use crate::i18n::{Text, T};
use crate::pages::today::amount_text;
use crate::state::{use_state, AppState, LoadState};
use crate::zone_rules::IntlRules;
use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;
use tend_core::dataset::ZoneContext;
use tend_core::reminder::{plan, Reminder};
use tend_core::status::{visit, DoseStatus};
use tend_core::Dataset;

/// Reminders later than this after their time are left to the catch-up list instead.
const GRACE_SECONDS: i64 = 90;
const LAST_SHOWN_KEY: &str = "tend.lastReminder";

pub fn start() {
    let state = use_state();
    let lang = use_lang();
    let timer: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    Effect::new(move |_| {
        if state.load.get() != LoadState::Ready {
            return;
        }
        let now = state.now.get();
        let (upcoming, due_now) = state
            .data
            .with(|d| (upcoming(d, &state.zone(), now), due_count(d, &state.zone(), now)));
        crate::pwa::set_badge(due_now);
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        let last_shown = last_shown().max(now - Duration::seconds(GRACE_SECONDS));
        let due: Vec<Reminder> = upcoming
            .iter()
            .filter(|r| r.at > last_shown && r.at <= now)
            .cloned()
            .collect();
        if !due.is_empty() {
            remember_shown(now);
            state.data.with_untracked(|d| {
                due.iter()
                    .for_each(|r| notify(d, r, lang.get_untracked(), &state))
            });
        }
        // Wake at the next reminder; the 30-second clock covers anything planned after a change.
        if let Some(next) = upcoming.iter().find(|r| r.at > now) {
            let wait = (next.at - now).to_std().unwrap_or_default();
            timer.set_value(set_timeout_with_handle(move || state.now.set(crate::clock::now()), wait).ok());
        }
    });
}

fn upcoming(data: &Dataset, zone: &str, now: DateTime<Utc>) -> Vec<Reminder> {
    let zones = ZoneContext::recorded(data, zone);
    plan(
        data,
        &zones,
        &IntlRules,
        now - Duration::seconds(GRACE_SECONDS),
        now + Duration::days(1),
        now,
    )
    .unwrap_or_default()
}

/// Doses due now or late: the badge's number.
fn due_count(data: &Dataset, zone: &str, now: DateTime<Utc>) -> u32 {
    let zones = ZoneContext::recorded(data, zone);
    let mut count = 0;
    let _ = visit(
        data,
        &zones,
        &IntlRules,
        now - Duration::days(1),
        now + Duration::minutes(1),
        now,
        |_, status, _| {
            count += u32::from(matches!(status, DoseStatus::Due | DoseStatus::Late));
        },
    );
    count
}

fn notify(data: &Dataset, reminder: &Reminder, lang: Lang, state: &AppState) {
    if let Some(shown) = notification(data, reminder, lang, &state.zone()) {
        let _ = crate::pwa::show_notification(&shown.title, &shown.options.to_string());
    }
}

/// What a reminder shows: a title, and the options of `showNotification` (its `data` the dose, for the
/// worker's Taken and Snooze). Shown by this page, or sent through Web Push (`sync::push`).
pub struct Shown {
    pub title: String,
    pub options: serde_json::Value,
}

pub fn notification(data: &Dataset, reminder: &Reminder, lang: Lang, zone: &str) -> Option<Shown> {
    let o = &reminder.occurrence;
    let medication = data.medication(o.medication_id)?;
    let mut title = format!("{} {}", medication.name, medication.strength)
        .trim()
        .to_owned();
    if data.profiles.iter().filter(|p| !p.meta.deleted).count() > 1 {
        if let Some(person) = data.profile(o.profile_id) {
            title = format!("{title} · {}", person.name);
        }
    }
    let mut body = format!(
        "{} · {}",
        amount_text(lang, o.amount, &medication.unit),
        format_time(lang, o.local)
    );
    if !medication.instructions.is_empty() {
        body = format!("{body}\n{}", medication.instructions);
    }
    let options = serde_json::json!({
        "body": body,
        "tag": format!("dose:{}:{}", o.key.schedule_id, o.key.slot),
        "renotify": reminder.attempt > 0,
        "silent": reminder.quiet,
        "requireInteraction": true,
        "icon": "/icons/icon-192.png",
        "badge": "/icons/icon-192.png",
        "timestamp": o.due.timestamp_millis(),
        "lang": lang.code(),
        "actions": [
            { "action": "taken", "title": T::Taken.get(lang) },
            { "action": "snooze", "title": S::Snooze10.get(lang) },
        ],
        "data": {
            "profile_id": o.profile_id,
            "medication_id": o.medication_id,
            "schedule_id": o.key.schedule_id,
            "slot": o.key.slot,
            "amount": o.amount,
            "zone": zone,
        },
    });
    Some(Shown { title, options })
}

fn last_shown() -> DateTime<Utc> {
    crate::prefs::stored_instant(LAST_SHOWN_KEY).unwrap_or(DateTime::UNIX_EPOCH)
}

fn remember_shown(at: DateTime<Utc>) {
    crate::prefs::store_instant(LAST_SHOWN_KEY, at);
}
