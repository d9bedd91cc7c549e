// The frame around every screen: opening the app, the tab bar (four places and More), whose medicines are shown,
// and the screen's own heading.
import { expect } from "@playwright/test";

/** Opens the app and waits until storage has loaded; returns the page errors and console errors seen. */
export async function openApp(page, path = "/") {
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(path);
  await appStarted(page);
  return problems;
}

/** Waits until the app has replaced the static shell: the skip link is the app's own (the shell has none), and
 * the app shows itself only once Today has its records. */
export async function appStarted(page) {
  await expect(page.getByRole("link", { name: /^(Skip to content|Saltar al contenido)$/ })).toBeVisible();
}

/** The tab bar, in either language. */
export function tabBar(page) {
  return page.getByRole("navigation", { name: /^(Main|Principal)$/ });
}

/** Goes to a place through the tab bar, opening More for the places it holds (People, Settings, Stories). */
export async function goTo(page, place) {
  const nav = tabBar(page);
  const tab = nav.getByRole("link", { name: place, exact: true });
  if (!(await tab.isVisible())) await nav.getByRole("button", { name: /^(More|Más)$/ }).click();
  await tab.click();
}

/** The person switcher in the header: whose medicines every screen shows. (Its label wraps it, so the label's
 * text goes on with the names of the options: the match is not exact.) */
export function switcher(page, label = "Showing") {
  return page.getByLabel(label);
}

/** The heading of the screen shown. */
export function screenHeading(page) {
  return page.getByRole("heading", { level: 1 });
}
