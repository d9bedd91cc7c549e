// When the browser will not store anything, the person is told plainly and the app still works for the visit.
// (A full disk is mapped to its own message in src/storage.rs; Chromium's quota override did not make small
// IndexedDB writes fail here, so that path has no end-to-end test yet.)
import { test, expect } from "@playwright/test";
import { openApp } from "./pages/app.mjs";
import { TodayPage } from "./pages/today.mjs";

test("without IndexedDB (some private windows) the app says nothing will be kept, and still works", async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(window, "indexedDB", { value: undefined, configurable: true }));
  await openApp(page);
  await expect(page.getByRole("alert").filter({ hasText: "does not let Tend save anything" })).toBeVisible();
  const today = new TodayPage(page);
  await today.tryExample();
  await expect(today.dose("Blood pressure tablet").item).toBeVisible();
});
