//! The app's state, one owner of the records for the whole page: the records in memory, mirrored to IndexedDB
//! one transaction per action, kept in step with other open tabs through a BroadcastChannel.

use crate::clock;
use crate::i18n::{Message, Text, T};
use crate::notices::storage_problem;
use crate::storage::{Change, Quarantined, StorageError, Store, SYNC};
use crate::zone_rules::{device_zone, IntlRules};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use tend_core::hlc::{Hlc, HlcClock};
use tend_core::medication::{DoseRules, Profile};
use tend_core::record::Meta;
use tend_core::zone::zone_changes_due;
use tend_core::{Dataset, Id, Kind};
use wasm_bindgen::prelude::*;

const CHANNEL: &str = "tend-data";

/// The dose events read at start, by the time they were recorded: Today (the person's day, which began at most
/// 24 hours ago, with doses logged early or corrected late), reminders and catch-up (a week back) need no more;
/// `Dataset::events_needed_from` adds what stock counted long ago needs. History and backups ask for all of
/// them ([`AppState::read_everything`]).
const RECENT_DAYS: i64 = 7;

#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
    Loading,
    Ready,
    /// Storage cannot be used; the app still works for this visit and says that nothing is kept.
    Unsaved(Message),
}

/// A message for the person: an error (with what to do) or a confirmation.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Error(Message),
    Info(Message),
}

/// What the channel calls with another tab's message.
type OnMessage = Closure<dyn FnMut(web_sys::MessageEvent)>;

#[derive(Clone, Copy)]
pub struct AppState {
    pub data: RwSignal<Dataset>,
    pub load: RwSignal<LoadState>,
    pub notice: RwSignal<Option<Notice>>,
    pub quarantined: RwSignal<Vec<Quarantined>>,
    /// Whose medicines are shown: one profile, or everyone.
    pub profile: RwSignal<Option<Id>>,
    /// The clock, ticking every 30 seconds so statuses move on.
    pub now: RwSignal<DateTime<Utc>>,
    /// The last dose event logged here, for Undo.
    pub undo: RwSignal<Option<Id>>,
    zone: StoredValue<String>,
    clock: StoredValue<HlcClock>,
    /// Whether every dose event is in memory, not only the last [`RECENT_DAYS`] (see [`AppState::read_everything`]).
    pub everything: RwSignal<bool>,
    everything_wanted: StoredValue<bool>,
    /// Counts the actions stored, for sync to send them soon after.
    pub saved: RwSignal<u64>,
    /// Counts changes merged in memory, so a reload that read storage meanwhile knows it is out of date.
    merged: StoredValue<u64>,
    store: StoredValue<Option<Rc<Store>>, LocalStorage>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
    /// Kept while the app is mounted (the channel is closed when it goes).
    on_message: StoredValue<Option<OnMessage>, LocalStorage>,
}

pub fn use_state() -> AppState {
    expect_context::<AppState>()
}

/// Ten random bytes for a new id (ids need to be unique, not secret).
pub(crate) fn random_bytes() -> [u8; 10] {
    let mut bytes = [0u8; 10];
    for byte in &mut bytes {
        *byte = (js_sys::Math::random() * 256.0) as u8;
    }
    bytes
}

fn random_node() -> u64 {
    (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64
}

impl AppState {
    /// Creates the state and starts loading from storage.
    pub fn start() -> Self {
        let state = AppState {
            data: RwSignal::new(Dataset::default()),
            load: RwSignal::new(LoadState::Loading),
            notice: RwSignal::new(None),
            quarantined: RwSignal::new(Vec::new()),
            profile: RwSignal::new(crate::prefs::saved_profile()),
            now: RwSignal::new(clock::now()),
            undo: RwSignal::new(None),
            zone: StoredValue::new(device_zone()),
            clock: StoredValue::new(HlcClock::new(random_node())),
            everything: RwSignal::new(false),
            everything_wanted: StoredValue::new(false),
            saved: RwSignal::new(0),
            merged: StoredValue::new(0),
            store: StoredValue::new_local(None),
            channel: StoredValue::new_local(None),
            on_message: StoredValue::new_local(None),
        };
        let now = state.now;
        let ticking =
            set_interval_with_handle(move || now.set(clock::now()), std::time::Duration::from_secs(30));
        let channel = state.channel;
        on_cleanup(move || {
            if let Ok(ticking) = ticking {
                ticking.clear();
            }
            if let Some(Some(channel)) = channel.try_get_value() {
                channel.close();
            }
        });
        spawn_local(state.open());
        state
    }

    pub fn zone(&self) -> String {
        self.zone.get_value()
    }

    /// The wall-clock time of an instant where the person is. Every local date and time the app shows or uses
    /// comes from here (or from `today`), never from the UTC date: at 21:00 in New York it is already tomorrow
    /// in UTC.
    pub fn local_time(&self, at: DateTime<Utc>) -> NaiveDateTime {
        tend_core::zone::local_at(&IntlRules, &self.zone(), at)
            .map_or(at.naive_utc(), |resolved| resolved.local)
    }

    /// The person's date now, moving on with the `now` signal (so memos that read it follow midnight).
    pub fn today(&self) -> NaiveDate {
        self.local_time(self.now.get().max(clock::now())).date()
    }

    async fn open(self) {
        match Store::open().await {
            Ok(store) => {
                self.store.set_value(Some(Rc::new(store)));
                self.listen_to_other_tabs();
                self.reload().await;
            }
            Err(error) => {
                self.data.update(|data| {
                    data.merge(&self.first_profile_change());
                });
                self.everything.set(true);
                self.listen_to_other_tabs();
                self.load.set(LoadState::Unsaved(storage_problem(&error)));
            }
        }
    }

    /// Makes every dose event available, reading them once: at once when storage is open, with the first read
    /// when it is still opening; when nothing can be stored, memory already holds everything there is.
    pub fn read_everything(self) {
        if self.everything_wanted.get_value() {
            return;
        }
        self.everything_wanted.set_value(true);
        if self.store.get_value().is_some() {
            spawn_local(self.reload());
        } else if self.load.get_untracked() != LoadState::Loading {
            self.everything.set(true);
        }
    }

    /// Reads the records from storage (at start, and when another tab changed something): the recent dose
    /// events, or all of them once asked for. A device with no person yet gets one before the app says it is
    /// ready, so the first action always has someone to belong to.
    async fn reload(self) {
        let Some(store) = self.store.get_value() else {
            return;
        };
        let merged_before = self.merged.get_value();
        let everything = self.everything_wanted.get_value();
        let doses_from = (!everything).then(|| clock::now() - chrono::Duration::days(RECENT_DAYS));
        let loaded = store.load(doses_from).await;
        // Another tab may have turned sync on or off: from now on this tab's writes are queued for it, or not.
        store.set_queueing(matches!(store.meta_value(SYNC).await, Ok(Some(_))));
        // Something was saved or received while reading, or all events were asked for: read again, so
        // nothing is overwritten with less.
        if self.merged.get_value() != merged_before || self.everything_wanted.get_value() != everything {
            return Box::pin(self.reload()).await;
        }
        match loaded {
            Ok(loaded) => {
                self.resume_clock(&store, &loaded.data).await;
                let mut data = loaded.data;
                if data.profiles.iter().all(|p| p.meta.deleted) {
                    let change = self.first_profile_change();
                    match store.apply(&change).await {
                        Ok(()) => {
                            data.merge(&change);
                            self.send_records(change);
                        }
                        Err(error) => self.notice.set(Some(Notice::Error(storage_problem(&error)))),
                    }
                }
                self.quarantined.set(loaded.quarantined);
                self.data.set(data);
                if everything && !self.everything.get_untracked() {
                    self.everything.set(true);
                }
                // Set only on a change: a reload for another tab's write must not redraw what depends on it.
                if self.load.get_untracked() != LoadState::Ready {
                    self.load.set(LoadState::Ready);
                }
                mark("tend-data-loaded");
            }
            Err(error) => self.load.set(LoadState::Unsaved(storage_problem(&error))),
        }
    }

    /// Records the device's zone for each person whose last recorded zone differs (first use, or travel), so
    /// follow-local medicines keep past doses at the times they were due where the person was.
    pub fn record_zone_change(self) {
        let zone = self.zone();
        let changes = self
            .data
            .with_untracked(|d| zone_changes_due(d, &zone, clock::now(), |person| self.meta(person)));
        if !changes.is_empty() {
            self.save(
                Change {
                    zone_changes: changes,
                    ..Change::default()
                },
                None::<T>,
            );
        }
    }

    /// Continues the clock after the newest stamp stored, with this device's node id.
    async fn resume_clock(self, store: &Store, data: &Dataset) {
        let node = match store
            .meta_get("node")
            .await
            .ok()
            .flatten()
            .and_then(|n| n.parse().ok())
        {
            Some(node) => node,
            None => {
                let node = random_node();
                let _ = store.meta_set("node", &node.to_string()).await;
                node
            }
        };
        self.clock.set_value(HlcClock::resume(node, data.newest_stamp()));
    }

    fn listen_to_other_tabs(self) {
        let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
            return;
        };
        // A record: merge it (the sender has stored it). "changed": read everything again (imports, deletions).
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let message = event.data().dyn_into::<js_sys::Uint8Array>().ok();
                match message.and_then(|bytes| sent_record(&bytes.to_vec())) {
                    Some(change) => {
                        // The sender shares this device's node: stay ahead of its stamps.
                        let now = clock::now().timestamp_millis().max(0) as u64;
                        for stamp in change.metas().map(|m| m.stamp) {
                            self.clock.update_value(|c| {
                                let _ = c.observe(stamp, now);
                            });
                        }
                        self.merge_in_memory(&change);
                    }
                    None => spawn_local(self.reload()),
                }
            });
        channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        self.on_message.set_value(Some(on_message));
        self.channel.set_value(Some(channel));
    }

    /// A fresh record header for `profile_id`.
    pub fn meta(&self, profile_id: Id) -> Meta {
        Meta {
            id: self.new_id(),
            profile_id,
            stamp: self.stamp(),
            deleted: false,
        }
    }

    pub fn new_id(&self) -> Id {
        Id::v7(clock::now().timestamp_millis().max(0) as u64, random_bytes())
    }

    /// A new HLC stamp, for a new record or a new version of one.
    pub fn stamp(&self) -> Hlc {
        let mut stamp = Hlc::default();
        self.clock
            .update_value(|c| stamp = c.tick(clock::now().timestamp_millis().max(0) as u64));
        stamp
    }

    /// Saves one action in one transaction. The screen shows the change at once (a tap must answer within a
    /// frame); if the write fails, the records are read back from storage, so the screen never shows what was
    /// not kept, and the person is told what happened.
    pub fn save(self, change: Change, done: Option<impl Text>) {
        self.merge_in_memory(&change);
        spawn_local(async move {
            let stored = match self.store.get_value() {
                Some(store) => store.apply(&change).await,
                None => Ok(()),
            };
            match stored {
                Ok(()) => {
                    self.notice.set(done.map(info));
                    self.send_records(change);
                    self.saved.update(|n| *n += 1);
                }
                Err(error) => {
                    self.notice.set(Some(Notice::Error(storage_problem(&error))));
                    self.reload().await;
                }
            }
        });
    }

    /// Runs a storage operation that replaces data wholesale (import, delete), then reloads.
    pub fn replace<F, Fut>(self, operation: F, done: impl Text)
    where
        F: FnOnce(Rc<Store>) -> Fut + 'static,
        Fut: std::future::Future<Output = Result<(), StorageError>>,
    {
        spawn_local(async move {
            let Some(store) = self.store.get_value() else {
                self.notice
                    .set(Some(Notice::Error(storage_problem(&StorageError::Unavailable(
                        String::new(),
                    )))));
                return;
            };
            match operation(store).await {
                Ok(()) => {
                    self.reload().await;
                    self.notice.set(Some(info(done)));
                    self.tell_other_tabs();
                }
                Err(error) => self.notice.set(Some(Notice::Error(storage_problem(&error)))),
            }
        });
    }

    /// Sends each saved record, as its kind's index in [`Kind::ALL`] then its binary form, to the other tabs,
    /// which merge it rather than reading years of records again after every tap.
    fn send_records(&self, change: Change) {
        let Some(channel) = self.channel.get_value() else {
            return;
        };
        for kind in Kind::ALL {
            let records = change.records(kind);
            for i in 0..records.len() {
                let mut message = vec![kind as u8];
                message.extend(records.to_bytes(i));
                let _ = channel.post_message(&js_sys::Uint8Array::from(&message[..]));
            }
        }
    }

    /// The open storage, if it opened.
    pub fn store(&self) -> Option<Rc<Store>> {
        self.store.get_value()
    }

    /// Merges what sync read from the space's log into memory (`merge` answers the versions that won), keeps the
    /// clock ahead of their stamps, and sends them to the other tabs. Answers the versions that won. The screens
    /// are not told until [`show_synced`](AppState::show_synced), so that a first sync of years of history,
    /// page after page, is drawn once.
    pub fn merge_synced(&self, merge: impl FnOnce(&mut Dataset) -> Change) -> Change {
        self.merged.update_value(|n| *n += 1);
        let won = self.data.try_update_untracked(merge).unwrap_or_default();
        let now = clock::now().timestamp_millis().max(0) as u64;
        self.clock.update_value(|c| {
            for stamp in won.metas().map(|m| m.stamp) {
                let _ = c.observe(stamp, now);
            }
        });
        self.send_records(won.clone());
        won
    }

    /// Draws what [`merge_synced`](AppState::merge_synced) merged.
    pub fn show_synced(&self) {
        self.data.notify();
    }

    /// Tells the other tabs to read everything again (after an import, a deletion, sync turned on or off).
    pub fn tell_other_tabs(&self) {
        if let Some(channel) = self.channel.get_value() {
            let _ = channel.post_message(&JsValue::from_str("changed"));
        }
    }

    fn merge_in_memory(&self, change: &Change) {
        self.merged.update_value(|n| *n += 1);
        self.data.update(|data| {
            data.merge(change);
        });
    }

    /// A new person; a profile is its own owner, so its profile id is its id.
    pub fn new_profile(&self, name: String, colour: String) -> Profile {
        let id = self.new_id();
        Profile {
            meta: Meta {
                id,
                profile_id: id,
                stamp: self.stamp(),
                deleted: false,
            },
            name,
            colour,
            conditions: vec![],
            rules: DoseRules::default(),
            quiet_hours: None,
        }
    }

    fn first_profile_change(&self) -> Change {
        Change {
            // Named in the person's language; they can rename it in People.
            profiles: vec![self.new_profile(
                T::FirstPerson.get(crate::prefs::saved_lang()).into(),
                "#1d5c45".into(),
            )],
            ..Change::default()
        }
    }

    /// The profile new records go to: the one shown, or the first.
    pub fn target_profile(&self) -> Option<Id> {
        self.profile.get().or_else(|| {
            self.data
                .with(|d| d.profiles.iter().find(|p| !p.meta.deleted).map(|p| p.meta.id))
        })
    }

    /// Whether a record belongs to what is shown.
    pub fn shows(&self, profile_id: Id) -> bool {
        self.profile.get().is_none_or(|p| p == profile_id)
    }
}

fn info(text: impl Text) -> Notice {
    Notice::Info(Message::new(text))
}

/// One record sent by another tab (see `send_records`).
fn sent_record(message: &[u8]) -> Option<Change> {
    let (kind, bytes) = message.split_first()?;
    let mut change = Change::default();
    let kind = *Kind::ALL.get(usize::from(*kind))?;
    change.records_mut(kind).push_bytes(bytes).ok()?;
    Some(change)
}

/// A performance mark, for the browser benchmark (scripts/bench-app.mjs).
pub fn mark(name: &str) {
    if let Some(performance) = window().performance() {
        let _ = performance.mark(name);
    }
}
