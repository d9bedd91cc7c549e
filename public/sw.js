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

self.addEventListener("notificationclick", (event) => {
  const dose = event.notification.data;
  event.notification.close();
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
      ? { kind: "taken", at: now.toISOString(), amount: dose.amount }
      : { kind: "snoozed", until: new Date(now.getTime() + SNOOZE_MINUTES * 60000).toISOString() };
  await recordEvent(dose, kind, now);
  new BroadcastChannel("tend-data").postMessage("changed");
  const left = await self.registration.getNotifications();
  if (self.navigator.setAppBadge) {
    await (left.length ? self.navigator.setAppBadge(left.length) : self.navigator.clearAppBadge());
  }
}

// The dose event as the app stores it (the JSON of tend_core::dose::DoseEvent under its day and id), with this
// worker's own HLC node so its stamps never collide with a page's.
function recordEvent(dose, action, now) {
  return openDatabase().then(
    (db) =>
      new Promise((resolve, reject) => {
        const tx = db.transaction(["dose_events", "meta"], "readwrite");
        const meta = tx.objectStore("meta");
        const read = Promise.all([request(meta.get("sw_node")), request(meta.get("sw_last_ms"))]);
        read.then(([storedNode, storedLast]) => {
          const node = storedNode ? Number(storedNode) : Math.floor(Math.random() * Number.MAX_SAFE_INTEGER);
          const wall = Math.max(now.getTime(), Number(storedLast || 0) + 1);
          const id = uuidv7(now.getTime());
          const event = {
            id,
            profile_id: dose.profile_id,
            stamp: { wall_ms: wall, counter: 0, node },
            deleted: false,
            medication_id: dose.medication_id,
            occurrence: { schedule_id: dose.schedule_id, slot: dose.slot },
            action,
            recorded_at: now.toISOString(),
            zone: dose.zone,
            supersedes: null,
          };
          meta.put(String(node), "sw_node");
          meta.put(String(wall), "sw_last_ms");
          // Keyed as src/storage.rs's dose_key: the UTC day recorded, then the id.
          tx.objectStore("dose_events").put(JSON.stringify(event), `${event.recorded_at.slice(0, 10)}/${id}`);
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

function uuidv7(ms) {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  for (let i = 0; i < 6; i++) bytes[i] = Math.floor(ms / 2 ** (8 * (5 - i))) & 0xff;
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
