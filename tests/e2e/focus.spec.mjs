// Every control's focus indicator can be seen (WCAG 2.2 2.4.11 and 2.4.13): tabbing through each screen, the
// pixels around a focused control must change, against the same pixels unfocused, with a contrast of at least 3:1
// over an area at least twice its perimeter, and the control must not be hidden under the header or tab bar.
// axe-core cannot check this: a ring the colour of what is behind it passes every rule.
import { test, expect } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { openApp, goTo, screenHeading } from "./pages/app.mjs";
import { TodayPage } from "./pages/today.mjs";

const MARGIN = 8;

/** Counts the pixels of two same-sized PNG screenshots whose colours differ by a contrast ratio of 3 or more. */
async function contrastingPixels(page, before, after) {
  return page.evaluate(
    async ([a, b]) => {
      const pixels = async (base64) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext("2d");
        context.drawImage(bitmap, 0, 0);
        return context.getImageData(0, 0, bitmap.width, bitmap.height).data;
      };
      const channel = (v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      const luminance = (d, i) => 0.2126 * channel(d[i]) + 0.7152 * channel(d[i + 1]) + 0.0722 * channel(d[i + 2]);
      const [x, y] = [await pixels(a), await pixels(b)];
      let count = 0;
      for (let i = 0; i < x.length; i += 4) {
        const [l1, l2] = [luminance(x, i), luminance(y, i)];
        if ((Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05) >= 3) count++;
      }
      return count;
    },
    [before.toString("base64"), after.toString("base64")],
  );
}

/** Tabs through the page; returns a line for each stop whose focus cannot be seen. */
async function unseenFocus(page, stops = 40) {
  const problems = [];
  const viewport = page.viewportSize();
  for (let i = 0; i < stops; i++) {
    await page.keyboard.press("Tab");
    // Let any scrolling that focus started finish before measuring.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const focused = await page.evaluate(() => {
      const element = document.activeElement;
      if (!element || element === document.body) return null;
      const r = element.getBoundingClientRect();
      const centre = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
      const name = `${element.tagName} "${(element.getAttribute("aria-label") || element.textContent || element.id).trim().slice(0, 30)}"`;
      const radius = Math.min(parseFloat(getComputedStyle(element).borderTopLeftRadius) || 0, r.width / 2, r.height / 2);
      return { x: r.x, y: r.y, width: r.width, height: r.height, radius, name, covered: !element.contains(centre) && centre !== element };
    });
    if (!focused) break;
    if (focused.covered) problems.push(`${focused.name} is hidden under something else when focused`);
    const x = Math.max(0, focused.x - MARGIN);
    const y = Math.max(0, focused.y - MARGIN);
    const clip = {
      x,
      y,
      width: Math.min(viewport.width, focused.x + focused.width + MARGIN) - x,
      height: Math.min(viewport.height, focused.y + focused.height + MARGIN) - y,
    };
    if (clip.width <= 0 || clip.height <= 0) continue;
    const withFocus = await page.screenshot({ clip });
    await page.evaluate(() => document.activeElement.blur());
    const without = await page.screenshot({ clip });
    const changed = await contrastingPixels(page, withFocus, without);
    // Twice the control's perimeter (a 2 px ring, as WCAG 2.4.13 measures it), its rounded corners counted as arcs.
    const perimeter = 2 * (focused.width + focused.height) - (8 - 2 * Math.PI) * focused.radius;
    const needed = 2 * perimeter;
    // FOCUS_DEBUG=1 keeps the two images of each failing stop for a look.
    if (changed < needed && process.env.FOCUS_DEBUG) {
      writeFileSync(`/tmp/f-${i}-a.png`, withFocus);
      writeFileSync(`/tmp/f-${i}-b.png`, without);
    }
    if (changed < needed) {
      problems.push(`${focused.name} at ${Math.round(focused.x)},${Math.round(focused.y)}: ${changed} pixels change by 3:1, need ${Math.round(needed)}`);
    }
  }
  return problems;
}

for (const colorScheme of ["light", "dark"]) {
  test(`every focus indicator can be seen (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
    await openApp(page);
    await new TodayPage(page).tryExample();
    const problems = await unseenFocus(page);
    for (const place of ["Medicines", "History", "Settings"]) {
      await goTo(page, place);
      await expect(screenHeading(page)).toHaveText(place);
      await page.mouse.move(0, 0);
      problems.push(...(await unseenFocus(page)));
    }
    expect(problems).toEqual([]);
  });
}
