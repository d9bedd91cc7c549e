//! Tend's optional server. For now it serves the built app (`dist/`, made by scripts/build.sh) from one origin,
//! with `/api/v1/health`; the end-to-end encrypted sync API comes under `/api/v1/` next, so the app's
//! Content-Security-Policy can keep `connect-src 'self'`.

mod static_files;

use axum::http::header::{HeaderName, HeaderValue};
use axum::middleware::map_response;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use std::path::PathBuf;
use std::sync::Arc;

/// The whole HTTP surface: the API under `/api/v1/`, and the app's files for everything else.
pub fn app(dist: PathBuf) -> Router {
    let api = Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(openapi))
        .fallback(api_not_found);
    Router::new()
        .nest("/api/v1", api)
        .fallback(static_files::serve)
        .with_state(Arc::new(dist))
        .layer(map_response(secure))
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
    let body = serde_json::json!({ "error": "no such API path" });
    (axum::http::StatusCode::NOT_FOUND, Json(body))
}
