// The screens other than Today come in lazily loaded chunks of the one program (src/screens.rs): each is fetched
// the first time it is wanted, and when that fails (offline on a first visit) the person is told and can try
// again. The records are the first load's: what a chunk's screen saves, Today shows at once.
import { test, expect } from "@playwright/test";
import { goTo, openApp, screenHeading } from "./pages/app.mjs";
import { MedicinesPage } from "./pages/medicines.mjs";
import { TodayPage } from "./pages/today.mjs";

// Routes see only the page's own requests; a service worker would answer from what it precached.
test.use({ serviceWorkers: "block" });

test("a screen whose chunk cannot be fetched says so, and opens on Try again", async ({ page }) => {
  let reachable = false;
  const chunks = [];
  await page.route(/\/app-[0-9a-f]{16}\/(split_\w+|chunk_\d+)\.wasm$/, (route) => {
    chunks.push(new URL(route.request().url()).pathname.split("/").pop());
    return reachable ? route.continue() : route.abort();
  });
  await openApp(page);
  await goTo(page, "Medicines");
  const alert = page.getByRole("alert").filter({ hasText: "This screen could not be loaded" });
  await expect(alert).toBeVisible();
  expect(chunks).toContain("split_care.wasm");
  // The tab bar and Today still work.
  await goTo(page, "Today");
  await expect(new TodayPage(page).heading).toBeVisible();
  await goTo(page, "Medicines");
  await expect(alert).toBeVisible();
  reachable = true;
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(screenHeading(page)).toHaveText("Medicines");
  await expect(alert).toHaveCount(0);
});

test("a chunk is fetched once, however often its screens are opened, and its screens share the records with Today", async ({ page }) => {
  const fetched = [];
  page.on("request", (request) => {
    const name = new URL(request.url()).pathname.split("/").pop();
    if (/^split_\w+\.wasm$/.test(name)) fetched.push(name);
  });
  await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  for (const place of ["Medicines", "History", "Medicines", "Learn", "Today", "History"]) {
    await goTo(page, place);
    if (place !== "Today") await expect(screenHeading(page)).toHaveText(place);
  }
  for (const chunk of new Set(fetched)) expect(fetched.filter((f) => f === chunk), chunk).toHaveLength(1);
  // A tap on the tab of the screen shown is no new history entry (and does not draw the screen again).
  const entries = await page.evaluate(() => history.length);
  await goTo(page, "History");
  expect(await page.evaluate(() => history.length)).toBe(entries);
  expect(fetched).toEqual(expect.arrayContaining(["split_care.wasm", "split_reading.wasm"]));
  // Taken on Today (first load), counted off the stock on Medicines (care chunk) at once, without a reload.
  await goTo(page, "Medicines");
  const medicines = new MedicinesPage(page);
  await expect(medicines.medicine("Blood pressure tablet")).toContainText("28 tablets left");
  await goTo(page, "Today");
  await today.take("Blood pressure tablet");
  await goTo(page, "Medicines");
  await expect(medicines.medicine("Blood pressure tablet")).toContainText("27 tablets left");
});
