// Sync between two devices (two browser contexts, each its own storage) through the real tend-server that
// serves the app: turning sync on with the phrase shown and checked, joining with it, a dose logged on one device
// seen on the other within two seconds, a wrong phrase told plainly, and a server database that holds no names.
import { test, expect } from "@playwright/test";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { expectAccessible, shots, sidewaysOverflow } from "./helpers.mjs";
import { openApp } from "./pages/app.mjs";
import { SyncSettings } from "./pages/settings.mjs";
import { TodayPage } from "./pages/today.mjs";

test("a dose logged on one device shows on the other within two seconds, and the server keeps no names", async ({ browser }) => {
  test.setTimeout(90_000);
  // A morning: the example plan's 8:00 doses are still to take.
  const devices = [];
  for (let i = 0; i < 2; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install({ time: new Date("2026-11-10T07:55:00") });
    devices.push({ context, page, problems: await openApp(page) });
  }
  const [phone, tablet] = devices;
  await new TodayPage(phone.page).tryExample();

  const phoneSync = new SyncSettings(phone.page);
  await phoneSync.open();
  await expectAccessible(phone.page, "settings-sync-off");
  const phrase = await phoneSync.turnOn("Phone of Ana", async () => {
    await expectAccessible(phone.page, "settings-sync-phrase");
    await phone.page.setViewportSize({ width: 320, height: 740 });
    expect(await sidewaysOverflow(phone.page)).toBeLessThanOrEqual(0);
    await phone.page.screenshot({ path: `${shots}/settings-sync-phrase-320.png` });
    await phone.page.setViewportSize({ width: 360, height: 740 });
  });
  await expectAccessible(phone.page, "settings-sync-on");

  const tabletSync = new SyncSettings(tablet.page);
  await tabletSync.open();
  await tabletSync.join("Tablet", phrase);
  await tabletSync.expectSynced();

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

  // What the server stored: sealed records and sealed device names only.
  const data = process.env.TEND_E2E_DATA;
  const files = ["tend.sqlite3", "tend.sqlite3-wal"].map((f) => join(data, f)).filter(existsSync);
  const dump = Buffer.concat(files.map((f) => readFileSync(f))).toString("latin1");
  expect(dump.length).toBeGreaterThan(0);
  for (const secret of ["Blood pressure", "Diabetes", "Reliever", "Phone of Ana", "Tablet", ...phrase.split(" ").filter((w) => w.length > 4)]) {
    expect(dump.includes(secret), `the server's database holds "${secret}"`).toBe(false);
  }
  for (const device of devices) {
    expect(device.problems).toEqual([]);
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
