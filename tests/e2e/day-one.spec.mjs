// What a new user meets on day one: the right "today" in the evening and after midnight in any zone, one-tap
// logging that keeps focus and open panels, the as-needed card, Skip's reasons, the tab bar, Spanish.
import { test, expect } from "@playwright/test";
import { storedTexts, shots } from "./helpers.mjs";
import { openApp, goTo, switcher, tabBar } from "./pages/app.mjs";
import { TodayPage } from "./pages/today.mjs";
import { MedicinesPage, MedicineForm } from "./pages/medicines.mjs";
import { HistoryPage } from "./pages/history.mjs";
import { PeoplePage } from "./pages/settings.mjs";

// [zone, the instant, the local date there, its weekday and day as Intl writes them in English]
const evenings = [
  ["America/New_York", "2026-11-11T02:00:00Z", "2026-11-10", "Tuesday, November 10"],
  ["America/New_York", "2026-11-11T04:30:00Z", "2026-11-10", "Tuesday, November 10"],
  ["Pacific/Auckland", "2026-11-10T11:30:00Z", "2026-11-11", "Wednesday, November 11"],
  ["Asia/Kolkata", "2026-11-10T19:00:00Z", "2026-11-11", "Wednesday, November 11"],
];
for (const [zone, instant, localDate, shown] of evenings) {
  test.describe(`at ${instant} in ${zone}`, () => {
    test.use({ timezoneId: zone });
    test(`today is ${localDate} everywhere: Today, a new medicine's start, History`, async ({ page }) => {
      await page.clock.install({ time: new Date(instant) });
      await openApp(page);
      const today = new TodayPage(page);
      await today.tryExample();
      await expect(today.region.getByText(shown)).toBeVisible();
      // The example starts today: its three doses of the day are all there, even late in the evening.
      await expect(today.summary).toHaveText(/of 3 doses still to take/);
      const medicines = new MedicinesPage(page);
      await medicines.open();
      const form = await medicines.add();
      await expect(form.field("Start date")).toHaveValue(localDate);
      const history = new HistoryPage(page);
      await history.open();
      await expect(page.getByRole("heading", { name: `Doses on this day: ${shown}` })).toBeVisible();
    });
  });
}

test("a tap keeps other doses' panels and warnings, moves focus to the new status and announces it", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-10T07:55:00") });
  await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  const evening = today.dose("Diabetes tablet", "8:00 PM");
  await evening.button("Snooze").click();
  await expect(evening.snoozeChoices).toBeVisible();
  const inhaler = today.asNeeded("Reliever inhaler");
  await inhaler.takeNow();
  await inhaler.takeNow();
  await expect(inhaler.warning).toContainText("too recent");

  const bloodPressure = today.dose("Blood pressure tablet");
  await bloodPressure.take();
  await bloodPressure.expectTaken();
  await expect(bloodPressure.status).toBeFocused();
  await expect(today.announcement).toHaveText("Blood pressure tablet 10 mg: Taken");
  // Logging one dose redrew only that dose.
  await expect(evening.snoozeChoices).toBeVisible();
  await expect(inhaler.warning).toContainText("too recent");

  await today.undo();
  await expect(bloodPressure.button("Taken")).toBeVisible();
  await expect(bloodPressure.status).toHaveText("Coming up");
  await expect(bloodPressure.status).toBeFocused();
  await expect(today.announcement).toHaveText("Undone.");
});

test("Skip asks why, in one optional tap, and keeps the reason", async ({ page }) => {
  // A morning: every dose of the example plan is still to take (after 20:00 the morning ones count as missed).
  await page.clock.install({ time: new Date("2026-11-10T07:55:00") });
  await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  const morning = today.dose("Diabetes tablet", (await today.times())[0]);
  await morning.button("Skip").click();
  for (const reason of ["Felt unwell", "Ran out", "Side effects", "Doctor told me", "Other", "Skip, no reason"]) {
    await expect(morning.skipReasons.getByRole("button", { name: reason })).toBeVisible();
  }
  await morning.skipReasons.getByRole("button", { name: "Ran out" }).click();
  await expect(morning.status).toHaveText("Skipped");
  // The reason is stored as its code, whatever the language.
  const stored = await storedTexts(page, "dose_events");
  expect(stored.filter((e) => e.includes("ran_out"))).toHaveLength(1);
});

test("the as-needed card says what was taken in 24 hours and when the next is allowed", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-10T12:05:00") });
  await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  const inhaler = today.asNeeded("Reliever inhaler");
  await expect(inhaler.use).toHaveText("Taken in the last 24 hours: 0 of at most 8.");
  await inhaler.takeNow();
  await expect(inhaler.use).toHaveText(/Taken in the last 24 hours: 1 of at most 8, last at 12:05\sPM\. The next can be taken from 4:05\sPM\./);
  await expect(inhaler.use).toBeFocused();
  for (const width of [320, 390]) {
    await page.setViewportSize({ width, height: 800 });
    await inhaler.item.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/as-needed-${width}.png`, fullPage: true });
  }
});

test("the tab bar holds four places and More, each a 44 px target, and More opens the rest", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await openApp(page);
  const nav = tabBar(page);
  for (const place of ["Today", "Medicines", "History", "Learn"]) {
    const box = await nav.getByRole("link", { name: place }).boundingBox();
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.y + box.height).toBeGreaterThan(600);
  }
  const more = nav.getByRole("button", { name: "More" });
  await expect(more).toHaveAttribute("aria-expanded", "false");
  await more.click();
  await expect(more).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("Escape");
  await expect(nav.getByRole("link", { name: "People" })).toBeHidden();
  await new PeoplePage(page).open();
  await expect(nav.getByRole("link", { name: "People" })).toBeHidden();
  // The person switcher stays in reach at the top while the page scrolls.
  const today = new TodayPage(page);
  await today.open();
  await today.tryExample();
  await page.mouse.wheel(0, 2000);
  await expect(switcher(page)).toBeInViewport();
  await page.screenshot({ path: `${shots}/tab-bar-320.png` });
});

test("a day with nothing due says only that, not \"0 of 0\"", async ({ page }) => {
  await openApp(page, "/medicines/new");
  const form = new MedicineForm(page);
  await form.fill({ name: "Reliever", howOften: "Only when needed" });
  await form.saveAndReturn();
  const today = new TodayPage(page);
  await goTo(page, "Today");
  await expect(today.summary).toHaveText("No doses are due today.");
  await expect(today.region).not.toContainText("0 of 0");
  await expect(today.asNeeded("Reliever").item).toBeVisible();
});

test("Today at 320 and 390 px", async ({ page }) => {
  await openApp(page);
  await new TodayPage(page).tryExample();
  for (const width of [320, 390]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: `${shots}/today-${width}.png`, fullPage: true });
  }
});

test.describe("in Spanish", () => {
  test.use({ locale: "es-ES" });
  test("the first person is Yo and amounts use Spanish units", async ({ page }) => {
    await openApp(page);
    await expect(switcher(page, "Mostrando").getByRole("option", { name: "Yo" })).toHaveCount(1);
    await page.getByRole("button", { name: "Probar un plan de ejemplo" }).click();
    const hoy = page.getByRole("region", { name: "Hoy", exact: true });
    await expect(hoy.getByRole("listitem").filter({ hasText: "Blood pressure tablet" })).toContainText("1 comprimido");
    await expect(page.getByRole("region", { name: "Cuando se necesite" }).getByRole("listitem")).toContainText("2 inhalaciones");
    await expect(hoy).not.toContainText(/\d (tablet|puff)/);
  });
});
