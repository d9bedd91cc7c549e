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
        let sync = tend_server::open(url, rates, trust_proxy).await.unwrap();
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
