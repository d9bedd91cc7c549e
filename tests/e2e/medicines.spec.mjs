// Adding a medicine of every schedule kind through the form: the plain-language preview, the next due times,
// and the medicine on Today and in the list.
import { test, expect } from "@playwright/test";
import { expectAccessible } from "./helpers.mjs";
import { openApp, goTo } from "./pages/app.mjs";
import { MedicineForm, MedicinesPage } from "./pages/medicines.mjs";
import { TodayPage } from "./pages/today.mjs";

const kinds = [
  { kind: "Every day", name: "Daily pill", preview: /^Every day at 8:00\sAM$/ },
  {
    kind: "On chosen days of the week",
    name: "Weekday pill",
    fill: async (form) => {
      for (const day of ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]) await form.field(day).check();
    },
    preview: /^On Monday, Tuesday, Wednesday, Thursday, Friday, Saturday and Sunday at 8:00\sAM$/,
  },
  { kind: "Every few days", name: "Alternate pill", fill: async (form) => form.field("Every how many days").fill("2"), preview: /^Every 2 days at 8:00\sAM$/ },
  { kind: "Days on, days off", name: "Cycle pill", preview: /^21 days on, then 7 days off, at 8:00\sAM$/ },
  {
    kind: "Every few hours",
    name: "Antibiotic",
    fill: async (form) => {
      await form.field("Every how many hours").fill("8");
      await form.field("First dose at").fill("06:00");
      await form.fill({ courseDays: 5 });
    },
    preview: /^Every 8 hours from 6:00\sAM, until /,
  },
  { kind: "Hours after the last dose", name: "Pain relief", preview: /^First dose at 8:00\sAM, then 8 hours after each one taken$/ },
  { kind: "Only when needed", name: "Reliever", preview: /^When needed: at most 4 in 24 hours, at least 240 minutes apart$/, asNeeded: true },
  {
    kind: "Several times a day, spread over waking hours",
    name: "Eye drops",
    preview: /^Every day at 7:00\sAM, 2:30\sPM and 10:00\sPM$/,
  },
  {
    kind: "Every day",
    name: "Tapered steroid",
    fill: async (form, page) => {
      await form.toggleSection("Tapering steps (optional)");
      await page.getByRole("button", { name: "Add a step" }).click();
      await page.getByLabel("Amount each time").last().fill("2");
    },
    preview: /^Every day at 8:00\sAM, with tapering steps$/,
  },
];

for (const { kind, name, fill, preview, asNeeded } of kinds) {
  test(`add "${kind}": ${name}`, async ({ page }) => {
    const problems = await openApp(page, "/medicines/new");
    const form = new MedicineForm(page);
    await form.fill({ name, howOften: kind });
    if (fill) await fill(form, page);
    await expect(form.previewText).toHaveText(preview);
    if (!asNeeded) await expect(form.nextDoses).toHaveCount(5);
    const medicines = await form.saveAndReturn();
    await expect(medicines.medicine(name)).toBeVisible();
    await goTo(page, "Today");
    const today = new TodayPage(page);
    const onToday = asNeeded ? today.asNeeded(name).item : today.dose(name).item;
    await expect(onToday.first()).toBeVisible();
    expect(problems).toEqual([]);
  });
}

test("the form says what is wrong instead of saving", async ({ page }) => {
  await openApp(page, "/medicines/new");
  const form = new MedicineForm(page);
  await form.fill({ howOften: "On chosen days of the week" });
  await form.save();
  await expect(form.problems).toContainText("Name: please fill this in");
  await expect(form.problems).toContainText("Choose at least one day of the week.");
  await expect(page).toHaveURL(/\/medicines\/new$/);
  await expectAccessible(page, "medicine-form");
});

test("pause, resume and end move a medicine between the lists", async ({ page }) => {
  await openApp(page, "/medicines/new");
  const form = new MedicineForm(page);
  await form.fill({ name: "Statin" });
  const medicines = await form.saveAndReturn();
  await expect(medicines.list("Active").getByRole("listitem").filter({ hasText: "Statin" })).toBeVisible();
  for (const [action, list] of [["Pause", "Paused"], ["Resume", "Active"], ["End", "Ended"]]) {
    await medicines.change("Statin", action);
    await expect(medicines.list(list).getByRole("listitem").filter({ hasText: "Statin" })).toBeVisible();
    await expect(medicines.medicine("Statin")).toHaveCount(1);
  }
  await expect(medicines.actions("Statin").getByRole("button")).toHaveCount(0);
  await expectAccessible(page, "medicines");
});

test("a refill is logged with its use-by date: a typo is said, the stock goes up and the date is warned about", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-10T09:00:00") });
  await openApp(page);
  await new TodayPage(page).tryExample();
  const medicines = new MedicinesPage(page);
  await medicines.open();
  const item = medicines.medicine("Blood pressure tablet");
  await expect(item).toContainText("28 tablets");
  await medicines.actions("Blood pressure tablet").getByRole("button", { name: "Log a refill" }).click();
  await item.getByLabel("How much (tablet)").fill("thirty");
  await item.getByLabel("Use-by date on the pack (optional)").fill("2026-12-01");
  await item.getByRole("button", { name: "Save refill" }).click();
  await expect(item.getByRole("alert")).toHaveText("How much: please type a number above zero.");
  await item.getByLabel("How much (tablet)").fill("30");
  await item.getByRole("button", { name: "Save refill" }).click();
  await expect(page.getByText("Refill logged. The stock is updated.")).toBeVisible();
  await expect(item).toContainText("58 tablets");
  await expect(item).toContainText("until about Thursday, January 7. Use by Tuesday, December 1.");
  await expect(item.getByRole("button", { name: "Save refill" })).toHaveCount(0);
  await page.reload();
  await expect(medicines.medicine("Blood pressure tablet")).toContainText("58 tablets");
  await expectAccessible(page, "medicines-refill");
});
