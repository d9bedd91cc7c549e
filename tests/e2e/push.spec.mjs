// Reminders that reach a closed app: with sync on and notifications allowed, the app plans its reminders at the
// sync server, each sealed for this browser's subscription; the server sends each at its time to the test push
// service (push-service.mjs), which checks the signature and opens it; the service worker's push handler, driven
// through the DevTools protocol as the browser drives it when a push arrives, shows the reminder with Taken and
// Snooze; and Taken, with no page of the app open, records the dose and cancels its other reminders at the server.
import { test, expect } from "@playwright/test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expectAccessible, shots, sidewaysOverflow } from "./helpers.mjs";
import { openApp } from "./pages/app.mjs";
import { MedicinesPage } from "./pages/medicines.mjs";
import { SyncSettings } from "./pages/settings.mjs";
import { TodayPage } from "./pages/today.mjs";
import { startPushService } from "./push-service.mjs";

const ZONE = "America/Bogota";

/** Gives the page's PushManager a subscription at the test push service (runs in the page, before the app). */
function subscribeAt({ endpoint, p256dh, auth }) {
  const buffer = (text) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)).buffer;
  let current = null;
  PushManager.prototype.subscribe = async function ({ applicationServerKey }) {
    current = {
      endpoint,
      options: { userVisibleOnly: true, applicationServerKey: new Uint8Array(applicationServerKey).buffer },
      getKey: (name) => buffer(name === "p256dh" ? p256dh : auth),
      unsubscribe: async () => {
        current = null;
        return true;
      },
    };
    return current;
  };
  PushManager.prototype.getSubscription = async function () {
    return current;
  };
}

/** The plan the page sends next: each reminder with its message opened as the browser would. */
function nextPlan(page, push) {
  return page
    .waitForRequest((r) => r.url().endsWith("/push/items") && r.method() === "PUT", { timeout: 20_000 })
    .then((request) =>
      JSON.parse(request.postData()).items.map((item) => ({ ...item, message: JSON.parse(push.open(Buffer.from(item.body, "base64url"))) })),
    );
}

test("a reminder reaches the closed app through the sync server, and Taken from it cancels the dose's other reminders", async ({ browser }) => {
  test.setTimeout(120_000);
  const push = await startPushService();
  const context = await browser.newContext({ timezoneId: ZONE });
  await context.grantPermissions(["notifications"]);
  await context.addInitScript(subscribeAt, push.subscription);
  const page = await context.newPage();
  // The page's clock runs two minutes behind the server's: the dose it plans at least a minute ahead (time
  // enough to add the medicine and turn sync on, however busy the machine) is already due for the server, which
  // sends it as soon as the plan arrives, so the test need not wait for a minute to turn.
  const behind = 120_000;
  const pageNow = Date.now() - behind;
  let due = Math.ceil(pageNow / 60_000) * 60_000;
  if (due - pageNow < 60_000) due += 60_000;
  await page.clock.install({ time: new Date(pageNow) });
  const problems = await openApp(page);
  const form = await (async () => {
    const medicines = new MedicinesPage(page);
    await medicines.open();
    return medicines.add();
  })();
  await form.fill({ name: "Heart tablet", strength: "5 mg" });
  const at = new Intl.DateTimeFormat("en-GB", { timeZone: ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(due));
  await form.field("1st time").fill(at);
  await form.toggleSection("Reminders");
  await form.field("Remind again (times, 0 for never)").fill("2");
  await form.saveAndReturn();

  const sync = new SyncSettings(page);
  await sync.open();
  const firstPlan = nextPlan(page, push);
  await sync.turnOn("Phone");
  const plan = await firstPlan;
  const first = plan[0];
  expect(first.fire_at).toBe(due);
  expect(first.message.notification).toMatchObject({ title: "Heart tablet 5 mg", lang: "en", tag: expect.stringMatching(/^dose:/) });
  expect(first.message.notification.actions.map((a) => a.action)).toEqual(["taken", "snooze"]);
  expect(first.message.tend.cancel).toBe(first.cancel);
  expect(first.topic).toBe(first.cancel.slice(0, 32));
  // The dose's repeats carry the same token, so Taken cancels them all; the next days' doses have their own.
  const repeats = plan.filter((item) => item.cancel === first.cancel);
  expect(repeats.length).toBeGreaterThan(1);
  expect(new Set(plan.map((item) => item.cancel)).size).toBeGreaterThan(10);

  const closed = page.getByRole("region", { name: "Reminders when Tend is closed" });
  await expect(closed.getByRole("status")).toHaveText(/^\d+ reminders are planned at your server, the last on /);
  await expect(closed).toContainText("The server learns when reminders are due, not what they are for.");
  const discreetPlan = nextPlan(page, push);
  await closed.getByLabel(/^Discreet/).check();
  const discreet = await discreetPlan;
  expect(discreet.length).toBe(plan.length);
  for (const item of discreet) {
    expect(JSON.stringify(item.message)).not.toMatch(/Heart|5 mg/);
    expect(item.message.notification).toMatchObject({ title: "Time for your medicine", body: "Open Tend to see which one." });
  }
  await closed.scrollIntoViewIfNeeded();
  await expectAccessible(page, "settings-push");
  await page.setViewportSize({ width: 320, height: 740 });
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await closed.screenshot({ path: `${shots}/settings-push-320.png` });

  // The server sends it at its time, signed, as it was sealed: high urgency, the dose's topic, a TTL to its cut-off.
  await expect.poll(() => push.received.length, { timeout: 30_000 }).toBeGreaterThan(0);
  const [arrived] = push.received;
  expect(arrived.error).toBeUndefined();
  expect(arrived.at).toBeGreaterThanOrEqual(due - 1000);
  expect(arrived.headers).toMatchObject({ urgency: "high", topic: first.topic, "content-encoding": "aes128gcm" });
  expect(Number(arrived.headers.ttl)).toBeGreaterThan(0);
  expect([first.message, discreet[0].message]).toContainEqual(arrived.payload);
  const { key } = await (await page.request.get("/api/v1/push/key")).json();
  expect(arrived.vapid.key).toBe(key);

  // No page of the app is open when the push comes: the worker shows it.
  const blank = await context.newPage();
  await page.close();
  const cdp = await context.newCDPSession(blank);
  const registration = new Promise((resolve) =>
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const live = registrations.find((r) => !r.isDeleted);
      if (live) resolve(live.registrationId);
    }),
  );
  await cdp.send("ServiceWorker.enable");
  const [worker] = context.serviceWorkers();
  const origin = new URL(worker.url()).origin;
  await cdp.send("ServiceWorker.deliverPushMessage", { origin, registrationId: await registration, data: JSON.stringify(discreet[0].message) });
  const shown = () =>
    worker.evaluate(async () =>
      (await self.registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, actions: n.actions.map((a) => a.action), data: n.data })),
    );
  await expect.poll(async () => (await shown()).length, { timeout: 10_000 }).toBe(1);
  const [notification] = await shown();
  expect(notification).toMatchObject({ title: "Time for your medicine", body: "Open Tend to see which one.", actions: ["taken", "snooze"] });
  expect(notification.data).toMatchObject({ slot: first.message.tend.dose.slot, cancel: first.cancel });

  // Taken, from the notification: the worker records the dose and cancels its repeats still at the server.
  const cancelled = context.waitForEvent("response", (r) => r.url().endsWith("/push/cancel"));
  await worker.evaluate(async () => {
    const [shownNow] = await self.registration.getNotifications();
    await act("taken", shownNow.data);
  });
  const answer = await (await cancelled).json();
  expect(answer.cancelled).toBeGreaterThan(0);

  const next = await context.newPage();
  await openApp(next);
  await new TodayPage(next).dose("Heart tablet").expectTaken();

  // The server's database never held the medicine's name.
  const data = process.env.TEND_E2E_DATA;
  const files = ["tend.sqlite3", "tend.sqlite3-wal"].map((f) => join(data, f)).filter(existsSync);
  const dump = Buffer.concat(files.map((f) => readFileSync(f))).toString("latin1");
  expect(dump).not.toContain("Heart tablet");

  // Turned off, the server forgets the subscription and its plan.
  const settings = new SyncSettings(next);
  await settings.open();
  const forgotten = next.waitForRequest((r) => r.url().endsWith("/push/subscription") && r.method() === "DELETE");
  await next.getByRole("region", { name: "Reminders when Tend is closed" }).getByLabel("Send reminders through my sync server").uncheck();
  expect((await (await forgotten).response()).status()).toBe(204);
  expect(problems.filter((p) => !/Failed to load resource|net::ERR_/.test(p))).toEqual([]);
  await context.close();
  await push.close();
});
