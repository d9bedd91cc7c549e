// Browser benchmark for sync (issue 11), on the release build and the release tend-server on loopback, in headless
// Debian Chromium. Device A imports five years of history for 12 medicines and turns sync on (the phrase shown
// and checked, as a person does); device B, a fresh browser context, joins with the phrase. It reports
//   - A turning sync on: from the last click to "Last synced" with nothing waiting (every record sealed and
//     pushed; the key derivation included),
//   - B's first sync: from the click on "Join" to "Last synced" (the key derivation, then every record pulled,
//     opened, merged and stored; goal under 15 s),
//   - a dose taken on A until B's Today shows it taken (push, poke, pull; goal under 1 s), `runs` times, the dose
//     undone between runs.
// Usage: bash scripts/build.sh && node scripts/bench-sync.mjs [runs]   (see BENCHMARKS.md)
import { chromium } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fiveYears } from "./history.mjs";
import { startServer } from "./server.mjs";
import { SyncSettings } from "../tests/e2e/pages/settings.mjs";

const runs = Number(process.argv[2] || 5);
const port = 4181;
const base = `http://127.0.0.1:${port}`;
const dir = mkdtempSync(join(tmpdir(), "tend-bench-sync-"));
const { path: backup, text: generated } = fiveYears(dir);

const server = await startServer("dist", port);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
try {
  const device = async () => {
    const context = await browser.newContext({ viewport: { width: 412, height: 915 }, timezoneId: "Europe/London", baseURL: base });
    const page = await context.newPage();
    await page.goto("/settings");
    return { page, sync: new SyncSettings(page) };
  };
  const a = await device();
  await a.page.getByLabel("Import a backup file").setInputFiles(backup, { timeout: 60_000 });
  await a.page.getByRole("status").filter({ hasText: "Backup imported." }).waitFor({ timeout: 120_000 });
  await a.sync.open();
  let clicked;
  const phrase = await a.sync.turnOn("A", { beforeConfirm: () => (clicked = performance.now()), timeout: 300_000 });
  const turnOn = performance.now() - clicked;
  const events = JSON.parse(generated).dose_events.length;
  console.log(`A: ${events} dose events; turning sync on (derive, seal, push everything): ${seconds(turnOn)}`);

  const b = await device();
  await b.sync.open();
  const joined = performance.now();
  await b.sync.join("B", phrase);
  // The first count received marks the end of the key derivation and joining (polled: within 50 ms).
  await b.sync.status.filter({ hasText: /changes received/ }).waitFor({ timeout: 60_000 });
  const receiving = performance.now();
  await b.sync.expectSynced(300_000);
  const done = performance.now();
  console.log(`B: first sync of five years: ${seconds(done - joined)} (goal 15 s): derive and join ${seconds(receiving - joined)}, then pull, open, merge, store ${seconds(done - receiving)}`);

  const doses = [];
  const todayOf = (page) => page.getByRole("region", { name: "Today", exact: true });
  await a.page.goto("/");
  await b.page.goto("/");
  for (let run = 0; run < runs; run++) {
    const taken = todayOf(a.page).getByRole("button", { name: "Taken", exact: true }).first();
    const summary = todayOf(b.page).getByText(/doses still to take/);
    const before = await summary.textContent();
    const start = performance.now();
    await taken.click();
    await summary.filter({ hasNotText: before }).waitFor({ timeout: 10_000 });
    doses.push(performance.now() - start);
    await todayOf(a.page).getByRole("button", { name: "Undo" }).click();
    await summary.filter({ hasText: before }).waitFor({ timeout: 10_000 });
  }
  doses.sort((x, y) => x - y);
  const all = doses.map((d) => d.toFixed(0)).join(", ");
  console.log(`a dose taken on A shown on B: median ${doses[Math.floor(runs / 2)].toFixed(0)} ms (goal 1,000 ms) [${all}]`);
} finally {
  await browser.close();
  server.kill();
}
