// Every screen at 320 CSS px wide (a small phone, or a 640 px window at 200 % zoom): nothing scrolls sideways and
// every button, menu and link that stands on its own (not a link inside a sentence, which WCAG 2.5.8 exempts) is
// at least 44 px tall.
import { test, expect } from "@playwright/test";
import { shots, sidewaysOverflow } from "./helpers.mjs";
import { openApp, goTo, screenHeading, tabBar } from "./pages/app.mjs";
import { TodayPage } from "./pages/today.mjs";
import { MedicinesPage } from "./pages/medicines.mjs";

// [path, screenshot name, the place in the tab bar that leads there]
const screens = [
  ["/", "today"],
  ["/medicines", "medicines", "Medicines"],
  ["/medicines/new", "medicine-form", "Medicines"],
  ["/history", "history", "History"],
  ["/profiles", "profiles", "People"],
  ["/settings", "settings", "Settings"],
];
// Reached by address rather than the menu.
const direct = [["/learn", "learn"], ["/learn/heart-failure-how-medicines-work", "article"], ["/stories", "stories"], ["/stories/share", "share-story"]];

/** Names of the visible targets under 44 px tall: buttons, menus, the tab bar's links, and links drawn as a button
 * (with a border of their own; a plain text link is sized by its line of text). */
async function smallTargets(page) {
  const small = (locator, onlyBoxed) =>
    locator.evaluateAll(
      (elements, onlyBoxed) =>
        elements
          .filter((e) => e.getClientRects().length > 0)
          .filter((e) => !onlyBoxed || parseFloat(getComputedStyle(e).borderTopWidth) > 0)
          .filter((e) => e.getBoundingClientRect().height < 44)
          .map((e) => `${e.tagName} ${e.textContent.trim().slice(0, 30)}`),
      onlyBoxed,
    );
  const targets = page.getByRole("button").or(page.getByRole("combobox")).or(tabBar(page).getByRole("link"));
  return [...(await small(targets, false)), ...(await small(page.getByRole("link"), true))];
}

for (const [path, name, place] of [...screens, ...direct]) {
  test(`${name} fits 320 px and keeps 44 px targets`, async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    await openApp(page);
    await new TodayPage(page).tryExample();
    if (place) {
      await goTo(page, place);
      if (path === "/medicines/new") await new MedicinesPage(page).add();
    } else if (path !== "/") {
      await page.goto(path);
    }
    await expect(screenHeading(page)).toBeVisible();
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    expect(await smallTargets(page)).toEqual([]);
    await page.screenshot({ path: `${shots}/${name}-320.png`, fullPage: true });
  });
}
