//! Peer stories: illustrative composites shipped with the app, by condition (the person's first), each with
//! "this helped me"; and the form that drafts a story locally and checks it before it could be shared.

use crate::i18n::{tr, use_lang, Lang, Text, S};
use crate::nav::Link;
use crate::pages::learn::{condition_name, conditions_of, use_catalog};
use crate::route::Route;
use crate::state::use_state;
use leptos::prelude::*;
use tend_core::learn::{story_problems, StoryProblem, CONDITIONS};

const DRAFT_KEY: &str = "tend.storyDraft";

#[component]
pub fn Stories() -> impl IntoView {
    let state = use_state();
    let catalog = use_catalog();
    view! {
        <section class="page stories" aria-labelledby="stories-heading">
            <p><Link to=Route::Learn>{tr(S::BackToLearn)}</Link></p>
            <h1 id="stories-heading">{tr(S::Stories)}</h1>
            <p>{tr(S::StoriesIntro)}</p>
            <p><Link to=Route::ShareStory class="button">{tr(S::ShareYourStory)}</Link></p>
            {move || {
                let Some(Ok(catalog)) = catalog.get() else {
                    return view! { <p>{tr(S::LoadingArticles)}</p> }.into_any();
                };
                let mine = conditions_of(&state);
                let mut order: Vec<&str> = CONDITIONS.iter().copied().filter(|c| mine.contains(*c)).collect();
                order.extend(CONDITIONS.iter().copied().filter(|c| !mine.contains(*c)));
                order.into_iter().map(|condition| {
                    let stories: Vec<_> = catalog.items.iter().filter(|i| i.is_story() && i.group == condition).cloned().collect();
                    let heading = format!("stories-{condition}");
                    view! {
                        <section class="card" aria-labelledby=heading data-condition=condition>
                            <h2 id=heading.clone()>{tr(condition_name(condition))}</h2>
                            <ul class="article-list">
                                {stories.into_iter().map(|story| view! {
                                    <li>
                                        <Link to=Route::Story(story.id.clone())>{story.title.clone()}</Link>
                                        <p class="item-summary">{story.summary.clone()}</p>
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

/// Drafts a story on this device and checks it for names, contact details and dosing advice. Sending needs the
/// community endpoint of a Tend server; until one is set up, the draft stays here.
#[component]
pub fn ShareStory() -> impl IntoView {
    let lang = use_lang();
    let text = RwSignal::new(saved_draft());
    let condition = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let checked = RwSignal::new(None::<Vec<StoryProblem>>);
    let save = move |value: String| {
        crate::prefs::store(DRAFT_KEY, Some(&value));
        text.set(value);
        checked.set(None);
    };
    let check = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        checked.set(Some(story_problems(&text.get_untracked())));
    };
    view! {
        <section class="page" aria-labelledby="share-heading">
            <p><Link to=Route::Stories>{tr(S::BackToStories)}</Link></p>
            <h1 id="share-heading">{tr(S::ShareYourStory)}</h1>
            <p>{tr(S::ShareIntro)}</p>
            <form on:submit=check novalidate>
                <div class="field">
                    <label for="story-condition">{tr(S::StoryCondition)}</label>
                    <select id="story-condition" on:change=move |ev| condition.set(event_target_value(&ev))>
                        <option value="">{tr(S::ChooseOne)}</option>
                        {CONDITIONS.iter().map(|c| view! { <option value=*c>{tr(condition_name(c))}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="story-text">{tr(S::YourStory)}</label>
                    <textarea id="story-text" rows="10" prop:value=move || text.get() on:input=move |ev| save(event_target_value(&ev))></textarea>
                </div>
                <label class="check" for="story-consent">
                    <input id="story-consent" type="checkbox" prop:checked=move || consent.get() on:change=move |ev| consent.set(event_target_checked(&ev))/>
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
                let ready = consent.get() && !condition.get().is_empty();
                view! {
                    <div class="banner" role="status">
                        <p>{if ready { tr(S::StoryReadyNoServer) } else { tr(S::StoryNeedsConsent) }}</p>
                    </div>
                    <h2>{tr(S::Preview)}</h2>
                    // Shown as text, never as markup, whatever was typed.
                    <p class="story-preview">{text.get()}</p>
                }.into_any()
            })}
        </section>
    }
}

fn problem_text(problem: &StoryProblem, lang: Lang) -> String {
    let (label, what) = match problem {
        StoryProblem::Name(w) => (S::ProblemName, w),
        StoryProblem::Phone(w) => (S::ProblemPhone, w),
        StoryProblem::Email(w) => (S::ProblemEmail, w),
        StoryProblem::DosingAdvice(w) => (S::ProblemDosing, w),
    };
    format!("{} \u{201c}{what}\u{201d}", label.get(lang))
}

fn saved_draft() -> String {
    crate::prefs::stored(DRAFT_KEY).unwrap_or_default()
}
