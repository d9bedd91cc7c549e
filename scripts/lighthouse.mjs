// Lighthouse (mobile preset, simulated throttling) on the release build, served as in production by
// scripts/serve.mjs: prints the scores and fails below the budgets in ../shared/BRIEF.md (performance 95,
// accessibility 100, best practices 100). Installability is checked by the end-to-end tests (Lighthouse 12 has
// no PWA category; they ask Chromium itself through the DevTools protocol).
// Usage: node scripts/lighthouse.mjs [dist] [port]
import { spawn } from "node:child_process";
import { writeFileSync, mkdirSync } from "node:fs";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const dir = process.argv[2] || "dist";
const port = Number(process.argv[3] || 4175);
const budgets = { performance: 95, accessibility: 100, "best-practices": 100 };
const flags = [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-dev-shm-usage",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

const server = spawn(process.execPath, ["scripts/serve.mjs", dir, String(port)], { stdio: ["ignore", "pipe", "inherit"] });
await new Promise((resolve) => server.stdout.once("data", resolve));
const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH || "/usr/bin/chromium", chromeFlags: flags });
let failed = false;
try {
  const result = await lighthouse(`http://127.0.0.1:${port}/`, {
    port: chrome.port,
    output: ["html", "json"],
    logLevel: "error",
    onlyCategories: Object.keys(budgets),
  });
  mkdirSync("target", { recursive: true });
  writeFileSync("target/lighthouse.html", result.report[0]);
  writeFileSync("target/lighthouse.json", result.report[1]);
  for (const [id, min] of Object.entries(budgets)) {
    const category = result.lhr.categories[id];
    const score = Math.round(category.score * 100);
    console.log(`lighthouse: ${category.title.padEnd(16)} ${String(score).padStart(3)} (at least ${min})`);
    if (score < min) {
      failed = true;
      for (const ref of category.auditRefs.filter((r) => r.weight > 0)) {
        const audit = result.lhr.audits[ref.id];
        if (audit.score !== null && audit.score < 1) console.log(`  ${audit.id}: ${audit.title} (${audit.displayValue || audit.score})`);
      }
    }
  }
  const metrics = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"];
  console.log(`lighthouse: ${metrics.map((m) => `${m} ${result.lhr.audits[m].displayValue}`).join(", ")}`);
  console.log("lighthouse: full report in target/lighthouse.html");
} finally {
  await chrome.kill();
  server.kill();
}
if (failed) process.exit(1);
