// What a new user meets on day one: the right "today" in the evening and after midnight in any zone, one-tap
// logging that keeps focus and open panels, the as-needed card, Skip's reasons, the tab bar, Spanish.
import { test, expect } from "@playwright/test";
import { openApp, loadExample, goTo, storedRecords, shots } from "./helpers.mjs";

const today = (page) => page.getByRole("region", { name: "Today" });
const dose = (page, name) => today(page).getByRole("listitem").filter({ hasText: name });
const asNeeded = (page, name) => page.getByRole("region", { name: "As needed" }).getByRole("listitem").filter({ hasText: name });

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
      await loadExample(page);
      await expect(today(page).getByText(shown)).toBeVisible();
      // The example starts today: its three doses of the day are all there, even late in the evening.
      await expect(today(page).getByText(/of 3 doses still to take/)).toBeVisible();
      await goTo(page, "Medicines");
      await page.getByRole("link", { name: "Add a medicine" }).click();
      await expect(page.getByLabel("Start date")).toHaveValue(localDate);
      await goTo(page, "History");
      await expect(page.getByRole("heading", { name: `Doses on this day: ${shown}` })).toBeVisible();
    });
  });
}

test("a tap keeps other doses' panels and warnings, moves focus to the new status and announces it", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-10T07:55:00") });
  await openApp(page);
  await loadExample(page);
  const evening = dose(page, "Diabetes tablet").last();
  await evening.getByRole("button", { name: "Snooze" }).click();
  await expect(evening.getByRole("group", { name: "Snooze for" })).toBeVisible();
  const inhaler = asNeeded(page, "Reliever inhaler");
  await inhaler.getByRole("button", { name: "Take now" }).click();
  await inhaler.getByRole("button", { name: "Take now" }).click();
  await expect(inhaler.getByRole("alert")).toContainText("too recent");

  const bloodPressure = dose(page, "Blood pressure tablet");
  await bloodPressure.getByRole("button", { name: "Taken" }).click();
  await expect(bloodPressure.getByRole("button")).toHaveCount(0);
  await expect(bloodPressure.locator(":focus")).toHaveText("Taken");
  await expect(today(page).getByRole("status")).toHaveText("Blood pressure tablet 10 mg: Taken");
  // Logging one dose redrew only that dose.
  await expect(evening.getByRole("group", { name: "Snooze for" })).toBeVisible();
  await expect(inhaler.getByRole("alert")).toContainText("too recent");

  await today(page).getByRole("button", { name: "Undo" }).click();
  await expect(bloodPressure.getByRole("button", { name: "Taken" })).toBeVisible();
  await expect(bloodPressure.locator(":focus")).toHaveText("Coming up");
  await expect(today(page).getByRole("status")).toHaveText("Undone.");
});

test("Skip asks why, in one optional tap, and keeps the reason", async ({ page }) => {
  await openApp(page);
  await loadExample(page);
  const morning = dose(page, "Diabetes tablet").first();
  await morning.getByRole("button", { name: "Skip", exact: true }).click();
  const reasons = morning.getByRole("group", { name: "Why skip? (optional)" });
  for (const reason of ["Felt unwell", "Ran out", "Side effects", "Doctor told me", "Other", "Skip, no reason"]) {
    await expect(reasons.getByRole("button", { name: reason })).toBeVisible();
  }
  await reasons.getByRole("button", { name: "Ran out" }).click();
  await expect(morning.getByText("Skipped", { exact: true })).toBeVisible();
  const stored = await storedRecords(page, "dose_events");
  expect(stored.map((e) => e.action)).toContainEqual({ kind: "skipped", reason: "ran_out" });
});

test("the as-needed card says what was taken in 24 hours and when the next is allowed", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-10T12:05:00") });
  await openApp(page);
  await loadExample(page);
  const inhaler = asNeeded(page, "Reliever inhaler");
  await expect(inhaler).toContainText("Taken in the last 24 hours: 0 of at most 8.");
  await inhaler.getByRole("button", { name: "Take now" }).click();
  await expect(inhaler).toContainText(/Taken in the last 24 hours: 1 of at most 8, last at 12:05\sPM\. The next can be taken from 4:05\sPM\./);
  await expect(inhaler.getByText(/Taken in the last 24 hours/)).toBeFocused();
  for (const width of [320, 390]) {
    await page.setViewportSize({ width, height: 800 });
    await inhaler.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/as-needed-${width}.png`, fullPage: true });
  }
});

test("the tab bar holds four places and More, each a 44 px target, and More opens the rest", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await openApp(page);
  const nav = page.getByRole("navigation", { name: "Main" });
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
  await goTo(page, "People");
  await expect(page.getByRole("heading", { level: 1, name: "People" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "People" })).toBeHidden();
  // The person switcher stays in reach at the top while the page scrolls.
  await goTo(page, "Today");
  await loadExample(page);
  await page.mouse.wheel(0, 2000);
  await expect(page.getByLabel("Showing")).toBeInViewport();
  await page.screenshot({ path: `${shots}/tab-bar-320.png` });
});

test("a day with nothing due says only that, not \"0 of 0\"", async ({ page }) => {
  await openApp(page, "/medicines/new");
  await page.getByLabel("Name").fill("Reliever");
  await page.getByLabel("How often").selectOption({ label: "Only when needed" });
  await page.getByRole("button", { name: "Save" }).click();
  await goTo(page, "Today");
  await expect(today(page).getByText("No doses are due today.")).toBeVisible();
  await expect(today(page)).not.toContainText("0 of 0");
  await expect(page.getByRole("region", { name: "As needed" })).toContainText("Reliever");
});

test("Today at 320 and 390 px", async ({ page }) => {
  await openApp(page);
  await loadExample(page);
  for (const width of [320, 390]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: `${shots}/today-${width}.png`, fullPage: true });
  }
});

test.describe("in Spanish", () => {
  test.use({ locale: "es-ES" });
  test("the first person is Yo and amounts use Spanish units", async ({ page }) => {
    await openApp(page);
    await expect(page.getByLabel("Mostrando").getByRole("option", { name: "Yo" })).toHaveCount(1);
    await page.getByRole("button", { name: "Probar un plan de ejemplo" }).click();
    const hoy = page.getByRole("region", { name: "Hoy" });
    await expect(hoy.getByRole("listitem").filter({ hasText: "Blood pressure tablet" })).toContainText("1 comprimido");
    await expect(page.getByRole("region", { name: "Cuando se necesite" }).getByRole("listitem")).toContainText("2 inhalaciones");
    await expect(hoy).not.toContainText(/\d (tablet|puff)/);
  });
});
