// "My health", as a person uses it: what matters to them in their own words (shown on Today), a check-in in a few
// taps, and measurements that are saved only once they read as plausible (a systolic of 1200 is called a typo,
// never saved); glucose typed in mmol/L is kept in mg/dL. Everything survives a reload, and the screen passes
// axe light and dark at 320 and 390 px.
import { test, expect } from "@playwright/test";
import { expectAccessible, shots, sidewaysOverflow, storedTexts } from "./helpers.mjs";
import { goTo, openApp } from "./pages/app.mjs";

test("goals, a check-in and measurements are saved, checked for typos and shown on Today", async ({ page }) => {
  const problems = await openApp(page);
  await goTo(page, "My health");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My health");

  // What matters: an empty goal is refused, one in the person's words is kept and shown on Today.
  const goals = page.getByRole("region", { name: "What matters to me" });
  await goals.getByRole("button", { name: "Add" }).click();
  await expect(goals.getByRole("alert")).toHaveText("Write what matters to you first.");
  await goals.getByLabel("In your own words").fill("Walk to the park with my grandchildren");
  await goals.getByLabel("A measurement that shows how it goes").selectOption({ label: "Blood pressure" });
  await goals.getByRole("button", { name: "Add" }).click();
  await expect(goals.getByRole("listitem")).toContainText("Walk to the park with my grandchildren · Blood pressure");

  // A check-in: nothing answered is said, not saved; a few taps are.
  const checkIn = page.getByRole("region", { name: "Check in" });
  await checkIn.getByRole("button", { name: "Save check-in" }).click();
  await expect(checkIn.getByRole("alert")).toHaveText("Answer at least one question first.");
  await checkIn.getByRole("radio", { name: "4 · Good" }).check();
  await checkIn.getByRole("checkbox", { name: "Headache" }).check();
  await checkIn.getByRole("group", { name: "Did you do what matters to you this week?" }).getByRole("radio", { name: "Yes" }).check();
  await checkIn.getByRole("button", { name: "Save check-in" }).click();
  await expect(page.getByText("Check-in saved.")).toBeVisible();
  await expect(checkIn.getByRole("radio", { name: "4 · Good" })).not.toBeChecked();

  // A typo is caught with the range in plain words, and nothing is saved until it is fixed.
  const log = page.getByRole("region", { name: "Log a measurement" });
  const recent = page.getByRole("region", { name: "Recent measurements" });
  await log.getByLabel("Upper number (systolic)").fill("1200");
  await log.getByLabel("Lower number (diastolic)").fill("84");
  await log.getByRole("button", { name: "Save measurement" }).click();
  await expect(log.getByRole("alert")).toContainText(
    "Upper number (systolic): that looks like a typo. A reading is between 50 and 300 mmHg; please check it.",
  );
  await expect(recent).toContainText("No measurements yet.");
  await log.getByLabel("Upper number (systolic)").fill("132");
  await log.getByLabel("Pulse (optional)").fill("71");
  await log.getByRole("button", { name: "Save measurement" }).click();
  await expect(recent.getByRole("listitem")).toContainText(["Blood pressure 132/84 mmHg, pulse 71"]);
  await expect(log.getByRole("alert")).toBeEmpty();

  // Glucose in mmol/L (chosen here; en-US starts on mg/dL) is kept in mg/dL: 5.5 mmol/L is 99.1 mg/dL.
  await log.getByLabel("What you measured").selectOption({ label: "Blood sugar" });
  await expect(log.getByRole("radio", { name: "mg/dL" })).toBeChecked();
  await log.getByRole("radio", { name: "mmol/L" }).check();
  await log.getByLabel("Blood sugar").fill("60");
  await log.getByRole("button", { name: "Save measurement" }).click();
  await expect(log.getByRole("alert")).toContainText("A reading is between 0.6 and 55.5 mmol/L");
  await log.getByLabel("Blood sugar").fill("5,5");
  await log.getByRole("button", { name: "Save measurement" }).click();
  await expect(recent.getByRole("listitem").first()).toContainText("Blood sugar 99.1 mg/dL");

  // The charts: each reading and the check-in's mood on the period's time axis, the goal marked, every chart
  // with its numbers as a table too.
  const charts = page.getByRole("region", { name: "How it goes" });
  await expect(charts.getByRole("img", { name: "Doses taken, week by week" })).toBeVisible();
  const pressure = charts.getByRole("figure").filter({ has: page.getByRole("img", { name: "Blood pressure" }) });
  await expect(pressure.getByRole("img")).toHaveAccessibleDescription(/^Blood pressure, .+ to .+\. Readings: 1; lowest 84, highest 132\.$/);
  await pressure.getByText("Show as a table").click();
  await expect(pressure.getByRole("table").getByRole("row").nth(1)).toContainText(/132\s*84/);
  await expect(charts.getByRole("img", { name: "Blood sugar" })).toBeVisible();
  await expect(charts.getByRole("img", { name: "Mood in check-ins" })).toHaveAccessibleDescription(/Check-ins: 1\.$/);
  await expect(charts.getByRole("listitem")).toContainText([/★1 .+ · Walk to the park with my grandchildren/]);
  const weekly = charts.getByRole("figure").filter({ has: page.getByRole("img", { name: "Doses taken, week by week" }) });
  await charts.getByRole("radio", { name: "365 days" }).check();
  await weekly.getByText("Show as a table").click();
  // A year is 53 weeks or 54 (counting the weeks it starts and ends in), each a row under the header.
  expect(await weekly.getByRole("row").count()).toBeGreaterThanOrEqual(54);
  await expect(weekly.getByRole("row").nth(1)).toContainText("no doses due");
  await charts.getByRole("radio", { name: "30 days" }).check();

  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await expectAccessible(page, `health-${scheme}`);
    await charts.screenshot({ path: `${shots}/charts-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: "light" });
  for (const width of [320, 390]) {
    await page.setViewportSize({ width, height: 800 });
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${shots}/health-${width}.png`, fullPage: true });
  }

  // Stored, and still there after a reload; Today shows the person's own why.
  expect((await storedTexts(page, "measurements")).length).toBe(2);
  await page.reload();
  await expect(page.getByRole("region", { name: "Recent measurements" }).getByRole("listitem")).toHaveCount(2);
  // A measurement typed by mistake can be deleted, after a question; "Keep it" keeps it.
  const recentAgain = page.getByRole("region", { name: "Recent measurements" });
  const sugar = recentAgain.getByRole("listitem").filter({ hasText: "Blood sugar" });
  await sugar.getByRole("button", { name: /^Delete\s?: Blood sugar 99\.1 mg\/dL$/ }).click();
  await sugar.getByRole("button", { name: "Keep it" }).click();
  await sugar.getByRole("button", { name: /^Delete/ }).click();
  await expect(sugar).toContainText("Delete this measurement?");
  await sugar.getByRole("button", { name: "Yes, delete it" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Measurement deleted." })).toBeVisible();
  await expect(recentAgain.getByRole("listitem")).toHaveText([/Blood pressure 132\/84 mmHg, pulse 71/]);
  await goTo(page, "Today");
  const why = page.getByRole("region", { name: "What matters to me" });
  await expect(why.getByRole("listitem")).toHaveText(["Walk to the park with my grandchildren"]);
  await why.getByRole("link", { name: /Check in/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My health");
  expect(problems).toEqual([]);
});
