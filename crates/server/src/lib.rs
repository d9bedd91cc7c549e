//! Tend's optional server. For now it serves the built app (`dist/`, made by scripts/build.sh) from one origin,
//! with `/api/v1/health`; the end-to-end encrypted sync API comes under `/api/v1/` next, so the app's
//! Content-Security-Policy can keep `connect-src 'self'`.

mod static_files;

use axum::routing::get;
use axum::{Json, Router};
use std::path::PathBuf;
use std::sync::Arc;

/// The whole HTTP surface: the API under `/api/v1/`, and the app's files for everything else.
pub fn app(dist: PathBuf) -> Router {
    let api = Router::new()
        .route("/health", get(health))
        .fallback(api_not_found);
    Router::new()
        .nest("/api/v1", api)
        .fallback(static_files::serve)
        .with_state(Arc::new(dist))
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

/// An API path that does not exist is a JSON 404, never the app's page.
async fn api_not_found() -> (axum::http::StatusCode, Json<serde_json::Value>) {
    let body = serde_json::json!({ "error": "no such API path" });
    (axum::http::StatusCode::NOT_FOUND, Json(body))
}
