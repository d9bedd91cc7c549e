// Today as a person uses it: the example plan, one-tap logging, undo, and everything still there after a reload.
import { test, expect } from "@playwright/test";
import { openApp, loadExample, expectAccessible, shots } from "./helpers.mjs";

test("a first visit offers the example plan", async ({ page }) => {
  const problems = await openApp(page);
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
  await expect(page.getByText("No medicines yet")).toBeVisible();
  await expect(page.getByRole("button", { name: "Try an example plan" })).toBeVisible();
  await expectAccessible(page, "today-empty");
  expect(problems).toEqual([]);
});

test("taken, skipped and snoozed are logged, undo works, and a reload keeps everything", async ({ page }) => {
  const problems = await openApp(page);
  await loadExample(page);
  const times = await page.locator(".dose-time").allTextContents();
  expect(times.length).toBeGreaterThanOrEqual(2);
  await expect(page.locator(".summary")).toHaveText(/3 of 3 doses still to take/);
  await expectAccessible(page, "today");

  const bloodPressure = page.locator(".dose", { hasText: "Blood pressure tablet" });
  await bloodPressure.getByRole("button", { name: "Taken" }).click();
  await expect(bloodPressure.locator(".status")).toHaveText(/Taken/);
  await expect(page.locator(".summary")).toHaveText(/2 of 3/);

  await page.getByRole("button", { name: "Undo" }).click();
  await expect(bloodPressure.locator(".status")).not.toHaveText(/Taken/);
  await expect(page.locator(".summary")).toHaveText(/3 of 3/);
  await bloodPressure.getByRole("button", { name: "Taken" }).click();

  const diabetes = page.locator(".dose", { hasText: "Diabetes tablet" });
  await diabetes.first().getByRole("button", { name: "Skip", exact: true }).click();
  await diabetes.first().getByRole("button", { name: "Skip, no reason" }).click();
  await expect(diabetes.first().locator(".status")).toHaveText("Skipped");
  await diabetes.last().getByRole("button", { name: "Snooze" }).click();
  await diabetes.last().getByRole("button", { name: "30 min" }).click();
  await expect(diabetes.last().locator(".status")).toHaveText("Snoozed");

  await page.reload();
  await expect(page.locator(".dose", { hasText: "Blood pressure tablet" }).locator(".status")).toHaveText(/Taken/);
  await expect(page.locator(".dose", { hasText: "Diabetes tablet" }).first().locator(".status")).toHaveText("Skipped");
  await expect(page.locator(".dose", { hasText: "Diabetes tablet" }).last().locator(".status")).toHaveText("Snoozed");
  await page.screenshot({ path: `${shots}/today-logged-360.png`, fullPage: true });
  expect(problems).toEqual([]);
});

test("an as-needed medicine warns before a dose that is too soon", async ({ page }) => {
  await openApp(page);
  await loadExample(page);
  const section = page.getByRole("region", { name: "As needed" });
  const inhaler = section.getByRole("listitem").filter({ hasText: "Reliever inhaler" });
  await inhaler.getByRole("button", { name: "Take now" }).click();
  await expect(section.getByRole("status")).toHaveText("Reliever inhaler : Taken");
  await inhaler.getByRole("button", { name: "Take now" }).click();
  await expect(inhaler.getByRole("alert")).toContainText("too recent");
  await expect(inhaler.getByRole("alert")).toContainText("ask your pharmacist or doctor");
  await inhaler.getByRole("button", { name: "Cancel" }).click();
  await expect(inhaler.getByRole("alert")).toHaveCount(0);
});

test("Today fits 320 px wide without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await openApp(page);
  await loadExample(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${shots}/today-320.png`, fullPage: true });
});

test("the Content-Security-Policy allows the app and nothing inline", async ({ page }) => {
  const violations = [];
  await page.exposeFunction("reportViolation", (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await openApp(page);
  await loadExample(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  expect(csp).toContain("default-src 'self'");
  expect(csp).not.toContain("unsafe-inline");
  expect(violations).toEqual([]);
});

test("a record that cannot be read is kept aside and reported, and the rest still loads", async ({ page }) => {
  await openApp(page);
  await loadExample(page);
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
  await expect(page.locator(".dose", { hasText: "Blood pressure tablet" })).toBeVisible();
  await page.screenshot({ path: `${shots}/today-quarantine-360.png`, fullPage: true });
});

test("two open tabs stay in step", async ({ context }) => {
  const first = await context.newPage();
  await openApp(first);
  await loadExample(first);
  const second = await context.newPage();
  await openApp(second);
  const dose = (page) => page.locator(".dose", { hasText: "Blood pressure tablet" });
  await expect(dose(second)).toBeVisible();
  await dose(first).getByRole("button", { name: "Taken" }).click();
  await expect(dose(second).locator(".status")).toHaveText(/Taken/);
});

test.describe("in Spanish", () => {
  test.use({ locale: "es-ES" });
  test("Today speaks the person's language", async ({ page }) => {
    await openApp(page);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page.getByRole("heading", { level: 1, name: "Hoy" })).toBeVisible();
    await page.getByRole("button", { name: "Probar un plan de ejemplo" }).click();
    await expect(page.locator(".summary")).toHaveText(/Quedan 3 de 3 dosis por tomar/);
    await expect(page.getByRole("button", { name: "Tomada" }).first()).toBeVisible();
    await expectAccessible(page, "today-es");
  });
});
