//! Tend's optional server: the built app (`dist/`, made by scripts/build.sh) and the end-to-end encrypted sync
//! API under `/api/v1/` (docs/sync.md) from one origin, so the app's Content-Security-Policy keeps
//! `connect-src 'self'`. The data is in SQLite or PostgreSQL (`store`); the server holds only ciphertext.

pub mod api;
pub mod community;
mod dialect;
pub mod limits;
mod migrations;
pub mod moderation;
mod pokes;
pub mod push;
mod push_store;
mod static_files;
pub mod store;
mod stories;
mod tokens;

pub use api::Sync;

use axum::http::header::{HeaderName, HeaderValue};
use axum::middleware::map_response;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use std::path::PathBuf;
use std::sync::Arc;

/// The whole HTTP surface: the API under `/api/v1/`, and the app's files for everything else.
pub fn app(dist: PathBuf, sync: Arc<Sync>) -> Router {
    let api = api::routes(sync.clone())
        .merge(community::routes(sync.clone()))
        .merge(moderation::routes(sync.clone()))
        .merge(push::routes(sync))
        .route("/health", get(health))
        .route("/openapi.json", get(openapi))
        .method_not_allowed_fallback(api_wrong_method)
        .fallback(api_not_found);
    let files = Router::new()
        .fallback(static_files::serve)
        .with_state(Arc::new(dist));
    Router::new()
        .nest("/api/v1", api)
        .fallback_service(files)
        .layer(map_response(secure))
}

/// How a server runs, beside its database.
#[derive(Clone, Debug)]
pub struct Settings {
    pub rates: (limits::Rate, limits::Rate),
    /// Behind a reverse proxy: the client's address and scheme come from its `X-Forwarded-*` headers.
    pub trust_proxy: bool,
    /// Who push services may contact about this server's pushes (VAPID's `sub`: a mailto: or https: URL).
    pub push_contact: String,
    /// Send pushes to plain-HTTP loopback endpoints too: for a test push service only.
    pub loopback_push: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            rates: (limits::DEVICE_RATE, limits::ADDRESS_RATE),
            trust_proxy: false,
            push_contact: "mailto:webmaster@localhost".into(),
            loopback_push: false,
        }
    }
}

/// Opens the database at `url` (migrating it), and what the API needs beside it.
pub async fn open(url: &str, settings: Settings) -> Result<Arc<Sync>, String> {
    let store = store::Store::open(url).await?;
    let pokes = pokes::Pokes::start(&store).await?;
    let push = push::Push::open(&store, settings.push_contact, settings.loopback_push).await?;
    Ok(Arc::new(Sync {
        store,
        pokes,
        push,
        limits: limits::Limits::new(settings.rates.0, settings.rates.1),
        trust_proxy: settings.trust_proxy,
    }))
}

/// Headers on every response, the app's files and the API alike. The page's own Content-Security-Policy is a meta
/// tag in index.html (scripts/csp.mjs); framing can only be refused by a header, so that part is here.
async fn secure(mut response: Response) -> Response {
    const HEADERS: [(&str, &str); 4] = [
        ("content-security-policy", "frame-ancestors 'none'"),
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
    ];
    for (name, value) in HEADERS {
        let headers = response.headers_mut();
        headers.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
    }
    response
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

/// The API's description, kept in the repository beside the code (crates/server/openapi.json).
pub const OPENAPI: &str = include_str!("../openapi.json");

async fn openapi() -> impl axum::response::IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], OPENAPI)
}

/// An API path that does not exist is a JSON 404, never the app's page.
async fn api_not_found() -> (axum::http::StatusCode, Json<serde_json::Value>) {
    let body = serde_json::json!({ "error": "not_found", "detail": "There is no such API path." });
    (axum::http::StatusCode::NOT_FOUND, Json(body))
}

async fn api_wrong_method() -> (axum::http::StatusCode, Json<serde_json::Value>) {
    let body = serde_json::json!({ "error": "method_not_allowed", "detail": "This API path does not take that method." });
    (axum::http::StatusCode::METHOD_NOT_ALLOWED, Json(body))
}
