// Today as a person sees it: the day's doses under their times, the as-needed medicines, Undo, and the cards that
// come beside them (catch-up, the reminders and install offers, the suggested article). Everything is found by
// role, label and visible text.
import { expect } from "@playwright/test";
import { goTo } from "./app.mjs";
import { storedTexts } from "../helpers.mjs";

/** The words a dose's status is shown in (src/i18n.rs, English). */
const STATUS = /^(Coming up|Due now|Late|Missed|Snoozed|Taken|Taken late|Skipped)$/;

export class TodayPage {
  constructor(page) {
    this.page = page;
    this.region = page.getByRole("region", { name: "Today", exact: true });
    this.heading = page.getByRole("heading", { level: 1, name: "Today" });
    /** "2 of 3 doses still to take", or that nothing is due. */
    this.summary = this.region.getByText(/doses still to take|No doses are due today/);
    /** Today's live region: what the last tap did. */
    this.announcement = this.region.getByRole("status");
    this.emptyMessage = page.getByText("No medicines yet");
    this.asNeededRegion = page.getByRole("region", { name: "As needed", exact: true });
    this.catchUp = new CatchUpCard(page.getByRole("region", { name: "While Tend was closed" }));
    this.remindersOffer = page.getByRole("region", { name: "Reminders", exact: true });
    this.installOffer = page.getByRole("region", { name: "Install Tend" });
    this.suggestion = page.getByRole("region", { name: "Suggested for you" });
  }

  async open() {
    await goTo(this.page, "Today");
    await expect(this.heading).toBeVisible();
  }

  /** Loads the built-in example plan (blood pressure at 8:00, diabetes at 8:00 and 20:00, a reliever inhaler). */
  async tryExample() {
    await this.page.getByRole("button", { name: "Try an example plan" }).click();
    await expect(this.region.getByRole("listitem").first()).toBeVisible();
    // Stored too, not only shown (the write commits just after), so a test may reload or open another address;
    // where the browser stores nothing, shown is all there is.
    if (await this.page.evaluate(() => !window.indexedDB)) return;
    await expect.poll(async () => (await storedTexts(this.page, "medications")).length).toBeGreaterThan(0);
  }

  /** The times the day's doses are grouped under, in order. */
  times() {
    return this.region.getByRole("heading", { level: 2 }).allTextContents();
  }

  /** A scheduled dose of `name`; `time` as shown ("8:00 PM") when the medicine is due more than once today. */
  dose(name, time) {
    const within = time ? this.region.getByRole("region", { name: time, exact: true }) : this.region;
    return new ScheduledDose(within.getByRole("listitem").filter({ hasText: name }));
  }

  async take(name, time) {
    await this.dose(name, time).take();
  }

  async undo() {
    await this.region.getByRole("button", { name: "Undo" }).click();
  }

  /** An as-needed medicine's card. */
  asNeeded(name) {
    return new AsNeededDose(this.asNeededRegion.getByRole("listitem").filter({ hasText: name }));
  }
}

export class ScheduledDose {
  constructor(item) {
    this.item = item;
    /** The dose's status, the first status word in its card (its buttons come after it). */
    this.status = item.getByText(STATUS).filter({ visible: true }).first();
    this.buttons = item.getByRole("button");
    this.skipReasons = item.getByRole("group", { name: "Why skip? (optional)" });
    this.snoozeChoices = item.getByRole("group", { name: "Snooze for" });
  }

  button(name) {
    return this.item.getByRole("button", { name, exact: true });
  }

  async take() {
    await this.button("Taken").click();
  }

  /** Skip, then one of the reasons ("Ran out"), or none. */
  async skip(reason = "Skip, no reason") {
    await this.button("Skip").click();
    await this.skipReasons.getByRole("button", { name: reason }).click();
  }

  async snooze(minutes) {
    await this.button("Snooze").click();
    await this.snoozeChoices.getByRole("button", { name: `${minutes} min` }).click();
  }

  /** Taken, and nothing left to do: no buttons, the status says so. */
  async expectTaken() {
    await expect(this.buttons).toHaveCount(0);
    await expect(this.status).toHaveText(/^Taken/);
  }
}

export class AsNeededDose {
  constructor(item) {
    this.item = item;
    /** "Taken in the last 24 hours: 1 of at most 8, …" */
    this.use = item.getByText(/Taken in the last 24 hours/);
    this.warning = item.getByRole("alert");
  }

  async takeNow() {
    await this.item.getByRole("button", { name: "Take now" }).click();
  }

  async cancel() {
    await this.item.getByRole("button", { name: "Cancel" }).click();
  }
}

/** Doses that fell due while the app was closed, asked about on opening. */
export class CatchUpCard {
  constructor(region) {
    this.region = region;
    this.doses = region.getByRole("listitem");
  }

  dose(name) {
    return this.doses.filter({ hasText: name });
  }

  /** Records `name` as taken at `at` (a datetime-local value, "2026-11-10T08:20"). */
  async takenAt(name, at) {
    const dose = this.dose(name);
    await dose.getByLabel("Taken at").fill(at);
    await dose.getByRole("button", { name: "Taken at this time" }).click();
  }

  async skipFirst() {
    await this.doses.first().getByRole("button", { name: "Skip" }).click();
  }
}
