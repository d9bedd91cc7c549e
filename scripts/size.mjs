// Measures the first-load transfer: the style sheet, the first-load wasm module and every JS module it imports
// statically, brotli-compressed at the highest quality (as a server would precompress them), and fails above
// the budget in ../shared/BRIEF.md. The lazily loaded chunks (and the chunk loader) are listed apart.
// Also writes the .br files beside the originals, so the server (crates/server) serves what was measured.
// Usage: node scripts/size.mjs [dist] [budget-bytes]
import { brotliCompressSync, constants } from "node:zlib";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, extname, join, normalize, relative } from "node:path";

const dir = process.argv[2] || "dist";
const budget = Number(process.argv[3] || 165 * 1000);

function files(at) {
  return readdirSync(at).flatMap((name) => {
    const path = join(at, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

// The first load: what index.html names, then every module imported statically (not `import(...)`).
const html = readFileSync(join(dir, "index.html"), "utf8");
const named = [...html.matchAll(/(?:href|from|module_or_path:)\s*=?\s*"(\/[^"]+\.(?:css|js|wasm))"/g)].map((m) => join(dir, m[1]));
const first = new Set();
const staticImport = /(?:^|[;\s}])(?:import|export)(?=[\s{*"'])[^;"'()]*?["']([^"']+)["']/g;
for (const queue = [...named]; queue.length; ) {
  const file = normalize(queue.pop());
  if (first.has(file)) continue;
  statSync(file); // throws for a file that index.html or a module names but the build did not make
  first.add(file);
  if (extname(file) !== ".js") continue;
  for (const [, spec] of readFileSync(file, "utf8").matchAll(staticImport)) {
    if (spec.startsWith(".")) queue.push(join(dirname(file), spec));
  }
}

let total = 0;
const rows = [];
const lazy = [];
for (const file of files(dir).sort()) {
  if (![".wasm", ".js", ".css"].includes(extname(file))) continue;
  const name = relative(dir, file);
  const raw = readFileSync(file);
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
  // The service worker is served as is: browsers compare its bytes to find updates, so no stale copy.
  if (name === "sw.js") continue;
  writeFileSync(file + ".br", br);
  const row = `${name.padEnd(52)} ${String(raw.length).padStart(9)} B raw ${String(br.length).padStart(9)} B brotli`;
  if (first.has(normalize(file))) {
    total += br.length;
    rows.push(row);
  } else {
    lazy.push(`${row} (lazy)`);
  }
}
console.log([...rows, `${lazy.length} lazily loaded files:`, ...lazy].join("\n"));
console.log(`first-load total: ${total} B brotli (${(total / 1000).toFixed(1)} KB), budget ${budget / 1000} KB`);
if (total > budget) {
  console.error(`size: over budget by ${total - budget} B`);
  process.exit(1);
}
