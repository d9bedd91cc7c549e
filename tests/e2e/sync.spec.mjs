// Sync between two devices (two browser contexts, each its own storage) through the real tend-server that
// serves the app: turning sync on with the phrase shown and checked, adding a device with a pairing code or
// joining with the phrase, a dose logged on one device
// seen on the other within two seconds, changes made offline on both converging, a device removed, a wrong
// phrase told plainly, and a server database that holds no names.
import { test, expect } from "@playwright/test";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { expectAccessible, shots, sidewaysOverflow } from "./helpers.mjs";
import { openApp } from "./pages/app.mjs";
import { MedicinesPage } from "./pages/medicines.mjs";
import { SyncSettings } from "./pages/settings.mjs";
import { TodayPage } from "./pages/today.mjs";

/** Two devices (browser contexts) on a morning of the example plan, the phone's, in sync: the phone turns sync
 * on (`whileShown` runs while its phrase is shown), the tablet joins with the phrase, or `pair`s: then the phone
 * offers a pairing and `pair(phone, tablet, code)` adds the tablet. */
async function twoDevices(browser, { whileShown, pair } = {}) {
  const devices = [];
  for (let i = 0; i < 2; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install({ time: new Date("2026-11-10T07:55:00") });
    devices.push({ context, page, problems: await openApp(page) });
  }
  const [phone, tablet] = devices;
  await new TodayPage(phone.page).tryExample();
  phone.sync = new SyncSettings(phone.page);
  await phone.sync.open();
  const phrase = await phone.sync.turnOn("Phone of Ana", { whileShown: () => whileShown?.(phone.page) });
  tablet.sync = new SyncSettings(tablet.page);
  await tablet.sync.open();
  if (pair) await pair(phone, tablet, await phone.sync.offerPairing());
  else await tablet.sync.join("Tablet", phrase);
  await tablet.sync.expectSynced();
  return { phone, tablet, phrase };
}

/** What the page reported as errors, but the browser's own lines about requests that failed, which going
 * offline and a removed device's refused requests are meant to cause. */
function appProblems(device) {
  return device.problems.filter((p) => !/Failed to load resource|net::ERR_/.test(p));
}

test("a dose logged on one device shows on the other within two seconds, and the server keeps no names", async ({ browser }) => {
  test.setTimeout(90_000);
  const narrow = async (page, name) => {
    await expectAccessible(page, name);
    await page.setViewportSize({ width: 320, height: 740 });
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${shots}/${name}-320.png` });
    await page.setViewportSize({ width: 360, height: 740 });
  };
  const { phone, tablet, phrase } = await twoDevices(browser, {
    whileShown: (page) => narrow(page, "settings-sync-phrase"),
    // The tablet is added with the code the phone shows, as text and as a QR code of an address that fills it in.
    pair: async (phone, tablet, code) => {
      await expect(phone.sync.section.getByRole("img", { name: "The pairing code as a square to scan" })).toBeVisible();
      await narrow(phone.page, "settings-sync-pairing-code");
      const mistyped = code.replace(/^./, (c) => (c === "Z" ? "Y" : "Z"));
      await tablet.sync.typeCode("Tablet", mistyped);
      await expect(tablet.sync.alert.filter({ hasText: "That code was not found" })).toBeVisible();
      await tablet.page.goto(`/settings?pair=${code}`);
      await expect(tablet.sync.section.getByLabel("Or type the pairing code your other device shows")).toHaveValue(code);
      const shownThere = await tablet.sync.joinWithCode("Tablet", code);
      const shownHere = await phone.sync.numberToCompare();
      expect(shownThere).toBe(shownHere);
      await narrow(phone.page, "settings-sync-pairing-compare");
      await phone.sync.section.getByRole("button", { name: "They match: add the device" }).click();
      await expect(phone.sync.status.filter({ hasText: "The new device was added" })).toBeVisible();
    },
  });
  const devices = [phone, tablet];
  const [phoneSync, tabletSync] = [phone.sync, tablet.sync];
  await expectAccessible(phone.page, "settings-sync-on");

  const onTablet = new TodayPage(tablet.page);
  await onTablet.open();
  await expect(onTablet.dose("Blood pressure tablet").status).not.toHaveText("Taken");
  // The tablet's own first person, untouched, gave way to the phone's people: one person, not two.
  await expect(tablet.page.getByLabel("Showing").getByRole("option")).toHaveText(["Everyone", "Me"]);

  const onPhone = new TodayPage(phone.page);
  await onPhone.open();
  await onPhone.dose("Blood pressure tablet").take();
  const logged = Date.now();
  await expect(onTablet.dose("Blood pressure tablet").status).toHaveText("Taken", { timeout: 2_000 });
  console.log(`a dose logged on the phone was shown on the tablet after ${Date.now() - logged} ms`);

  // Both offline, a change on each; back online, both have both.
  for (const device of devices) await device.context.setOffline(true);
  await onPhone.dose("Diabetes tablet", "8:00 AM").take();
  await onTablet.dose("Diabetes tablet", "8:00 PM").skip();
  for (const device of devices) await device.context.setOffline(false);
  for (const today of [onPhone, onTablet]) {
    await expect(today.dose("Diabetes tablet", "8:00 AM").status).toHaveText("Taken", { timeout: 10_000 });
    await expect(today.dose("Diabetes tablet", "8:00 PM").status).toHaveText("Skipped", { timeout: 10_000 });
  }

  // What the server stored: sealed records and sealed device names only.
  const data = process.env.TEND_E2E_DATA;
  const files = ["tend.sqlite3", "tend.sqlite3-wal"].map((f) => join(data, f)).filter(existsSync);
  const dump = Buffer.concat(files.map((f) => readFileSync(f))).toString("latin1");
  expect(dump.length).toBeGreaterThan(0);
  // A phrase word that names a table or column (say "space") is in the schema, not a leak: those are left out.
  const schema = readFileSync(new URL("../../crates/server/src/migrations.rs", import.meta.url), "utf8").toLowerCase();
  const phraseWords = phrase.split(" ").filter((w) => w.length > 4 && !schema.includes(w));
  for (const secret of ["Blood pressure", "Diabetes", "Reliever", "Phone of Ana", "Tablet", phrase, ...phraseWords]) {
    expect(dump.includes(secret), `the server's database holds "${secret}"`).toBe(false);
  }
  // The phone sees both devices and removes the tablet, which is told at its next sync.
  await phoneSync.open();
  await expect(phoneSync.devices()).toHaveText([/^Phone of Ana \(this device\)/, /^Tablet last seen/]);
  await phoneSync.removeDevice("Tablet");
  await expect(phoneSync.devices()).toHaveText([/^Phone of Ana/, /^Tablet \(removed\)/]);
  await tabletSync.open();
  await tabletSync.syncNow();
  // Both the failed round and the device list, which the tablet can no longer read, may say so.
  await expect(tabletSync.alert.filter({ hasText: "This device was removed from sync" }).first()).toBeVisible();

  for (const device of devices) {
    expect(appProblems(device)).toEqual([]);
    await device.context.close();
  }
});

test("a medicine changed on two devices at once is shown, and the version kept wins everywhere", async ({ browser }) => {
  test.setTimeout(90_000);
  const { phone, tablet } = await twoDevices(browser);
  for (const device of [phone, tablet]) await device.context.setOffline(true);
  for (const [device, strength] of [[phone, "20 mg"], [tablet, "5 mg"]]) {
    const form = await new MedicinesPage(device.page).openAndEdit("Blood pressure tablet");
    await form.fill({ strength });
    await form.saveAndReturn();
  }
  // The phone's change reaches the server first; the tablet, sending its own second, finds the phone's.
  await phone.context.setOffline(false);
  await phone.sync.open();
  await phone.sync.expectSynced();
  await expect(phone.sync.status).not.toHaveText(/waiting/, { timeout: 10_000 });
  await tablet.context.setOffline(false);
  const choice = tablet.page.getByRole("region", { name: "Blood pressure tablet was changed on two devices" });
  await expect(choice).toBeVisible({ timeout: 10_000 });
  await expect(choice.getByRole("button", { name: "Keep this device's: Blood pressure tablet, 5 mg" })).toBeVisible();
  await expectAccessible(tablet.page, "sync-conflict");
  await choice.getByRole("button", { name: "Keep the other device's: Blood pressure tablet, 20 mg" }).click();
  await expect(choice).toHaveCount(0);
  for (const device of [phone, tablet]) {
    const medicines = new MedicinesPage(device.page);
    await medicines.open();
    await expect(medicines.medicine("Blood pressure tablet")).toContainText("20 mg", { timeout: 10_000 });
  }
  // Settled: what the tablet keeps of conflicts is empty, so a reload does not ask again.
  const kept = () =>
    tablet.page.evaluate(
      () =>
        new Promise((resolve) => {
          const open = indexedDB.open("tend");
          open.onsuccess = () => {
            const request = open.result.transaction("meta").objectStore("meta").get("sync_conflicts");
            request.onsuccess = () => resolve(request.result);
          };
        }),
    );
  await expect.poll(kept).toBe("[]");
  for (const device of [phone, tablet]) {
    expect(appProblems(device)).toEqual([]);
    await device.context.close();
  }
});

test("a wrong or mistyped phrase is told plainly and links nothing", async ({ page }) => {
  test.setTimeout(60_000);
  await openApp(page);
  const sync = new SyncSettings(page);
  await sync.open();
  await sync.join("Laptop", "abandon abandon abandon");
  await expect(sync.alert).toHaveText("A recovery phrase has 12 words; this has 3.");
  await sync.join("Laptop", "abandon ".repeat(11) + "abandno");
  await expect(sync.alert).toHaveText(/Word 12, “abandno”, is not a recovery phrase word/);
  await sync.join("Laptop", "abandon ".repeat(12));
  await expect(sync.alert).toHaveText(/not a recovery phrase together/);
  // A real phrase of no space on this server.
  await sync.join("Laptop", "abandon ".repeat(11) + "about");
  await expect(sync.alert).toHaveText(/No synced records were found for this phrase/, { timeout: 20_000 });
  await expect(sync.section.getByRole("button", { name: "Turn on sync" })).toBeVisible();
});
