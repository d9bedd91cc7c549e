// A small static server for the built app: app routes fall back to index.html, .wasm is served as
// application/wasm, and precompressed .br/.gz files are used when the browser accepts them.
// Binds to loopback only. Usage: node scripts/serve.mjs [dir] [port]
import { createServer } from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";

const root = process.argv[2] || "dist";
const port = Number(process.argv[3] || process.env.PORT || 8080);
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".ics": "text/calendar; charset=utf-8",
};

function resolve(urlPath) {
  const clean = normalize(decodeURIComponent(urlPath.split("?")[0])).replace(/^(\.\.[/\\])+/, "");
  const file = join(root, clean);
  if (file.startsWith(normalize(root)) && existsSync(file) && statSync(file).isFile()) return file;
  // Paths with an extension are real files that are missing; anything else is an app route.
  return extname(clean) ? null : join(root, "index.html");
}

createServer((req, res) => {
  let file;
  try {
    file = resolve(req.url || "/");
  } catch {
    file = null;
  }
  if (!file) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end("Not found");
    return;
  }
  const headers = {
    "content-type": types[extname(file)] || "application/octet-stream",
    // Only content-hashed names are immutable (the app's folder, the style sheet); the rest (index.html, sw.js,
    // manifest, content) revalidate.
    "cache-control": /[/\\]app-[0-9a-f]{16}[/\\]|style-[0-9a-f]{16}\.css$/.test(file) ? "public, max-age=31536000, immutable" : "no-cache",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  };
  const accepts = String(req.headers["accept-encoding"] || "");
  let body;
  for (const [encoding, suffix] of [["br", ".br"], ["gzip", ".gz"]]) {
    if (accepts.includes(encoding) && existsSync(file + suffix)) {
      headers["content-encoding"] = encoding;
      headers["vary"] = "accept-encoding";
      body = readFileSync(file + suffix);
      break;
    }
  }
  body ??= readFileSync(file);
  res.writeHead(200, headers);
  res.end(req.method === "HEAD" ? undefined : body);
}).listen(port, "127.0.0.1", () => console.log(`Tend is running at http://127.0.0.1:${port}/`));
