// The medicine form as a person fills it in: the schedule and its preview first, the unit that follows the form,
// a colour and letter of its own for each medicine, numbered times, the rarer sections behind headings, and whose
// medicine it is when one device looks after several people.
import { test, expect } from "@playwright/test";
import { expectAccessible, shots, sidewaysOverflow } from "./helpers.mjs";
import { openApp, goTo, switcher } from "./pages/app.mjs";
import { MedicineForm, MedicinesPage } from "./pages/medicines.mjs";
import { TodayPage } from "./pages/today.mjs";
import { PeoplePage, SettingsPage } from "./pages/settings.mjs";

test("the preview shows as soon as there is a schedule, before a name is typed", async ({ page }) => {
  const problems = await openApp(page, "/medicines/new");
  const form = new MedicineForm(page);
  await expect(form.preview).toContainText(/Every day at 8:00\sAM/);
  await expect(form.nextDoses).toHaveCount(5);
  await form.fill({ howOften: "On chosen days of the week" });
  await expect(form.preview).not.toContainText("Every day");
  await form.field("Thu").check();
  await expect(form.preview).toContainText(/On Thursday at 8:00\sAM/);
  expect(problems).toEqual([]);
});

test("the unit follows the form, in the person's language, until the person types their own", async ({ page }) => {
  await openApp(page, "/medicines/new");
  const form = new MedicineForm(page);
  const unit = form.field("Counted in");
  await expect(unit).toHaveValue("tablets");
  for (const [label, counted] of [["Inhaler", "puffs"], ["Liquid", "ml"], ["Drops", "drops"], ["Capsule", "capsules"], ["Patch", "patches"], ["Cream", "applications"]]) {
    await form.field("Form").selectOption({ label });
    await expect(unit).toHaveValue(counted);
  }
  await unit.fill("sachets");
  await form.field("Form").selectOption({ label: "Tablet" });
  await expect(unit).toHaveValue("sachets");

  const settings = new SettingsPage(page);
  await settings.open();
  await settings.setLanguage("es");
  await goTo(page, "Medicinas");
  await page.getByRole("link", { name: "Añadir una medicina" }).click();
  await expect(page.getByLabel("Se cuenta en")).toHaveValue("comprimidos");
  for (const [label, counted] of [["Cápsula", "cápsulas"], ["Inhalador", "inhalaciones"], ["Gotas", "gotas"], ["Parche", "parches"]]) {
    await page.getByLabel("Forma", { exact: true }).selectOption({ label });
    await expect(page.getByLabel("Se cuenta en")).toHaveValue(counted);
  }
  await expect(page.getByLabel("1.ª hora")).toHaveValue("08:00");
});

test("times are numbered 1st, 2nd, 3rd", async ({ page }) => {
  await openApp(page, "/medicines/new");
  const form = new MedicineForm(page);
  await page.getByRole("button", { name: "Add a time" }).click();
  await page.getByRole("button", { name: "Add a time" }).click();
  await expect(form.field("1st time")).toHaveValue("08:00");
  await expect(form.field("2nd time")).toHaveValue("20:00");
  await expect(form.field("3rd time")).toBeVisible();
});

test("each new medicine gets a colour of its own and shows its first letter", async ({ page }) => {
  await openApp(page, "/medicines/new");
  const medicines = new MedicinesPage(page);
  const colours = [];
  for (const name of ["Amlodipine", "bisoprolol", "Calcium"]) {
    const form = colours.length ? await medicines.add() : new MedicineForm(page);
    colours.push(await form.field("Colour").inputValue());
    await form.fill({ name });
    await form.saveAndReturn();
  }
  expect(new Set(colours).size).toBe(3);
  for (const name of ["Amlodipine", "bisoprolol", "Calcium"]) {
    const badge = medicines.medicine(name).getByText(name[0], { exact: true });
    await expect(badge).toBeVisible();
    await expect(badge).toHaveCSS("text-transform", "uppercase");
  }
  await expectAccessible(page, "medicines-badges");
});

test("tapering, time zone, stock and reminders wait behind their headings, and open when they matter", async ({ page }) => {
  await openApp(page, "/medicines/new");
  const form = new MedicineForm(page);
  for (const heading of ["Tapering steps (optional)", "Time zone", "Stock (optional)", "Reminders"]) {
    await expect(page.getByText(heading, { exact: true })).toBeVisible();
  }
  const onHand = form.field("Units on hand now");
  const remindAgain = form.field("Remind again (times, 0 for never)");
  await expect(onHand).toBeHidden();
  await expect(remindAgain).toBeHidden();
  await form.toggleSection("Stock (optional)");
  await onHand.fill("a few");
  await form.toggleSection("Stock (optional)");
  await expect(onHand).toBeHidden();
  await form.fill({ name: "Statin" });
  await form.save();
  await expect(form.problems).toContainText("Units on hand now: enter a number, 0 or more");
  await expect(onHand).toBeVisible();
  await expect(remindAgain).toBeHidden();
  await expectAccessible(page, "medicine-form-problems");

  const today = new TodayPage(page);
  await today.open();
  await today.tryExample();
  const medicines = new MedicinesPage(page);
  await medicines.open();
  await medicines.edit("Blood pressure tablet");
  await expect(onHand).toHaveValue("28");
  await expect(remindAgain).toBeHidden();
  await expect(form.field("Follow the time where I am")).toBeHidden();
});

test("the form shows the stock left after the doses taken, and only a new figure is a new count", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-11-10T07:55:00") });
  await openApp(page);
  await new TodayPage(page).tryExample();
  const today = page.getByRole("group", { name: "Blood pressure tablet 10 mg" });
  await today.getByRole("button", { name: "Taken" }).click();
  await expect(today).toBeHidden();
  await goTo(page, "Medicines");
  const edit = page.getByRole("group", { name: "Blood pressure tablet 10 mg" }).getByRole("link", { name: "Edit" });
  const onHand = page.getByLabel("Units on hand now");
  await edit.click();
  await expect(onHand).toHaveValue("27");
  // Saved as shown: the count from before the dose stays, so the dose is not taken off twice.
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/medicines$/);
  await edit.click();
  await expect(onHand).toHaveValue("27");
  // A refill is a new count.
  await onHand.fill("60");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/medicines$/);
  await edit.click();
  await expect(onHand).toHaveValue("60");
});

test("a person added is shown at once, and the form says or asks whose medicine it is", async ({ page }) => {
  const problems = await openApp(page);
  const people = new PeoplePage(page);
  await people.open();
  await people.add("Ana");
  await expect(page.getByRole("status").filter({ hasText: "Ana was added, and Tend now shows Ana's medicines." })).toBeVisible();
  await expect(switcher(page).getByRole("option", { selected: true })).toHaveText("Ana");
  await expect(people.showButton("Ana")).toHaveAttribute("aria-pressed", "true");

  const medicines = new MedicinesPage(page);
  await medicines.open();
  let form = await medicines.add();
  await expect(page.getByText("For: Ana")).toBeVisible();
  await form.fill({ name: "Ana's inhaler" });
  await form.saveAndReturn();
  await expect(medicines.medicine("Ana's inhaler")).toBeVisible();

  await switcher(page).selectOption({ label: "Everyone" });
  form = await medicines.add();
  await expect(form.whose).toHaveValue("");
  await form.fill({ name: "Dad's statin" });
  await form.save();
  await expect(form.problems).toContainText("Choose whose medicine this is.");
  await expect(page).toHaveURL(/\/medicines\/new$/);
  await expectAccessible(page, "medicine-form-whose");
  await form.whose.selectOption({ label: "Me" });
  await form.saveAndReturn();
  await expect(medicines.medicine("Dad's statin")).toContainText("For: Me");
  await expect(medicines.medicine("Ana's inhaler")).toContainText("For: Ana");
  expect(problems).toEqual([]);
});

for (const width of [320, 390]) {
  test(`the medicine form at ${width} px shows name, strength, how often and when first`, async ({ page }) => {
    await page.setViewportSize({ width, height: 740 });
    await openApp(page);
    await new TodayPage(page).tryExample();
    const medicines = new MedicinesPage(page);
    await medicines.open();
    const form = await medicines.add();
    await form.fill({ name: "Levothyroxine sodium" });
    await page.screenshot({ path: `${shots}/medicine-form-${width}.png`, fullPage: true });
    // At 320 px the app's header takes two rows more, and the first time is just below.
    const firstScreen = ["Name", "Strength (as on the label)", "How often", ...(width > 320 ? ["1st time"] : [])];
    for (const label of firstScreen) {
      await expect(form.field(label)).toBeInViewport();
    }
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await expectAccessible(page, `medicine-form-${width}`);
  });
}

test("a course of a million days or a start in the year 3000 is refused in plain words, and nothing is saved", async ({ page }) => {
  await openApp(page, "/medicines/new");
  const form = new MedicineForm(page);
  await form.fill({ name: "Forever pill", courseDays: 1000000 });
  await expect(form.preview).not.toContainText("Every day");
  await form.save();
  await expect(form.problems).toContainText("Number of days: use a whole number from 1 to 3660.");
  await expect(page).toHaveURL(/\/medicines\/new$/);

  await form.field("Number of days").fill("7");
  await form.fill({ startDate: "3000-01-01" });
  await form.save();
  await expect(form.problems).toContainText("Start date: choose a date from 1900 to 2200.");
  await expect(form.problems).not.toContainText("Number of days");
  await expect(page).toHaveURL(/\/medicines\/new$/);

  await page.reload();
  const medicines = new MedicinesPage(page);
  await medicines.open();
  await expect(page.getByText("Forever pill")).toHaveCount(0);

  const settings = new SettingsPage(page);
  await settings.open();
  await settings.setLanguage("es");
  await goTo(page, "Medicinas");
  await page.getByRole("link", { name: "Añadir una medicina" }).click();
  await page.getByLabel("Nombre").fill("Pastilla eterna");
  await page.getByLabel("Tras un número de días").check();
  await page.getByLabel("Número de días", { exact: true }).fill("1000000");
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByRole("alert")).toContainText("Número de días: use un número entero entre 1 y 3660.");
});
