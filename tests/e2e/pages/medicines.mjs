// Medicines and the medicine form as a person uses them: the lists by state (Active, Paused, Ended), each
// medicine's Edit, Pause, Resume and End, and the form with its plain-language preview. Found by role, label and
// visible text.
import { expect } from "@playwright/test";
import { goTo } from "./app.mjs";

export class MedicinesPage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 1, name: "Medicines" });
    this.region = page.getByRole("region", { name: "Medicines", exact: true });
  }

  async open() {
    await goTo(this.page, "Medicines");
    await expect(this.heading).toBeVisible();
  }

  /** Opens the form for a new medicine. */
  async add() {
    await this.page.getByRole("link", { name: "Add a medicine" }).click();
    const form = new MedicineForm(this.page);
    await expect(form.field("Name")).toBeVisible();
    return form;
  }

  /** A medicine in any of the lists. */
  medicine(name) {
    return this.region.getByRole("listitem").filter({ hasText: name });
  }

  /** The list of medicines in one state: "Active", "Paused" or "Ended". */
  list(state) {
    return this.region.getByRole("list", { name: state, exact: true });
  }

  /** A medicine's buttons and links, in the group its name labels. */
  actions(name) {
    return this.region.getByRole("group", { name });
  }

  /** Opens Medicines and the form of `name`. */
  async openAndEdit(name) {
    await this.open();
    return this.edit(name);
  }

  async edit(name) {
    await this.actions(name).getByRole("link", { name: "Edit" }).click();
    const form = new MedicineForm(this.page);
    await expect(form.field("Name")).toHaveValue(name);
    return form;
  }

  /** Pause, Resume or End. */
  async change(name, action) {
    await this.actions(name).getByRole("button", { name: action, exact: true }).click();
  }
}

/** The medicine form, for a new medicine or an edit. */
export class MedicineForm {
  constructor(page) {
    this.page = page;
    this.preview = page.getByRole("region", { name: "Preview" });
    /** The schedule in words: "Every day at 8:00 AM". */
    this.previewText = this.preview.getByRole("paragraph");
    this.nextDoses = this.preview.getByRole("listitem");
    this.problems = page.getByRole("alert");
    this.whose = page.getByLabel("Whose medicine is it?");
  }

  async open() {
    await this.page.goto("/medicines/new");
    await expect(this.field("Name")).toBeVisible();
  }

  field(label) {
    return this.page.getByLabel(label, { exact: true });
  }

  /** Fills what is given: name, strength, howOften (the option's words), startDate, courseDays, condition. */
  async fill({ name, strength, howOften, startDate, courseDays, condition }) {
    if (name !== undefined) await this.field("Name").fill(name);
    if (strength !== undefined) await this.field("Strength (as on the label)").fill(strength);
    if (howOften !== undefined) await this.field("How often").selectOption({ label: howOften });
    if (courseDays !== undefined) {
      await this.field("After a number of days").check();
      await this.field("Number of days").fill(String(courseDays));
    }
    if (startDate !== undefined) await this.field("Start date").fill(startDate);
    if (condition !== undefined) await this.page.getByLabel("What is it for?").selectOption(condition);
  }

  /** Opens or closes one of the rarer sections ("Stock (optional)", "Tapering steps (optional)", …). */
  async toggleSection(title) {
    await this.page.getByText(title, { exact: true }).click();
  }

  async save() {
    await this.page.getByRole("button", { name: "Save" }).click();
  }

  /** Saves and waits for the list of medicines. */
  async saveAndReturn() {
    await this.save();
    await expect(this.page).toHaveURL(/\/medicines$/);
    return new MedicinesPage(this.page);
  }
}
