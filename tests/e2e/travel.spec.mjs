// Travel: the device moves from New York to Madrid; Today asks, for each medicine that follows the clock,
// whether to keep the same times here or stay on home time, with the next dose shown both ways; a medicine kept
// on home time is then due at its New York time, and the answers are kept.
import { test, expect } from "@playwright/test";
import { expectAccessible, shots, sidewaysOverflow } from "./helpers.mjs";
import { openApp } from "./pages/app.mjs";
import { TodayPage } from "./pages/today.mjs";

test("after a flight, each medicine can keep its times here or stay on home time, seen both ways", async ({ browser }) => {
  // The zone is set through the DevTools protocol, which can change it while the page lives.
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setTimezoneOverride", { timezoneId: "America/New_York" });
  // Tuesday 10 November, 7:00 AM in New York (noon UTC).
  await page.clock.install({ time: new Date("2026-11-10T12:00:00Z") });
  const problems = await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  await expect(page.getByRole("heading", { name: "You are in another time zone" })).toHaveCount(0);

  // Landed in Madrid (UTC+1): the device's zone changes, and Tend opens there.
  await cdp.send("Emulation.setTimezoneOverride", { timezoneId: "" });
  await cdp.send("Emulation.setTimezoneOverride", { timezoneId: "Europe/Madrid" });
  await page.reload();
  const card = page.getByRole("region", { name: "You are in another time zone" });
  await expect(card).toBeVisible();
  await expect(card).toContainText("Times are now shown for Europe/Madrid");
  await expect(card).toContainText("stay on home time (America/New York)");
  const pressure = card.getByRole("listitem").filter({ hasText: "Blood pressure tablet" });
  await expect(pressure).toContainText("Same times here: next dose at 8:00 AM here (2:00 AM at home).");
  await expect(pressure).toContainText("On home time: next dose at 2:00 PM here (8:00 AM at home).");
  await expect(card.getByRole("listitem").filter({ hasText: "Reliever inhaler" })).toHaveCount(0);
  await expectAccessible(page, "today-travel");
  await page.setViewportSize({ width: 320, height: 740 });
  expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
  await card.screenshot({ path: `${shots}/today-travel-320.png` });

  await card.getByRole("group", { name: "Blood pressure tablet" }).getByRole("button", { name: "Stay on home time" }).click();
  await expect(page.getByText("Saved: it stays on home time.")).toBeVisible();
  await expect(pressure).toHaveText("Blood pressure tablet stays on America/New York time, as set for it.");
  for (const name of ["Diabetes tablet", "Vitamin D"]) {
    await card.getByRole("group", { name }).getByRole("button", { name: "Keep the same times here" }).click();
  }
  await expect(card).toHaveCount(0);
  await page.reload();
  await expect(today.dose("Blood pressure tablet", "8:00 AM").status).toHaveText("Coming up");
  await expect(page.getByRole("region", { name: "You are in another time zone" })).toHaveCount(0);
  expect(problems).toEqual([]);
  await context.close();
});
