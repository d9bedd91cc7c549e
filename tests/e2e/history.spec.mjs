// History as a person uses it: doses taken as needed beside the scheduled ones, editors behind an Edit button
// that keep what is typed while the clock moves on, a calendar that says (not only colours) how each day went,
// and medicine names that wrap between words on small screens.
import { test, expect } from "@playwright/test";
import { expectAccessible, shots, sidewaysOverflow } from "./helpers.mjs";
import { openApp, goTo } from "./pages/app.mjs";
import { TodayPage } from "./pages/today.mjs";
import { HistoryPage } from "./pages/history.mjs";
import { MedicinesPage } from "./pages/medicines.mjs";
import { SettingsPage } from "./pages/settings.mjs";

// A Tuesday morning: the example plan's 8:00 doses are due, its 20:00 dose is coming up.
const morning = new Date("2026-03-10T09:00:00");

async function takeReliever(page) {
  const today = new TodayPage(page);
  await today.asNeeded("Reliever inhaler").takeNow();
  await expect(today.asNeededRegion.getByRole("status")).toHaveText(/Taken/);
}

async function openHistory(page) {
  const history = new HistoryPage(page);
  await history.open();
  return history;
}

/** Words of the text in `locator`'s elements drawn over two lines (broken inside the word). */
async function brokenWords(locator) {
  return locator.evaluateAll((elements) => {
    const broken = [];
    for (const element of elements) {
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
  });
}

test("an as-needed dose is in the day's list with its time, and its time and notes can be corrected", async ({ page }) => {
  // Morning, so the corrected time (just after midnight) is earlier today whenever the test runs.
  await page.clock.install({ time: new Date("2026-11-10T07:55:00") });
  const problems = await openApp(page);
  await new TodayPage(page).tryExample();
  await takeReliever(page);
  const history = await openHistory(page);
  const dose = history.dose("Reliever inhaler");
  await expect(dose.item).toContainText("As needed");
  await expect(dose.item).toContainText(/Taken \d{1,2}:\d\d/);

  await expect(dose.edit).toHaveAttribute("aria-expanded", "false");
  await expect(dose.time).toBeHidden();
  await dose.openEditor();
  await expect(dose.edit).toHaveAttribute("aria-expanded", "true");
  await dose.changeTime("00:05");
  await expect(dose.item).toContainText(/Taken 12:05\sAM \(corrected\)/);
  await expect(dose.note).toBeVisible();
  await dose.addNote("after climbing stairs");
  await expect(dose.item).toContainText("Note: after climbing stairs");

  await expect(history.row(/Reliever inhaler/)).toContainText("used once");
  await expectAccessible(page, "history-as-needed");
  await page.reload();
  const reloaded = (await openHistory(page)).dose("Reliever inhaler");
  await expect(reloaded.item).toContainText("Note: after climbing stairs");
  await expect(reloaded.item).toContainText("(corrected)");
  expect(problems).toEqual([]);
});

test("a note being typed survives the clock's tick, a status change and a save on another dose", async ({ page }) => {
  await page.clock.install({ time: morning });
  await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  await today.take("Blood pressure tablet");
  const history = await openHistory(page);
  const evening = history.dose("Diabetes tablet", "8:00 PM");
  await expect(evening.item).toContainText("Coming up");
  await evening.openEditor();
  // Not taken: only a note can be added.
  await expect(evening.time).toHaveCount(0);
  await evening.note.fill("felt dizzy after lunch");

  await page.clock.fastForward("00:31");
  await expect(evening.note).toHaveValue("felt dizzy after lunch");

  const tablet = history.dose("Blood pressure tablet");
  await tablet.openEditor();
  await expect(tablet.time).toBeVisible();
  await tablet.addNote("with breakfast");
  await expect(tablet.item).toContainText("Note: with breakfast");
  await expect(evening.note).toHaveValue("felt dizzy after lunch");

  // Eleven hours on, the evening dose is due: its status changes in place, and the typing stays.
  await page.clock.fastForward("11:00:00");
  await expect(evening.item).not.toContainText("Coming up");
  await expect(evening.edit).toHaveAttribute("aria-expanded", "true");
  await expect(evening.note).toHaveValue("felt dizzy after lunch");
});

test("the calendar has weekday headings and says how each day went in words and a symbol", async ({ page }) => {
  await page.clock.install({ time: morning });
  await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  await today.take("Blood pressure tablet");
  const history = await openHistory(page);
  for (const weekday of ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]) await expect(history.weekday(weekday)).toBeVisible();
  const tuesday = history.calendarDay(/Tuesday, 10 March|Tuesday, March 10/);
  await expect(tuesday).toHaveAccessibleName(/all taken/);
  await expect(tuesday).toContainText("✓");

  await today.open();
  await today.dose("Diabetes tablet", "8:00 AM").skip();
  await openHistory(page);
  await expect(tuesday).toHaveAccessibleName(/some taken/);
  await expect(tuesday).toContainText("½");

  const settings = new SettingsPage(page);
  await settings.open();
  await settings.setLanguage("es");
  await goTo(page, "Historial");
  const historial = page.getByRole("region", { name: "Historial", exact: true });
  for (const weekday of ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"]) await expect(historial.getByText(weekday, { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: /algunas tomadas, martes, 10 de marzo/ })).toBeVisible();
});

for (const width of [320, 390]) {
  test(`History at ${width} px: long names wrap between words, and screenshots`, async ({ page }) => {
    await page.setViewportSize({ width, height: 800 });
    await page.clock.install({ time: morning });
    await openApp(page);
    const today = new TodayPage(page);
    await today.tryExample();
    await today.take("Blood pressure tablet");
    await takeReliever(page);
    const medicines = new MedicinesPage(page);
    await medicines.open();
    const form = await medicines.add();
    await form.fill({ name: "Metformin hydrochloride prolonged release" });
    await form.saveAndReturn();
    const history = await openHistory(page);
    await expect(history.dose("Reliever inhaler").item).toBeVisible();
    await expect(history.row(/Metformin/)).toBeVisible();
    await expect(history.calendarDay(/all taken, Tuesday/)).toBeVisible();
    await history.dose("Reliever inhaler").openEditor();
    await page.screenshot({ path: `${shots}/history-as-needed-${width}.png`, fullPage: true });
    const table = history.adherence;
    const cells = table.getByRole("cell").or(table.getByRole("rowheader")).or(table.getByRole("columnheader"));
    expect(await brokenWords(history.day.getByRole("listitem").or(cells))).toEqual([]);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await medicines.open();
    expect(await brokenWords(medicines.region.getByRole("listitem"))).toEqual([]);
  });
}
