//! The built app's files: app routes fall back to `index.html`, precompressed `.br`/`.gz` files are sent when the
//! browser accepts them, and only content-hashed names are cached for long.

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{ACCEPT_ENCODING, ALLOW, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, VARY};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Serves `GET` and `HEAD` of the app's files (axum leaves out a `HEAD` response's body).
pub async fn serve(
    State(dist): State<Arc<PathBuf>>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(ALLOW, "GET, HEAD")],
            "Method not allowed",
        )
            .into_response();
    }
    let Some(file) = resolve(&dist, uri.path()).await else {
        return not_found();
    };
    let accepted = headers
        .get(ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    for (encoding, suffix) in [("br", "br"), ("gzip", "gz")] {
        if !accepted
            .split(',')
            .any(|e| e.trim().split(';').next() == Some(encoding))
        {
            continue;
        }
        if let Ok(body) = tokio::fs::read(file.with_extension(extended(&file, suffix))).await {
            let mut response = respond(&dist, &file, body);
            let headers = response.headers_mut();
            headers.insert(CONTENT_ENCODING, HeaderValue::from_static(encoding));
            headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
            return response;
        }
    }
    match tokio::fs::read(&file).await {
        Ok(body) => respond(&dist, &file, body),
        Err(_) => not_found(),
    }
}

/// The file a URL path names inside `dist`; an app route (a path without an extension) is `index.html`. `None`
/// for a missing file, and for a path that is not plain text or that tries to leave `dist`.
async fn resolve(dist: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let mut file = dist.to_path_buf();
    for part in decoded.split('/').filter(|p| !p.is_empty() && *p != ".") {
        if part == ".." || part.contains('\\') || part.contains('\0') {
            return None;
        }
        file.push(part);
    }
    if tokio::fs::metadata(&file).await.is_ok_and(|m| m.is_file()) {
        return Some(file);
    }
    // Paths with an extension are real files that are missing; anything else is an app route.
    match Path::new(&decoded).extension() {
        Some(_) => None,
        None => Some(dist.join("index.html")),
    }
}

/// `%XX` escapes decoded; `None` if one is malformed or the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let (mut bytes, mut rest) = (Vec::with_capacity(text.len()), text.as_bytes());
    while let Some((&byte, after)) = rest.split_first() {
        if byte == b'%' {
            let hex = std::str::from_utf8(after.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &after[2..];
        } else {
            bytes.push(byte);
            rest = after;
        }
    }
    String::from_utf8(bytes).ok()
}

/// `app.wasm` with `suffix` added: `app.wasm.br`.
fn extended(file: &Path, suffix: &str) -> String {
    match file.extension() {
        Some(extension) => format!("{}.{suffix}", extension.to_string_lossy()),
        None => suffix.to_owned(),
    }
}

fn respond(dist: &Path, file: &Path, body: Vec<u8>) -> Response {
    let headers = [
        (CONTENT_TYPE, content_type(file)),
        (
            CACHE_CONTROL,
            cache_control(file.strip_prefix(dist).unwrap_or(file)),
        ),
    ];
    (headers, Body::from(body)).into_response()
}

fn not_found() -> Response {
    let headers = [(CONTENT_TYPE, "text/plain; charset=utf-8")];
    (StatusCode::NOT_FOUND, headers, "Not found").into_response()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Only content-hashed names never change (the app's folder `app-<16 hex digits>/`, `style-<16 hex>.css`): a
/// year, immutable. Everything else (index.html, sw.js, the manifest, the content) is revalidated. `file` is
/// relative to `dist`.
fn cache_control(file: &Path) -> &'static str {
    let hashed = |name: &str, prefix: &str, suffix: &str| {
        name.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
            .is_some_and(|hash| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    let in_app_folder = file
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .any(|part| hashed(&part.as_os_str().to_string_lossy(), "app-", ""));
    let name = file.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    match in_app_folder || hashed(&name, "style-", ".css") {
        true => "public, max-age=31536000, immutable",
        false => "no-cache",
    }
}
