//! The installed-app services, in the extras chunk (loaded after Today, so none of this is in the first
//! load): the service worker and its update flow, the install offer, notification permission, reminders shown
//! through the worker, and the app badge. The browser APIs are reached through one small JS module.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
let waiting = null;
// Once per page: says "tend:update" on the window when a new version is waiting (see update_waiting).
export function register_worker() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("/sw.js").then((reg) => {
    const offer = (worker) => { waiting = worker; dispatchEvent(new Event("tend:update")); };
    // A new worker that has installed while this one controls the page is an update (the first install is not).
    const follow = (worker) => worker && worker.addEventListener("statechange", () => {
      if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker);
    });
    if (reg.waiting && navigator.serviceWorker.controller) offer(reg.waiting);
    follow(reg.installing);
    reg.addEventListener("updatefound", () => follow(reg.installing));
    // Look for a new version now and then while the app stays open.
    setInterval(() => reg.update().catch(() => {}), 60 * 60 * 1000);
  }).catch(() => {});
}
// Finishes every pending write (a read-write transaction over all stores waits for those before it), then lets
// the new worker take over and reloads when it has.
export function apply_update() {
  const go = () => {
    if (!waiting) return location.reload();
    navigator.serviceWorker.addEventListener("controllerchange", () => location.reload());
    waiting.postMessage({ type: "skip-waiting" });
  };
  const open = indexedDB.open("tend");
  open.onsuccess = () => {
    const db = open.result;
    const names = [...db.objectStoreNames];
    if (!names.length) { db.close(); return go(); }
    const tx = db.transaction(names, "readwrite");
    tx.oncomplete = tx.onabort = tx.onerror = () => { db.close(); go(); };
  };
  open.onerror = go;
}
export function update_waiting() { return waiting !== null; }
export function install_offer() {
  if (window.tendInstall) return "prompt";
  const standalone = matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
  if (standalone) return "installed";
  return /iPhone|iPad|iPod/.test(navigator.userAgent) ? "ios" : "none";
}
export function prompt_install() {
  const offer = window.tendInstall;
  window.tendInstall = null;
  return offer ? offer.prompt().then(() => offer.userChoice).then((c) => c.outcome) : Promise.resolve("none");
}
export function permission() { return "Notification" in window ? Notification.permission : "unsupported"; }
export function request_permission() {
  return "Notification" in window ? Notification.requestPermission() : Promise.resolve("unsupported");
}
// Through the service worker: the Notification constructor fails on Android, and only a worker's
// notifications can carry action buttons and be acted on with no page open.
export function show_notification(title, options) {
  if (!("serviceWorker" in navigator) || permission() !== "granted") return Promise.resolve(false);
  return navigator.serviceWorker.ready.then((reg) => reg.showNotification(title, JSON.parse(options))).then(() => true);
}
export function set_badge(count) {
  if (!navigator.setAppBadge) return;
  (count > 0 ? navigator.setAppBadge(count) : navigator.clearAppBadge()).catch(() => {});
}
"#)]
extern "C" {
    pub fn register_worker();
    /// Whether a new version has installed and waits to take over.
    pub fn update_waiting() -> bool;
    pub fn apply_update();
    /// "prompt" (the browser offers installing), "ios" (Share, then Add to Home Screen), "installed", "none".
    pub fn install_offer() -> String;
    pub fn prompt_install() -> js_sys::Promise;
    /// "granted", "denied", "default" or "unsupported".
    pub fn permission() -> String;
    pub fn request_permission() -> js_sys::Promise;
    pub fn show_notification(title: &str, options: &str) -> js_sys::Promise;
    pub fn set_badge(count: u32);
}
