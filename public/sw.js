// Tend's service worker: the app shell offline, education content cached as it is read, and the Taken /
// Snooze actions of reminder notifications recorded straight into IndexedDB, also when no page is open.
// scripts/precache.mjs fills in the build's file list and version; a new build is a new worker, which waits
// until the person taps "Update" (the page then finishes its writes and sends "skip-waiting").
const PRECACHE = __PRECACHE__;
const VERSION = "__VERSION__";
const SHELL = `tend-shell-${VERSION}`;
const CONTENT = "tend-content";
const DB_NAME = "tend";
const SNOOZE_MINUTES = 10;
// The index of dose events in tend_core::Kind::ALL (tests/storage.rs checks it).
const DOSE_EVENT_KIND = 3;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("tend-shell-") && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Only this app's own GET requests; API calls always go to the network and are never stored.
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    event.respondWith(caches.match("/index.html", { cacheName: SHELL }).then((hit) => hit || fetch(request)));
  } else if (url.pathname.startsWith("/content/")) {
    event.respondWith(staleWhileRevalidate(event, request));
  } else {
    event.respondWith(caches.match(request, { cacheName: SHELL }).then((hit) => hit || fetch(request)));
  }
});

// Articles open at once from the cache (offline too) and are refreshed in the background for next time.
async function staleWhileRevalidate(event, request) {
  const cache = await caches.open(CONTENT);
  const cached = await cache.match(request);
  const fresh = fetch(request).then((response) => {
    if (response.ok) cache.put(request, response.clone());
    return response;
  });
  if (cached) {
    event.waitUntil(fresh.catch(() => undefined));
    return cached;
  }
  return fresh;
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "skip-waiting") self.skipWaiting();
  // The same path as a tap on a notification's action button, for pages and tests.
  if (message.type === "notification-action") event.waitUntil(act(message.action, message.dose));
});

// A reminder the sync server sent at its time (src/sync/push.rs sealed it; the browser has opened it). A
// notification is always shown (browsers revoke subscriptions whose pushes show none), with the dose for Taken
// and Snooze and its cancel token. The message is in Declarative Web Push's form, which Safari can show itself.
self.addEventListener("push", (event) => {
  event.waitUntil(showPushed(event.data));
});

function showPushed(data) {
  let message = {};
  try {
    message = data ? data.json() : {};
  } catch {
    // Not JSON: still a notification, with nothing of the message in it.
  }
  const shown = message.notification || {};
  const tend = message.tend || {};
  const dose = tend.dose && { ...tend.dose, cancel: tend.cancel };
  return self.registration.showNotification(shown.title || "Tend", {
    body: shown.body || "",
    tag: shown.tag,
    lang: shown.lang,
    silent: !!shown.silent,
    renotify: !!(tend.renotify && shown.tag),
    requireInteraction: true,
    timestamp: shown.timestamp,
    icon: "/icons/icon-192.png",
    badge: "/icons/icon-192.png",
    actions: dose ? (shown.actions || []).map(({ action, title }) => ({ action, title })) : [],
    data: dose || null,
  });
}

self.addEventListener("notificationclick", (event) => {
  const dose = event.notification.data;
  event.notification.close();
  if (!dose) return event.waitUntil(self.clients.openWindow("/"));
  if (event.action === "taken" || event.action === "snooze") {
    event.waitUntil(act(event.action, dose));
  } else {
    event.waitUntil(openConfirm(dose));
  }
});

// A tap on the notification itself (and the only choice on iOS): the one-tap confirm screen for that dose.
async function openConfirm(dose) {
  const path = `/dose/${dose.schedule_id}/${encodeURIComponent(dose.slot)}`;
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
  if (open) {
    await open.focus();
    return open.navigate(path);
  }
  return self.clients.openWindow(path);
}

async function act(action, dose) {
  const now = new Date();
  const kind =
    action === "taken"
      ? { kind: "taken", at: now, amount: dose.amount }
      : { kind: "snoozed", until: new Date(now.getTime() + SNOOZE_MINUTES * 60000) };
  await recordEvent(dose, kind, now);
  new BroadcastChannel("tend-data").postMessage("changed");
  await cancelReminders(dose);
  const left = await self.registration.getNotifications();
  if (self.navigator.setAppBadge) {
    await (left.length ? self.navigator.setAppBadge(left.length) : self.navigator.clearAppBadge());
  }
}

// The dose's other reminders at the sync server, on every device of the space, by the token its message
// carried (src/sync/push.rs). Offline it fails quietly: the page cancels them when it next opens.
async function cancelReminders(dose) {
  if (!dose.cancel) return;
  const db = await openDatabase();
  const stored = await request(db.transaction("meta").objectStore("meta").get("sync")).finally(() => db.close());
  if (!stored) return;
  const { space, token } = JSON.parse(stored);
  const id = uuidText(Uint8Array.from(atob(space.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)));
  await fetch(`/api/v1/spaces/${id}/push/cancel`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ cancel: [dose.cancel] }),
  }).catch(() => undefined);
}

// The dose event as the app stores it (tend_core::dose::DoseEvent in the binary form of tend_core::codec, under
// its day and id), with this worker's own HLC node so its stamps never collide with a page's. While sync is on
// (the page keeps its credentials in meta "sync"), it goes in the outbox too, in the same transaction, as
// src/storage.rs's queue does, for the page to send.
function recordEvent(dose, action, now) {
  return openDatabase().then(
    (db) =>
      new Promise((resolve, reject) => {
        const outbox = db.objectStoreNames.contains("outbox");
        const tx = db.transaction(["dose_events", "meta", ...(outbox ? ["outbox"] : [])], "readwrite");
        const meta = tx.objectStore("meta");
        const read = Promise.all(["sw_node", "sw_last_ms", "sync"].map((key) => request(meta.get(key))));
        read.then(([storedNode, storedLast, sync]) => {
          const node = storedNode ? Number(storedNode) : Math.floor(Math.random() * Number.MAX_SAFE_INTEGER);
          const wall = Math.max(now.getTime(), Number(storedLast || 0) + 1);
          const id = uuidv7(now.getTime());
          const event = encodeDoseEvent({ id, stamp: { wall, node }, dose, action, recordedAt: now });
          meta.put(String(node), "sw_node");
          meta.put(String(wall), "sw_last_ms");
          // Keyed as src/storage.rs's dose_key: the UTC day recorded, then the id.
          tx.objectStore("dose_events").put(event, `${now.toISOString().slice(0, 10)}/${id}`);
          if (outbox && sync) {
            // [Kind::ALL's index of dose events] ‖ mutation id ‖ the record, under its stamp (counter 0) and id.
            const hex = (n, digits) => n.toString(16).padStart(digits, "0");
            const value = new Uint8Array([DOSE_EVENT_KIND, ...uuidv7Bytes(wall), ...event]);
            tx.objectStore("outbox").put(value, `${hex(wall, 16)}${hex(0, 8)}${hex(node, 16)}/${id}`);
          }
        }, reject);
        tx.oncomplete = () => {
          db.close();
          resolve();
        };
        tx.onerror = tx.onabort = () => {
          db.close();
          reject(tx.error || new Error("the dose could not be recorded"));
        };
      }),
  );
}

// tend_core::codec's form of a DoseEvent: the format byte, then the fields in the order codec.rs lists them.
// The page's browser tests decode what this writes (tests/e2e/pwa.spec.mjs takes a dose from a notification).
function encodeDoseEvent({ id, stamp, dose, action, recordedAt }) {
  const out = [1];
  const varint = (n) => {
    for (; n >= 128; n = Math.floor(n / 128)) out.push((n % 128) | 128);
    out.push(n);
  };
  const signed = (n) => varint(n < 0 ? -2 * n - 1 : 2 * n);
  const uuid = (text) => out.push(...text.replace(/-/g, "").match(/../g).map((h) => parseInt(h, 16)));
  const instant = (date) => {
    const ms = date.getTime();
    signed(Math.floor(ms / 1000));
    varint((((ms % 1000) + 1000) % 1000) * 1e6);
  };
  const text = (value) => {
    const bytes = new TextEncoder().encode(value);
    varint(bytes.length);
    out.push(...bytes);
  };
  uuid(id);
  uuid(dose.profile_id);
  varint(stamp.wall);
  varint(0);
  varint(stamp.node);
  out.push(0); // not deleted
  uuid(dose.medication_id);
  out.push(1); // the scheduled dose: its schedule, then its slot's date (days from 0001-01-01) and time
  uuid(dose.schedule_id);
  const [, y, mo, d, h, mi, s, fraction = ""] = dose.slot.match(/^(-?\d+)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?$/);
  signed(Date.UTC(y, mo - 1, d) / 86400000 + 719163);
  varint(h * 3600 + mi * 60 + Number(s));
  varint(Number(fraction.padEnd(9, "0")));
  if (action.kind === "taken") {
    out.push(0);
    instant(action.at);
    const amount = new DataView(new ArrayBuffer(8));
    amount.setFloat64(0, action.amount, true);
    out.push(...new Uint8Array(amount.buffer));
  } else {
    out.push(2);
    instant(action.until);
  }
  instant(recordedAt);
  text(dose.zone);
  out.push(0); // supersedes nothing
  return new Uint8Array(out);
}

// Opens the app's database at whatever version it has. If the app never created it, nothing is created here:
// the upgrade is aborted, so the app's own schema upgrade still runs from the start.
function openDatabase() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME);
    open.onupgradeneeded = () => open.transaction.abort();
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function uuidv7Bytes(ms) {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  for (let i = 0; i < 6; i++) bytes[i] = Math.floor(ms / 2 ** (8 * (5 - i))) & 0xff;
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return bytes;
}

function uuidv7(ms) {
  return uuidText(uuidv7Bytes(ms));
}

function uuidText(bytes) {
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
