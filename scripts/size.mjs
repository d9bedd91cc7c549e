// Measures the first-load transfer: every wasm, js and css file of the release build, brotli-compressed at the
// highest quality (as a server would precompress them), and fails above the budget in ../shared/BRIEF.md.
// Also writes the .br files beside the originals, so scripts/serve.mjs serves what was measured.
// Usage: node scripts/size.mjs [dist] [budget-bytes]
import { brotliCompressSync, constants } from "node:zlib";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";

const dir = process.argv[2] || "dist";
const budget = Number(process.argv[3] || 200 * 1000);
let total = 0;
const rows = [];
// The screens module (screens-*.js / .wasm) is imported only when a screen other than Today is opened: it is
// precompressed too, but not part of the first load.
const lazy = [];
for (const name of readdirSync(dir).sort()) {
  if (![".wasm", ".js", ".css"].includes(extname(name))) continue;
  // The screens module (and the service worker, registered by it) load after Today is interactive.
  if (name.startsWith("screens-") || name === "sw.js") {
    const raw = readFileSync(join(dir, name));
    const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
    // The service worker is served as is: browsers compare its bytes to find updates, so no stale copy.
    if (name !== "sw.js") writeFileSync(join(dir, name + ".br"), br);
    lazy.push(`${name.padEnd(40)} ${String(raw.length).padStart(9)} B raw ${String(br.length).padStart(9)} B brotli (lazy)`);
    continue;
  }
  const raw = readFileSync(join(dir, name));
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
  writeFileSync(join(dir, name + ".br"), br);
  total += br.length;
  rows.push(`${name.padEnd(40)} ${String(raw.length).padStart(9)} B raw ${String(br.length).padStart(9)} B brotli`);
}
// The snippets the first-load module imports (wasm-bindgen's inline JS) are part of the first load too.
for (const name of readdirSync(dir).filter((n) => /^tend-.*\.js$/.test(n))) {
  const js = readFileSync(join(dir, name), "utf8");
  for (const [, snippet] of js.matchAll(/from '\.\/(snippets\/[^']+)'/g)) {
    const raw = readFileSync(join(dir, snippet));
    const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    total += br.length;
    rows.push(`${snippet.padEnd(40)} ${String(raw.length).padStart(9)} B raw ${String(br.length).padStart(9)} B brotli`);
  }
}
console.log([...rows, ...lazy].join("\n"));
console.log(`first-load total: ${total} B brotli (${(total / 1000).toFixed(1)} KB), budget ${budget / 1000} KB`);
if (total > budget) {
  console.error(`size: over budget by ${total - budget} B`);
  process.exit(1);
}
