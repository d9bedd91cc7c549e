// Lighthouse (mobile preset, simulated throttling) on the release build, served as in production by
// tend-server (crates/server), three times: prints every run and the median of each score and metric, and fails when a
// median is below its budget: performance 98 (issue 10; ../shared/BRIEF.md asks 95), accessibility 100, best
// practices 100, LCP at most 1.5 s and no layout shift. The median, not one run, is judged, so a busy machine (scores move by several points from run to run on shared
// cores) does not fail a good build. Installability is checked by the end-to-end tests (Lighthouse 12 has no PWA
// category; they ask Chromium itself through the DevTools protocol).
// Usage: node scripts/lighthouse.mjs [dist] [port] [runs]
import { startServer } from "./server.mjs";
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const dir = process.argv[2] || "dist";
const port = Number(process.argv[3] || 4175);
const runs = Number(process.argv[4] || 3);
const budgets = { performance: 98, accessibility: 100, "best-practices": 100 };
/** Largest a metric's median may be. */
const metricBudgets = { "largest-contentful-paint": [1500, "LCP"], "cumulative-layout-shift": [0.0005, "CLS"] }; // CLS: 0.000 to three decimals
const metrics = {
  "first-contentful-paint": (v) => `${(v / 1000).toFixed(1)} s`,
  "largest-contentful-paint": (v) => `${(v / 1000).toFixed(1)} s`,
  "total-blocking-time": (v) => `${Math.round(v)} ms`,
  "cumulative-layout-shift": (v) => v.toFixed(3),
  "speed-index": (v) => `${(v / 1000).toFixed(1)} s`,
};
const flags = [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** The share of the machine's CPU time (0-1) spent outside idle, stolen by a host included, over `ms`. */
async function busyShare(ms) {
  const sample = () => readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1, 9).map(Number); // guest time is already in user
  const before = sample();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const delta = sample().map((v, i) => v - before[i]);
  const total = delta.reduce((a, b) => a + b, 0);
  return total ? 1 - (delta[3] + delta[4]) / total : 0; // fields 3 and 4: idle and iowait
}

/** Waits (up to two minutes) until other work has left the CPU, because simulated throttling multiplies every
 * millisecond another process takes from the page by four. Says so when it waited or gave up, so a low score
 * on a busy machine reads as what it is. */
async function waitForIdleCpu() {
  if (!existsSync("/proc/stat")) return;
  const deadline = Date.now() + 120_000;
  let busy = await busyShare(1000);
  while (busy >= 0.15 && Date.now() < deadline) {
    console.log(`lighthouse: waiting for the machine to be idle (${Math.round(busy * 100)}% busy)`);
    busy = await busyShare(5000);
  }
  if (busy >= 0.15) console.log(`lighthouse: the machine is still ${Math.round(busy * 100)}% busy; measuring anyway`);
}

/** One Lighthouse run in a fresh browser; its scores (0-100), metric values and the report. */
async function run(n) {
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH || "/usr/bin/chromium", chromeFlags: flags });
  try {
    const result = await lighthouse(`http://127.0.0.1:${port}/`, {
      port: chrome.port,
      output: ["html", "json"],
      logLevel: "error",
      onlyCategories: Object.keys(budgets),
    });
    writeFileSync(`target/lighthouse-${n}.html`, result.report[0]);
    writeFileSync(`target/lighthouse-${n}.json`, result.report[1]);
    const { categories, audits } = result.lhr;
    return {
      n,
      scores: Object.fromEntries(Object.keys(budgets).map((id) => [id, Math.round(categories[id].score * 100)])),
      values: Object.fromEntries(Object.keys(metrics).map((id) => [id, audits[id].numericValue])),
      lhr: result.lhr,
    };
  } finally {
    await chrome.kill();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const line = (label, scores, values, benchmark) =>
  `lighthouse: ${label.padEnd(7)} ${Object.entries(scores).map(([id, s]) => `${id} ${s}`).join(", ")}; ` +
  Object.entries(values).map(([id, v]) => `${id} ${metrics[id](v)}`).join(", ") +
  (benchmark ? `; benchmark index ${Math.round(benchmark)}` : "");

mkdirSync("target", { recursive: true });
const server = await startServer(dir, port);
const results = [];
try {
  for (let n = 1; n <= runs; n++) {
    await waitForIdleCpu();
    results.push(await run(n));
    const last = results.at(-1);
    console.log(line(`run ${n}`, last.scores, last.values, last.lhr.environment.benchmarkIndex));
  }
} finally {
  server.kill();
}

const scores = Object.fromEntries(Object.keys(budgets).map((id) => [id, median(results.map((r) => r.scores[id]))]));
const values = Object.fromEntries(Object.keys(metrics).map((id) => [id, median(results.map((r) => r.values[id]))]));
console.log(line("median", scores, values));
let failed = false;
for (const [id, min] of Object.entries(budgets)) {
  const title = results[0].lhr.categories[id].title;
  console.log(`lighthouse: ${title.padEnd(16)} ${String(scores[id]).padStart(3)} median of ${runs} (at least ${min})`);
  if (scores[id] >= min) continue;
  failed = true;
  // What cost points, in the run whose score is the median.
  const { lhr } = results.find((r) => r.scores[id] === scores[id]);
  for (const ref of lhr.categories[id].auditRefs.filter((r) => r.weight > 0)) {
    const audit = lhr.audits[ref.id];
    if (audit.score !== null && audit.score < 1) console.log(`  ${audit.id}: ${audit.title} (${audit.displayValue || audit.score})`);
  }
}
for (const [id, [max, name]] of Object.entries(metricBudgets)) {
  console.log(`lighthouse: ${name.padEnd(16)} ${metrics[id](values[id])} median of ${runs} (at most ${metrics[id](max)})`);
  if (values[id] > max) failed = true;
}
console.log(`lighthouse: full reports in target/lighthouse-1.html … target/lighthouse-${runs}.html`);
if (failed) process.exit(1);
