// Browser benchmark for the brief's app budgets, on the release build in headless Debian Chromium:
// five years of history for 12 medicines is imported through Settings, then, over several reloads:
//   - navigation start to the data loaded from IndexedDB (the "tend-data-loaded" mark),
//   - data loaded to Today rendered (the "tend-today-rendered" mark; budget 100 ms),
//   - a tap on Taken to the screen changing (budget one frame, 16 ms),
//   - memory: JS heap and wasm linear memory.
// Usage: trunk build --release && node scripts/bench-app.mjs [runs]   (see BENCHMARKS.md)
import { chromium } from "@playwright/test";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const runs = Number(process.argv[2] || 5);
const port = 4180;
const dir = mkdtempSync(join(tmpdir(), "tend-bench-"));
const backup = join(dir, "five-years.json");

execFileSync("cargo", ["build", "--release", "-q", "-p", "tend-cli"], { stdio: "inherit" });
const generated = execFileSync("target/release/tend", ["generate", "--medicines", "12", "--days", "1826", "--tz", "Europe/London"], {
  maxBuffer: 1 << 30,
});
writeFileSync(backup, generated);
console.log(`backup: ${(generated.length / 1e6).toFixed(1)} MB`);

const server = spawn("node", ["scripts/serve.mjs", "dist", String(port)], { stdio: "ignore" });
await new Promise((resolve) => setTimeout(resolve, 500));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--enable-precise-memory-info"],
});
try {
  const context = await browser.newContext({ viewport: { width: 412, height: 915 }, timezoneId: "Europe/London" });
  const page = await context.newPage();
  await page.addInitScript(() => addEventListener("TrunkApplicationStarted", (e) => (window.__tendWasm = e.detail.wasm)));
  const base = `http://127.0.0.1:${port}`;
  await page.goto(`${base}/settings`);
  await page.getByLabel("Import a backup file").setInputFiles(backup, { timeout: 60_000 });
  await page.getByRole("status").filter({ hasText: "Backup imported." }).waitFor({ timeout: 120_000 });

  const results = [];
  for (let run = 0; run < runs; run++) {
    await page.goto(`${base}/`);
    await page.locator(".summary").waitFor({ timeout: 60_000 });
    const marks = await page.evaluate(() => {
      const at = (name) => performance.getEntriesByName(name).map((e) => e.startTime);
      const loaded = at("tend-data-loaded")[0];
      return { loaded, rendered: at("tend-today-rendered").find((t) => t >= loaded) };
    });
    // Tap once the screens module (reminders, catch-up, the suggested article) has loaded its own copy too, so
    // the tap is measured with everything that runs beside Today.
    await page.waitForFunction(() => performance.getEntriesByName("tend-data-loaded").length >= 2, null, { timeout: 60_000 });
    const tap = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const button = [...document.querySelectorAll(".dose-group .dose button")].find((b) => b.textContent === "Taken");
          const summary = document.querySelector(".summary");
          const before = summary.textContent;
          let start;
          new MutationObserver((_, observer) => {
            if (summary.textContent !== before) {
              observer.disconnect();
              const changed = performance.now() - start;
              requestAnimationFrame(() => resolve({ changed, painted: performance.now() - start }));
            }
          }).observe(summary, { childList: true, subtree: true, characterData: true });
          start = performance.now();
          button.click();
        }),
    );
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    const { metrics } = await cdp.send("Performance.getMetrics");
    const heap = metrics.find((m) => m.name === "JSHeapUsedSize").value;
    const wasm = await page.evaluate(() => window.__tendWasm?.memory?.buffer?.byteLength ?? 0);
    results.push({ ...marks, ...tap, heap, wasm });
  }
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const ms = (v) => `${v.toFixed(1)} ms`;
  console.log(`runs: ${runs} (median)`);
  console.log(`navigation start to data loaded:      ${ms(median(results.map((r) => r.loaded)))}`);
  console.log(`data loaded to Today rendered:        ${ms(median(results.map((r) => r.rendered - r.loaded)))}   (budget 100 ms)`);
  console.log(`Taken tap to screen changed:          ${ms(median(results.map((r) => r.changed)))}   (budget 16 ms)`);
  console.log(`Taken tap to next frame:              ${ms(median(results.map((r) => r.painted)))}`);
  console.log(`JS heap used:                         ${(median(results.map((r) => r.heap)) / 1e6).toFixed(1)} MB`);
  console.log(`wasm linear memory:                   ${(median(results.map((r) => r.wasm)) / 1e6).toFixed(1)} MB`);
} finally {
  await browser.close();
  server.kill();
}
