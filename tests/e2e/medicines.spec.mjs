// Adding a medicine of every schedule kind through the form: the plain-language preview, the next due times,
// and the medicine on Today and in the list.
import { test, expect } from "@playwright/test";
import { openApp, expectAccessible } from "./helpers.mjs";

const kinds = [
  { kind: "Every day", name: "Daily pill", preview: /^Every day at 8:00\sAM$/ },
  {
    kind: "On chosen days of the week",
    name: "Weekday pill",
    fill: async (page) => {
      for (const day of ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]) await page.getByLabel(day, { exact: true }).check();
    },
    preview: /^On Monday, Tuesday, Wednesday, Thursday, Friday, Saturday and Sunday at 8:00\sAM$/,
  },
  { kind: "Every few days", name: "Alternate pill", fill: async (page) => page.getByLabel("Every how many days").fill("2"), preview: /^Every 2 days at 8:00\sAM$/ },
  { kind: "Days on, days off", name: "Cycle pill", preview: /^21 days on, then 7 days off, at 8:00\sAM$/ },
  {
    kind: "Every few hours",
    name: "Antibiotic",
    fill: async (page) => {
      await page.getByLabel("Every how many hours").fill("8");
      await page.getByLabel("First dose at").fill("06:00");
      await page.getByLabel("After a number of days").check();
      await page.getByLabel("Number of days", { exact: true }).fill("5");
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
    fill: async (page) => {
      await page.getByText("Tapering steps (optional)", { exact: true }).click();
      await page.getByRole("button", { name: "Add a step" }).click();
      await page.getByLabel("Amount each time").last().fill("2");
    },
    preview: /^Every day at 8:00\sAM, with tapering steps$/,
  },
];

for (const { kind, name, fill, preview, asNeeded } of kinds) {
  test(`add "${kind}": ${name}`, async ({ page }) => {
    const problems = await openApp(page, "/medicines/new");
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("How often").selectOption({ label: kind });
    if (fill) await fill(page);
    await expect(page.locator(".preview-text")).toHaveText(preview);
    if (!asNeeded) await expect(page.locator(".next-doses li")).toHaveCount(5);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page).toHaveURL(/\/medicines$/);
    await expect(page.locator(".medicine", { hasText: name })).toBeVisible();
    await page.getByRole("link", { name: "Today" }).click();
    const onToday = asNeeded ? page.locator(".as-needed .dose", { hasText: name }) : page.locator(".dose-group .dose", { hasText: name });
    await expect(onToday.first()).toBeVisible();
    expect(problems).toEqual([]);
  });
}

test("the form says what is wrong instead of saving", async ({ page }) => {
  await openApp(page, "/medicines/new");
  await page.getByLabel("How often").selectOption({ label: "On chosen days of the week" });
  await page.getByRole("button", { name: "Save" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Name: please fill this in");
  await expect(alert).toContainText("Choose at least one day of the week.");
  await expect(page).toHaveURL(/\/medicines\/new$/);
  await expectAccessible(page, "medicine-form");
});

test("pause, resume and end move a medicine between the lists", async ({ page }) => {
  await openApp(page, "/medicines/new");
  await page.getByLabel("Name").fill("Statin");
  await page.getByRole("button", { name: "Save" }).click();
  const item = page.locator(".medicine", { hasText: "Statin" });
  await item.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByRole("heading", { name: "Paused" })).toBeVisible();
  await page.locator(".medicine", { hasText: "Statin" }).getByRole("button", { name: "Resume" }).click();
  await expect(page.getByRole("heading", { name: "Active" })).toBeVisible();
  await page.locator(".medicine", { hasText: "Statin" }).getByRole("button", { name: "End" }).click();
  await expect(page.getByRole("heading", { name: "Ended" })).toBeVisible();
  await expectAccessible(page, "medicines");
});
