// Backups, deleting a person's data, bad files, several people, History and Settings.
import { test, expect } from "@playwright/test";
import { readFileSync, writeFileSync } from "node:fs";
import { openApp, loadExample, expectAccessible, goTo, storedRecords } from "./helpers.mjs";

test("export, delete, import: everything comes back", async ({ page }, info) => {
  const problems = await openApp(page);
  await loadExample(page);
  await page.locator(".dose", { hasText: "Blood pressure tablet" }).getByRole("button", { name: "Taken" }).click();
  await expect(page.locator(".dose", { hasText: "Blood pressure tablet" }).locator(".status")).toHaveText(/Taken/);

  await goTo(page, "Settings");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export a backup file" }).click()]);
  const file = info.outputPath("backup.json");
  await download.saveAs(file);
  expect(JSON.parse(readFileSync(file, "utf8")).format).toBe("tend-backup");
  // It says what it saved, under the person's date.
  expect(download.suggestedFilename()).toMatch(/^tend-backup-\d{4}-\d{2}-\d{2}\.json$/);
  await expect(page.getByRole("status").filter({ hasText: `Backup saved: ${download.suggestedFilename()}, 1 person, 1 dose record.` })).toBeVisible();
  await expectAccessible(page, "settings");

  await page.getByRole("button", { name: /^Delete all data of this person/ }).click();
  await page.getByRole("button", { name: /^Yes, delete everything for/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Deleted." })).toBeVisible();
  await page.getByRole("link", { name: "Today" }).click();
  await expect(page.getByText("No medicines yet")).toBeVisible();

  await goTo(page, "Settings");
  await page.getByLabel("Import a backup file").setInputFiles(file);
  await expect(page.getByRole("status").filter({ hasText: "Backup imported." })).toBeVisible();
  await page.getByRole("link", { name: "Today" }).click();
  await expect(page.locator(".dose", { hasText: "Blood pressure tablet" }).locator(".status")).toHaveText(/Taken/);
  await page.reload();
  await expect(page.locator(".dose", { hasText: "Blood pressure tablet" }).locator(".status")).toHaveText(/Taken/);
  expect(problems).toEqual([]);
});

test("a malformed backup lists its problems and changes nothing", async ({ page }, info) => {
  await openApp(page);
  await loadExample(page);
  const bad = info.outputPath("bad.json");
  writeFileSync(bad, JSON.stringify({ format: "tend-backup", version: 1, exported_at: "2026-01-01T00:00:00Z", medications: [{ name: 5 }] }));
  await goTo(page, "Settings");
  await page.getByLabel("Import a backup file").setInputFiles(bad);
  const alert = page.locator(".problems");
  await expect(alert).toContainText("This file was not imported. Nothing was changed.");
  await expect(alert).toContainText("$.medications[0]");
  await page.getByLabel("Import a backup file").setInputFiles({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from("not json at all") });
  await expect(alert).toContainText("is not valid JSON");
  await page.getByRole("link", { name: "Today" }).click();
  await expect(page.locator(".dose", { hasText: "Blood pressure tablet" })).toBeVisible();
});

test("two people do not see each other's medicines", async ({ page }) => {
  await openApp(page, "/profiles");
  await page.getByLabel("Name").fill("Dad");
  await page.getByRole("button", { name: "Add a person" }).click();
  await expect(page.locator(".profile", { hasText: "Dad" })).toBeVisible();
  await expectAccessible(page, "profiles");
  await page.getByRole("button", { name: "Show Dad" }).click();
  await page.getByRole("link", { name: "Medicines" }).click();
  await page.getByRole("link", { name: "Add a medicine" }).click();
  await page.getByLabel("Name").fill("Dad's heart pill");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".medicine", { hasText: "Dad's heart pill" })).toBeVisible();

  await page.getByLabel("Showing").selectOption({ label: "Me" });
  await expect(page.locator(".medicine", { hasText: "Dad's heart pill" })).toHaveCount(0);
  await page.getByRole("link", { name: "Today" }).click();
  await expect(page.getByText("No medicines yet")).toBeVisible();
  await page.getByLabel("Showing").selectOption({ label: "Everyone" });
  await expect(page.locator(".dose", { hasText: "Dad's heart pill" })).toBeVisible();
});

test("History shows the day's doses, corrections keep the original, and adherence figures", async ({ page }) => {
  await openApp(page);
  await loadExample(page);
  await page.locator(".dose", { hasText: "Blood pressure tablet" }).getByRole("button", { name: "Taken" }).click();
  await expect(page.locator(".dose", { hasText: "Blood pressure tablet" }).locator(".status")).toHaveText(/Taken/);
  await page.getByRole("link", { name: "History" }).click();
  const record = page.locator(".day-detail .dose", { hasText: "Blood pressure tablet" });
  await expect(record.locator(".events")).toContainText("Taken");
  await record.getByRole("button", { name: /^Edit/ }).click();
  await record.getByLabel("Add a note").fill("with breakfast");
  await record.getByRole("button", { name: "Save" }).last().click();
  await expect(record.locator(".events")).toContainText("Note: with breakfast");
  await record.getByLabel("Change time taken").fill("07:45");
  await record.getByRole("button", { name: "Save" }).first().click();
  await expect(record.locator(".events")).toContainText("(corrected)");
  await expect(page.locator(".adherence")).toBeVisible();
  await expectAccessible(page, "history");
});

test("Spanish is complete on every screen", async ({ page }) => {
  await openApp(page, "/settings");
  await page.getByLabel("Language").selectOption("es");
  await expect(page.getByRole("heading", { level: 1, name: "Ajustes" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  for (const [link, heading] of [["Hoy", "Hoy"], ["Medicinas", "Medicinas"], ["Historial", "Historial"], ["Personas", "Personas"]]) {
    await goTo(page, link);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  }
  await page.screenshot({ path: "tests/e2e/screenshots/people-es-360.png", fullPage: true });
});

test("the device's time zone is recorded once per person and shown in Settings", async ({ page }) => {
  await openApp(page, "/settings");
  await expect(page.getByText("This device is in the time zone")).toBeVisible();
  const recorded = (await storedRecords(page, "zone_changes")).map((record) => record.zone);
  const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  expect(recorded).toEqual([zone]);
});
