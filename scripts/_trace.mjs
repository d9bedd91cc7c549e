import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
const server = spawn(process.execPath, ["scripts/serve.mjs", "dist", "4192"], { stdio: ["ignore", "pipe", "inherit"] });
await new Promise((r) => server.stdout.once("data", r));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless=new","--no-sandbox"] });
const page = await browser.newPage();
await browser.startTracing(page, { categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8", "v8.wasm", "blink.user_timing", "loading"] });
await page.goto("http://127.0.0.1:4192/");
await page.waitForTimeout(5000);
const buf = await browser.stopTracing();
const { traceEvents } = JSON.parse(buf.toString());
const main = traceEvents.find(e => e.name === "thread_name" && e.args.name === "CrRendererMain");
const evs = traceEvents.filter(e => e.pid === main.pid && e.tid === main.tid && e.ph === "X");
const nav = traceEvents.find(e => e.name === "navigationStart" || e.name === "NavigationTiming");
const t0 = Math.min(...evs.map(e => e.ts));
for (const task of evs.filter(e => e.name === "RunTask" && e.dur > 15000)) {
  const kids = evs.filter(e => e !== task && e.ts >= task.ts && e.ts + (e.dur||0) <= task.ts + task.dur);
  const agg = new Map(); for (const k of kids) agg.set(k.name, (agg.get(k.name)||0) + k.dur/1000);
  console.log(`task @${Math.round((task.ts - t0)/1000)} ms: ${Math.round(task.dur/1000)} ms  ` + [...agg].sort((a,b)=>b[1]-a[1]).slice(0,9).map(([n,d])=>`${n} ${d.toFixed(1)}`).join(", "));
}
await browser.close(); server.kill();
