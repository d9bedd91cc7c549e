//! Web Push (docs/push.md): reminders that reach a closed app. A device registers its push subscription and
//! uploads the reminders it planned for the next 14 days, each sealed for its own subscription (RFC 8291, so the
//! server never sees a medicine or a person's name), with the time it fires, the time after which it is not worth
//! showing, a topic (a repeat replaces the last one) and a cancel token (a dose logged on any device of the space
//! cancels it). `deliver` sends each at its time, VAPID-signed (RFC 8292) when sent.

use crate::api::{authorize, bytes, Answer, ApiError, Shared};
use crate::push_store::{Due, NewItem};
use crate::store::{now, Hash};
use crate::{tokens, Sync};
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use futures_util::StreamExt;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;

/// Reminders one device may have waiting, and how far ahead (14 days, and a day's slack for zones and repeats).
pub const MAX_ITEMS: usize = 1000;
const PLAN_AHEAD_MILLIS: i64 = 15 * 24 * 60 * 60 * 1000;
/// A reminder no longer worth showing a day after it fired.
const LONGEST_LIFE_MILLIS: i64 = 24 * 60 * 60 * 1000;
/// A push message: what push services accept.
pub const MAX_PUSH_BODY: usize = 4096;
const MAX_ENDPOINT: usize = 2048;
/// An upload of the most reminders, in base64, with room for the rest of the body.
const MAX_PLAN_BODY: usize = MAX_ITEMS * (MAX_PUSH_BODY * 4 / 3 + 200);
/// How often each process looks for due reminders, and how many it sends at once.
const POLL: Duration = Duration::from_millis(500);
const CLAIM_BATCH: i64 = 200;
const SENDING_AT_ONCE: usize = 64;

/// What sending needs: the VAPID key pair, who to name as the sender, the HTTP client.
pub struct Push {
    signing: SigningKey,
    public: Vec<u8>,
    contact: String,
    /// Tests send to a push service on loopback over plain HTTP; a real server only to public HTTPS hosts.
    allow_loopback: bool,
    client: reqwest::Client,
}

impl Push {
    /// The key pair kept in the database (made on first start), and the sender's contact for push services.
    pub async fn open(
        store: &crate::store::Store,
        contact: String,
        allow_loopback: bool,
    ) -> Result<Push, String> {
        let make = || {
            let key = SigningKey::from_bytes(&tokens::random::<32>().into())
                .expect("32 random bytes are a P-256 scalar with overwhelming probability");
            (key.to_bytes().into(), public_of(&key))
        };
        let (private, public) = store
            .vapid_keys(make)
            .await
            .map_err(|error| format!("cannot read or make the push key: {error}"))?;
        let signing = SigningKey::from_bytes(&private.into())
            .map_err(|_| "the stored push key is not a P-256 key".to_owned())?;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| format!("cannot make the HTTP client: {error}"))?;
        Ok(Push {
            signing,
            public,
            contact,
            allow_loopback,
            client,
        })
    }

    /// The VAPID `Authorization` header for a push service's origin (`aud`), valid for 12 hours.
    pub fn authorization(&self, audience: &str) -> String {
        let header = tokens::encode(br#"{"typ":"JWT","alg":"ES256"}"#);
        let expires = now() / 1000 + 12 * 60 * 60;
        let claims = json!({ "aud": audience, "exp": expires, "sub": self.contact });
        let signed = format!("{header}.{}", tokens::encode(claims.to_string().as_bytes()));
        let signature: Signature = self.signing.sign(signed.as_bytes());
        let jwt = format!("{signed}.{}", tokens::encode(&signature.to_bytes()));
        format!("vapid t={jwt}, k={}", tokens::encode(&self.public))
    }
}

fn public_of(key: &SigningKey) -> Vec<u8> {
    key.verifying_key().to_encoded_point(false).as_bytes().to_vec()
}

pub fn routes(sync: Arc<Sync>) -> Router {
    Router::new()
        .route("/push/key", get(key))
        .route(
            "/spaces/{space}/push/subscription",
            put(subscribe).delete(unsubscribe),
        )
        .route("/spaces/{space}/push/items", put(plan))
        .route("/spaces/{space}/push/cancel", post(cancel))
        .layer(DefaultBodyLimit::max(MAX_PLAN_BODY))
        .route_layer(axum::middleware::from_fn_with_state(
            sync.clone(),
            crate::api::limit_address,
        ))
        .with_state(sync)
}

/// The public key a page gives `PushManager.subscribe` as its `applicationServerKey`.
async fn key(State(sync): Shared) -> Json<Value> {
    Json(json!({ "key": tokens::encode(&sync.push.public) }))
}

/// An endpoint the server may send to: HTTPS to a named public host (a push service), never an address of the
/// server's own network, so that a subscription cannot make the server call into it.
pub fn endpoint_allowed(endpoint: &str, allow_loopback: bool) -> Result<reqwest::Url, String> {
    let url = reqwest::Url::parse(endpoint).map_err(|_| "endpoint is not a URL".to_owned())?;
    let host = url.host().ok_or("endpoint has no host")?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "[::1]" | "localhost"));
    if allow_loopback && loopback && url.scheme() == "http" {
        return Ok(url);
    }
    if url.scheme() != "https" || !url.username().is_empty() || url.password().is_some() {
        return Err("endpoint must be an https:// URL without credentials".into());
    }
    match host {
        url::Host::Domain(name)
            if name.contains('.') && !name.ends_with(".local") && !name.ends_with(".internal") =>
        {
            Ok(url)
        }
        _ => Err("endpoint must name a push service's public host, not an address".into()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Subscription {
    endpoint: String,
}

async fn subscribe(
    State(sync): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    body: Result<Json<Subscription>, JsonRejection>,
) -> Answer<StatusCode> {
    let Path(space) = path?;
    let me = authorize(&sync, &headers, &space).await?;
    let Json(body) = body?;
    if body.endpoint.len() > MAX_ENDPOINT {
        return Err(ApiError::bad(format!("endpoint is at most {MAX_ENDPOINT} bytes")));
    }
    endpoint_allowed(&body.endpoint, sync.push.allow_loopback).map_err(ApiError::bad)?;
    sync.store
        .subscribe(&me.space, &me.device, &body.endpoint)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn unsubscribe(
    State(sync): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Answer<StatusCode> {
    let Path(space) = path?;
    let me = authorize(&sync, &headers, &space).await?;
    sync.store.unsubscribe(&me.device).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemIn {
    fire_at: i64,
    expires: i64,
    topic: Option<String>,
    cancel: String,
    body: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Plan {
    items: Vec<ItemIn>,
}

fn cancel_hash(text: &str) -> Answer<Hash> {
    Ok(tokens::digest(&bytes("cancel", text, 32, 32)?))
}

/// RFC 8030's topic: at most 32 characters of the base64url alphabet.
fn topic(text: &str) -> Answer<String> {
    let valid = (1..=32).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    valid
        .then(|| text.to_owned())
        .ok_or_else(|| ApiError::bad("topic is 1 to 32 characters of A-Z, a-z, 0-9, - and _"))
}

fn item(item: &ItemIn, now: i64) -> Answer<NewItem> {
    if item.fire_at < now - LONGEST_LIFE_MILLIS || item.fire_at > now + PLAN_AHEAD_MILLIS {
        return Err(ApiError::bad(
            "fire_at is within the next 15 days (ms since 1970)",
        ));
    }
    if item.expires < item.fire_at || item.expires > item.fire_at + LONGEST_LIFE_MILLIS {
        return Err(ApiError::bad("expires is from fire_at to a day after it"));
    }
    Ok(NewItem {
        fire_at: item.fire_at,
        expires: item.expires,
        topic: item.topic.as_deref().map(topic).transpose()?,
        cancel_hash: cancel_hash(&item.cancel)?,
        body: bytes("body", &item.body, 1, MAX_PUSH_BODY)?,
    })
}

/// Replaces every reminder this device planned (a device uploads its whole plan after each change).
async fn plan(
    State(sync): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    body: Result<Json<Plan>, JsonRejection>,
) -> Answer<StatusCode> {
    let Path(space) = path?;
    let me = authorize(&sync, &headers, &space).await?;
    let Json(body) = body?;
    if body.items.len() > MAX_ITEMS {
        return Err(ApiError::bad(format!(
            "a plan holds at most {MAX_ITEMS} reminders"
        )));
    }
    let now = now();
    let items = body
        .items
        .iter()
        .map(|i| item(i, now))
        .collect::<Answer<Vec<_>>>()?;
    sync.store.plan(&me.space, &me.device, &items).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cancel {
    cancel: Vec<String>,
}

/// Cancels the reminders of a dose on every device of the space, by the token the devices derive for it.
async fn cancel(
    State(sync): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    body: Result<Json<Cancel>, JsonRejection>,
) -> Answer<Json<Value>> {
    let Path(space) = path?;
    let me = authorize(&sync, &headers, &space).await?;
    let Json(body) = body?;
    if body.cancel.is_empty() || body.cancel.len() > 100 {
        return Err(ApiError::bad("cancel holds 1 to 100 tokens"));
    }
    let hashes = body
        .cancel
        .iter()
        .map(|c| cancel_hash(c))
        .collect::<Answer<Vec<_>>>()?;
    let cancelled = sync.store.cancel(&me.space, &hashes).await?;
    Ok(Json(json!({ "cancelled": cancelled })))
}

/// Sends due reminders until the process stops: every half second each process claims what is due (on PostgreSQL
/// several processes skip each other's claims), sends them, and forgets each once its push service took it.
pub async fn deliver(sync: Arc<Sync>) {
    let mut every = tokio::time::interval(POLL);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        // A full batch means more may be due: claim again at once rather than fall behind.
        loop {
            match sync.store.claim_due(CLAIM_BATCH).await {
                Ok(due) => {
                    let full = due.len() as i64 == CLAIM_BATCH;
                    futures_util::stream::iter(due)
                        .for_each_concurrent(SENDING_AT_ONCE, |item| send(&sync, item))
                        .await;
                    if !full {
                        break;
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "cannot claim due reminders");
                    break;
                }
            }
        }
    }
}

/// What became of one attempt.
enum Sent {
    Done,
    Gone,
    Later(i64),
}

async fn send(sync: &Sync, item: Due) {
    let outcome = attempt(sync, &item).await;
    let stored = match outcome {
        Ok(Sent::Done) => sync.store.done(&item.id).await,
        Ok(Sent::Gone) => sync.store.unsubscribe(&item.device).await,
        Ok(Sent::Later(due)) => sync.store.retry(&item.id, due).await,
        Err(error) => Err(error),
    };
    if let Err(error) = stored {
        tracing::warn!(%error, "a reminder's state was not saved; it is tried again when its claim ends");
    }
}

/// One try: `Done` when the push service took it (or it will never be sendable), `Gone` when the subscription
/// has expired, `Later` when the push service asked to wait or failed.
async fn attempt(sync: &Sync, item: &Due) -> sqlx::Result<Sent> {
    let now = now();
    let Some(endpoint) = sync.store.endpoint_of(&item.device).await? else {
        return Ok(Sent::Done);
    };
    if now > item.expires {
        return Ok(Sent::Done);
    }
    let Ok(url) = endpoint_allowed(&endpoint, sync.push.allow_loopback) else {
        return Ok(Sent::Gone);
    };
    let audience = url.origin().ascii_serialization();
    let ttl = (item.expires - now) / 1000;
    let mut request = sync
        .push
        .client
        .post(url)
        .header("authorization", sync.push.authorization(&audience))
        .header("ttl", ttl.to_string())
        .header("urgency", "high")
        .header("content-encoding", "aes128gcm")
        .header("content-type", "application/octet-stream")
        .body(item.body.clone());
    if let Some(topic) = &item.topic {
        request = request.header("topic", topic);
    }
    let backoff = now + (5_000i64 << item.attempts.min(6));
    let response = match request.send().await {
        Ok(response) => response,
        Err(_) => return Ok(Sent::Later(backoff)),
    };
    let status = response.status().as_u16();
    Ok(match status {
        200..=299 => Sent::Done,
        404 | 410 => Sent::Gone,
        429 | 500..=599 => {
            let asked = response
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<i64>().ok())
                .map(|seconds| now + seconds.clamp(1, 3600) * 1000);
            Sent::Later(asked.unwrap_or(backoff))
        }
        _ => {
            tracing::warn!(status, "a push service refused a reminder; it is dropped");
            Sent::Done
        }
    })
}
