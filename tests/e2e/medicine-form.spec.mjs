// The medicine form as a person fills it in: the schedule and its preview first, the unit that follows the form,
// a colour and letter of its own for each medicine, numbered times, the rarer sections behind headings, and whose
// medicine it is when one device looks after several people.
import { test, expect } from "@playwright/test";
import { openApp, loadExample, expectAccessible, goTo, shots } from "./helpers.mjs";


async function addPerson(page, name) {
  await goTo(page, "People");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Add a person" }).click();
}

test("the preview shows as soon as there is a schedule, before a name is typed", async ({ page }) => {
  const problems = await openApp(page, "/medicines/new");
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview).toContainText(/Every day at 8:00\sAM/);
  await expect(preview.getByRole("listitem")).toHaveCount(5);
  await page.getByLabel("How often").selectOption({ label: "On chosen days of the week" });
  await expect(preview).not.toContainText("Every day");
  await page.getByLabel("Thu", { exact: true }).check();
  await expect(preview).toContainText(/On Thursday at 8:00\sAM/);
  expect(problems).toEqual([]);
});

test("the unit follows the form, in the person's language, until the person types their own", async ({ page }) => {
  await openApp(page, "/medicines/new");
  const unit = page.getByLabel("Counted in");
  const form = page.getByLabel("Form", { exact: true });
  await expect(unit).toHaveValue("tablets");
  for (const [label, counted] of [["Inhaler", "puffs"], ["Liquid", "ml"], ["Drops", "drops"], ["Capsule", "capsules"], ["Patch", "patches"], ["Cream", "applications"]]) {
    await form.selectOption({ label });
    await expect(unit).toHaveValue(counted);
  }
  await unit.fill("sachets");
  await form.selectOption({ label: "Tablet" });
  await expect(unit).toHaveValue("sachets");

  await goTo(page, "Settings");
  await page.getByLabel("Language").selectOption("es");
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
  await page.getByRole("button", { name: "Add a time" }).click();
  await page.getByRole("button", { name: "Add a time" }).click();
  await expect(page.getByLabel("1st time")).toHaveValue("08:00");
  await expect(page.getByLabel("2nd time")).toHaveValue("20:00");
  await expect(page.getByLabel("3rd time")).toBeVisible();
});

test("each new medicine gets a colour of its own and shows its first letter", async ({ page }) => {
  await openApp(page, "/medicines/new");
  const colours = [];
  for (const name of ["Amlodipine", "bisoprolol", "Calcium"]) {
    if (colours.length) await page.getByRole("link", { name: "Add a medicine" }).click();
    colours.push(await page.getByLabel("Colour").inputValue());
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page).toHaveURL(/\/medicines$/);
  }
  expect(new Set(colours).size).toBe(3);
  for (const name of ["Amlodipine", "bisoprolol", "Calcium"]) {
    const badge = page.getByRole("listitem").filter({ hasText: name }).getByText(name[0], { exact: true });
    await expect(badge).toBeVisible();
    await expect(badge).toHaveCSS("text-transform", "uppercase");
  }
  await expectAccessible(page, "medicines-badges");
});

test("tapering, time zone, stock and reminders wait behind their headings, and open when they matter", async ({ page }) => {
  await openApp(page, "/medicines/new");
  for (const heading of ["Tapering steps (optional)", "Time zone", "Stock (optional)", "Reminders"]) {
    await expect(page.getByText(heading, { exact: true })).toBeVisible();
  }
  await expect(page.getByLabel("Units on hand now")).toBeHidden();
  await expect(page.getByLabel("Remind again (times, 0 for never)")).toBeHidden();
  await page.getByText("Stock (optional)", { exact: true }).click();
  await page.getByLabel("Units on hand now").fill("a few");
  await page.getByText("Stock (optional)", { exact: true }).click();
  await expect(page.getByLabel("Units on hand now")).toBeHidden();
  await page.getByLabel("Name").fill("Statin");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert")).toContainText("Units on hand now: enter a number, 0 or more");
  await expect(page.getByLabel("Units on hand now")).toBeVisible();
  await expect(page.getByLabel("Remind again (times, 0 for never)")).toBeHidden();
  await expectAccessible(page, "medicine-form-problems");

  await goTo(page, "Today");
  await loadExample(page);
  await goTo(page, "Medicines");
  await page.getByRole("group", { name: /Blood pressure tablet/ }).getByRole("link", { name: "Edit" }).click();
  await expect(page.getByLabel("Units on hand now")).toHaveValue("28");
  await expect(page.getByLabel("Remind again (times, 0 for never)")).toBeHidden();
  await expect(page.getByLabel("Follow the time where I am")).toBeHidden();
});

test("the form shows the stock left after the doses taken, and only a new figure is a new count", async ({ page }) => {
  await openApp(page);
  await loadExample(page);
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
  await addPerson(page, "Ana");
  await expect(page.getByRole("status").filter({ hasText: "Ana was added, and Tend now shows Ana's medicines." })).toBeVisible();
  await expect(page.getByLabel("Showing").locator("option:checked")).toHaveText("Ana");
  await expect(page.getByRole("button", { name: "Show Ana" })).toHaveAttribute("aria-pressed", "true");

  await goTo(page, "Medicines");
  await page.getByRole("link", { name: "Add a medicine" }).click();
  await expect(page.getByText("For: Ana")).toBeVisible();
  await page.getByLabel("Name").fill("Ana's inhaler");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "Ana's inhaler" })).toBeVisible();

  await page.getByLabel("Showing").selectOption({ label: "Everyone" });
  await page.getByRole("link", { name: "Add a medicine" }).click();
  const whose = page.getByLabel("Whose medicine is it?");
  await expect(whose).toHaveValue("");
  await page.getByLabel("Name").fill("Dad's statin");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert")).toContainText("Choose whose medicine this is.");
  await expect(page).toHaveURL(/\/medicines\/new$/);
  await expectAccessible(page, "medicine-form-whose");
  await whose.selectOption({ label: "Me" });
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(/\/medicines$/);
  await expect(page.getByRole("listitem").filter({ hasText: "Dad's statin" })).toContainText("For: Me");
  await expect(page.getByRole("listitem").filter({ hasText: "Ana's inhaler" })).toContainText("For: Ana");
  expect(problems).toEqual([]);
});

for (const width of [320, 390]) {
  test(`the medicine form at ${width} px shows name, strength, how often and when first`, async ({ page }) => {
    await page.setViewportSize({ width, height: 740 });
    await openApp(page);
    await loadExample(page);
    await goTo(page, "Medicines");
    await page.getByRole("link", { name: "Add a medicine" }).click();
    await page.getByLabel("Name").fill("Levothyroxine sodium");
    await page.screenshot({ path: `${shots}/medicine-form-${width}.png`, fullPage: true });
    // At 320 px the app's header takes two rows more, and the first time is just below.
    const firstScreen = ["Name", "Strength (as on the label)", "How often", ...(width > 320 ? ["1st time"] : [])];
    for (const label of firstScreen) {
      await expect(page.getByLabel(label, { exact: true })).toBeInViewport();
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expectAccessible(page, `medicine-form-${width}`);
  });
}

test("a course of a million days or a start in the year 3000 is refused in plain words, and nothing is saved", async ({ page }) => {
  await openApp(page, "/medicines/new");
  await page.getByLabel("Name").fill("Forever pill");
  await page.getByLabel("After a number of days").check();
  await page.getByLabel("Number of days", { exact: true }).fill("1000000");
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview).not.toContainText("Every day");
  await page.getByRole("button", { name: "Save" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Number of days: use a whole number from 1 to 3660.");
  await expect(page).toHaveURL(/\/medicines\/new$/);

  await page.getByLabel("Number of days", { exact: true }).fill("7");
  await page.getByLabel("Start date").fill("3000-01-01");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(alert).toContainText("Start date: choose a date from 1900 to 2200.");
  await expect(alert).not.toContainText("Number of days");
  await expect(page).toHaveURL(/\/medicines\/new$/);

  await page.reload();
  await goTo(page, "Medicines");
  await expect(page.getByRole("heading", { level: 1, name: "Medicines" })).toBeVisible();
  await expect(page.getByText("Forever pill")).toHaveCount(0);

  await goTo(page, "Settings");
  await page.getByLabel("Language").selectOption("es");
  await goTo(page, "Medicinas");
  await page.getByRole("link", { name: "Añadir una medicina" }).click();
  await page.getByLabel("Nombre").fill("Pastilla eterna");
  await page.getByLabel("Tras un número de días").check();
  await page.getByLabel("Número de días", { exact: true }).fill("1000000");
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByRole("alert")).toContainText("Número de días: use un número entero entre 1 y 3660.");
});
