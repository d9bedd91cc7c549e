//! Reminders that reach a closed app (docs/push.md): while sync is on and notifications are allowed, this
//! device subscribes to Web Push with the server's key and keeps its plan of reminders for the next 14 days at
//! the server, each message sealed for this browser's subscription (RFC 8291), so the server learns when a
//! reminder is due, never what it is for. A dose acted on anywhere cancels its reminders on every device of the
//! space, by a token only the space's devices can make (`tend_core::keys::cancel_token`).

use super::api::{self, PushItem};
use super::{link, Link, SyncError};
use crate::crypto;
use crate::i18n::{use_lang, Lang, Text, S};
use crate::reminders::{notification, Shown};
use crate::state::{use_state, AppState, LoadState};
use crate::zone_rules::IntlRules;
use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use serde_json::json;
use std::cell::Cell;
use std::hash::{DefaultHasher, Hash, Hasher};
use tend_core::dataset::ZoneContext;
use tend_core::keys::cancel_token;
use tend_core::reminder::{acted_since, plan, Reminder};
use tend_core::webpush::Sealer;
use tend_core::Dataset;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const bytes = (b64) => Uint8Array.from(atob(b64.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
const b64 = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
// This browser's subscription for the server's key (a new one if the key changed), as JSON; null where the
// browser has no Web Push.
export async function subscribe(key) {
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) return null;
  const registration = await navigator.serviceWorker.ready;
  const wanted = bytes(key);
  let subscription = await registration.pushManager.getSubscription();
  const current = subscription && subscription.options.applicationServerKey;
  const same = current && b64(current) === b64(wanted);
  if (subscription && !same) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ||= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: wanted });
  return JSON.stringify({ endpoint: subscription.endpoint, p256dh: b64(subscription.getKey("p256dh")), auth: b64(subscription.getKey("auth")) });
}
export async function unsubscribe() {
  const registration = "serviceWorker" in navigator && (await navigator.serviceWorker.getRegistration());
  const subscription = registration && (await registration.pushManager.getSubscription());
  if (subscription) await subscription.unsubscribe();
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn subscribe(key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn unsubscribe() -> Result<JsValue, JsValue>;
}

/// How far ahead reminders are planned; opening the app plans again.
const PLAN_DAYS: i64 = 14;
/// The most the server keeps per device (the first ones, in time order).
const MOST_ITEMS: usize = 1000;
/// The most tokens one cancel request carries.
const CANCEL_BATCH: usize = 100;
/// A reminder's message is dropped this long after its fire time at the latest (the server's limit is a day).
const LONGEST_LIFE: Duration = Duration::hours(23);
/// A dose acted on more than this long after it was due has no reminders left to cancel.
const CANCEL_WINDOW: Duration = Duration::days(3);
/// Waits for a burst of changes to end before planning again.
const SETTLE: std::time::Duration = std::time::Duration::from_secs(2);
const OFF_KEY: &str = "tend.pushOff";
const DISCREET_KEY: &str = "tend.pushDiscreet";
/// The subscription's endpoint the server has, and for which space.
const REGISTERED_KEY: &str = "tend.pushRegistered";
/// A fingerprint of the plan the server has, so an unchanged plan is not sealed and sent again.
const PLANNED_KEY: &str = "tend.pushPlanned";
/// The newest dose record whose reminders were cancelled.
const CANCELLED_TO_KEY: &str = "tend.pushCancelledTo";
/// The event that asks for planning again (a setting or the notification permission changed).
const REPLAN_EVENT: &str = "tend:push";

/// Where planning stands, for Settings.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum PushStatus {
    #[default]
    Idle,
    /// This many reminders are at the server, the last of them at that time.
    Planned(usize, Option<DateTime<Utc>>),
    /// This browser has no Web Push.
    Unsupported,
    /// The server could not be reached or refused; tried again at the next change or opening.
    Failed,
}

thread_local! {
    static STATUS: RwSignal<PushStatus> = RwSignal::new(PushStatus::Idle);
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    /// Whether this page has sent its plan: the first planning of a page sends it even if unchanged.
    static SENT: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
}

pub fn status() -> RwSignal<PushStatus> {
    STATUS.with(|s| *s)
}

/// Whether the person wants reminders sent through their server (on unless turned off).
pub fn wanted() -> bool {
    crate::prefs::stored(OFF_KEY).is_none()
}

/// Whether the lock screen shows only "Time for your medicine".
pub fn discreet() -> bool {
    crate::prefs::stored(DISCREET_KEY).is_some()
}

pub fn set_wanted(on: bool) {
    crate::prefs::store(OFF_KEY, (!on).then_some("1"));
    replan();
}

pub fn set_discreet(on: bool) {
    crate::prefs::store(DISCREET_KEY, on.then_some("1"));
    replan();
}

/// Plans again soon: after a setting, the notification permission or the sync link changed.
pub fn replan() {
    if let Ok(event) = web_sys::Event::new(REPLAN_EVENT) {
        let _ = window().dispatch_event(&event);
    }
}

/// Keeps the plan at the server: on opening, after every change to the records, and when asked. Called once
/// per page, by the extras.
pub fn start() {
    let state = use_state();
    let lang = use_lang();
    let pending: StoredValue<Option<TimeoutHandle>> = StoredValue::new(None);
    let soon = move |opening: bool| {
        if let Some(timer) = pending.get_value() {
            timer.clear();
        }
        let run = move || spawn_local(run(state, lang.get_untracked()));
        let wait = if opening {
            std::time::Duration::ZERO
        } else {
            SETTLE
        };
        pending.set_value(set_timeout_with_handle(run, wait).ok());
    };
    Effect::new(move |opened: Option<bool>| {
        state.data.track();
        lang.track();
        if state.load.get() != LoadState::Ready {
            return false;
        }
        soon(opened != Some(true));
        true
    });
    let handle = window_event_listener_untyped(REPLAN_EVENT, move |_| soon(false));
    on_cleanup(move || handle.remove());
}

/// One planning at a time; a request during one runs once more after it.
async fn run(state: AppState, lang: Lang) {
    if RUNNING.with(|r| r.replace(true)) {
        AGAIN.with(|a| a.set(true));
        return;
    }
    loop {
        let outcome = refresh(state, lang).await;
        status().set(outcome.unwrap_or(PushStatus::Failed));
        if !AGAIN.with(|a| a.replace(false)) {
            break;
        }
    }
    RUNNING.with(|r| r.set(false));
}

async fn refresh(state: AppState, lang: Lang) -> Result<PushStatus, SyncError> {
    let Some(link) = link() else {
        return Ok(PushStatus::Idle);
    };
    if !wanted() || crate::pwa::permission() != "granted" {
        forget(&link).await;
        return Ok(PushStatus::Idle);
    }
    let key = api::push_key().await?;
    let Some(subscription) = subscription(&key).await? else {
        return Ok(PushStatus::Unsupported);
    };
    let registered = format!("{}|{}", api::b64(&link.device.space), subscription.endpoint);
    if crate::prefs::stored(REGISTERED_KEY).as_deref() != Some(registered.as_str()) {
        api::push_subscribe(&link.device, &subscription.endpoint).await?;
        crate::prefs::store(REGISTERED_KEY, Some(&registered));
        crate::prefs::store(PLANNED_KEY, None);
    }
    let space_key = crypto::export(&link.key).await?;
    let now = crate::clock::now();
    cancel_acted(&state, &link, &space_key, now).await?;
    let messages = state
        .data
        .with_untracked(|d| messages(d, &state.zone(), lang, now, &link, &space_key));
    let last = messages.last().map(|m| m.reminder.at);
    let fingerprint = fingerprint(&messages, &registered);
    let unchanged = crate::prefs::stored(PLANNED_KEY).as_deref() == Some(fingerprint.as_str());
    if !unchanged || !SENT.get() {
        let items = sealed(&messages, &subscription)?;
        api::push_plan(&link.device, &items).await?;
        crate::prefs::store(PLANNED_KEY, Some(&fingerprint));
        SENT.set(true);
    }
    Ok(PushStatus::Planned(messages.len(), last))
}

/// A browser's push subscription: where its push service takes messages, and the keys they are sealed with.
#[derive(Deserialize)]
struct Subscription {
    endpoint: String,
    p256dh: String,
    auth: String,
}

/// `None` where the browser has no Web Push; an error where it has, but subscribing failed (its push service
/// could not be reached, say).
async fn subscription(key: &str) -> Result<Option<Subscription>, SyncError> {
    let answer = subscribe(key)
        .await
        .map_err(|_| SyncError::Api(api::ApiError::Unreachable))?;
    let Some(json) = answer.as_string() else {
        return Ok(None);
    };
    serde_json::from_str(&json)
        .map(Some)
        .map_err(|_| SyncError::Crypto)
}

/// Stops reminders through the server for this device (best effort: a server that cannot be reached now drops
/// the plan when the subscription expires or the device is removed).
pub(super) async fn forget(link: &Link) {
    if crate::prefs::stored(REGISTERED_KEY).is_none() {
        return;
    }
    if api::push_unsubscribe(&link.device).await.is_ok() {
        crate::prefs::store(REGISTERED_KEY, None);
        crate::prefs::store(PLANNED_KEY, None);
    }
    let _ = unsubscribe().await;
}

/// Cancels, on every device, the reminders of doses acted on since the last look (the first look only notes
/// the time: nothing older was planned by this device).
async fn cancel_acted(
    state: &AppState,
    link: &Link,
    space_key: &[u8],
    now: DateTime<Utc>,
) -> Result<(), SyncError> {
    let Some(since) = crate::prefs::stored_instant(CANCELLED_TO_KEY) else {
        crate::prefs::store_instant(CANCELLED_TO_KEY, now);
        return Ok(());
    };
    let (doses, newest) = state.data.with_untracked(|d| acted_since(d, since));
    let recent = (now - CANCEL_WINDOW).naive_utc();
    let tokens: Vec<[u8; 32]> = doses
        .iter()
        .filter(|k| k.slot > recent)
        .map(|k| cancel_token(space_key, &link.device.space, k))
        .collect();
    for batch in tokens.chunks(CANCEL_BATCH) {
        api::push_cancel(&link.device, batch).await?;
    }
    if let Some(newest) = newest {
        crate::prefs::store_instant(CANCELLED_TO_KEY, newest);
    }
    Ok(())
}

/// A planned reminder, its dose's cancel token and the message its notification carries.
struct Message {
    reminder: Reminder,
    cancel: [u8; 32],
    text: String,
}

/// The reminders of the next two weeks and their messages; each carries its dose's token, for the worker's
/// Taken and Snooze to cancel the rest.
fn messages(
    data: &Dataset,
    zone: &str,
    lang: Lang,
    now: DateTime<Utc>,
    link: &Link,
    space_key: &[u8],
) -> Vec<Message> {
    let zones = ZoneContext::recorded(data, zone);
    let mut planned = plan(
        data,
        &zones,
        &IntlRules,
        now,
        now + Duration::days(PLAN_DAYS),
        now,
    )
    .unwrap_or_default();
    planned.truncate(MOST_ITEMS);
    let origin = window().location().origin().unwrap_or_default();
    planned
        .into_iter()
        .filter_map(|reminder| {
            let shown = notification(data, &reminder, lang, zone)?;
            let cancel = cancel_token(space_key, &link.device.space, &reminder.occurrence.key);
            let mut text = payload(shown, &origin, lang);
            text["tend"]["cancel"] = api::b64(&cancel).into();
            Some(Message {
                reminder,
                cancel,
                text: text.to_string(),
            })
        })
        .collect()
}

/// The message: the notification in Declarative Web Push's form (Safari shows it as it is; `mutable` lets the
/// worker show its own, with the dose for its Taken and Snooze). In the discreet mode nothing in it names a
/// medicine or a person.
fn payload(shown: Shown, origin: &str, lang: Lang) -> serde_json::Value {
    let Shown { title, options } = shown;
    let dose = &options["data"];
    let open = format!(
        "{origin}/dose/{}/{}",
        dose["schedule_id"].as_str().unwrap_or_default(),
        dose["slot"].as_str().unwrap_or_default()
    );
    let (title, body) = if discreet() {
        (
            S::PushDiscreetTitle.get(lang).to_owned(),
            S::PushDiscreetBody.get(lang).to_owned(),
        )
    } else {
        (title, options["body"].as_str().unwrap_or_default().to_owned())
    };
    let actions: Vec<serde_json::Value> = options["actions"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| json!({ "action": a["action"], "title": a["title"], "navigate": open }))
        .collect();
    json!({
        "web_push": 8030,
        "mutable": true,
        "notification": {
            "title": title, "body": body, "navigate": open, "lang": options["lang"], "tag": options["tag"],
            "silent": options["silent"], "timestamp": options["timestamp"], "actions": actions,
        },
        "tend": { "dose": dose, "renotify": options["renotify"] },
    })
}

/// What the server has must change when any reminder, its message, the subscription or the space does.
fn fingerprint(messages: &[Message], registered: &str) -> String {
    let mut hasher = DefaultHasher::new();
    registered.hash(&mut hasher);
    for m in messages {
        (
            m.reminder.at.timestamp_millis(),
            m.reminder.cutoff.timestamp_millis(),
            &m.text,
        )
            .hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

/// Each message sealed for the subscription, with one sender key for the whole plan and a salt of its own.
fn sealed(messages: &[Message], subscription: &Subscription) -> Result<Vec<PushItem>, SyncError> {
    let ua_public = api::unb64(&subscription.p256dh)?;
    let auth = api::unb64(&subscription.auth)?;
    let one_time: [u8; 32] = crypto::random_bytes(32)?
        .try_into()
        .map_err(|_| SyncError::Crypto)?;
    let sealer = Sealer::new(&ua_public, &auth, &one_time).map_err(|_| SyncError::Crypto)?;
    let salts = crypto::random_bytes(16 * messages.len())?;
    messages
        .iter()
        .zip(salts.chunks_exact(16))
        .map(|(m, salt)| {
            let salt: &[u8; 16] = salt.try_into().map_err(|_| SyncError::Crypto)?;
            let body = sealer
                .seal(m.text.as_bytes(), salt)
                .map_err(|_| SyncError::Crypto)?;
            let fire_at = m.reminder.at.timestamp_millis();
            let expires = m
                .reminder
                .cutoff
                .min(m.reminder.at + LONGEST_LIFE)
                .timestamp_millis();
            Ok(PushItem {
                fire_at,
                expires: expires.max(fire_at),
                topic: api::b64(&m.cancel[..24]),
                cancel: m.cancel,
                body,
            })
        })
        .collect()
}
