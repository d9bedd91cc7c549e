//! The community API (docs/community.md): authors submit stories for review, follow and withdraw them; readers
//! read the published ones, say one helped and report one. Authors and readers are anonymous: each device sends
//! a random token of its own (`Authorization: Bearer`), which the server keeps only as a hash, so it can tell an
//! author their stories and count a reader once, without an account and without any link to a sync space.

use crate::api::{uuid_bytes, uuid_text, Answer, ApiError, Shared};
use crate::store::Hash;
use crate::stories::{NewStory, Story, Submitted, SUBMISSIONS_PER_DAY};
use crate::{tokens, Sync};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;
use tend_core::community::{
    submission_problems, touches_self_harm, SubmissionProblem, MAX_CONDITIONS, MAX_REASON_CHARS,
    REPORT_REASONS, STORY_MAX_CHARS, STORY_MIN_CHARS,
};
use tend_core::learn::{StoryProblem, CONDITIONS};

/// A story of the longest length in four-byte characters, and the rest of its body.
pub const MAX_STORY_BODY: usize = STORY_MAX_CHARS * 4 + 4096;

pub fn routes(sync: Arc<Sync>) -> Router {
    let submit = post(submit).route_layer(from_fn_with_state(sync.clone(), limit_submissions));
    Router::new()
        .route("/community/stories", submit.get(published))
        .route("/community/stories/{story}", delete(withdraw))
        .route("/community/stories/{story}/helped", post(helped))
        .route("/community/stories/{story}/reports", post(report))
        .route("/community/mine", get(mine))
        .layer(DefaultBodyLimit::max(MAX_STORY_BODY))
        .route_layer(from_fn_with_state(sync.clone(), crate::api::limit_address))
        .with_state(sync)
}

/// Submissions are also limited per address, before the body is read (see `limits::STORY_RATE`).
async fn limit_submissions(State(sync): Shared, request: Request, next: Next) -> Response {
    let address = crate::api::client_address(&request, sync.trust_proxy);
    match sync.limits.submission(address) {
        Ok(()) => next.run(request).await,
        Err(seconds) => ApiError::too_many(seconds).into_response(),
    }
}

/// The hash of the device's anonymous token: 32 random bytes, base64url.
fn anonymous(headers: &HeaderMap) -> Answer<Hash> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .and_then(|token| tokens::decode(token.trim()))
        .filter(|bytes| bytes.len() == 32)
        .ok_or_else(|| {
            ApiError::unauthorized(
                "This request needs the device's community token: 32 random bytes, base64url.",
            )
        })?;
    Ok(tokens::digest(&token))
}

pub(crate) fn no_story() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "There is no such story.")
}

pub(crate) fn story_id(path: Result<Path<String>, PathRejection>) -> Answer<crate::store::Id> {
    let Path(story) = path.map_err(|_| no_story())?;
    uuid_bytes(&story).ok_or_else(no_story)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Submission {
    text: String,
    conditions: Vec<String>,
    consent: bool,
}

/// A problem as the API names it, with the words it is about.
fn problem_json(problem: &SubmissionProblem) -> Value {
    let (name, words) = match problem {
        SubmissionProblem::Story(StoryProblem::Name(w)) => ("name", Some(w)),
        SubmissionProblem::Story(StoryProblem::Phone(w)) => ("phone", Some(w)),
        SubmissionProblem::Story(StoryProblem::Email(w)) => ("email", Some(w)),
        SubmissionProblem::Story(StoryProblem::DosingAdvice(w)) => ("dosing_advice", Some(w)),
        SubmissionProblem::TooShort => ("too_short", None),
        SubmissionProblem::TooLong => ("too_long", None),
        SubmissionProblem::NoCondition => ("no_condition", None),
        SubmissionProblem::TooManyConditions => ("too_many_conditions", None),
        SubmissionProblem::UnknownCondition(c) => ("unknown_condition", Some(c)),
        SubmissionProblem::NoConsent => ("no_consent", None),
    };
    json!({ "problem": name, "words": words })
}

/// A story for review: the core's checks run again here, so a client that skips them is refused all the same.
async fn submit(
    State(sync): Shared,
    headers: HeaderMap,
    body: Result<Json<Submission>, JsonRejection>,
) -> Answer<Response> {
    let author_hash = anonymous(&headers)?;
    let Json(body) = body?;
    let problems = submission_problems(&body.text, &body.conditions, body.consent);
    if !problems.is_empty() {
        let detail = format!(
            "The story cannot be published as it is: it must be {STORY_MIN_CHARS} to {STORY_MAX_CHARS} \
             characters, about 1 to {MAX_CONDITIONS} of the listed conditions, sent with the author's consent, \
             and free of names, phone numbers, email addresses and dosing advice."
        );
        let problems: Vec<Value> = problems.iter().map(problem_json).collect();
        let body = json!({ "error": "story_refused", "detail": detail, "problems": problems });
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response());
    }
    let story = NewStory {
        id: tokens::random(),
        author_hash,
        urgent: touches_self_harm(&body.text),
        text: body.text.trim().to_owned(),
        conditions: body.conditions,
    };
    match sync.store.submit_story(&story).await? {
        Submitted::Accepted => {
            let body = json!({ "story": uuid_text(&story.id), "status": "pending", "urgent": story.urgent });
            Ok((StatusCode::CREATED, Json(body)).into_response())
        }
        Submitted::TooMany => Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            format!("This device has sent {SUBMISSIONS_PER_DAY} stories today: send the next tomorrow."),
        )
        .retry_after(24 * 60 * 60)),
    }
}

/// What a reader sees of a published story.
fn public(story: &Story) -> Value {
    json!({
        "story": uuid_text(&story.id),
        "text": story.text,
        "conditions": story.conditions,
        "published": story.decided,
        "helped": story.helped,
        "urgent": story.urgent,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadQuery {
    condition: Option<String>,
}

/// The published stories, newest first, about one condition or all. Nothing unreviewed is ever here.
async fn published(
    State(sync): Shared,
    query: Result<Query<ReadQuery>, QueryRejection>,
) -> Answer<Json<Value>> {
    let Query(query) = query?;
    if let Some(condition) = &query.condition {
        if !CONDITIONS.contains(&condition.as_str()) {
            return Err(ApiError::bad(format!(
                "condition {condition:?} is not one of {CONDITIONS:?}"
            )));
        }
    }
    let stories = sync.store.published(query.condition.as_deref()).await?;
    let stories: Vec<Value> = stories.iter().map(public).collect();
    Ok(Json(json!({ "stories": stories })))
}

/// The author's own stories with where each is: waiting for review, published, or not published and why.
async fn mine(State(sync): Shared, headers: HeaderMap) -> Answer<Json<Value>> {
    let author_hash = anonymous(&headers)?;
    let stories = sync.store.authored(&author_hash).await?;
    let stories: Vec<Value> = stories
        .iter()
        .map(|story| {
            json!({
                "story": uuid_text(&story.id),
                "status": story.status.as_str(),
                "reason": story.reason,
                "text": story.text,
                "conditions": story.conditions,
                "created": story.created,
                "decided": story.decided,
                "helped": story.helped,
            })
        })
        .collect();
    Ok(Json(json!({ "stories": stories })))
}

/// The author withdraws a story, at any time: it is no longer shown and its text is erased.
async fn withdraw(
    State(sync): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Answer<StatusCode> {
    let author_hash = anonymous(&headers)?;
    let story = story_id(path)?;
    if sync.store.withdraw(&story, &author_hash).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_story())
    }
}

/// "This helped me": counted once per device and story.
async fn helped(
    State(sync): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Answer<Json<Value>> {
    let reader_hash = anonymous(&headers)?;
    let story = story_id(path)?;
    let count = sync
        .store
        .helped(&story, &reader_hash)
        .await?
        .ok_or_else(no_story)?;
    Ok(Json(json!({ "helped": count })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    reason: String,
    note: Option<String>,
}

/// A reader reports a published story; enough reports hide it until a moderator looks again.
async fn report(
    State(sync): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    body: Result<Json<Report>, JsonRejection>,
) -> Answer<StatusCode> {
    let reader_hash = anonymous(&headers)?;
    let story = story_id(path)?;
    let Json(body) = body?;
    if !REPORT_REASONS.contains(&body.reason.as_str()) {
        return Err(ApiError::bad(format!("reason must be one of {REPORT_REASONS:?}")));
    }
    let note = body.note.as_deref().map(str::trim).unwrap_or_default();
    if note.chars().count() > MAX_REASON_CHARS {
        return Err(ApiError::bad(format!(
            "note is at most {MAX_REASON_CHARS} characters"
        )));
    }
    let reason = if note.is_empty() {
        body.reason
    } else {
        format!("{}: {note}", body.reason)
    };
    sync.store
        .report(&story, &reader_hash, &reason)
        .await?
        .ok_or_else(no_story)?;
    Ok(StatusCode::NO_CONTENT)
}
