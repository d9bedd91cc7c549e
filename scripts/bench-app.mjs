// Browser benchmark for the app's budgets (issue 10), on the release build in headless Debian Chromium, with five
// years of history for 12 medicines imported through Settings into a persistent profile. Each run loads Today
// twice:
//   - cold: no service worker, nothing in the HTTP cache or Cache Storage (the records stay in IndexedDB), so
//     every file comes from the server and is compiled afresh;
//   - from the service worker's cache: the next load, with the worker controlling the page.
// For each load it reports
//   - navigation start to an interactive Today: the first moment a dose's Taken button is in the document
//     (watched from before the app runs; its handlers are attached as it is drawn), budget 400 ms,
//   - navigation start to the records loaded (the app's "tend-data-loaded" mark, where it sets one),
//   - a tap on Taken to the screen changing and to the next frame, once everything that runs beside Today has
//     started (its reminders offer shows), budget 8 ms; the tap is undone so every run taps the same kind of dose,
//   - memory: JS heap and wasm linear memory.
// Usage: bash scripts/build.sh && node scripts/bench-app.mjs [runs]   (see BENCHMARKS.md)
import { chromium } from "@playwright/test";
import { fiveYears } from "./history.mjs";
import { startServer } from "./server.mjs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const runs = Number(process.argv[2] || 5);
const port = 4180;
const base = `http://127.0.0.1:${port}`;
const dir = mkdtempSync(join(tmpdir(), "tend-bench-"));
const { path: backup, text: generated } = fiveYears(dir);
console.log(`backup: ${(generated.length / 1e6).toFixed(1)} MB`);

const server = await startServer("dist", port);
const context = await chromium.launchPersistentContext(join(dir, "profile"), {
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--enable-precise-memory-info"],
  viewport: { width: 412, height: 915 },
  timezoneId: "Europe/London",
  serviceWorkers: "allow",
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.addInitScript(() => {
    addEventListener("tend:started", (e) => (window.__tendWasm = e.detail.wasm));
    // The first moment a Taken button is in the document.
    const hasTaken = () => [...document.getElementsByTagName("button")].some((b) => b.textContent.trim() === "Taken");
    new MutationObserver((_, observer) => {
      if (hasTaken()) {
        window.__tendInteractive = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");

  await page.goto(`${base}/settings`);
  await page.getByLabel("Import a backup file").setInputFiles(backup, { timeout: 60_000 });
  await page.getByRole("status").filter({ hasText: "Backup imported." }).waitFor({ timeout: 120_000 });

  const today = page.getByRole("region", { name: "Today", exact: true });
  /** Loads Today and measures it; `cold` empties the worker, its caches and the HTTP cache first. */
  async function load(cold) {
    if (cold) {
      await cdp.send("Storage.clearDataForOrigin", { origin: base, storageTypes: "service_workers,cache_storage" });
      await cdp.send("Network.clearBrowserCache");
    }
    await page.goto(`${base}/`);
    await page.waitForFunction(() => window.__tendInteractive !== undefined, null, { timeout: 60_000 });
    const controlled = await page.evaluate(() => !!navigator.serviceWorker.controller);
    if (controlled === cold) throw new Error(cold ? "a cold load was served by the service worker" : "the worker did not control the load");
    const { interactive, loaded } = await page.evaluate(() => ({
      interactive: window.__tendInteractive,
      loaded: performance.getEntriesByName("tend-data-loaded")[0]?.startTime,
    }));
    // Tap once what runs beside Today (reminders, catch-up, the suggested article) has started too.
    await page.getByRole("region", { name: "Reminders", exact: true }).waitFor({ timeout: 60_000 });
    const button = await today.getByRole("button", { name: "Taken", exact: true }).first().elementHandle();
    const summary = await today.getByText(/doses still to take/).elementHandle();
    const tap = await page.evaluate(
      ([button, summary]) =>
        new Promise((resolve) => {
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
      [button, summary],
    );
    const { metrics } = await cdp.send("Performance.getMetrics");
    const heap = metrics.find((m) => m.name === "JSHeapUsedSize").value;
    const wasm = await page.evaluate(() => window.__tendWasm?.memory?.buffer?.byteLength ?? 0);
    // Undone, so the next run taps a dose still to take, with the same history.
    const undoneFrom = await summary.textContent();
    await today.getByRole("button", { name: "Undo" }).click();
    await page.waitForFunction(([summary, text]) => summary.textContent !== text, [summary, undoneFrom]);
    // The worker has the app in its cache once it is ready (it caches everything on install).
    await page.evaluate(() => navigator.serviceWorker.ready);
    return { interactive, loaded, ...tap, heap, wasm };
  }

  const results = { cold: [], cached: [] };
  for (let run = 0; run < runs; run++) {
    results.cold.push(await load(true));
    results.cached.push(await load(false));
  }

  const median = (values) => {
    const known = values.filter((v) => v !== undefined).sort((a, b) => a - b);
    return known.length ? known[Math.floor(known.length / 2)] : undefined;
  };
  const ms = (v) => (v === undefined ? "not marked" : `${v.toFixed(1)} ms`);
  const mb = (v) => (v ? `${(v / 1e6).toFixed(1)} MB` : "not reported");
  const rows = [
    ["navigation start to interactive Today", (r) => r.interactive, ms, "(budget 400 ms)"],
    ["navigation start to records loaded", (r) => r.loaded, ms, ""],
    ["Taken tap to screen changed", (r) => r.changed, ms, "(budget 8 ms)"],
    ["Taken tap to next frame", (r) => r.painted, ms, ""],
    ["JS heap used", (r) => r.heap, mb, ""],
    ["wasm linear memory", (r) => r.wasm, mb, ""],
  ];
  console.log(`runs: ${runs} of each load (median; every run in brackets)`);
  for (const [kind, label] of [["cold", "cold (nothing cached)"], ["cached", "from the service worker's cache"]]) {
    console.log(`\n${label}:`);
    for (const [name, get, format, budget] of rows) {
      const values = results[kind].map(get);
      const all = values.map((v) => format(v).replace(/ (ms|MB)$/, "")).join(", ");
      console.log(`  ${(name + ":").padEnd(40)} ${format(median(values)).padEnd(12)} ${budget.padEnd(16)} [${all}]`);
    }
  }
} finally {
  await context.close();
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
