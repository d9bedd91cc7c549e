//! The sync client (docs/sync.md, "The client"): turns sync on with a new recovery phrase or joins a space with
//! one, then keeps this device and the space's log in step. Outside the first load (the extras chunk starts it,
//! Settings drives it). A round sends the outbox, sealed, and merges the log after the cursor through the
//! app's one owner of the records ([`AppState::merge_synced`]); each page is stored in one transaction with the
//! outbox entries it gave back and the new cursor, so an interrupted round loses nothing and repeats nothing.

pub mod api;
pub mod lock;
pub mod push;

use crate::crypto::{self, PairingKey, PairingKeys, SpaceKey};
use crate::i18n::{Message, S};
use crate::state::{AppState, Notice};
use crate::storage::{Queued, StorageError, Store, SYNC, SYNC_CONFLICTS, SYNC_CURSOR, SYNC_KEY};
use api::{ApiError, Device};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::json;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::time::Duration;
use tend_core::keys::{self, Kdf, KDF_V1};
use tend_core::sync::{seal_plaintext, Incoming, Outgoing, PageReceived, SyncState};
pub use tend_core::sync::{Conflict, Keep};
use tend_core::{Change, Id, Kind};
use wasm_bindgen::JsValue;

/// Entries asked for per pull: the most the server allows, since each page costs a request and a transaction.
const PAGE: usize = 1000;
/// A push stays under the server's 500 records and 1 MiB.
const BATCH_RECORDS: usize = 500;
const BATCH_BYTES: usize = 700 * 1024;
/// How long after a save the round starts, so a burst of taps goes in one push.
const AFTER_SAVE: Duration = Duration::from_millis(150);
/// The Web Lock a round holds, so that one tab syncs at a time.
const SYNC_LOCK: &str = "tend-sync";
/// How long to wait before listening for pokes again after the stream failed.
const RECONNECT: Duration = Duration::from_secs(15);
/// The mutation id a device name is sealed under: no record has it.
const NAME_MUTATION: [u8; 16] = [0; 16];
/// A device's name until it names itself: shorter than any sealed name, so shown as "unnamed".
const UNNAMED: [u8; 1] = [0];

/// What the person sees of sync.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Status {
    pub on: bool,
    pub phase: Phase,
    pub last_synced: Option<DateTime<Utc>>,
    /// Changes made here and not yet back from the space's log.
    pub waiting: usize,
    /// Versions from other devices that did not open with the space key (left on the server).
    pub unreadable: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub enum Phase {
    #[default]
    Idle,
    /// A round under way: versions sent and received so far, and how many are to be sent and received.
    Syncing {
        sent: usize,
        to_send: usize,
        received: usize,
        to_receive: usize,
    },
    Failed(Message),
}

/// Why a step failed, in the person's words.
pub fn problem(error: &SyncError) -> Message {
    let text = match error {
        SyncError::Api(ApiError::Unreachable) => S::SyncUnreachable,
        SyncError::Api(ApiError::NoServer) => S::SyncNoServer,
        SyncError::Api(ApiError::Unauthorized) => S::SyncRemoved,
        SyncError::Api(ApiError::NotFound) | SyncError::WrongPhrase => S::SyncWrongPhrase,
        SyncError::Api(ApiError::Busy) => S::SyncBusy,
        SyncError::Api(ApiError::Exists | ApiError::Refused(_)) | SyncError::Crypto => S::SyncFailed,
        SyncError::Storage(error) => return crate::notices::storage_problem(error),
        SyncError::Newer => S::SyncNewerApp,
    };
    Message::new(text)
}

#[derive(Clone, Debug, PartialEq)]
pub enum SyncError {
    Api(ApiError),
    Storage(StorageError),
    /// The space key did not unwrap: another phrase.
    WrongPhrase,
    Crypto,
    /// A version from another device is in a form this app does not know yet.
    Newer,
}

impl From<ApiError> for SyncError {
    fn from(error: ApiError) -> Self {
        SyncError::Api(error)
    }
}

impl From<StorageError> for SyncError {
    fn from(error: StorageError) -> Self {
        SyncError::Storage(error)
    }
}

impl From<crypto::CryptoError> for SyncError {
    fn from(_: crypto::CryptoError) -> Self {
        SyncError::Crypto
    }
}

/// This device's link to its space: credentials and the space key.
struct Link {
    device: Device,
    key: SpaceKey,
}

/// The page's sync client: a handle views can hold; what only this thread may touch is in [`ROUNDS`].
#[derive(Clone)]
pub struct Client {
    state: AppState,
    /// Reference-counted, not owned by the screen that first asked for the client.
    pub status: ArcRwSignal<Status>,
    /// Concurrent edits found, for the person to settle (kept in storage until then).
    pub conflicts: ArcRwSignal<Vec<Conflict>>,
}

/// The page's one client (the extras start it; Settings may ask first).
pub fn client(state: AppState) -> Client {
    CLIENT.with(|c| c.borrow().clone()).unwrap_or_else(|| {
        let client = Client {
            state,
            status: ArcRwSignal::new(Status::default()),
            conflicts: ArcRwSignal::new(Vec::new()),
        };
        CLIENT.with(|c| *c.borrow_mut() = Some(client.clone()));
        client
    })
}

/// The link and the rounds' bookkeeping.
#[derive(Default)]
struct Rounds {
    link: RefCell<Option<Rc<Link>>>,
    running: Cell<bool>,
    again: Cell<bool>,
    /// Bumped to end the current poke stream (sync turned off, or a new one opened).
    stream: Cell<u64>,
}

thread_local! {
    /// The one client of the page: screens mounted later find the one the extras started.
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    static ROUNDS: Rounds = Rounds::default();
}

fn link() -> Option<Rc<Link>> {
    ROUNDS.with(|r| r.link.borrow().clone())
}

/// The link, for work that needs one: without it the device is not (or no longer) in a space.
fn linked() -> Result<Rc<Link>, SyncError> {
    link().ok_or(SyncError::Api(ApiError::Unauthorized))
}

fn set_link(link: Option<Link>) {
    let linked = link.is_some();
    ROUNDS.with(|r| *r.link.borrow_mut() = link.map(Rc::new));
    if linked {
        push::replan();
    }
}

fn stream() -> u64 {
    ROUNDS.with(|r| r.stream.get())
}

/// Ends the poke stream there is; answers the next stream's number.
fn next_stream() -> u64 {
    ROUNDS.with(|r| {
        r.stream.set(r.stream.get() + 1);
        r.stream.get()
    })
}

/// Starts syncing if this device is linked to a space: now, after saves, when the browser comes online or the
/// app is shown again, and when the server pokes. Called once per page, by the extras.
pub fn start(state: AppState) {
    let client = client(state);
    let after_save = client.clone();
    let pending: Rc<Cell<Option<TimeoutHandle>>> = Rc::default();
    Effect::new(move |previous: Option<u64>| {
        let saved = state.saved.get();
        if previous.is_some_and(|p| p != saved) {
            if let Some(timer) = pending.take() {
                timer.clear();
            }
            let client = after_save.clone();
            pending.set(set_timeout_with_handle(move || client.sync(), AFTER_SAVE).ok());
        }
        saved
    });
    for event in ["online", "visibilitychange"] {
        let client = client.clone();
        let handle = window_event_listener_untyped(event, move |event| {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                client.sync();
            }
            // Back online: listen again now, rather than when the failed stream's retry comes round.
            if event.type_() == "online" && link().is_some() {
                client.listen();
            }
        });
        on_cleanup(move || handle.remove());
    }
    spawn_local(async move {
        if client.resume().await {
            client.sync();
            client.listen();
        }
    });
}

impl Client {
    /// The page's storage, for work that cannot go on without it.
    fn store(&self) -> Result<Rc<crate::storage::Store>, SyncError> {
        self.state
            .store()
            .ok_or(SyncError::Storage(StorageError::Unavailable(String::new())))
    }

    /// Reads the link from storage; whether there is one.
    async fn resume(&self) -> bool {
        let Some(store) = self.state.store() else {
            return false;
        };
        let device = store
            .meta_get(SYNC)
            .await
            .ok()
            .flatten()
            .and_then(|d| device_of(&d));
        let key = store.meta_value(SYNC_KEY).await.ok().flatten();
        let (Some(device), Some(key)) = (device, key) else {
            return false;
        };
        let key = SpaceKey(wasm_bindgen::JsCast::unchecked_into(key));
        let conflicts = store.meta_get(SYNC_CONFLICTS).await.ok().flatten();
        self.conflicts
            .set(conflicts.map(|c| conflicts_of(&c)).unwrap_or_default());
        set_link(Some(Link { device, key }));
        self.status.update(|s| s.on = true);
        true
    }

    /// Runs a round now, or once the one under way ends.
    pub fn sync(&self) {
        if link().is_none() {
            return;
        }
        if ROUNDS.with(|r| r.running.replace(true)) {
            ROUNDS.with(|r| r.again.set(true));
            return;
        }
        let client = self.clone();
        spawn_local(async move {
            loop {
                ROUNDS.with(|r| r.again.set(false));
                let round = client.clone();
                lock::holding(SYNC_LOCK, async move { round.round_reported().await }).await;
                if !ROUNDS.with(|r| r.again.get()) {
                    break;
                }
            }
            ROUNDS.with(|r| r.running.set(false));
        });
    }

    async fn round_reported(&self) {
        let Some(link) = link() else {
            return;
        };
        match self.round(&link).await {
            Ok(()) => self.status.update(|s| {
                s.phase = Phase::Idle;
                s.last_synced = Some(crate::clock::now());
            }),
            Err(error) => self.status.update(|s| s.phase = Phase::Failed(problem(&error))),
        }
        if let Some(store) = self.state.store() {
            if let Ok(outbox) = store.outbox().await {
                self.status.update(|s| s.waiting = outbox.len());
            }
        }
    }

    /// One round: send the outbox, then merge the log page by page.
    async fn round(&self, link: &Link) -> Result<(), SyncError> {
        let store = self.store()?;
        let queued = store.outbox().await?;
        let cursor = store
            .meta_get(SYNC_CURSOR)
            .await?
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        self.status.update(|s| {
            s.phase = Phase::Syncing {
                sent: 0,
                to_send: queued.len(),
                received: 0,
                to_receive: 0,
            };
            s.waiting = queued.len();
        });
        self.send(link, &queued).await?;
        let mut keys: HashMap<Id, String> = HashMap::new();
        let mut sync = SyncState {
            outbox: queued
                .into_iter()
                .filter_map(|q| outgoing(q, &mut keys))
                .collect(),
            cursor,
            conflicts: self.conflicts.get_untracked(),
        };
        let mut shown = true;
        let pulled = self.pull(link, &store, &mut sync, &mut keys, &mut shown).await;
        if !shown {
            self.state.show_synced();
        }
        pulled
    }

    /// Merges the log after the cursor, page by page; `shown` turns false once something merged is not drawn yet.
    async fn pull(
        &self,
        link: &Link,
        store: &Store,
        sync: &mut SyncState,
        keys: &mut HashMap<Id, String>,
        shown: &mut bool,
    ) -> Result<(), SyncError> {
        let from = sync.cursor;
        loop {
            let page = api::pull(&link.device, sync.cursor, PAGE).await?;
            let opened = open_page(link, &page.entries, keys).await;
            let incoming: Vec<Incoming> = (page.entries.iter().zip(&opened))
                .map(|(entry, plaintext)| Incoming {
                    seq: entry.seq,
                    mutation: entry.mutation,
                    plaintext: plaintext.as_deref(),
                })
                .collect();
            let mut received = PageReceived::default();
            let won = self.state.merge_synced(|data| {
                received = sync.receive_page(data, &incoming);
                std::mem::take(&mut received.changed)
            });
            *shown &= page.entries.is_empty();
            let back: Vec<String> = (page.entries.iter())
                .filter(|e| e.seq <= sync.cursor)
                .filter_map(|e| keys.remove(&e.mutation))
                .collect();
            let mut meta = vec![(SYNC_CURSOR, JsValue::from(sync.cursor.to_string()))];
            let found = !received.found.is_empty();
            if found {
                meta.push((SYNC_CONFLICTS, JsValue::from(conflicts_text(&sync.conflicts))));
            }
            store.receive(&won, &back, &meta).await?;
            if found {
                self.conflicts.set(sync.conflicts.clone());
            }
            let behind = usize::try_from(page.newest - from).unwrap_or(0);
            self.status.update(|s| {
                s.unreadable += received.unreadable;
                if let Phase::Syncing {
                    received: count,
                    to_receive,
                    ..
                } = &mut s.phase
                {
                    *count += page.entries.len();
                    *to_receive = behind;
                }
            });
            if received.newer.is_some() {
                return Err(SyncError::Newer);
            }
            if !page.more {
                return Ok(());
            }
        }
    }

    /// Sends the outbox in batches under the server's limits.
    async fn send(&self, link: &Link, queued: &[Queued]) -> Result<(), SyncError> {
        let mut batch: Vec<(Id, Vec<u8>)> = Vec::new();
        let mut bytes = 0;
        for (at, version) in queued.iter().enumerate() {
            // Records are kept far below the limit (tend_core::limits); one over it could never be sent.
            let Some(plaintext) = seal_plaintext(version.kind, &version.bytes) else {
                continue;
            };
            let mutation = version.mutation.to_bytes();
            let sealed = crypto::seal(&link.key, &link.device.space, &mutation, &plaintext).await?;
            bytes += sealed.len() * 4 / 3 + 64;
            batch.push((version.mutation, sealed));
            if batch.len() == BATCH_RECORDS || bytes >= BATCH_BYTES {
                self.push(link, &mut batch, at + 1).await?;
                bytes = 0;
            }
        }
        self.push(link, &mut batch, queued.len()).await
    }

    async fn push(
        &self,
        link: &Link,
        batch: &mut Vec<(Id, Vec<u8>)>,
        sent_now: usize,
    ) -> Result<(), SyncError> {
        if !batch.is_empty() {
            api::push(&link.device, batch).await?;
            batch.clear();
        }
        self.status.update(|s| {
            if let Phase::Syncing { sent, .. } = &mut s.phase {
                *sent = sent_now;
            }
        });
        Ok(())
    }

    /// Listens for pokes while linked: a poke of a number past the cursor starts a round.
    fn listen(&self) {
        let generation = next_stream();
        let client = self.clone();
        spawn_local(async move {
            use futures::StreamExt;
            while stream() == generation {
                let Some(link) = link() else { return };
                if let Ok(address) = api::events_address(&link.device).await {
                    if let Ok(mut source) = gloo_net::eventsource::futures::EventSource::new(&address) {
                        if let Ok(mut pokes) = source.subscribe("poke") {
                            while let Some(Ok(_)) = pokes.next().await {
                                if stream() != generation {
                                    break;
                                }
                                client.sync();
                            }
                        }
                        source.close();
                    }
                }
                if stream() == generation {
                    gloo_timers::future::sleep(RECONNECT).await;
                }
            }
        });
    }

    /// Links this device to a new space, under a new phrase the person has written down, and queues every
    /// record this device has for it.
    pub async fn create(&self, phrase: &str, device_name: &str) -> Result<(), SyncError> {
        api::health().await?;
        let secrets = keys::derive(phrase, KDF_V1);
        let key = crypto::new_space_key().await?;
        let wrapped = crypto::wrap(&key, &secrets.wrap_key, &secrets.space_id).await?;
        let name = sealed_name(&key, &secrets.space_id, device_name).await?;
        let device = match api::create_space(
            &secrets.space_id,
            &secrets.join_token,
            &wrapped,
            KDF_V1.to_json(),
            &name,
        )
        .await
        {
            // A space with this phrase exists: an earlier try whose answer was lost. Join it instead.
            Err(ApiError::Exists) => return self.join(phrase, device_name).await,
            other => other?,
        };
        self.link_to(device, key).await
    }

    /// Links this device to the space of a phrase typed in (checked by [`keys::parse_phrase`] first).
    pub async fn join(&self, phrase: &str, device_name: &str) -> Result<(), SyncError> {
        api::health().await?;
        let secrets = keys::derive(phrase, KDF_V1);
        // Its name can be sealed only once the key is in: the device joins unnamed, then names itself.
        let joined = api::join_space(&secrets.space_id, &secrets.join_token, &UNNAMED).await?;
        if Kdf::from_json(&joined.kdf) != Some(KDF_V1) {
            return Err(SyncError::Newer);
        }
        let key = crypto::unwrap(&joined.wrapped_key, &secrets.wrap_key, &secrets.space_id)
            .await
            .map_err(|_| SyncError::WrongPhrase)?;
        let name = sealed_name(&key, &secrets.space_id, device_name).await?;
        let renamed = api::rename_device(&joined.device, &name).await;
        self.link_to(joined.device, key).await?;
        Ok(renamed?)
    }

    /// Stores the link, queues what this device has (but a person nothing was done for yet, who would appear
    /// on every device: the space's people replace them after the first round) and starts syncing.
    async fn link_to(&self, device: Device, key: SpaceKey) -> Result<(), SyncError> {
        let store = self.store()?;
        let credentials = json!({
            "space": api::b64(&device.space), "device": device.device, "token": device.token,
        });
        store
            .set_meta_values(&[
                (SYNC, Some(JsValue::from(credentials.to_string()))),
                (SYNC_KEY, Some(key.0.clone().into())),
                (SYNC_CURSOR, Some(JsValue::from("0"))),
            ])
            .await?;
        let untouched = self.state.data.with_untracked(|d| d.untouched_person());
        if untouched.is_none() {
            store.queue_all().await?;
        }
        store.set_queueing(true);
        set_link(Some(Link { device, key }));
        self.status.update(|s| s.on = true);
        self.state.tell_other_tabs();
        let link = link().expect("just linked");
        ROUNDS.with(|r| r.running.set(true));
        let client = self.clone();
        let first = lock::holding(SYNC_LOCK, async move { client.round(&link).await }).await;
        ROUNDS.with(|r| r.running.set(false));
        first?;
        self.status.update(|s| {
            s.phase = Phase::Idle;
            s.last_synced = Some(crate::clock::now());
        });
        if let Some(person) = untouched {
            self.drop_if_replaced(person);
        }
        self.listen();
        Ok(())
    }

    /// Deletes the untouched first person once the space brought others.
    fn drop_if_replaced(&self, person: Id) {
        let others = self
            .state
            .data
            .with_untracked(|d| d.profiles.iter().any(|p| p.meta.id != person && !p.meta.deleted));
        if others {
            let stamp = self.state.stamp();
            let tombstones = self.state.data.with_untracked(|d| d.tombstones(person, stamp));
            if crate::prefs::saved_profile() == Some(person) {
                self.state.profile.set(None);
            }
            self.state.save(tombstones, None::<S>);
        }
    }

    /// Unlinks this device: its records stay, the credentials and the outbox go.
    pub async fn turn_off(&self) -> Result<(), SyncError> {
        let store = self.store()?;
        if let Some(link) = link() {
            push::forget(&link).await;
        }
        store
            .set_meta_values(&[
                (SYNC, None),
                (SYNC_KEY, None),
                (SYNC_CURSOR, None),
                (SYNC_CONFLICTS, None),
            ])
            .await?;
        store.set_queueing(false);
        store.clear_outbox().await?;
        set_link(None);
        next_stream();
        self.status.set(Status::default());
        self.conflicts.set(Vec::new());
        self.state.tell_other_tabs();
        self.state
            .notice
            .set(Some(Notice::Info(Message::new(S::SyncTurnedOff))));
        Ok(())
    }
}

/// A pairing this device opened to add another: its ephemeral keys, and the code to show.
pub struct Offer {
    keys: PairingKeys,
    pub opened: api::Opened,
}

/// A pairing seen from either side once both keys are known: what the two screens must both show.
pub struct Paired {
    key: PairingKey,
    pub fingerprint: String,
}

/// The new device's side of a pairing: what it needs to collect the space key once the other device delivers.
pub struct Joining {
    paired: Paired,
    answered: api::Answered,
    code: String,
    secret: Vec<u8>,
}

impl Joining {
    pub fn fingerprint(&self) -> &str {
        &self.paired.fingerprint
    }
}

impl Client {
    /// Opens a pairing for a new device (10 minutes, one use).
    pub async fn offer_pairing(&self) -> Result<Offer, SyncError> {
        let link = linked()?;
        let keys = crypto::pairing_keys().await?;
        let opened = api::open_pairing(&link.device, &keys.public).await?;
        Ok(Offer { keys, opened })
    }

    /// The new device's answer, once it has sent one.
    pub async fn answer_of(&self, offer: &Offer) -> Result<Option<Paired>, SyncError> {
        let link = linked()?;
        let Some((answer, _)) = api::pairing_answer(&link.device, offer.opened.pairing).await? else {
            return Ok(None);
        };
        let key = offer.keys.with(&offer.keys.public, &answer).await?;
        Ok(Some(Paired {
            fingerprint: key.fingerprint.clone(),
            key,
        }))
    }

    /// The person saw the same numbers on both screens: the new device gets the space key.
    pub async fn admit(&self, offer: &Offer, paired: &Paired) -> Result<(), SyncError> {
        let link = linked()?;
        let sealed_key = paired.key.seal_space_key(&link.key).await?;
        api::complete_pairing(&link.device, offer.opened.pairing, &sealed_key, &UNNAMED).await?;
        Ok(())
    }

    /// On the new device: answers the code the other device shows. The server gets only the hash of the token
    /// secret made here. The device's name goes once it is in (sealed with the space key, which it has not yet).
    pub async fn answer_code(&self, code: &str) -> Result<Joining, SyncError> {
        api::health().await?;
        let keys = crypto::pairing_keys().await?;
        let secret = crypto::random_bytes(32)?;
        let token_hash = keys::token_hash(&secret);
        let answered = api::answer_pairing(code, &keys.public, &UNNAMED, &token_hash).await?;
        let key = keys.with(&answered.offer, &keys.public).await?;
        Ok(Joining {
            paired: Paired {
                fingerprint: key.fingerprint.clone(),
                key,
            },
            answered,
            code: code.to_owned(),
            secret,
        })
    }

    /// Links this device once the other delivered the space key; false while it has not.
    pub async fn collect(&self, joining: &Joining, device_name: &str) -> Result<bool, SyncError> {
        let pairing = joining.answered.pairing;
        let Some((device, sealed)) = api::collect_pairing(pairing, &joining.code).await? else {
            return Ok(false);
        };
        let key = joining.paired.key.open_space_key(&sealed).await?;
        let device = Device {
            space: joining.answered.space,
            device,
            token: api::b64(&[&device.to_bytes()[..], &joining.secret].concat()),
        };
        let name = sealed_name(&key, &device.space, device_name).await?;
        // Linked even if naming failed: the server counts this device in already, and its token exists only here.
        let renamed = api::rename_device(&device, &name).await;
        self.link_to(device, key).await?;
        renamed?;
        Ok(true)
    }
}

/// A device of the space, for the person to see and remove.
#[derive(Clone, Debug, PartialEq)]
pub struct KnownDevice {
    pub id: Id,
    /// `None` for a device that has not named itself, or whose name does not open with this key.
    pub name: Option<String>,
    pub last_seen: DateTime<Utc>,
    pub this_device: bool,
    pub removed: bool,
}

impl Client {
    /// Every device of the space, names opened.
    pub async fn devices(&self) -> Result<Vec<KnownDevice>, SyncError> {
        let link = linked()?;
        let mut known = Vec::new();
        for listed in api::devices(&link.device).await? {
            let sealed = api::unb64(&listed.name).unwrap_or_default();
            let name = crypto::open(&link.key, &link.device.space, &NAME_MUTATION, &sealed)
                .await
                .ok();
            known.push(KnownDevice {
                id: listed.device,
                name: name.and_then(|n| String::from_utf8(n).ok()),
                last_seen: DateTime::from_timestamp_millis(listed.last_seen).unwrap_or_default(),
                this_device: listed.this_device,
                removed: listed.revoked.is_some(),
            });
        }
        Ok(known)
    }

    /// The person's choice for a concurrent edit: the kept version is saved again, newer than both, and sent.
    pub async fn resolve(&self, id: Id, keep: Keep) -> Result<(), SyncError> {
        let mut sync = SyncState {
            conflicts: self.conflicts.get_untracked(),
            ..SyncState::default()
        };
        let Some(kept) = sync.resolve(id, keep, self.state.stamp()) else {
            return Ok(());
        };
        self.state.save(kept, Some(crate::i18n::T::Saved));
        let store = self.store()?;
        store
            .meta_set(SYNC_CONFLICTS, &conflicts_text(&sync.conflicts))
            .await?;
        self.conflicts.set(sync.conflicts);
        Ok(())
    }

    pub async fn remove(&self, device: Id) -> Result<(), SyncError> {
        let link = linked()?;
        Ok(api::remove_device(&link.device, device).await?)
    }
}

/// Opens a page's entries at once (WebCrypto works on them together), but this device's own, which are here
/// already; `None` for those and for any that does not open with the space key (sealed with another key, or
/// changed on the way: it cannot be read here, ever).
async fn open_page(link: &Link, entries: &[api::Entry], mine: &HashMap<Id, String>) -> Vec<Option<Vec<u8>>> {
    let opening = entries.iter().map(|entry| async move {
        if mine.contains_key(&entry.mutation) {
            return None;
        }
        let mutation = entry.mutation.to_bytes();
        crypto::open(&link.key, &link.device.space, &mutation, &entry.sealed)
            .await
            .ok()
    });
    futures::future::join_all(opening).await
}

/// What the outbox holds, as the core's sync state keeps it; remembers its key by mutation id.
fn outgoing(queued: Queued, keys: &mut HashMap<Id, String>) -> Option<Outgoing> {
    let mut change = Change::default();
    let id = change.records_mut(queued.kind).push_bytes(&queued.bytes).ok()?.id;
    keys.insert(queued.mutation, queued.key);
    Some(Outgoing {
        mutation: queued.mutation,
        kind: queued.kind,
        id,
        bytes: queued.bytes,
    })
}

/// The conflicts as kept in `meta`: `[{"kind": index in Kind::ALL, "mine": b64, "theirs": b64}]`.
fn conflicts_text(conflicts: &[Conflict]) -> String {
    let list: Vec<serde_json::Value> = conflicts
        .iter()
        .map(|c| {
            let kind = Kind::ALL.iter().position(|&k| k == c.kind);
            json!({ "kind": kind, "mine": api::b64(&c.mine), "theirs": api::b64(&c.theirs) })
        })
        .collect();
    serde_json::Value::from(list).to_string()
}

/// What [`conflicts_text`] wrote; an entry that does not read back is left out (its record merged as usual).
fn conflicts_of(text: &str) -> Vec<Conflict> {
    let list: Vec<serde_json::Value> = serde_json::from_str(text).unwrap_or_default();
    let conflict = |entry: &serde_json::Value| {
        let kind = *Kind::ALL.get(usize::try_from(entry["kind"].as_u64()?).ok()?)?;
        let mine = api::unb64(entry["mine"].as_str()?).ok()?;
        let theirs = api::unb64(entry["theirs"].as_str()?).ok()?;
        let id = Change::default().records_mut(kind).push_bytes(&mine).ok()?.id;
        Some(Conflict {
            kind,
            id,
            mine,
            theirs,
        })
    };
    list.iter().filter_map(conflict).collect()
}

fn device_of(stored: &str) -> Option<Device> {
    let value: serde_json::Value = serde_json::from_str(stored).ok()?;
    let space = api::unb64_array(value["space"].as_str()?)?;
    Some(Device {
        space,
        device: Id::parse(value["device"].as_str()?).ok()?,
        token: value["token"].as_str()?.to_owned(),
    })
}

async fn sealed_name(key: &SpaceKey, space: &[u8; 16], name: &str) -> Result<Vec<u8>, SyncError> {
    Ok(crypto::seal(key, space, &NAME_MUTATION, name.as_bytes()).await?)
}
