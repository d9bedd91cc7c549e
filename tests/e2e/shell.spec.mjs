// The static shell in index.html: what is painted before the wasm runs. It must show the frame and Today in the
// person's language, sit exactly where the app will draw the same things, and give someone returning a
// placeholder as tall as their Today, so nothing jumps when the app takes over.
import { test, expect } from "@playwright/test";
import { appStarted, openApp, tabBar } from "./pages/app.mjs";
import { TodayPage } from "./pages/today.mjs";

// The routes that keep the app from starting would not see what a service worker serves.
test.use({ serviceWorkers: "block" });

/** Keeps the app from starting, so the page shows only the shell. */
async function withoutApp(page) {
  await page.route("**/*.wasm", (route) => route.abort());
}

/** Where the things the shell and the app both draw are on the page. */
async function boxes(page) {
  const nav = tabBar(page);
  const things = [
    page.getByRole("banner"),
    page.getByRole("heading", { level: 1, name: "Today" }),
    page.getByText(/^\w+day, \w+ \d+$/),
    page.getByText("No medicines yet"),
    page.getByRole("link", { name: "Add a medicine" }),
    ...["Today", "Medicines", "History", "Learn"].map((name) => nav.getByRole("link", { name, exact: true })),
    nav.getByRole("button", { name: "More" }),
  ];
  return Promise.all(things.map(async (thing) => {
    const box = await thing.boundingBox();
    return box && Object.fromEntries(Object.entries(box).map(([k, v]) => [k, Math.round(v)]));
  }));
}

test("before the app runs, the shell shows the frame and a new person's Today", async ({ page }) => {
  await withoutApp(page);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Today" })).toBeVisible();
  await expect(page.getByText("No medicines yet. Add your first one")).toBeVisible();
  await expect(page.getByRole("link", { name: "Add a medicine" })).toHaveAttribute("href", "/medicines/new");
  await expect(tabBar(page).getByRole("link", { name: "Today", exact: true })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("Loading your medicines")).toBeHidden();
});

test("the shell speaks the language chosen last time", async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem("tend.lang", "es"));
  await withoutApp(page);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Hoy" })).toBeVisible();
  await expect(page.getByText("Aún no hay medicinas.")).toBeVisible();
  await expect(page.getByText(/^[^,]+, \d{1,2} de [^ ]+$/)).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Principal" }).getByRole("link", { name: "Medicinas" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe("es");
});

test("on another screen the shell shows only the frame, and that it is loading", async ({ page }) => {
  await withoutApp(page);
  await page.goto("/history");
  await expect(page.getByText("Loading your medicines…")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(0);
  await expect(tabBar(page).getByRole("link", { name: "History", exact: true })).toHaveAttribute("aria-current", "page");
});

test("the app takes the shell's place without moving anything", async ({ page }) => {
  await withoutApp(page);
  await page.goto("/");
  const shell = await boxes(page);
  expect(shell.every(Boolean)).toBe(true);
  await page.unroute("**/*.wasm");
  await openApp(page);
  expect(await boxes(page)).toEqual(shell);
});

test("someone returning sees a placeholder as tall as their Today was", async ({ page }) => {
  await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  const drawn = await today.region.boundingBox();
  // Leaving the page (it becomes hidden) is when the shell notes the height.
  await page.goto("about:blank");
  await withoutApp(page);
  await page.goto("/");
  await expect(page.getByText("No medicines yet")).toBeHidden();
  await expect(today.region.getByText("Loading your medicines…")).toBeVisible();
  const placeholder = await today.region.boundingBox();
  expect(Math.abs(placeholder.height - drawn.height)).toBeLessThanOrEqual(1);
  await page.unroute("**/*.wasm");
  await page.reload();
  await appStarted(page);
  await expect(today.region.getByRole("listitem").first()).toBeVisible();
});
