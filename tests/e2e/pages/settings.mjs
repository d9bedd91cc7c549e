// Settings and People as a person uses them: the language, backups in and out, deleting a person's data, the
// calendar file; adding people and choosing whose medicines are shown. Found by role, label and visible text.
import { expect } from "@playwright/test";
import { goTo } from "./app.mjs";

export class SettingsPage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 1, name: "Settings" });
    this.importFile = page.getByLabel("Import a backup file");
    this.problems = page.getByRole("alert").filter({ hasText: "This file was not imported" });
  }

  async open() {
    await goTo(this.page, "Settings");
    await expect(this.heading).toBeVisible();
  }

  /** A message in one of the screen's live regions. */
  status(text) {
    return this.page.getByRole("status").filter({ hasText: text });
  }

  /** "en" or "es" (from either language). */
  async setLanguage(code) {
    await this.page.getByLabel(/^(Language|Idioma)$/).selectOption(code);
  }

  /** Exports a backup; returns the download. */
  async exportBackup() {
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page.getByRole("button", { name: "Export a backup file" }).click(),
    ]);
    return download;
  }

  /** Imports a file (a path, or Playwright's { name, mimeType, buffer }). */
  async importBackup(file, options) {
    await this.importFile.setInputFiles(file, options);
  }

  async importAndWait(file) {
    await this.importBackup(file);
    await expect(this.status("Backup imported.")).toBeVisible();
  }

  /** Deletes everything of the person shown, confirming. */
  async deletePersonData() {
    await this.page.getByRole("button", { name: /^Delete all data of this person/ }).click();
    await this.page.getByRole("button", { name: /^Yes, delete everything for/ }).click();
    await expect(this.status("Deleted.")).toBeVisible();
  }

  async downloadCalendar() {
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page.getByRole("button", { name: "Download calendar file (.ics)" }).click(),
    ]);
    return download;
  }
}

export class PeoplePage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole("heading", { level: 1, name: "People" });
    this.region = page.getByRole("region", { name: "People", exact: true });
  }

  async open() {
    await goTo(this.page, "People");
    await expect(this.heading).toBeVisible();
  }

  person(name) {
    return this.region.getByRole("listitem").filter({ hasText: name });
  }

  async add(name) {
    await this.page.getByLabel("Name").fill(name);
    await this.page.getByRole("button", { name: "Add a person" }).click();
  }

  /** Shows only this person's medicines. */
  showButton(name) {
    return this.page.getByRole("button", { name: `Show ${name}` });
  }
}

/** Settings' sync section: turning sync on with a new recovery phrase, joining with one, what sync says. */
export class SyncSettings {
  constructor(page) {
    this.page = page;
    this.section = page.getByRole("region", { name: "Sync between your devices" });
    this.deviceName = this.section.getByLabel("Name of this device");
    this.phraseToJoin = this.section.getByLabel(/Type its recovery phrase/);
    this.status = this.section.getByRole("status");
    this.alert = this.section.getByRole("alert");
  }

  async open() {
    await new SettingsPage(this.page).open();
    await expect(this.section).toBeVisible();
  }

  /** Turns sync on as a person does: the phrase shown (`whileShown` runs then), two of its words typed back
   * (`beforeConfirm` runs just before the last click), then waits `timeout` ms for the first sync. Answers the
   * phrase. */
  async turnOn(name, { whileShown = async () => {}, beforeConfirm = () => {}, timeout } = {}) {
    await this.deviceName.fill(name);
    await this.section.getByRole("button", { name: "Turn on sync" }).click();
    const words = await this.section.getByRole("list", { name: "Recovery phrase" }).getByRole("listitem").allTextContents();
    expect(words).toHaveLength(12);
    await whileShown();
    for (const field of await this.section.getByLabel(/type word \d+/).all()) {
      const at = Number((await field.getAttribute("id")).replace("check-word-", ""));
      await field.fill(words[at - 1]);
    }
    beforeConfirm();
    await this.section.getByRole("button", { name: "Turn on sync" }).click();
    await this.expectSynced(timeout);
    return words.join(" ");
  }

  async join(name, phrase) {
    await this.deviceName.fill(name);
    await this.phraseToJoin.fill(phrase);
    await this.section.getByRole("button", { name: "Join with this phrase" }).click();
  }

  /** Opens a pairing on this device; answers the code it shows. */
  async offerPairing() {
    await this.section.getByRole("button", { name: "Add a device" }).click();
    const code = this.section.getByText(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expect(this.section.getByText(/^Pairing code: [0-9A-Z]{4}-[0-9A-Z]{4}$/)).toBeVisible();
    return code.textContent();
  }

  /** Types a pairing code on the new device and asks to join with it. */
  async typeCode(name, code) {
    await this.deviceName.fill(name);
    await this.section.getByLabel("Or type the pairing code your other device shows").fill(code);
    await this.section.getByRole("button", { name: "Join with this code" }).click();
  }

  /** Joins with a pairing code; answers the number the new device shows to compare. */
  async joinWithCode(name, code) {
    await this.typeCode(name, code);
    return this.shownNumber(/check that it shows this number/);
  }

  /** The eight-digit number a pairing shows in the status line matching `text`. */
  async shownNumber(text) {
    const line = this.status.filter({ hasText: text });
    await expect(line).toHaveText(/\d{4} \d{4}$/, { timeout: 10_000 });
    return (await line.textContent()).match(/(\d{4} \d{4})$/)[1];
  }

  /** The existing device, once the new one answered: answers the number it shows. */
  async numberToCompare() {
    return this.shownNumber(/It must be this one/);
  }

  /** The devices listed, as shown ("Tablet last seen …"). */
  devices() {
    return this.section.getByRole("list").filter({ hasText: /this device/ }).getByRole("listitem");
  }

  /** Removes a device, answering the question that follows. */
  async removeDevice(name) {
    await this.section.getByRole("button", { name: `Remove ${name}` }).click();
    await expect(this.section.getByRole("alert").filter({ hasText: `Remove ${name} from sync?` })).toBeVisible();
    await this.section.getByRole("button", { name: "Remove", exact: true }).click();
  }

  async syncNow() {
    await this.section.getByRole("button", { name: "Sync now" }).click();
  }

  async expectSynced(timeout = 20_000) {
    await expect(this.status).toHaveText(/Sync is on\. Last synced at/, { timeout });
  }
}
