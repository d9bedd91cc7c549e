//! Settings' sync section: turn sync on (a new recovery phrase, shown once and checked), join a space with a
//! phrase, and while on, what sync is doing and what went wrong.

use crate::describe::describe;
use crate::i18n::{format_date, format_time, plural, tr, use_lang, Lang, Message, Text, S, T};
use crate::state::use_state;
use crate::sync::api::ApiError;
use crate::sync::push::{self, PushStatus};
use crate::sync::{client, problem, Client, Conflict, Keep, Offer, Paired, Phase, Status, SyncError};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use std::time::Duration;
use tend_core::codec;
use tend_core::keys::{self, PhraseError, PHRASE_WORDS};
use tend_core::medication::{Medication, Profile};
use tend_core::schedule::Schedule;
use tend_core::Id;
use tend_core::{Dataset, Kind};

/// The two words of the new phrase the person types back, by position from 1.
type Check = [usize; 2];

#[derive(Clone, PartialEq)]
enum Step {
    Off,
    /// A new phrase shown, waiting for the person to write it down and type two of its words.
    Showing {
        phrase: String,
        check: Check,
    },
    /// Deriving the keys and talking to the server.
    Working,
    /// Joining with a pairing code: the numbers to compare once the code is answered.
    Pairing(Option<String>),
}

#[component]
pub fn SyncSection() -> impl IntoView {
    let state = use_state();
    let client = client(state);
    let status = client.status.clone();
    let on = Memo::new(move |_| status.with(|s| s.on));
    view! {
        <section aria-labelledby="sync-heading">
            <h2 id="sync-heading">{tr(S::SyncHeading)}</h2>
            {move || if on.get() {
                view! { <SyncOn client=client.clone()/> }.into_any()
            } else {
                view! { <SyncOff client=client.clone()/> }.into_any()
            }}
        </section>
    }
}

#[component]
fn SyncOff(client: Client) -> impl IntoView {
    let lang = use_lang();
    let step = RwSignal::new(Step::Off);
    let error: RwSignal<Option<Message>> = RwSignal::new(None);
    let name = RwSignal::new(S::ThisDevice.get(lang.get_untracked()).to_owned());
    let typed_phrase = RwSignal::new(String::new());
    let typed_code = RwSignal::new(code_in_address().unwrap_or_default());
    let checked = RwSignal::new([String::new(), String::new()]);

    let begin = move |_| {
        let Ok(entropy) = crate::crypto::random_bytes(18) else {
            error.set(Some(Message::new(S::SyncFailed)));
            return;
        };
        let phrase = keys::phrase(&entropy[..16].try_into().expect("16 bytes"));
        let first = usize::from(entropy[16]) % PHRASE_WORDS;
        let second = (first + 1 + usize::from(entropy[17]) % (PHRASE_WORDS - 1)) % PHRASE_WORDS;
        let check = [first.min(second) + 1, first.max(second) + 1];
        checked.set([String::new(), String::new()]);
        error.set(None);
        step.set(Step::Showing { phrase, check });
    };
    let run = {
        let client = client.clone();
        move |phrase: String, create: bool| {
            let client = client.clone();
            let device = name.get_untracked().trim().to_owned();
            step.set(Step::Working);
            error.set(None);
            spawn_local(async move {
                // Let "Turning sync on…" show before the key derivation holds the page for a second or two.
                gloo_timers::future::sleep(Duration::from_millis(50)).await;
                let linked = if create {
                    client.create(&phrase, &device).await
                } else {
                    client.join(&phrase, &device).await
                };
                if let Err(failed) = linked {
                    error.set(Some(problem(&failed)));
                    step.set(Step::Off);
                }
            });
        }
    };
    let confirm = {
        let run = run.clone();
        move |_| {
            let Step::Showing { phrase, check } = step.get_untracked() else {
                return;
            };
            let words: Vec<&str> = phrase.split(' ').collect();
            let typed = checked.get_untracked();
            let right = check
                .iter()
                .zip(&typed)
                .all(|(&at, typed)| typed.trim().eq_ignore_ascii_case(words[at - 1]));
            if right {
                run(phrase.clone(), true);
            } else {
                error.set(Some(Message::new(S::SyncCheckWrong)));
            }
        }
    };
    let join = move |_| match keys::parse_phrase(&typed_phrase.get_untracked()) {
        Ok(phrase) => run(phrase, false),
        Err(wrong) => error.set(Some(phrase_problem(&wrong))),
    };
    let join_code = move |_| {
        let code = typed_code.get_untracked().trim().to_owned();
        let device = name.get_untracked().trim().to_owned();
        let client = client.clone();
        error.set(None);
        step.set(Step::Pairing(None));
        spawn_local(async move {
            if let Err(failed) = join_with_code(&client, &code, &device, step).await {
                let message = match failed {
                    SyncError::Api(ApiError::NotFound) => Message::new(S::PairingBadCode),
                    SyncError::Crypto => Message::new(S::PairingStopped),
                    other => problem(&other),
                };
                let _ = error.try_set(Some(message));
                let _ = step.try_set(Step::Off);
            }
        });
    };
    let error_text = move || error.get().map(|m| m.get(lang.get()).to_owned());

    view! {
        <p>{tr(S::SyncExplain)}</p>
        <div class="field">
            <label for="device-name">{tr(S::DeviceName)}</label>
            <input id="device-name" type="text" maxlength="60" autocomplete="off"
                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
        </div>
        <p role="alert">{error_text}</p>
        {move || match step.get() {
            Step::Off => view! {
                <p><button type="button" class="button button-primary" on:click=begin>{tr(S::TurnOnSync)}</button></p>
                <div class="field">
                    <label for="join-phrase">{tr(S::JoinPhraseLabel)}</label>
                    <textarea id="join-phrase" rows="3" autocomplete="off" autocapitalize="none" spellcheck="false"
                        prop:value=move || typed_phrase.get()
                        on:input=move |ev| typed_phrase.set(event_target_value(&ev))></textarea>
                </div>
                <p><button type="button" class="button button-quiet" on:click=join.clone()>{tr(S::JoinWithPhrase)}</button></p>
                <div class="field">
                    <label for="join-code">{tr(S::JoinCodeLabel)}</label>
                    <input id="join-code" type="text" maxlength="20" autocomplete="off" autocapitalize="characters"
                        spellcheck="false" prop:value=move || typed_code.get()
                        on:input=move |ev| typed_code.set(event_target_value(&ev))/>
                </div>
                <p><button type="button" class="button button-quiet" on:click=join_code.clone()>{tr(S::JoinWithCode)}</button></p>
            }.into_any(),
            Step::Showing { phrase, check } => view! {
                <PhraseShown phrase check checked/>
                <p><button type="button" class="button button-primary" on:click=confirm.clone()>{tr(S::TurnOnSync)}</button>
                   " "
                   <button type="button" class="button button-quiet" on:click=move |_| step.set(Step::Off)>{tr(T::Cancel)}</button></p>
            }.into_any(),
            Step::Working | Step::Pairing(None) => view! { <p role="status">{tr(S::SyncTurningOn)}</p> }.into_any(),
            Step::Pairing(Some(fingerprint)) => view! {
                <p role="status">{tr(S::PairingCheck)}" "<strong class="pairing-code">{fingerprint}</strong></p>
                <p><button type="button" class="button button-quiet" on:click=move |_| step.set(Step::Off)>{tr(T::Cancel)}</button></p>
            }.into_any(),
        }}
    }
}

/// The new phrase, once, and the two words to type back.
#[component]
fn PhraseShown(phrase: String, check: Check, checked: RwSignal<[String; 2]>) -> impl IntoView {
    let lang = use_lang();
    let words: Vec<String> = phrase.split(' ').map(str::to_owned).collect();
    view! {
        <p>{tr(S::PhraseShownOnce)}</p>
        <ol class="phrase" aria-label=move || S::RecoveryPhrase.get(lang.get())>
            {words.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
        </ol>
        {check.into_iter().enumerate().map(|(i, at)| {
            let id = format!("check-word-{at}");
            view! {
                <div class="field">
                    <label for=id.clone()>{move || S::TypeWord.fill(lang.get(), &[("n", &at)])}</label>
                    <input id=id type="text" autocomplete="off" autocapitalize="none" spellcheck="false"
                        prop:value=move || checked.get()[i].clone()
                        on:input=move |ev| checked.update(|c| c[i] = event_target_value(&ev))/>
                </div>
            }
        }).collect_view()}
    }
}

#[component]
fn SyncOn(client: Client) -> impl IntoView {
    let list_client = client.clone();
    let listed = RwSignal::new(0_u32);
    let lang = use_lang();
    let state = use_state();
    let status = client.status.clone();
    let line = move || status.with(|s| status_line(lang.get(), s, |at| state.local_time(at)));
    let status = client.status.clone();
    // A bar only where there is much to do: sending a long outbox, or receiving a long history.
    let progress = move || {
        status.with(|s| match s.phase {
            Phase::Syncing { sent, to_send, .. } if sent < to_send => Some((sent, to_send, S::SyncSending)),
            Phase::Syncing {
                received, to_receive, ..
            } if to_receive > LONG_HISTORY => Some((received, to_receive, S::SyncReceivingBar)),
            _ => None,
        })
    };
    let status = client.status.clone();
    let failure = move || {
        status.with(|s| match &s.phase {
            Phase::Failed(message) => Some(message.get(lang.get()).to_owned()),
            _ => None,
        })
    };
    let sync_now = {
        let client = client.clone();
        move |_| client.sync()
    };
    let turn_off = move |_| {
        let client = client.clone();
        spawn_local(async move {
            if let Err(failed) = client.turn_off().await {
                client
                    .status
                    .update(|s| s.phase = Phase::Failed(problem(&failed)));
            }
        });
    };
    view! {
        <p role="status">{line}</p>
        {move || progress().map(|(done, total, what)| view! {
            <progress max=total value=done aria-label=move || what.get(lang.get())></progress>
        })}
        <p role="alert">{failure}</p>
        <p>
            <button type="button" class="button" on:click=sync_now>{tr(S::SyncNow)}</button>
        </p>
        <DeviceList client=list_client.clone() version=listed/>
        <AddDevice client=list_client added=move |()| listed.update(|v| *v += 1)/>
        <p>
            <button type="button" class="button button-quiet" on:click=turn_off>{tr(S::TurnOffSync)}</button>
        </p>
    }
}

/// Reminders through the server when Tend is closed, while sync is on: what the server learns, on or off, and
/// discreet.
#[component]
pub fn PushSettings() -> impl IntoView {
    let lang = use_lang();
    let state = use_state();
    let sync = client(state).status;
    let status = push::status();
    let wanted = RwSignal::new(push::wanted());
    let discreet = RwSignal::new(push::discreet());
    let line = move || {
        let lang = lang.get();
        if crate::pwa::permission() != "granted" {
            return S::PushNeedsPermission.get(lang).to_owned();
        }
        match status.get() {
            PushStatus::Planned(0, _) => S::PushNothing.get(lang).to_owned(),
            PushStatus::Planned(n, Some(last)) => {
                let date = format_date(lang, state.local_time(last).date());
                S::PushPlanned.fill(lang, &[("n", &n.to_string()), ("date", &date)])
            }
            PushStatus::Unsupported => S::PushUnsupported.get(lang).to_owned(),
            PushStatus::Failed => S::PushFailed.get(lang).to_owned(),
            _ => String::new(),
        }
    };
    let shown = move || sync.with(|s| s.on);
    view! {
        <Show when=shown>
        <section aria-labelledby="push-heading">
            <h2 id="push-heading">{tr(S::PushTitle)}</h2>
            <p>{tr(S::PushWhat)}</p>
            <label class="check" for="push-on">
                <input id="push-on" type="checkbox" prop:checked=move || wanted.get()
                    on:change=move |ev| { wanted.set(event_target_checked(&ev)); push::set_wanted(wanted.get_untracked()); }/>
                {tr(S::PushOn)}
            </label>
            <label class="check" for="push-discreet">
                <input id="push-discreet" type="checkbox" prop:checked=move || discreet.get() disabled=move || !wanted.get()
                    on:change=move |ev| { discreet.set(event_target_checked(&ev)); push::set_discreet(discreet.get_untracked()); }/>
                {tr(S::PushDiscreet)}
            </label>
            <p role="status">{move || wanted.get().then(line)}</p>
        </section>
        </Show>
    }
}

/// More changes than this to receive make a first sync long enough to show its progress.
const LONG_HISTORY: usize = 1000;

/// How often a pairing asks the server whether the other side has done its part.
const PAIRING_POLL: Duration = Duration::from_secs(1);
/// A pairing code works for 10 minutes; the new device stops waiting then too.
const PAIRING_MILLIS: f64 = 10.0 * 60_000.0;

/// The new device's side of a pairing: answer the code, show the numbers, wait for the other device to
/// deliver the key (while the person stays on this step), then link.
async fn join_with_code(
    client: &Client,
    code: &str,
    device: &str,
    step: RwSignal<Step>,
) -> Result<(), SyncError> {
    let joining = client.answer_code(code).await?;
    let fingerprint = Some(joining.fingerprint().to_owned());
    if step.try_set(Step::Pairing(fingerprint.clone())).is_some() {
        return Ok(());
    }
    let until = js_sys::Date::now() + PAIRING_MILLIS;
    while js_sys::Date::now() < until {
        if step.try_get_untracked() != Some(Step::Pairing(fingerprint.clone())) {
            return Ok(());
        }
        if client.collect(&joining, device).await? {
            return Ok(());
        }
        gloo_timers::future::sleep(PAIRING_POLL).await;
    }
    Err(SyncError::Api(ApiError::NotFound))
}

/// The code a scanned pairing address carries (`/settings?pair=ABCD-EFGH`).
fn code_in_address() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let code = search
        .trim_start_matches('?')
        .split('&')
        .find_map(|p| p.strip_prefix("pair="))?;
    Some(
        code.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect(),
    )
}

/// What a new device's camera opens: this app's settings, with the code filled in.
fn pairing_address(code: &str) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}/settings?pair={code}")
}

/// `text` as a QR code: its width in modules (with the quiet zone) and an SVG path of its dark modules.
fn qr_path(text: &str) -> Option<(i32, String)> {
    const QUIET: i32 = 4;
    let qr = qrcodegen::QrCode::encode_text(text, qrcodegen::QrCodeEcc::Medium).ok()?;
    let size = qr.size();
    let mut path = String::new();
    for y in 0..size {
        for x in (0..size).filter(|&x| qr.get_module(x, y)) {
            path.push_str(&format!("M{},{}h1v1h-1z", x + QUIET, y + QUIET));
        }
    }
    Some((size + 2 * QUIET, path))
}

#[derive(Clone, PartialEq)]
enum Adding {
    Idle,
    Opening,
    /// The code shown, waiting for the new device to answer it.
    Showing(String),
    /// Both keys known: the person compares the numbers on both screens.
    Comparing(String),
    Added,
}

/// Adds a device by pairing: a code (and a QR code of it) for the new device, then the numbers to compare
/// before the space key is sent to it.
#[component]
fn AddDevice(client: Client, #[prop(into)] added: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let step = RwSignal::new(Adding::Idle);
    let error: RwSignal<Option<Message>> = RwSignal::new(None);
    let pending: StoredValue<Option<Rc<(Offer, Paired)>>, LocalStorage> = StoredValue::new_local(None);
    let client = StoredValue::new_local(client);
    let start = move |_| {
        error.set(None);
        step.set(Adding::Opening);
        spawn_local(async move {
            match offer_and_wait(&client.get_value(), step).await {
                Ok(Some(found)) => {
                    let _ = step.try_set(Adding::Comparing(found.1.fingerprint.clone()));
                    let _ = pending.try_set_value(Some(Rc::new(found)));
                }
                Ok(None) => {}
                Err(failed) => {
                    let expired = matches!(failed, SyncError::Api(ApiError::NotFound));
                    let message = if expired {
                        Message::new(S::PairingExpired)
                    } else {
                        problem(&failed)
                    };
                    let _ = error.try_set(Some(message));
                    let _ = step.try_set(Adding::Idle);
                }
            }
        });
    };
    let admit = move |_| {
        let Some(found) = pending.get_value() else { return };
        spawn_local(async move {
            match client.get_value().admit(&found.0, &found.1).await {
                Ok(()) => {
                    let _ = step.try_set(Adding::Added);
                    added.run(());
                }
                Err(failed) => {
                    let _ = error.try_set(Some(problem(&failed)));
                }
            }
        });
    };
    let stop = move |_| {
        if matches!(step.get_untracked(), Adding::Comparing(_)) {
            error.set(Some(Message::new(S::PairingStopped)));
        }
        pending.set_value(None);
        step.set(Adding::Idle);
    };
    let error_text = move || error.get().map(|m| m.get(lang.get()).to_owned());
    view! {
        <p role="alert">{error_text}</p>
        {move || match step.get() {
            Adding::Idle | Adding::Opening => view! {
                <p><button type="button" class="button" on:click=start disabled=move || step.get() == Adding::Opening>
                    {tr(S::AddDevice)}</button></p>
            }.into_any(),
            Adding::Showing(code) => {
                let qr = qr_path(&pairing_address(&code));
                view! {
                    <p>{tr(S::PairingCodeShown)}</p>
                    <p>{tr(S::PairingCode)}" "<strong class="pairing-code">{code}</strong></p>
                    {qr.map(|(width, path)| view! {
                        <svg class="pairing-qr" viewBox=format!("0 0 {width} {width}") role="img"
                            aria-label=move || S::PairingQr.get(lang.get())>
                            <rect width="100%" height="100%" fill="#fff"/>
                            <path d=path fill="#000"/>
                        </svg>
                    })}
                    <p><button type="button" class="button button-quiet" on:click=stop>{tr(T::Cancel)}</button></p>
                }.into_any()
            }
            Adding::Comparing(fingerprint) => view! {
                <p role="status">{tr(S::PairingCompare)}" "<strong class="pairing-code">{fingerprint}</strong></p>
                <p><button type="button" class="button button-primary" on:click=admit>{tr(S::PairingMatch)}</button>
                   " "
                   <button type="button" class="button button-quiet" on:click=stop>{tr(S::PairingNoMatch)}</button></p>
            }.into_any(),
            Adding::Added => view! {
                <p role="status">{tr(S::PairingAdded)}</p>
                <p><button type="button" class="button" on:click=start>{tr(S::AddDevice)}</button></p>
            }.into_any(),
        }}
    }
}

/// Opens a pairing and waits, while its code is shown, for the new device's answer; `None` if the person
/// stopped first.
async fn offer_and_wait(
    client: &Client,
    step: RwSignal<Adding>,
) -> Result<Option<(Offer, Paired)>, SyncError> {
    let offer = client.offer_pairing().await?;
    let showing = Adding::Showing(offer.opened.code.clone());
    if step.try_set(showing.clone()).is_some() {
        return Ok(None);
    }
    loop {
        if step.try_get_untracked() != Some(showing.clone()) {
            return Ok(None);
        }
        if js_sys::Date::now() > offer.opened.expires as f64 {
            return Err(SyncError::Api(ApiError::NotFound));
        }
        if let Some(paired) = client.answer_of(&offer).await? {
            return Ok(Some((offer, paired)));
        }
        gloo_timers::future::sleep(PAIRING_POLL).await;
    }
}

/// The space's devices: name, when last seen, and a way to remove any other (asked twice).
#[component]
fn DeviceList(client: Client, version: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let state = use_state();
    let client = StoredValue::new(client);
    let listed = LocalResource::new(move || {
        version.track();
        let client = client.get_value();
        async move { client.devices().await }
    });
    let confirming: RwSignal<Option<Id>> = RwSignal::new(None);
    let error: RwSignal<Option<Message>> = RwSignal::new(None);
    let remove = move |id: Id| {
        spawn_local(async move {
            match client.get_value().remove(id).await {
                Ok(()) => {
                    confirming.set(None);
                    version.update(|v| *v += 1);
                }
                Err(failed) => error.set(Some(problem(&failed))),
            }
        })
    };
    let devices = move || match listed.get() {
        Some(Ok(devices)) => devices,
        _ => Vec::new(),
    };
    let list_error = move || match listed.get() {
        Some(Err(failed)) => Some(problem(&failed).get(lang.get()).to_owned()),
        _ => error.get().map(|m| m.get(lang.get()).to_owned()),
    };
    view! {
        <h3>{tr(S::SyncDevices)}</h3>
        <ul class="device-list">
            <For each=devices key=|d| (d.id, d.removed) let:device>
                {
                    let id = device.id;
                    let name = StoredValue::new(device.name.clone());
                    let shown = move || name.get_value().unwrap_or_else(|| S::UnnamedDevice.get(lang.get()).to_owned());
                    let seen = device.last_seen;
                    let about = move || {
                        let when = format_time(lang.get(), state.local_time(seen));
                        let date = crate::i18n::format_short_date(lang.get(), state.local_time(seen).date());
                        let text = if device.this_device {
                            S::ThisDeviceNow
                        } else if device.removed {
                            S::DeviceRemoved
                        } else {
                            S::DeviceLastSeen
                        };
                        text.fill(lang.get(), &[("date", &date), ("time", &when)])
                    };
                    let removable = !device.this_device && !device.removed;
                    view! {
                        <li>
                            <strong>{shown}</strong>" "<span>{about}</span>
                            <Show when=move || removable && confirming.get() != Some(id)>
                                <button type="button" class="button button-quiet"
                                    aria-label=move || S::RemoveDeviceNamed.fill(lang.get(), &[("name", &shown())])
                                    on:click=move |_| confirming.set(Some(id))>{tr(S::RemoveDevice)}</button>
                            </Show>
                            <Show when=move || confirming.get() == Some(id)>
                                <p role="alert">{move || S::RemoveDeviceAsk.fill(lang.get(), &[("name", &shown())])}</p>
                                <button type="button" class="button button-danger" on:click=move |_| remove(id)>{tr(S::RemoveDevice)}</button>
                                " "
                                <button type="button" class="button button-quiet" on:click=move |_| confirming.set(None)>{tr(T::Cancel)}</button>
                            </Show>
                        </li>
                    }
                }
            </For>
        </ul>
        <p role="alert">{list_error}</p>
    }
}

/// "Synced at 09:14", "Sending 20 of 340…", with what waits and what could not be read.
fn status_line(
    lang: Lang,
    status: &Status,
    local: impl Fn(chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime,
) -> String {
    let mut line = match (&status.phase, status.last_synced) {
        (
            Phase::Syncing {
                sent,
                to_send,
                received,
                ..
            },
            _,
        ) if sent < to_send => S::SyncSendingCount.fill(
            lang,
            &[("sent", sent), ("total", to_send), ("received", received)],
        ),
        (
            Phase::Syncing {
                received, to_receive, ..
            },
            _,
        ) if *to_receive > LONG_HISTORY => {
            S::SyncReceivingOf.fill(lang, &[("received", received), ("total", to_receive)])
        }
        (Phase::Syncing { received, .. }, _) => S::SyncReceiving.fill(lang, &[("received", received)]),
        (_, Some(at)) => S::SyncedAt.fill(lang, &[("time", &format_time(lang, local(at)))]),
        (_, None) => S::SyncOnNotYet.get(lang).to_owned(),
    };
    if status.waiting > 0 {
        line.push(' ');
        let waiting = plural(status.waiting, S::SyncWaitingOne, S::SyncWaiting);
        line.push_str(&waiting.fill(lang, &[("n", &status.waiting)]));
    }
    if status.unreadable > 0 {
        line.push(' ');
        line.push_str(&S::SyncUnreadable.fill(lang, &[("n", &status.unreadable)]));
    }
    line
}

fn phrase_problem(wrong: &PhraseError) -> Message {
    match wrong {
        PhraseError::WordCount(n) => Message::fill(S::PhraseWordCount, &[("n", n), ("words", &PHRASE_WORDS)]),
        PhraseError::UnknownWord(at, word) => {
            Message::fill(S::PhraseUnknownWord, &[("n", at), ("word", word)])
        }
        PhraseError::Checksum => Message::new(S::PhraseChecksum),
    }
}

/// Every concurrent edit sync found, on every screen until the person keeps one version of each.
#[component]
pub fn ConflictNotice() -> impl IntoView {
    let state = use_state();
    let client = StoredValue::new(client(state));
    let conflicts = client.get_value().conflicts;
    view! {
        <For each=move || conflicts.get() key=|c| (c.id, c.mine.clone(), c.theirs.clone()) let:conflict>
            <ConflictCard conflict client/>
        </For>
    }
}

#[component]
fn ConflictCard(conflict: Conflict, client: StoredValue<Client>) -> impl IntoView {
    let lang = use_lang();
    let state = use_state();
    let id = conflict.id;
    let heading = format!("conflict-{id}");
    let labelled_by = heading.clone();
    let conflict = StoredValue::new(conflict);
    let what = Memo::new(move |_| {
        state
            .data
            .with(|d| conflict.with_value(|c| versions_of(lang.get(), d, state.today(), c)))
    });
    let keep = move |keep: Keep| {
        spawn_local(async move {
            if let Err(failed) = client.get_value().resolve(id, keep).await {
                client
                    .get_value()
                    .status
                    .update(|s| s.phase = Phase::Failed(problem(&failed)));
            }
        })
    };
    view! {
        <section class="banner banner-info conflict" aria-labelledby=labelled_by>
            <h2 id=heading>{move || S::ConflictHeading.fill(lang.get(), &[("what", &what.get().0)])}</h2>
            <p>{tr(S::ConflictAbout)}</p>
            <div class="actions">
                <button type="button" class="button button-quiet" on:click=move |_| keep(Keep::Mine)>
                    {move || S::KeepMine.fill(lang.get(), &[("version", &what.get().1)])}
                </button>
                <button type="button" class="button button-quiet" on:click=move |_| keep(Keep::Theirs)>
                    {move || S::KeepTheirs.fill(lang.get(), &[("version", &what.get().2)])}
                </button>
            </div>
        </section>
    }
}

/// What was edited twice, and each version in a few words: (what, this device's, the other device's).
fn versions_of(
    lang: Lang,
    data: &Dataset,
    today: NaiveDate,
    conflict: &Conflict,
) -> (String, String, String) {
    let both = [&conflict.mine, &conflict.theirs];
    let [mine, theirs] = match conflict.kind {
        Kind::Medication => both.map(|bytes| {
            codec::decode::<Medication>(bytes).map_or_else(
                |_| String::new(),
                |m| {
                    [m.name, m.strength]
                        .into_iter()
                        .filter(|t| !t.is_empty())
                        .collect::<Vec<_>>()
                        .join(", ")
                },
            )
        }),
        Kind::Schedule => both.map(|bytes| {
            codec::decode::<Schedule>(bytes).map_or_else(|_| String::new(), |s| describe(lang, &s, today))
        }),
        Kind::Profile => {
            both.map(|bytes| codec::decode::<Profile>(bytes).map_or_else(|_| String::new(), |p| p.name))
        }
        // Facts never conflict: they are a set.
        _ => [String::new(), String::new()],
    };
    let what = match conflict.kind {
        Kind::Schedule => codec::decode::<Schedule>(&conflict.mine)
            .ok()
            .and_then(|s| data.medication(s.medication_id).map(|m| m.name.clone()))
            .unwrap_or_default(),
        Kind::Medication => codec::decode::<Medication>(&conflict.mine)
            .map(|m| m.name)
            .unwrap_or_default(),
        _ => mine.clone(),
    };
    (what, mine, theirs)
}
