//! The moderators' API (docs/community.md). A moderator is made on the command line (`tend-server moderator add
//! NAME`), which prints a one-time sign-in link; signing in with it opens a session held in a cookie that scripts
//! cannot read (HttpOnly), that no other site's request carries (SameSite=Strict), sent only over HTTPS where the
//! server is behind it (Secure). Every change also needs the session's CSRF token in a header, a JSON body, and no
//! sign of coming from another site (`Origin`, `Sec-Fetch-Site`). Sign-in links and sessions are stored only as
//! Argon2id hashes.

use crate::api::{uuid_text, Answer, ApiError, Shared};
use crate::community::{no_story, story_id};
use crate::stories::{Decided, Decision, Session, Story, SESSION_MILLIS};
use crate::tokens::{self, IdToken};
use crate::Sync;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::Sha256;
use std::sync::Arc;
use tend_core::community::{redact, RedactionProblem, StoryStatus, MAX_REASON_CHARS};

const COOKIE: &str = "tend_moderator";
pub const CSRF_HEADER: &str = "x-csrf-token";

pub fn routes(sync: Arc<Sync>) -> Router {
    Router::new()
        .route("/moderation/session", post(sign_in).get(session).delete(sign_out))
        .route("/moderation/stories", get(queue))
        .route("/moderation/stories/{story}/decision", post(decide))
        .route("/moderation/log", get(audit_log))
        .layer(DefaultBodyLimit::max(crate::community::MAX_STORY_BODY))
        .route_layer(axum::middleware::from_fn_with_state(
            sync.clone(),
            crate::api::limit_address,
        ))
        .with_state(sync)
}

/// The printed link's token for a new or re-invited moderator: the sign-in secret, of which only a hash is kept.
pub async fn invite(store: &crate::store::Store, name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err("a moderator's name is 1 to 100 characters, on one line".into());
    }
    let secret: [u8; 32] = tokens::random();
    let id = store
        .add_moderator(name, &tokens::slow_hash(&secret))
        .await
        .map_err(|error| format!("cannot add the moderator: {error}"))?;
    Ok(IdToken { id, secret }.to_text())
}

fn signed_out() -> ApiError {
    ApiError::unauthorized("Sign in with your moderator link first (or again: sessions last 12 hours).")
}

fn forbidden(detail: &str) -> ApiError {
    ApiError::new(StatusCode::FORBIDDEN, "forbidden", detail)
}

/// The session's CSRF token: derived from the cookie's secret, so only a page that was told it can send it.
fn csrf_token(secret: &[u8; 32]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(b"tend-csrf-1");
    tokens::encode(&mac.finalize().into_bytes())
}

fn cookie_token(headers: &HeaderMap) -> Option<IdToken> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| pair.trim().strip_prefix("tend_moderator="))
        .and_then(IdToken::parse)
}

/// A change must come from this server's own pages: no cross-site `Sec-Fetch-Site`, and an `Origin`, if sent,
/// naming this host.
fn same_site(headers: &HeaderMap) -> Answer<()> {
    let text = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    if text("sec-fetch-site").is_some_and(|site| site != "same-origin" && site != "none") {
        return Err(forbidden(
            "Moderation changes come only from this server's own pages.",
        ));
    }
    if let Some(origin) = text("origin") {
        let host = origin.split_once("://").map(|(_, host)| host);
        if host.is_none() || host != text("host") {
            return Err(forbidden(
                "Moderation changes come only from this server's own pages.",
            ));
        }
    }
    Ok(())
}

/// The signed-in moderator of the request; for a change (`method` other than GET), with its CSRF token checked.
async fn moderator(sync: &Sync, headers: &HeaderMap, method: &Method) -> Answer<(Session, IdToken)> {
    let token = cookie_token(headers).ok_or_else(signed_out)?;
    let session = sync.store.session(&token.id).await?.ok_or_else(signed_out)?;
    if !tokens::slow_matches(&token.secret, &session.secret_hash) {
        return Err(signed_out());
    }
    if method != Method::GET {
        same_site(headers)?;
        let sent = headers
            .get(CSRF_HEADER)
            .map(HeaderValue::as_bytes)
            .unwrap_or_default();
        if !tokens::same(sent, csrf_token(&token.secret).as_bytes()) {
            return Err(forbidden("This change needs the session's CSRF token."));
        }
    }
    Ok((session, token))
}

/// The session cookie's attributes; `Secure` when the request came over HTTPS to the proxy in front.
fn cookie(sync: &Sync, headers: &HeaderMap, value: &str, max_age: i64) -> HeaderValue {
    let https = sync.trust_proxy
        && headers
            .get("x-forwarded-proto")
            .is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"));
    let secure = if https { "; Secure" } else { "" };
    let text = format!(
        "{COOKIE}={value}; Path=/api/v1/moderation; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}"
    );
    HeaderValue::from_str(&text).expect("a token is base64url")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignIn {
    signin: String,
}

/// Signs in with the link's token, once: the link is used up and a session opens.
async fn sign_in(
    State(sync): Shared,
    headers: HeaderMap,
    body: Result<Json<SignIn>, JsonRejection>,
) -> Answer<Response> {
    same_site(&headers)?;
    let Json(body) = body?;
    let refused = || {
        ApiError::unauthorized(
            "This sign-in link is not valid: it may be used already or older than a day. Ask for a new one.",
        )
    };
    let link = IdToken::parse(body.signin.trim()).ok_or_else(refused)?;
    let (name, signin_hash) = sync.store.signin_of(&link.id).await?.ok_or_else(refused)?;
    if !tokens::slow_matches(&link.secret, &signin_hash) {
        return Err(refused());
    }
    let session = IdToken::new(tokens::random());
    let opened = sync
        .store
        .open_session(&link.id, &signin_hash, &session.id, &session.slow_hash())
        .await?;
    if !opened {
        return Err(refused());
    }
    tracing::info!("a moderator signed in");
    let body = Json(json!({ "name": name, "csrf": csrf_token(&session.secret) }));
    let cookie = cookie(&sync, &headers, &session.to_text(), SESSION_MILLIS / 1000);
    Ok(([(header::SET_COOKIE, cookie)], body).into_response())
}

/// Who is signed in, and the session's CSRF token for the page (a reloaded page asks again).
async fn session(State(sync): Shared, headers: HeaderMap) -> Answer<Json<Value>> {
    let (session, token) = moderator(&sync, &headers, &Method::GET).await?;
    Ok(Json(
        json!({ "name": session.moderator.name, "csrf": csrf_token(&token.secret) }),
    ))
}

async fn sign_out(State(sync): Shared, headers: HeaderMap) -> Answer<Response> {
    let (_, token) = moderator(&sync, &headers, &Method::DELETE).await?;
    sync.store.end_session(&token.id).await?;
    let cookie = cookie(&sync, &headers, "", 0);
    Ok(([(header::SET_COOKIE, cookie)], StatusCode::NO_CONTENT).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QueueQuery {
    status: Option<String>,
}

/// What a moderator sees of a story: all of it, with the readers' reports.
fn for_review(story: &Story, reports: Vec<String>) -> Value {
    json!({
        "story": uuid_text(&story.id),
        "status": story.status.as_str(),
        "text": story.text,
        "conditions": story.conditions,
        "urgent": story.urgent,
        "created": story.created,
        "decided": story.decided,
        "reason": story.reason,
        "helped": story.helped,
        "reports": reports,
    })
}

/// Stories in one status (default: waiting for review), oldest first.
async fn queue(
    State(sync): Shared,
    headers: HeaderMap,
    query: Result<Query<QueueQuery>, QueryRejection>,
) -> Answer<Json<Value>> {
    moderator(&sync, &headers, &Method::GET).await?;
    let Query(query) = query?;
    let status = match query.status.as_deref() {
        None => StoryStatus::Pending,
        Some(name) => StoryStatus::parse(name)
            .filter(|s| *s != StoryStatus::Withdrawn)
            .ok_or_else(|| ApiError::bad("status is pending, hidden, published or declined"))?,
    };
    let mut listed = Vec::new();
    for story in sync.store.stories_in(status).await? {
        let reports = sync.store.reports_of(&story.id).await?;
        listed.push(for_review(&story, reports));
    }
    Ok(Json(json!({ "stories": listed })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
enum Verdict {
    Publish,
    Decline,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionIn {
    decision: Verdict,
    /// Passages to replace with "[removed]" before publishing.
    #[serde(default)]
    remove: Vec<String>,
    /// Why a story is declined, which its author sees.
    reason: Option<String>,
}

/// Publishes a story (with passages removed, if any) or declines it with a reason; logged with the moderator.
async fn decide(
    State(sync): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    body: Result<Json<DecisionIn>, JsonRejection>,
) -> Answer<StatusCode> {
    let (session, _) = moderator(&sync, &headers, &Method::POST).await?;
    let story = story_id(path)?;
    let Json(body) = body?;
    let seen = sync.store.story(&story).await?.ok_or_else(no_story)?;
    let decision = match body.decision {
        Verdict::Publish => Decision::Publish {
            text: redact(&seen.text, &body.remove).map_err(|problem| match problem {
                RedactionProblem::TooMany => ApiError::bad("remove holds at most 20 passages"),
                RedactionProblem::Empty => ApiError::bad("a passage to remove is empty"),
                RedactionProblem::NotFound(passage) => {
                    ApiError::bad(format!("the story does not contain {passage:?}"))
                }
            })?,
            removed: body.remove.len(),
        },
        Verdict::Decline => {
            let reason = body.reason.as_deref().map(str::trim).unwrap_or_default();
            if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
                return Err(ApiError::bad(format!(
                    "a declined story needs a reason for its author, of at most {MAX_REASON_CHARS} characters"
                )));
            }
            Decision::Decline {
                reason: reason.to_owned(),
            }
        }
    };
    match sync
        .store
        .decide(&seen, &session.moderator.name, &decision)
        .await?
    {
        Decided::Done => Ok(StatusCode::NO_CONTENT),
        Decided::NotFound => Err(no_story()),
        Decided::Changed => Err(ApiError::new(
            StatusCode::CONFLICT,
            "changed",
            "The story changed since it was shown (reported, withdrawn or decided): reload it first.",
        )),
    }
}

/// The newest moderation actions: who did what to which story, and why.
async fn audit_log(State(sync): Shared, headers: HeaderMap) -> Answer<Json<Value>> {
    moderator(&sync, &headers, &Method::GET).await?;
    let entries: Vec<Value> = sync
        .store
        .moderation_log(200)
        .await?
        .iter()
        .map(|entry| {
            json!({
                "at": entry.at,
                "moderator": entry.moderator,
                "story": uuid_text(&entry.story),
                "action": entry.action,
                "detail": entry.detail,
            })
        })
        .collect();
    Ok(Json(json!({ "entries": entries })))
}
