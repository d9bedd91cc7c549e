//! Settings' sync section: turn sync on (a new recovery phrase, shown once and checked), join a space with a
//! phrase, and while on, what sync is doing and what went wrong.

use crate::i18n::{format_time, plural, tr, use_lang, Lang, Message, Text, S, T};
use crate::state::use_state;
use crate::sync::{client, problem, Client, Phase, Status};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;
use tend_core::keys::{self, PhraseError, PHRASE_WORDS};

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
    let error_text = move || error.get().map(|m| m.get(lang.get()).to_owned());

    view! {
        <p>{tr(S::SyncExplain)}</p>
        <div class="field">
            <label for="device-name">{tr(S::DeviceName)}</label>
            <input id="device-name" type="text" maxlength="60" autocomplete="off"
                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
        </div>
        <p role="alert" class="error-text">{error_text}</p>
        {move || match step.get() {
            Step::Off => view! {
                <p><button type="button" class="button" on:click=begin>{tr(S::TurnOnSync)}</button></p>
                <div class="field">
                    <label for="join-phrase">{tr(S::JoinPhraseLabel)}</label>
                    <textarea id="join-phrase" rows="3" autocomplete="off" autocapitalize="none" spellcheck="false"
                        prop:value=move || typed_phrase.get()
                        on:input=move |ev| typed_phrase.set(event_target_value(&ev))></textarea>
                </div>
                <p><button type="button" class="button secondary" on:click=join.clone()>{tr(S::JoinWithPhrase)}</button></p>
            }.into_any(),
            Step::Showing { phrase, check } => view! {
                <PhraseShown phrase check checked/>
                <p><button type="button" class="button" on:click=confirm.clone()>{tr(S::TurnOnSync)}</button>
                   " "
                   <button type="button" class="button secondary" on:click=move |_| step.set(Step::Off)>{tr(T::Cancel)}</button></p>
            }.into_any(),
            Step::Working => view! { <p role="status">{tr(S::SyncTurningOn)}</p> }.into_any(),
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
    let lang = use_lang();
    let state = use_state();
    let status = client.status.clone();
    let line = move || status.with(|s| status_line(lang.get(), s, |at| state.local_time(at)));
    let status = client.status.clone();
    let progress = move || {
        status.with(|s| match s.phase {
            Phase::Syncing { sent, to_send, .. } if to_send > 0 => Some((sent, to_send)),
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
        {move || progress().map(|(sent, to_send)| view! {
            <progress max=to_send value=sent aria-label=move || S::SyncSending.get(lang.get())></progress>
        })}
        <p role="alert" class="error-text">{failure}</p>
        <p>
            <button type="button" class="button" on:click=sync_now>{tr(S::SyncNow)}</button>
            " "
            <button type="button" class="button secondary" on:click=turn_off>{tr(S::TurnOffSync)}</button>
        </p>
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
            },
            _,
        ) if sent < to_send => S::SyncSendingCount.fill(
            lang,
            &[("sent", sent), ("total", to_send), ("received", received)],
        ),
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
