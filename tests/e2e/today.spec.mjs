// Today as a person uses it: the example plan, one-tap logging, undo, and everything still there after a reload.
import { test, expect } from "@playwright/test";
import { expectAccessible, shots, sidewaysOverflow } from "./helpers.mjs";
import { openApp } from "./pages/app.mjs";
import { TodayPage } from "./pages/today.mjs";

test("a first visit offers the example plan", async ({ page }) => {
  const problems = await openApp(page);
  const today = new TodayPage(page);
  await expect(today.heading).toBeVisible();
  await expect(today.emptyMessage).toBeVisible();
  await expect(page.getByRole("button", { name: "Try an example plan" })).toBeVisible();
  await expectAccessible(page, "today-empty");
  expect(problems).toEqual([]);
});

test("taken, skipped and snoozed are logged, undo works, and a reload keeps everything", async ({ page }) => {
  // A morning: every dose of the example plan is still to take (after 20:00 the morning ones count as missed).
  await page.clock.install({ time: new Date("2026-11-10T07:55:00") });
  const problems = await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  expect((await today.times()).length).toBeGreaterThanOrEqual(2);
  await expect(today.summary).toHaveText(/3 of 3 doses still to take/);
  await expectAccessible(page, "today");

  const bloodPressure = today.dose("Blood pressure tablet");
  await bloodPressure.take();
  await bloodPressure.expectTaken();
  await expect(today.summary).toHaveText(/2 of 3/);

  await today.undo();
  await expect(bloodPressure.status).not.toHaveText(/Taken/);
  await expect(bloodPressure.button("Taken")).toBeVisible();
  await expect(today.summary).toHaveText(/3 of 3/);
  await bloodPressure.take();

  const [morning, evening] = await today.times();
  await today.dose("Diabetes tablet", morning).skip();
  await expect(today.dose("Diabetes tablet", morning).status).toHaveText("Skipped");
  await today.dose("Diabetes tablet", evening).snooze(30);
  await expect(today.dose("Diabetes tablet", evening).status).toHaveText("Snoozed");

  await page.reload();
  await today.dose("Blood pressure tablet").expectTaken();
  await expect(today.dose("Diabetes tablet", morning).status).toHaveText("Skipped");
  await expect(today.dose("Diabetes tablet", evening).status).toHaveText("Snoozed");
  await page.screenshot({ path: `${shots}/today-logged-360.png`, fullPage: true });
  expect(problems).toEqual([]);
});

test("an as-needed medicine warns before a dose that is too soon", async ({ page }) => {
  await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  const inhaler = today.asNeeded("Reliever inhaler");
  await inhaler.takeNow();
  await expect(today.asNeededRegion.getByRole("status")).toHaveText("Reliever inhaler : Taken");
  await inhaler.takeNow();
  await expect(inhaler.warning).toContainText("too recent");
  await expect(inhaler.warning).toContainText("ask your pharmacist or doctor");
  await inhaler.cancel();
  await expect(inhaler.warning).toHaveCount(0);
});

test("Today fits 320 px wide without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await openApp(page);
  await new TodayPage(page).tryExample();
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${shots}/today-320.png`, fullPage: true });
});

test("the Content-Security-Policy allows the app and nothing inline", async ({ page }) => {
  const violations = [];
  await page.exposeFunction("reportViolation", (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await openApp(page);
  await new TodayPage(page).tryExample();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toContain("unsafe-inline");
  expect(violations).toEqual([]);
});

test("a record that cannot be read is kept aside and reported, and the rest still loads", async ({ page }) => {
  await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("tend");
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction("medications", "readwrite");
          tx.objectStore("medications").put("{not json", "broken-1");
          tx.oncomplete = () => (db.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.reload();
  const alert = page.getByRole("alert").filter({ hasText: "could not be read" });
  await expect(alert).toContainText("medications/broken-1");
  await expect(today.dose("Blood pressure tablet").item).toBeVisible();
  await page.screenshot({ path: `${shots}/today-quarantine-360.png`, fullPage: true });
});

test("two open tabs stay in step", async ({ context }) => {
  const first = await context.newPage();
  await openApp(first);
  await new TodayPage(first).tryExample();
  const second = await context.newPage();
  await openApp(second);
  const inSecond = new TodayPage(second).dose("Blood pressure tablet");
  await expect(inSecond.item).toBeVisible();
  await new TodayPage(first).take("Blood pressure tablet");
  await inSecond.expectTaken();
});

test.describe("in Spanish", () => {
  test.use({ locale: "es-ES" });
  test("Today speaks the person's language", async ({ page }) => {
    // A morning: every dose of the example plan is still to take (after 20:00 the morning ones count as missed).
    await page.clock.install({ time: new Date("2026-11-10T07:55:00") });
    await openApp(page);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.getByRole("heading", { level: 1, name: "Hoy" })).toBeVisible();
    await page.getByRole("button", { name: "Probar un plan de ejemplo" }).click();
    await expect(page.getByRole("region", { name: "Hoy" }).getByText(/Quedan \d de \d dosis por tomar/)).toHaveText(/Quedan 3 de 3 dosis por tomar/);
    await expect(page.getByRole("button", { name: "Tomada" }).first()).toBeVisible();
    await expectAccessible(page, "today-es");
  });
});
