// The installed app: installable, offline after the first visit, the update flow, reminders through the
// service worker with Taken / Snooze recorded by the worker itself, catch-up after a closed period, and the
// install offer on iOS.
import { test, expect, chromium } from "@playwright/test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectAccessible } from "./helpers.mjs";
import { goTo, openApp, screenHeading, switcher } from "./pages/app.mjs";
import { TodayPage } from "./pages/today.mjs";
import { SettingsPage } from "./pages/settings.mjs";
import { HistoryPage } from "./pages/history.mjs";

/** Waits until the service worker controls the page. */
async function controlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

test("the manifest makes the app installable", async ({}, testInfo) => {
  // Chromium never offers installing in an incognito profile, which every Playwright context is: use a real one.
  const profile = mkdtempSync(join(tmpdir(), "tend-install-"));
  const context = await chromium.launchPersistentContext(profile, {
    ...testInfo.project.use.launchOptions,
    baseURL: testInfo.project.use.baseURL,
  });
  const page = await context.newPage();
  await openApp(page);
  await controlled(page);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  expect(installabilityErrors.map((e) => `${e.errorId} ${JSON.stringify(e.errorArguments)}`)).toEqual([]);
  const manifest = await (await page.request.get("/manifest.webmanifest")).json();
  expect(manifest).toMatchObject({ id: "/", short_name: "Tend", display: "standalone", start_url: "/", scope: "/" });
  expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(["192x192 any", "512x512 any", "512x512 maskable"]);
  for (const icon of [...manifest.icons, ...manifest.screenshots, { src: "/icons/apple-touch-icon.png" }]) {
    expect((await page.request.get(icon.src)).ok(), icon.src).toBe(true);
  }
  await context.close();
  rmSync(profile, { recursive: true, force: true });
});

test("after one visit the app loads and runs offline", async ({ page, context }) => {
  await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  await controlled(page);
  await context.setOffline(true);
  await page.reload();
  await expect(today.heading).toBeVisible();
  await today.take("Blood pressure tablet");
  await today.dose("Blood pressure tablet").expectTaken();
  // Another screen: the lazily loaded code comes from the precache too.
  await new HistoryPage(page).open();
  await expect(screenHeading(page)).toHaveText("History");
  await page.goto("/medicines");
  await expect(screenHeading(page)).toHaveText("Medicines");
  await context.setOffline(false);
});

test("a new version waits for a tap on Update, and no pending write is lost", async ({ page }) => {
  const file = "dist/sw.js";
  const original = readFileSync(file, "utf8");
  try {
    await openApp(page);
    const today = new TodayPage(page);
    await today.tryExample();
    await controlled(page);
    // The code that follows the worker's updates is running once Today's offers show.
    await expect(today.remindersOffer).toBeVisible();
    const before = await page.evaluate(() => caches.keys());
    writeFileSync(file, original.replace(/const VERSION = "[0-9a-f]+"/, 'const VERSION = "new-build"'));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    const banner = page.getByRole("status").filter({ hasText: "Update available" });
    await expect(banner).toBeVisible();
    await expectAccessible(page, "update-available");
    // A tap on Taken and, at once, on Update: the write finishes before the reload.
    await today.take("Blood pressure tablet");
    await Promise.all([page.waitForEvent("load"), banner.getByRole("button", { name: "Update" }).click()]);
    await today.dose("Blood pressure tablet").expectTaken();
    await expect(banner).toHaveCount(0);
    // The new worker took over and cleared the old version's cache.
    await expect.poll(() => page.evaluate(() => caches.keys())).toContain("tend-shell-new-build");
    const after = await page.evaluate(() => caches.keys());
    expect(after.filter((k) => k.startsWith("tend-shell-"))).toEqual(["tend-shell-new-build"]);
    expect(before.filter((k) => k.startsWith("tend-shell-"))).not.toContain("tend-shell-new-build");
  } finally {
    writeFileSync(file, original);
  }
});

test("a due dose brings a service-worker notification with Taken and Snooze", async ({ page, context }) => {
  await context.grantPermissions(["notifications"]);
  await page.clock.install({ time: new Date("2026-11-10T07:58:00") });
  await openApp(page);
  await new TodayPage(page).tryExample();
  await controlled(page);
  await page.clock.fastForward("02:30");
  const shown = async () =>
    page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return (await registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, actions: n.actions.map((a) => a.action), data: n.data }));
    });
  await expect.poll(async () => (await shown()).length, { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await shown()).map((n) => n.title).join()).toContain("Blood pressure tablet");
  const first = (await shown()).find((n) => n.title.includes("Blood pressure tablet"));
  expect(first.body).toContain("1 tablet");
  expect(first.actions).toEqual(["taken", "snooze"]);
  expect(first.data).toMatchObject({ slot: "2026-11-10T08:00:00" });
});

test("the worker records Taken from a notification with no page open, and tapping a notification opens a confirm screen", async ({ page, context }) => {
  await context.grantPermissions(["notifications"]);
  await page.clock.install({ time: new Date("2026-11-10T07:58:00") });
  await openApp(page);
  await new TodayPage(page).tryExample();
  await controlled(page);
  await page.clock.fastForward("02:30");
  // The blood-pressure dose, as its reminder carries it.
  const reminder = () =>
    page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      const shown = await registration.getNotifications();
      return shown.find((n) => n.title.includes("Blood pressure tablet"))?.data;
    });
  await expect.poll(reminder, { timeout: 15_000 }).toBeTruthy();
  const dose = await reminder();
  const [worker] = context.serviceWorkers();
  await page.close();
  await worker.evaluate((dose) => act("taken", dose), dose);

  const next = await context.newPage();
  await openApp(next);
  await new TodayPage(next).dose("Blood pressure tablet").expectTaken();

  // The confirm screen a tap on the notification opens (iOS has no action buttons): the dose is already taken,
  // so it offers nothing more to do.
  await next.goto(`/dose/${dose.schedule_id}/${encodeURIComponent(dose.slot)}`);
  const confirm = next.getByRole("region", { name: "Your dose" });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByText(/^Taken( late)?$/)).toBeVisible();
  await expect(confirm.getByRole("button")).toHaveCount(0);
  await next.goto(`/dose/not-an-id/nonsense`);
  await expect(next.getByRole("main")).toContainText("This page does not exist");
});

test("what fell due while the app was closed is asked about on opening", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-10T07:00:00") });
  await openApp(page);
  await new TodayPage(page).tryExample();
  // Wait until the app has recorded that it was open at 07:00, then "close" it until noon.
  await expect.poll(() => page.evaluate(() => localStorage.getItem("tend.lastSeen"))).not.toBeNull();
  await page.clock.setSystemTime(new Date("2026-11-10T12:00:00"));
  await page.reload();
  const card = new TodayPage(page).catchUp;
  await expect(card.region).toBeVisible({ timeout: 15_000 });
  await expectAccessible(page, "catch-up");
  await card.takenAt("Blood pressure tablet", "2026-11-10T08:20");
  await expect(card.dose("Blood pressure tablet")).toHaveCount(0);
  await card.skipFirst();
  await page.goto("/history");
  await expect(new HistoryPage(page).dose("Blood pressure tablet").item).toContainText(/Taken 8:20\sAM/);
});

test("reminders are asked for only after a tap, with the reason first", async ({ page, context }) => {
  await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  const offer = today.remindersOffer;
  await expect(offer).toContainText("Your browser will ask for permission after you tap");
  expect(await page.evaluate(() => Notification.permission)).toBe("default");
  await context.grantPermissions(["notifications"]);
  await offer.getByRole("button", { name: "Turn on reminders" }).click();
  await expect(offer).toContainText("Reminders are on");
});

test("on an iPhone the install offer shows the Share steps, once", async ({ browser }) => {
  const context = await browser.newContext({
    userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
    viewport: { width: 390, height: 844 },
  });
  const page = await context.newPage();
  await openApp(page);
  const today = new TodayPage(page);
  const card = today.installOffer;
  await expect(card).toContainText("Tap Share");
  await expect(card).toContainText("Add to Home Screen");
  await card.getByRole("button", { name: "Not now" }).click();
  await expect(card).toHaveCount(0);
  await page.reload();
  await expect(today.heading).toBeVisible();
  await page.waitForTimeout(2000);
  await expect(card).toHaveCount(0);
  await context.close();
});

test("Settings exports a calendar file with an alarm at each dose, and says which calendars keep alarms", async ({ page }) => {
  await openApp(page);
  await new TodayPage(page).tryExample();
  await page.goto("/settings");
  const calendar = page.getByRole("region", { name: "Calendar reminders" });
  await expect(calendar).toContainText("Google Calendar drops alarms");
  const download = await new SettingsPage(page).downloadCalendar();
  expect(download.suggestedFilename()).toBe("tend-reminders.ics");
  const text = readFileSync(await download.path(), "utf8");
  expect(text).toContain("BEGIN:VCALENDAR");
  expect(text).toMatch(/RRULE:FREQ=DAILY/);
  expect(text).toContain("ACTION:DISPLAY");
  expect(text).toContain("Blood pressure tablet");
});

test("where the browser offers installing, the card's Install button opens its prompt", async ({ page }) => {
  await openApp(page);
  // Stand in for Chromium's own event (it fires only for a real, non-incognito profile): a prompt that records its use.
  await page.evaluate(() => {
    const offer = new Event("beforeinstallprompt", { cancelable: true });
    offer.prompt = () => { window.promptShown = true; return Promise.resolve(); };
    offer.userChoice = Promise.resolve({ outcome: "accepted" });
    dispatchEvent(offer);
  });
  const card = new TodayPage(page).installOffer;
  await expect(card).toContainText("works without a connection");
  await card.getByRole("button", { name: "Install" }).click();
  await expect.poll(() => page.evaluate(() => window.promptShown)).toBe(true);
  await expect(card).toHaveCount(0);
});

test("opening another screen's address first still makes exactly one person", async ({ page }) => {
  await openApp(page, "/medicines");
  await expect(screenHeading(page)).toHaveText("Medicines");
  await page.waitForTimeout(1500);
  const people = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open("tend");
        open.onsuccess = () => {
          const count = open.result.transaction("profiles").objectStore("profiles").count();
          count.onsuccess = () => resolve(count.result);
        };
      }),
  );
  expect(people).toBe(1);
  // "Everyone" and the one person.
  await expect(switcher(page).getByRole("option")).toHaveCount(2);
});

test("the update and install offers listen once, however much the app is used", async ({ page }) => {
  await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  await expect(today.remindersOffer).toBeVisible();
  // Screens opened and left, the language switched and back, and the person switched: each redraws part of the app.
  const settings = new SettingsPage(page);
  for (const place of ["Medicines", "History", "Today"]) await goTo(page, place);
  await settings.open();
  await settings.setLanguage("es");
  await settings.setLanguage("en");
  const people = switcher(page);
  for (const option of await people.getByRole("option").all()) await people.selectOption({ label: await option.textContent() });
  await goTo(page, "Today");
  await expect(today.remindersOffer).toBeVisible();
  // Chromium's own count of the window's listeners, through the DevTools protocol.
  const cdp = await page.context().newCDPSession(page);
  const { result } = await cdp.send("Runtime.evaluate", { expression: "window" });
  const { listeners } = await cdp.send("DOMDebugger.getEventListeners", { objectId: result.objectId });
  const count = (type) => listeners.filter((l) => l.type === type).length;
  expect([count("tend:update"), count("tend:installable")]).toEqual([1, 1]);
});
