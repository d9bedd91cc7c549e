//! What the server's tests share: a fresh database of each kind, and a device's view of the API.
#![allow(dead_code)] // each test file uses its own part

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use axum::Router;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use sqlx::Connection;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tend_server::limits::Rate;
use tower::ServiceExt;

pub const GENEROUS: (Rate, Rate) = (Rate::new(100_000, 100_000), Rate::new(100_000, 100_000));

/// A folder of its own for each call.
pub fn temp_dir(name: &str) -> PathBuf {
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("tend-server-{name}-{}-{call}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A new, empty database of every kind the tests can reach: SQLite always; PostgreSQL when scripts/test.sh
/// started one (`TEND_TEST_POSTGRES`), which it always does in CI.
pub async fn databases(name: &str) -> Vec<String> {
    let mut urls = vec![sqlite_url(name)];
    match std::env::var("TEND_TEST_POSTGRES") {
        Ok(admin) => urls.push(postgres_database(&admin, name).await),
        Err(_) if std::env::var("CI").is_ok() => {
            panic!("CI runs the server's tests on PostgreSQL too: run them through scripts/test.sh")
        }
        Err(_) => eprintln!("TEND_TEST_POSTGRES is not set: testing {name} on SQLite only"),
    }
    urls
}

pub fn sqlite_url(name: &str) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        temp_dir(name).join("tend.sqlite3").display()
    )
}

async fn postgres_database(admin: &str, name: &str) -> String {
    let database = format!("tend_{name}_{}", std::process::id());
    let mut connection = sqlx::postgres::PgConnection::connect(admin).await.unwrap();
    // One statement each: PostgreSQL runs several in one string as a transaction, which these refuse.
    for statement in [
        format!("DROP DATABASE IF EXISTS {database}"),
        format!("CREATE DATABASE {database}"),
    ] {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
            .execute(&mut connection)
            .await
            .unwrap();
    }
    let (base, _) = admin.rsplit_once('/').unwrap();
    format!("{base}/{database}")
}

pub fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0; N];
    getrandom::fill(&mut bytes).unwrap();
    bytes
}

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn unb64(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).unwrap()
}

pub fn uuid() -> String {
    uuid::Uuid::from_bytes(random()).to_string()
}

/// A sealed record as a device would push it (the server cannot tell random bytes from ciphertext).
pub fn envelope() -> Value {
    json!({ "mutation": uuid(), "sealed": b64(&random::<64>()) })
}

/// The API in process, as requests from one address.
#[derive(Clone)]
pub struct Api {
    app: Router,
    pub sync: Arc<tend_server::Sync>,
}

pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    pub headers: HeaderMap,
}

impl Api {
    pub async fn open(url: &str, rates: (Rate, Rate)) -> Api {
        Api::open_with(url, rates, false).await
    }

    /// With `trust_proxy`, as behind a reverse proxy that sets `X-Forwarded-For` and `X-Forwarded-Proto`.
    pub async fn open_with(url: &str, rates: (Rate, Rate), trust_proxy: bool) -> Api {
        let settings = tend_server::Settings {
            rates,
            trust_proxy,
            loopback_push: true,
            ..Default::default()
        };
        let sync = tend_server::open(url, settings).await.unwrap();
        let app = tend_server::app(temp_dir("dist"), sync.clone())
            .layer(MockConnectInfo(SocketAddr::from(([192, 0, 2, 1], 1234))));
        Api { app, sync }
    }

    pub fn router(&self) -> Router {
        self.app.clone()
    }

    pub async fn raw(&self, request: Request<Body>) -> Answer {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let (status, headers) = (response.status(), response.headers().clone());
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            body,
            headers,
        }
    }

    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Answer {
        let mut request = Request::builder().method(method).uri(format!("/api/v1{path}"));
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let body = match body {
            Some(body) => {
                request = request.header("content-type", "application/json");
                Body::from(body.to_string())
            }
            None => Body::empty(),
        };
        self.raw(request.body(body).unwrap()).await
    }
}

/// A device of a space, as the API answered its joining.
#[derive(Clone, Debug)]
pub struct Device {
    pub space: String,
    pub id: String,
    pub token: String,
}

#[derive(Clone)]
pub struct Space {
    pub first: Device,
    pub join_token: String,
}

impl Device {
    pub async fn push(&self, api: &Api, records: &[Value]) -> Answer {
        let path = format!("/spaces/{}/records", self.space);
        api.call(
            Method::POST,
            &path,
            Some(&self.token),
            Some(json!({ "records": records })),
        )
        .await
    }

    pub async fn pull(&self, api: &Api, after: i64, limit: i64) -> Answer {
        let path = format!("/spaces/{}/records?after={after}&limit={limit}", self.space);
        api.call(Method::GET, &path, Some(&self.token), None).await
    }

    /// Every record of the space, page by page, as (seq, mutation).
    pub async fn pull_all(&self, api: &Api) -> Vec<(i64, String)> {
        let (mut all, mut after) = (Vec::new(), 0);
        loop {
            let page = self.pull(api, after, 1000).await;
            assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
            for record in page.body["records"].as_array().unwrap() {
                all.push((
                    record["seq"].as_i64().unwrap(),
                    record["mutation"].as_str().unwrap().to_owned(),
                ));
            }
            after = page.body["next"].as_i64().unwrap();
            if !page.body["more"].as_bool().unwrap() {
                return all;
            }
        }
    }
}

pub async fn create_space(api: &Api) -> Space {
    let (space, join_token) = (uuid(), b64(&random::<32>()));
    let answer = api
        .call(
            Method::POST,
            "/spaces",
            None,
            Some(json!({
                "space": space,
                "join_token": join_token,
                "wrapped_key": b64(&random::<60>()),
                "kdf": { "kdf": "argon2id", "m": 65536, "t": 3, "p": 1, "version": 1 },
                "device_name": b64(&random::<40>()),
            })),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
    Space {
        first: device_of(&space, &answer.body),
        join_token,
    }
}

pub fn device_of(space: &str, body: &Value) -> Device {
    Device {
        space: space.to_owned(),
        id: body["device"].as_str().unwrap().to_owned(),
        token: body["token"].as_str().unwrap().to_owned(),
    }
}

pub async fn join(api: &Api, space: &str, join_token: &str) -> Answer {
    let path = format!("/spaces/{space}/devices");
    let body = json!({ "join_token": join_token, "device_name": b64(&random::<40>()) });
    api.call(Method::POST, &path, None, Some(body)).await
}

impl Space {
    pub async fn join(&self, api: &Api) -> Device {
        let answer = join(api, &self.first.space, &self.join_token).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.body);
        device_of(&self.first.space, &answer.body)
    }
}

/// A push service on loopback, as a browser's would be (RFC 8030): it takes pushes at `/push/{name}`, checks each
/// one's VAPID signature (RFC 8292) against the key it names, and keeps what arrived and when. `/push/gone...`
/// answers 410 (an expired subscription); `/push/busy...` answers 429 with `Retry-After: 1` the first time.
#[derive(Clone, Default)]
pub struct PushService {
    pub received: Arc<std::sync::Mutex<Vec<Pushed>>>,
    busy_once: Arc<std::sync::Mutex<std::collections::HashSet<String>>>,
    pub address: Arc<std::sync::OnceLock<SocketAddr>>,
}

#[derive(Clone, Debug)]
pub struct Pushed {
    pub name: String,
    pub at: i64,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// The VAPID key the push was signed with, once its signature and audience checked out.
    pub vapid_key: Option<Vec<u8>>,
}

pub fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

impl PushService {
    pub async fn start() -> PushService {
        use axum::extract::{Path, State};
        let service = PushService::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        service.address.set(listener.local_addr().unwrap()).unwrap();
        async fn take(
            State(service): State<PushService>,
            Path(name): Path<String>,
            headers: HeaderMap,
            body: axum::body::Bytes,
        ) -> (StatusCode, [(&'static str, &'static str); 1]) {
            if name.starts_with("busy") && service.busy_once.lock().unwrap().insert(name.clone()) {
                return (StatusCode::TOO_MANY_REQUESTS, [("retry-after", "1")]);
            }
            let audience = format!("http://{}", service.address.get().unwrap());
            let vapid_key = vapid(&headers, &audience);
            let at = now_millis();
            service.received.lock().unwrap().push(Pushed {
                name: name.clone(),
                at,
                headers,
                body: body.to_vec(),
                vapid_key,
            });
            let status = if name.starts_with("gone") {
                StatusCode::GONE
            } else {
                StatusCode::CREATED
            };
            (status, [("location", "/message")])
        }
        let app = Router::new()
            .route("/push/{name}", axum::routing::post(take))
            .with_state(service.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        service
    }

    pub fn endpoint(&self, name: &str) -> String {
        format!("http://{}/push/{name}", self.address.get().unwrap())
    }

    pub fn arrived(&self, name: &str) -> Vec<Pushed> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .filter(|p| p.name == name)
            .cloned()
            .collect()
    }

    /// Waits until `count` pushes came for `name`, or `timeout` passed; answers what came.
    pub async fn wait_for(&self, name: &str, count: usize, timeout: std::time::Duration) -> Vec<Pushed> {
        let started = std::time::Instant::now();
        while self.arrived(name).len() < count && started.elapsed() < timeout {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        self.arrived(name)
    }
}

/// The key of a valid VAPID `Authorization` (`vapid t=JWT, k=KEY`) for this audience, or `None`.
fn vapid(headers: &HeaderMap, audience: &str) -> Option<Vec<u8>> {
    use p256::ecdsa::signature::Verifier;
    let value = headers
        .get("authorization")?
        .to_str()
        .ok()?
        .strip_prefix("vapid ")?;
    let mut jwt = None;
    let mut key = None;
    for part in value.split(',') {
        let (name, text) = part.trim().split_once('=')?;
        match name {
            "t" => jwt = Some(text.to_owned()),
            "k" => key = Some(URL_SAFE_NO_PAD.decode(text).ok()?),
            _ => {}
        }
    }
    let (jwt, key) = (jwt?, key?);
    let (signed, signature) = jwt.rsplit_once('.')?;
    let verifying = p256::ecdsa::VerifyingKey::from_sec1_bytes(&key).ok()?;
    let signature = p256::ecdsa::Signature::from_slice(&URL_SAFE_NO_PAD.decode(signature).ok()?).ok()?;
    verifying.verify(signed.as_bytes(), &signature).ok()?;
    let (header, claims) = signed.split_once('.')?;
    let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).ok()?).ok()?;
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).ok()?).ok()?;
    let fresh = claims["exp"].as_i64()? > now_millis() / 1000;
    (header["alg"] == "ES256" && claims["aud"] == audience && fresh && claims["sub"].is_string())
        .then_some(key)
}

/// A browser's push subscription: its P-256 key pair and authentication secret.
pub struct Subscriber {
    pub private: [u8; 32],
    pub public: Vec<u8>,
    pub auth: [u8; 16],
}

impl Subscriber {
    pub fn new() -> Subscriber {
        let private = loop {
            let candidate: [u8; 32] = random();
            if tend_core::webpush::public_key(&candidate).is_ok() {
                break candidate;
            }
        };
        Subscriber {
            public: tend_core::webpush::public_key(&private).unwrap(),
            private,
            auth: random(),
        }
    }

    /// A message sealed for this subscription, as the device seals its reminders.
    pub fn seal(&self, text: &str) -> Vec<u8> {
        tend_core::webpush::encrypt(text.as_bytes(), &self.public, &self.auth, &random(), &random()).unwrap()
    }

    pub fn open(&self, body: &[u8]) -> String {
        String::from_utf8(tend_core::webpush::decrypt(body, &self.private, &self.auth).unwrap()).unwrap()
    }
}

impl Subscriber {
    pub fn open_fails(&self, body: &[u8]) -> bool {
        tend_core::webpush::decrypt(body, &self.private, &self.auth).is_err()
    }
}
