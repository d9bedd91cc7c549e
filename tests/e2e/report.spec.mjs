// The doctor-visit report, as a person brings it to an appointment: reached from History, with the medicines and
// their schedules in words, how doses were taken, when they were missed, and the side effects noted; readable at
// 320 px, light and dark; printed to PDF on A4 and Letter without the app's frame.
import { test, expect } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { expectAccessible, shots, sidewaysOverflow } from "./helpers.mjs";
import { goTo, openApp } from "./pages/app.mjs";
import { HistoryPage } from "./pages/history.mjs";
import { TodayPage } from "./pages/today.mjs";

test("the report for a doctor lists the medicines, how doses went and the side effects noted, and prints cleanly", async ({ page }) => {
  // A Tuesday night: the blood pressure tablet taken, the example's 8 AM diabetes dose missed.
  await page.clock.install({ time: new Date("2026-11-10T07:55:00") });
  const problems = await openApp(page);
  const today = new TodayPage(page);
  await today.tryExample();
  await today.take("Blood pressure tablet");
  await page.clock.fastForward("14:00:00");

  const history = new HistoryPage(page);
  await history.open();
  const dose = history.dose("Blood pressure tablet");
  await dose.openEditor();
  await dose.item.getByLabel("This is a side effect").check();
  await dose.addNote("dizzy when standing up");

  // What matters, a check-in and two blood pressure readings, from My health.
  await goTo(page, "My health");
  const goals = page.getByRole("region", { name: "What matters to me" });
  await goals.getByLabel("In your own words").fill("Keep gardening");
  await goals.getByRole("group", { name: "The medicines it is about (optional)" }).getByRole("checkbox", { name: "Blood pressure tablet" }).check();
  await goals.getByRole("button", { name: "Add" }).click();
  await expect(goals.getByRole("listitem")).toContainText(["Keep gardening · Blood pressure tablet"]);
  const checkIn = page.getByRole("region", { name: "Check in" });
  await checkIn.getByRole("radio", { name: "2 · Low" }).check();
  await checkIn.getByRole("checkbox", { name: "Poor sleep" }).check();
  await checkIn.getByLabel("Anything else, in your own words").fill("Woke up twice");
  await checkIn.getByRole("button", { name: "Save check-in" }).click();
  const log = page.getByRole("region", { name: "Log a measurement" });
  for (const [upper, lower] of [["150", "95"], ["130", "85"]]) {
    await log.getByLabel("Upper number (systolic)").fill(upper);
    await log.getByLabel("Lower number (diastolic)").fill(lower);
    await log.getByRole("button", { name: "Save measurement" }).click();
    await expect(log.getByRole("alert")).toBeEmpty();
  }
  await expect(page.getByRole("region", { name: "Recent measurements" }).getByRole("listitem")).toHaveCount(2);
  await history.open();
  await page.getByRole("link", { name: "Report for your doctor" }).click();

  const report = page.getByRole("region", { name: "Report for your doctor" });
  await expect(report.getByRole("heading", { level: 1 })).toHaveText("Report for your doctor");
  await expect(report).toContainText(/For everyone on this device, made on (Nov 10, 2026|10 Nov 2026)\./);
  const medicines = report.getByRole("region", { name: "Medicines" });
  await expect(medicines.getByRole("listitem").filter({ hasText: "Blood pressure tablet" })).toContainText("Every day");
  const taking = report.getByRole("table").first();
  await expect(taking.getByRole("row", { name: /Blood pressure tablet/ })).toContainText("100%");
  const misses = report.getByRole("region", { name: "Doses missed or skipped in the last 90 days" });
  const byTime = misses.getByRole("table", { name: "By time of day" });
  await expect(byTime.getByRole("rowheader")).toHaveText(["Night", "Morning", "Afternoon", "Evening"]);
  await expect(byTime.getByRole("cell")).toHaveText(["0", "1", "0", "0"]);
  const byDay = misses.getByRole("table", { name: "By day of the week" });
  await expect(byDay.getByRole("rowheader")).toHaveText(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]);
  await expect(byDay.getByRole("cell")).toHaveText(["0", "1", "0", "0", "0", "0", "0"]);
  await expect(report.getByRole("region", { name: "Side effects noted in the last 90 days" })).toContainText("Blood pressure tablet: dizzy when standing up");
  await expect(report.getByRole("region", { name: "What matters to me" })).toContainText(/Keep gardening \(since (Nov 10, 2026|10 Nov 2026)\) · Blood pressure tablet/);
  await expect(report.getByRole("region", { name: "Measurements in the last 90 days" }).getByRole("listitem")).toHaveText([
    /^Blood pressure\. Readings: 2\. Average 140\/90 mmHg; lowest 130\/85 mmHg; highest 150\/95 mmHg; latest 130\/85 mmHg, on (Nov 10, 2026|10 Nov 2026)\.$/,
  ]);
  const felt = report.getByRole("region", { name: "How I have felt in the last 90 days" });
  await expect(felt).toContainText("Check-ins: 1.");
  await expect(felt).toContainText("Average mood: 2 out of 5");
  await expect(felt).toContainText("Symptoms ticked, and how often: Poor sleep (1).");
  await expect(felt.getByRole("listitem")).toHaveText([/Woke up twice$/]);
  await expect(report).toContainText("ask them before you change how you take a medicine");

  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectAccessible(page, `report-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
  for (const width of [320, 390]) {
    await page.setViewportSize({ width, height: 800 });
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${shots}/report-${width}.png`, fullPage: true });
  }

  // Printed: no tab bar, header or Print button; the report itself whole.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation")).toBeHidden();
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(report.getByRole("heading", { level: 1 })).toBeVisible();
  await page.screenshot({ path: `${shots}/report-print.png`, fullPage: true });
  for (const format of ["A4", "Letter"]) {
    const pdf = await page.pdf({ format, printBackground: false });
    writeFileSync(`${shots}/report-${format}.pdf`, pdf);
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(3);
  }
  expect(problems).toEqual([]);
});
