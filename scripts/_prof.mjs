import { chromium } from "@playwright/test";
import { spawn } from "node:child_process";
const server = spawn(process.execPath, ["scripts/serve.mjs", "dist", "4191"], { stdio: ["ignore", "pipe", "inherit"] });
await new Promise((r) => server.stdout.once("data", r));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless=new","--no-sandbox"] });
const page = await browser.newPage();
const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable"); await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
await cdp.send("Profiler.start");
await page.goto("http://127.0.0.1:4191/");
await page.waitForTimeout(+process.argv[2] || 1500);
const { profile } = await cdp.send("Profiler.stop");
const byId = new Map(profile.nodes.map(n => [n.id, n]));
const parent = new Map(); for (const n of profile.nodes) for (const c of n.children||[]) parent.set(c, n.id);
let t = profile.startTime; const samples = profile.samples.map((s, i) => { t += profile.timeDeltas[i]; return [t/1000, s]; });
const name = (id) => { const n = byId.get(id); return n.callFrame.functionName + " " + n.callFrame.url.split("/").pop(); };
// busy runs
let runs = [], cur = null;
for (const [ms, id] of samples) { const idle = name(id).startsWith("(idle)"); if (!idle) { if (!cur || ms - cur.end > 2) { cur = { start: ms, end: ms, ids: [] }; runs.push(cur); } cur.end = ms; cur.ids.push(id); } }
const t0 = profile.startTime / 1000;
for (const r of runs.filter(r => r.end - r.start > 30)) {
  console.log(`busy ${Math.round(r.start - t0)}..${Math.round(r.end - t0)} ms (${Math.round(r.end - r.start)} ms)`);
  const self = new Map(), incl = new Map();
  for (const id of r.ids) { self.set(name(id), (self.get(name(id))||0)+0.1); const seen = new Set(); for (let p = id; p; p = parent.get(p)) { const k = name(p); if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k)||0)+0.1); } } }
  console.log("  self: " + [...self].sort((a,b)=>b[1]-a[1]).slice(0,8).map(([k,v])=>`${v.toFixed(1)} ${k}`).join(" | "));
  console.log("  incl: " + [...incl].sort((a,b)=>b[1]-a[1]).slice(0,14).map(([k,v])=>`${v.toFixed(1)} ${k}`).join(" | "));
}
await browser.close(); server.kill();
