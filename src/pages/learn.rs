//! Learn: the education library, the person's conditions first, searchable, readable offline once opened;
//! the article page with its sources and reviewed date; and the suggested next article on Today.

use crate::content::{self, Catalog, Full, Item, READ};
use crate::i18n::{format_short_date, tr, use_lang, Lang, Text, S};
use crate::nav::{use_route, Link};
use crate::route::Route;
use crate::state::{use_state, AppState};
use crate::storage::Change;
use crate::zone_rules::IntlRules;
use leptos::prelude::*;
use std::collections::BTreeSet;
use tend_core::dataset::ZoneContext;
use tend_core::learn::{next_article, Reason, CONDITIONS};
use tend_core::Id;

/// The catalog in the current language, loaded once per language.
pub fn use_catalog() -> LocalResource<Result<Catalog, String>> {
    let lang = use_lang();
    LocalResource::new(move || content::catalog(lang.get()))
}

pub fn condition_name(id: &str) -> S {
    match id {
        "high-blood-pressure" => S::CondHighBloodPressure,
        "type-2-diabetes" => S::CondType2Diabetes,
        "high-cholesterol" => S::CondHighCholesterol,
        "asthma" => S::CondAsthma,
        "copd" => S::CondCopd,
        "heart-failure" => S::CondHeartFailure,
        "atrial-fibrillation" => S::CondAtrialFibrillation,
        "depression" => S::CondDepression,
        "hypothyroidism" => S::CondHypothyroidism,
        "hiv" => S::CondHiv,
        _ => S::ForEveryone,
    }
}

/// The conditions of the person shown: chosen in their profile, or linked to one of their medicines.
pub fn conditions_of(state: &AppState) -> BTreeSet<String> {
    let shown = state.target_profile();
    state.data.with(|d| {
        let profiles = d
            .profiles
            .iter()
            .filter(|p| !p.meta.deleted && Some(p.meta.id) == shown);
        let medicines = d
            .medications
            .iter()
            .filter(|m| !m.meta.deleted && Some(m.meta.profile_id) == shown);
        profiles
            .flat_map(|p| p.conditions.iter())
            .chain(medicines.flat_map(|m| m.conditions.iter()))
            .cloned()
            .collect()
    })
}

/// Conditions in display order: the person's first, then the rest in the library's order.
fn ordered(catalog: &Catalog, mine: &BTreeSet<String>) -> Vec<(String, bool)> {
    let (first, rest): (Vec<_>, Vec<_>) = catalog.conditions.iter().cloned().partition(|c| mine.contains(c));
    first
        .into_iter()
        .map(|c| (c, true))
        .chain(rest.into_iter().map(|c| (c, false)))
        .collect()
}

#[component]
pub fn Learn() -> impl IntoView {
    let catalog = use_catalog();
    let query = RwSignal::new(String::new());
    view! {
        <section class="page learn" aria-labelledby="learn-heading">
            <h1 id="learn-heading">{tr(S::Learn)}</h1>
            <p>{tr(S::LearnIntro)}</p>
            <p><Link to=Route::Stories>{tr(S::StoriesLink)}</Link></p>
            <div class="field">
                <label for="learn-search">{tr(S::SearchArticles)}</label>
                <input id="learn-search" type="search" autocomplete="off" prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))/>
            </div>
            {move || match catalog.get() {
                None => view! { <p>{tr(S::LoadingArticles)}</p> }.into_any(),
                Some(Err(_)) => view! { <p class="banner banner-error" role="alert">{tr(S::ArticlesOffline)}</p> }.into_any(),
                Some(Ok(catalog)) if !query.get().trim().is_empty() => view! { <SearchResults catalog query/> }.into_any(),
                Some(Ok(catalog)) => view! { <Library catalog/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn SearchResults(catalog: Catalog, query: RwSignal<String>) -> impl IntoView {
    move || {
        let found: Vec<Item> = catalog.search(&query.get()).into_iter().cloned().collect();
        let count = found.len();
        view! {
            <p role="status">{move || format!("{} {count}", S::Results.get(use_lang().get()))}</p>
            <ul class="article-list">{found.into_iter().map(|item| view! { <ArticleLink item/> }).collect_view()}</ul>
        }
    }
}

#[component]
fn Library(catalog: Catalog) -> impl IntoView {
    let state = use_state();
    let read = READ.get();
    let sections = move || {
        let mine = conditions_of(&state);
        let catalog = catalog.clone();
        let mut out: Vec<AnyView> = ordered(&catalog, &mine)
            .into_iter()
            .map(|(condition, is_mine)| {
                let items: Vec<Item> = catalog
                    .items
                    .iter()
                    .filter(|i| !i.is_story() && i.group == condition)
                    .cloned()
                    .collect();
                view! { <ConditionSection condition items is_mine read=read.clone()/> }.into_any()
            })
            .collect();
        let everyone: Vec<Item> = catalog
            .items
            .iter()
            .filter(|i| i.group == "cross-cutting")
            .cloned()
            .collect();
        out.insert(
            mine.len(),
            view! { <ConditionSection condition="cross-cutting".into() items=everyone is_mine=false read=read.clone()/> }
                .into_any(),
        );
        out
    };
    view! {
        <ConditionChooser/>
        {sections}
    }
}

#[component]
fn ConditionSection(
    condition: String,
    items: Vec<Item>,
    is_mine: bool,
    read: BTreeSet<String>,
) -> impl IntoView {
    let heading_id = format!("condition-{condition}");
    let done = items.iter().filter(|i| read.contains(&i.id)).count();
    let total = items.len();
    let name = condition_name(&condition);
    view! {
        <section class="card condition" aria-labelledby=heading_id data-condition=condition>
            <h2 id=heading_id.clone()>{tr(name)}</h2>
            {is_mine.then(|| view! { <p class="for-you">{tr(S::ForYou)}</p> })}
            <p class="progress">{move || format!("{done} / {total} {}", S::ArticlesRead.get(use_lang().get()))}</p>
            <ul class="article-list">{items.into_iter().map(|item| view! { <ArticleLink item/> }).collect_view()}</ul>
        </section>
    }
}

#[component]
fn ArticleLink(item: Item) -> impl IntoView {
    let read = READ.get().contains(&item.id);
    let to = if item.is_story() {
        Route::Story(item.id.clone())
    } else {
        Route::Article(item.id.clone())
    };
    // Untranslated items keep their English text, marked so a screen reader reads it as English.
    let (text_lang, minutes) = (item.lang.clone(), item.minutes);
    let title = view! { <span lang=text_lang.clone()>{item.title}</span> };
    view! {
        <li>
            <Link to>{title}</Link>
            <p class="item-summary" lang=text_lang>{item.summary}</p>
            <p class="meta">
                {move || format!("{minutes} {}", S::MinutesRead.get(use_lang().get()))}
                {read.then(|| view! { " · " <span class="read">{tr(S::Read)}</span> })}
            </p>
        </li>
    }
}

/// The person's conditions, saved in their profile; these sections come first.
#[component]
fn ConditionChooser() -> impl IntoView {
    let state = use_state();
    let profile = Memo::new(move |_| state.target_profile());
    let toggle = move |condition: &'static str, on: bool| {
        let Some(id) = profile.get_untracked() else { return };
        let Some(mut person) = state.data.with_untracked(|d| d.profile(id).cloned()) else {
            return;
        };
        person.conditions.retain(|c| c != condition);
        if on {
            person.conditions.push(condition.to_owned());
        }
        person.meta.stamp = state.stamp();
        state.save(
            Change {
                profiles: vec![person],
                ..Change::default()
            },
            None::<S>,
        );
    };
    view! {
        <details class="card">
            <summary>{tr(S::ChooseConditions)}</summary>
            <fieldset>
                <legend>{tr(S::ConditionsLegend)}</legend>
                {CONDITIONS.iter().map(|&condition| {
                    let id = format!("has-{condition}");
                    let checked = move || {
                        let person = profile.get();
                        state.data.with(|d| person.and_then(|p| d.profile(p)).is_some_and(|p| p.conditions.iter().any(|c| c == condition)))
                    };
                    view! {
                        <label class="check" for=id>
                            <input id=id.clone() type="checkbox" prop:checked=checked on:change=move |ev| toggle(condition, event_target_checked(&ev))/>
                            {tr(condition_name(condition))}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
        </details>
    }
}

/// One article or story: fetched from its bundle (then cached by the service worker for offline reading).
#[component]
pub fn Article(id: String) -> impl IntoView {
    let lang = use_lang();
    let catalog = use_catalog();
    let wanted = id.clone();
    let full = LocalResource::new(move || {
        let id = wanted.clone();
        let catalog = catalog.get();
        async move {
            let group = match catalog {
                Some(Ok(c)) => c.item(&id).map(|i| i.group.clone()).ok_or(())?,
                Some(Err(_)) => return Err(()),
                None => return Err(()),
            };
            content::full(lang.get_untracked(), &group, &id)
                .await
                .map_err(drop)
        }
    });
    READ.set(&id, true);
    view! {
        <article class="page article">
            {move || match (catalog.get(), full.get()) {
                (Some(Ok(_)), Some(Ok(full))) => view! { <ArticleBody full/> }.into_any(),
                (Some(Ok(c)), _) if c.item(&id).is_none() => view! {
                    <h1>{tr(S::ArticleNotFound)}</h1>
                    <p><Link to=Route::Learn>{tr(S::BackToLearn)}</Link></p>
                }.into_any(),
                (Some(Err(_)), _) | (_, Some(Err(_))) => view! {
                    <p class="banner banner-error" role="alert">{tr(S::ArticlesOffline)}</p>
                }.into_any(),
                _ => view! { <p>{tr(S::LoadingArticles)}</p> }.into_any(),
            }}
        </article>
    }
}

#[component]
fn ArticleBody(full: Full) -> impl IntoView {
    let lang = use_lang();
    let route = use_route();
    let story = full.kind == "story";
    let reviewed = chrono::NaiveDate::parse_from_str(&full.reviewed, "%Y-%m-%d").ok();
    let other_language = full.lang != lang.get_untracked().code();
    // Links inside an article stay in the app.
    let follow_links = move |ev: web_sys::MouseEvent| {
        use wasm_bindgen::JsCast;
        let Some(link) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a").ok().flatten())
        else {
            return;
        };
        if let Some(href) = link.get_attribute("href").filter(|h| h.starts_with('/')) {
            ev.prevent_default();
            route.go(Route::parse(&href));
        }
    };
    let back = if story {
        (Route::Stories, S::BackToStories)
    } else {
        (Route::Learn, S::BackToLearn)
    };
    view! {
        <p><Link to=back.0>{tr(back.1)}</Link></p>
        <h1 lang=full.lang.clone()>{full.title.clone()}</h1>
        <p class="meta">
            {move || format!("{} {}", full.minutes, S::MinutesRead.get(lang.get()))}
            {reviewed.map(|date| view! { " · " {move || format!("{} {}", S::Reviewed.get(lang.get()), format_short_date(lang.get(), date))} })}
        </p>
        {story.then(|| view! { <p class="composite">{tr(S::CompositeLabel)}</p> })}
        {other_language.then(|| view! { <p class="note">{tr(S::NotTranslated)}</p> })}
        {full.urgent_help.then(|| view! { <UrgentHelp/> })}
        // Rendered at build time from Markdown with raw HTML refused: only the renderer's own tags, text escaped.
        <div class="article-body" lang=full.lang.clone() inner_html=full.html.clone() on:click=follow_links></div>
        {story.then(|| view! { <HelpedMe id=full.id.clone()/> })}
        {(!full.sources.is_empty()).then(|| view! {
            <h2>{tr(S::Sources)}</h2>
            <ul class="sources">
                {full.sources.iter().map(|s| view! { <li><a href=s.url.clone() rel="noopener noreferrer">{s.title.clone()}</a></li> }).collect_view()}
            </ul>
        })}
        <p class="disclaimer">{tr(S::Disclaimer)}</p>
    }
}

/// Where to get help now: shown with depression content and stories that touch low mood. `of` tells one box from
/// another where a page shows several (a story's id).
#[component]
pub fn UrgentHelp(#[prop(optional)] of: String) -> impl IntoView {
    let heading = format!("urgent-help-heading{of}");
    let label = heading.clone();
    view! {
        <aside class="urgent-help" aria-labelledby=label>
            <h2 id=heading>{tr(S::UrgentHelpTitle)}</h2>
            <p>{tr(S::UrgentHelpEmergency)}</p>
            <p>{tr(S::UrgentHelpLines)}</p>
        </aside>
    }
}

/// "This helped me": kept on this device only.
#[component]
fn HelpedMe(id: String) -> impl IntoView {
    let helped = RwSignal::new(content::HELPED.get().contains(&id));
    let toggle = move |_| {
        let on = !helped.get_untracked();
        content::HELPED.set(&id, on);
        helped.set(on);
    };
    view! {
        <button type="button" class="button" aria-pressed=move || helped.get().to_string() on:click=toggle>
            {tr(S::HelpedMe)}
        </button>
        <p class="meta">{tr(S::HelpedMeLocal)}</p>
    }
}

/// The suggested next article, on Today, with the reason it is suggested.
#[component]
pub fn NextBestCard() -> impl IntoView {
    let state = use_state();
    let lang = use_lang();
    let reason = Memo::new(move |_| {
        let now = state.now.get();
        let profile = state.profile.get();
        state.data.with(|d| {
            let zone = state.zone();
            let rules = IntlRules;
            let today = state.today();
            next_article(d, &ZoneContext::recorded(d, &zone), &rules, profile, now, today)
                .ok()
                .flatten()
        })
    });
    // The catalog is fetched only when there is something to suggest.
    let catalog = LocalResource::new(move || {
        let wanted = reason.get().is_some();
        let lang = lang.get();
        async move {
            if wanted {
                content::catalog(lang).await.ok()
            } else {
                None
            }
        }
    });
    move || {
        let reason = reason.get()?;
        let catalog = catalog.get()??;
        let item = catalog.item(reason.article())?.clone();
        let why = why_text(&state, &reason, lang.get());
        Some(view! {
            <section class="card next-article" aria-labelledby="next-article-heading">
                <h2 id="next-article-heading">{tr(S::SuggestedForYou)}</h2>
                <p class="why">{why}</p>
                <p><Link to=Route::Article(item.id.clone())>{item.title.clone()}</Link></p>
                <p class="item-summary">{item.summary.clone()}</p>
            </section>
        })
    }
}

fn why_text(state: &AppState, reason: &Reason, lang: Lang) -> String {
    let name = |id: &Id| {
        state
            .data
            .with_untracked(|d| d.medication(*id).map(|m| m.name.clone()).unwrap_or_default())
    };
    match reason {
        Reason::SideEffectNoted { medication } => {
            format!("{} {}.", S::WhySideEffect.get(lang), name(medication))
        }
        Reason::MissedThisWeek { count } => format!("{} {count}.", S::WhyMissed.get(lang)),
        Reason::RefillDue { medication } => format!("{} {}.", S::WhyRefill.get(lang), name(medication)),
        Reason::StartedRecently { medication } => format!("{} {}.", S::WhyNew.get(lang), name(medication)),
    }
}
