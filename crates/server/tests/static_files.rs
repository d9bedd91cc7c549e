//! The server as the browser meets it: the app's files, its fallback, compression and caching, the health check,
//! and paths that try to reach outside the app's folder.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::response::Response;
use http_body_util::BodyExt;
use std::path::{Path, PathBuf};
use tower::ServiceExt;

mod common;

/// A built app in a folder of its own: index.html, a hashed app folder with a precompressed wasm, a style sheet.
fn dist(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tend-server-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let app = dir.join("app-0123456789abcdef");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>Tend</title>").unwrap();
    std::fs::write(dir.join("sw.js"), "// worker").unwrap();
    std::fs::write(dir.join("manifest.webmanifest"), "{}").unwrap();
    std::fs::write(dir.join("style-fedcba9876543210.css"), "body{}").unwrap();
    std::fs::write(app.join("tend_bg.wasm"), b"\0asm plain").unwrap();
    std::fs::write(app.join("tend_bg.wasm.br"), b"brotli bytes").unwrap();
    std::fs::write(dir.parent().unwrap().join("tend-secret.txt"), "outside").unwrap();
    dir
}

async fn get(dir: &Path, path: &str, accept: Option<&str>) -> Response {
    request(dir, Method::GET, path, accept).await
}

async fn request(dir: &Path, method: Method, path: &str, accept: Option<&str>) -> Response {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(accept) = accept {
        request = request.header(header::ACCEPT_ENCODING, accept);
    }
    let api = common::Api::open(&common::sqlite_url("static"), common::GENEROUS).await;
    let app = tend_server::app(dir.to_path_buf(), api.sync);
    app.oneshot(request.body(Body::empty()).unwrap()).await.unwrap()
}

fn header(response: &Response, name: header::HeaderName) -> &str {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

async fn text(response: Response) -> String {
    String::from_utf8(response.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap()
}

#[tokio::test]
async fn app_routes_get_the_page_and_missing_files_a_404() {
    let dir = dist("routes");
    for route in [
        "/",
        "/medicines",
        "/dose/abc/2026-01-05T08%3A00%3A00",
        "/learn/high-blood-pressure",
    ] {
        let response = get(&dir, route, None).await;
        assert_eq!(response.status(), StatusCode::OK, "{route}");
        assert_eq!(
            header(&response, header::CONTENT_TYPE),
            "text/html; charset=utf-8"
        );
        assert_eq!(header(&response, header::CACHE_CONTROL), "no-cache");
        assert_eq!(text(response).await, "<!doctype html><title>Tend</title>");
    }
    let missing = get(&dir, "/app-0123456789abcdef/missing.js", None).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        header(&missing, header::CONTENT_TYPE),
        "text/plain; charset=utf-8"
    );
}

#[tokio::test]
async fn files_get_their_type_and_only_hashed_names_are_cached_for_a_year() {
    let dir = dist("types");
    let wasm = get(&dir, "/app-0123456789abcdef/tend_bg.wasm", None).await;
    assert_eq!(header(&wasm, header::CONTENT_TYPE), "application/wasm");
    assert_eq!(
        header(&wasm, header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header(&wasm, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(header(&wasm, header::REFERRER_POLICY), "no-referrer");
    assert_eq!(text(wasm).await, "\0asm plain");
    let style = get(&dir, "/style-fedcba9876543210.css", None).await;
    assert_eq!(header(&style, header::CONTENT_TYPE), "text/css; charset=utf-8");
    assert_eq!(
        header(&style, header::CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    for (path, kind) in [
        ("/sw.js", "text/javascript; charset=utf-8"),
        ("/manifest.webmanifest", "application/manifest+json"),
    ] {
        let response = get(&dir, path, None).await;
        assert_eq!(header(&response, header::CONTENT_TYPE), kind);
        assert_eq!(header(&response, header::CACHE_CONTROL), "no-cache", "{path}");
    }
}

#[tokio::test]
async fn a_precompressed_file_is_sent_when_the_browser_accepts_it() {
    let dir = dist("brotli");
    let path = "/app-0123456789abcdef/tend_bg.wasm";
    let compressed = get(&dir, path, Some("gzip, deflate, br")).await;
    assert_eq!(header(&compressed, header::CONTENT_ENCODING), "br");
    assert_eq!(header(&compressed, header::VARY), "accept-encoding");
    assert_eq!(header(&compressed, header::CONTENT_TYPE), "application/wasm");
    assert_eq!(text(compressed).await, "brotli bytes");
    // Accepting gzip only, with no .gz beside it: the plain file.
    let plain = get(&dir, path, Some("gzip")).await;
    assert_eq!(header(&plain, header::CONTENT_ENCODING), "");
    assert_eq!(text(plain).await, "\0asm plain");
    // "brotli" is not "br".
    let unknown = get(&dir, path, Some("brotli")).await;
    assert_eq!(header(&unknown, header::CONTENT_ENCODING), "");
}

#[tokio::test]
async fn paths_that_leave_the_folder_or_do_not_decode_are_refused() {
    let dir = dist("traversal");
    for path in [
        "/../tend-secret.txt",
        "/%2e%2e/tend-secret.txt",
        "/app-0123456789abcdef/..%2f..%2ftend-secret.txt",
        "/..%5ctend-secret.txt",
        "/%ff.txt",
        "/%zz.js",
        "/%00.js",
    ] {
        let response = get(&dir, path, None).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_ne!(text(response).await, "outside", "{path}");
    }
}

#[tokio::test]
async fn only_get_and_head_are_served() {
    let dir = dist("methods");
    let head = request(&dir, Method::HEAD, "/", None).await;
    assert_eq!(head.status(), StatusCode::OK);
    let post = request(&dir, Method::POST, "/", None).await;
    assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(header(&post, header::ALLOW), "GET, HEAD");
}

#[tokio::test]
async fn the_health_check_answers_and_unknown_api_paths_are_not_the_app() {
    let dir = dist("api");
    let health = get(&dir, "/api/v1/health", None).await;
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(header(&health, header::CONTENT_TYPE), "application/json");
    let body: serde_json::Value = serde_json::from_str(&text(health).await).unwrap();
    assert_eq!(body["status"], "ok");
    let unknown = get(&dir, "/api/v1/nothing-here", None).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(header(&unknown, header::CONTENT_TYPE), "application/json");
}

#[tokio::test]
async fn every_response_refuses_framing_and_sniffing() {
    let dir = dist("headers");
    for path in [
        "/",
        "/app-0123456789abcdef/tend_bg.wasm",
        "/missing.js",
        "/api/v1/health",
        "/api/v1/nothing",
    ] {
        let response = get(&dir, path, None).await;
        assert_eq!(
            header(&response, header::CONTENT_SECURITY_POLICY),
            "frame-ancestors 'none'",
            "{path}"
        );
        assert_eq!(header(&response, header::X_FRAME_OPTIONS), "DENY", "{path}");
        assert_eq!(
            header(&response, header::X_CONTENT_TYPE_OPTIONS),
            "nosniff",
            "{path}"
        );
        assert_eq!(
            header(&response, header::REFERRER_POLICY),
            "no-referrer",
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_api_serves_its_description() {
    let dir = dist("openapi");
    let response = get(&dir, "/api/v1/openapi.json", None).await;
    assert_eq!(header(&response, header::CONTENT_TYPE), "application/json");
    let served = text(response).await;
    assert_eq!(served, tend_server::OPENAPI);
    // tests/sync.rs holds every operation it lists to the router.
    let document: serde_json::Value = serde_json::from_str(&served).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
}
