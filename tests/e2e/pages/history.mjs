// History as a person uses it: the month's calendar (each day a button that names how it went), the chosen day's
// doses with their editors behind Edit, and the adherence table. Found by role, label and visible text.
import { expect } from "@playwright/test";
import { goTo } from "./app.mjs";

export class HistoryPage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 1, name: "History" });
    this.region = page.getByRole("region", { name: "History", exact: true });
    /** The chosen day's doses. */
    this.day = page.getByRole("region", { name: /^Doses on this day/ });
    this.adherence = page.getByRole("table");
  }

  async open() {
    await goTo(this.page, "History");
    await expect(this.heading).toBeVisible();
  }

  /** A dose of the chosen day; `time` as shown ("8:00 PM") to tell one medicine's doses apart. */
  dose(name, time) {
    const item = this.day.getByRole("listitem").filter({ hasText: name });
    return new HistoryDose(time ? item.filter({ hasText: time }) : item.first());
  }

  /** A day in the calendar: its button is named by the count, how the day went and the full date. */
  calendarDay(name) {
    return this.page.getByRole("button", { name });
  }

  /** A weekday heading over the calendar ("Mon"), for the eye only. */
  weekday(short) {
    return this.region.getByText(short, { exact: true });
  }

  /** A medicine's row in the adherence table. */
  row(name) {
    return this.adherence.getByRole("row", { name });
  }
}

export class HistoryDose {
  constructor(item) {
    this.item = item;
    this.edit = item.getByRole("button", { name: /^Edit/ });
    this.time = item.getByLabel("Change time taken");
    this.note = item.getByLabel("Add a note");
  }

  async openEditor() {
    await this.edit.click();
  }

  /** Corrects the time a dose was taken ("07:45"), with the Save beside the time (the editor's first). */
  async changeTime(time) {
    await this.time.fill(time);
    await this.item.getByRole("button", { name: "Save" }).first().click();
  }

  /** Adds a note, with the Save beside it (the editor's last). */
  async addNote(text) {
    await this.note.fill(text);
    await this.item.getByRole("button", { name: "Save" }).last().click();
  }
}
