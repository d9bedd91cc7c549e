//! The community part of the server (docs/community.md), from the app: sending a story for review, the author's
//! own stories, the published ones (kept on this device, so they read offline once fetched), "this helped me" and
//! reports; and the moderators' requests. The device's two anonymous tokens (one as an author, one as a reader,
//! so that what it wrote and what it read cannot be tied together) are made here, the first time each is needed.

use crate::sync::api::{answer, answer_nothing, b64, ApiError};
use gloo_net::http::{Request, RequestBuilder};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

const BASE: &str = "/api/v1";
const AUTHOR_KEY: &str = "tend.communityAuthor";
const READER_KEY: &str = "tend.communityReader";
const PUBLISHED_KEY: &str = "tend.communityStories";
const HELPED_KEY: &str = "tend.communityHelped";

/// A published story as readers see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Published {
    pub story: String,
    pub text: String,
    pub conditions: Vec<String>,
    pub helped: i64,
    pub urgent: bool,
}

/// One of this device's own stories, with where it is.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Mine {
    pub story: String,
    pub status: String,
    pub reason: Option<String>,
    pub text: String,
    pub conditions: Vec<String>,
    pub created: i64,
}

/// A story as a moderator reviews it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ForReview {
    pub story: String,
    pub status: String,
    pub text: String,
    pub conditions: Vec<String>,
    pub urgent: bool,
    pub created: i64,
    pub reason: Option<String>,
    pub reports: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct LogEntry {
    pub at: i64,
    pub moderator: Option<String>,
    pub action: String,
    pub detail: Option<String>,
}

/// The device's token under `key`, made from 32 random bytes the first time.
fn token(key: &str) -> Result<String, ApiError> {
    if let Some(token) = crate::prefs::stored(key) {
        return Ok(token);
    }
    let bytes = crate::crypto::random_bytes(32).map_err(|e| ApiError::Refused(e.0))?;
    let token = b64(&bytes);
    crate::prefs::store(key, Some(&token));
    Ok(token)
}

fn with_token(request: RequestBuilder, key: &str) -> Result<RequestBuilder, ApiError> {
    Ok(request.header("authorization", &format!("Bearer {}", token(key)?)))
}

fn story_path(story: &str) -> String {
    format!("{BASE}/community/stories/{story}")
}

/// Sends a story for review; the server checks it again.
pub async fn submit(text: &str, conditions: &[String]) -> Result<(), ApiError> {
    let body = json!({ "text": text, "conditions": conditions, "consent": true });
    let request = with_token(Request::post(&format!("{BASE}/community/stories")), AUTHOR_KEY)?;
    let _: Value = answer(request.json(&body)).await?;
    Ok(())
}

/// Whether this device ever sent a story (so that a reader never makes an author token).
pub fn is_author() -> bool {
    crate::prefs::stored(AUTHOR_KEY).is_some()
}

/// This device's stories, newest first.
pub async fn mine() -> Result<Vec<Mine>, ApiError> {
    #[derive(Deserialize)]
    struct List {
        stories: Vec<Mine>,
    }
    let request = with_token(Request::get(&format!("{BASE}/community/mine")), AUTHOR_KEY)?;
    let list: List = answer(request).await?;
    Ok(list.stories)
}

pub async fn withdraw(story: &str) -> Result<(), ApiError> {
    answer_nothing(with_token(Request::delete(&story_path(story)), AUTHOR_KEY)?).await
}

/// The published stories, kept on the device for reading offline.
pub async fn published() -> Result<Vec<Published>, ApiError> {
    #[derive(Deserialize)]
    struct List {
        stories: Vec<Published>,
    }
    let list: List = answer(Request::get(&format!("{BASE}/community/stories"))).await?;
    if let Ok(kept) = serde_json::to_string(&list.stories) {
        crate::prefs::store(PUBLISHED_KEY, Some(&kept));
    }
    Ok(list.stories)
}

/// The published stories as last fetched, if they ever were.
pub fn kept() -> Option<Vec<Published>> {
    serde_json::from_str(&crate::prefs::stored(PUBLISHED_KEY)?).ok()
}

fn helped_here() -> Vec<String> {
    crate::prefs::stored(HELPED_KEY)
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Whether this device said the story helped.
pub fn has_helped(story: &str) -> bool {
    helped_here().iter().any(|s| s == story)
}

/// "This helped me": the story's new count. The server counts a device once.
pub async fn helped(story: &str) -> Result<i64, ApiError> {
    let path = format!("{}/helped", story_path(story));
    let answer: Value = answer(with_token(Request::post(&path), READER_KEY)?).await?;
    let mut here = helped_here();
    if !here.iter().any(|s| s == story) {
        here.push(story.to_owned());
        crate::prefs::store(HELPED_KEY, serde_json::to_string(&here).ok().as_deref());
    }
    Ok(answer["helped"].as_i64().unwrap_or_default())
}

/// Reports a story with one of the core's reasons.
pub async fn report(story: &str, reason: &str) -> Result<(), ApiError> {
    let path = format!("{}/reports", story_path(story));
    let request = with_token(Request::post(&path), READER_KEY)?;
    answer_nothing(request.json(&json!({ "reason": reason }))).await
}

/// A signed-in moderator: their name, and the CSRF token every change sends (the session is an HttpOnly cookie
/// the page never sees).
#[derive(Clone, Debug, PartialEq)]
pub struct Moderator {
    pub name: String,
    csrf: String,
}

fn moderator(answer: &Value) -> Result<Moderator, ApiError> {
    match (answer["name"].as_str(), answer["csrf"].as_str()) {
        (Some(name), Some(csrf)) => Ok(Moderator {
            name: name.to_owned(),
            csrf: csrf.to_owned(),
        }),
        _ => Err(ApiError::Refused("the server's answer is malformed".into())),
    }
}

/// Signs in with the token of a one-time link.
pub async fn sign_in(signin: &str) -> Result<Moderator, ApiError> {
    let body = json!({ "signin": signin });
    let request = Request::post(&format!("{BASE}/moderation/session")).json(&body);
    moderator(&answer(request).await?)
}

/// The moderator this browser is signed in as, if any.
pub async fn session() -> Result<Moderator, ApiError> {
    moderator(&answer(Request::get(&format!("{BASE}/moderation/session"))).await?)
}

impl Moderator {
    fn change(&self, request: RequestBuilder) -> RequestBuilder {
        request.header("x-csrf-token", &self.csrf)
    }

    pub async fn sign_out(&self) -> Result<(), ApiError> {
        let request = Request::delete(&format!("{BASE}/moderation/session"));
        answer_nothing(self.change(request)).await
    }

    /// The stories in `status` (pending, hidden, published or declined), oldest first.
    pub async fn stories(&self, status: &str) -> Result<Vec<ForReview>, ApiError> {
        #[derive(Deserialize)]
        struct List {
            stories: Vec<ForReview>,
        }
        let path = format!("{BASE}/moderation/stories?status={status}");
        let list: List = answer(Request::get(&path)).await?;
        Ok(list.stories)
    }

    /// Publishes a story with `remove`'s passages replaced by "[removed]".
    pub async fn publish(&self, story: &str, remove: &[String]) -> Result<(), ApiError> {
        self.decide(story, json!({ "decision": "publish", "remove": remove }))
            .await
    }

    /// Declines a story with the reason its author will see.
    pub async fn decline(&self, story: &str, reason: &str) -> Result<(), ApiError> {
        self.decide(story, json!({ "decision": "decline", "reason": reason }))
            .await
    }

    async fn decide(&self, story: &str, body: Value) -> Result<(), ApiError> {
        let path = format!("{BASE}/moderation/stories/{story}/decision");
        answer_nothing(self.change(Request::post(&path)).json(&body)).await
    }

    pub async fn log(&self) -> Result<Vec<LogEntry>, ApiError> {
        #[derive(Deserialize)]
        struct Log {
            entries: Vec<LogEntry>,
        }
        let log: Log = answer(Request::get(&format!("{BASE}/moderation/log"))).await?;
        Ok(log.entries)
    }
}
