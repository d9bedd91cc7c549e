//! The moderation screen (`/moderate`), for the people a server's administrator made moderators: signing in with
//! the one-time link (`/moderate#signin=…`, whose token is taken out of the address at once), the stories waiting
//! for review or hidden after reports, publishing (with passages removed) or declining with a reason the author
//! sees, and the moderation log. It is reached by its link only; nothing in the app's navigation leads here.

use crate::community::{self, ForReview, Moderator};
use crate::i18n::{format_short_date, tr, use_lang, Text, S};
use crate::pages::learn::condition_name;
use crate::pages::stories::local_date;
use crate::sync::api::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where signing in is.
#[derive(Clone, PartialEq)]
enum Signed {
    Checking,
    Out(S),
    In(Moderator),
}

/// The sign-in token in the address, taken out of it so it is not kept in history or shown.
fn link_token() -> Option<String> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    let token = hash.strip_prefix("#signin=")?.to_owned();
    let path = window.location().pathname().ok()?;
    let _ = window
        .history()
        .ok()?
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
    Some(token)
}

#[component]
pub fn Moderate() -> impl IntoView {
    let signed = RwSignal::new(Signed::Checking);
    spawn_local(async move {
        let outcome = match link_token() {
            Some(token) => community::sign_in(&token).await.map_err(|_| S::ModLinkInvalid),
            None => community::session().await.map_err(|_| S::ModSignedOut),
        };
        let _ = signed.try_set(match outcome {
            Ok(moderator) => Signed::In(moderator),
            Err(why) => Signed::Out(why),
        });
    });
    view! {
        <section class="page" aria-labelledby="moderate-heading">
            <h1 id="moderate-heading">{tr(S::Moderation)}</h1>
            {move || match signed.get() {
                Signed::Checking => view! { <p role="status">{tr(S::ModChecking)}</p> }.into_any(),
                Signed::Out(why) => view! { <p class="banner banner-info" role="status">{tr(why)}</p> }.into_any(),
                Signed::In(moderator) => view! { <Queue moderator signed/> }.into_any(),
            }}
        </section>
    }
}

const SHOWN: [(&str, S); 4] = [
    ("pending", S::ModPending),
    ("hidden", S::ModHidden),
    ("published", S::ModPublished),
    ("declined", S::ModDeclined),
];

/// The stories of one status, and the log, for a signed-in moderator.
#[component]
fn Queue(moderator: Moderator, signed: RwSignal<Signed>) -> impl IntoView {
    let lang = use_lang();
    let moderator = StoredValue::new(moderator);
    let status = RwSignal::new("pending".to_owned());
    let reload = RwSignal::new(0u32);
    let said = RwSignal::new(None::<S>);
    let stories = LocalResource::new(move || {
        reload.track();
        let status = status.get();
        async move { moderator.get_value().stories(&status).await }
    });
    let log = LocalResource::new(move || {
        reload.track();
        async move { moderator.get_value().log().await }
    });
    let sign_out = move |_| {
        spawn_local(async move {
            let _ = moderator.get_value().sign_out().await;
            let _ = signed.try_set(Signed::Out(S::ModSignedOutNow));
        });
    };
    let done = Callback::new(move |outcome: S| {
        said.set(Some(outcome));
        reload.update(|n| *n += 1);
    });
    view! {
        <p>{tr(S::ModIntro)}</p>
        <p class="actions">
            <span>{move || S::ModSignedIn.fill(lang.get(), &[("name", &moderator.get_value().name)])}</span>
            <button type="button" class="button" on:click=sign_out>{tr(S::SignOut)}</button>
        </p>
        <div class="field">
            <label for="moderate-status">{tr(S::ModShow)}</label>
            <select id="moderate-status" on:change=move |ev| status.set(event_target_value(&ev))>
                {SHOWN.iter().map(|(value, label)| view! { <option value=*value>{tr(*label)}</option> }).collect_view()}
            </select>
        </div>
        <p role="status">{move || said.get().map(|text| tr(text)())}</p>
        {move || match stories.get() {
            None => view! { <p>{tr(S::ModChecking)}</p> }.into_any(),
            Some(Err(_)) => view! { <p class="banner banner-error">{tr(S::CommunityActionFailed)}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p>{tr(S::ModEmpty)}</p> }.into_any(),
            Some(Ok(_)) => ().into_any(),
        }}
        // Keyed outside the match, so a story being worked on keeps what was typed when the list reloads.
        <ul class="article-list">
            <For each=move || stories.get().and_then(Result::ok).unwrap_or_default()
                key=|s| (s.story.clone(), s.status.clone()) let:story>
                <Review story moderator done/>
            </For>
        </ul>
        <section class="card" aria-labelledby="moderation-log-heading">
            <h2 id="moderation-log-heading">{tr(S::ModLog)}</h2>
            {move || log.get().and_then(Result::ok).map(|entries| view! {
                <ul>
                    {entries.into_iter().map(|entry| {
                        let when = local_date(entry.at);
                        let who = entry.moderator.clone();
                        let action = log_action(&entry.action);
                        let detail = entry.detail.clone().map(|d| format!(" ({d})")).unwrap_or_default();
                        view! {
                            <li>
                                {move || {
                                    let lang = lang.get();
                                    let who = who.as_ref().map(|name| format!("{name}: ")).unwrap_or_default();
                                    format!("{} · {who}{}{detail}", format_short_date(lang, when), action.get(lang))
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

fn log_action(action: &str) -> S {
    match action {
        "published" => S::LogPublished,
        "declined" => S::LogDeclined,
        "withdrawn by its author" => S::LogWithdrawn,
        _ => S::LogHidden,
    }
}

/// One story under review: all of it, its reports, and the decisions.
#[component]
fn Review(story: ForReview, moderator: StoredValue<Moderator>, done: Callback<S>) -> impl IntoView {
    let lang = use_lang();
    let id = StoredValue::new(story.story.clone());
    let passage = RwSignal::new(String::new());
    let removing = RwSignal::new(Vec::<String>::new());
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<S>);
    let text = story.text.clone();
    let add_passage = move |_| {
        let typed = passage.get_untracked();
        if typed.trim().is_empty() || !text.contains(&typed) {
            problem.set(Some(S::ModPassageNotFound));
            return;
        }
        removing.update(|list| list.push(typed));
        passage.set(String::new());
        problem.set(None);
    };
    let settle = move |outcome: Result<(), ApiError>, success: S| match outcome {
        Ok(()) => done.run(success),
        Err(ApiError::Exists) => done.run(S::ModChanged),
        Err(_) => drop(problem.try_set(Some(S::CommunityActionFailed))),
    };
    let publish = move |_| {
        spawn_local(async move {
            let outcome = moderator
                .get_value()
                .publish(&id.get_value(), &removing.get_untracked())
                .await;
            settle(outcome, S::ModPublishedDone);
        });
    };
    let decline = move |_| {
        let why = reason.get_untracked().trim().to_owned();
        if why.is_empty() {
            problem.set(Some(S::ModNeedsReason));
            return;
        }
        spawn_local(async move {
            let outcome = moderator.get_value().decline(&id.get_value(), &why).await;
            settle(outcome, S::ModDeclinedDone);
        });
    };
    let heading = format!("review-{}", story.story);
    let label = heading.clone();
    let field = |name: &str| format!("{name}-{}", story.story);
    let (passage_id, reason_id) = (field("passage"), field("reason"));
    let (passage_for, reason_for) = (passage_id.clone(), reason_id.clone());
    let about: Vec<S> = story.conditions.iter().map(|c| condition_name(c)).collect();
    let sent = local_date(story.created);
    let reports = story.reports.clone();
    let declined_for = story.reason.clone();
    view! {
        <li class="card">
            <article aria-labelledby=label>
                <h2 id=heading class="meta">
                    {move || {
                        let lang = lang.get();
                        let about: Vec<&str> = about.iter().map(|c| c.get(lang)).collect();
                        format!("{} · {}", S::SentOn.fill(lang, &[("date", &format_short_date(lang, sent))]), about.join(", "))
                    }}
                </h2>
                {story.urgent.then(|| view! { <p class="banner banner-info">{tr(S::ModUrgent)}</p> })}
                {story.text.split("\n\n").map(|p| view! { <p class="story-preview">{p.to_owned()}</p> }).collect_view()}
                {declined_for.map(|why| view! { <p>{move || S::StatusWhy.fill(lang.get(), &[("reason", &why)])}</p> })}
                {(!reports.is_empty()).then(|| view! {
                    <h3>{tr(S::ModReports)}</h3>
                    <ul>{reports.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                })}
                <div class="field">
                    <label for=passage_for>{tr(S::ModPassage)}</label>
                    <input id=passage_id type="text" prop:value=move || passage.get() on:input=move |ev| passage.set(event_target_value(&ev))/>
                </div>
                <button type="button" class="button" on:click=add_passage>{tr(S::ModAddPassage)}</button>
                <Show when=move || !removing.get().is_empty()>
                    <p>{tr(S::ModToRemove)}</p>
                    <ul>
                        {move || removing.get().into_iter().enumerate().map(|(i, p)| view! {
                            <li>
                                {format!("\u{201c}{p}\u{201d} ")}
                                <button type="button" class="button" on:click=move |_| removing.update(|list| drop(list.remove(i)))>
                                    {tr(S::ModKeepPassage)}
                                </button>
                            </li>
                        }).collect_view()}
                    </ul>
                </Show>
                <p class="actions">
                    <button type="button" class="button button-primary" on:click=publish>{tr(S::Publish)}</button>
                </p>
                <div class="field">
                    <label for=reason_for>{tr(S::ModReason)}</label>
                    <textarea id=reason_id rows="3" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </div>
                <button type="button" class="button" on:click=decline>{tr(S::Decline)}</button>
                <p role="alert">{move || problem.get().map(|text| tr(text)())}</p>
            </article>
        </li>
    }
}
