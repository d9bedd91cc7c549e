// Last step of scripts/build.sh: fills the service worker's precache list with every file the app needs offline
// (the app's folder with every lazily loaded chunk, the style sheet, index.html, manifest and icons) and sets its
// version to a hash of their contents, so any change to the app makes a new worker (and the "Update available" flow).
// Education content is cached when read, not here: it is not part of the shell.
// Usage: node scripts/precache.mjs <dist-or-staging-dir>
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const dir = process.argv[2] || "dist";
const skip = (path) =>
  /\.(br|gz)$/.test(path) || path === "sw.js" || path.startsWith("content/") || path.startsWith("screenshots/");

function files(root, at = root) {
  return readdirSync(at).flatMap((name) => {
    const path = join(at, name);
    return statSync(path).isDirectory() ? files(root, path) : [relative(root, path).split("\\").join("/")];
  });
}

const list = files(dir).filter((f) => !skip(f)).sort();
const version = createHash("sha256");
for (const file of list) version.update(file).update(readFileSync(join(dir, file)));
const urls = list.map((f) => `/${f}`);
const swPath = join(dir, "sw.js");
const sw = readFileSync(swPath, "utf8");
if (!sw.includes("__PRECACHE__")) throw new Error(`${swPath}: no __PRECACHE__ placeholder to fill`);
const digest = version.digest("hex").slice(0, 16);
writeFileSync(swPath, sw.replace("__PRECACHE__", JSON.stringify(urls)).replace("__VERSION__", digest));
console.log(`precache: ${urls.length} files, version ${digest}`);
