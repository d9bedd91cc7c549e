// Backups, deleting a person's data, bad files, several people, History and Settings.
import { test, expect } from "@playwright/test";
import { readFileSync, writeFileSync } from "node:fs";
import { expectAccessible, storedTexts } from "./helpers.mjs";
import { openApp, goTo, switcher } from "./pages/app.mjs";
import { TodayPage } from "./pages/today.mjs";
import { MedicinesPage } from "./pages/medicines.mjs";
import { HistoryPage } from "./pages/history.mjs";
import { PeoplePage, SettingsPage } from "./pages/settings.mjs";

test("export, delete, import: everything comes back", async ({ page }, info) => {
  const problems = await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  await today.take("Blood pressure tablet");
  await today.dose("Blood pressure tablet").expectTaken();

  const settings = new SettingsPage(page);
  await settings.open();
  const download = await settings.exportBackup();
  const file = info.outputPath("backup.json");
  await download.saveAs(file);
  expect(JSON.parse(readFileSync(file, "utf8")).format).toBe("tend-backup");
  // It says what it saved, under the person's date.
  expect(download.suggestedFilename()).toMatch(/^tend-backup-\d{4}-\d{2}-\d{2}\.json$/);
  await expect(settings.status(`Backup saved: ${download.suggestedFilename()}, 1 person, 1 dose record.`)).toBeVisible();
  await expectAccessible(page, "settings");

  await settings.deletePersonData();
  await today.open();
  await expect(today.emptyMessage).toBeVisible();

  await settings.open();
  await settings.importAndWait(file);
  await today.open();
  await today.dose("Blood pressure tablet").expectTaken();
  await page.reload();
  await today.dose("Blood pressure tablet").expectTaken();
  expect(problems).toEqual([]);
});

test("a malformed backup lists its problems and changes nothing", async ({ page }, info) => {
  await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  const bad = info.outputPath("bad.json");
  writeFileSync(bad, JSON.stringify({ format: "tend-backup", version: 1, exported_at: "2026-01-01T00:00:00Z", medications: [{ name: 5 }] }));
  const settings = new SettingsPage(page);
  await settings.open();
  await settings.importBackup(bad);
  await expect(settings.problems).toContainText("This file was not imported. Nothing was changed.");
  await expect(settings.problems).toContainText("$.medications[0]");
  await settings.importBackup({ name: "notes.json", mimeType: "application/json", buffer: Buffer.from("not json at all") });
  await expect(settings.problems).toContainText("is not valid JSON");
  await today.open();
  await expect(today.dose("Blood pressure tablet").item).toBeVisible();
});

test("two people do not see each other's medicines", async ({ page }) => {
  await openApp(page, "/profiles");
  const people = new PeoplePage(page);
  await people.add("Dad");
  await expect(people.person("Dad")).toBeVisible();
  await expectAccessible(page, "profiles");
  await people.showButton("Dad").click();
  const medicines = new MedicinesPage(page);
  await medicines.open();
  const form = await medicines.add();
  await form.fill({ name: "Dad's heart pill" });
  await form.saveAndReturn();
  await expect(medicines.medicine("Dad's heart pill")).toBeVisible();

  await switcher(page).selectOption({ label: "Me" });
  await expect(medicines.medicine("Dad's heart pill")).toHaveCount(0);
  const today = new TodayPage(page);
  await today.open();
  await expect(today.emptyMessage).toBeVisible();
  await switcher(page).selectOption({ label: "Everyone" });
  await expect(today.dose("Dad's heart pill").item).toBeVisible();
});

test("History shows the day's doses, corrections keep the original, and adherence figures", async ({ page }) => {
  // Midday, after the 8:00 dose is due: before that the day's adherence has nothing expected of it yet.
  await page.clock.install({ time: new Date("2026-11-10T12:00:00") });
  await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  await today.take("Blood pressure tablet");
  await today.dose("Blood pressure tablet").expectTaken();
  const history = new HistoryPage(page);
  await history.open();
  const record = history.dose("Blood pressure tablet");
  await expect(record.item).toContainText(/Taken \d{1,2}:\d\d/);
  await record.openEditor();
  await record.addNote("with breakfast");
  await expect(record.item).toContainText("Note: with breakfast");
  await record.changeTime("07:45");
  await expect(record.item).toContainText("(corrected)");
  await expect(history.row(/Blood pressure tablet/)).toBeVisible();
  await expectAccessible(page, "history");
});

test("Spanish is complete on every screen", async ({ page }) => {
  await openApp(page, "/settings");
  await new SettingsPage(page).setLanguage("es");
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
  const recorded = await storedTexts(page, "zone_changes");
  const zone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  expect(recorded).toHaveLength(1);
  expect(recorded[0]).toContain(zone);
});

test("Settings gives files for a doctor: the dose log and measurements as CSV and a FHIR Bundle, for the person shown", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-10T09:00:00") });
  await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  await today.take("Blood pressure tablet");
  await page.goto("/health");
  const log = page.getByRole("region", { name: "Log a measurement" });
  await log.getByLabel("Upper number (systolic)").fill("132");
  await log.getByLabel("Lower number (diastolic)").fill("84");
  await log.getByRole("button", { name: "Save measurement" }).click();
  await expect(page.getByText("Measurement saved.")).toBeVisible();
  await page.goto("/settings");
  const files = page.getByRole("region", { name: "Files for your doctor" });
  await expect(files).toContainText("They stay on this device until you send them.");
  const fetch = async (name) => {
    const [download] = await Promise.all([page.waitForEvent("download"), files.getByRole("button", { name }).click()]);
    return { name: download.suggestedFilename(), text: readFileSync(await download.path(), "utf8") };
  };
  const csv = await fetch("Download the dose log (CSV)");
  expect(csv.name).toBe("tend-doses-2026-11-10.csv");
  const rows = csv.text.split("\r\n");
  expect(rows[0]).toBe("person,medicine,strength,due,status,taken_at,amount,unit,skip_reason");
  expect(rows.find((r) => r.includes("Blood pressure tablet") && r.includes("T08:00:00"))).toMatch(/,taken_(on_time|late),2026-11-10T/);
  const measured = await fetch("Download the measurements (CSV)");
  expect(measured.name).toBe("tend-measurements-2026-11-10.csv");
  expect(measured.text.split("\r\n")).toEqual([
    "person,measured_at,measurement,systolic,diastolic,pulse,value,unit,note",
    expect.stringMatching(/^Me,2026-11-10T09:0\d:\d\d(Z|[+-]\d\d:\d\d),blood_pressure,132,84,,,mmHg,$/),
    "",
  ]);
  const fhir = await fetch("Download for a clinic's system (FHIR)");
  expect(fhir.name).toBe("tend-fhir-2026-11-10.json");
  const bundle = JSON.parse(fhir.text);
  expect(bundle).toMatchObject({ resourceType: "Bundle", type: "collection" });
  const kinds = bundle.entry.map((e) => e.resource.resourceType);
  expect(kinds.filter((k) => k === "Patient")).toHaveLength(1);
  expect(kinds).toContain("MedicationStatement");
  const given = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === "MedicationAdministration");
  expect(given.map((r) => r.medicationCodeableConcept.text)).toEqual([expect.stringContaining("Blood pressure tablet")]);
  const observed = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === "Observation");
  expect(observed.map((r) => r.code.coding[0].code)).toEqual(["85354-9"]);
  await expectAccessible(page, "settings-doctor-files");
});
