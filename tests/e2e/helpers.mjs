// Shared steps for the end-to-end tests.
import { expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export const shots = "tests/e2e/screenshots";

/** Opens the app and waits until storage has loaded; fails on any page error. */
export async function openApp(page, path = "/") {
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(path);
  await expect(page.locator("main")).not.toContainText("Loading your medicines");
  return problems;
}

/** Goes to a place through the tab bar, opening More for the places it holds (People, Settings, Stories). */
export async function goTo(page, place) {
  const nav = page.getByRole("navigation", { name: /^(Main|Principal)$/ });
  const tab = nav.getByRole("link", { name: place, exact: true });
  if (!(await tab.isVisible())) await nav.getByRole("button", { name: /^(More|Más)$/ }).click();
  await tab.click();
}

/** Every record in one of the app's IndexedDB stores, decoded. */
export async function storedRecords(page, store) {
  return page.evaluate(
    (name) =>
      new Promise((resolve) => {
        const open = indexedDB.open("tend");
        open.onsuccess = () => {
          const request = open.result.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => resolve(request.result.map((v) => (typeof v === "string" ? JSON.parse(v) : v)));
        };
      }),
    store,
  );
}

export async function loadExample(page) {
  await page.getByRole("button", { name: "Try an example plan" }).click();
  await expect(page.locator(".dose").first()).toBeVisible();
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
