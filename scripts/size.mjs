// Measures the first-load transfer (the stylesheet, the first-load wasm module, its JS and every module that JS
// imports statically), brotli-compressed at the highest quality as a server would precompress them, and fails
// above the budget. The chunks are listed apart: they are fetched when first needed or when the browser is idle.
// Also writes the .br files beside the originals, so scripts/serve.mjs serves what was measured.
// Usage: node scripts/size.mjs [dist] [budget-bytes]
import { brotliCompressSync, constants } from "node:zlib";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, extname, join, normalize, relative } from "node:path";

const dir = process.argv[2] || "dist";
const budget = Number(process.argv[3] || 200 * 1000);

function files(at) {
  return readdirSync(at).flatMap((name) => {
    const path = join(at, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The JS files `entry` imports statically, itself included, following imports of imports. */
function staticImports(entry, seen = new Set()) {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const js = readFileSync(entry, "utf8");
  for (const [, spec] of js.matchAll(/(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    staticImports(normalize(join(dirname(entry), spec)), seen);
  }
  return seen;
}

const app = readdirSync(dir).find((name) => /^app-[0-9a-f]{16}$/.test(name));
if (!app) throw new Error(`${dir}: no app-<hash> directory; run scripts/build.sh first`);
const entry = join(dir, app, "tend.js");
const firstLoad = new Set([...staticImports(entry), join(dir, app, "tend_bg.wasm")]);
for (const name of readdirSync(dir)) if (extname(name) === ".css") firstLoad.add(join(dir, name));

let total = 0;
const rows = [];
const lazy = [];
for (const path of files(dir).sort()) {
  if (![".wasm", ".js", ".css"].includes(extname(path))) continue;
  const raw = readFileSync(path);
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
  const name = relative(dir, path);
  // The service worker is served as is: browsers compare its bytes to find updates, so no stale copy.
  if (name !== "sw.js") writeFileSync(path + ".br", br);
  const row = `${name.padEnd(48)} ${String(raw.length).padStart(9)} B raw ${String(br.length).padStart(9)} B brotli`;
  if (firstLoad.has(path)) {
    total += br.length;
    rows.push(row);
  } else {
    lazy.push(`${row} (later)`);
  }
}
console.log([...rows, ...lazy].join("\n"));
console.log(`first-load total: ${total} B brotli (${(total / 1000).toFixed(1)} KB), budget ${budget / 1000} KB`);
if (total > budget) {
  console.error(`size: over budget by ${total - budget} B`);
  process.exit(1);
}
