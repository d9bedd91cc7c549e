// Every screen at 320 CSS px wide (a small phone, or a 640 px window at 200 % zoom): nothing scrolls sideways and
// every button and link is at least 44 px tall.
import { test, expect } from "@playwright/test";
import { openApp, loadExample, goTo, shots } from "./helpers.mjs";

const screens = [["/", "today"], ["/medicines", "medicines"], ["/medicines/new", "medicine-form"], ["/history", "history"], ["/profiles", "profiles"], ["/settings", "settings"]];
// Reached by address rather than the menu.
const direct = [["/learn", "learn"], ["/learn/heart-failure-how-medicines-work", "article"], ["/stories", "stories"], ["/stories/share", "share-story"]];
for (const [path, name] of [...screens, ...direct]) {
  test(`${name} fits 320 px and keeps 44 px targets`, async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    await openApp(page);
    await loadExample(page);
    if (direct.some(([p]) => p === path)) {
      await page.goto(path);
      await expect(page.locator("#screen-host h1")).toBeVisible();
    } else if (path !== "/") {
      await goTo(page, { "/medicines": "Medicines", "/medicines/new": "Medicines", "/history": "History", "/profiles": "People", "/settings": "Settings" }[path]);
      if (path === "/medicines/new") await page.getByRole("link", { name: "Add a medicine" }).click();
      await expect(page.locator("#screen-host h1")).toBeVisible();
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll("button, a.button, nav a, select")]
        .filter((e) => e.offsetParent !== null)
        .filter((e) => e.getBoundingClientRect().height < 44)
        .map((e) => `${e.tagName} ${e.textContent.trim().slice(0, 30)}`),
    );
    expect(small).toEqual([]);
    await page.screenshot({ path: `${shots}/${name}-320.png`, fullPage: true });
  });
}
