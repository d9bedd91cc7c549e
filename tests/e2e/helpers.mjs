// Shared steps for the end-to-end tests that are not a person's actions (those are the page objects in pages/):
// reading the app's IndexedDB, axe-core, screenshots.
import { expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export const shots = "tests/e2e/screenshots";

/** Every record in one of the app's IndexedDB stores, as the text inside its binary form (tend_core::codec):
 * enough to see that a value was stored, without a second decoder here. */
export async function storedTexts(page, store) {
  return page.evaluate(
    (name) =>
      new Promise((resolve) => {
        const open = indexedDB.open("tend");
        open.onsuccess = () => {
          const request = open.result.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result.map((v) => new TextDecoder().decode(v)));
        };
      }),
    store,
  );
}

/** axe-core finds nothing, in light and dark mode. */
export async function expectAccessible(page, name) {
  for (const colorScheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${name} (${colorScheme}) ${v.id}: ${v.help} ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
    await page.screenshot({ path: `${shots}/${name}-360-${colorScheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** How far the page scrolls sideways (0 or less: it does not). */
export function sidewaysOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}
