//! The sync API (docs/sync.md): spaces, devices, pushing and pulling sealed records, and pokes. Every body is
//! checked against its limits before anything is stored; every failure is a JSON error a person can read.

use crate::limits::Limits;
use crate::pokes::Pokes;
use crate::store::{Collected, Created, Envelope, Hash, Id, NewDevice, NewSpace, Store};
use crate::tokens::{self, IdToken};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use futures_util::stream::{self, Stream, StreamExt};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// A request body's size limit; a batch must also fit.
pub const MAX_BODY: usize = 1 << 20;
/// Envelopes in one push.
pub const MAX_BATCH: usize = 500;
/// A sealed record: 16 KiB of padded plaintext, with its nonce and tag.
pub const MAX_SEALED: usize = 16 * 1024 + 12 + 16;
/// A wrapped space key, a sealed device name, and the key-derivation parameters.
const MAX_WRAPPED_KEY: usize = 256;
const MAX_NAME: usize = 512;
const MAX_KDF: usize = 512;
pub const DEFAULT_PAGE: i64 = 500;
pub const MAX_PAGE: i64 = 1000;
/// How often a device's `last_seen` is written, at most.
const SEEN_EVERY_MILLIS: i64 = 60_000;

pub struct Sync {
    pub store: Store,
    pub pokes: Pokes,
    pub push: crate::push::Push,
    pub limits: Limits,
    /// Behind a reverse proxy, the client's address is the last one in `X-Forwarded-For`.
    pub trust_proxy: bool,
}

pub(crate) type Shared = State<Arc<Sync>>;

pub fn routes(sync: Arc<Sync>) -> Router {
    Router::new()
        .route("/spaces", post(create_space))
        .route("/spaces/{space}/devices", post(join_space).get(devices))
        .route(
            "/spaces/{space}/devices/{device}",
            put(rename_device).delete(remove_device),
        )
        .route("/spaces/{space}/records", post(push).get(pull))
        .route("/spaces/{space}/events/ticket", post(events_ticket))
        .route("/spaces/{space}/events", get(events))
        .route("/spaces/{space}/pairings", post(open_pairing))
        .route(
            "/spaces/{space}/pairings/{pairing}",
            get(pairing_answer).put(complete_pairing),
        )
        .route("/pairings/answer", post(answer_pairing))
        .route("/pairings/{pairing}", get(collect_pairing))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .route_layer(from_fn_with_state(sync.clone(), limit_address))
        .with_state(sync)
}

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    error: &'static str,
    detail: String,
    retry_after: Option<u64>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, error: &'static str, detail: impl Into<String>) -> ApiError {
        ApiError {
            status,
            error,
            detail: detail.into(),
            retry_after: None,
        }
    }

    pub(crate) fn bad(detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", detail)
    }

    /// The one answer for a space that does not exist, is not the device's, or a join token that does not match.
    fn no_space() -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "There is no such space, or this device or join token does not belong to it.",
        )
    }

    pub(crate) fn unauthorized(detail: &str) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", detail)
    }

    pub(crate) fn too_many(seconds: u64) -> ApiError {
        ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            format!("Too many requests: try again in {seconds} s."),
        )
        .retry_after(seconds)
    }

    pub(crate) fn retry_after(self, seconds: u64) -> ApiError {
        ApiError {
            retry_after: Some(seconds),
            ..self
        }
    }

    fn rejected(status: StatusCode, text: String) -> ApiError {
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            return ApiError::new(status, "too_large", format!("The body is over {MAX_BODY} bytes."));
        }
        ApiError::bad(text)
    }
}

/// A database failure: logged (never with a body or a token) and answered without its details.
impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> ApiError {
        tracing::error!(%error, "database error");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "The server cannot reach its database right now; nothing was changed. Try again soon.",
        )
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> ApiError {
        ApiError::rejected(rejection.status(), rejection.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(_: PathRejection) -> ApiError {
        ApiError::no_space()
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> ApiError {
        ApiError::bad(rejection.body_text())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Json(json!({ "error": self.error, "detail": self.detail }));
        let mut response = (self.status, body).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, seconds.into());
        }
        response
    }
}

pub(crate) type Answer<T> = Result<T, ApiError>;

pub(crate) fn uuid_bytes(text: &str) -> Option<Id> {
    uuid::Uuid::try_parse(text).ok().map(|id| id.into_bytes())
}

pub(crate) fn uuid_text(id: &Id) -> String {
    uuid::Uuid::from_bytes(*id).to_string()
}

/// Base64url bytes of a bounded length, or a clear error naming the field.
pub(crate) fn bytes(field: &str, text: &str, min: usize, max: usize) -> Answer<Vec<u8>> {
    let bytes = tokens::decode(text)
        .ok_or_else(|| ApiError::bad(format!("{field} is not base64url without padding")))?;
    if bytes.len() < min || bytes.len() > max {
        return Err(ApiError::bad(format!(
            "{field} must be {min} to {max} bytes, not {}",
            bytes.len()
        )));
    }
    Ok(bytes)
}

fn join_hash(text: &str) -> Answer<Hash> {
    Ok(tokens::digest(&bytes("join_token", text, 32, 32)?))
}

fn kdf_text(kdf: &Value) -> Answer<String> {
    let text = kdf.to_string();
    if !kdf.is_object() || text.len() > MAX_KDF {
        return Err(ApiError::bad(format!(
            "kdf must be an object of at most {MAX_KDF} bytes"
        )));
    }
    Ok(text)
}

/// A new device of a space, and the token it is answered once.
fn new_device(name: &str) -> Answer<(NewDevice, IdToken)> {
    let token = IdToken::new(tokens::random());
    let device = NewDevice {
        id: token.id,
        name: bytes("device_name", name, 1, MAX_NAME)?,
        token_hash: token.hash(),
    };
    Ok((device, token))
}

pub(crate) fn client_address(request: &Request, trust_proxy: bool) -> IpAddr {
    let forwarded = || {
        let header = request.headers().get("x-forwarded-for")?.to_str().ok()?;
        header.rsplit(',').next()?.trim().parse().ok()
    };
    let connected = || {
        let ConnectInfo(address) = request.extensions().get::<ConnectInfo<SocketAddr>>()?;
        Some(address.ip())
    };
    trust_proxy
        .then(forwarded)
        .flatten()
        .or_else(connected)
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
}

pub(crate) async fn limit_address(State(sync): Shared, request: Request, next: Next) -> Response {
    match sync.limits.address(client_address(&request, sync.trust_proxy)) {
        Ok(()) => next.run(request).await,
        Err(seconds) => ApiError::too_many(seconds).into_response(),
    }
}

/// A device proven by its token, in the space of the path.
pub(crate) struct Authorized {
    pub(crate) space: Id,
    pub(crate) device: Id,
    /// What the device's token is checked against, which also keys its events tickets.
    token_hash: Hash,
}

pub(crate) async fn authorize(sync: &Sync, headers: &HeaderMap, space: &str) -> Answer<Authorized> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .ok_or_else(|| ApiError::unauthorized("This request needs a device token."))?;
    let token = IdToken::parse(token.trim())
        .ok_or_else(|| ApiError::unauthorized("The device token is not valid."))?;
    let credentials = sync.store.credentials(&token.id).await?;
    let credentials = credentials
        .filter(|c| tokens::same(&c.token_hash, &token.hash()))
        .ok_or_else(|| ApiError::unauthorized("The device token is not valid."))?;
    admit(sync, &token.id, credentials, space).await
}

/// The checks after a device is known: not removed, under its rate, and in the path's space.
async fn admit(
    sync: &Sync,
    device: &Id,
    credentials: crate::store::Credentials,
    space: &str,
) -> Answer<Authorized> {
    if credentials.revoked {
        return Err(ApiError::unauthorized("This device was removed from its space."));
    }
    sync.limits.device(device).map_err(ApiError::too_many)?;
    if uuid_bytes(space) != Some(credentials.space) {
        return Err(ApiError::no_space());
    }
    let now = crate::store::now();
    if now - credentials.last_seen > SEEN_EVERY_MILLIS {
        sync.store.seen(device, now).await?;
    }
    Ok(Authorized {
        space: credentials.space,
        device: *device,
        token_hash: credentials.token_hash,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateSpace {
    space: String,
    join_token: String,
    wrapped_key: String,
    kdf: Value,
    device_name: String,
}

#[derive(Serialize)]
struct Joined {
    device: String,
    token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    wrapped_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kdf: Option<Value>,
}

async fn create_space(
    State(sync): Shared,
    body: Result<Json<CreateSpace>, JsonRejection>,
) -> Answer<(StatusCode, Json<Joined>)> {
    let Json(body) = body?;
    let space = NewSpace {
        id: uuid_bytes(&body.space).ok_or_else(|| ApiError::bad("space is not a UUID"))?,
        join_hash: join_hash(&body.join_token)?,
        wrapped_key: bytes("wrapped_key", &body.wrapped_key, 1, MAX_WRAPPED_KEY)?,
        kdf: kdf_text(&body.kdf)?,
    };
    let (device, token) = new_device(&body.device_name)?;
    match sync.store.create_space(&space, &device).await? {
        Created::Created => Ok((
            StatusCode::CREATED,
            Json(Joined {
                device: uuid_text(&device.id),
                token: token.to_text(),
                wrapped_key: None,
                kdf: None,
            }),
        )),
        Created::Exists => Err(ApiError::new(
            StatusCode::CONFLICT,
            "space_exists",
            "This space exists already: join it instead.",
        )),
        Created::Refused => Err(ApiError::no_space()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JoinSpace {
    join_token: String,
    device_name: String,
}

async fn join_space(
    State(sync): Shared,
    path: Result<Path<String>, PathRejection>,
    body: Result<Json<JoinSpace>, JsonRejection>,
) -> Answer<(StatusCode, Json<Joined>)> {
    let (Path(space), Json(body)) = (path?, body?);
    let hash = join_hash(&body.join_token)?;
    let (device, token) = new_device(&body.device_name)?;
    let Some(space) = uuid_bytes(&space) else {
        return Err(ApiError::no_space());
    };
    let (wrapped_key, kdf) = sync
        .store
        .join_space(&space, &hash, &device)
        .await?
        .ok_or_else(ApiError::no_space)?;
    Ok((
        StatusCode::CREATED,
        Json(Joined {
            device: uuid_text(&device.id),
            token: token.to_text(),
            wrapped_key: Some(tokens::encode(&wrapped_key)),
            kdf: Some(serde_json::from_str(&kdf).unwrap_or(Value::Null)),
        }),
    ))
}

async fn devices(
    State(sync): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Answer<Json<Value>> {
    let Path(space) = path?;
    let me = authorize(&sync, &headers, &space).await?;
    let devices = sync.store.devices(&me.space).await?;
    let listed: Vec<Value> = devices
        .iter()
        .map(|d| {
            json!({
                "device": uuid_text(&d.id),
                "name": tokens::encode(&d.name),
                "created": d.created,
                "last_seen": d.last_seen,
                "revoked": d.revoked,
                "this_device": d.id == me.device,
            })
        })
        .collect();
    Ok(Json(json!({ "devices": listed })))
}

async fn remove_device(
    State(sync): Shared,
    headers: HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Answer<StatusCode> {
    let Path((space, device)) = path?;
    let me = authorize(&sync, &headers, &space).await?;
    let device = uuid_bytes(&device).ok_or_else(no_device)?;
    if sync.store.revoke(&me.space, &device).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_device())
    }
}

fn no_device() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "This space has no such device.",
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Rename {
    device_name: String,
}

/// A device's new name, sealed: a device that joined with the phrase names itself once it has the space key.
async fn rename_device(
    State(sync): Shared,
    headers: HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Json<Rename>, JsonRejection>,
) -> Answer<StatusCode> {
    let Path((space, device)) = path?;
    let me = authorize(&sync, &headers, &space).await?;
    let Json(body) = body?;
    let name = bytes("device_name", &body.device_name, 1, MAX_NAME)?;
    let device = uuid_bytes(&device).ok_or_else(no_device)?;
    if sync.store.rename(&me.space, &device, &name).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_device())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Push {
    records: Vec<SealedIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SealedIn {
    mutation: String,
    sealed: String,
}

async fn push(
    State(sync): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    body: Result<Json<Push>, JsonRejection>,
) -> Answer<Json<Value>> {
    let Path(space) = path?;
    let me = authorize(&sync, &headers, &space).await?;
    let Json(body) = body?;
    if body.records.is_empty() || body.records.len() > MAX_BATCH {
        return Err(ApiError::bad(format!(
            "a push holds 1 to {MAX_BATCH} records, not {}",
            body.records.len()
        )));
    }
    let batch = body
        .records
        .iter()
        .map(|record| {
            Ok(Envelope {
                mutation: uuid_bytes(&record.mutation)
                    .ok_or_else(|| ApiError::bad("a mutation id is not a UUID"))?,
                sealed: bytes("sealed", &record.sealed, 29, MAX_SEALED)?,
            })
        })
        .collect::<Answer<Vec<_>>>()?;
    let numbers = sync.store.push(&me.space, &me.device, &batch).await?;
    if let Some(newest) = numbers.iter().max() {
        sync.pokes.pushed(&me.space, &me.device, *newest);
    }
    let accepted: Vec<Value> = batch
        .iter()
        .zip(&numbers)
        .map(|(record, seq)| json!({ "mutation": uuid_text(&record.mutation), "seq": seq }))
        .collect();
    Ok(Json(json!({ "accepted": accepted })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PullQuery {
    after: Option<i64>,
    limit: Option<i64>,
}

async fn pull(
    State(sync): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<PullQuery>, QueryRejection>,
) -> Answer<Json<Value>> {
    let Path(space) = path?;
    let me = authorize(&sync, &headers, &space).await?;
    let Query(query) = query?;
    let after = query.after.unwrap_or(0);
    let limit = query.limit.unwrap_or(DEFAULT_PAGE);
    if after < 0 || !(1..=MAX_PAGE).contains(&limit) {
        return Err(ApiError::bad(format!(
            "after is 0 or more and limit 1 to {MAX_PAGE}"
        )));
    }
    let (records, more) = sync.store.pull(&me.space, after, limit).await?;
    let newest = sync.store.newest(&me.space).await?;
    let next = records.last().map_or(after, |r| r.seq);
    let records: Vec<Value> = records
        .iter()
        .map(|r| {
            json!({ "seq": r.seq, "mutation": uuid_text(&r.mutation), "sealed": tokens::encode(&r.sealed) })
        })
        .collect();
    Ok(Json(
        json!({ "records": records, "next": next, "more": more, "newest": newest }),
    ))
}

/// A ticket for opening the events stream with an EventSource, which cannot send the token.
async fn events_ticket(
    State(sync): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Answer<Json<Value>> {
    let Path(space) = path?;
    let me = authorize(&sync, &headers, &space).await?;
    let expires = crate::store::now() + tokens::TICKET_MILLIS;
    let ticket = tokens::ticket(&me.device, &me.token_hash, expires);
    Ok(Json(json!({ "ticket": ticket, "expires": expires })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventsQuery {
    ticket: Option<String>,
}

/// A device proven by an events ticket instead of its token.
async fn ticket_holder(sync: &Sync, ticket: &str, space: &str) -> Answer<Authorized> {
    let invalid = || ApiError::unauthorized("The events ticket is not valid or has expired.");
    let (device, _, bytes) = tokens::ticket_parts(ticket).ok_or_else(invalid)?;
    let credentials = sync.store.credentials(&device).await?.ok_or_else(invalid)?;
    if !tokens::ticket_is_valid(&bytes, &credentials.token_hash, crate::store::now()) {
        return Err(invalid());
    }
    admit(sync, &device, credentials, space).await
}

/// Server-sent events: a `poke` with the space's newest sequence number at once, then after every other
/// device's push. The stream ends when the device is removed.
async fn events(
    State(sync): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<EventsQuery>, QueryRejection>,
) -> Answer<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    let (Path(space), Query(query)) = (path?, query?);
    let me = match &query.ticket {
        Some(ticket) => ticket_holder(&sync, ticket, &space).await?,
        None => authorize(&sync, &headers, &space).await?,
    };
    let newest = sync.store.newest(&me.space).await?;
    let pokes = sync.pokes.subscribe();
    let first = stream::once(async move { Ok(poke(newest)) });
    let mut check = tokio::time::interval(Duration::from_secs(30));
    check.reset();
    let later = stream::unfold((sync, me, pokes, check), |state| async move {
        let (sync, me, mut pokes, mut check) = state;
        loop {
            let seq = tokio::select! {
                heard = pokes.recv() => match heard {
                    Ok(p) if p.space == me.space && p.from != me.device => p.seq,
                    Ok(_) => continue,
                    // Missed some: the newest number tells the device to pull.
                    Err(RecvError::Lagged(_)) => sync.store.newest(&me.space).await.ok()?,
                    Err(RecvError::Closed) => return None,
                },
                _ = check.tick() => {
                    let still = sync.store.credentials(&me.device).await.ok().flatten();
                    if still.is_none_or(|c| c.revoked) {
                        return None;
                    }
                    continue;
                }
            };
            return Some((Ok(poke(seq)), (sync, me, pokes, check)));
        }
    });
    Ok(Sse::new(first.chain(later)).keep_alive(KeepAlive::default()))
}

fn poke(seq: i64) -> Event {
    Event::default().event("poke").data(seq.to_string())
}

/// A P-256 public key, uncompressed (`04 ‖ x ‖ y`), as WebCrypto exports it raw.
fn public_key(field: &str, text: &str) -> Answer<Vec<u8>> {
    let key = bytes(field, text, 65, 65)?;
    if key[0] != 4 {
        return Err(ApiError::bad(format!(
            "{field} is not an uncompressed P-256 public key"
        )));
    }
    Ok(key)
}

/// The one answer for a pairing that does not exist, has expired, was used, or whose code does not match.
fn no_pairing() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "There is no such pairing: the code may be mistyped, used already or older than 10 minutes.",
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OpenPairing {
    offer: String,
}

/// A device of the space opens a pairing: its ephemeral public key, and a short code to show.
async fn open_pairing(
    State(sync): Shared,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    body: Result<Json<OpenPairing>, JsonRejection>,
) -> Answer<(StatusCode, Json<Value>)> {
    let Path(space) = path?;
    let me = authorize(&sync, &headers, &space).await?;
    let Json(body) = body?;
    let offer = public_key("offer", &body.offer)?;
    loop {
        let code = tokens::pairing_code();
        let hash = tokens::pairing_code_hash(&code).expect("a code made here is a code");
        if let Some((pairing, expires)) = sync.store.open_pairing(&me.space, &hash, &offer).await? {
            let body = json!({ "pairing": uuid_text(&pairing), "code": code, "expires": expires });
            return Ok((StatusCode::CREATED, Json(body)));
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerPairing {
    code: String,
    answer: String,
    name: String,
    token_hash: String,
}

/// The new device answers with the code: its public key, its name sealed for the other device, and the hash of
/// a token secret it made (the server never sees the secret).
async fn answer_pairing(
    State(sync): Shared,
    body: Result<Json<AnswerPairing>, JsonRejection>,
) -> Answer<Json<Value>> {
    let Json(body) = body?;
    let answer = public_key("answer", &body.answer)?;
    let name = bytes("name", &body.name, 1, MAX_NAME)?;
    let token_hash: Hash = bytes("token_hash", &body.token_hash, 32, 32)?
        .try_into()
        .expect("32 bytes");
    let code = tokens::pairing_code_hash(&body.code).ok_or_else(no_pairing)?;
    let (pairing, space, offer) = sync
        .store
        .answer_pairing(&code, &answer, &name, &token_hash)
        .await?
        .ok_or_else(no_pairing)?;
    Ok(Json(json!({
        "pairing": uuid_text(&pairing),
        "space": uuid_text(&space),
        "offer": tokens::encode(&offer),
    })))
}

/// The existing device asks whether the new one has answered.
async fn pairing_answer(
    State(sync): Shared,
    headers: HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Answer<Json<Value>> {
    let Path((space, pairing)) = path?;
    let me = authorize(&sync, &headers, &space).await?;
    let pairing = uuid_bytes(&pairing).ok_or_else(no_pairing)?;
    let answer = sync
        .store
        .pairing_answer(&me.space, &pairing)
        .await?
        .ok_or_else(no_pairing)?;
    let (answer, name) = answer.map_or((Value::Null, Value::Null), |(key, name)| {
        (tokens::encode(&key).into(), tokens::encode(&name).into())
    });
    Ok(Json(json!({ "answer": answer, "name": name })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompletePairing {
    sealed_key: String,
    device_name: String,
}

/// The existing device, once both screens showed the same fingerprint, delivers the space key sealed for the
/// new device, and the new device's name sealed with the space key: the new device is now one of the space's.
async fn complete_pairing(
    State(sync): Shared,
    headers: HeaderMap,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Json<CompletePairing>, JsonRejection>,
) -> Answer<StatusCode> {
    let Path((space, pairing)) = path?;
    let me = authorize(&sync, &headers, &space).await?;
    let Json(body) = body?;
    let sealed_key = bytes("sealed_key", &body.sealed_key, 29, MAX_WRAPPED_KEY)?;
    let name = bytes("device_name", &body.device_name, 1, MAX_NAME)?;
    let pairing = uuid_bytes(&pairing).ok_or_else(no_pairing)?;
    if sync
        .store
        .complete_pairing(&me.space, &pairing, &sealed_key, &name)
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(no_pairing())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CollectQuery {
    code: String,
}

/// The new device collects the space key and its device id with the code, once.
async fn collect_pairing(
    State(sync): Shared,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<CollectQuery>, QueryRejection>,
) -> Answer<Json<Value>> {
    let (Path(pairing), Query(query)) = (path?, query?);
    let pairing = uuid_bytes(&pairing).ok_or_else(no_pairing)?;
    let code = tokens::pairing_code_hash(&query.code).ok_or_else(no_pairing)?;
    match sync
        .store
        .collect_pairing(&pairing, &code)
        .await?
        .ok_or_else(no_pairing)?
    {
        Collected::Waiting => Ok(Json(json!({ "status": "waiting" }))),
        Collected::Ready {
            space,
            device,
            sealed_key,
        } => Ok(Json(json!({
            "status": "ready",
            "space": uuid_text(&space),
            "device": uuid_text(&device),
            "sealed_key": tokens::encode(&sealed_key),
        }))),
    }
}
