//! The sync API's requests (docs/sync.md), to the server on the app's own origin, through gloo-net. Binary
//! values travel as base64url; every failure becomes an [`ApiError`] the person can be told.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use tend_core::Id;

const BASE: &str = "/api/v1";

/// How a request failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// No answer: offline, or the server is down.
    Unreachable,
    /// The origin answered, but not as a Tend server (a plain static host).
    NoServer,
    /// The device's token is unknown or removed.
    Unauthorized,
    /// No such space, or not this device's, or a join token that does not match (the server does not say which).
    NotFound,
    /// The space exists and the join token is its own (creating it again, after a lost answer).
    Exists,
    /// Too many requests: try again later.
    Busy,
    /// Anything else the server refused, with its words.
    Refused(String),
}

/// This device's standing in a space, as the server gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    pub space: [u8; 16],
    pub device: Id,
    pub token: String,
}

/// A device that joined with the phrase: its credentials, and the space key wrapped as the first device left it.
pub struct Joined {
    pub device: Device,
    pub wrapped_key: Vec<u8>,
    pub kdf: Value,
}

/// One entry of the space's log.
pub struct Entry {
    pub seq: i64,
    pub mutation: Id,
    pub sealed: Vec<u8>,
}

/// A page of the log, whether more follow it, and the log's newest number.
pub struct Page {
    pub entries: Vec<Entry>,
    pub more: bool,
    pub newest: i64,
}

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn unb64(text: &str) -> Result<Vec<u8>, ApiError> {
    URL_SAFE_NO_PAD.decode(text).map_err(|_| malformed())
}

/// 16 bytes from base64url (a space id as stored here).
pub fn unb64_array(text: &str) -> Option<[u8; 16]> {
    URL_SAFE_NO_PAD.decode(text).ok()?.try_into().ok()
}

fn malformed() -> ApiError {
    ApiError::Refused("the server's answer is malformed".into())
}

fn space_path(space: &[u8; 16]) -> String {
    format!("{BASE}/spaces/{}", Id::from_bytes(*space))
}

/// The server answers at all, as a Tend server.
pub async fn health() -> Result<(), ApiError> {
    let answer: Value = answer(Request::get(&format!("{BASE}/health"))).await?;
    match answer["status"].as_str() {
        Some("ok") => Ok(()),
        _ => Err(ApiError::NoServer),
    }
}

/// Creates the space with this device as its first.
pub async fn create_space(
    space: &[u8; 16],
    join_token: &[u8; 32],
    wrapped_key: &[u8],
    kdf: Value,
    device_name: &[u8],
) -> Result<Device, ApiError> {
    let body = json!({
        "space": Id::from_bytes(*space), "join_token": b64(join_token), "wrapped_key": b64(wrapped_key),
        "kdf": kdf, "device_name": b64(device_name),
    });
    let answer: Value = answer(Request::post(&format!("{BASE}/spaces")).json(&body)).await?;
    device(space, &answer)
}

/// Joins the space as a new device, with the join token the phrase derives.
pub async fn join_space(
    space: &[u8; 16],
    join_token: &[u8; 32],
    device_name: &[u8],
) -> Result<Joined, ApiError> {
    let body = json!({ "join_token": b64(join_token), "device_name": b64(device_name) });
    let path = format!("{}/devices", space_path(space));
    let answer: Value = answer(Request::post(&path).json(&body)).await?;
    Ok(Joined {
        device: device(space, &answer)?,
        wrapped_key: unb64(answer["wrapped_key"].as_str().ok_or_else(malformed)?)?,
        kdf: answer["kdf"].clone(),
    })
}

fn device(space: &[u8; 16], answer: &Value) -> Result<Device, ApiError> {
    let device = answer["device"].as_str().and_then(|d| Id::parse(d).ok());
    match (device, answer["token"].as_str()) {
        (Some(device), Some(token)) => Ok(Device {
            space: *space,
            device,
            token: token.to_owned(),
        }),
        _ => Err(malformed()),
    }
}

/// A device of the space, as the server lists it (its name sealed).
#[derive(Deserialize)]
pub struct Listed {
    pub device: Id,
    pub name: String,
    pub last_seen: i64,
    pub revoked: Option<i64>,
    pub this_device: bool,
}

pub async fn devices(device: &Device) -> Result<Vec<Listed>, ApiError> {
    #[derive(Deserialize)]
    struct List {
        devices: Vec<Listed>,
    }
    let path = format!("{}/devices", space_path(&device.space));
    let list: List = answer(authorized(Request::get(&path), device)).await?;
    Ok(list.devices)
}

/// Removes a device of the space: its token stops working at once.
pub async fn remove_device(device: &Device, removed: Id) -> Result<(), ApiError> {
    let path = format!("{}/devices/{removed}", space_path(&device.space));
    answer_nothing(authorized(Request::delete(&path), device)).await
}

/// Gives this device its name, sealed.
pub async fn rename_device(device: &Device, name: &[u8]) -> Result<(), ApiError> {
    let path = format!("{}/devices/{}", space_path(&device.space), device.device);
    let body = json!({ "device_name": b64(name) });
    answer_nothing(authorized(Request::put(&path), device).json(&body)).await
}

/// Sends sealed versions, each under its mutation id. A retry of the same batch stores nothing twice.
pub async fn push(device: &Device, sealed: &[(Id, Vec<u8>)]) -> Result<(), ApiError> {
    let records: Vec<Value> = sealed
        .iter()
        .map(|(mutation, bytes)| json!({ "mutation": mutation, "sealed": b64(bytes) }))
        .collect();
    let path = format!("{}/records", space_path(&device.space));
    let _: Value =
        answer(authorized(Request::post(&path), device).json(&json!({ "records": records }))).await?;
    Ok(())
}

/// The log's entries after `after`, at most `limit`.
pub async fn pull(device: &Device, after: i64, limit: usize) -> Result<Page, ApiError> {
    #[derive(Deserialize)]
    struct Pulled {
        seq: i64,
        mutation: String,
        sealed: String,
    }
    #[derive(Deserialize)]
    struct Pulls {
        records: Vec<Pulled>,
        more: bool,
        /// Servers before it was answered give no progress.
        #[serde(default)]
        newest: i64,
    }
    let path = format!(
        "{}/records?after={after}&limit={limit}",
        space_path(&device.space)
    );
    let pulls: Pulls = answer(authorized(Request::get(&path), device)).await?;
    let entries = pulls.records.into_iter().map(|p| {
        Ok(Entry {
            seq: p.seq,
            mutation: Id::parse(&p.mutation).map_err(|_| malformed())?,
            sealed: unb64(&p.sealed)?,
        })
    });
    Ok(Page {
        entries: entries.collect::<Result<_, ApiError>>()?,
        more: pulls.more,
        newest: pulls.newest,
    })
}

/// A pairing this device opened: the code to show, and when it stops working (ms since 1970).
pub struct Opened {
    pub pairing: Id,
    pub code: String,
    pub expires: i64,
}

/// Opens a pairing with this device's ephemeral public key.
pub async fn open_pairing(device: &Device, offer: &[u8]) -> Result<Opened, ApiError> {
    let path = format!("{}/pairings", space_path(&device.space));
    let body = json!({ "offer": b64(offer) });
    let answer: Value = answer(authorized(Request::post(&path), device).json(&body)).await?;
    let pairing = answer["pairing"].as_str().and_then(|p| Id::parse(p).ok());
    match (pairing, answer["code"].as_str(), answer["expires"].as_i64()) {
        (Some(pairing), Some(code), Some(expires)) => Ok(Opened {
            pairing,
            code: code.to_owned(),
            expires,
        }),
        _ => Err(malformed()),
    }
}

/// The new device's public key and sealed name, once it has answered.
pub async fn pairing_answer(device: &Device, pairing: Id) -> Result<Option<(Vec<u8>, Vec<u8>)>, ApiError> {
    let path = format!("{}/pairings/{pairing}", space_path(&device.space));
    let answer: Value = answer(authorized(Request::get(&path), device)).await?;
    match (answer["answer"].as_str(), answer["name"].as_str()) {
        (Some(key), Some(name)) => Ok(Some((unb64(key)?, unb64(name)?))),
        _ => Ok(None),
    }
}

/// Delivers the space key sealed for the new device, and its name sealed with the space key: it is in.
pub async fn complete_pairing(
    device: &Device,
    pairing: Id,
    sealed_key: &[u8],
    device_name: &[u8],
) -> Result<(), ApiError> {
    let path = format!("{}/pairings/{pairing}", space_path(&device.space));
    let body = json!({ "sealed_key": b64(sealed_key), "device_name": b64(device_name) });
    answer_nothing(authorized(Request::put(&path), device).json(&body)).await
}

/// What the new device learns by answering a code: the pairing, its space and the other device's key.
pub struct Answered {
    pub pairing: Id,
    pub space: [u8; 16],
    pub offer: Vec<u8>,
}

/// Answers a code typed or scanned on the new device.
pub async fn answer_pairing(
    code: &str,
    public: &[u8],
    name: &[u8],
    token_hash: &[u8; 32],
) -> Result<Answered, ApiError> {
    let body = json!({
        "code": code, "answer": b64(public), "name": b64(name), "token_hash": b64(token_hash),
    });
    let answer: Value = answer(Request::post(&format!("{BASE}/pairings/answer")).json(&body)).await?;
    let id = |field: &str| answer[field].as_str().and_then(|p| Id::parse(p).ok());
    match (id("pairing"), id("space"), answer["offer"].as_str()) {
        (Some(pairing), Some(space), Some(offer)) => Ok(Answered {
            pairing,
            space: space.to_bytes(),
            offer: unb64(offer)?,
        }),
        _ => Err(malformed()),
    }
}

/// The new device's id and the sealed space key, once delivered (`None` while the other device has not).
pub async fn collect_pairing(pairing: Id, code: &str) -> Result<Option<(Id, Vec<u8>)>, ApiError> {
    let code: String = code.chars().filter(char::is_ascii_alphanumeric).collect();
    let path = format!("{BASE}/pairings/{pairing}?code={code}");
    let answer: Value = answer(Request::get(&path)).await?;
    if answer["status"].as_str() != Some("ready") {
        return Ok(None);
    }
    let device = answer["device"].as_str().and_then(|d| Id::parse(d).ok());
    match (device, answer["sealed_key"].as_str()) {
        (Some(device), Some(sealed)) => Ok(Some((device, unb64(sealed)?))),
        _ => Err(malformed()),
    }
}

/// The address of the space's stream of pokes, open for a minute (an `EventSource` cannot send the token).
pub async fn events_address(device: &Device) -> Result<String, ApiError> {
    let path = format!("{}/events/ticket", space_path(&device.space));
    let answer: Value = answer(authorized(Request::post(&path), device)).await?;
    let ticket = answer["ticket"].as_str().ok_or_else(malformed)?;
    Ok(format!("{}/events?ticket={ticket}", space_path(&device.space)))
}

fn authorized(request: RequestBuilder, device: &Device) -> RequestBuilder {
    request.header("authorization", &format!("Bearer {}", device.token))
}

/// Sends the request and reads its JSON answer, or the error it stands for.
pub(crate) async fn answer<T: DeserializeOwned>(request: impl Into<Sendable>) -> Result<T, ApiError> {
    let response = send(request.into()).await?;
    match response.json::<T>().await {
        Ok(value) => Ok(value),
        // The app's own host answered with a page, not JSON: there is no sync server here.
        Err(_) => Err(ApiError::NoServer),
    }
}

/// Sends a request whose answer has no body (`204`).
pub(crate) async fn answer_nothing(request: impl Into<Sendable>) -> Result<(), ApiError> {
    send(request.into()).await.map(drop)
}

async fn send(request: Sendable) -> Result<Response, ApiError> {
    let response = match request {
        Sendable::Builder(builder) => builder.send().await,
        Sendable::Request(Ok(request)) => request.send().await,
        Sendable::Request(Err(_)) => return Err(malformed()),
    }
    .map_err(|_| ApiError::Unreachable)?;
    if !response.ok() {
        return Err(refusal(&response).await);
    }
    Ok(response)
}

/// A request ready to send: built from a builder, or with a body that may have failed to serialise.
pub(crate) enum Sendable {
    Builder(RequestBuilder),
    Request(Result<Request, gloo_net::Error>),
}

impl From<RequestBuilder> for Sendable {
    fn from(builder: RequestBuilder) -> Sendable {
        Sendable::Builder(builder)
    }
}

impl From<Result<Request, gloo_net::Error>> for Sendable {
    fn from(request: Result<Request, gloo_net::Error>) -> Sendable {
        Sendable::Request(request)
    }
}

async fn refusal(response: &Response) -> ApiError {
    match response.status() {
        401 => ApiError::Unauthorized,
        404 | 405 if !is_json(response) => ApiError::NoServer,
        404 => ApiError::NotFound,
        409 => ApiError::Exists,
        429 => ApiError::Busy,
        502..=504 => ApiError::Unreachable,
        _ => {
            let detail = response.json::<Value>().await.ok();
            let detail = detail.as_ref().and_then(|d| d["detail"].as_str());
            ApiError::Refused(detail.unwrap_or("the server refused the request").to_owned())
        }
    }
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get("content-type")
        .is_some_and(|t| t.starts_with("application/json"))
}

/// The server's VAPID public key (base64url), the `applicationServerKey` to subscribe with.
pub async fn push_key() -> Result<String, ApiError> {
    let answer: Value = answer(Request::get(&format!("{BASE}/push/key"))).await?;
    answer["key"].as_str().map(str::to_owned).ok_or_else(malformed)
}

/// Registers this device's push subscription (its endpoint only: the keys stay on the device).
pub async fn push_subscribe(device: &Device, endpoint: &str) -> Result<(), ApiError> {
    let path = format!("{}/push/subscription", space_path(&device.space));
    let body = json!({ "endpoint": endpoint });
    answer_nothing(authorized(Request::put(&path), device).json(&body)).await
}

/// Forgets this device's subscription and everything it planned.
pub async fn push_unsubscribe(device: &Device) -> Result<(), ApiError> {
    let path = format!("{}/push/subscription", space_path(&device.space));
    answer_nothing(authorized(Request::delete(&path), device)).await
}

/// A reminder for the server to send: when, until when it is worth showing (ms since 1970), the topic that
/// makes a repeat replace it, the dose's cancel token, and the message sealed for this browser.
pub struct PushItem {
    pub fire_at: i64,
    pub expires: i64,
    pub topic: String,
    pub cancel: [u8; 32],
    pub body: Vec<u8>,
}

/// Replaces everything this device planned.
pub async fn push_plan(device: &Device, items: &[PushItem]) -> Result<(), ApiError> {
    let items: Vec<Value> = items
        .iter()
        .map(|i| {
            json!({
                "fire_at": i.fire_at, "expires": i.expires, "topic": i.topic,
                "cancel": b64(&i.cancel), "body": b64(&i.body),
            })
        })
        .collect();
    let path = format!("{}/push/items", space_path(&device.space));
    answer_nothing(authorized(Request::put(&path), device).json(&json!({ "items": items }))).await
}

/// Cancels, on every device of the space, the reminders planned under these tokens (at most 100).
pub async fn push_cancel(device: &Device, tokens: &[[u8; 32]]) -> Result<(), ApiError> {
    let tokens: Vec<String> = tokens.iter().map(|t| b64(t)).collect();
    let path = format!("{}/push/cancel", space_path(&device.space));
    let _: Value =
        answer(authorized(Request::post(&path), device).json(&json!({ "cancel": tokens }))).await?;
    Ok(())
}
