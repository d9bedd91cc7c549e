// History as a person uses it: doses taken as needed beside the scheduled ones, editors behind an Edit button
// that keep what is typed while the clock moves on, a calendar that says (not only colours) how each day went,
// and medicine names that wrap between words on small screens.
import { test, expect } from "@playwright/test";
import { openApp, loadExample, expectAccessible, goTo, shots } from "./helpers.mjs";

// A Tuesday morning: the example plan's 8:00 doses are due, its 20:00 dose is coming up.
const morning = new Date("2026-03-10T09:00:00");


async function takeReliever(page) {
  await page.locator(".dose", { hasText: "Reliever inhaler" }).getByRole("button", { name: "Take now" }).click();
  await expect(page.getByRole("region", { name: "As needed" }).getByRole("status")).toHaveText(/Taken/);
}

async function openHistory(page) {
  await goTo(page, "History");
  await expect(page.getByRole("heading", { level: 1, name: "History" })).toBeVisible();
  return page.getByRole("region", { name: /^Doses on this day/ });
}

/** Words of the text in `selector` drawn over two lines (broken inside the word). */
async function brokenWords(page, selector) {
  return page.evaluate((selector) => {
    const broken = [];
    for (const element of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of node.data.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(match[0]);
        }
      }
    }
    return broken;
  }, selector);
}

test("an as-needed dose is in the day's list with its time, and its time and notes can be corrected", async ({ page }) => {
  const problems = await openApp(page);
  await loadExample(page);
  await takeReliever(page);
  const day = await openHistory(page);
  const dose = day.getByRole("listitem").filter({ hasText: "Reliever inhaler" }).first();
  await expect(dose).toContainText("As needed");
  await expect(dose).toContainText(/Taken \d{1,2}:\d\d/);

  const edit = dose.getByRole("button", { name: /^Edit/ });
  await expect(edit).toHaveAttribute("aria-expanded", "false");
  await expect(dose.getByLabel("Change time taken")).toBeHidden();
  await edit.click();
  await expect(edit).toHaveAttribute("aria-expanded", "true");
  await dose.getByLabel("Change time taken").fill("00:05");
  await dose.getByRole("button", { name: "Save" }).first().click();
  await expect(dose).toContainText(/Taken 12:05\sAM \(corrected\)/);
  await expect(dose.getByLabel("Add a note")).toBeVisible();
  await dose.getByLabel("Add a note").fill("after climbing stairs");
  await dose.getByRole("button", { name: "Save" }).last().click();
  await expect(dose).toContainText("Note: after climbing stairs");

  const row = page.getByRole("row", { name: /Reliever inhaler/ });
  await expect(row).toContainText("used once");
  await expectAccessible(page, "history-as-needed");
  await page.reload();
  const reloaded = (await openHistory(page)).getByRole("listitem").filter({ hasText: "Reliever inhaler" }).first();
  await expect(reloaded).toContainText("Note: after climbing stairs");
  await expect(reloaded).toContainText("(corrected)");
  expect(problems).toEqual([]);
});

test("a note being typed survives the clock's tick, a status change and a save on another dose", async ({ page }) => {
  await page.clock.install({ time: morning });
  await openApp(page);
  await loadExample(page);
  await page.locator(".dose", { hasText: "Blood pressure tablet" }).getByRole("button", { name: "Taken" }).click();
  const day = await openHistory(page);
  const evening = day.getByRole("listitem").filter({ hasText: "8:00 PM" }).filter({ hasText: "Diabetes tablet" });
  await expect(evening).toContainText("Coming up");
  await evening.getByRole("button", { name: /^Edit/ }).click();
  // Not taken: only a note can be added.
  await expect(evening.getByLabel("Change time taken")).toHaveCount(0);
  await evening.getByLabel("Add a note").fill("felt dizzy after lunch");

  await page.clock.fastForward("00:31");
  await expect(evening.getByLabel("Add a note")).toHaveValue("felt dizzy after lunch");

  const tablet = day.getByRole("listitem").filter({ hasText: "Blood pressure tablet" });
  await tablet.getByRole("button", { name: /^Edit/ }).click();
  await expect(tablet.getByLabel("Change time taken")).toBeVisible();
  await tablet.getByLabel("Add a note").fill("with breakfast");
  await tablet.getByRole("button", { name: "Save" }).last().click();
  await expect(tablet).toContainText("Note: with breakfast");
  await expect(evening.getByLabel("Add a note")).toHaveValue("felt dizzy after lunch");

  // Eleven hours on, the evening dose is due: its status changes in place, and the typing stays.
  await page.clock.fastForward("11:00:00");
  await expect(evening).not.toContainText("Coming up");
  await expect(evening.getByRole("button", { name: /^Edit/ })).toHaveAttribute("aria-expanded", "true");
  await expect(evening.getByLabel("Add a note")).toHaveValue("felt dizzy after lunch");
});

test("the calendar has weekday headings and says how each day went in words and a symbol", async ({ page }) => {
  await page.clock.install({ time: morning });
  await openApp(page);
  await loadExample(page);
  await page.locator(".dose", { hasText: "Blood pressure tablet" }).getByRole("button", { name: "Taken" }).click();
  await openHistory(page);
  const calendar = page.locator(".calendar");
  for (const weekday of ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]) await expect(calendar.getByText(weekday, { exact: true })).toBeVisible();
  const today = page.getByRole("button", { name: /Tuesday, 10 March|Tuesday, March 10/ });
  await expect(today).toHaveAccessibleName(/all taken/);
  await expect(today).toContainText("✓");

  await goTo(page, "Today");
  const diabetes = page.locator(".dose", { hasText: "Diabetes tablet" }).first();
  await diabetes.getByRole("button", { name: "Skip", exact: true }).click();
  await diabetes.getByRole("button", { name: "Skip, no reason" }).click();
  await openHistory(page);
  await expect(today).toHaveAccessibleName(/some taken/);
  await expect(today).toContainText("½");

  await goTo(page, "Settings");
  await page.getByLabel("Language").selectOption("es");
  await goTo(page, "Historial");
  for (const weekday of ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"]) await expect(calendar.getByText(weekday, { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: /algunas tomadas, martes, 10 de marzo/ })).toBeVisible();
});

for (const width of [320, 390]) {
  test(`History at ${width} px: long names wrap between words, and screenshots`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await page.clock.install({ time: morning });
    await openApp(page);
    await loadExample(page);
    await page.locator(".dose", { hasText: "Blood pressure tablet" }).getByRole("button", { name: "Taken" }).click();
    await takeReliever(page);
    await goTo(page, "Medicines");
    await page.getByRole("link", { name: "Add a medicine" }).click();
    await page.getByLabel("Name").fill("Metformin hydrochloride prolonged release");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page).toHaveURL(/\/medicines$/);
    const day = await openHistory(page);
    await expect(day.getByRole("listitem").filter({ hasText: "Reliever inhaler" })).toBeVisible();
    await expect(page.getByRole("row", { name: /Metformin/ })).toBeVisible();
    await expect(page.getByRole("button", { name: /all taken, Tuesday/ })).toBeVisible();
    await day.getByRole("listitem").filter({ hasText: "Reliever inhaler" }).getByRole("button", { name: /^Edit/ }).click();
    await page.screenshot({ path: `${shots}/history-as-needed-${width}.png`, fullPage: true });
    expect(await brokenWords(page, "#screen-host .dose-name, #screen-host .adherence th, #screen-host .adherence td")).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await goTo(page, "Medicines");
    expect(await brokenWords(page, "#screen-host .dose-name")).toEqual([]);
  });
}
