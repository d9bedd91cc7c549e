//! Peer stories: the illustrative composites shipped with the app, by condition (the person's first), and the
//! community's published stories for the person's conditions, each labelled for what it is; the form that drafts
//! a story on this device, checks it, shows exactly what would be published and sends it for review; and the
//! author's own stories with where each is.

use crate::community::{self, Mine, Published};
use crate::i18n::{format_short_date, tr, use_lang, Lang, Text, S};
use crate::nav::Link;
use crate::pages::learn::{condition_name, conditions_of, use_catalog, UrgentHelp};
use crate::route::Route;
use crate::state::use_state;
use crate::sync::api::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tend_core::community::{submission_problems, SubmissionProblem, REPORT_REASONS};
use tend_core::learn::{StoryProblem, CONDITIONS};

const DRAFT_KEY: &str = "tend.storyDraft";

#[component]
pub fn Stories() -> impl IntoView {
    let state = use_state();
    let catalog = use_catalog();
    let mine = conditions_of(&state);
    let mut order: Vec<&'static str> = CONDITIONS.iter().copied().filter(|c| mine.contains(*c)).collect();
    order.extend(CONDITIONS.iter().copied().filter(|c| !mine.contains(*c)));
    view! {
        <section class="page stories" aria-labelledby="stories-heading">
            <p><Link to=Route::Learn>{tr(S::BackToLearn)}</Link></p>
            <h1 id="stories-heading">{tr(S::Stories)}</h1>
            <p>{tr(S::StoriesIntro)}</p>
            <p><Link to=Route::ShareStory class="button">{tr(S::ShareYourStory)}</Link></p>
            <CommunityStories conditions=mine.into_iter().collect()/>
            {move || {
                let Some(Ok(catalog)) = catalog.get() else {
                    return view! { <p>{tr(S::LoadingArticles)}</p> }.into_any();
                };
                order.iter().map(|condition| {
                    let stories: Vec<_> = catalog.items.iter().filter(|i| i.is_story() && i.group == *condition).cloned().collect();
                    let heading = format!("stories-{condition}");
                    let label = heading.clone();
                    view! {
                        <section class="card" aria-labelledby=label data-condition=*condition>
                            <h2 id=heading>{tr(condition_name(condition))}</h2>
                            <ul class="article-list">
                                {stories.into_iter().map(|story| view! {
                                    <li>
                                        <Link to=Route::Story(story.id.clone())>{story.title.clone()}</Link>
                                        <p class="item-summary">{story.summary.clone()}</p>
                                        <p class="meta">{tr(S::WrittenByTend)}</p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    }
                }).collect_view().into_any()
            }}
        </section>
    }
}

/// The community's published stories about the person's conditions (all of them when none is set), fetched
/// from the server and kept on the device, so they read offline once fetched.
#[component]
fn CommunityStories(conditions: Vec<String>) -> impl IntoView {
    let fetched = LocalResource::new(community::published);
    let about_mine = move |story: &Published| {
        conditions.is_empty() || story.conditions.iter().any(|c| conditions.contains(c))
    };
    let shown = move || {
        let (stories, note) = match fetched.get() {
            None => (community::kept(), Some(S::CommunityLoading)),
            Some(Ok(stories)) => (Some(stories), None),
            Some(Err(error)) => {
                let kept = community::kept();
                let note = match (&kept, error) {
                    (Some(_), _) => S::CommunityKept,
                    (None, ApiError::NoServer) => S::CommunityNoServer,
                    (None, _) => S::CommunityUnreachable,
                };
                (kept, Some(note))
            }
        };
        let stories: Vec<Published> = stories
            .unwrap_or_default()
            .into_iter()
            .filter(&about_mine)
            .collect();
        (stories, note)
    };
    let shown = Memo::new(move |_| shown());
    view! {
        <section class="card" aria-labelledby="community-heading">
            <h2 id="community-heading">{tr(S::CommunityHeading)}</h2>
            {move || shown.get().1.map(|note| view! { <p class="note" role="status">{tr(note)}</p> })}
            {move || {
                let (stories, note) = shown.get();
                (stories.is_empty() && note.is_none()).then(|| view! { <p>{tr(S::CommunityNone)}</p> })
            }}
            <ul class="article-list">
                <For each=move || shown.get().0 key=|story| story.story.clone() let:story>
                    <CommunityStory story/>
                </For>
            </ul>
        </section>
    }
}

/// A story a member of the community shared: shown as text, never as markup, with "this helped me" and Report.
#[component]
fn CommunityStory(story: Published) -> impl IntoView {
    let lang = use_lang();
    let id = StoredValue::new(story.story.clone());
    let helped = RwSignal::new(story.helped);
    let pressed = RwSignal::new(community::has_helped(&story.story));
    let reporting = RwSignal::new(false);
    let reason = RwSignal::new(REPORT_REASONS[0].to_owned());
    let said = RwSignal::new(None::<S>);
    let help = move |_| {
        if pressed.get_untracked() {
            return;
        }
        spawn_local(async move {
            match community::helped(&id.get_value()).await {
                Ok(count) => {
                    let _ = helped.try_set(count);
                    let _ = pressed.try_set(true);
                }
                Err(_) => drop(said.try_set(Some(S::CommunityActionFailed))),
            }
        });
    };
    let report = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let done = community::report(&id.get_value(), &reason.get_untracked()).await;
            let _ = said.try_set(Some(match done {
                Ok(()) => S::ReportSent,
                Err(_) => S::CommunityActionFailed,
            }));
            let _ = reporting.try_set(false);
        });
    };
    let about = story
        .conditions
        .iter()
        .map(|c| condition_name(c))
        .collect::<Vec<_>>();
    let heading = format!("community-story-{}", story.story);
    let label = heading.clone();
    let select = format!("report-reason-{}", story.story);
    view! {
        <li>
            <article aria-labelledby=label>
                <h3 id=heading class="meta">
                    {move || {
                        let lang = lang.get();
                        let about: Vec<&str> = about.iter().map(|c| c.get(lang)).collect();
                        format!("{} · {}", S::SharedByCommunity.get(lang), about.join(", "))
                    }}
                </h3>
                {story.urgent.then(|| view! { <UrgentHelp of=story.story.clone()/> })}
                {story.text.split("\n\n").map(|paragraph| view! { <p class="story-preview">{paragraph.to_owned()}</p> }).collect_view()}
                <p class="actions">
                    <button type="button" class="button" aria-pressed=move || pressed.get().to_string() on:click=help>
                        {tr(S::HelpedMe)}
                    </button>
                    <span>{move || S::FoundHelpful.fill(lang.get(), &[("n", &helped.get())])}</span>
                    <button type="button" class="button" aria-expanded=move || reporting.get().to_string()
                        on:click=move |_| reporting.update(|r| *r = !*r)>
                        {tr(S::Report)}
                    </button>
                </p>
                <Show when=move || reporting.get()>
                    <form on:submit=report>
                        <div class="field">
                            <label for=select.clone()>{tr(S::ReportWhy)}</label>
                            <select id=select.clone() on:change=move |ev| reason.set(event_target_value(&ev))>
                                {REPORT_REASONS.iter().map(|r| view! { <option value=*r>{tr(report_reason(r))}</option> }).collect_view()}
                            </select>
                        </div>
                        <button type="submit" class="button button-primary">{tr(S::SendReport)}</button>
                    </form>
                </Show>
                <p role="status">{move || said.get().map(|text| tr(text)())}</p>
            </article>
        </li>
    }
}

fn report_reason(reason: &str) -> S {
    match reason {
        "personal-details" => S::ReasonPersonal,
        "dosing-advice" => S::ReasonDosing,
        "harmful" => S::ReasonHarmful,
        "promotion" => S::ReasonPromotion,
        _ => S::ReasonOther,
    }
}

/// Where sending a story got to.
#[derive(Clone, Copy, PartialEq)]
enum Sending {
    Not,
    Under,
    Sent,
    Failed(S),
}

/// Drafts a story on this device, checks it with the core's rules (the server runs the same again), shows exactly
/// what will be published, and sends it for review with the person's consent.
#[component]
pub fn ShareStory() -> impl IntoView {
    let lang = use_lang();
    let text = RwSignal::new(saved_draft());
    let chosen = RwSignal::new(Vec::<String>::new());
    let consent = RwSignal::new(false);
    let checked = RwSignal::new(None::<Vec<SubmissionProblem>>);
    let sending = RwSignal::new(Sending::Not);
    let refresh = RwSignal::new(0u32);
    let save = move |value: String| {
        crate::prefs::store(DRAFT_KEY, Some(&value));
        text.set(value);
        checked.set(None);
        sending.set(Sending::Not);
    };
    let toggle = move |condition: &'static str, on: bool| {
        chosen.update(|list| {
            list.retain(|c| c != condition);
            if on {
                list.push(condition.to_owned());
            }
        });
        checked.set(None);
    };
    let check = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let problems = submission_problems(
            &text.get_untracked(),
            &chosen.get_untracked(),
            consent.get_untracked(),
        );
        checked.set(Some(problems));
    };
    let send = move |_| {
        sending.set(Sending::Under);
        spawn_local(async move {
            let done = community::submit(text.get_untracked().trim(), &chosen.get_untracked()).await;
            let outcome = match done {
                Ok(()) => {
                    crate::prefs::store(DRAFT_KEY, None);
                    let _ = text.try_set(String::new());
                    let _ = refresh.try_update(|n| *n += 1);
                    Sending::Sent
                }
                Err(ApiError::NoServer) => Sending::Failed(S::StoryNoServer),
                Err(ApiError::Busy) => Sending::Failed(S::StoryBusy),
                Err(ApiError::Refused(_)) => Sending::Failed(S::StoryRefused),
                Err(_) => Sending::Failed(S::StoryOffline),
            };
            let _ = sending.try_set(outcome);
        });
    };
    view! {
        <section class="page" aria-labelledby="share-heading">
            <p><Link to=Route::Stories>{tr(S::BackToStories)}</Link></p>
            <h1 id="share-heading">{tr(S::ShareYourStory)}</h1>
            <p>{tr(S::ShareIntro)}</p>
            <form on:submit=check novalidate>
                <fieldset class="field">
                    <legend>{tr(S::StoryConditions)}</legend>
                    {CONDITIONS.iter().map(|c| {
                        let id = format!("story-condition-{c}");
                        let target = id.clone();
                        view! {
                            <label class="check" for=target>
                                <input id=id type="checkbox" on:change=move |ev| toggle(c, event_target_checked(&ev))/>
                                {tr(condition_name(c))}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label for="story-text">{tr(S::YourStory)}</label>
                    <textarea id="story-text" rows="10" prop:value=move || text.get() on:input=move |ev| save(event_target_value(&ev))></textarea>
                </div>
                <label class="check" for="story-consent">
                    <input id="story-consent" type="checkbox" prop:checked=move || consent.get()
                        on:change=move |ev| { consent.set(event_target_checked(&ev)); checked.set(None); }/>
                    {tr(S::StoryConsent)}
                </label>
                <button type="submit" class="button button-primary">{tr(S::CheckStory)}</button>
            </form>
            {move || checked.get().map(|problems| {
                if !problems.is_empty() {
                    let lang = lang.get();
                    return view! {
                        <div class="banner banner-error" role="alert">
                            <p>{S::StoryHeldBack.get(lang)}</p>
                            <ul>{problems.iter().map(|p| view! { <li>{problem_text(p, lang)}</li> }).collect_view()}</ul>
                        </div>
                    }.into_any();
                }
                view! { <Preview text chosen sending send/> }.into_any()
            })}
            <YourStories refresh/>
        </section>
    }
}

/// Exactly what will be published, and the button that sends it.
#[component]
fn Preview(
    text: RwSignal<String>,
    chosen: RwSignal<Vec<String>>,
    sending: RwSignal<Sending>,
    send: impl Fn(web_sys::MouseEvent) + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let about = move || {
        let lang = lang.get();
        let names: Vec<&str> = chosen.get().iter().map(|c| condition_name(c).get(lang)).collect();
        S::StoryAbout.fill(lang, &[("conditions", &names.join(", "))])
    };
    view! {
        <h2>{tr(S::StoryExactly)}</h2>
        <div class="card">
            <p class="meta">{about}</p>
            // Shown as text, never as markup, whatever was typed.
            {move || text.get().split("\n\n").map(|p| view! { <p class="story-preview">{p.to_owned()}</p> }).collect_view()}
        </div>
        <button type="button" class="button button-primary" on:click=send
            disabled=move || matches!(sending.get(), Sending::Under | Sending::Sent)>
            {move || if sending.get() == Sending::Under { tr(S::Sending)() } else { tr(S::SendForReview)() }}
        </button>
        <div role="status">
            {move || match sending.get() {
                Sending::Sent => Some(view! { <p class="banner banner-info">{tr(S::StorySent)}</p> }.into_any()),
                Sending::Failed(why) => Some(view! { <p class="banner banner-error">{tr(why)}</p> }.into_any()),
                _ => None,
            }}
        </div>
    }
}

/// The stories this device shared, with where each is, and withdrawing one.
#[component]
fn YourStories(refresh: RwSignal<u32>) -> impl IntoView {
    let listed = LocalResource::new(move || {
        refresh.track();
        async move {
            match community::is_author() {
                true => community::mine().await.map(Some),
                false => Ok(None),
            }
        }
    });
    move || match listed.get() {
        Some(Ok(Some(stories))) if !stories.is_empty() => view! {
            <section class="card" aria-labelledby="your-stories-heading">
                <h2 id="your-stories-heading">{tr(S::YourStories)}</h2>
                <ul class="article-list">
                    <For each=move || stories.clone() key=|s| (s.story.clone(), s.status.clone()) let:story>
                        <YourStory story refresh/>
                    </For>
                </ul>
            </section>
        }
        .into_any(),
        Some(Err(_)) => {
            view! { <p class="note" role="status">{tr(S::YourStoriesUnreachable)}</p> }.into_any()
        }
        _ => ().into_any(),
    }
}

#[component]
fn YourStory(story: Mine, refresh: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let asking = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let id = StoredValue::new(story.story.clone());
    let withdraw = move |_| {
        spawn_local(async move {
            match community::withdraw(&id.get_value()).await {
                Ok(()) => drop(refresh.try_update(|n| *n += 1)),
                Err(_) => drop(failed.try_set(true)),
            }
        });
    };
    let status = match story.status.as_str() {
        "published" => S::StatusPublished,
        "declined" => S::StatusDeclined,
        "hidden" => S::StatusHidden,
        "withdrawn" => S::StatusWithdrawn,
        _ => S::StatusPending,
    };
    let withdrawn = story.status == "withdrawn";
    let sent = local_date(story.created);
    let reason = story.reason.clone();
    let excerpt: String = story.text.chars().take(160).collect();
    view! {
        <li>
            <p><strong>{tr(status)}</strong>" · "{move || S::SentOn.fill(lang.get(), &[("date", &format_short_date(lang.get(), sent))])}</p>
            {reason.map(|reason| view! { <p>{move || S::StatusWhy.fill(lang.get(), &[("reason", &reason)])}</p> })}
            {(!excerpt.is_empty()).then(|| view! { <p class="item-summary">{excerpt}</p> })}
            {(!withdrawn).then(|| view! {
                <Show when=move || asking.get() fallback=move || view! {
                    <button type="button" class="button" on:click=move |_| asking.set(true)>{tr(S::Withdraw)}</button>
                }>
                    <p>{tr(S::WithdrawConfirm)}</p>
                    <p class="actions">
                        <button type="button" class="button button-primary" on:click=withdraw>{tr(S::WithdrawYes)}</button>
                        <button type="button" class="button" on:click=move |_| asking.set(false)>{tr(S::KeepIt)}</button>
                    </p>
                </Show>
            })}
            <p role="status">{move || failed.get().then(|| tr(S::CommunityActionFailed)())}</p>
        </li>
    }
}

/// The local date of an instant the server gives (milliseconds since 1970).
pub fn local_date(millis: i64) -> chrono::NaiveDate {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis as f64));
    chrono::NaiveDate::from_ymd_opt(date.get_full_year() as i32, date.get_month() + 1, date.get_date())
        .unwrap_or_default()
}

fn problem_text(problem: &SubmissionProblem, lang: Lang) -> String {
    let quoted = |label: S, what: &str| format!("{} \u{201c}{what}\u{201d}", label.get(lang));
    match problem {
        SubmissionProblem::Story(StoryProblem::Name(w)) => quoted(S::ProblemName, w),
        SubmissionProblem::Story(StoryProblem::Phone(w)) => quoted(S::ProblemPhone, w),
        SubmissionProblem::Story(StoryProblem::Email(w)) => quoted(S::ProblemEmail, w),
        SubmissionProblem::Story(StoryProblem::DosingAdvice(w)) => quoted(S::ProblemDosing, w),
        SubmissionProblem::TooShort => S::ProblemTooShort.get(lang).to_owned(),
        SubmissionProblem::TooLong => S::ProblemTooLong.get(lang).to_owned(),
        SubmissionProblem::NoCondition => S::ProblemNoCondition.get(lang).to_owned(),
        SubmissionProblem::TooManyConditions => S::ProblemTooManyConditions.get(lang).to_owned(),
        SubmissionProblem::UnknownCondition(c) => quoted(S::ProblemNoCondition, c),
        SubmissionProblem::NoConsent => S::ProblemNoConsent.get(lang).to_owned(),
    }
}

fn saved_draft() -> String {
    crate::prefs::stored(DRAFT_KEY).unwrap_or_default()
}
